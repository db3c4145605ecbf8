"""The synthetic jurisdiction: files, formats, ground truth, determinism and dirt."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from synth_files import load, raw_rows, typed
from synth_oracle import Oracle, sentence_outliers

from jiancha.errors import GenerateError
from jiancha.models.catalogue import load_catalogue
from jiancha.schema import contract
from jiancha.synth import DEFAULT_AS_OF, GenerateResult, generate
from jiancha.synth import reference as ref
from jiancha.synth.anomalies import PLANTERS
from jiancha.synth.codes import add_months, id_check_digit, org_check_char

Files = tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]
Truth = list[dict[str, str]]

# every model of the catalogue, whatever its function
MODEL_IDS = tuple(sorted(m.id for m in load_catalogue()))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> GenerateResult:
    return generate(tmp_path_factory.mktemp("synth") / "out", scale="small", seed=7)


@pytest.fixture(scope="module")
def truth(run: GenerateResult) -> list[dict[str, str]]:
    with (run.out_dir / "ground_truth.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def files(run: GenerateResult) -> Files:
    return load(run.out_dir)


def anomalies(
    truth: list[dict[str, str]], *, linked: bool = True
) -> dict[str, set[tuple[str, str]]]:
    """Planted anchors per model; without ``linked``, only those an id-number join finds."""
    out: dict[str, set[tuple[str, str]]] = {}
    for row in truth:
        if row["kind"] == "anomaly" and (linked or row["requires_link"] == "false"):
            out.setdefault(row["model_id"], set()).add((row["key_table"], row["key_id"]))
    return out


def test_every_model_is_planted_at_least_three_times(run: GenerateResult, truth: Truth) -> None:
    assert set(PLANTERS) == set(MODEL_IDS)
    planted = anomalies(truth)
    for model in MODEL_IDS:
        assert len(planted.get(model, ())) >= 3, model
    assert run.planted == {m: len(planted[m]) for m in MODEL_IDS}


def test_every_table_written_and_counted(run: GenerateResult, files: Files) -> None:
    manifest, tables = files
    assert set(tables) == set(contract().tables)
    for name, rows in tables.items():
        assert len(rows) == run.rows[name] == manifest["rows"][name] > 0, name
    assert 6_000 < sum(run.rows.values()) < 16_000
    assert manifest["as_of"] == DEFAULT_AS_OF.isoformat() and manifest["seed"] == 7


def test_formats_and_encodings(run: GenerateResult, files: Files) -> None:
    manifest = files[0]
    formats = {f["format"] for f in manifest["files"]}
    assert formats == {"csv", "xlsx", "parquet", "jsonl"}
    encodings = {f["encoding"] for f in manifest["files"] if f["format"] == "csv"}
    assert {"utf-8", "gb18030", "utf-8-sig"} <= encodings
    assert (run.out_dir / "受案登记.csv").exists()
    with (run.out_dir / "受案登记.csv").open(encoding="gb18030") as fh:
        assert fh.readline().startswith("记录编号,来源系统,单位代码,受案日期")
    for path in run.files:
        assert path.exists() and path.parent == run.out_dir


def test_ground_truth_evidence_and_keys_exist(truth: Truth, files: Files) -> None:
    tables = files[1]
    present = {(t, str(r["record_id"])) for t, rows in tables.items() for r in rows}
    people = {
        str(r.get(f))
        for rows in tables.values()
        for r in rows
        for f in ("id_number", "org_code", "party_id_number", "suspect_id_number")
    }
    for row in (r for r in truth if r["kind"] == "anomaly"):
        for item in row["evidence"].split(";"):
            table, record_id = item.split(":")
            assert (table, record_id) in present, item
        if row["key_table"] == "subject":
            assert row["key_id"] in people and row["key_id"] == row["subject_id_number"]
        else:
            assert (row["key_table"], row["key_id"]) in present
            assert f"{row['key_table']}:{row['key_id']}" in row["evidence"]


def test_subjects_match_their_rows(truth: Truth, files: Files) -> None:
    tables = typed(files[1])
    index = {(t, r["record_id"]): r for t, rows in tables.items() for r in rows}
    for row in (r for r in truth if r["kind"] == "anomaly" and r["subject_id_number"]):
        if row["key_table"] == "subject":
            continue
        key = index[(row["key_table"], row["key_id"])]
        mentioned = {str(v) for v in key.values()}
        linked = row["subject_id_number"] in mentioned or row["subject_name"] in mentioned
        assert linked or row["key_table"] in (
            "criminal_case",
            "procedural_event",
            "seized_property",
            "civil_case",
        ), row


def test_planted_anomalies_are_exactly_what_the_rules_find(
    run: GenerateResult, truth: Truth, files: tuple
) -> None:
    found = Oracle(typed(files[1]), run.as_of).run()
    planted = anomalies(truth, linked=False)
    for model, hits in found.items():
        assert hits == planted.get(model, set()), model
    outliers = sentence_outliers(typed(files[1])["judgment"])
    assert outliers == planted["trial.sentence_outlier"]


def test_clean_limits_have_margin(truth: Truth, files: Files) -> None:
    tables = typed(files[1])
    planted = {r["key_id"] for r in truth if r["kind"] == "anomaly"}
    # a lawful look-alike sits at the law's limit on purpose
    lawful = {r["key_id"] for r in truth if r["kind"] == "lawful_lookalike"}
    for m in tables["coercive_measure"]:
        if m["record_id"] in planted | lawful or not m["end_at"]:
            continue
        days = (m["end_at"] - m["start_at"]).days
        if m["measure"] == "detention":
            assert days <= (30 if m["extended_30_days"] else 10)
        if m["measure"] == "bail":
            assert days <= 330
    for p in tables["prisoner"]:
        if p["record_id"] not in planted | lawful and p["term_end"] and not p["released_at"]:
            assert p["term_end"] >= DEFAULT_AS_OF - timedelta(days=1)


def test_a_term_off_its_charge_is_planted(truth: Truth, files: Files) -> None:
    """A judgment whose term is none of the terms its charge's clean judgments draw is a
    planted anomaly's: an earlier sentence of a recidivism story is not (it was: a theft's
    six months for a 涉黑 prior, below that charge's peer band by chance)."""
    terms = {c.name: c.terms for c in ref.CHARGES}
    planted = {r["key_id"] for r in truth if r["kind"] == "anomaly"}
    off = [
        j
        for j in typed(files[1])["judgment"]
        if j["charge"] in terms
        and j["term_months"] is not None
        and j["term_months"] not in terms[j["charge"]]
    ]
    assert off  # the planted outliers and recidivists are there
    assert [j["record_id"] for j in off if j["record_id"] not in planted] == []
    priors = [
        j for j in typed(files[1])["judgment"] if j["charge"] == "组织、领导、参加黑社会性质组织罪"
    ]
    assert priors and {j["term_months"] for j in priors} <= {60, 72, 96, 144}


