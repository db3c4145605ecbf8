"""The contract, checked once and kept as JSON by the YAML's hash; jiancha.toml's store
settings, validated once and kept by the file's hash. A change is checked again; a kept
answer is never taken for another text."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from jiancha import config as config_models
from jiancha.config_file import read_config
from jiancha.errors import ConfigError
from jiancha.schema import check, contract, load_contract

YAML = resources.files("jiancha.schema").joinpath("contract.yaml").read_text("utf-8")


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("checked again")


def test_a_kept_contract_is_read_back_without_checking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_contract(YAML, tmp_path)
    assert first == contract()
    assert len(list(tmp_path.glob("contract-*.json"))) == 1
    monkeypatch.setattr(check, "check_contract", _refuse)
    assert load_contract(YAML, tmp_path) == first


def test_a_changed_yaml_is_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_contract(YAML, tmp_path)
    changed = YAML.replace("label: 死亡登记", "label: 死亡登记（改）", 1)
    assert changed != YAML
    assert load_contract(changed, tmp_path).table("death_record").label == "死亡登记（改）"
    assert len(list(tmp_path.glob("contract-*.json"))) == 2
    broken = YAML.replace("type: date", "type: when", 1)
    with pytest.raises(ValueError):
        load_contract(broken, tmp_path)  # an unknown type is refused, not kept
    monkeypatch.setattr(check, "check_contract", _refuse)
    assert load_contract(YAML, tmp_path).table("death_record").label == "死亡登记"


def test_a_damaged_or_unwritable_cache_is_no_error(tmp_path: Path) -> None:
    load_contract(YAML, tmp_path)
    (kept,) = tmp_path.glob("contract-*.json")
    kept.write_text('{"key": "', encoding="utf-8")
    assert load_contract(YAML, tmp_path) == contract()
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    assert load_contract(YAML, blocked / "cache") == contract()


def test_the_configuration_is_validated_once_per_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toml, cache = tmp_path / "jiancha.toml", tmp_path / ".jiancha"
    toml.write_text('[warehouse]\nthreads = 3\n[web]\npublic_url = ""\n', encoding="utf-8")
    assert read_config(toml, cache, {}).setting("warehouse", "threads") == 3
    kept = read_config(toml, cache, {"JIANCHA__WAREHOUSE__THREADS": "4"})
    assert kept.setting("warehouse", "threads") == 4  # an override is part of the key
    with monkeypatch.context() as patched:
        patched.setattr(config_models, "validate", _refuse)
        again = read_config(toml, cache, {"JIANCHA__WAREHOUSE__THREADS": "4"})
        assert again.setting("warehouse", "threads") == 4
    assert again.full.warehouse.threads == 4  # the whole, validated when asked for
    with pytest.raises(ConfigError, match="threads"):
        read_config(toml, cache, {"JIANCHA__WAREHOUSE__THREADS": "many"})
    toml.write_text('[web]\npublic_url = "not a url"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="public_url"):
        read_config(toml, cache, {})  # a changed file is validated at once
