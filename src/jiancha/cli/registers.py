"""The registers' commands (``jiancha registers …``): 干预司法记录, and what ``jiancha stats``
prints of every register. Each command parses, calls the project's ``Casework.registers``
and renders; the command line is the project's operator and sees every unit."""

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table as RichTable

from jiancha.cli.common import ActorOpt, actor, casework, console, minute, parse_date, parse_day

if TYPE_CHECKING:
    from jiancha.casebook.registers import Viewer
    from jiancha.casebook.registers.summary import RegisterSummary

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


def _viewer(actor_name: str | None) -> "Viewer":
    from jiancha.casebook.registers import Viewer

    return Viewer(actor(actor_name))


def _grid(title: str, headers: tuple[str, ...]) -> RichTable:
    grid = RichTable(title=title)
    for header in headers:
        grid.add_column(header)
    return grid


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
    case: Annotated[str, typer.Option("--case", help="案件名称或案号")],
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
    grid = _grid(
        f"干预司法记录（{len(records)} 件）",
        (
            "编号",
            "单位",
            "登记时间",
            "登记人",
            "情形",
            "过问人",
            "被过问人",
            "案件",
            "日期",
            "方式",
            "内容",
            "答复",
        ),
    )
    for r in records:
        grid.add_row(
            r.ref, r.unit_name, minute(r.recorded_at), r.recorder, r.kind_label,
            f"{r.intervener}（{r.intervener_post}）", r.target, r.case_ref, str(r.occurred_on),
            r.manner_label, r.asked, r.response,
        )  # fmt: skip
    console().rich.print(grid)


@interference_app.command("report")
def interference_report(
    quarter: Annotated[str, typer.Option("--quarter", help="季度，如 2026Q1")],
    unit: Annotated[str, typer.Option("--unit", help="单位代码前缀（默认全部）")] = "",
) -> None:
    """季度报告：各单位登记的过问干预记录数，没有记录的单位为零报告。"""
    with casework() as work:
        report = work.registers.interference.quarter(quarter, (unit,) if unit else None)
    from jiancha.casebook.registers.interference import KIND_LABELS, KIND_SHORT

    grid = _grid(
        f"过问干预司法记录季度报告（{report.quarter}，共 {report.total} 件）",
        ("单位", *(KIND_SHORT[k] for k in KIND_LABELS), "合计", "报告"),
    )
    for u in report.units:
        counts = (str(u.by_kind[k]) for k in KIND_LABELS)
        grid.add_row(u.unit_name, *counts, str(u.total), "零报告" if u.zero else "")
    console().rich.print(grid)


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
