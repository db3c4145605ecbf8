"""docs/catalogue.md: the model catalogue by function, generated from the headers (issue 15)."""

from __future__ import annotations

from pathlib import Path

from jiancha.cli.main import run
from jiancha.models import load_catalogue
from jiancha.reports.model_catalogue import render_catalogue


def test_catalogue_doc_is_current(tmp_path: Path) -> None:
    out = tmp_path / "catalogue.md"
    assert run(["docs", "--out", str(tmp_path / "dd.md"), "--catalogue", str(out)]) == 0
    shipped = Path(__file__).parents[2] / "docs" / "catalogue.md"
    assert shipped.read_text("utf-8") == out.read_text("utf-8"), "run `jiancha docs --catalogue`"


def test_catalogue_groups_by_function_with_documents() -> None:
    text = render_catalogue(load_catalogue())
    order = [text.index(h) for h in ("## 刑事检察", "## 公益诉讼检察", "## 未成年人检察")]
    assert order == sorted(order)
    pil = text[text.index("## 公益诉讼检察") : text.index("## 未成年人检察")]
    assert "pil.benefit_paid_in_prison" in pil and "minors." not in pil
    row = next(line for line in pil.splitlines() if line.startswith("| pil.land_price_unpaid"))
    assert "诉前检察建议（回复期限2个月）" in row and "months=12月" in row
    assert "城市房地产管理法第十六条" in row
