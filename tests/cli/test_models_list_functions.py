"""`jiancha models list --domain`: the catalogue grouped by the four procuratorial functions
and minors, one function or domain at a time (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.cli.main import run
from jiancha.models.spec import domains_named, function_of


def test_selectors_name_domains() -> None:
    assert domains_named("pil") == ("pil",)
    assert domains_named("公益诉讼检察") == ("pil",)
    assert domains_named("criminal") == ("filing", "custody", "trial", "execution", "management")
    assert domains_named("刑事") is None
    assert function_of("custody") == "criminal" and function_of("minors") == "minors"


def test_models_list_groups_and_filters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["init", str(tmp_path / "p")]) == 0
    capsys.readouterr()
    assert run(["-C", str(tmp_path / "p"), "models", "list"]) == 0
    out = capsys.readouterr().out
    assert out.index("刑事检察") < out.index("公益诉讼检察") < out.index("未成年人检察")
    assert "公益诉讼" in out and "custody.bail_overdue" in out
    assert run(["-C", str(tmp_path / "p"), "models", "list", "--domain", "minors"]) == 0
    out = capsys.readouterr().out
    assert "minors.hotel_minor_alone_at" in out and "custody.bail_overdue" not in out
    assert "刑事检察" not in out
    assert run(["-C", str(tmp_path / "p"), "models", "list", "--domain", "公益诉讼检察"]) == 0
    out = capsys.readouterr().out
    assert "pil.land_price_unpaid" in out and "minors." not in out
    assert run(["-C", str(tmp_path / "p"), "models", "list", "--domain", "nothing"]) == 2
    assert "未知的领域" in capsys.readouterr().err
