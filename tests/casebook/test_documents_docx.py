"""Documents: filled from the clue, numbered per unit, kind and year, stored and on the
ledger; a unit's own template wins over the shipped one."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import docx.styles.style
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from PIL import Image
from wf_support import wf_hit, wf_record

from jiancha.casebook import Casebook, ClueStatus
from jiancha.casebook.documents import (
    PACKAGE_TEMPLATES,
    build_template,
    document_number,
    document_text,
    documents_of,
    issue_document,
)
from jiancha.casebook.filestore import FileStore
from jiancha.casebook.ledger import Ledger
from jiancha.casebook.workflow import ActionSpec, Workflow
from jiancha.errors import CasebookError
from jiancha.reports.pdf import docx_to_pdf, pdf_page_texts, pdf_to_pngs

S = ClueStatus
AT = datetime(2026, 3, 2, 10)


def to_action(flow: Workflow, clue: str, status: ClueStatus, spec: ActionSpec) -> None:
    for target in (S.ASSIGNED, S.VERIFYING, S.OPENED):
        flow.move(clue, target, actor="检察官甲")
    flow.move(clue, status, actor="检察官甲", action=spec)


def test_numbers_follow_unit_kind_and_year() -> None:
    assert document_number("350602", "recommendation", 2026, 3) == "漳芗检建〔2026〕3号"
    assert document_number("35060299", "correction_notice", 2026, 1) == "漳芗检纠〔2026〕1号"
    assert document_number("350699", "supervisory_transfer", 2025, 12) == "漳检移〔2025〕12号"
    with pytest.raises(CasebookError, match="110101"):
        document_number("110101", "recommendation", 2026, 1)


def test_the_shipped_templates_have_every_placeholder() -> None:
    for kind in ("recommendation", "correction_notice", "supervisory_transfer"):
        shipped = docx.Document(str(PACKAGE_TEMPLATES / f"{kind}.docx"))
        text = "\n".join(p.text for p in shipped.paragraphs)
        assert "{{facts}}" in text and "{{legal_basis}}" in text and "{{number}}" in text
        built = "\n".join(p.text for p in build_template(kind).paragraphs)
        assert built == text


def test_a_recommendation_is_filled_numbered_stored_and_ledgered(
    flow: Workflow, wf_book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    to_action(flow, "C000001", S.RECOMMENDED, ActionSpec("漳州监狱", urgent=True))
    to_action(flow, "C000002", S.RECOMMENDED, ActionSpec("漳州监狱"))
    with wf_book.session() as session:
        first = issue_document(session, ledger, files, "C000001", "recommendation",
                               actor="检察官甲", at=AT, request="依法撤销减刑建议")  # fmt: skip
        second = issue_document(session, ledger, files, "C000002", "recommendation",
                                actor="检察官甲", at=AT)  # fmt: skip
        stored = documents_of(session, "C000001")
        report = ledger.verify(session)

    assert (first.number, second.number) == ("漳芗检建〔2026〕1号", "漳芗检建〔2026〕2号")
    assert stored == [first]
    opened = docx.Document(io.BytesIO(files.get(first.sha256)))
    paragraphs = [p.text for p in opened.paragraphs]
    assert paragraphs[0] == "漳州市芗城区人民检察院"
    assert paragraphs[1] == "检察建议书"
    assert paragraphs[2] == "漳芗检建〔2026〕1号"
    assert "漳州监狱：" in paragraphs
    text = document_text(files.get(first.sha256))
    assert "首次减刑间隔不足" in text and "served_months：10" in text
    assert "《最高人民法院关于办理减刑、假释案件具体应用法律的规定》第六条" in text
    assert "execution_change E0001" in text and "依法撤销减刑建议" in text
    assert "收到本建议书之日起15日内" in text  # urgent
    assert "2026年3月2日" in text and "{{" not in text
    assert opened.tables[0].cell(0, 1).text == "C000001"
    assert report.ok and report.entries > 0


def test_a_units_own_template_wins(
    flow: Workflow, wf_book: Casebook, ledger: Ledger, files: FileStore, tmp_path: Path
) -> None:
    own = docx.Document()
    own.add_paragraph("本院自定义格式 {{number}}")
    paragraph = own.add_paragraph("致")
    paragraph.add_run("{{recip")  # a placeholder Word split over runs
    paragraph.add_run("ient}}")
    (tmp_path / "templates").mkdir()
    own.save(str(tmp_path / "templates" / "correction_notice.docx"))
    to_action(flow, "C000003", S.CORRECTION_NOTIFIED, ActionSpec("龙文区看守所", reply_days=10))
    with wf_book.session() as session:
        made = issue_document(
            session, ledger, files, "C000003", "correction_notice",
            actor="甲", at=AT, project_templates=tmp_path / "templates",
        )  # fmt: skip
    lines = [line for line in document_text(files.get(made.sha256)).splitlines() if line]
    assert lines == ["本院自定义格式 漳龙文检纠〔2026〕1号", "致龙文区看守所"]


# -- GB/T 9704 layout ---------------------------------------------------------------------

KINDS = {
    "recommendation": (S.RECOMMENDED, "漳芗检建〔2026〕1号", "检察建议书"),
    "correction_notice": (S.CORRECTION_NOTIFIED, "漳芗检纠〔2026〕1号", "纠正违法通知书"),
    "pil_pre_litigation": (S.PIL_RECOMMENDED, "漳龙文检公建〔2026〕1号", "检察建议书（诉前）"),
    "supervisory_transfer": (S.TRANSFERRED, "漳芗检移〔2026〕1号", "线索移送函"),
}


def issue_every_kind(
    flow: Workflow, wf_book: Casebook, ledger: Ledger, files: FileStore
) -> dict[str, bytes]:
    """One document of each kind, from three clues (C000003 is of 350603)."""
    wf_record(wf_book, 2, [wf_hit("E0004")])  # a fourth clue, C000004
    clues = dict(zip(KINDS, ("C000001", "C000002", "C000003", "C000004"), strict=True))
    made = {}
    for kind, clue in clues.items():
        to_action(flow, clue, KINDS[kind][0], ActionSpec("漳州监狱"))
    with wf_book.session() as session:
        for kind, clue in clues.items():
            view = issue_document(session, ledger, files, clue, kind, actor="甲", at=AT)
            made[kind] = files.get(view.sha256)
    return made


def mm(length: int | None) -> float:
    assert length is not None
    return round(length / 36000, 1)


def east_asian_font(style: docx.styles.style.BaseStyle) -> str | None:
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia"))


def test_every_kind_of_document_is_laid_out_as_gbt9704(
    flow: Workflow, wf_book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    for kind, data in issue_every_kind(flow, wf_book, ledger, files).items():
        opened = docx.Document(io.BytesIO(data))
        section = opened.sections[0]
        assert (mm(section.page_width), mm(section.page_height)) == (210.0, 297.0), kind
        margins = (section.top_margin, section.bottom_margin, section.left_margin)
        assert [mm(m) for m in (*margins, section.right_margin)] == [37.0, 35.0, 28.0, 26.0]
        grid = section._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:linePitch")) == "579"  # 225 mm / 22 lines, in twips
        styles = opened.styles
        assert east_asian_font(styles["Normal"]) == "仿宋_GB2312"
        assert styles["Normal"].font.size == Pt(16)  # 三号
        assert east_asian_font(styles["Title"]) == "方正小标宋简体"
        assert styles["Title"].font.size == Pt(22)  # 二号
        assert [east_asian_font(styles[f"Heading {n}"]) for n in (1, 2, 3, 4)] == [
            "黑体", "楷体_GB2312", "仿宋_GB2312", "仿宋_GB2312"
        ]  # fmt: skip
        paragraphs = opened.paragraphs
        assert [p.style.name for p in paragraphs[:3]] == ["Title", "Title", "发文字号"]
        assert paragraphs[1].text == KINDS[kind][2]
        assert paragraphs[2].text == KINDS[kind][1]
        assert paragraphs[-2].text == ("漳州市龙文区人民检察院" if kind == "pil_pre_litigation"
                                       else "漳州市芗城区人民检察院")  # fmt: skip
        assert (paragraphs[-1].text, paragraphs[-1].style.name) == ("2026年3月2日", "成文日期")
        assert (paragraphs[4].style.name, paragraphs[5].style.name) == ("主送机关", "Heading 1")
        text = document_text(data)
        assert "{{" not in text and "}}" not in text
        assert opened.core_properties.author in paragraphs[-2].text
        assert "python-docx" not in (opened.core_properties.comments or "")


def test_the_signature_is_centred_on_a_date_four_characters_from_the_right(
    flow: Workflow, wf_book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    data = issue_every_kind(flow, wf_book, ledger, files)["recommendation"]
    opened = docx.Document(io.BytesIO(data))
    name, when = opened.paragraphs[-2:]

    def right_chars(paragraph: Paragraph) -> float:
        ind = paragraph.paragraph_format.element.pPr.ind
        own = ind if ind is not None and ind.get(qn("w:rightChars")) else None
        source = own if own is not None else paragraph.style.element.pPr.ind
        return int(source.get(qn("w:rightChars"))) / 100

    assert right_chars(when) == 4
    # 漳州市芗城区人民检察院 is 11 characters, 2026年3月2日 3 + 3 half-width ones: 6
    assert right_chars(name) == 4 + (6 - 11) / 2


def test_page_numbers_are_dashed_fields_right_on_odd_left_on_even_pages(
    flow: Workflow, wf_book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    data = issue_every_kind(flow, wf_book, ledger, files)["correction_notice"]
    opened = docx.Document(io.BytesIO(data))
    assert opened.settings.odd_and_even_pages_header_footer
    section = opened.sections[0]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        (paragraph,) = footer.paragraphs
        xml = paragraph._p.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        assert paragraph.text == "— 1 —"  # the field's shown value between 一字线
        assert paragraph.alignment == getattr(WD_ALIGN_PARAGRAPH, side.upper())
        assert east_asian_font(paragraph.style) == "宋体"
        assert paragraph.style.font.size == Pt(14)  # 四号


def test_properties_and_font_fallbacks_name_the_procuratorate(
    flow: Workflow, wf_book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    data = issue_every_kind(flow, wf_book, ledger, files)["supervisory_transfer"]
    opened = docx.Document(io.BytesIO(data))
    props = opened.core_properties
    assert (props.author, props.last_modified_by) == ("漳州市芗城区人民检察院",) * 2
    assert props.title == "线索移送函（漳芗检移〔2026〕1号）"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        app = package.read("docProps/app.xml").decode()
        fonts = package.read("word/fontTable.xml").decode()
    assert "<Company>漳州市芗城区人民检察院</Company>" in app and "Macintosh" not in app
    assert re.search(r'w:name="仿宋_GB2312">\s*<w:altName w:val="仿宋"', fonts)
    assert re.search(r'w:name="方正小标宋简体">\s*<w:altName w:val="宋体"', fonts)


def test_a_value_of_several_lines_becomes_paragraphs_indented_alike(
    flow: Workflow, wf_book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    data = issue_every_kind(flow, wf_book, ledger, files)["recommendation"]
    opened = docx.Document(io.BytesIO(data))
    texts = [p.text for p in opened.paragraphs]
    facts = texts.index("首次减刑间隔不足。")
    assert texts[facts + 1 : facts + 3] == ["served_months：10", "required_months：12"]
    assert {opened.paragraphs[i].style.name for i in range(facts, facts + 3)} == {"Normal"}


def test_the_shipped_templates_are_laid_out_too() -> None:
    for kind in KINDS:
        shipped = docx.Document(str(PACKAGE_TEMPLATES / f"{kind}.docx"))
        assert mm(shipped.sections[0].top_margin) == 37.0
        assert shipped.paragraphs[0].style.name == "Title"
        assert shipped.core_properties.author != "python-docx"


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdftoppm")),
    reason="LibreOffice or poppler-utils is not installed here (.ci/run installs them from "
    "Debian's libreoffice-writer-nogui and poppler-utils), so documents are not rendered",
)
def test_every_kind_renders_as_an_a4_pdf_that_reads_as_it_should(
    flow: Workflow, wf_book: Casebook, ledger: Ledger, files: FileStore, tmp_path: Path
) -> None:
    made = issue_every_kind(flow, wf_book, ledger, files)
    sources = []
    for kind, data in made.items():
        sources.append(tmp_path / f"{kind}.docx")
        sources[-1].write_bytes(data)
    for kind, pdf in zip(made, docx_to_pdf(sources, tmp_path / "pdf"), strict=True):
        pages = pdf_page_texts(pdf)
        first = re.sub(r"[ \t]+", "", pages[0])
        assert KINDS[kind][1] in first and KINDS[kind][2] in first, kind
        assert "漳州监狱：" in first and "一、" in first
        assert re.search(r"^—1—$", first, re.M)
        assert "2026年3月2日" in re.sub(r"\s+", "", pages[-1])
        pngs = pdf_to_pngs(pdf, tmp_path / "png" / kind, dpi=36)
        assert len(pngs) == len(pages)
        with Image.open(pngs[0]) as image:
            assert image.size == (298, 421)  # A4 at 36 dpi
