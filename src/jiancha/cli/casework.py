"""The casework commands: ``clues list/show/assign/move/undo/document/serve``, ``due``,
``stats``, ``ledger verify/export-head``, ``property …`` and ``dossier …``.

Each command parses, calls one method of the project's
:class:`~jiancha.casebook.casework.Casework`, and renders.
"""

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table as RichTable
from rich.text import Text

from jiancha.cli import reports
from jiancha.cli.common import (
    ActorOpt,
    ClueArg,
    actor,
    casework,
    console,
    day,
    minute,
    open_project,
    parse_date,
    parse_day,
    parse_within,
)
from jiancha.cli.terminal import plain, styled
from jiancha.errors import LedgerError, NotFound, UsageError

if TYPE_CHECKING:
    from jiancha.casebook.casework import Casework, ClueDetail, QualityStats
    from jiancha.casebook.custody import CustodyEventView
    from jiancha.casebook.escalation import Escalation
    from jiancha.casebook.views import ClueView
    from jiancha.casebook.workflow import WorkflowState

clues_app = typer.Typer(
    help="监督线索：列出、详情、分派、办理、文书、送达、典型案例。", no_args_is_help=True
)
ledger_app = typer.Typer(help="存证账本：校验、导出链头。", no_args_is_help=True)
property_app = typer.Typer(help="涉案财物：保管链登记与查询。", no_args_is_help=True)
dossier_app = typer.Typer(help="电子卷宗：添加文件、查看、共享。", no_args_is_help=True)
commands = typer.Typer()  # due and stats, added to the main app as they are
clues_app.add_typer(reports.clue_commands)  # clues typical-case

DISMISSAL_CODES = (
    "no_violation、data_error、already_corrected、insufficient_evidence、"
    "not_our_jurisdiction、duplicate、other"
)
TABLE_FORMATS = ("table", "json", "csv", "xlsx")


# -- clues --------------------------------------------------------------------------------


@clues_app.command("list")
def clues_list(
    model: Annotated[str | None, typer.Option("--model", help="模型编号")] = None,
    domain: Annotated[str | None, typer.Option("--domain", help="领域")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="单位代码前缀，如 350602")] = None,
    status: Annotated[str | None, typer.Option("--status", help="状态，如 new")] = None,
    since: Annotated[str | None, typer.Option("--since", help="首次发现不早于 YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option("--until", help="首次发现不晚于 YYYY-MM-DD")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table | json | csv | xlsx")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="输出文件")] = None,
    limit: Annotated[int | None, typer.Option(help="最多条数")] = None,
    reason: Annotated[
        str | None,
        typer.Option("--reason", help="导出事由（导出 JSON/CSV/Excel 或文件时必填，记入审计日志）"),
    ] = None,
    unmask: Annotated[
        bool,
        typer.Option(
            "--unmask",
            help="不脱敏：显示完整的身份证号、电话、住址、出生日期（须 --reason，记入审计日志）",
        ),
    ] = False,
    actor_name: ActorOpt = None,
) -> None:
    """列出线索，可导出为 JSON、CSV、Excel（导出记入审计日志：操作人与事由）。

    身份证号、电话、住址和出生日期默认脱敏；--unmask 并用 --reason 说明事由才显示完整内容，
    记入审计日志。"""
    from jiancha.casebook.filters import ClueFilter
    from jiancha.reports.clue_export import masked

    if fmt not in TABLE_FORMATS:
        raise UsageError(f"--format “{fmt}” 不可用；可用：{' | '.join(TABLE_FORMATS)}")
    exporting = fmt != "table" or output is not None
    if exporting and not (reason and reason.strip()):
        raise UsageError("导出线索须用 --reason 说明事由（记入审计日志）")
    if unmask and len((reason or "").strip()) < 2:
        raise UsageError(
            "--unmask 查看未脱敏的个人信息须用 --reason 说明事由（至少 2 个字，记入审计日志）"
        )
    filters = ClueFilter(
        model=model,
        domain=domain,
        status=status,
        unit=unit,
        since=parse_date(since, "--since"),
        until=parse_date(until, "--until"),
    )
    if exporting or unmask:
        with casework() as work:
            clues = work.clues(filters, limit=limit)
            operator, why = actor(actor_name), str(reason).strip()
            if exporting:
                _audit_export(work, operator, why, clues, fmt, output, unmasked=unmask)
            if unmask:
                _audit_unmask(work, operator, why, clues, fmt)
    else:  # a look at the list: the quick read, without SQLAlchemy
        clues = open_project().clues(filters, limit=limit)
    _print_clues(clues if unmask else masked(clues), fmt, output)


