"""The ledger: every workflow event on it, and every kind of tampering caught, by name."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import delete, select, update

from jiancha.casebook import Casebook, ClueStatus
from jiancha.casebook.filestore import FileStore
from jiancha.casebook.ledger import (
    KIND_FILE,
    PRIVATE_KEY_FILE,
    Ledger,
    LedgerReport,
    _entry_hash,
    canonical,
    load_or_create_key,
    sha256_text,
)
from jiancha.casebook.tables import ClueEvent, LedgerEntry
from jiancha.casebook.workflow import Workflow


@pytest.fixture
def chain(flow: Workflow, wf_book: Casebook, ledger: Ledger, files: FileStore) -> Casebook:
    """Five entries: four workflow events and a file."""
    flow.assign("C000001", "检察官甲", actor="负责人")
    flow.move("C000001", ClueStatus.VERIFYING, actor="检察官甲")
    flow.assign("C000002", "检察官乙", actor="负责人")
    flow.move("C000002", ClueStatus.VERIFYING, actor="检察官乙")
    digest = files.put("调取的减刑裁定书".encode())
    with wf_book.session() as session:
        ledger.append(
            session,
            kind=KIND_FILE,
            actor="检察官甲",
            subject="clue:C000001",
            payload={"filename": "裁定书.pdf", "sha256": digest},
            file_sha256=digest,
        )
    return wf_book


def verify(book: Casebook, ledger: Ledger, anchored: str | None = None) -> LedgerReport:
    with book.session() as session:
        return ledger.verify(session, anchored)


def test_every_event_is_on_a_valid_signed_chain(chain: Casebook, ledger: Ledger) -> None:
    report = verify(chain, ledger)
    assert report.ok and report.entries == 5
    with chain.session() as session:
        entries = ledger.entries(session)
        head = ledger.head(session)
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.entry_hash for a, b in zip(entries, entries[1:], strict=False))
    assert (head.seq, head.entry_hash) == (5, entries[-1].entry_hash)
    assert entries[0].payload["to_status"] == "assigned"
    assert verify(chain, ledger, anchored=entries[2].entry_hash).ok


def test_a_failed_move_writes_no_entry(chain: Casebook, ledger: Ledger, flow: Workflow) -> None:
    with pytest.raises(Exception, match="C000001"):
        flow.move("C000001", ClueStatus.CLOSED, actor="甲")
    assert verify(chain, ledger).entries == 5


def test_an_edited_entry_is_named(chain: Casebook, ledger: Ledger) -> None:
    with chain.session() as session:
        row = session.get(LedgerEntry, 2)
        assert row is not None
        row.payload = {**row.payload, "actor": "别人"}
    problem = verify(chain, ledger).first_bad
    assert problem is not None and (problem.seq, problem.kind) == (2, "edited")
    assert "第 2 条" in problem.message


def test_an_edited_actor_with_its_hash_recomputed_fails_the_signature(
    chain: Casebook, ledger: Ledger
) -> None:
    with chain.session() as session:
        row = session.get(LedgerEntry, 3)
        assert row is not None
        row.actor = "别人"
        row.entry_hash = _entry_hash(
            3, row.at, "别人", row.kind, row.subject, row.payload_sha256, None, row.prev_hash,
            row.key_id,
        )  # fmt: skip
    problems = verify(chain, ledger).problems
    assert (problems[0].seq, problems[0].kind) == (3, "inserted")


def test_a_deleted_entry_is_named(chain: Casebook, ledger: Ledger) -> None:
    with chain.session() as session:
        session.execute(delete(LedgerEntry).where(LedgerEntry.seq == 3))
    problem = verify(chain, ledger).first_bad
    assert problem is not None and (problem.seq, problem.kind) == (3, "deleted")


def test_a_deleted_tail_is_caught_by_the_head(chain: Casebook, ledger: Ledger) -> None:
    with chain.session() as session:
        anchored = ledger.head(session).entry_hash
        session.execute(delete(LedgerEntry).where(LedgerEntry.seq == 5))
    kinds = {p.kind for p in verify(chain, ledger, anchored).problems}
    assert kinds == {"truncated", "unknown_head"}


def test_an_inserted_entry_is_named(chain: Casebook, ledger: Ledger, tmp_path: Path) -> None:
    forger = Ed25519PrivateKey.generate()
    with chain.session() as session:
        for seq in (5, 4, 3):  # make room at 3, one row at a time (primary key)
            session.execute(update(LedgerEntry).where(LedgerEntry.seq == seq).values(seq=seq + 1))
        prev = session.get(LedgerEntry, 2)
        assert prev is not None
        at, empty = datetime(2026, 1, 1), sha256_text(canonical({}))
        forged_hash = _entry_hash(
            3, at, "甲", KIND_FILE, "clue:C000001", empty, None, prev.entry_hash, ledger.key_id
        )
        session.add(
            LedgerEntry(
                seq=3, at=at, actor="甲", kind=KIND_FILE, subject="clue:C000001", payload={},
                payload_sha256=empty,
                file_sha256=None, prev_hash=prev.entry_hash, entry_hash=forged_hash,
                key_id=ledger.key_id, signature=forger.sign(forged_hash.encode()).hex(),
            )
        )  # fmt: skip
    problem = verify(chain, ledger).first_bad
    assert problem is not None and (problem.seq, problem.kind) == (3, "inserted")


def test_reordered_entries_are_named(chain: Casebook, ledger: Ledger) -> None:
    with chain.session() as session:
        session.execute(update(LedgerEntry).where(LedgerEntry.seq == 2).values(seq=-2))
        session.execute(update(LedgerEntry).where(LedgerEntry.seq == 3).values(seq=2))
        session.execute(update(LedgerEntry).where(LedgerEntry.seq == -2).values(seq=3))
    problem = verify(chain, ledger).first_bad
    assert problem is not None and (problem.seq, problem.kind) == (2, "reordered")


def test_a_changed_or_missing_file_is_named(
    chain: Casebook, ledger: Ledger, files: FileStore
) -> None:
    with chain.session() as session:
        digest = session.scalar(select(LedgerEntry.file_sha256).where(LedgerEntry.seq == 5))
    assert digest is not None
    files.path(digest).write_bytes("改过的裁定书".encode())
    problem = verify(chain, ledger).first_bad
    assert problem is not None and (problem.seq, problem.kind) == (5, "file_changed")
    files.path(digest).unlink()
    assert [p.kind for p in verify(chain, ledger).problems] == ["file_missing"]


def test_an_edited_clue_event_is_caught(chain: Casebook, ledger: Ledger) -> None:
    with chain.session() as session:
        first = session.scalar(select(ClueEvent.id).where(ClueEvent.kind == "moved").limit(1))
        session.execute(update(ClueEvent).where(ClueEvent.id == first).values(actor="别人"))
    problem = verify(chain, ledger).first_bad
    assert problem is not None and (problem.seq, problem.kind) == (1, "source_edited")


def test_the_key_is_made_once_and_kept_private(tmp_path: Path) -> None:
    key = load_or_create_key(tmp_path / "k")
    again = load_or_create_key(tmp_path / "k")
    assert key.public_key().public_bytes_raw() == again.public_key().public_bytes_raw()
    assert (tmp_path / "k" / PRIVATE_KEY_FILE).stat().st_mode & 0o077 == 0
    assert len(list((tmp_path / "k").glob("*.pub"))) == 1
