"""Documents: written from the clue in Chinese prose, numbered per unit, kind and year, stored
and on the ledger, laid out as GB/T 9704; a unit's own template wins over the shipped one."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import docx
import docx.styles.style
import pytest
from doc_support import ART_265, raw_words_in, record_parole_clues
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from wf_support import take_step

from jiancha.casebook import Casebook, ClueStatus
from jiancha.casebook.actions import KIND_TITLES, STATUS_DOCUMENTS
from jiancha.casebook.document_texts import SECTIONS, cn_number, evidence_name, fact_text
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
from jiancha.text.similar import Element, Elements, Match, SimilarResult

S = ClueStatus
AT = datetime(2026, 3, 2, 10)
SERVED_AT = datetime(2026, 3, 3, 9)
# a reminder is written when the reply period (served 3 March + two months) is over
ISSUED = {"reply_reminder": datetime(2026, 6, 1, 10)}
DATES = {"reply_reminder": "2026年6月1日"}
CONCLUSION = (
    "罪犯王某某于2024年10月30日以患有严重疾病为由被裁定暂予监外执行，裁定后180日内"
    "（2024年10月30日至2025年4月28日）无任何住院记录。"
)


@pytest.fixture
def book(wf_db_url: str) -> Iterator[Casebook]:
    """A casebook with the medical-parole clues C000001–C000008 (C000003 of 350603)."""
    opened = Casebook.open(wf_db_url)
    record_parole_clues(opened, 8, units=("350602",) * 2 + ("350603",) + ("350602",) * 5)
    yield opened
    opened.close()


@pytest.fixture
def pflow(book: Casebook, ledger: Ledger) -> Workflow:
    return Workflow(book, ledger)


def opened_clue(flow: Workflow, clue: str) -> None:
    for target in (S.ASSIGNED, S.VERIFYING, S.OPENED):
        flow.move(clue, target, actor="检察官甲")


def test_numbers_follow_unit_kind_and_year() -> None:
    assert document_number("350602", "recommendation", 2026, 3) == "漳芗检建〔2026〕3号"
    assert document_number("35060299", "correction_notice", 2026, 1) == "漳芗检纠〔2026〕1号"
    assert document_number("350699", "supervisory_transfer", 2025, 12) == "漳检移〔2025〕12号"
    with pytest.raises(CasebookError, match="110101"):
        document_number("110101", "recommendation", 2026, 1)


def test_the_shipped_templates_have_every_section() -> None:
    for kind in SECTIONS:
        shipped = docx.Document(str(PACKAGE_TEMPLATES / f"{kind}.docx"))
        text = "\n".join(p.text for p in shipped.paragraphs)
        for name, _heading in SECTIONS[kind]:
            assert "{{" + name + "}}" in text, (kind, name)
        assert "{{number}}" in text and "{{recipient}}" in text
        built = "\n".join(p.text for p in build_template(kind).paragraphs)
        assert built == text


def test_values_read_as_chinese() -> None:
    assert fact_text("2024-10-30") == "2024年10月30日"
    assert fact_text(12345, "罚没金额") == "12,345.00元"
    assert fact_text(0.125, "比例") == "12.5%"
    assert fact_text("fixed_term") == "有期徒刑"
    assert fact_text("plea;confession") == "认罪认罚、坦白"
    assert fact_text(True) == "是" and fact_text(None) == "不详"
    assert [cn_number(n) for n in (2, 10, 15, 21, 90)] == ["二", "十", "十五", "二十一", "九十"]
    judgment = {"case_id": "（2023）闽0602刑初123号", "decided_at": "2023-05-10"}
    assert evidence_name("judgment", judgment) == "《刑事判决书》（（2023）闽0602刑初123号）"
    change = {"kind": "medical_parole", "name": "王某某", "ruled_at": "2024-10-30"}
    assert evidence_name("execution_change", change) == (
        "《暂予监外执行决定书》（姓名王某某，裁定日期2024年10月30日）"
    )


def test_a_recommendation_is_written_from_the_clue_numbered_stored_and_ledgered(
    pflow: Workflow, book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    opened_clue(pflow, "C000001")
    opened_clue(pflow, "C000002")
    with book.session() as session:
        first = issue_document(session, ledger, files, "C000001", "recommendation",
                               actor="检察官甲", at=AT, recipient="漳州监狱",
                               urgent=True)  # fmt: skip
        second = issue_document(session, ledger, files, "C000002", "recommendation",
                                actor="检察官甲", at=AT, recipient="漳州监狱")  # fmt: skip
        stored = documents_of(session, "C000001")
        report = ledger.verify(session)

    assert (first.number, second.number) == ("漳芗检建〔2026〕1号", "漳芗检建〔2026〕2号")
    assert first.filename == "检察建议书（漳芗检建〔2026〕1号）.docx"
    assert stored == [first]
    assert pflow.state("C000001").clue.status == S.RECOMMENDED  # the step came with it
    opened = docx.Document(io.BytesIO(files.get(first.sha256)))
    paragraphs = [p.text for p in opened.paragraphs]
    assert paragraphs[:3] == ["漳州市芗城区人民检察院", "检察建议书", "漳芗检建〔2026〕1号"]
    assert "漳州监狱：" in paragraphs
    text = document_text(files.get(first.sha256))
    assert "本院在履行法律监督职责中，通过比对刑罚变更执行、刑事裁判与住院记录数据发现：" in text
    assert CONCLUSION in text
    assert "经核对，裁定日期为2024年10月30日；检查止日为2025年4月28日。" in text
    assert (
        "经查询医疗保障局医保住院结算记录，查询期间2024年10月30日至2025年4月28日，均无记录。"
        in text
    )
    assert "1.《暂予监外执行决定书》（姓名王某某，裁定日期2024年10月30日）；" in text
    assert "2.《刑事判决书》（（2023）闽0602刑初123号）。" in text
    assert f"《中华人民共和国刑事诉讼法》第二百六十五条规定：“{ART_265}”" in text
    assert "建议你单位对罪犯王某某的病情及暂予监外执行情形依法进行复查" in text
    assert "请你单位于收到本检察建议书之日起十五日内将办理情况书面回复本院。" in text  # urgent
    assert "两个月内" in document_text(files.get(second.sha256))
    assert paragraphs[-2:] == ["漳州市芗城区人民检察院", "2026年3月2日"]
    assert "{{" not in text and not opened.tables
    assert report.ok and report.entries > 0


def facts_of_the_clue_only(text: str, dates: set[str], numbers: set[str]) -> None:
    """Every date, number and name in ``text`` is the clue's, the law's, the issue's or, in
    ``dates`` and ``numbers``, of the workflow's."""
    allowed_dates = {"2024年10月30日", "2025年4月28日", "2023年5月10日", "2026年3月2日"}
    assert set(re.findall(r"\d{4}年\d{1,2}月\d{1,2}日", text)) <= allowed_dates | dates
    undated = re.sub(r"\d{4}年\d{1,2}月\d{1,2}日", "", text)
    found = set(re.findall(r"(?<![〔\d])\d+(?![\d〕])", undated))
    # 180: the model's parameter; 123, 0602, 2023: the judgment's case number; 1, 2: list
    # numbers and the document's own number
    assert found <= {"180", "1", "2", "0602", "123", "2023"} | numbers, found
    assert set(re.findall(r"[王张李赵]某+", text)) <= {"王某某"}