def test_ids_are_valid_and_unique_per_table(files: Files) -> None:
    tables = files[1]
    for name, rows in tables.items():
        ids = [r["record_id"] for r in rows if r["record_id"]]
        assert len(set(ids)) >= len(ids) - 10, name  # only listed duplicates repeat
    for r in files[1]["judgment"]:
        number = r["defendant_id_number"]
        assert id_check_digit(number[:17]) == number[17]
        assert number[:4] == "3506"
    for r in tables["admin_penalty"]:
        if r["org_code"]:
            assert org_check_char(r["org_code"][:17]) == r["org_code"][17]


def test_dirt_is_listed_and_spares_evidence(
    truth: Truth, files: Files, run: GenerateResult
) -> None:
    dirt = [r for r in truth if r["kind"] == "dirt"]
    expected = {r["expected"] for r in dirt}
    assert expected == {"quarantine", "flag", "upgrade", "duplicate", "normalise"}
    evidence = {e for r in truth if r["kind"] == "anomaly" for e in r["evidence"].split(";")}
    assert not {f"{r['table']}:{r['record_id']}" for r in dirt if r["record_id"]} & evidence
    assert 0.001 < len(dirt) / sum(run.rows.values()) < 0.006
    tables = files[1]
    for r in dirt:
        if r["field"].startswith("row:"):
            assert r["record_id"] == "" and r["key_id"] == ""
            entry = next(f for f in files[0]["files"] if f["table"] == r["table"])
            row = raw_rows(run.out_dir, entry)[int(r["field"][4:]) - 2]
            assert not row["record_id"]
        elif r["expected"] == "duplicate":
            copies = [x for x in tables[r["table"]] if x["record_id"] == r["record_id"]]
            assert len(copies) == 2 and copies[0] == copies[1]
        elif r["expected"] == "upgrade":
            row = next(x for x in tables[r["table"]] if x["record_id"] == r["record_id"])
            assert len(row[r["field"]]) == 15


def test_same_seed_same_bytes(tmp_path: Path, run: GenerateResult) -> None:
    again = generate(tmp_path / "again", scale="small", seed=7)
    assert digest(again.out_dir) == digest(run.out_dir)
    other = generate(tmp_path / "other", scale="small", seed=8)
    assert digest(other.out_dir) != digest(run.out_dir)


def digest(out_dir: Path) -> dict[str, str]:
    """Every file written, judgment_texts/ included."""
    return {
        str(p.relative_to(out_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out_dir.rglob("*"))
        if p.is_file()
    }


def test_other_as_of_keeps_dates_before_it(tmp_path: Path) -> None:
    as_of = date(2024, 12, 31)
    result = generate(tmp_path / "early", scale="small", seed=3, as_of=as_of)
    manifest, raw = load(result.out_dir)
    tables = typed(raw)
    assert (
        json.loads((result.out_dir / "manifest.json").read_text("utf-8"))["as_of"] == "2024-12-31"
    )
    for row in tables["judgment"] + tables["coercive_measure"]:
        for field in ("decided_at", "start_at", "end_at"):
            if row.get(field):
                assert row[field] <= as_of
    found = Oracle(tables, as_of).run()
    with (result.out_dir / "ground_truth.csv").open(encoding="utf-8") as fh:
        planted = anomalies(list(csv.DictReader(fh)), linked=False)
    for model, hits in found.items():
        assert hits == planted.get(model, set()), model
    assert manifest["rows"]["employment_record"] > 0


def test_bad_arguments_raise_generate_error(tmp_path: Path) -> None:
    with pytest.raises(GenerateError):
        generate(tmp_path, scale="galaxy")  # type: ignore[arg-type]
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    with pytest.raises(GenerateError):
        generate(blocker)


def test_calendar_months() -> None:
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)


def test_big_tables_are_split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jiancha.synth import writers

    monkeypatch.setattr(writers, "MAX_ROWS_PER_FILE", 3)
    writer = writers.TableWriter(tmp_path, "death_record", datetime(2026, 6, 30))
    rows = [{"record_id": f"SW{i}", "died_at": date(2024, 1, i + 1)} for i in range(7)]
    writer.write(rows, lambda *args: None)
    writer.close()
    names = [p.name for p in writer.files]
    assert names == ["death_record-001.csv", "death_record-002.csv", "death_record-003.csv"]
    lines = [len(p.read_text("utf-8").splitlines()) for p in writer.files]
    assert lines == [4, 4, 2]
