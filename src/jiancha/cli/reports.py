"""The report commands: ``report`` (a period's statistics as HTML, PDF or .xlsx) and
``clues typical-case`` (a 典型案例 draft from a closed clue, .docx).

Each parses, gathers the report from the project and its
:class:`~jiancha.casebook.casework.Casework`, and writes the file.
"""

from pathlib import Path
from typing import Annotated

import typer

from jiancha.cli.common import ClueArg, console, open_project
from jiancha.errors import UsageError

commands = typer.Typer()  # report, added to the main app as it is
clue_commands = typer.Typer()  # typical-case, added to the clues group as it is

REPORT_FORMATS = ("html", "pdf", "xlsx")


@commands.command("report")
def report(
    period: Annotated[str, typer.Option("--period", help="统计期间，如 2026Q1、2026-03、2026")],
    unit: Annotated[str, typer.Option("--unit", help="单位代码前缀，如 350602")] = "",
    fmt: Annotated[str, typer.Option("--format", help="html | pdf | xlsx")] = "html",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="输出文件")] = None,
) -> None:
    """期间统计分析报告：线索发现、核查、监督、整改，案-件比，模型准确率，办理期限。"""
    from jiancha.reports.period import Period
    from jiancha.reports.period_render import render
    from jiancha.reports.period_report import gather_period_report

    if fmt not in REPORT_FORMATS:
        raise UsageError(f"--format “{fmt}” 不可用；可用：{' | '.join(REPORT_FORMATS)}")
    chosen = Period.parse(period)
    project = open_project()
    with project.casework() as work:
        gathered = gather_period_report(project, work, period, unit_prefix=unit)
    data = render(gathered, fmt)
    suffix = f"_{unit}" if unit else ""
    target = output or Path(f"法律监督线索工作统计分析报告_{chosen.code}{suffix}.{fmt}")
    target.write_bytes(data)
    console().info(f"已生成统计分析报告：{target}")


@clue_commands.command("typical-case")
def typical_case(
    clue_id: ClueArg,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="输出文件")] = None,
) -> None:
    """典型案例初稿（.docx）：脱敏的基本案情、监督履职过程及结果、法律依据。须已结案。"""
    from jiancha.reports.typical_case import typical_case_docx

    project = open_project()
    with project.casework() as work:
        data = typical_case_docx(project, work, clue_id)
    target = output or Path(f"典型案例_{clue_id}.docx")
    target.write_bytes(data)
    console().info(f"已生成典型案例初稿：{target}")