def _audit_export(
    work: "Casework",
    operator: str,
    reason: str,
    clues: "list[ClueView]",
    fmt: str,
    output: Path | None,
    *,
    unmasked: bool = False,
) -> None:
    """One audit entry per export (who, why, how many, where), and each clue's unit."""
    units = sorted({c.unit_code or "" for c in clues})
    work.audit.record(
        operator,
        "export",
        unit_code=units[0] if len(units) == 1 else None,
        detail={
            "reason": reason[:500],
            "format": fmt,
            "count": len(clues),
            "file": output.name if output else "标准输出",
            "units": units,
            "via": "命令行",
            "masked": not unmasked,
        },
    )


def _audit_unmask(
    work: "Casework", operator: str, reason: str, clues: "list[ClueView]", fmt: str
) -> None:
    """One 查看未脱敏个人信息 entry naming the clues shown unmasked (the first 200 of them)
    and the reason, as the page writes one for its clue."""
    units = sorted({c.unit_code or "" for c in clues})
    work.audit.record(
        operator,
        "unmask",
        subject=clues[0].id if len(clues) == 1 else None,
        unit_code=units[0] if len(units) == 1 else None,
        detail={
            "reason": reason[:500],
            "via": "命令行",
            "format": fmt,
            "count": len(clues),
            "clues": [c.id for c in clues[:200]],
        },
    )


def _print_clues(clues: "list[ClueView]", fmt: str, output: Path | None) -> None:
    from jiancha.reports import clue_export

    if fmt == "table":
        headers, rows = clue_export.table_rows(clues)
        grid = RichTable(title=f"线索（{len(clues)} 条）")
        for header in headers:
            grid.add_column(header)
        for row in rows:
            grid.add_row(*row)
        console().rich.print(grid)
        return
    # the models' titles and fact labels, for the files people read (JSON keeps the names)
    names = clue_export.ModelNames()
    if fmt != "json":
        names = clue_export.ModelNames.of(open_project().catalogue())
    data = clue_export.render(clues, fmt, names)
    if fmt == "xlsx" and output is None:
        output = Path("线索清单.xlsx")
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    output.write_bytes(data)
    console().info(f"已导出 {len(clues)} 条线索：{output}")


@clues_app.command("show")
def clues_show(clue_id: ClueArg) -> None:
    """线索详情：状态、可办理的下一步、监督措施、文书、卷宗与办理历史。"""
    from jiancha.casebook.status import status_label

    with casework() as work:
        detail = work.clue(clue_id)
    out, state = console(), detail.state
    clue = state.clue
    out.rich.print(Text.assemble(styled(clue.id, "bold"), "  ", plain(clue.title)))
    out.rich.print(
        f"模型 {clue.model_id}（版本 {clue.model_version}）  单位 {clue.unit_code or ''}  "
        f"状态 {status_label(clue.status)}（{clue.status}）  承办人 {state.assignee or '未分派'}  "
        f"版本 {state.version}",
        highlight=False,
    )
    _print_finding(detail)
    for basis in clue.legal_basis:
        out.rich.print(f"依据：《{basis.law}》{basis.article}", highlight=False)
    _print_links(clue)
    _print_next(state)
    _print_actions(state)
    _print_documents(detail)
    _print_history(detail)


