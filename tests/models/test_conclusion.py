"""Conclusion templates: the filters, the header check and one model's sentence."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from jiancha.errors import ModelError
from jiancha.models.catalogue import load_catalogue
from jiancha.models.conclusion import cn_date, context_of, num, pct, render, yuan
from jiancha.models.spec import Header


def test_filters_write_as_a_document_does() -> None:
    assert cn_date(date(2024, 10, 30)) == "2024年10月30日"
    assert cn_date("2024-01-05") == "2024年1月5日"
    assert cn_date(None) == "不详"
    assert yuan(Decimal("12345")) == "12,345.00元"
    assert pct(0.125) == "12.5%"
    assert num(1234567) == "1,234,567"
    assert num("2.5") == "2.50"


def test_missing_fact_is_an_error_naming_the_model() -> None:
    with pytest.raises(ModelError, match="m.x"):
        render("{{ nobody }}", {}, model_id="m.x")


def _header(**extra: object) -> dict[str, object]:
    return {
        "id": "execution.x",
        "version": 1,
        "title": "t",
        "domain": "execution",
        "description": "d",
        "legal_basis": [{"law": "刑法", "article": "第一条"}],
        "subject": ["name"],
        "key": {"table": "prisoner", "column": "prisoner_id"},
        "facts": {"ruled_at": "裁定日期"},
        **extra,
    }


def test_header_refuses_a_template_reading_an_unknown_column() -> None:
    Header.model_validate(_header(conclusion="{{ name }}于{{ ruled_at|cn_date }}"))
    with pytest.raises(ValidationError, match="released_at"):
        Header.model_validate(_header(conclusion="{{ released_at }}"))
    with pytest.raises(ValidationError, match="decisive"):
        Header.model_validate(_header(decisive=["gap"]))


def test_medical_parole_conclusion() -> None:
    model = load_catalogue().get("execution.medical_parole_without_hospital")
    assert model is not None and model.header.conclusion
    facts = {"ruled_at": "2024-10-30", "window_start": "2024-10-30", "window_end": "2025-04-28"}
    text = render(
        model.header.conclusion,
        context_of({"name": "王某某"}, facts, model.parameters),
        model_id=model.id,
    )
    assert text == (
        "罪犯王某某于2024年10月30日以患有严重疾病为由被裁定暂予监外执行，裁定后180日内"
        "（2024年10月30日至2025年4月28日）无任何住院记录。"
    )
