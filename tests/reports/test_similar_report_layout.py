"""The 类案检索报告 is laid out as every other document: GB/T 9704 page, faces and page
numbers, properties naming the searching procuratorate."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import docx
from docx.oxml.ns import qn
from pdf_support import needs_libreoffice

from jiancha.reports.pdf import docx_to_pdf, pdf_page_texts
from jiancha.text.report import write_report
from jiancha.text.similar import Element, Match


def _report(path: Path) -> Path:
    matches = [
        Match(
            record_id=f"J00{i}",
            score=1.2,
            charge="盗窃罪",
            penalty="fixed_term",
            term_months=6 * i,
            probation_months=None,
            fine_yuan=2000.0,
            amount_yuan=4000.0,
            matched=(Element("罪名", "盗窃", "盗窃"),),
            differing=(),
        )
        for i in range(1, 4)
    ]
    return write_report(path, "被告人张某盗窃人民币4000元。", matches, unit="漳州市人民检察院",
                        generated=date(2026, 12, 3))  # fmt: skip


def test_the_similar_case_report_has_the_document_layout(tmp_path: Path) -> None:
    opened = docx.Document(str(_report(tmp_path / "类案.docx")))
    section = opened.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    title = opened.paragraphs[0]
    assert (title.text, title.style.name) == ("类案检索报告", "Title")
    fonts = title.style.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert not fonts.get(qn("w:asciiTheme"))  # the blank template's theme face is gone
    heading = next(p for p in opened.paragraphs if p.text.startswith("一、"))
    assert heading.style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    assert "PAGE" in section.footer.paragraphs[0]._p.xml
    assert opened.core_properties.author == "漳州市人民检察院"
    for table in opened.tables:
        assert {p.style.name for row in table.rows for c in row.cells for p in c.paragraphs} == {
            "表格文字"
        }


@needs_libreoffice
def test_the_similar_case_report_prints_on_a4(tmp_path: Path) -> None:
    (pdf,) = docx_to_pdf([_report(tmp_path / "similar.docx")], tmp_path)
    pages = pdf_page_texts(pdf)
    assert "类案检索报告" in pages[0].replace(" ", "")
    assert re.search(r"—\s*1\s*—", pages[0])
