"""The registers' commands (``jiancha registers …``): 干预司法记录, and what ``jiancha stats``
prints of every register. Each command parses, calls the project's ``Casework.registers``
and renders; the command line is the project's operator and sees every unit."""

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table as RichTable

from jiancha.cli.common import ActorOpt, actor, casework, console, minute, parse_date, parse_day
from jiancha.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime

    from jiancha.casebook.registers import Viewer
    from jiancha.casebook.registers.summary import RegisterSummary
    from jiancha.casebook.registers.supervisors import OpinionInput

registers_app = typer.Typer(
    help="登记簿：过问干预司法记录、人民监督员与公开听证、远程提审庭审、案件质量评查、"
    "未成年人检察、国家司法救助。",
    no_args_is_help=True,
)
interference_app = typer.Typer(
    help="过问或干预司法活动记录（防止干预司法“三个规定”）：登记、查询、季度报告。",
    no_args_is_help=True,
)
registers_app.add_typer(interference_app, name="interference")

UnitOpt = Annotated[str, typer.Option("--unit", help="登记单位代码，如 350602")]
CaseOpt = Annotated[str, typer.Option("--case", help="案件名称或案号")]
ScopeOpt = Annotated[str, typer.Option("--unit", help="单位代码前缀（默认全部）")]
BornOpt = Annotated[str, typer.Option("--born", help="出生日期 YYYY-MM-DD")]
OffenseOpt = Annotated[str, typer.Option("--offense-date", help="犯罪日期 YYYY-MM-DD")]
HearingArg = Annotated[int, typer.Argument(help="听证编号")]
SessionArg = Annotated[str, typer.Argument(help="场次编号，如 YC000001")]
ApplicationArg = Annotated[str, typer.Argument(help="申请编号，如 JZ000001")]


def _viewer(actor_name: str | None) -> "Viewer":
    from jiancha.casebook.registers import Viewer

    return Viewer(actor(actor_name))


def unit_label(code: str) -> str:
    from jiancha.casebook.registers.common import unit_name

    return unit_name(code)


def _print_table(title: str, headers: str, rows: "Iterable[Sequence[str]]") -> None:
    """A register's listing: its title, its columns' headers (separated by spaces) and its
    rows, printed as one table."""
    grid = RichTable(title=title)
    for header in headers.split():
        grid.add_column(header)
    for row in rows:
        grid.add_row(*row)
    console().rich.print(grid)


# -- 干预司法记录 ------------------------------------------------------------------------


@interference_app.command("record")
def interference_record(
    unit: UnitOpt,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="情形：leader（领导干部干预）、insider（内部人员过问）、contact（不当接触交往）",
        ),
    ],
    intervener: Annotated[str, typer.Option("--intervener", help="过问（干预）人姓名")],
    post: Annotated[str, typer.Option("--post", help="过问（干预）人单位、职务")],
    target: Annotated[str, typer.Option("--target", help="被过问的办案人员")],
    case: CaseOpt,
    on: Annotated[str, typer.Option("--date", help="过问（干预）日期 YYYY-MM-DD")],
    manner: Annotated[
        str,
        typer.Option(
            "--manner", help="方式：in_person（当面）、phone（电话）、note（书面）、other"
        ),
    ],
    asked: Annotated[str, typer.Option("--asked", help="过问（干预）的内容")],
    response: Annotated[str, typer.Option("--response", help="答复及处理情况")],
    actor_name: ActorOpt = None,
) -> None:
    """登记一次过问或干预司法活动（登记后不得修改、删除，记入存证账本）。"""
    from jiancha.casebook.registers.interference import InterferenceInput

    entry = InterferenceInput(
        unit, kind, intervener, post, target, case, parse_day(on, "--date"), manner, asked,
        response,
    )  # fmt: skip
    with casework() as work:
        record = work.registers.interference.record(_viewer(actor_name), entry)
    console().info(f"已登记干预司法记录 {record.ref}（{record.kind_label}），已记入存证账本")


