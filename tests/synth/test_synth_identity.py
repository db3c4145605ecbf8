"""Identity noise with known truth: mentions_truth.csv, noisy ids and names, namesakes, and
the anomalies only linking can find."""

from __future__ import annotations

import csv
import random
from collections import Counter
from datetime import date
from typing import Any

import pytest
from synth_files import load, typed
from synth_oracle import Oracle

from jiancha.schema import contract
from jiancha.synth import GenerateResult, generate
from jiancha.synth.codes import id_check_digit, id_number
from jiancha.synth.identity import (
    HOMOPHONES,
    NOISY_TABLES,
    homophone,
    mistype,
    person_columns,
    traditional,
    transpose,
)

Key = tuple[str, str, str]
LINK_MODELS = {
    "execution.supervised_person_abroad",
    "execution.medical_parole_employed",
    "execution.deceased_still_supervised",
    "trial.recidivism_not_recognised",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> GenerateResult:
    # seed 0, the shared fixture's: seed 7 draws no missing id among its few civil parties
    return generate(tmp_path_factory.mktemp("identity") / "out", scale="small", seed=0)


@pytest.fixture(scope="module")
def tables(run: GenerateResult) -> dict[str, list[dict[str, Any]]]:
    return typed(load(run.out_dir)[1])


@pytest.fixture(scope="module")
def mentions(run: GenerateResult) -> dict[Key, str]:
    assert run.mentions_truth is not None
    with run.mentions_truth.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    keys = [(r["table"], r["record_id"], r["role"]) for r in rows]
    assert len(keys) == len(set(keys))
    return {k: r["person_key"] for k, r in zip(keys, rows, strict=True)}


@pytest.fixture(scope="module")
def truth(run: GenerateResult) -> list[dict[str, str]]:
    with (run.out_dir / "ground_truth.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _valid(number: object) -> bool:
    text = str(number or "")
    return len(text) == 18 and id_check_digit(text[:17]) == text[17]


def test_every_person_mention_has_its_true_person(tables: Any, mentions: Any) -> None:
    for table, rows in tables.items():
        for cols in person_columns(table):
            for row in rows:
                named = row.get(cols.name) if cols.name else None
                org = row.get("org_code") or row.get(f"{cols.role}_org_code")
                is_org = row.get("party_type") == "org" or (org and not row.get(cols.id_number))
                if (named or row.get(cols.id_number)) and not is_org:
                    assert (table, row["record_id"], cols.role) in mentions, (table, row)


def test_noise_is_a_fixed_share_and_of_every_kind(tables: Any, mentions: Any) -> None:
    opencc = pytest.importorskip("opencc")
    t2s = opencc.OpenCC("t2s")
    index = {(t, r["record_id"]): r for t, rows in tables.items() for r in rows}
    kinds: Counter[str] = Counter()
    for (table, record_id, role), true_id in mentions.items():
        row = index.get((table, record_id))
        if row is None:
            continue  # quarantined by its dirt (a bad date): never reaches the warehouse
        cols = next(c for c in person_columns(table) if c.role == role)
        number, name = row[cols.id_number], row[cols.name] if cols.name else None
        if number is None:
            kinds["missing"] += 1
        elif number != true_id:
            kinds["typo"] += 1  # includes the check-digit dirt listed in ground_truth.csv
        elif name and t2s.convert(name) != name:
            kinds["traditional"] += 1
    assert kinds["missing"] and kinds["typo"] and kinds["traditional"], kinds
    assert 0.01 < sum(kinds.values()) / len(mentions) < 0.06


def test_noise_never_touches_evidence(truth: Any, tables: Any, mentions: Any) -> None:
    for row in (r for r in truth if r["kind"] == "anomaly" and r["requires_link"] == "false"):
        for item in row["evidence"].split(";"):
            table, record_id = item.split(":")
            data = next(r for r in tables[table] if r["record_id"] == record_id)
            for cols in person_columns(table):
                true_id = mentions.get((table, record_id, cols.role))
                if true_id is not None:
                    assert data[cols.id_number] == true_id, item


def test_requires_link_evidence_has_no_valid_id(truth: Any, tables: Any, mentions: Any) -> None:
    needing = [r for r in truth if r["kind"] == "anomaly" and r["requires_link"] == "true"]
    assert {r["model_id"] for r in needing} == LINK_MODELS
    for row in needing:
        broken = 0
        for item in row["evidence"].split(";"):
            table, record_id = item.split(":")
            data = next(r for r in tables[table] if r["record_id"] == record_id)
            if mentions.get((table, record_id, "subject")) == row["subject_id_number"]:
                broken += not _valid(data.get("id_number") or data.get("defendant_id_number"))
        assert broken >= 1, row


def test_perfectly_linked_rules_find_every_planted_anomaly(
    run: GenerateResult, truth: Any, tables: Any, mentions: Any
) -> None:
    """Joined through the true person of each mention, the plain-Python rules find all
    anomalies, those that need linking included, and nothing else: noise hides none."""
    linked = {t: [dict(r) for r in rows] for t, rows in tables.items()}
    for table, rows in linked.items():
        for cols in person_columns(table):
            for row in rows:
                true_id = mentions.get((table, row["record_id"], cols.role))
                if true_id is not None:
                    row[cols.id_number] = true_id
    found = Oracle(linked, run.as_of).run()
    planted: dict[str, set[tuple[str, str]]] = {}
    for r in (r for r in truth if r["kind"] == "anomaly"):
        planted.setdefault(r["model_id"], set()).add((r["key_table"], r["key_id"]))
    for model, hits in found.items():
        assert hits == planted.get(model, set()), model


def test_namesakes_share_name_birth_year_and_district(tables: Any) -> None:
    people: dict[tuple[str, str, str], set[str]] = {}
    for row in tables["employment_record"]:
        number = row["id_number"]
        if _valid(number):
            people.setdefault((row["name"], number[:6], number[6:10]), set()).add(number)
    assert sum(len(ids) > 1 for ids in people.values()) >= 3


def test_noisy_tables_are_the_registers_reports_and_parties() -> None:
    assert set(NOISY_TABLES) <= set(contract().tables)
    assert "hospital_stay" not in NOISY_TABLES  # its match hides an anomaly


def test_mistyped_and_transposed_numbers_never_verify() -> None:
    rng = random.Random(1)
    number = id_number("350602", date(1990, 1, 1), 11)
    assert _valid(number)
    for _ in range(200):
        assert not _valid(mistype(number, rng))
        swapped = transpose(number, rng)
        assert swapped is not None and swapped != number and not _valid(swapped)


def test_name_variants() -> None:
    pypinyin = pytest.importorskip("pypinyin")
    assert traditional("张伟国") == "張偉國"
    assert traditional("王丹") is None
    rng = random.Random(2)
    variant = homophone("张伟", rng)
    assert variant in ("张玮", "张炜")
    for group in HOMOPHONES:
        sounds = {pypinyin.lazy_pinyin(c)[0] for c in group}
        assert len(sounds) == 1, group
