"""A model run started from the workbench records and resolves clues of the user's units
only (issue 18, scope of imports and runs): another unit's clues are neither made nor
resolved by it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from test_casebook_store import MODEL_A, hit, run_info, statuses

from jiancha.casebook import Casebook, ClueStatus


@pytest.fixture
def book(wf_db_url: str) -> Iterator[Casebook]:
    casebook = Casebook.open(wf_db_url)
    yield casebook
    casebook.close()


def test_a_scoped_run_leaves_other_units_clues_alone(book: Casebook) -> None:
    first = run_info(1)
    book.record_run(
        first,
        {
            MODEL_A: [
                hit("0001", unit="350602"),
                hit("0002", unit="350603"),
            ]
        },
        {},
        first.started_at + timedelta(minutes=5),
    )
    assert statuses(book) == {"0001": ClueStatus.NEW, "0002": ClueStatus.NEW}
    # a user of 350602 runs the model; the data now supports neither clue, and a new hit
    # of 350603 and one of 350602 turn up
    second = run_info(2)
    model = MODEL_A
    summaries = book.record_run(
        second,
        {model: [hit("0003", unit="350603"), hit("0004", unit="350602")]},
        {},
        second.started_at + timedelta(minutes=5),
        units=["350602"],
    )
    assert statuses(book) == {
        "0001": ClueStatus.RESOLVED_BY_DATA,  # the user's unit: resolved
        "0002": ClueStatus.NEW,  # another unit's: untouched
        "0004": ClueStatus.NEW,  # the user's unit: recorded
    }  # 0003 (350603) was not recorded
    assert (summaries[model].hits, summaries[model].resolved) == (1, 1)
