"""类案检索报告 (.docx): opened again with python-docx, its sections and figures are there."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document

from jiancha.text.report import distribution, term_label, write_report
from jiancha.text.similar import Element, Match


def _match(record_id: str, term: int | None, probation: int | None = None) -> Match:
    return Match(
        record_id=record_id,
        score=1.5,
        charge="盗窃罪",
        penalty="fixed_term",
        term_months=term,
        probation_months=probation,
        fine_yuan=3000.0,
        amount_yuan=5000.0,
        matched=(Element("罪名", "盗窃", "盗窃"),),
        differing=(Element("累犯", "有", "无"),),
    )


def test_term_labels() -> None:
    assert [term_label(m) for m in (42, 12, 5, None)] == ["3年6个月", "1年", "5个月", "—"]


def test_distribution_of_the_terms() -> None:
    dist = distribution([_match("a", 6), _match("b", 12), _match("c", 42), _match("d", None)])
    assert dist["count"] == 3 and dist["min"] == 6 and dist["median"] == 12 and dist["max"] == 42
    assert dist["bins"] == {
        "6个月以下": 1,
        "7个月至1年": 1,
        "1年以上至3年": 0,
        "3年以上至10年": 1,
        "10年以上": 0,
    }


def test_the_report_lists_query_cases_elements_and_distribution(tmp_path: Path) -> None:
    matches = [_match("J001", 6), _match("J002", 42, probation=60)]
    query = "被告人张某盗窃人民币5000元，系累犯。"
    path = write_report(
        tmp_path / "r.docx", query, matches, unit="漳州市人民检察院", generated=date(2024, 6, 30)
    )
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "类案检索报告" in text and query in text and "2024-06-30" in text
    assert "相同要素：罪名：盗窃" in text and "不同要素：累犯：本案 有，类案 无" in text
    assert "中位数 24.0 个月" in text
    cases, bins = doc.tables
    assert [c.text for c in cases.rows[0].cells][:4] == ["序号", "案件", "罪名", "刑期"]
    assert [c.text for c in cases.rows[2].cells][1:5] == ["J002", "盗窃罪", "3年6个月", "5年"]
    assert {r.cells[0].text: r.cells[1].text for r in bins.rows[1:]}["3年以上至10年"] == "1"


def test_a_report_without_terms_says_so(tmp_path: Path) -> None:
    doc = Document(str(write_report(tmp_path / "r.docx", "事实", [_match("J1", None)])))
    assert any("类案均未载明刑期" in p.text for p in doc.paragraphs)


def test_the_report_states_the_estimate_its_interval_and_why(tmp_path: Path) -> None:
    from jiancha.text.sentencing import Factor, SentenceEstimate

    estimate = SentenceEstimate(
        months=23.2,
        low_months=17.5,
        high_months=36.1,
        baseline_months=11.7,
        factors=(Factor("法定刑档次", 22.9), Factor("自首", -2.4)),
        tier="盗窃罪 数额巨大（刑法第二百六十四条，法定刑三年以上十年以下）",
    )
    path = write_report(tmp_path / "r.docx", "事实", [_match("J1", 24)], estimate=estimate)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "五、量刑估计" in text
    assert "量刑估计：1年11个月（23.2 个月），同类案件一半落在 1年6个月 至 3年 之间" in text
    assert "所在量刑档次：盗窃罪 数额巨大" in text
    assert "法定刑档次 +22.9 个月；自首 −2.4 个月，估计 23.2 个月" in text
