"""A period report as a file: HTML (self-contained, charts as inline SVG), PDF (the same
HTML through WeasyPrint) or an .xlsx workbook (a sheet per section, native charts).

``render(report, "pdf")`` is all a caller needs: the CLI writes the bytes to a file, a web
route returns them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from jiancha.errors import ReportError
from jiancha.gbt9704 import chinese_date
from jiancha.reports.charts import ChartSpec, svg
from jiancha.reports.pdf import html_to_pdf
from jiancha.reports.period import PeriodReportInput
from jiancha.reports.period_sections import (
    Cell,
    Column,
    Figure,
    Section,
    SectionSpec,
    Table,
    build_sections,
    cell_text,
)

FORMATS: tuple[str, ...] = ("html", "pdf", "xlsx")
_NUMERALS = "一二三四五六七八九十"


def numeral(n: int) -> str:
    """1 → 一 … 10 → 十, 11 → 十一 (section numbers)."""
    if n <= 10:
        return _NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (_NUMERALS[ones - 1] if ones else "")


def render(
    report: PeriodReportInput, fmt: str, specs: Sequence[SectionSpec] | None = None
) -> bytes:
    """The report as ``fmt`` (html, pdf or xlsx)."""
    if fmt not in FORMATS:
        raise ReportError(f"报告格式 “{fmt}” 不支持，可选：{'、'.join(FORMATS)}")
    sections = build_sections(report, specs)
    if fmt == "xlsx":
        return render_xlsx(report, sections)
    html = render_html(report, sections)
    return html_to_pdf(html) if fmt == "pdf" else html.encode("utf-8")


# -- HTML ---------------------------------------------------------------------------------------

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(report: PeriodReportInput, sections: Sequence[Section]) -> str:
    figures = {id(c): n for n, c in enumerate((c for s in sections for c in s.charts), 1)}
    tables = {id(t): n for n, t in enumerate((t for s in sections for t in s.tables), 1)}
    return _ENV.get_template("period.html").render(
        report=report,
        sections=sections,
        generated=chinese_date(report.generated),
        numeral=numeral,
        svg=lambda chart: Markup(svg(chart)),  # drawn here, from escaped text
        cell_text=cell_text,
        figure_number=lambda chart: figures[id(chart)],
        table_number=lambda table: tables[id(table)],
    )


# -- XLSX ---------------------------------------------------------------------------------------

_NUMBER_FORMATS: dict[str, str] = {
    "count": "#,##0",
    "days": "#,##0",
    "percent": "0.0%",
    "ratio": '"1:"0.00',
    "delta": "+#,##0;-#,##0;0",
}
_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
_CHART_COLUMN_GAP = 2


def render_xlsx(report: PeriodReportInput, sections: Sequence[Section]) -> bytes:
    """A workbook: a cover sheet, then one sheet per section with its tables and charts."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties(
        {"title": f"{report.title}（{report.period.label}）", "author": report.issuer,
         "company": report.issuer, "comments": report.scope}
    )  # fmt: skip
    styles = _Styles(workbook)
    _cover(workbook, styles, report, sections)
    used: set[str] = set()
    for number, section in enumerate(sections, 1):
        name = _sheet_name(f"{numeral(number)}、{section.title}", used)
        _section_sheet(workbook, styles, workbook.add_worksheet(name), section)
    workbook.close()
    return buffer.getvalue()


class _Styles:
    def __init__(self, workbook: Any) -> None:
        base = {"font_name": "宋体", "font_size": 11, "valign": "vcenter"}
        self.title = workbook.add_format({**base, "bold": True, "font_size": 16})
        self.heading = workbook.add_format({**base, "bold": True, "font_size": 12})
        self.header = workbook.add_format(
            {**base, "bold": True, "bg_color": "#F1E9E3", "border": 1, "text_wrap": True,
             "align": "center"}
        )  # fmt: skip
        self.text = workbook.add_format({**base, "border": 1, "text_wrap": True})
        self.plain = workbook.add_format({**base, "text_wrap": True})
        self.numbers = {
            fmt: workbook.add_format({**base, "border": 1, "num_format": pattern})
            for fmt, pattern in _NUMBER_FORMATS.items()
        }
        self.dash = workbook.add_format({**base, "border": 1, "align": "right"})


def _sheet_name(title: str, used: set[str]) -> str:
    name = title.translate(_SHEET_FORBIDDEN)[:31]
    while name in used:
        name = name[:29] + f"{len(used) % 100:02d}"
    used.add(name)
    return name


def _cover(
    workbook: Any, styles: _Styles, report: PeriodReportInput, sections: Sequence[Section]
) -> None:
    sheet = workbook.add_worksheet("封面")
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 60)
    sheet.write(0, 0, f"{report.issuer}{report.title}", styles.title)
    rows = (
        ("报告期间", f"{report.period.label}（{report.period.span}）"),
        ("对比期间", f"{report.previous.period.label}（{report.previous.period.span}）"),
        ("统计范围", report.scope),
        ("生成日期", chinese_date(report.generated)),
    )
    for i, (label, value) in enumerate(rows, start=2):
        sheet.write(i, 0, label, styles.heading)
        sheet.write(i, 1, value, styles.plain)
    sheet.write(len(rows) + 3, 0, "目录", styles.heading)
    for i, section in enumerate(sections, 1):
        sheet.write(len(rows) + 3 + i, 0, f"{numeral(i)}、{section.title}", styles.plain)


