"""The period report against a casebook with known clues (report_support): its figures,
and the same figures in Chinese in the HTML, the workbook and the PDF."""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pdf_support import needs_poppler
from python_calamine import CalamineWorkbook
from report_support import AS_OF, EXECUTION, known_input

from jiancha.casebook.casework import Casework
from jiancha.casebook.stats import parse_period
from jiancha.errors import ReportError, UsageError
from jiancha.reports import period_sections
from jiancha.reports.pdf import pdf_page_texts, pdf_to_pngs
from jiancha.reports.period import Period, PeriodReportInput
from jiancha.reports.period_render import render
from jiancha.reports.period_sections import Column, Section, SectionSpec, Table


@pytest.fixture(scope="module")
def report(known_work: Casework) -> PeriodReportInput:
    return known_input(known_work)


def test_periods_read_as_stats_reads_them() -> None:
    q1 = Period.parse("2026Q1")
    assert (q1.start, q1.end) == parse_period("2026Q1")
    assert (q1.label, q1.previous.label, q1.previous.code) == (
        "2026年第一季度", "2025年第四季度", "2025Q4"
    )  # fmt: skip
    assert q1.span == "2026年1月1日至2026年3月31日"
    assert Period.parse("2026-01").previous.code == "2025-12"
    assert Period.parse("2026").previous.label == "2025年"
    with pytest.raises(UsageError, match="2026Q5"):
        Period.parse("2026Q5")


def test_the_figures_of_the_period_and_the_one_before(report: PeriodReportInput) -> None:
    now, before = report.current.totals, report.previous.totals
    assert (now.found, now.verified, now.confirmed, now.dismissed) == (4, 4, 2, 2)
    assert (now.false_positive, now.acted_on, now.rectified, now.precision) == (2, 3, 1, 0.5)
    assert (now.recommendation, now.correction_notice, now.supervisory_transfer) == (1, 1, 1)
    assert (before.found, before.verified, before.confirmed, before.precision) == (4, 1, 1, 1.0)
    models = report.current.by("model_id")
    assert (models[EXECUTION].verified, models[EXECUTION].precision) == (3, 1 / 3)
    units = report.current.by("unit_code")
    assert (units["350602"].found, units["350603"].found) == (3, 1)
    assert report.current.by("domain")["custody"].acted_on == 1


def test_case_ratio_deadlines_and_the_trend(report: PeriodReportInput) -> None:
    current = report.current
    assert (current.cases, current.pieces, current.ratio) == (2, 3, 1.5)
    assert report.previous.ratio == 1.0
    outcomes = {(d.ref, d.rule): d.met for d in current.deadlines}
    assert outcomes == {
        ("C000001", "recommendation_reply"): True,
        ("C000003", "correction_reply"): False,
        ("XF0001", "petition_procedural_reply"): True,
        ("XF0002", "petition_procedural_reply"): False,
    }
    assert [f.period.code for f in report.trend] == ["2025Q2", "2025Q3", "2025Q4", "2026Q1"]
    assert report.generated == AS_OF


