"""Electronic service links: receipt starts the reply clock; expired, tampered, used and
unknown links are refused with a clear message."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from jiancha.casebook import Casebook, ClueStatus
from jiancha.casebook.deadlines import due_items
from jiancha.casebook.documents import issue_document
from jiancha.casebook.filestore import FileStore
from jiancha.casebook.ledger import Ledger
from jiancha.casebook.service import (
    REPLY_GRACE,
    ServiceDesk,
    ServiceLinkError,
    load_or_create_secret,
    reply_open_until,
)
from jiancha.casebook.tables import ServiceToken
from jiancha.casebook.workflow import ActionSpec, Workflow

S = ClueStatus
AT = datetime(2026, 3, 2, 10)


@pytest.fixture
def desk(wf_book: Casebook, ledger: Ledger, files: FileStore, tmp_path: Path) -> ServiceDesk:
    return ServiceDesk(wf_book, ledger, files, load_or_create_secret(tmp_path / "keys"))


@pytest.fixture
def served_doc(flow: Workflow, wf_book: Casebook, ledger: Ledger, files: FileStore) -> int:
    for target in (S.ASSIGNED, S.VERIFYING, S.OPENED):
        flow.move("C000001", target, actor="检察官甲", at=AT)
    flow.move("C000001", S.RECOMMENDED, actor="检察官甲", action=ActionSpec("漳州监狱"), at=AT)
    with wf_book.session() as session:
        return issue_document(
            session, ledger, files, "C000001", "recommendation", actor="检察官甲", at=AT
        ).id


def test_receipt_starts_the_clock_and_a_reply_closes_it(
    desk: ServiceDesk, served_doc: int, flow: Workflow, wf_book: Casebook, ledger: Ledger
) -> None:
    token = desk.issue_link(served_doc, actor="检察官甲", ttl=timedelta(days=30), now=AT)
    seen = desk.open_link(token, now=AT + timedelta(hours=1))
    assert (seen.recipient, seen.document_number) == ("漳州监狱", "漳芗检建〔2026〕1号")
    assert desk.document_bytes(token, now=AT + timedelta(hours=1))[:2] == b"PK"

    with pytest.raises(ServiceLinkError, match="先确认签收"):
        desk.upload_reply(token, b"reply", "回复.pdf", by="狱政科", now=AT + timedelta(hours=2))
    desk.confirm_receipt(token, by="狱政科王某", now=AT + timedelta(days=1))
    state = flow.state("C000001")
    assert state.clue.status == S.SERVED
    assert state.actions[0].served_at == AT + timedelta(days=1)
    with wf_book.session() as session:
        (item,) = due_items(session, None, AT.date())
    assert item.started == (AT + timedelta(days=1)).date()
    with pytest.raises(ServiceLinkError, match="已于"):
        desk.confirm_receipt(token, by="狱政科王某", now=AT + timedelta(days=1, hours=1))

    reply = desk.upload_reply(
        token, "已整改".encode(), "回复.pdf", by="狱政科", now=AT + timedelta(days=20)
    )
    assert reply.kind == "reply" and reply.number == "漳芗检建〔2026〕1号回复"
    assert flow.state("C000001").clue.status == S.REPLIED
    with pytest.raises(ServiceLinkError, match="已使用"):
        desk.upload_reply(token, b"again", "x.pdf", by="狱政科", now=AT + timedelta(days=21))
    with wf_book.session() as session:
        report = ledger.verify(session)
        kinds = [e.kind for e in ledger.entries(session)]
    assert report.ok and "service" in kinds and "file" in kinds


def test_expired_tampered_and_unknown_links_are_refused(desk: ServiceDesk, served_doc: int) -> None:
    token = desk.issue_link(served_doc, actor="甲", ttl=timedelta(days=3), now=AT)
    with pytest.raises(ServiceLinkError, match="过期"):
        desk.open_link(token, now=AT + timedelta(days=3))
    token_id, expires, signature = token.split(".")
    later = str(int(expires) + 86400 * 30)
    for bad in (
        f"{token_id}.{later}.{signature}",  # a longer life, by hand
        f"{token_id}.{expires}.{signature[:-2]}xx",
        f"x{token_id}.{expires}.{signature}",
    ):
        with pytest.raises(ServiceLinkError, match="签名不符"):
            desk.open_link(bad, now=AT)
    with pytest.raises(ServiceLinkError, match="格式"):
        desk.open_link("nonsense", now=AT)
    other = ServiceDesk(desk.book, desk.ledger, desk.files, b"another-project-secret!!")
    forged = other.issue_link(served_doc, actor="甲", now=AT)
    with pytest.raises(ServiceLinkError, match="签名不符"):
        desk.open_link(forged, now=AT)


def test_the_secret_is_made_once(tmp_path: Path) -> None:
    first = load_or_create_secret(tmp_path)
    assert load_or_create_secret(tmp_path) == first and len(first) == 32


def test_after_receipt_the_link_takes_the_reply_until_the_period_ends(
    desk: ServiceDesk, served_doc: int, wf_book: Casebook
) -> None:
    """The link's 7 days bound service; a recommendation's reply is due in two months, and
    the link stays open for it (plus the grace) once receipt is confirmed."""
    token = desk.issue_link(served_doc, actor="检察官甲", now=AT)  # default: 7 days
    desk.confirm_receipt(token, by="狱政科王某", now=AT + timedelta(days=1))
    with wf_book.session() as session:
        row = session.get(ServiceToken, token.split(".")[0])
        assert row is not None
        until = reply_open_until(session, row)
    # 2026-03-03 + two months = Sunday 2026-05-03, in the Labour Day holiday: the period
    # rolls to the next working day, and the link takes the reply 30 days after that
    assert until == datetime(2026, 5, 7) + REPLY_GRACE
    assert desk.open_link(token, now=AT + timedelta(days=40)).reply_until == until
    with pytest.raises(ServiceLinkError, match="过期"):
        desk.upload_reply(token, b"late", "回复.pdf", by="狱政科", now=until)
    reply = desk.upload_reply(
        token, b"reply", "回复.pdf", by="狱政科", now=until - timedelta(minutes=1)
    )
    assert reply.kind == "reply"
    with pytest.raises(ServiceLinkError, match="过期"):  # used up: the expiry applies again
        desk.open_link(token, now=AT + timedelta(days=40))


def test_an_unconfirmed_link_still_expires_after_its_days(
    desk: ServiceDesk, served_doc: int
) -> None:
    token = desk.issue_link(served_doc, actor="检察官甲", now=AT)
    desk.open_link(token, now=AT + timedelta(days=6))
    with pytest.raises(ServiceLinkError, match="过期"):
        desk.confirm_receipt(token, by="狱政科王某", now=AT + timedelta(days=7))
