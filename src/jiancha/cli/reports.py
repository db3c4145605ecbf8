"""The report commands: ``report`` (a period's statistics as HTML, PDF or .xlsx) and
``clues typical-case`` (a 典型案例 draft from a closed clue, .docx).

``register`` adds them to the main app; each parses, calls one function of
:mod:`jiancha.reports` and writes the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from jiancha.cli.terminal import TerminalConsole
from jiancha.project import Project

_hooks: tuple[Callable[[], Project], Callable[[], TerminalConsole]] | None = None


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

    assert _hooks is not None, "register() adds these commands"
    open_project, console = _hooks
    data = render(gather_period_report(open_project(), period, unit_prefix=unit), fmt)
    code = Period.parse(period).code
    target = output or Path(
        f"法律监督线索工作统计分析报告_{code}{'_' + unit if unit else ''}.{fmt}"
    )
    target.write_bytes(data)
    console().info(f"已生成统计分析报告：{target}")


def typical_case(
    clue_id: Annotated[str, typer.Argument(help="线索编号，如 C000123（须已结案）")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="输出文件")] = None,
) -> None:
    """典型案例初稿（.docx）：脱敏的基本案情、监督履职过程及结果、法律依据。"""
    from jiancha.reports.typical_case import typical_case_docx

    assert _hooks is not None, "register() adds these commands"
    open_project, console = _hooks
    data = typical_case_docx(open_project(), clue_id)
    target = output or Path(f"典型案例_{clue_id}.docx")
    target.write_bytes(data)
    console().info(f"已生成典型案例初稿：{target}")


def register(
    app: typer.Typer,
    clues_app: typer.Typer,
    open_project: Callable[[], Project],
    console: Callable[[], TerminalConsole],
) -> None:
    """Add ``report`` to ``app`` and ``typical-case`` to its ``clues`` group (once)."""
    global _hooks
    _hooks = (open_project, console)
    if any(command.name == "report" for command in app.registered_commands):
        return
    app.command("report")(report)
    clues_app.command("typical-case")(typical_case)