class _Visible(HTMLParser):
    """The text a person sees: everything but styles (SVG labels and titles included)."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.text.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.text)


def test_the_html_says_it_in_chinese(report: PeriodReportInput) -> None:
    html = render(report, "html").decode()
    text = visible_text(html)
    for said in (
        "福建省漳州市人民检察院", "法律监督线索工作统计分析报告", "2026年第一季度",
        "共发现监督线索4条，与上期持平", "核查办结4条（属实2条，排除2条），核查准确率50.0%",
        "检察建议1件、纠正违法通知书1件、移送问题线索1件", "整改到位1件",
        "案-件比为1:1.50（上期1:1.00）", "按期办结2个，逾期2个",
        "首次减刑间隔不足", "侦查羁押期限超期", "刑事执行", "羁押与办案期限",
        "漳州市芗城区人民检察院", "芗城区院", "退回补充侦查", "信访程序性回复", "33.3%",
    ):  # fmt: skip
        assert said in text, said
    assert html.count("<svg") == 7  # one chart a section, but the notes
    # no code, column name or status value a person would have to decode
    leftovers = set(re.findall(r"[A-Za-z_]{3,}", text))
    assert not leftovers, leftovers
    assert "350602" not in text and "execution" not in text


def test_the_workbook_has_a_sheet_per_section_with_native_charts(
    report: PeriodReportInput,
) -> None:
    data = render(report, "xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names[:3] == ["封面", "一、总体情况", "二、分领域情况"]
    assert book.sheet_names[-1] == "八、说明"
    summary = book.get_sheet_by_name("一、总体情况").to_python()
    header = next(row for row in summary if row and row[0] == "指标")
    assert header[:5] == ["指标", "本期", "上期", "增减", "增减幅度"]
    found = next(row for row in summary if row and row[0] == "发现线索")
    assert found[1:3] == [4.0, 4.0]
    precision = next(row for row in summary if row and row[0] == "核查准确率")
    assert precision[1:3] == [0.5, 1.0]  # numbers, shown as percentages
    models = book.get_sheet_by_name("三、分模型情况").to_python()
    assert any(row and row[0] == "首次减刑间隔不足" and row[1] == "刑事执行" for row in models)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        charts = [n for n in package.namelist() if n.startswith("xl/charts/chart")]
        styles = package.read("xl/styles.xml").decode()
        first = package.read(sorted(charts)[0]).decode()
    assert len(charts) == 7
    assert '"1:"0.00' in styles.replace("&quot;", '"') and "0.0%" in styles
    assert "<c:barChart>" in first and "'一、总体情况'!$A$" in first


@needs_poppler
def test_the_pdf_reads_back_in_chinese_on_a4_pages(
    report: PeriodReportInput, tmp_path: Path
) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render(report, "pdf"))
    pages = pdf_page_texts(pdf)
    text = re.sub(r"\s+", "", "".join(pages))
    assert "法律监督线索工作统计分析报告" in text and "核查准确率50.0%" in text
    assert "案-件比为1:1.50" in text and "—1—" in text
    pngs = pdf_to_pngs(pdf, tmp_path / "png", dpi=36)
    assert len(pngs) == len(pages) >= 3
    from PIL import Image

    with Image.open(pngs[0]) as image:
        assert image.size == (298, 421)  # A4 at 36 dpi


def test_a_registered_section_reads_its_own_data_and_is_shown(
    known_work: Casework, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(period_sections, "SECTIONS", list(period_sections.SECTIONS))

    def gather(context: period_sections.GatherContext) -> int:
        assert context.period.code == "2026Q1" and context.units is None
        return 3  # e.g. interference records of the period, from the register's table

    def build(report: PeriodReportInput) -> Section:
        count = report.extra["interference"]
        table = Table("干预司法登记", (Column("单位", "text"), Column("登记")),
                      (("漳州市芗城区人民检察院", count),))  # fmt: skip
        return Section("interference", "过问干预司法登记", (f"本期登记{count}件。",), (table,))

    period_sections.register_section(SectionSpec("interference", build, gather))
    report = known_input(known_work, gatherers=period_sections.gatherers())
    sections = [s.key for s in period_sections.build_sections(report)]
    assert sections[-2:] == ["interference", "notes"]
    html = render(report, "html").decode()
    assert "八、过问干预司法登记" in html and "本期登记3件。" in html
    book = CalamineWorkbook.from_filelike(io.BytesIO(render(report, "xlsx")))
    assert "八、过问干预司法登记" in book.sheet_names


def test_a_unit_scope_keeps_every_figure_to_the_unit(known_work: Casework) -> None:
    report = known_input(known_work, units=["350603"])
    assert report.current.totals.found == 1 and report.current.by("unit_code").keys() == {"350603"}
    assert [r.unit_code for r in report.current.ratios] == ["350603"]
    assert {d.ref for d in report.current.deadlines} == {"XF0002"}  # its petition only


def test_missing_tools_are_named_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from jiancha.reports import pdf

    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(ReportError, match="libreoffice-writer-nogui"):
        pdf.docx_to_pdf([Path("a.docx")], Path("."))
    with pytest.raises(ReportError, match="poppler-utils"):
        pdf.pdf_page_texts(Path("a.pdf"))
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(ReportError, match="libpango"):
        pdf.html_to_pdf("<p>报告</p>")


def test_no_chinese_font_is_named_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from jiancha.reports import pdf

    class Listed:
        stdout = ""

    monkeypatch.setattr(pdf.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(pdf.subprocess, "run", lambda *a, **k: Listed())
    with pytest.raises(ReportError, match="fonts-noto-cjk"):
        pdf.require_cjk_fonts()


def test_an_unknown_format_is_refused(report: PeriodReportInput) -> None:
    with pytest.raises(ReportError, match="docx"):
        render(report, "docx")
    assert date(2026, 4, 15) == report.generated
