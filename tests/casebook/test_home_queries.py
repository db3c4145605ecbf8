"""我的工作's queries on SQLite and PostgreSQL: visits and new clues, saved filters, the
search across clues, clues by evidence record, outcomes per unit, the workflow order."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select
from wf_support import WF_MODEL, WF_T0, wf_hit

from jiancha.casebook import Casebook, home
from jiancha.casebook.accounts import Accounts, Role
from jiancha.casebook.inbox import ClueFilter, inbox_page
from jiancha.casebook.tables import Clue
from jiancha.errors import CasebookError
from jiancha.models.hit import RunInfo

HOME = ["350602"]


def _user(book: Casebook, name: str = "zhang") -> int:
    return Accounts(book).add(name, "correct-horse-battery", Role.PROSECUTOR, HOME).id


def test_new_clues_since_the_last_visit_are_counted_in_scope(wf_book: Casebook) -> None:
    user = _user(wf_book)
    with wf_book.session() as session:
        # never visited: the clues a run left new, of the user's units only
        assert home.new_count(session, None, HOME) == 2
        assert home.new_count(session, None, ["350603"]) == 1
        assert home.record_visit(session, user, datetime(2000, 1, 1)) is None
    with wf_book.session() as session:
        since = home.last_visit(session, user)
        assert since == datetime(2000, 1, 1)
        assert home.new_count(session, since, HOME) == 2
        assert {r.id for r in home.new_clues(session, since, HOME)} == {"C000001", "C000002"}
        assert home.record_visit(session, user, datetime(2100, 1, 1)) == datetime(2000, 1, 1)
    with wf_book.session() as session:
        assert home.new_count(session, home.last_visit(session, user), HOME) == 0


def test_saved_filters_belong_to_their_user(wf_book: Casebook) -> None:
    mine, theirs = _user(wf_book, "user_a"), _user(wf_book, "user_b")
    now = datetime(2026, 3, 1)
    with wf_book.session() as session:
        saved = home.save_filter(session, mine, " 待核查 ", {"status": "verifying", "x": ""}, now)
        assert saved.name == "待核查" and saved.query == {"status": "verifying"}
        again = home.save_filter(session, mine, "待核查", {"status": "opened"}, now)
        assert again.id == saved.id
        with pytest.raises(CasebookError, match="名称"):
            home.save_filter(session, mine, "  ", {}, now)
    with wf_book.session() as session:
        assert [f.query for f in home.saved_filters(session, mine)] == [{"status": "opened"}]
        assert home.saved_filters(session, theirs) == []
        assert home.delete_filter(session, theirs, saved.id) is False
        assert home.delete_filter(session, mine, saved.id) is True
        assert home.saved_filters(session, mine) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("张E0001", {"C000001"}),  # a name in the subject
        ("350602198001010001", {"C000001"}),  # an id number
        ("PE0002", {"C000002"}),  # an evidence record id
        ("C000002", {"C000002"}),  # the clue's own id
        ("首次减刑", {"C000001", "C000002"}),  # the title
        ("张E0003", set()),  # a clue of another unit
        ("name", set()),  # a key of the JSON, not a value
        ("100%", set()),
    ],
)
def test_search_finds_clues_by_value_in_scope(
    wf_book: Casebook, text: str, found: set[str]
) -> None:
    with wf_book.session() as session:
        assert {c.id for c in home.search_clues(session, text, HOME)} == found


def test_clues_by_evidence_record_and_unit_outcomes(wf_book: Casebook) -> None:
    # a run that read its evidence rows (as every real run does): their snapshots are kept
    hits = [wf_hit("E0001"), wf_hit("E0002"), wf_hit("E0003", unit="350603")]
    info = RunInfo("run-9", WF_T0, date(2026, 1, 9), {WF_MODEL: "1"}, (1,), {WF_MODEL: {}})
    rows = {e: {"record_id": e.record_id} for h in hits for e in h.evidence}
    wf_book.record_run(info, {WF_MODEL: hits}, rows, WF_T0)
    with wf_book.session() as session:
        about = home.clues_with_evidence(session, [("prisoner", "PE0001"), ("x", "y")], HOME)
        assert [c.id for c in about] == ["C000001"]
        assert home.clues_with_evidence(session, [("prisoner", "PE0003")], HOME) == []
        session.execute(select(Clue).where(Clue.id == 2)).scalar_one().status = "dismissed"
    with wf_book.session() as session:
        outcomes = home.unit_outcomes(session, datetime(2000, 1, 1), datetime(2100, 1, 1), None)
        assert [(o.unit_code, o.found, o.dismissed) for o in outcomes] == [
            ("350602", 2, 1),
            ("350603", 1, 0),
        ]
        assert home.unit_outcomes(session, datetime(2100, 1, 1), datetime(2101, 1, 1), None) == []
        # the workflow order: a new clue before a dismissed one
        rows = inbox_page(session, ClueFilter(sort="workflow"), HOME).rows
        assert [r.status for r in rows] == ["new", "dismissed"]
        assert home.my_status_counts(session, ["nobody"], HOME) == []
