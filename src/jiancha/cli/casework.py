"""The casework commands: ``clues show/assign/move/undo/document/serve``, ``due``,
``ledger verify/export-head``, ``property …``, ``dossier …`` and ``stats``.

``register`` adds them to the main app; each command parses, calls one function of
:mod:`jiancha.casework`, and renders a rich table.
"""

from __future__ import annotations

import datetime as dt
import getpass
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table as RichTable

from jiancha import casework
from jiancha.casebook.custody import CustodyEventView, custody_label
from jiancha.casebook.escalation import Escalation
from jiancha.casebook.status import EVENT_LABELS, status_label
from jiancha.casebook.workflow import DISMISSAL_LABELS, WorkflowState
from jiancha.cli.terminal import TerminalConsole
from jiancha.errors import JianchaError, LedgerError
from jiancha.project import Project


@dataclass
class _Hooks:
    open_project: Callable[[], Project]
    console: Callable[[], TerminalConsole]


_hooks: _Hooks | None = None


def _project() -> Project:
    assert _hooks is not None, "register() adds these commands"
    return _hooks.open_project()


def _out() -> TerminalConsole:
    assert _hooks is not None, "register() adds these commands"
    return _hooks.console()


def default_actor() -> str:
    """The OS user name: who ran the command, when no --actor is given."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        return "unknown"


ActorOpt = Annotated[str | None, typer.Option("--actor", help="办理人（默认为操作系统用户名）")]
ClueArg = Annotated[str, typer.Argument(help="线索编号，如 C000123")]


def _actor(value: str | None) -> str:
    return value or default_actor()


# -- clues --------------------------------------------------------------------------------


def clues_show(clue_id: ClueArg) -> None:
    """线索详情：状态、可办理的下一步、监督措施、文书、卷宗与办理历史。"""
    detail = casework.clue_detail(_project(), clue_id)
    out, state = _out(), detail.state
    clue = state.clue
    out.rich.print(f"[bold]{clue.id}[/bold]  {clue.title}", highlight=False)
    out.rich.print(
        f"模型 {clue.model_id}（版本 {clue.model_version}）  单位 {clue.unit_code or ''}  "
        f"状态 {state.status_label}（{clue.status}）  承办人 {state.assignee or '未分派'}  "
        f"版本 {state.version}",
        highlight=False,
    )
    subject = "，".join(f"{k}={v}" for k, v in clue.subject.items())
    facts = "，".join(f"{k}={v}" for k, v in clue.facts.items())
    out.rich.print(f"对象：{subject}\n事实：{facts}", highlight=False)
    for basis in clue.legal_basis:
        out.rich.print(f"依据：{basis.law} {basis.article}", highlight=False)
    out.rich.print(
        "证据：" + "；".join(f"{e.table} {e.record_id}" for e in clue.evidence), highlight=False
    )
    _print_links(clue)
    _print_next(state)
    _print_actions(state)
    _print_documents(detail)
    _print_history(detail)


def _print_links(clue: Any) -> None:
    """Where the clue joins records through a probabilistic person link: how sure, and why."""
    if "link_probability" not in clue.facts:
        return
    links = _project().link_basis([(e.table, e.record_id) for e in clue.evidence])
    out = _out()
    out.rich.print(
        f"人员关联：证据经概率关联认定为同一人，最低匹配概率 {clue.facts['link_probability']}",
        highlight=False,
    )
    for ex in links:
        best = ex.pairs[0] if ex.pairs else None
        agreed = "、".join(f"{f.label}{f.level}" for f in best.fields) if best else ""
        out.rich.print(
            f"  {ex.table} {ex.record_id}（{ex.role}）→ {ex.person_id}：{agreed}"
            f"（jiancha link explain {ex.table} {ex.record_id} {ex.role}）",
            highlight=False,
        )


def _print_next(state: WorkflowState) -> None:
    moves = "、".join(f"{status_label(s)}（{s}）" for s in state.allowed) or "无（已终结）"
    _out().rich.print(f"可转为：{moves}", highlight=False)


def _print_actions(state: WorkflowState) -> None:
    if not state.actions:
        return
    grid = RichTable(title="监督措施")
    for label in ("措施", "被建议单位", "紧急", "制发", "送达", "回复", "整改"):
        grid.add_column(label)
    for a in state.actions:
        grid.add_row(
            a.label,
            a.recipient,
            "是" if a.urgent else "",
            *(_day(t) for t in (a.issued_at, a.served_at, a.replied_at, a.rectified_at)),
        )
    _out().rich.print(grid)


def _print_documents(detail: casework.ClueDetail) -> None:
    if detail.documents:
        grid = RichTable(title="文书")
        for label in ("编号", "文号", "种类", "文件", "SHA-256"):
            grid.add_column(label)
        for d in detail.documents:
            grid.add_row(str(d.id), d.number, d.kind, d.filename, d.sha256[:16] + "…")
        _out().rich.print(grid)
    if detail.dossier:
        grid = RichTable(title="电子卷宗")
        for label in ("文件", "SHA-256", "添加时间", "添加人"):
            grid.add_column(label)
        for f in detail.dossier:
            grid.add_row(f.filename, f.sha256[:16] + "…", _minute(f.added_at), f.actor)
        _out().rich.print(grid)


def _print_history(detail: casework.ClueDetail) -> None:
    grid = RichTable(title="办理历史")
    for label in ("时间", "办理人", "事项", "从", "到", "理由"):
        grid.add_column(label)
    for e in detail.history:
        grid.add_row(
            _minute(e.at),
            e.actor,
            EVENT_LABELS.get(e.kind, e.kind),
            status_label(e.from_status) if e.from_status else "",
            status_label(e.to_status) if e.to_status else "",
            e.reason or "",
        )
    _out().rich.print(grid)


def _day(moment: dt.datetime | None) -> str:
    return f"{moment:%Y-%m-%d}" if moment else ""


def _minute(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def _moved(state: WorkflowState) -> None:
    who = f"，承办人 {state.assignee}" if state.assignee else ""
    _out().info(f"线索 {state.clue.id} 现为“{state.status_label}”（{state.clue.status}）{who}")


def clues_assign(
    clue_id: ClueArg,
    person: Annotated[str, typer.Argument(help="承办人")],
    reason: Annotated[str | None, typer.Option("--reason", help="说明")] = None,
    actor: ActorOpt = None,
) -> None:
    """分派线索给承办人（新线索转为“已分派”，办理中的线索更换承办人）。"""
    _moved(casework.assign_clue(_project(), clue_id, person, actor=_actor(actor), reason=reason))


def clues_move(
    clue_id: ClueArg,
    to: Annotated[str, typer.Argument(help="目标状态，如 verifying 或 核查中")],
    reason: Annotated[
        str | None, typer.Option("--reason", help="理由（排除、异议、督促必填）")
    ] = None,
    code: Annotated[
        str | None,
        typer.Option("--code", help="排除理由代码：" + "、".join(DISMISSAL_LABELS)),
    ] = None,
    recipient: Annotated[
        str | None, typer.Option("--recipient", help="被建议（接收）单位，制发措施时必填")
    ] = None,
    urgent: Annotated[bool, typer.Option("--urgent", help="紧急：回复期限十五日")] = False,
    reply_days: Annotated[
        int | None, typer.Option("--reply-days", help="文书载明的回复期限（日）")
    ] = None,
    actor: ActorOpt = None,
) -> None:
    """办理线索：转到下一状态（规则不允许的转移会被拒绝）。"""
    state = casework.move_clue(
        _project(),
        clue_id,
        to,
        actor=_actor(actor),
        reason=reason,
        reason_code=code,
        recipient=recipient,
        urgent=urgent,
        reply_days=reply_days,
    )
    _moved(state)


def clues_undo(
    clue_id: ClueArg,
    reason: Annotated[str, typer.Option("--reason", help="撤回理由（必填）")],
    actor: ActorOpt = None,
) -> None:
    """撤回上一步办理（记为一条新的历史记录，原记录不改动）。"""
    _moved(casework.undo_clue(_project(), clue_id, actor=_actor(actor), reason=reason))


def clues_document(
    clue_id: ClueArg,
    kind: Annotated[
        str | None,
        typer.Argument(
            help="recommendation | correction_notice | pil_pre_litigation | "
            "supervisory_transfer（默认：最近一项措施的文书）"
        ),
    ] = None,
    request: Annotated[str, typer.Option("--request", help="建议内容")] = "",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="另存 .docx 到")] = None,
    actor: ActorOpt = None,
) -> None:
    """生成文书（.docx）：编号、存档并记入存证账本。"""
    project = _project()
    document = casework.issue_clue_document(
        project, clue_id, kind, actor=_actor(actor), request=request
    )
    stored = casework.document_path(project, document)
    if output is not None:
        target = output / document.filename if output.is_dir() else output
        target.write_bytes(stored.read_bytes())
        stored = target
    _out().info(f"已生成 {document.number}（文书 {document.id}）：{stored}")


def clues_serve(
    clue_id: ClueArg,
    document: Annotated[int | None, typer.Option("--document", help="文书编号（默认最新）")] = None,
    days: Annotated[int, typer.Option("--days", help="链接有效天数")] = 7,
    base_url: Annotated[
        str, typer.Option("--base-url", help="工作台地址")
    ] = "http://127.0.0.1:8000",
    actor: ActorOpt = None,
) -> None:
    """电子送达：签发一次性、限时、签名的送达链接并打印。"""
    if days < 1:
        raise JianchaError(f"--days {days}：链接有效天数至少为 1")
    issued = casework.serve_clue(
        _project(), clue_id, actor=_actor(actor), document_id=document, ttl=dt.timedelta(days)
    )
    out = _out()
    out.info(f"送达 {issued.document.number}，链接 {days} 日内有效：")
    out.rich.print(issued.url(base_url), highlight=False, soft_wrap=True)


# -- due ----------------------------------------------------------------------------------

_WITHIN = re.compile(r"^(\d+)\s*([dwm天周月]?)$")


def parse_within(text: str | None) -> dt.timedelta | None:
    """``7d``, ``2w``, ``1m`` (30 days) or a bare number of days."""
    if text is None:
        return None
    match = _WITHIN.match(text.strip().lower())
    if match is None:
        raise JianchaError(f"--within “{text}” 格式不对，应如 7d、2w 或 1m")
    amount, unit = int(match.group(1)), match.group(2)
    factor = {"w": 7, "周": 7, "m": 30, "月": 30}.get(unit, 1)
    return dt.timedelta(days=amount * factor)


def parse_date(text: str | None, option: str) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise JianchaError(f"{option} “{text}” 不是 YYYY-MM-DD 格式的日期") from None


def due(
    within: Annotated[
        str | None, typer.Option("--within", help="期限在多少天内，如 7d、2w（默认全部）")
    ] = None,
    escalate: Annotated[
        bool, typer.Option("--escalate", help="对逾期未整改的线索报请督促（升级）")
    ] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="以该日计算 YYYY-MM-DD")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="单位代码前缀")] = None,
    person: Annotated[str | None, typer.Option("--person", help="承办人")] = None,
    actor: ActorOpt = None,
) -> None:
    """到期与逾期事项（按单位、承办人）；--escalate 对逾期未整改的线索逐级督促。"""
    project, day = _project(), parse_date(as_of, "--as-of")
    span = parse_within(within)
    if escalate:
        _print_escalations(casework.escalate(project, day, actor=actor or "system"))
    items = casework.due(project, span, day, unit_prefix=unit, person=person)
    horizon = f"{span.days} 日内" if span else "全部"
    grid = RichTable(title=f"到期事项（{day}，{horizon}，{len(items)} 项）")
    for label in ("单位", "承办人", "来源", "编号", "事项", "起算", "期限", "剩余天数"):
        grid.add_column(label, justify="right" if label == "剩余天数" else "left")
    for i in items:
        left = f"逾期 {-i.days_left} 日" if i.overdue else str(i.days_left)
        grid.add_row(
            i.unit_code or "",
            i.person or "",
            "本院" if i.source == "casebook" else i.source,
            i.ref,
            i.label,
            str(i.started),
            f"{i.due}" + ("" if i.exact else "*"),
            f"[red]{left}[/red]" if i.overdue else left,
        )
    _out().rich.print(grid)
    if any(not i.exact for i in items):
        _out().info(
            "* 节假日历未覆盖该年份，按周一至周五计算，日期仅供参考；"
            "国务院公布该年放假安排后，可在 jiancha.toml 的 [calendar] 中列出"
        )


def _print_escalations(done: list[Escalation]) -> None:
    out = _out()
    if not done:
        out.info("没有逾期未整改需要督促的线索")
        return
    for e in done:
        if e.skipped:
            out.warn(f"线索 {e.clue_id} 未督促：{e.skipped}")
        else:
            out.info(f"线索 {e.clue_id} 逾期 {e.days_overdue} 日未整改，已{e.rung_label}（{e.to}）")


# -- ledger -------------------------------------------------------------------------------


def ledger_verify(
    anchor: Annotated[
        str | None, typer.Option("--anchor", help="此前导出的链头哈希（检查其后是否被改写）")
    ] = None,
) -> None:
    """校验存证账本：发现修改、删除、插入、调换顺序的条目和被改动的文件。"""
    report = casework.verify_ledger(_project(), anchor)
    out = _out()
    if report.ok:
        head = report.head
        tail = f"，链头 {head.entry_hash}" if head else ""
        out.info(f"账本完好：共 {report.entries} 条{tail}")
        return
    grid = RichTable(title=f"账本校验发现 {len(report.problems)} 处问题")
    for label in ("条目", "问题", "说明"):
        grid.add_column(label)
    for p in report.problems:
        grid.add_row(str(p.seq), p.kind, p.message)
    out.rich.print(grid)
    first = report.first_bad
    assert first is not None  # not ok means at least one problem
    raise LedgerError(f"账本校验未通过，第一处问题：{first.message}")


def ledger_export_head() -> None:
    """打印账本链头哈希（可在别处锚定，日后用 ledger verify --anchor 核对）。"""
    head = casework.ledger_head(_project())
    _out().rich.print(f"{head.seq} {head.entry_hash}", highlight=False, soft_wrap=True)


# -- seized property ----------------------------------------------------------------------


def property_record(
    item: Annotated[str, typer.Argument(help="财物编号")],
    state: Annotated[
        str,
        typer.Argument(
            help="seized | stored | transferred | returned | confiscated | auctioned | destroyed"
        ),
    ],
    clue: Annotated[str | None, typer.Option("--clue", help="关联线索编号")] = None,
    note: Annotated[str | None, typer.Option("--note", help="说明，如保管单位、处置依据")] = None,
    actor: ActorOpt = None,
) -> None:
    """登记涉案财物的一步保管流转（记入存证账本）。"""
    event = casework.record_property(
        _project(),
        item,
        state,
        actor=_actor(actor),
        clue_id=clue,
        detail={"note": note} if note else None,
    )
    _out().info(f"涉案财物 {event.item_ref}：{custody_label(event.from_state)} → {event.label}")


def property_show(item: Annotated[str, typer.Argument(help="财物编号")]) -> None:
    """涉案财物的保管链。"""
    _print_custody(f"涉案财物 {item} 保管链", casework.property_history(_project(), item))


def property_list() -> None:
    """全部涉案财物的当前状态。"""
    _print_custody("涉案财物", casework.property_history(_project()))


def _print_custody(title: str, events: list[CustodyEventView]) -> None:
    grid = RichTable(title=title)
    for label in ("财物", "线索", "时间", "办理人", "从", "到", "说明"):
        grid.add_column(label)
    for e in events:
        note = "，".join(str(v) for v in e.detail.values())
        grid.add_row(
            e.item_ref,
            e.clue_id or "",
            _minute(e.at),
            e.actor,
            custody_label(e.from_state) if e.from_state else "",
            e.label,
            note,
        )
    _out().rich.print(grid)


# -- dossiers -----------------------------------------------------------------------------


def dossier_add(
    clue_id: ClueArg,
    files: Annotated[list[Path], typer.Argument(help="卷宗文件")],
    actor: ActorOpt = None,
) -> None:
    """把文件加入线索的电子卷宗（按内容哈希存档，记入存证账本）。"""
    added = casework.add_to_dossier(_project(), clue_id, files, actor=_actor(actor))
    for f in added:
        _out().info(f"已加入卷宗：{f.filename}（{f.sha256[:16]}…）")


def dossier_list(clue_id: ClueArg) -> None:
    """线索电子卷宗的文件。"""
    files = casework.list_dossier(_project(), clue_id)
    grid = RichTable(title=f"线索 {clue_id} 电子卷宗（{len(files)} 个文件）")
    for label in ("文件", "SHA-256", "添加时间", "添加人"):
        grid.add_column(label)
    for f in files:
        grid.add_row(f.filename, f.sha256, _minute(f.added_at), f.actor)
    _out().rich.print(grid)


def dossier_share(
    clue_id: ClueArg,
    unit: Annotated[str, typer.Argument(help="接收单位")],
    reason: Annotated[str | None, typer.Option("--reason", help="共享事由")] = None,
    actor: ActorOpt = None,
) -> None:
    """把电子卷宗共享给其他单位（记为线索事件，记入存证账本）。"""
    count = casework.share_clue_dossier(
        _project(), clue_id, unit, actor=_actor(actor), reason=reason
    )
    _out().info(f"已将线索 {clue_id} 的电子卷宗（{count} 个文件）共享给 {unit}")


# -- statistics ---------------------------------------------------------------------------


def stats(
    period: Annotated[str, typer.Option("--period", help="统计期间，如 2026Q1、2026-03、2026")],
    unit: Annotated[str, typer.Option("--unit", help="单位代码前缀")] = "",
) -> None:
    """办案质量统计：案-件比、各模型线索成效、各环节平均用时。"""
    figures = casework.quality_stats(_project(), period, unit_prefix=unit)
    out = _out()
    span = f"{figures.start} 至 {figures.end - dt.timedelta(days=1)}"
    grid = RichTable(title=f"案-件比（{figures.period}：{span}）")
    for label in ("单位", "案", "件", "案件比"):
        grid.add_column(label, justify="left" if label == "单位" else "right")
    for r in figures.ratios:
        ratio = f"1:{r.ratio:.2f}" if r.ratio is not None else ""
        grid.add_row(r.unit_code, str(r.cases), str(r.pieces), ratio)
    out.rich.print(grid)
    _print_models(figures)
    _print_stages(figures)
    for note in figures.notes:
        out.warn(note)


def _print_models(figures: casework.QualityStats) -> None:
    grid = RichTable(title="各模型线索成效（按模型版本，期间内发现的线索）")
    labels = ("模型", "版本", "发现", "核查", "确认", "误报", "制发措施", "采纳", "整改", "精确率")
    for label in labels:
        grid.add_column(label, justify="left" if label in ("模型", "版本") else "right")
    for m in figures.models:
        precision = f"{m.precision:.2f}" if m.precision is not None else ""
        counts = (m.found, m.verified, m.confirmed, m.false_positive, m.acted_on)
        grid.add_row(
            m.model_id,
            m.model_version,
            *(str(n) for n in (*counts, m.adopted, m.rectified)),
            precision,
        )
    _out().rich.print(grid)


def _print_stages(figures: casework.QualityStats) -> None:
    grid = RichTable(title="各环节平均用时（期间内结束的环节）")
    for label in ("环节", "次数", "平均天数"):
        grid.add_column(label, justify="left" if label == "环节" else "right")
    for s in figures.stages:
        grid.add_row(status_label(s.status), str(s.stays), f"{s.average_days:.1f}")
    _out().rich.print(grid)


# -- registration -------------------------------------------------------------------------


def register(
    app: typer.Typer,
    clues_app: typer.Typer,
    open_project: Callable[[], Project],
    console: Callable[[], TerminalConsole],
) -> None:
    """Add the casework commands to ``app`` and its ``clues`` group (once per app)."""
    global _hooks
    _hooks = _Hooks(open_project, console)
    if any(group.name == "ledger" for group in app.registered_groups):
        return
    for name, command in (
        ("show", clues_show),
        ("assign", clues_assign),
        ("move", clues_move),
        ("undo", clues_undo),
        ("document", clues_document),
        ("serve", clues_serve),
    ):
        clues_app.command(name)(command)
    app.command("due")(due)
    app.command("stats")(stats)
    groups: dict[str, tuple[str, dict[str, Callable[..., None]]]] = {
        "ledger": (
            "存证账本：校验、导出链头。",
            {"verify": ledger_verify, "export-head": ledger_export_head},
        ),
        "property": (
            "涉案财物：保管链登记与查询。",
            {"record": property_record, "show": property_show, "list": property_list},
        ),
        "dossier": (
            "电子卷宗：添加文件、查看、共享。",
            {"add": dossier_add, "list": dossier_list, "share": dossier_share},
        ),
    }
    for group, (help_text, commands) in groups.items():
        sub = typer.Typer(help=help_text, no_args_is_help=True)
        for name, command in commands.items():
            sub.command(name)(command)
        app.add_typer(sub, name=group)