def _section_sheet(workbook: Any, styles: _Styles, sheet: Any, section: Section) -> None:
    row = 0
    sheet.write(row, 0, section.title, styles.title)
    row += 2
    for paragraph in section.paragraphs:
        sheet.merge_range(row, 0, row, 7, paragraph, styles.plain)
        sheet.set_row(row, 15 * (1 + len(paragraph) // 60))
        row += 1
    widths: dict[int, float] = {}
    for table in section.tables:
        row = _write_table(sheet, styles, table, row + 1, widths) + 1
    for column, width in widths.items():
        sheet.set_column(column, column, min(max(width, 8), 48))
    chart_column = max(widths, default=0) + 1 + _CHART_COLUMN_GAP
    data_row, chart_row = row + 2, 0
    for spec in section.charts:
        data_row, rows = _write_chart(
            workbook, sheet, styles, spec, (chart_row, chart_column), data_row
        )
        chart_row += rows + 1


def _write_table(
    sheet: Any, styles: _Styles, table: Table, row: int, widths: dict[int, float]
) -> int:
    """Write ``table`` from ``row``; returns the row after it."""
    sheet.write(row, 0, table.title, styles.heading)
    row += 1
    for c, column in enumerate(table.columns):
        sheet.write(row, c, column.header, styles.header)
        widths[c] = max(widths.get(c, 0), _width(column.header))
    for values in table.rows:
        row += 1
        for c, (cell, column) in enumerate(zip(values, table.columns, strict=True)):
            _write_cell(sheet, styles, row, c, cell, column)
            widths[c] = max(widths.get(c, 0), _width(cell_text(cell, column)))
    if not table.rows:
        row += 1
        sheet.write(row, 0, "本期无数据", styles.text)
    if table.note:
        row += 1
        sheet.write(row, 0, table.note, styles.plain)
    return row + 1


def _write_cell(
    sheet: Any, styles: _Styles, row: int, column: int, cell: Cell, spec: Column
) -> None:
    fmt = cell.format if isinstance(cell, Figure) else spec.format
    value = cell.value if isinstance(cell, Figure) else cell
    if isinstance(value, str) or fmt == "text":
        sheet.write_string(row, column, "" if value is None else str(value), styles.text)
    elif value is None:
        sheet.write_string(row, column, "—", styles.dash)
    else:
        sheet.write_number(row, column, value, styles.numbers[fmt])


def _width(text: str) -> float:
    """Excel column width of ``text``: a Chinese character is two."""
    return sum(2.1 if ord(ch) > 0x2E80 else 1.1 for ch in text) + 2


def _write_chart(
    workbook: Any, sheet: Any, styles: _Styles, spec: ChartSpec, at: tuple[int, int], row: int
) -> tuple[int, int]:
    """The chart's data under the tables (the chart reads its cells), the chart beside
    the tables; returns the row after the data and how many rows the chart covers."""
    sheet.write(row, 0, f"图表数据：{spec.title}", styles.heading)
    header, first = row + 1, row + 2
    sheet.write(header, 0, "项目", styles.header)
    for i, category in enumerate(spec.categories):
        sheet.write_string(first + i, 0, category, styles.text)
    number = styles.numbers["percent" if spec.percent else "count"]
    for j, series in enumerate(spec.series, start=1):
        sheet.write(header, j, series.name, styles.header)
        for i, value in enumerate(series.values):
            if value is None:
                sheet.write_blank(first + i, j, None, styles.text)
            else:
                sheet.write_number(first + i, j, value, number)
    last = first + max(len(spec.categories), 1) - 1
    chart = workbook.add_chart({"type": spec.kind})
    for j in range(1, len(spec.series) + 1):
        chart.add_series(
            {
                "name": [sheet.name, header, j],
                "categories": [sheet.name, first, 0, last, 0],
                "values": [sheet.name, first, j, last, j],
                "data_labels": {"value": spec.kind == "bar"},
                "marker": {"type": "circle"} if spec.kind == "line" else {"type": "none"},
            }
        )
    chart.set_title({"name": spec.title, "name_font": {"size": 12}})
    value_axis = {"num_format": "0%" if spec.percent else "#,##0", "min": 0}
    if spec.percent:
        value_axis["max"] = 1
    if spec.kind == "bar":
        chart.set_x_axis(value_axis)
        chart.set_y_axis({"reverse": True})  # the first category on top, as in the table
    else:
        chart.set_y_axis(value_axis)
    chart.set_legend({"position": "bottom" if len(spec.series) > 1 else "none"})
    bars = len(spec.categories) * len(spec.series)
    height = 320 if spec.kind == "line" else min(900, max(300, 90 + 14 * bars))
    chart.set_size({"width": 620, "height": height})
    sheet.insert_chart(at[0], at[1], chart)
    return last + 3, height // 20 + 1
