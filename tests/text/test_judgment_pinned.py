"""The parser against judgments read and checked by hand (tests/text/pinned_judgments.yaml)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from shared_data import shared_data

from jiancha.text.judgment import parse_judgment, to_judgment_rows

DATA = shared_data("judgments_dev.jsonl").parent
PINNED = yaml.safe_load((Path(__file__).parent / "pinned_judgments.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def real_judgments() -> dict[str, dict]:
    """judgments_dev.jsonl of ../shared/data (JuDGE benchmark, MIT) by id."""
    path = DATA / "judgments_dev.jsonl"
    if not path.exists():
        pytest.skip(f"real judgments not present: {path}")
    items = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return {item["id"]: item for item in items}


def test_at_least_sixty_pinned_with_several_defendants_and_merged_sentences() -> None:
    assert len(PINNED) >= 60
    assert sum(len(p["defendants"]) > 1 for p in PINNED) >= 20
    assert sum(any(len(d["charges"]) > 1 for d in p["defendants"]) for p in PINNED) >= 8


@pytest.mark.parametrize("pin", PINNED, ids=[p["case"] for p in PINNED])
def test_pinned_judgment(pin: dict, real_judgments: dict[str, dict]) -> None:
    parsed = parse_judgment(real_judgments[pin["id"]]["full_text"], source_id=pin["id"])
    assert parsed.case_number is not None
    assert parsed.case_number.text == pin["case"]
    assert parsed.case_number.court_code == pin["court_code"]
    assert [d.name for d in parsed.defendants] == [d["name"] for d in pin["defendants"]]
    for got, want in zip(parsed.defendants, pin["defendants"], strict=True):
        sentence = got.sentence
        assert got.charges == want["charges"], got.name
        assert sentence.penalty == want["penalty"], got.name
        assert sentence.term_months == want["term"], got.name
        assert sentence.probation_months == want["probation"], got.name
        fine = None if want["fine"] is None else Decimal(want["fine"])
        assert sentence.fine_yuan == fine, got.name
        assert got.circumstances == want["circumstances"], got.name
        if "gender" in want:
            assert got.gender == want["gender"], got.name
        if "birth" in want:
            birth = want["birth"]
            assert got.birth_date == (birth if birth is None else date.fromisoformat(str(birth)))


def test_rows_follow_the_contract(real_judgments: dict[str, dict]) -> None:
    from jiancha.schema import contract

    pin = PINNED[0]
    rows = to_judgment_rows(parse_judgment(real_judgments[pin["id"]]["full_text"], source_id="x"))
    columns = {c.name for c in contract().table("judgment").columns}
    assert rows and set(rows[0]) - {"record_id"} <= columns
    assert rows[0]["record_id"] == "x#1"
    assert rows[0]["decided_at"] == date(2017, 9, 29)  # 二〇一七年九月二十九日
    assert rows[0]["charge"] == "贩卖毒品罪"
    assert rows[0]["circumstances"] == "confession"
