"""The civil models (issue 15) say what they found as a prosecutor writes it: each hit of a
model's own boundary cases renders its conclusion and its document's request in Chinese, and
each suggests the document the law gives for it, with its reply period."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import yaml

from jiancha.console import SilentConsole
from jiancha.models import load_catalogue, run_models
from jiancha.models.conclusion import context_of, render
from jiancha.models.testing import SHIPPED_CASES
from jiancha.periods import REPLY_PERIODS, reply_last_day
from jiancha.schema import contract

CASES = SHIPPED_CASES
CODES = {
    code
    for table in contract().tables.values()
    for column in table.columns
    for code in (column.values or {})
    if "_" in code
}
CIVIL = sorted(
    m.id
    for m in load_catalogue().models.values()
    if m.header.domain == "civil" and m.header.conclusion
)


def _hits(model_id: str, load_rows: Any) -> list[Any]:
    data = yaml.safe_load((CASES / f"{model_id}.yaml").read_text(encoding="utf-8"))
    con = load_rows(data["tables"])
    as_of = data["as_of"] if isinstance(data["as_of"], date) else date.fromisoformat(data["as_of"])
    [result] = run_models(con, load_catalogue(), [model_id], as_of, SilentConsole())
    assert result.error is None
    return list(result.hits)


def test_the_new_civil_models_are_there() -> None:
    assert len(CIVIL) >= 7


@pytest.mark.parametrize("model_id", CIVIL)
def test_conclusion_and_request_render_for_every_hit(model_id: str, load_rows: Any) -> None:
    model = load_catalogue().get(model_id)
    assert model is not None and model.header.document is not None
    hits = _hits(model_id, load_rows)
    assert hits
    for hit in hits:
        context = context_of(hit.subject, hit.facts, model.parameters)
        for source in (model.header.conclusion, model.header.document.request):
            assert source
            text = render(source, context, model_id=model_id)
            assert "None" not in text and "{" not in text and "\n" not in text
            # Chinese for a person: no English code of the contract, no fact's column name
            words = set(re.findall(r"[a-z_]+", text))
            assert not words & (CODES | set(model.header.facts)), text
            assert text.endswith("。")


def test_termination_conclusion_reads_as_written(load_rows: Any) -> None:
    model = load_catalogue().get("civil.termination_too_early")
    assert model is not None and model.header.conclusion
    [hit] = [h for h in _hits(model.id, load_rows) if h.key.record_id == "on_last_day"]
    text = render(
        model.header.conclusion,
        context_of(hit.subject, hit.facts, model.parameters),
        model_id=model.id,
    )
    assert text == (
        "执行案件on_last_day（被执行人甲）于2024年1月10日立案，2024年4月10日即裁定终结本次执行程序，"
        "立案后仅91日，未满3个月（最早应在2024年4月11日以后）。"
    )


def test_enforcement_recommendations_have_three_months() -> None:
    period = REPLY_PERIODS["enforcement_recommendation"]
    assert period.months == 3 and "第十三条" in period.basis
    assert reply_last_day("enforcement_recommendation", date(2024, 11, 30)) == date(2025, 2, 28)
    kinds = {load_catalogue().get(m).header.document.kind for m in CIVIL}  # type: ignore[union-attr]
    assert "enforcement_recommendation" in kinds and "retrial_recommendation" in kinds


def test_same_firm_conclusion_reads_as_written(load_rows: Any) -> None:
    model = load_catalogue().get("civil.same_firm_both_sides")
    assert model is not None and model.header.conclusion
    hits = {h.key.record_id: h for h in _hits(model.id, load_rows)}
    texts = {
        anchor: render(
            model.header.conclusion,
            context_of(hits[anchor].subject, hits[anchor].facts, model.parameters),
            model_id=model.id,
        )
        for anchor in ("two_lawyers", "one_lawyer")
    }
    assert texts == {
        "two_lawyers": "民间借贷纠纷案件two_lawyers中，原告甲与被告乙的诉讼代理人均出自"
        "福建某某律师事务所（原告方王一，被告方李一），同一律师事务所代理双方当事人，存在利益冲突。",
        "one_lawyer": "买卖合同纠纷案件one_lawyer中，原告丙与被告丁的诉讼代理人均出自"
        "福建某某律师事务所，律师王二同时为双方担任代理人，违反律师法第三十九条的规定。",
    }