def test_every_kind_has_no_raw_keys_and_only_the_clues_facts(
    pflow: Workflow, book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    for kind, data in issue_every_kind(pflow, book, ledger, files).items():
        text = document_text(data)
        assert not raw_words_in(text), (kind, raw_words_in(text))
        assert "350602198001011231" not in text and "ZZJY" not in text and "C00000" not in text
        assert "None" not in text and "不详" not in text, kind
        if kind == "similar_case_report":  # its numbers are the search's
            continue
        if kind == "reply_reminder":  # served 3 March, due 3 May, 29 days late on 1 June
            facts_of_the_clue_only(text, {"2026年3月3日", "2026年5月3日", "2026年6月1日"}, {"29"})
        else:
            facts_of_the_clue_only(text, set(), set())


def test_a_units_own_template_wins(
    pflow: Workflow, book: Casebook, ledger: Ledger, files: FileStore, tmp_path: Path
) -> None:
    own = docx.Document()
    own.add_paragraph("本院自定义格式 {{number}}")
    paragraph = own.add_paragraph("致")
    paragraph.add_run("{{recip")  # a placeholder Word split over runs
    paragraph.add_run("ient}}")
    (tmp_path / "templates").mkdir()
    own.save(str(tmp_path / "templates" / "correction_notice.docx"))
    opened_clue(pflow, "C000003")
    with book.session() as session:
        made = issue_document(
            session, ledger, files, "C000003", "correction_notice", actor="甲", at=AT,
            recipient="龙文区看守所", reply_days=10, project_templates=tmp_path / "templates",
        )  # fmt: skip
    lines = [line for line in document_text(files.get(made.sha256)).splitlines() if line]
    assert lines == ["本院自定义格式 漳龙文检纠〔2026〕1号", "致龙文区看守所"]


# -- GB/T 9704 layout ---------------------------------------------------------------------

NUMBERS = {
    "recommendation": "漳芗检建〔2026〕1号",
    "correction_notice": "漳芗检纠〔2026〕1号",
    "pil_pre_litigation": "漳龙文检公建〔2026〕1号",
    "supervisory_transfer": "漳芗检移〔2026〕1号",
    "retrial_recommendation": "漳芗检民再建〔2026〕1号",
    "enforcement_recommendation": "漳芗检执建〔2026〕1号",
    "reply_reminder": "漳芗检督〔2026〕1号",
    "similar_case_report": "漳芗检类检〔2026〕1号",
}


def issue_every_kind(
    flow: Workflow, book: Casebook, ledger: Ledger, files: FileStore
) -> dict[str, bytes]:
    """One document of each kind: the four steps from four clues (C000003 is of 350603),
    the civil recommendations, a reminder and a report on clues in the right state."""
    steps = dict(
        zip(
            ("recommendation", "correction_notice", "pil_pre_litigation", "supervisory_transfer"),
            ("C000001", "C000002", "C000003", "C000004"),
            strict=True,
        )
    )
    made: dict[str, bytes] = {}
    for kind, clue in steps.items():
        opened_clue(flow, clue)
        status = next(s for s, kinds in STATUS_DOCUMENTS.items() if kind in kinds)
        made[kind] = files.get(take_step(flow, clue, status, ActionSpec("漳州监狱"), at=AT).sha256)
    flow.move("C000001", S.SERVED, actor="检察官甲", at=SERVED_AT)
    opened_clue(flow, "C000005")
    opened_clue(flow, "C000006")
    with book.session() as session:
        for kind, clue, recipient in (
            ("retrial_recommendation", "C000005", "漳州市芗城区人民法院"),
            ("enforcement_recommendation", "C000006", "漳州市芗城区人民法院"),
            ("reply_reminder", "C000001", ""),
            ("similar_case_report", "C000007", ""),
        ):
            view = issue_document(
                session, ledger, files, clue, kind, actor="甲", at=ISSUED.get(kind, AT),
                recipient=recipient, similar=SEARCH if kind == "similar_case_report" else None,
            )  # fmt: skip
            made[kind] = files.get(view.sha256)
    return made


def _match(n: int, term: int, same: bool) -> Match:
    charge = Element("罪名", "盗窃罪", "盗窃罪")
    amount = Element("犯罪数额", "12,000.00元", "12,000.00元" if same else "30,000.00元")
    return Match(
        record_id=f"J{n:07d}", score=0.9 - n / 10, charge="盗窃罪", penalty="fixed_term",
        term_months=term, probation_months=None, fine_yuan=3000.0, amount_yuan=12000.0,
        matched=(charge, amount) if same else (charge,), differing=() if same else (amount,),
    )  # fmt: skip


SEARCH = SimilarResult(
    query={"full_text": "被告人王某某盗窃他人财物价值人民币12000元。"},
    matches=[_match(1, 18, True), _match(2, 30, False)],
    elements=Elements(charges=frozenset({"盗窃罪"}), amount_yuan=12000.0),
)


def mm(length: int | None) -> float:
    assert length is not None
    return round(length / 36000, 1)


def east_asian_font(style: docx.styles.style.BaseStyle) -> str | None:
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia"))


def test_every_kind_of_document_is_laid_out_as_gbt9704(
    pflow: Workflow, book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    made = issue_every_kind(pflow, book, ledger, files)
    assert set(made) == set(SECTIONS)
    for kind, data in made.items():
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
        assert paragraphs[1].text == KIND_TITLES[kind]
        assert paragraphs[2].text == NUMBERS[kind]
        issuer = (
            "漳州市龙文区人民检察院" if kind == "pil_pre_litigation" else "漳州市芗城区人民检察院"
        )
        assert (paragraphs[-2].text, paragraphs[-2].style.name) == (issuer, "发文机关署名")
        day = DATES.get(kind, "2026年3月2日")
        assert (paragraphs[-1].text, paragraphs[-1].style.name) == (day, "成文日期")
        if kind != "similar_case_report":  # an internal report has no addressee
            assert paragraphs[4].style.name == "主送机关" and paragraphs[4].text.endswith("：")
        text = document_text(data)
        assert "{{" not in text and "}}" not in text
        props = opened.core_properties
        assert (props.author, props.last_modified_by) == (issuer, issuer)
        assert props.title == f"{KIND_TITLES[kind]}（{NUMBERS[kind]}）"


def test_each_kind_says_what_it_is_for(
    pflow: Workflow, book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    texts = {k: document_text(v) for k, v in issue_every_kind(pflow, book, ledger, files).items()}
    assert "现通知你单位予以纠正，并于收到本通知书之日起十五日内" in texts["correction_notice"]
    assert "依法提起行政公益诉讼" in texts["pil_pre_litigation"]
    assert "移送你委依法处置，请于收到本函之日起九十日内" in texts["supervisory_transfer"]
    assert "本院认为，本案符合前述规定的再审情形。" in texts["retrial_recommendation"]
    assert "收到本再审检察建议书之日起三个月内" in texts["retrial_recommendation"]
    assert "四、检察建议" in texts["enforcement_recommendation"]
    reminder = texts["reply_reminder"]
    assert "漳州监狱：" in reminder
    assert "本院于2026年3月2日向你单位制发《检察建议书》（漳芗检建〔2026〕1号）" in reminder
    assert "于2026年3月3日送达，要求你单位于2026年5月3日前将办理情况书面回复本院。" in reminder
    assert "截至2026年6月1日，已逾期29日，本院尚未收到你单位的书面回复。" in reminder
    report = texts["similar_case_report"]
    assert "在本院管辖范围的刑事裁判中检索类案2件。" in report
    assert (
        "类案1：罪名盗窃罪，判处有期徒刑1年6个月，并处罚金3,000.00元，涉案金额12,000.00元" in report
    )
    assert "不同要素：犯罪数额：本案 12,000.00元，类案 30,000.00元" in report
    assert "刑期最短1年6个月，最长2年6个月" in report
    assert "J0000001" not in report and "fixed_term" not in report


def test_the_signature_is_centred_on_a_date_four_characters_from_the_right(
    pflow: Workflow, book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    data = issue_every_kind(pflow, book, ledger, files)["recommendation"]
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
    pflow: Workflow, book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    data = issue_every_kind(pflow, book, ledger, files)["correction_notice"]
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
    pflow: Workflow, book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    data = issue_every_kind(pflow, book, ledger, files)["supervisory_transfer"]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        app = package.read("docProps/app.xml").decode()
        core = package.read("docProps/core.xml").decode()
        fonts = package.read("word/fontTable.xml").decode()
    assert "<Company>漳州市芗城区人民检察院</Company>" in app and "Macintosh" not in app
    assert "python-docx" not in core
    assert re.search(r'w:name="仿宋_GB2312">\s*<w:altName w:val="仿宋"', fonts)
    assert re.search(r'w:name="方正小标宋简体">\s*<w:altName w:val="宋体"', fonts)


def test_a_section_of_several_lines_becomes_paragraphs_indented_alike(
    pflow: Workflow, book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    data = issue_every_kind(pflow, book, ledger, files)["recommendation"]
    opened = docx.Document(io.BytesIO(data))
    texts = [p.text for p in opened.paragraphs]
    start = texts.index("二、认定上述事实的证据")
    assert texts[start + 1] == "上述事实，有下列证据证实："
    assert texts[start + 2].startswith("1.《暂予监外执行决定书》")
    assert {opened.paragraphs[i].style.name for i in range(start + 1, start + 4)} == {"Normal"}
    assert opened.paragraphs[start].style.name == "Heading 1"


def test_the_shipped_templates_are_laid_out_too() -> None:
    for kind in SECTIONS:
        shipped = docx.Document(str(PACKAGE_TEMPLATES / f"{kind}.docx"))
        assert mm(shipped.sections[0].top_margin) == 37.0
        assert shipped.paragraphs[0].style.name == "Title"
        assert shipped.core_properties.author != "python-docx"