def _print_finding(detail: "ClueDetail") -> None:
    """The finding as the clue page shows it: conclusion, comparison (★ decisive), records,
    sources found empty, how the people were matched, 核实要点 and the suggested document."""
    from jiancha.casebook.wording import column_labels, plain_text

    out, found = console(), detail.finding
    labels = column_labels()
    subject = "，".join(
        f"{labels.get(k, k)} {plain_text(v)}" for k, v in detail.clue.subject.items() if v
    )
    lines = [f"结论：{found.conclusion or detail.clue.title}", f"对象：{subject}"]
    lines += [f"  {'★' if f.decisive else ' '} {f.label}：{f.value}" for f in found.comparison]
    lines += [f"证明记录：{r.source}：{r.text}" for r in found.records]
    lines += [f"已核查：{c.text}" for c in found.checked]
    lines += [f"人员比对：{m.source}（{m.role}）：{m.basis}" for m in found.matching]
    if not found.matching and found.matching_note:
        lines.append(f"人员比对：{found.matching_note}")
    lines += [f"核实要点 {n}. {a}" for n, a in enumerate(found.actions, 1)]
    if found.document is not None:
        lines.append(f"建议制发：{found.document.title}：{found.document.request}")
    lines += [f"注意：{n}" for n in found.notes]
    for line in lines:
        out.rich.print(line, highlight=False)


def _print_links(clue: "ClueView") -> None:
    """Where the clue joins records through a probabilistic person link: how sure, and why."""
    if "link_probability" not in clue.facts:
        return
    links = open_project().link_basis([(e.table, e.record_id) for e in clue.evidence])
    out = console()
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


def _print_next(state: "WorkflowState") -> None:
    from jiancha.casebook.status import status_label

    moves = "、".join(f"{status_label(s)}（{s}）" for s in state.allowed) or "无（已终结）"
    console().rich.print(f"可转为：{moves}", highlight=False)


def _print_actions(state: "WorkflowState") -> None:
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
            *(day(t) for t in (a.issued_at, a.served_at, a.replied_at, a.rectified_at)),
        )
    console().rich.print(grid)


def _print_documents(detail: "ClueDetail") -> None:
    if detail.documents:
        grid = RichTable(title="文书")
        for label in ("编号", "文号", "种类", "文件", "SHA-256"):
            grid.add_column(label)
        for d in detail.documents:
            grid.add_row(str(d.id), d.number, d.kind, d.filename, d.sha256[:16] + "…")
        console().rich.print(grid)
    if detail.dossier:
        grid = RichTable(title="电子卷宗")
        for label in ("文件", "SHA-256", "添加时间", "添加人"):
            grid.add_column(label)
        for f in detail.dossier:
            grid.add_row(f.filename, f.sha256[:16] + "…", minute(f.added_at), f.actor)
        console().rich.print(grid)


def _print_history(detail: "ClueDetail") -> None:
    from jiancha.casebook.status import EVENT_LABELS, status_label

    grid = RichTable(title="办理历史")
    for label in ("时间", "办理人", "事项", "从", "到", "理由"):
        grid.add_column(label)
    for e in detail.history:
        grid.add_row(
            minute(e.at),
            e.actor,
            EVENT_LABELS.get(e.kind, e.kind),
            status_label(e.from_status) if e.from_status else "",
            status_label(e.to_status) if e.to_status else "",
            e.reason or "",
        )
    console().rich.print(grid)


def _moved(state: "WorkflowState") -> None:
    who = f"，承办人 {state.assignee}" if state.assignee else ""
    console().info(f"线索 {state.clue.id} 现为“{state.status_label}”（{state.clue.status}）{who}")


@clues_app.command("assign")
def clues_assign(
    clue_id: ClueArg,
    person: Annotated[str, typer.Argument(help="承办人")],
    reason: Annotated[str | None, typer.Option("--reason", help="说明")] = None,
    actor_name: ActorOpt = None,
) -> None:
    """分派线索给承办人（新线索转为“已分派”，办理中的线索更换承办人）。"""
    with casework() as work:
        _moved(work.assign(clue_id, person, actor=actor(actor_name), reason=reason))


@clues_app.command("move")
def clues_move(
    clue_id: ClueArg,
    to: Annotated[str, typer.Argument(help="目标状态，如 verifying 或 核查中")],
    reason: Annotated[
        str | None, typer.Option("--reason", help="理由（排除、异议、督促必填）")
    ] = None,
    code: Annotated[
        str | None, typer.Option("--code", help="排除理由代码：" + DISMISSAL_CODES)
    ] = None,
    recipient: Annotated[
        str | None, typer.Option("--recipient", help="被建议（接收）单位，制发措施时必填")
    ] = None,
    urgent: Annotated[bool, typer.Option("--urgent", help="紧急：回复期限十五日")] = False,
    reply_days: Annotated[
        int | None, typer.Option("--reply-days", help="文书载明的回复期限（日）")
    ] = None,
    actor_name: ActorOpt = None,
) -> None:
    """办理线索：转到下一状态（规则不允许的转移会被拒绝）。"""
    from jiancha.casebook.workflow import ActionSpec

    action = ActionSpec(recipient, urgent, reply_days) if recipient else None
    with casework() as work:
        state = work.move(
            clue_id, to, actor=actor(actor_name), reason=reason, reason_code=code, action=action
        )
    _moved(state)


