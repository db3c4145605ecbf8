"""Seized property's chain of custody and a case's e-dossier: every step on the ledger."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from jiancha.casebook import Casebook, EventKind
from jiancha.casebook.custody import (
    CUSTODY_TRANSITIONS,
    CustodyState,
    add_dossier_file,
    custody_history,
    custody_items,
    dossier_files,
    record_custody,
    share_dossier,
)
from jiancha.casebook.filestore import FileStore
from jiancha.casebook.ledger import Ledger
from jiancha.errors import CasebookError

C = CustodyState
AT = datetime(2026, 2, 3, 9)


def _chain(book: Casebook, ledger: Ledger, item: str, *states: str) -> None:
    with book.session() as session:
        for n, state in enumerate(states):
            record_custody(
                session,
                ledger,
                item,
                state,
                actor="保管员",
                clue_id="C000001",
                at=AT + timedelta(days=n),
            )


def test_a_chain_of_custody_to_each_disposal(wf_book: Casebook, ledger: Ledger) -> None:
    for n, end in enumerate((C.RETURNED, C.CONFISCATED, C.AUCTIONED, C.DESTROYED)):
        _chain(wf_book, ledger, f"W{n}", C.SEIZED, C.STORED, C.TRANSFERRED, end)
    with wf_book.session() as session:
        history = custody_history(session, "W1")
        latest = custody_items(session)
        entries = [e for e in ledger.entries(session) if e.kind == "custody"]
        assert ledger.verify(session).ok
    assert [(e.from_state, e.to_state) for e in history] == [
        (None, "seized"),
        ("seized", "stored"),
        ("stored", "transferred"),
        ("transferred", "confiscated"),
    ]
    assert {k: v.to_state for k, v in latest.items()} == {
        "W0": "returned",
        "W1": "confiscated",
        "W2": "auctioned",
        "W3": "destroyed",
    }
    assert history[0].clue_id == "C000001" and history[0].label == "查封扣押"
    assert len(entries) == 16 and entries[0].subject == "property:W0"
    assert entries[3].payload["to_state"] == "returned"


def test_every_refused_custody_step(wf_book: Casebook, ledger: Ledger) -> None:
    states: list[str | None] = [None, *CustodyState]
    for n, before in enumerate(states):
        path = _path_to(before)
        for target in CustodyState:
            if target in CUSTODY_TRANSITIONS.get(before, frozenset()):
                continue
            item = f"R{n}-{target}"
            _chain(wf_book, ledger, item, *path)
            with pytest.raises(CasebookError, match=item), wf_book.session() as session:
                record_custody(session, ledger, item, target, actor="保管员")
            with wf_book.session() as session:
                assert len(custody_history(session, item)) == len(path)


def _path_to(state: str | None) -> list[str]:
    """The shortest chain of steps that leaves an item in ``state``."""
    if state is None:
        return []
    if state in (C.SEIZED, C.STORED, C.TRANSFERRED, C.RETURNED):
        return [C.SEIZED] + ([state] if state != C.SEIZED else [])
    return [C.SEIZED, C.STORED, state]


def test_unknown_states_and_clues_are_refused(wf_book: Casebook, ledger: Ledger) -> None:
    with pytest.raises(CasebookError, match="lost"), wf_book.session() as session:
        record_custody(session, ledger, "X1", "lost", actor="甲")
    with pytest.raises(CasebookError, match="C000099"), wf_book.session() as session:
        record_custody(session, ledger, "X1", C.SEIZED, actor="甲", clue_id="C000099")
    with pytest.raises(CasebookError, match="财物编号"), wf_book.session() as session:
        record_custody(session, ledger, " ", C.SEIZED, actor="甲")


def test_dossier_files_are_content_addressed_and_on_the_ledger(
    wf_book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    with wf_book.session() as session:
        first = add_dossier_file(
            session, ledger, files, "C000001", "/tmp/询问笔录.txt", b"record", actor="甲", at=AT
        )
        add_dossier_file(session, ledger, files, "C000001", "报告.txt", b"report", actor="甲")
        # the same bytes in another case are fine; twice in one case is not
        add_dossier_file(session, ledger, files, "C000002", "笔录副本.txt", b"record", actor="甲")
    assert first.filename == "询问笔录.txt" and files.get(first.sha256) == b"record"
    with pytest.raises(CasebookError, match="询问笔录.txt"), wf_book.session() as session:
        add_dossier_file(session, ledger, files, "C000001", "again.txt", b"record", actor="甲")
    with pytest.raises(CasebookError, match="空的"), wf_book.session() as session:
        add_dossier_file(session, ledger, files, "C000001", "empty.txt", b"", actor="甲")
    with wf_book.session() as session:
        assert [f.filename for f in dossier_files(session, "C000001")] == [
            "询问笔录.txt",
            "报告.txt",
        ]
        file_entries = [e for e in ledger.entries(session) if e.kind == "file"]
        assert [e.file_sha256 for e in file_entries][0] == first.sha256
        assert ledger.verify(session).ok

    files.path(first.sha256).write_bytes(b"changed")
    with wf_book.session() as session:
        report = ledger.verify(session)
    assert not report.ok and report.first_bad is not None
    assert report.first_bad.kind == "file_changed" and report.first_bad.seq == 1


def test_sharing_a_dossier_is_an_event_on_the_ledger(
    wf_book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    with pytest.raises(CasebookError, match="没有文件"), wf_book.session() as session:
        share_dossier(session, ledger, "C000001", "漳州市人民检察院", actor="甲")
    with wf_book.session() as session:
        added = add_dossier_file(session, ledger, files, "C000001", "a.txt", b"a", actor="甲")
        share_dossier(session, ledger, "C000001", "漳州市人民检察院", actor="甲", reason="备案审查")
    (event,) = [e for e in wf_book.clue_history("C000001") if e.kind == EventKind.DOSSIER_SHARED]
    assert event.detail == {"to_unit": "漳州市人民检察院", "files": [added.sha256]}
    assert event.reason == "备案审查" and event.to_status is None
    with wf_book.session() as session:
        assert ledger.entries(session)[-1].subject == "clue:C000001"
        assert ledger.verify(session).ok
    assert wf_book.get_clue("C000001").status == "new"  # sharing moves nothing


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [("custody_event", "to_state", "'returned'"), ("dossier_file", "filename", "'x.txt'")],
)
def test_edited_custody_and_dossier_rows_are_caught(
    wf_book: Casebook, ledger: Ledger, files: FileStore, table: str, column: str, value: str
) -> None:
    _chain(wf_book, ledger, "W1", C.SEIZED, C.STORED)
    with wf_book.session() as session:
        add_dossier_file(session, ledger, files, "C000001", "a.txt", b"a", actor="甲")
    with wf_book.engine.begin() as conn:
        conn.execute(text(f"UPDATE {table} SET {column} = {value} WHERE id = 1"))
    with wf_book.session() as session:
        report = ledger.verify(session)
    assert report.first_bad is not None and report.first_bad.kind == "source_edited"
    assert report.first_bad.seq == (1 if table == "custody_event" else 3)
    assert len(report.problems) == 1