@interference_app.command("list")
def interference_list(
    since: Annotated[str | None, typer.Option("--from", help="登记日期起 YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option("--to", help="登记日期止（不含）YYYY-MM-DD")] = None,
) -> None:
    """干预司法记录（新登记的在前）。"""
    with casework() as work:
        records = work.registers.interference.entries(
            _viewer(None), start=parse_date(since, "--from"), end=parse_date(until, "--to")
        )
    rows = (
        (r.ref, r.unit_name, minute(r.recorded_at), r.recorder, r.kind_label,
         f"{r.intervener}（{r.intervener_post}）", r.target, r.case_ref, str(r.occurred_on),
         r.manner_label, r.asked, r.response)
        for r in records
    )  # fmt: skip
    _print_table(
        f"干预司法记录（{len(records)} 件）",
        "编号 单位 登记时间 登记人 情形 过问人 被过问人 案件 日期 方式 内容 答复",
        rows,
    )


@interference_app.command("report")
def interference_report(
    quarter: Annotated[str, typer.Option("--quarter", help="季度，如 2026Q1")],
    unit: ScopeOpt = "",
) -> None:
    """季度报告：各单位登记的过问干预记录数，没有记录的单位为零报告。"""
    with casework() as work:
        report = work.registers.interference.quarter(quarter, (unit,) if unit else None)
    from jiancha.casebook.registers.interference import KIND_LABELS, KIND_SHORT

    rows = (
        (u.unit_name, *(str(u.by_kind[k]) for k in KIND_LABELS), str(u.total),
         "零报告" if u.zero else "")
        for u in report.units
    )  # fmt: skip
    _print_table(
        f"过问干预司法记录季度报告（{report.quarter}，共 {report.total} 件）",
        " ".join(("单位", *(KIND_SHORT[k] for k in KIND_LABELS), "合计", "报告")),
        rows,
    )


# -- jiancha stats ---------------------------------------------------------------------


def print_summaries(summaries: "list[RegisterSummary]") -> None:
    """Each register's figures as ``jiancha stats`` prints them."""
    out = console()
    for summary in summaries:
        out.rich.print(f"[bold]{summary.title}[/bold]", highlight=False)
        for paragraph in summary.paragraphs:
            out.rich.print(paragraph, highlight=False)
        for table in summary.tables:
            grid = RichTable(title=table.title)
            for header, fmt in table.columns:
                grid.add_column(header, justify="right" if fmt == "count" else "left")
            for row in table.rows:
                grid.add_row(*(str(cell) for cell in row))
            out.rich.print(grid)


def register_figures(start: date, end: date, unit: str) -> None:
    with casework() as work:
        summaries = work.registers.summaries(start, end, (unit,) if unit else None)
    print_summaries(summaries)


# -- 人民监督员与公开听证 ------------------------------------------------------------------

supervisors_app = typer.Typer(
    help="人民监督员与公开听证：名册、听证登记、随机抽选（可复现）、听证记录、年度统计。",
    no_args_is_help=True,
)
registers_app.add_typer(supervisors_app, name="supervisors")


@supervisors_app.command("add")
def supervisors_add(
    unit: Annotated[str, typer.Option("--unit", help="名册所属单位代码（市院名册供辖区各院抽选）")],
    name: Annotated[str, typer.Option("--name", help="姓名")],
    employer: Annotated[str, typer.Option("--employer", help="工作单位及职务")],
    term_from: Annotated[str, typer.Option("--from", help="任期起 YYYY-MM-DD")],
    term_to: Annotated[str, typer.Option("--to", help="任期止 YYYY-MM-DD")],
    phone: Annotated[str, typer.Option("--phone", help="联系电话")] = "",
    relation: Annotated[
        list[str] | None,
        typer.Option("--relation", help="申报的利害关系人或单位（可多次给出），抽选时回避"),
    ] = None,
    actor_name: ActorOpt = None,
) -> None:
    """把一名人民监督员加入名册。"""
    from jiancha.casebook.registers.supervisors import SupervisorInput

    entry = SupervisorInput(
        unit, name, employer, phone, parse_day(term_from, "--from"), parse_day(term_to, "--to"),
        tuple(relation or ()),
    )  # fmt: skip
    with casework() as work:
        person = work.registers.supervisors.add(_viewer(actor_name), entry)
    console().info(f"已将人民监督员 {person.name} 加入名册，编号 {person.id}")


@supervisors_app.command("list")
def supervisors_list() -> None:
    """人民监督员名册。"""
    with casework() as work:
        people = work.registers.supervisors.roster(_viewer(None))
    rows = (
        (str(p.id), p.name, unit_label(p.unit_code), p.employer,
         f"{p.term_start} 至 {p.term_end}", "、".join(p.relations),
         "在册" if p.active else "已停用")
        for p in people
    )  # fmt: skip
    _print_table(
        f"人民监督员名册（{len(people)} 名）",
        "编号 姓名 名册单位 工作单位及职务 任期 申报的利害关系 状态",
        rows,
    )


@supervisors_app.command("disable")
def supervisors_disable(
    supervisor_id: Annotated[int, typer.Argument(help="人民监督员编号")],
    enable: Annotated[bool, typer.Option("--enable", help="重新启用")] = False,
) -> None:
    """停用（或 --enable 重新启用）一名人民监督员：停用后不再被抽选。"""
    with casework() as work:
        person = work.registers.supervisors.set_active(_viewer(None), supervisor_id, enable)
    console().info(f"人民监督员 {person.name}：{'在册' if person.active else '已停用'}")


@supervisors_app.command("hearing")
def supervisors_hearing(
    unit: UnitOpt,
    case: CaseOpt,
    matter: Annotated[
        str,
        typer.Option(
            "--matter",
            help="听证事项：拟不起诉案件听证、羁押必要性审查听证、刑事申诉案件听证、"
            "民事行政检察监督案件听证、公益诉讼案件听证、其他案件听证",
        ),
    ],
    on: Annotated[str, typer.Option("--date", help="听证日期 YYYY-MM-DD")],
    place: Annotated[str, typer.Option("--place", help="地点")],
    party: Annotated[
        list[str] | None, typer.Option("--party", help="案件当事人或相关单位（可多次给出）")
    ] = None,
    seats: Annotated[int, typer.Option("--seats", help="抽选人民监督员人数")] = 3,
    actor_name: ActorOpt = None,
) -> None:
    """登记一次听证（之后用 draw 抽选人民监督员）。"""
    from jiancha.casebook.registers.supervisors import HearingInput

    entry = HearingInput(
        unit, case, matter, parse_day(on, "--date"), place, tuple(party or ()), seats
    )
    with casework() as work:
        found = work.registers.supervisors.add_hearing(_viewer(actor_name), entry)
    console().info(f"已登记听证 {found.id}：{found.matter_label}，{found.scheduled_on}")


@supervisors_app.command("hearings")
def supervisors_hearings(
    year: Annotated[int | None, typer.Option("--year", help="年度")] = None,
) -> None:
    """听证及抽选、意见情况。"""
    with casework() as work:
        found = work.registers.supervisors.hearings(_viewer(None), year=year)
    rows = (
        (str(h.id), h.unit_name, h.case_ref, h.matter_label, str(h.scheduled_on),
         "、".join(h.names.get(i, str(i)) for i in h.drawn), str(h.held_on or "未举行"),
         h.conclusion or "")
        for h in found
    )  # fmt: skip
    _print_table(
        f"听证（{len(found)} 次）", "编号 单位 案件 事项 日期 抽选的人民监督员 举行 结论", rows
    )


@supervisors_app.command("draw")
def supervisors_draw(
    hearing_id: HearingArg,
    seed: Annotated[
        str | None,
        typer.Option("--seed", help="抽选种子（默认随机生成；同一种子同一名册结果相同）"),
    ] = None,
    count: Annotated[int | None, typer.Option("--count", help="抽选人数（补抽时给出）")] = None,
    recuse: Annotated[
        list[str] | None, typer.Option("--recuse", help="申请回避：编号:理由（可多次给出）")
    ] = None,
    actor_name: ActorOpt = None,
) -> None:
    """随机抽选人民监督员（排除回避、任期外、停用者），抽选记入存证账本。"""
    from jiancha.casebook.registers.supervisors import parse_recusals

    recused = parse_recusals(recuse or [])
    with casework() as work:
        draw = work.registers.supervisors.draw(
            _viewer(actor_name), hearing_id, needed=count, seed=seed, recused=recused
        )
        names = work.registers.supervisors.hearing(_viewer(None), hearing_id).names
    out = console()
    chosen = "、".join(f"{names.get(i, i)}（{i}）" for i in draw.chosen)
    out.info(f"抽选结果：{chosen}；种子 {draw.seed}，可抽选 {len(draw.pool)} 名")
    for pid, why in draw.excluded.items():
        out.info(f"  排除 {pid}：{why}")


@supervisors_app.command("record")
def supervisors_record(
    hearing_id: HearingArg,
    on: Annotated[str, typer.Option("--date", help="举行日期 YYYY-MM-DD")],
    conclusion: Annotated[str, typer.Option("--conclusion", help="听证结论")],
    opinion: Annotated[
        list[str] | None,
        typer.Option(
            "--opinion", help="监督意见：编号:同意|不同意|其他意见:内容:采纳|未采纳（可多次）"
        ),
    ] = None,
    actor_name: ActorOpt = None,
) -> None:
    """记录听证举行情况和人民监督员的意见。"""
    opinions = [_opinion(v) for v in opinion or []]
    with casework() as work:
        held = work.registers.supervisors.record(
            _viewer(actor_name), hearing_id, parse_day(on, "--date"), conclusion, opinions
        )
    console().info(f"已记录听证 {held.id}：{held.held_on} 举行，意见 {len(held.opinions)} 条")


def _opinion(value: str) -> "OpinionInput":
    from jiancha.casebook.registers.supervisors import OpinionInput

    parts = value.split(":")
    if len(parts) != 4 or not parts[0].strip().isdigit() or parts[3] not in ("采纳", "未采纳"):
        raise UsageError(f"--opinion “{value}” 应为 编号:同意:意见内容:采纳（或未采纳）")
    return OpinionInput(int(parts[0]), parts[1], parts[2], parts[3] == "采纳")


@supervisors_app.command("stats")
def supervisors_stats(
    year: Annotated[int, typer.Option("--year", help="年度")],
    unit: ScopeOpt = "",
) -> None:
    """年度统计：听证次数、抽选人次、意见及采纳情况、各人民监督员参加次数。"""
    with casework() as work:
        summary = work.registers.summary(
            "supervisors", date(year, 1, 1), date(year + 1, 1, 1), (unit,) if unit else None
        )
    print_summaries([summary])


# -- 远程提审、远程庭审 --------------------------------------------------------------------

remote_app = typer.Typer(
    help="远程提审、远程庭审：预约（冲突拒绝）、登记举行情况、取消、查询。", no_args_is_help=True
)
registers_app.add_typer(remote_app, name="remote")


def parse_minute(text: str, option: str) -> "datetime":
    """``2026-03-10 09:00`` (or ISO ``2026-03-10T09:00``)."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError:
        raise UsageError(f"{option} “{text}” 应为 YYYY-MM-DD HH:MM 格式的时间") from None


@remote_app.command("book")
def remote_book(
    unit: UnitOpt,
    kind: Annotated[str, typer.Option("--kind", help="类别：远程提审、远程庭审")],
    case: CaseOpt,
    counterpart: Annotated[str, typer.Option("--counterpart", help="看守所或法院")],
    room: Annotated[str, typer.Option("--room", help="本院远程提审（庭审）室")],
    person: Annotated[str, typer.Option("--person", help="在押人员姓名")],
    start: Annotated[str, typer.Option("--start", help="开始时间 YYYY-MM-DD HH:MM")],
    end: Annotated[str, typer.Option("--end", help="结束时间 YYYY-MM-DD HH:MM")],
    participant: Annotated[list[str], typer.Option("--participant", help="参加人员（可多次给出）")],
    actor_name: ActorOpt = None,
) -> None:
    """预约一场远程提审或远程庭审：房间、在押人员或参加人员同一时段已有场次的，拒绝预约。"""
    from jiancha.casebook.registers.remote import BookingInput

    entry = BookingInput(
        unit, kind, case, counterpart, room, person, tuple(participant),
        parse_minute(start, "--start"), parse_minute(end, "--end"),
    )  # fmt: skip
    with casework() as work:
        booked = work.registers.remote.book_session(_viewer(actor_name), entry)
    console().info(
        f"已预约 {booked.ref}：{booked.kind_label}，{minute(booked.starts_at)}–"
        f"{booked.ends_at:%H:%M}，{booked.room}（已列入到期事项）"
    )


@remote_app.command("list")
def remote_list(
    since: Annotated[str | None, typer.Option("--from", help="开始日期起 YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option("--to", help="开始日期止（不含）YYYY-MM-DD")] = None,
) -> None:
    """远程提审、远程庭审场次。"""
    with casework() as work:
        found = work.registers.remote.sessions(
            _viewer(None), start=parse_date(since, "--from"), end=parse_date(until, "--to")
        )
    rows = (
        (s.ref, s.unit_name, s.kind_label, s.case_ref, s.counterpart, s.room, s.person,
         "、".join(s.participants), f"{minute(s.starts_at)}–{s.ends_at:%H:%M}",
         s.status_label, s.recording_ref or "", "、".join(s.signatures))
        for s in found
    )  # fmt: skip
    _print_table(
        f"远程提审、远程庭审（{len(found)} 场）",
        "编号 单位 类别 案件 对方 房间 在押人员 参加人员 时段 状态 录像 签名",
        rows,
    )


@remote_app.command("record")
def remote_record(
    ref: SessionArg,
    start: Annotated[str, typer.Option("--start", help="实际开始时间 YYYY-MM-DD HH:MM")],
    end: Annotated[str, typer.Option("--end", help="实际结束时间 YYYY-MM-DD HH:MM")],
    recording: Annotated[str, typer.Option("--recording", help="录音录像编号（视频系统中）")],
    signed: Annotated[list[str], typer.Option("--signed", help="在笔录上签名的人员（可多次）")],
    note: Annotated[str, typer.Option("--note", help="说明")] = "",
    actor_name: ActorOpt = None,
) -> None:
    """登记远程提审（庭审）的举行情况。"""
    with casework() as work:
        held = work.registers.remote.record(
            _viewer(actor_name), ref, parse_minute(start, "--start"), parse_minute(end, "--end"),
            recording, signed, note,
        )  # fmt: skip
    console().info(f"已登记 {held.ref} 举行情况：{minute(held.held_from or held.starts_at)} 起")


@remote_app.command("cancel")
def remote_cancel(
    ref: SessionArg,
    reason: Annotated[str, typer.Option("--reason", help="取消原因")],
    actor_name: ActorOpt = None,
) -> None:
    """取消一场预约（腾出时段）。"""
    with casework() as work:
        cancelled = work.registers.remote.cancel(_viewer(actor_name), ref, reason)
    console().info(f"已取消 {cancelled.ref}")


# -- 案件质量评查 ------------------------------------------------------------------------

quality_app = typer.Typer(
    help="案件质量评查：抽取已办结线索（随机、重点）、评查表、检察官办案质量档案。",
    no_args_is_help=True,
)
registers_app.add_typer(quality_app, name="quality")
FromOpt = Annotated[str, typer.Option("--from", help="期间起 YYYY-MM-DD")]
ToOpt = Annotated[str, typer.Option("--to", help="期间止（不含）YYYY-MM-DD")]


@quality_app.command("sample")
def quality_sample(
    since: FromOpt,
    until: ToOpt,
    method: Annotated[str, typer.Option("--method", help="抽取方式：随机抽查、重点评查")],
    count: Annotated[int, typer.Option("--count", help="随机抽查的件数")] = 0,
    prosecutor: Annotated[
        str | None, typer.Option("--prosecutor", help="只抽取该承办检察官的线索")
    ] = None,
    clue: Annotated[
        list[str] | None, typer.Option("--clue", help="重点评查的线索编号（可多次）")
    ] = None,
    seed: Annotated[str | None, typer.Option("--seed", help="抽查种子（默认随机生成）")] = None,
    reason: Annotated[str, typer.Option("--reason", help="重点评查的理由")] = "",
    actor_name: ActorOpt = None,
) -> None:
    """从期间内办结的线索中抽取评查（记入存证账本），每件生成一张评查表。"""
    with casework() as work:
        sample = work.registers.quality.sample(
            _viewer(actor_name), parse_day(since, "--from"), parse_day(until, "--to"),
            method=method, count=count, prosecutor=prosecutor, clue_ids=clue or (), seed=seed,
            reason=reason,
        )  # fmt: skip
    seed_text = f"，种子 {sample.seed}" if sample.seed else ""
    console().info(
        f"{sample.method_label}：从 {len(sample.pool)} 件中抽取 {'、'.join(sample.chosen_ids)}"
        f"{seed_text}"
    )


@quality_app.command("reviews")
def quality_reviews(
    prosecutor: Annotated[str | None, typer.Option("--prosecutor", help="承办检察官")] = None,
    pending: Annotated[bool, typer.Option("--pending", help="只列待评查的")] = False,
) -> None:
    """评查表。"""
    with casework() as work:
        found = work.registers.quality.reviews(
            _viewer(None), prosecutor=prosecutor, status="pending" if pending else None
        )
    rows = (
        (str(r.id), f"{r.clue_id} {r.clue_title}", r.prosecutor, r.status_label,
         r.reviewer or "", "" if r.total is None else str(r.total), r.rating_label,
         r.findings or "")
        for r in found
    )  # fmt: skip
    _print_table(
        f"评查表（{len(found)} 张）", "编号 线索 承办检察官 状态 评查人 得分 等次 评查意见", rows
    )


@quality_app.command("review")
def quality_review(
    review_id: Annotated[int, typer.Argument(help="评查表编号")],
    score: Annotated[
        list[str],
        typer.Option(
            "--score",
            help="评查项目=得分（可多次）：事实认定(25)、证据审查(25)、法律适用(20)、"
            "办案程序(15)、文书制作(10)、办案效果(5)",
        ),
    ],
    findings: Annotated[str, typer.Option("--findings", help="评查发现的问题和意见")] = "",
    rating: Annotated[
        str | None, typer.Option("--rating", help="等次：优质、合格、瑕疵、不合格（默认按得分）")
    ] = None,
    actor_name: ActorOpt = None,
) -> None:
    """填写评查表（承办人本人不得评查）。"""
    scores: dict[str, int] = {}
    for item in score:
        name, _, value = item.partition("=")
        if not value.strip().lstrip("-").isdigit():
            raise UsageError(f"--score “{item}” 应为 评查项目=得分，如 事实认定=25")
        scores[name.strip()] = int(value)
    with casework() as work:
        done = work.registers.quality.fill(_viewer(actor_name), review_id, scores, findings, rating)
    console().info(f"评查表 {done.id}（线索 {done.clue_id}）：{done.total} 分，{done.rating_label}")


@quality_app.command("file")
def quality_file(
    prosecutor: Annotated[str, typer.Argument(help="承办检察官（用户名）")],
    since: FromOpt,
    until: ToOpt,
) -> None:
    """检察官办案质量档案：评查结果、线索办理情况、回复期限。"""
    from jiancha.casebook.registers.quality import RATING_LABELS
    from jiancha.casebook.status import status_label

    with casework() as work:
        found = work.registers.quality.file(
            _viewer(None), prosecutor, parse_day(since, "--from"), parse_day(until, "--to")
        )
    out = console()
    average = "—" if found.average is None else f"{found.average:.1f}"
    ratings = "，".join(f"{label}{found.ratings[k]}件" for k, label in RATING_LABELS.items())
    closed = "，".join(f"{status_label(k)}{n}件" for k, n in found.closed.items()) or "无"
    out.rich.print(f"[bold]{prosecutor} 办案质量档案（{found.start} 至 {found.end}）[/bold]")
    out.rich.print(f"评查 {len(found.reviews)} 件，平均 {average} 分（{ratings}）", highlight=False)
    out.rich.print(f"承办线索 {found.assigned} 件；本期办结：{closed}", highlight=False)
    out.rich.print(
        f"回复期限：按期 {found.deadlines_met}，逾期 {found.deadlines_missed}，"
        f"未届满 {found.deadlines_open}",
        highlight=False,
    )
    for r in found.reviews:
        out.rich.print(
            f"  {r.clue_id} {r.total} 分 {r.rating_label}：{r.findings or ''}", highlight=False
        )


# -- 未成年人检察 ------------------------------------------------------------------------

minors_app = typer.Typer(
    help="未成年人检察：附条件不起诉考验、封存犯罪记录、强制报告。", no_args_is_help=True
)
registers_app.add_typer(minors_app, name="minors")
RefArg = Annotated[str, typer.Argument(help="编号，如 FT000001、QB000001")]


@minors_app.command("probation")
def minors_probation(
    unit: UnitOpt,
    case: CaseOpt,
    person: Annotated[str, typer.Option("--person", help="被附条件不起诉的未成年人")],
    born: BornOpt,
    offense: OffenseOpt,
    charge: Annotated[str, typer.Option("--charge", help="涉嫌罪名")],
    decided: Annotated[str, typer.Option("--decided", help="附条件不起诉决定日期 YYYY-MM-DD")],
    months: Annotated[int, typer.Option("--months", help="考验期（6 至 12 个月）")],
    supervisor: Annotated[str, typer.Option("--supervisor", help="考察检察官")],
    condition: Annotated[
        list[str] | None, typer.Option("--condition", help="法定条件以外的附加条件（可多次）")
    ] = None,
    actor_name: ActorOpt = None,
) -> None:
    """登记附条件不起诉及其考验期（期满应作出决定，列入到期事项）。"""
    from jiancha.casebook.registers.minors import ProbationInput

    entry = ProbationInput(
        unit, case, person, parse_day(born, "--born"), parse_day(offense, "--offense-date"),
        charge, parse_day(decided, "--decided"), months, supervisor, tuple(condition or ()),
    )  # fmt: skip
    with casework() as work:
        found = work.registers.minors.add_probation(_viewer(actor_name), entry)
    console().info(f"已登记 {found.ref}：考验期 {found.months} 个月，至 {found.ends_on} 届满")


@minors_app.command("probations")
def minors_probations() -> None:
    """附条件不起诉考验情况。"""
    with casework() as work:
        found = work.registers.minors.probations(_viewer(None))
    rows = (
        (p.ref, p.unit_name, p.case_ref, p.person, p.charge, str(p.decided_on),
         f"{p.months}个月", str(p.ends_on), f"{len(p.checkins)}次", p.outcome_label)
        for p in found
    )  # fmt: skip
    _print_table(
        f"附条件不起诉（{len(found)} 件）",
        "编号 单位 案件 未成年人 罪名 决定日 考验期 届满日 考察 决定",
        rows,
    )


@minors_app.command("checkin")
def minors_checkin(
    ref: RefArg,
    on: Annotated[str, typer.Option("--date", help="考察日期 YYYY-MM-DD")],
    kind: Annotated[
        str, typer.Option("--kind", help="方式：报告活动情况、走访考察、矫治教育、其他")
    ],
    note: Annotated[str, typer.Option("--note", help="考察情况")],
    violation: Annotated[bool, typer.Option("--violation", help="有违反规定的情况")] = False,
    actor_name: ActorOpt = None,
) -> None:
    """登记一次考察情况。"""
    with casework() as work:
        found = work.registers.minors.checkin(
            _viewer(actor_name), ref, parse_day(on, "--date"), kind, not violation, note
        )
    console().info(f"{found.ref}：已登记第 {len(found.checkins)} 次考察")


@minors_app.command("decide")
def minors_decide(
    ref: RefArg,
    outcome: Annotated[
        str,
        typer.Option("--outcome", help="non_prosecution（期满不起诉）或 prosecuted（撤销并起诉）"),
    ],
    on: Annotated[str, typer.Option("--date", help="决定日期 YYYY-MM-DD")],
    reason: Annotated[str, typer.Option("--reason", help="理由")] = "",
    ground: Annotated[
        str | None,
        typer.Option(
            "--ground", help="撤销情形：new_crime、earlier_crime、public_order、supervision_rules"
        ),
    ] = None,
    actor_name: ActorOpt = None,
) -> None:
    """考验期满作出不起诉决定，或撤销附条件不起诉、提起公诉（刑事诉讼法第二百八十四条）。"""
    with casework() as work:
        found = work.registers.minors.decide(
            _viewer(actor_name), ref, outcome, parse_day(on, "--date"), reason, ground
        )
    console().info(f"{found.ref}：{found.outcome_label}（{found.outcome_on}）")


@minors_app.command("seal")
def minors_seal(
    unit: UnitOpt,
    person: Annotated[str, typer.Option("--person", help="姓名")],
    case: Annotated[str, typer.Option("--case", help="案件")],
    born: BornOpt,
    offense: OffenseOpt,
    sentence: Annotated[int, typer.Option("--sentence-months", help="判处刑期（月）")],
    on: Annotated[str | None, typer.Option("--date", help="封存日期（默认今天）")] = None,
    id_number: Annotated[str, typer.Option("--id-number", help="身份证号")] = "",
    actor_name: ActorOpt = None,
) -> None:
    """封存犯罪记录（犯罪时不满十八周岁、被判处五年有期徒刑以下刑罚）。"""
    from jiancha.casebook.registers.minors import SealedInput

    entry = SealedInput(
        unit, person, id_number, case, parse_day(born, "--born"),
        parse_day(offense, "--offense-date"), sentence, parse_day(on, "--date"),
    )  # fmt: skip
    with casework() as work:
        found = work.registers.minors.seal(_viewer(actor_name), entry)
    console().info(f"已封存 {found.person} 的犯罪记录（{found.case_ref}）")


@minors_app.command("sealed-check")
def minors_sealed_check() -> None:
    """核对线索：列出涉及封存犯罪记录的线索（工作台只向检察官、部门负责人显示这些线索）。"""
    with casework() as work:
        sealed = work.registers.minors
        found = [(c, sealed.sealed_in(c.subject, c.facts)) for c in work.clues()]
    hits = [(c, s) for c, s in found if s]
    rows = (
        (clue.id, unit_label(clue.unit_code or ""), clue.title,
         "、".join(f"{r.person}（{r.case_ref}）" for r in records))
        for clue, records in hits
    )  # fmt: skip
    _print_table(f"涉及封存犯罪记录的线索（{len(hits)} 条）", "线索 单位 标题 封存记录", rows)


@minors_app.command("report")
def minors_report(
    unit: UnitOpt,
    on: Annotated[str, typer.Option("--date", help="接收日期 YYYY-MM-DD")],
    reporter: Annotated[str, typer.Option("--reporter", help="报告单位")],
    kind: Annotated[
        str,
        typer.Option(
            "--reporter-kind",
            help="学校、医疗机构、居（村）民委员会、社会福利机构、旅馆、宾馆、其他单位",
        ),
    ],
    victim: Annotated[str, typer.Option("--victim", help="未成年被害人（姓名或化名）")],
    suspected: Annotated[str, typer.Option("--suspected", help="疑似侵害情况")],
    actor_name: ActorOpt = None,
) -> None:
    """登记一件强制报告。"""
    from jiancha.casebook.registers.minors import ReportInput

    entry = ReportInput(unit, parse_day(on, "--date"), reporter, kind, victim, suspected)
    with casework() as work:
        found = work.registers.minors.add_report(_viewer(actor_name), entry)
    console().info(f"已登记强制报告 {found.ref}")


@minors_app.command("report-step")
def minors_report_step(
    ref: RefArg,
    status: Annotated[
        str,
        typer.Option(
            "--status", help="已移送公安机关、公安机关已立案、公安机关不立案、立案监督中、已办结"
        ),
    ],
    on: Annotated[str, typer.Option("--date", help="日期 YYYY-MM-DD")],
    note: Annotated[str, typer.Option("--note", help="说明")] = "",
    actor_name: ActorOpt = None,
) -> None:
    """登记强制报告的办理进展。"""
    with casework() as work:
        found = work.registers.minors.report_step(
            _viewer(actor_name), ref, status, parse_day(on, "--date"), note
        )
    console().info(f"强制报告 {found.ref}：{found.status_label}")


@minors_app.command("reports")
def minors_reports() -> None:
    """强制报告及其办理进展。"""
    with casework() as work:
        found = work.registers.minors.reports(_viewer(None))
    rows = (
        (r.ref, str(r.received_on), f"{r.reporter}（{r.reporter_kind_label}）", r.victim,
         r.suspected, r.status_label)
        for r in found
    )  # fmt: skip
    _print_table(
        f"强制报告（{len(found)} 件）", "编号 接收日期 报告单位 被害人 疑似情况 进展", rows
    )


# -- 国家司法救助 ------------------------------------------------------------------------

aid_app = typer.Typer(
    help="国家司法救助：筛查（刑事裁判与执行案件）、申请登记、决定与发放。", no_args_is_help=True
)
registers_app.add_typer(aid_app, name="aid")


@aid_app.command("screen")
def aid_screen(
    unit: ScopeOpt = "",
) -> None:
    """筛查被害人死亡或重伤、民事赔偿未执行到位的刑事裁判。"""
    with casework() as work:
        found, notes = work.registers.aid.screen((unit,) if unit else None)
    rows = (
        (c.judgment_ref, c.case_id, unit_label(c.unit_code), c.defendant, c.charge,
         c.decided_at, c.harm_label, c.execution)
        for c in found
    )  # fmt: skip
    _print_table(
        f"司法救助线索（{len(found)} 件）",
        "裁判 案件 单位 被告人 罪名 裁判日期 受害情况 执行情况",
        rows,
    )
    out = console()
    for note in notes:
        out.warn(note)


@aid_app.command("apply")
def aid_apply(
    unit: UnitOpt,
    applicant: Annotated[str, typer.Option("--applicant", help="申请人")],
    victim: Annotated[str, typer.Option("--victim", help="被害人")],
    relation: Annotated[str, typer.Option("--relation", help="申请人与被害人关系")],
    harm: Annotated[str, typer.Option("--harm", help="受害情况：死亡、重伤、其他")],
    case: Annotated[str, typer.Option("--case", help="案件")],
    hardship: Annotated[str, typer.Option("--hardship", help="生活困难情况")],
    amount: Annotated[int, typer.Option("--amount", help="申请金额（元）")],
    handler: Annotated[str, typer.Option("--handler", help="承办人")],
    on: Annotated[str | None, typer.Option("--date", help="受理日期（默认今天）")] = None,
    source: Annotated[str, typer.Option("--source", help="筛查所据的裁判编号")] = "",
    actor_name: ActorOpt = None,
) -> None:
    """受理一件司法救助申请（受理后十个工作日内作出决定，列入到期事项）。"""
    from jiancha.casebook.registers.aid import ApplicationInput

    entry = ApplicationInput(
        unit, applicant, victim, relation, harm, case, hardship, amount,
        parse_day(on, "--date"), handler, source,
    )  # fmt: skip
    with casework() as work:
        found = work.registers.aid.add(_viewer(actor_name), entry)
    console().info(f"已受理 {found.ref}，应于 {found.decision_due} 前作出决定")


@aid_app.command("decide")
def aid_decide(
    ref: ApplicationArg,
    decision: Annotated[str, typer.Option("--decision", help="给予救助、不予救助")],
    reason: Annotated[str, typer.Option("--reason", help="决定理由")],
    amount: Annotated[int | None, typer.Option("--amount", help="救助金额（元）")] = None,
    on: Annotated[str | None, typer.Option("--date", help="决定日期（默认今天）")] = None,
    actor_name: ActorOpt = None,
) -> None:
    """对司法救助申请作出决定。"""
    with casework() as work:
        found = work.registers.aid.decide(
            _viewer(actor_name), ref, decision, parse_day(on, "--date"), reason, amount
        )
    console().info(f"{found.ref}：{found.status_label}")


@aid_app.command("pay")
def aid_pay(
    ref: ApplicationArg,
    amount: Annotated[int, typer.Option("--amount", help="发放金额（元）")],
    on: Annotated[str | None, typer.Option("--date", help="发放日期（默认今天）")] = None,
    actor_name: ActorOpt = None,
) -> None:
    """登记救助金发放。"""
    with casework() as work:
        found = work.registers.aid.pay(_viewer(actor_name), ref, parse_day(on, "--date"), amount)
    console().info(f"{found.ref}：已发放 {found.paid_yuan} 元")


@aid_app.command("list")
def aid_list() -> None:
    """司法救助申请。"""
    with casework() as work:
        found = work.registers.aid.applications(_viewer(None))
    rows = (
        (a.ref, a.unit_name, a.applicant, a.victim, a.harm_label, str(a.requested_yuan),
         str(a.received_on), str(a.decision_due), a.status_label, str(a.granted_yuan or ""))
        for a in found
    )  # fmt: skip
    _print_table(
        f"司法救助申请（{len(found)} 件）",
        "编号 单位 申请人 被害人 受害情况 申请金额 受理 决定期限 状态 救助金额",
        rows,
    )
