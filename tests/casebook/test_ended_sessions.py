"""Ended workbench sessions (migration 0005): a logged-out session stays refused, a
disabled account's sessions stay refused even if it is enabled again, and expired rows
are pruned. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from jiancha.casebook import Casebook
from jiancha.casebook.accounts import (
    SESSION_LIFETIME,
    WebUser,
    add_user,
    end_session,
    prune_ended_sessions,
    revoke,
    session_user,
)
from jiancha.casebook.tables import EndedSession

PASSWORD = "correct-horse-battery"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _user(book: Casebook, name: str) -> int:
    with book.session() as session:
        return add_user(session, name, PASSWORD, "prosecutor", ["350602"]).id


def test_an_ended_session_is_refused_and_others_of_the_user_are_not(wf_book: Casebook) -> None:
    user_id = _user(wf_book, "logout_user")
    issued = _now() - timedelta(minutes=5)
    with wf_book.session() as session:
        end_session(session, user_id, "session-one", issued + SESSION_LIFETIME)
    with wf_book.session() as session:
        assert session_user(session, user_id, "session-one", issued) is None
        other = session_user(session, user_id, "session-two", issued)
        assert other is not None and other.id == user_id
        stored = session.scalars(select(EndedSession.session_hash)).all()
    # only a hash of the session id is kept
    assert len(stored) == 1 and stored[0] not in (None, "session-one") and len(stored[0]) == 64


def test_disabling_ends_every_session_issued_before_even_once_enabled_again(
    wf_book: Casebook,
) -> None:
    user_id = _user(wf_book, "disabled_user")
    before = _now() - timedelta(minutes=1)
    with wf_book.session() as session:
        revoke(session, "disabled_user")
    with wf_book.session() as session:
        session.get_one(WebUser, user_id).active = True  # an admin enables the account again
    with wf_book.session() as session:
        assert session_user(session, user_id, "old-cookie", before) is None
        # a session signed in after the account was disabled is not affected
        fresh = session_user(session, user_id, "new-cookie", _now() + timedelta(seconds=2))
        assert fresh is not None and fresh.id == user_id


def test_expired_rows_are_pruned_and_pruning_happens_when_a_session_ends(
    wf_book: Casebook,
) -> None:
    user_id = _user(wf_book, "pruned_user")
    now = _now()
    with wf_book.session() as session:
        session.add(
            EndedSession(
                session_hash="0" * 64,
                user_id=user_id,
                ended_at=now - SESSION_LIFETIME * 2,
                expires_at=now - timedelta(seconds=1),
            )
        )
    with wf_book.session() as session:
        end_session(session, user_id, "still-valid", now + timedelta(hours=1))
    with wf_book.session() as session:
        hashes = session.scalars(select(EndedSession.session_hash)).all()
        assert len(hashes) == 1 and hashes[0] != "0" * 64
        assert prune_ended_sessions(session, now + timedelta(hours=2)) == 1
        assert session.scalar(select(func.count()).select_from(EndedSession)) == 0
