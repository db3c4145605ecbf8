"""The administrative models' conclusions and requests read as a prosecutor writes: every hit
of every hand-written case renders in Chinese, with no code, column name or "None" (issue 15)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from jiancha.console import SilentConsole
from jiancha.models import load_catalogue, run_models
from jiancha.models.conclusion import context_of, render
from jiancha.models.testing import SHIPPED_CASES

CASES = sorted(SHIPPED_CASES.glob("admin.*.yaml"))
# id numbers and org codes are the only Latin letters a sentence may carry
CODE = re.compile(r"[A-Za-z_]{2,}")


def _hits(path: Path, load_rows: Any) -> tuple[Any, list[Any]]:
    data = yaml.safe_load(path.read_text("utf-8"))
    con = load_rows(data.get("tables", {}))
    as_of = data["as_of"] if isinstance(data["as_of"], date) else date.fromisoformat(data["as_of"])
    catalogue = load_catalogue()
    [result] = run_models(con, catalogue, [data["model"]], as_of, SilentConsole())
    assert result.error is None, result.error
    return catalogue.get(data["model"]), result.hits


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_hit_reads_in_chinese(path: Path, load_rows: Any) -> None:
    model, hits = _hits(path, load_rows)
    assert model is not None and model.header.conclusion and model.header.document
    assert hits
    for hit in hits:
        context = context_of(hit.subject, hit.facts, model.parameters)
        for source in (model.header.conclusion, model.header.document.request):
            text = render(source, context, model_id=model.id)
            assert "None" not in text and "不详" not in text, text
            assert CODE.search(text) is None, text
            assert text.endswith("。"), text


def _conclusion(model_id: str, anchor: str, load_rows: Any) -> str:
    """The conclusion of the hit ``anchor`` of the model's hand-written cases."""
    model, hits = _hits(SHIPPED_CASES / f"{model_id}.yaml", load_rows)
    [hit] = [h for h in hits if h.key.record_id == anchor]
    context = context_of(hit.subject, hit.facts, model.parameters)
    return render(model.header.conclusion, context, model_id=model.id)


def test_fine_conclusion(load_rows: Any) -> None:
    text = _conclusion("admin.fine_not_sent_to_court", "applied_day_after", load_rows)
    assert text == (
        "市场监督管理局于2023年7月1日对张二作出罚款5,000.00元的行政处罚决定，当事人未申请复议、"
        "未提起诉讼，也未缴纳罚款；申请人民法院强制执行的期限已于2024年4月15日届满，"
        "行政机关迟至2024年4月16日才申请。"
    )


def test_court_enforcement_conclusion(load_rows: Any) -> None:
    text = _conclusion("admin.court_enforcement_not_executed", "extended_two", load_rows)
    assert text == (
        "市场监督管理局于2023年6月1日对李五作出罚款5,000.00元的行政处罚决定，申请人民法院强制执行，"
        "法院于2024年1月15日裁定准予强制执行；非诉执行期限3个月，经批准延长2个月，自2024年1月10日起算，"
        "已于2024年6月11日届满，至今未执结，罚款也未缴纳，超期19日。"
    )
