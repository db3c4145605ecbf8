"""GB/T 9704 as printed: a long document rendered by LibreOffice has 22 lines of 28
characters a page inside the 156 × 225 mm text area, and its page numbers sit 7 mm under
it, right on odd pages and left on even ones."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import docx
import pytest
from pdf_support import ink_box, needs_libreoffice, page_size_mm

from jiancha import gbt9704
from jiancha.reports.pdf import docx_to_pdf, pdf_page_texts, pdf_to_pngs

PHRASE = "检察机关依法履行法律监督职责维护司法公正"  # 20 characters, no punctuation
DPI = 100


def test_chinese_dates_and_heading_levels() -> None:
    assert gbt9704.chinese_date(date(2026, 12, 3)) == "2026年12月3日"
    assert gbt9704.chinese_date(date(2026, 1, 9)) == "2026年1月9日"
    levels = ["一、总体情况", "（二）分项", "3.细目", "（4）小项", "正文一、"]
    assert [gbt9704.heading_level(t) for t in levels] == [1, 2, 3, 4, None]
    assert gbt9704.text_width("2026年12月3日") == 6.5  # 7 half-width digits


def long_document(path: Path) -> Path:
    document = docx.Document()
    gbt9704.apply_layout(document, issuer="漳州市人民检察院")
    gbt9704.add_title(document, "关于法律监督工作情况的报告")
    gbt9704.add_addressee(document, "漳州市人民代表大会常务委员会：")
    gbt9704.add_text(document, "一、总体情况")
    for n in range(14):
        gbt9704.add_text(document, PHRASE * 10)  # 200 characters: 8 lines
        if n == 3:
            gbt9704.add_text(document, "（一）第二层标题")
    gbt9704.add_signature(document, "漳州市人民检察院", gbt9704.chinese_date(date(2026, 12, 3)))
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("gbt9704")
    (pdf,) = docx_to_pdf([long_document(folder / "long.docx")], folder)
    return pdf, pdf_to_pngs(pdf, folder / "png", dpi=DPI)


@needs_libreoffice
def test_a_full_page_holds_22_lines_of_28_characters(rendered: tuple[Path, list[Path]]) -> None:
    pdf, _ = rendered
    pages = pdf_page_texts(pdf)
    assert len(pages) == 6  # 112 body lines, a title block and the signature
    lines = [line.strip().replace(" ", "") for line in pages[1].splitlines() if line.strip()]
    assert lines[-1] == "—2—"
    body = lines[:-1]
    assert len(body) == 22
    # a 200-character paragraph: 26 after the two-character indent, six lines of 28, then 6
    lengths = Counter(len(line) for line in body if set(line) <= set(PHRASE))
    assert set(lengths) <= {26, 28, 6} and lengths[28] >= 15


@needs_libreoffice
def test_pages_are_a4_with_text_inside_the_text_area(rendered: tuple[Path, list[Path]]) -> None:
    _, pngs = rendered
    for png in pngs:
        assert page_size_mm(png, DPI) == (210, 297)
    left, top, right, bottom = ink_box(pngs[1], DPI, (0, 0, 210, 262 + 3))
    assert 27 <= left <= 29 + 1 and 181 <= right <= 184 + 0.5  # 订口 28 mm, 156 mm wide
    assert 37 <= top <= 40 and bottom <= 262.5  # 天头 37 mm, 225 mm high


@needs_libreoffice
def test_page_numbers_sit_under_the_text_area_right_then_left(
    rendered: tuple[Path, list[Path]],
) -> None:
    _, pngs = rendered
    odd = ink_box(pngs[0], DPI, (0, 262.5, 210, 297))
    even = ink_box(pngs[1], DPI, (0, 262.5, 210, 297))
    assert odd and even
    # one 四号 character (4.9 mm) in from the text area's edge: right at 184, left at 28
    assert 176 <= odd[2] <= 180 and odd[0] > 105
    assert 32 <= even[0] <= 35 and even[2] < 105
    for box in (odd, even):
        middle = (box[1] + box[3]) / 2
        assert abs(middle - (262 + 7)) <= 1.5  # the 一字线 7 mm below the text area