@clues_app.command("undo")
def clues_undo(
    clue_id: ClueArg,
    reason: Annotated[str, typer.Option("--reason", help="撤回理由（必填）")],
    actor_name: ActorOpt = None,
) -> None:
    """撤回上一步办理（记为一条新的历史记录，原记录不改动）。"""
    with casework() as work:
        _moved(work.undo(clue_id, actor=actor(actor_name), reason=reason))


@clues_app.command("document")
def clues_document(
    clue_id: ClueArg,
    kind_arg: Annotated[
        str | None,
        typer.Argument(metavar="[KIND]", help="文书种类（同 --kind）", show_default=False),
    ] = None,
    kind_opt: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="recommendation（检察建议书）| correction_notice（纠正违法通知书）| "
            "pil_pre_litigation（诉前检察建议书）| supervisory_transfer（线索移送函）| "
            "retrial_recommendation（再审检察建议书）| enforcement_recommendation"
            "（执行监督检察建议书）| reply_reminder（督促回复函）；默认：最近一项措施的文书",
        ),
    ] = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="只起草：保存草稿并输出正文，不取文号")
    ] = False,
    confirm: Annotated[
        int | None, typer.Option("--confirm", help="确认该号草稿：取文号、生成文书")
    ] = None,
    text: Annotated[
        Path | None,
        typer.Option("--text", help="确认前用此文件的正文替换草稿（--draft 输出的格式）"),
    ] = None,
    recipient: Annotated[str, typer.Option("--recipient", help="主送单位")] = "",
    urgent: Annotated[bool, typer.Option("--urgent", help="情况紧急")] = False,
    reply_days: Annotated[
        int | None, typer.Option("--reply-days", min=1, max=365, help="回复期限（日）")
    ] = None,
    request: Annotated[str, typer.Option("--request", help="建议内容（替换自动撰写的）")] = "",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="另存 .docx（或草稿正文）到")
    ] = None,
    actor_name: ActorOpt = None,
) -> None:
    """制作文书：起草（--draft）、修改后确认（--confirm），或直接生成（编号、存档、记入账本）。"""
    from jiancha.casebook.documents import draft_text, parse_draft_text

    kind = kind_opt or kind_arg
    who = actor(actor_name)
    if draft and confirm is not None:
        raise UsageError("--draft 与 --confirm 不能同时使用")
    with casework() as work:
        if draft:
            if kind is None:
                raise UsageError("起草文书须写明文书种类（--kind）")
            made = work.new_draft(
                clue_id, kind, actor=who, recipient=recipient, urgent=urgent,
                reply_days=reply_days,
            )  # fmt: skip
            body = draft_text(made)
            if output is not None:
                output.write_text(body + "\n", encoding="utf-8")
            console().info(
                f"已保存{made.title}草稿 {made.id}（未编号）。修改后确认："
                f"jiancha clues document {made.clue_id} --confirm {made.id}"
                + (f" --text {output}" if output is not None else "")
            )
            if output is None:
                sys.stdout.write(body + "\n")
            return
        if confirm is not None:
            if text is not None:
                current = work.draft(clue_id, confirm)
                edited = parse_draft_text(current, text.read_text(encoding="utf-8"))
                work.save_draft(
                    clue_id, confirm, actor=who, recipient=recipient or current.recipient,
                    sections=edited, urgent=urgent or current.urgent,
                    reply_days=reply_days or current.reply_days,
                )  # fmt: skip
            document = work.confirm_draft(clue_id, confirm, actor=who)
        else:
            document = work.issue_document(
                clue_id, kind, actor=who, request=request, recipient=recipient,
                urgent=urgent, reply_days=reply_days,
            )  # fmt: skip
        stored = work.document_path(document)
    if output is not None:
        target = output / document.filename if output.is_dir() else output
        target.write_bytes(stored.read_bytes())
        stored = target
    console().info(f"已生成 {document.number}（文书 {document.id}）：{stored}")


