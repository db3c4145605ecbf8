"""The declarative contract: complete against DATA_CONTRACT.md, and usable as DDL."""

from __future__ import annotations

import duckdb
import pytest

from jiancha.config_file import load_config
from jiancha.errors import ConfigError
from jiancha.schema import contract

TABLES = {
    "case_report",
    "criminal_case",
    "coercive_measure",
    "custody_extension",
    "procedural_event",
    "judgment",
    "prisoner",
    "execution_change",
    "community_correction",
    "admin_penalty",
    "civil_case",
    "civil_party",
    "recommendation",
    "petition",
    "supervisory_transfer",
    "seized_property",
    "death_record",
    "hospital_stay",
    "border_crossing",
    "employment_record",
    # issue 15: public interest and minors
    "benefit_payment",
    "lodging_register",
    "conditional_non_prosecution",
    "land_transfer",
    "enforcement_case",
    "asset_register",
    # issue 15: administrative
    "marriage_register",
    "licence_register",
    "rehab_decision",
    "company_register",
}


def test_every_contract_table_is_defined_and_creates() -> None:
    assert set(contract().tables) == TABLES
    con = duckdb.connect()
    for table in contract().tables.values():
        con.execute(table.ddl())
        assert table.column_names[0] == "record_id"
        assert len(set(table.column_names)) == len(table.column_names)
        labels = [c.label for c in table.columns]
        assert len(set(labels)) == len(labels), table.name


def test_enumerations_carry_chinese_labels() -> None:
    measure = contract().table("coercive_measure").column("measure")
    assert measure.allowed["designated_residence"] == "指定居所监视居住"
    circumstances = contract().table("judgment").column("circumstances")
    assert circumstances.type == "enum_list" and "recidivist" in circumstances.allowed


def test_header_lookup_accepts_name_and_label() -> None:
    lookup = contract().table("case_report").header_lookup()
    assert lookup["受案日期"] == lookup["received_at"] == "received_at"


def test_unknown_table_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="未知的数据表"):
        contract().table("nope")


def test_config_environment_override(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "jiancha.toml"
    path.write_text("[warehouse]\nthreads = 2\n", "utf-8")
    cfg = load_config(path, {"JIANCHA__WAREHOUSE__THREADS": "4"})
    assert cfg.warehouse.threads == 4
    with pytest.raises(ConfigError, match="threads"):
        load_config(path, {"JIANCHA__WAREHOUSE__THREADS": "many"})
