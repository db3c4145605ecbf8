"""The 典型案例 draft of a closed clue: de-identified facts, the steps from its history and
documents, the outcome and the law, in the GB/T 9704 layout; a clue not closed is refused."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import docx
from pdf_support import needs_libreoffice
from report_support import EXECUTION, TITLES

from jiancha.casebook.casework import Casework
from jiancha.casebook.documents import document_text
from jiancha.reports.pdf import docx_to_pdf, pdf_page_texts
from jiancha.reports.typical_case import CaseModel, TypicalCase, build_typical_case, to_docx

MODEL = CaseModel(
    TITLES[EXECUTION],
    "首次减刑时已执行刑期短于规定的起始时间。",
    {"ruled_at": "裁定日期", "served_months": "已执行月数"},
    {"execution_change": "刑罚变更执行"},
)


def typical(work: Casework, clue: str = "C000001") -> TypicalCase:
    detail = work.clue(clue)
    return build_typical_case(
        detail.clue,
        detail.history,
        detail.state.actions,
        detail.documents,
        model=MODEL,
        issuer="漳州市芗城区人民检察院",
        people=["王建国"],
        drafted=date(2026, 12, 3),
    )


def test_the_case_tells_facts_steps_outcome_and_law(known_work: Casework) -> None:
    case = typical(known_work)
    assert case.title == "王某首次减刑间隔不足监督案"
    assert case.keywords[:2] == ("刑事执行", "大数据法律监督模型")
    (facts, described) = case.facts
    assert "经比对刑罚变更执行数据，王某存在“首次减刑间隔不足”的情形" in facts
    assert "裁定日期为2025年10月30日；已执行月数为10" in facts
    assert described.endswith("首次减刑时已执行刑期短于规定的起始时间。")
    phases = dict(case.steps)
    assert list(phases) == ["线索发现", "调查核实", "监督纠正", "跟进落实"]
    assert phases["线索发现"][0].startswith("2025年11月10日，漳州市芗城区人民检察院运用")
    assert "2025年12月1日，经调查核实，违法情形属实，依法立案监督。" in phases["调查核实"]
    assert phases["监督纠正"][0] == (
        "2026年1月5日，检察机关向漳州监狱制发《检察建议书》（漳芗检建〔2026〕1号）。"
    )
    assert phases["跟进落实"] == (
        "2026年2月20日，漳州监狱整改到位。",
        "2026年3月1日，检察机关跟进监督，确认纠正落实，依法结案。",
    )
    assert case.outcome == ("漳州监狱收到检察建议后整改到位（2026年2月20日）。",
                            "本案于2026年3月1日办结。")  # fmt: skip
    assert case.law == ("《刑事诉讼法》第二百六十五条：“对被判处有期徒刑……”",)


def test_an_undone_step_is_not_told(known_work: Casework) -> None:
    steps = dict(typical(known_work, "C000003").steps)
    told = "".join(line for lines in steps.values() for line in lines)
    assert "2026年1月12日" not in told  # the dismissal taken back the next day
    assert "2026年1月20日，经调查核实，违法情形属实，依法立案监督。" in told


def test_the_draft_is_a_deidentified_gbt9704_document(known_work: Casework) -> None:
    data = to_docx(typical(known_work))
    text = document_text(data)
    assert "王建国" not in text and "王某" in text
    assert not re.search(r"\d{17}[\dX]|R\d{4}|C\d{6}|[a-z_]{4,}", text)
    assert "检察官甲" not in text  # people who worked the case are not named
    opened = docx.Document(io.BytesIO(data))
    titles = [p.text for p in opened.paragraphs if p.style.name == "Title"]
    assert titles == ["典型案例", "王某首次减刑间隔不足监督案"]
    headings = [p.text for p in opened.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、基本案情", "二、检察机关履职过程", "三、监督结果", "四、法律依据",
                        "五、典型意义"]  # fmt: skip
    assert [p.text for p in opened.paragraphs if p.style.name == "Heading 2"][0] == "（一）线索发现"
    assert opened.paragraphs[-1].text == "2026年12月3日"
    assert opened.core_properties.author == "漳州市芗城区人民检察院"
    assert round(opened.sections[0].top_margin.mm) == 37


@needs_libreoffice
def test_the_draft_prints(known_work: Casework, tmp_path: Path) -> None:
    source = tmp_path / "典型案例.docx"
    source.write_bytes(to_docx(typical(known_work)))
    (pdf,) = docx_to_pdf([source], tmp_path)
    first = re.sub(r"\s+", "", pdf_page_texts(pdf)[0])
    assert "王某首次减刑间隔不足监督案" in first and "一、基本案情" in first


def test_a_model_description_loses_its_column_names() -> None:
    from jiancha.reports.typical_case import _CODE_NOTE

    said = "超过二个月加上经批准延长的月数（custody_extension）。"
    assert _CODE_NOTE.sub("", said) == "超过二个月加上经批准延长的月数。"


def test_people_are_found_in_subjects_and_evidence() -> None:
    from jiancha.reports.typical_case import _people

    rows = [{"defendant_name": "李四", "org_name": "某某公司", "court_name": "芗城区法院"}]
    assert _people({"name": "王建国", "id_number": "1"}, rows) == ["王建国", "李四"]