LOCAL_WORKBENCH = "http://127.0.0.1:8000"


@clues_app.command("serve")
def clues_serve(
    clue_id: ClueArg,
    document: Annotated[int | None, typer.Option("--document", help="文书编号（默认最新）")] = None,
    days: Annotated[int, typer.Option("--days", help="链接有效天数")] = 7,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url", help="工作台对外地址（默认取 jiancha.toml 的 [web] public_url）"
        ),
    ] = None,
    revoke: Annotated[
        str | None, typer.Option("--revoke", help="撤销该线索的一个送达链接（链接或其编号）")
    ] = None,
    actor_name: ActorOpt = None,
) -> None:
    """电子送达：签发一次性、限时、签名的送达链接并打印；--revoke 撤销已签发的链接。"""
    if days < 1:
        raise UsageError(f"--days {days}：链接有效天数至少为 1")
    project = open_project()
    out = console()
    with project.casework() as work:
        if revoke is not None:
            link = work.revoke_service(clue_id, revoke, actor=actor(actor_name))
            out.info(f"已撤销送达链接 {link.token_id}（{link.document_number}）")
            return
        issued = work.serve(
            clue_id, actor=actor(actor_name), document_id=document, ttl=dt.timedelta(days)
        )
    base = base_url or project.config.web.public_url or LOCAL_WORKBENCH
    out.info(f"送达 {issued.document.number}，链接 {days} 日内有效：")
    out.text(issued.url(base))
    if not (base_url or project.config.web.public_url):
        out.warn("未配置 [web] public_url：链接使用本机地址，对外送达前请在 jiancha.toml 中设置")


# -- due and statistics ---------------------------------------------------------------------


@commands.command("due")
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
    actor_name: ActorOpt = None,
) -> None:
    """到期与逾期事项（按单位、承办人）；--escalate 对逾期未整改的线索逐级督促。"""
    today, span = parse_day(as_of, "--as-of"), parse_within(within)
    with casework() as work:
        if escalate:
            _print_escalations(work.escalate(today, actor=actor_name or "system"))
        items = work.due(span, today, unit_prefix=unit, person=person)
    horizon = f"{span.days} 日内" if span else "全部"
    grid = RichTable(title=f"到期事项（{today}，{horizon}，{len(items)} 项）")
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
            styled(left, "red") if i.overdue else left,
        )
    console().rich.print(grid)
    if any(not i.exact for i in items):
        console().info(
            "* 节假日历未覆盖该年份，按周一至周五计算，日期仅供参考；"
            "国务院公布该年放假安排后，可在 jiancha.toml 的 [calendar] 中列出"
        )


def _print_escalations(done: "list[Escalation]") -> None:
    out = console()
    if not done:
        out.info("没有逾期未整改需要督促的线索")
        return
    for e in done:
        if e.skipped:
            out.warn(f"线索 {e.clue_id} 未督促：{e.skipped}")
        else:
            out.info(f"线索 {e.clue_id} 逾期 {e.days_overdue} 日未整改，已{e.rung_label}（{e.to}）")


@commands.command("stats")
def stats(
    period: Annotated[str, typer.Option("--period", help="统计期间，如 2026Q1、2026-03、2026")],
    unit: Annotated[str, typer.Option("--unit", help="单位代码前缀")] = "",
) -> None:
    """办案质量统计：案-件比、各模型线索成效、各环节平均用时。"""
    with casework() as work:
        figures = work.stats(period, unit_prefix=unit)
    out = console()
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
    from jiancha.cli.registers import register_figures

    register_figures(figures.start, figures.end, unit)


def _print_models(figures: "QualityStats") -> None:
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
    console().rich.print(grid)


def _print_stages(figures: "QualityStats") -> None:
    from jiancha.casebook.status import status_label

    grid = RichTable(title="各环节平均用时（期间内结束的环节）")
    for label in ("环节", "次数", "平均天数"):
        grid.add_column(label, justify="left" if label == "环节" else "right")
    for s in figures.stages:
        grid.add_row(status_label(s.status), str(s.stays), f"{s.average_days:.1f}")
    console().rich.print(grid)


# -- ledger -------------------------------------------------------------------------------


@ledger_app.command("verify")
def ledger_verify(
    anchor: Annotated[
        str | None, typer.Option("--anchor", help="此前导出的链头哈希（检查其后是否被改写）")
    ] = None,
) -> None:
    """校验存证账本：发现修改、删除、插入、调换顺序的条目和被改动的文件。"""
    with casework() as work:
        report = work.verify_ledger(anchor)
    out = console()
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


@ledger_app.command("export-head")
def ledger_export_head() -> None:
    """打印账本链头哈希（可在别处锚定，日后用 ledger verify --anchor 核对）。"""
    with casework() as work:
        head = work.ledger_head()
    console().rich.print(f"{head.seq} {head.entry_hash}", highlight=False, soft_wrap=True)


# -- seized property ----------------------------------------------------------------------


@property_app.command("record")
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
    actor_name: ActorOpt = None,
) -> None:
    """登记涉案财物的一步保管流转（记入存证账本）。"""
    from jiancha.casebook.custody import custody_label

    with casework() as work:
        event = work.record_property(
            item,
            state,
            actor=actor(actor_name),
            clue_id=clue,
            detail={"note": note} if note else None,
        )
    console().info(f"涉案财物 {event.item_ref}：{custody_label(event.from_state)} → {event.label}")


@property_app.command("show")
def property_show(item: Annotated[str, typer.Argument(help="财物编号")]) -> None:
    """涉案财物的保管链。"""
    with casework() as work:
        _print_custody(f"涉案财物 {item} 保管链", work.property_history(item))


@property_app.command("list")
def property_list() -> None:
    """全部涉案财物的当前状态。"""
    with casework() as work:
        _print_custody("涉案财物", work.property_history())


def _print_custody(title: str, events: "list[CustodyEventView]") -> None:
    from jiancha.casebook.custody import custody_label

    grid = RichTable(title=title)
    for label in ("财物", "线索", "时间", "办理人", "从", "到", "说明"):
        grid.add_column(label)
    for e in events:
        note = "，".join(str(v) for v in e.detail.values())
        grid.add_row(
            e.item_ref,
            e.clue_id or "",
            minute(e.at),
            e.actor,
            custody_label(e.from_state) if e.from_state else "",
            e.label,
            note,
        )
    console().rich.print(grid)


# -- dossiers -----------------------------------------------------------------------------


@dossier_app.command("add")
def dossier_add(
    clue_id: ClueArg,
    files: Annotated[list[Path], typer.Argument(help="卷宗文件")],
    actor_name: ActorOpt = None,
) -> None:
    """把文件加入线索的电子卷宗（按内容哈希存档，记入存证账本）。"""
    missing = [str(path) for path in files if not path.is_file()]
    if missing:
        raise NotFound(f"卷宗文件 {'、'.join(missing)} 不存在或不是文件")
    contents = [(path.name, path.read_bytes()) for path in files]
    with casework() as work:
        added = work.add_to_dossier(clue_id, contents, actor=actor(actor_name))
    for f in added:
        console().info(f"已加入卷宗：{f.filename}（{f.sha256[:16]}…）")


@dossier_app.command("list")
def dossier_list(clue_id: ClueArg) -> None:
    """线索电子卷宗的文件。"""
    with casework() as work:
        files = work.dossier(clue_id)
    grid = RichTable(title=f"线索 {clue_id} 电子卷宗（{len(files)} 个文件）")
    for label in ("文件", "SHA-256", "添加时间", "添加人"):
        grid.add_column(label)
    for f in files:
        grid.add_row(f.filename, f.sha256, minute(f.added_at), f.actor)
    console().rich.print(grid)


@dossier_app.command("share")
def dossier_share(
    clue_id: ClueArg,
    unit: Annotated[str, typer.Argument(help="接收单位")],
    reason: Annotated[str | None, typer.Option("--reason", help="共享事由")] = None,
    actor_name: ActorOpt = None,
) -> None:
    """把电子卷宗共享给其他单位（记为线索事件，记入存证账本）。"""
    with casework() as work:
        count = work.share_dossier(clue_id, unit, actor=actor(actor_name), reason=reason)
    console().info(f"已将线索 {clue_id} 的电子卷宗（{count} 个文件）共享给 {unit}")
