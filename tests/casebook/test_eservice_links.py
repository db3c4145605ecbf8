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
from jiancha.casebook.workflow import Workflow

S = ClueStatus
AT = datetime(2026, 3, 2, 10)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"  # a reply as courts send it


@pytest.fixture
def desk(wf_book: Casebook, ledger: Ledger, files: FileStore, tmp_path: Path) -> ServiceDesk:
    return ServiceDesk(wf_book, ledger, files, load_or_create_secret(tmp_path / "keys"))


@pytest.fixture
def served_doc(flow: Workflow, wf_book: Casebook, ledger: Ledger, files: FileStore) -> int:
    for target in (S.ASSIGNED, S.VERIFYING, S.OPENED):
        flow.move("C000001", target, actor="检察官甲", at=AT)
    with wf_book.session() as session:
        return issue_document(
            session, ledger, files, "C000001", "recommendation", actor="检察官甲", at=AT,
            recipient="漳州监狱",
        ).id  # fmt: skip


def test_receipt_starts_the_clock_and_a_reply_closes_it(
    desk: ServiceDesk, served_doc: int, flow: Workflow, wf_book: Casebook, ledger: Ledger
) -> None:
    token = desk.issue_link(served_doc, actor="检察官甲", ttl=timedelta(days=30), now=AT)
    seen = desk.open_link(token, now=AT + timedelta(hours=1))
    assert (seen.recipient, seen.document_number) == ("漳州监狱", "漳芗检建〔2026〕1号")
    desk.open_document(token, now=AT + timedelta(hours=1))
    assert desk.document_bytes(token, now=AT + timedelta(hours=1))[:2] == b"PK"

    with pytest.raises(ServiceLinkError, match="先确认签收"):
        desk.upload_reply(token, PDF, "回复.pdf", by="狱政科", now=AT + timedelta(hours=2))
    desk.confirm_receipt(token, by="狱政科王某", now=AT + timedelta(days=1))
    state = flow.state("C000001")
    assert state.clue.status == S.SERVED
    assert state.actions[0].served_at == AT + timedelta(days=1)
    with wf_book.session() as session:
        (item,) = due_items(session, None, AT.date())
    assert item.started == (AT + timedelta(days=1)).date()
    with pytest.raises(ServiceLinkError, match="已于"):
        desk.confirm_receipt(token, by="狱政科王某", now=AT + timedelta(days=1, hours=1))

    reply = desk.upload_reply(token, PDF, "回复.pdf", by="狱政科", now=AT + timedelta(days=20))
    assert reply.kind == "reply" and reply.number == "漳芗检建〔2026〕1号回复"
    assert flow.state("C000001").clue.status == S.REPLIED
    with pytest.raises(ServiceLinkError, match="已用毕"):
        desk.upload_reply(token, PDF, "x.pdf", by="狱政科", now=AT + timedelta(days=21))
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
        desk.upload_reply(token, PDF, "回复.pdf", by="狱政科", now=until)
    reply = desk.upload_reply(token, PDF, "回复.pdf", by="狱政科", now=until - timedelta(minutes=1))
    assert reply.kind == "reply"
    with pytest.raises(ServiceLinkError, match="已用毕"):  # used up once the reply is in
        desk.open_link(token, now=AT + timedelta(days=40))


def test_an_unconfirmed_link_still_expires_after_its_days(
    desk: ServiceDesk, served_doc: int
) -> None:
    token = desk.issue_link(served_doc, actor="检察官甲", now=AT)
    desk.open_link(token, now=AT + timedelta(days=6))
    with pytest.raises(ServiceLinkError, match="过期"):
        desk.confirm_receipt(token, by="狱政科王某", now=AT + timedelta(days=7))


def _service_steps(desk: ServiceDesk) -> list[str]:
    with desk.book.session() as session:
        return [
            e.payload.get("service", "")
            for e in desk.ledger.entries(session)
            if e.kind in ("service", "file")
        ]


def test_a_get_records_nothing_only_the_explicit_open_does(
    desk: ServiceDesk, served_doc: int
) -> None:
    """A link previewer (chat app, mail scanner) fetches the page: no "opened" event."""
    token = desk.issue_link(served_doc, actor="检察官甲", now=AT)
    for _ in range(3):
        assert desk.open_link(token, now=AT + timedelta(hours=1)).opened_at is None
    with pytest.raises(ServiceLinkError, match="查看送达文书"):
        desk.document_bytes(token, now=AT + timedelta(hours=1))
    assert _service_steps(desk) == ["issued"]
    opened = desk.open_document(token, now=AT + timedelta(hours=2))
    assert opened.opened_at == AT + timedelta(hours=2)
    desk.open_document(token, now=AT + timedelta(hours=3))  # once on the ledger
    assert _service_steps(desk) == ["issued", "opened"]


def test_the_issuer_revokes_a_link_and_every_step_is_refused(
    desk: ServiceDesk, served_doc: int
) -> None:
    token = desk.issue_link(served_doc, actor="检察官甲", now=AT)
    desk.open_document(token, now=AT)
    revoked = desk.revoke(f"https://jc.example.cn/service/{token}", actor="检察官甲", now=AT)
    assert revoked.revoked_at == AT
    for step in (
        lambda: desk.open_link(token, now=AT),
        lambda: desk.document_bytes(token, now=AT),
        lambda: desk.confirm_receipt(token, by="王某", now=AT),
        lambda: desk.check_reply(token, now=AT),
    ):
        with pytest.raises(ServiceLinkError, match="撤销"):
            step()
    assert _service_steps(desk)[-1] == "revoked"
    with pytest.raises(ServiceLinkError, match="已于"):
        desk.revoke(token.split(".")[0], actor="检察官甲", now=AT)


def test_a_reply_is_judged_by_its_content_not_its_name(
    desk: ServiceDesk, served_doc: int, flow: Workflow
) -> None:
    from jiancha.casebook.replyfiles import ReplyFileRefused

    token = desk.issue_link(served_doc, actor="检察官甲", now=AT)
    desk.confirm_receipt(token, by="王某", now=AT + timedelta(hours=1))
    for data, name in (
        (b"#!/bin/sh\nrm -rf /\n", "回复.pdf"),
        (b"<html><script>alert(1)</script></html>", "回复.docx"),
        (b"PK\x03\x04not really a zip", "回复.docx"),
        (b"MZ\x90\x00\x03", "回复.jpg"),
    ):
        with pytest.raises(ReplyFileRefused, match="PDF"):
            desk.upload_reply(token, data, name, by="法制科", now=AT + timedelta(days=1))
    assert flow.state("C000001").clue.status == S.SERVED  # nothing was taken
    reply = desk.upload_reply(token, PDF, "../../回复.bin", by="法制科", now=AT + timedelta(days=1))
    assert reply.filename == "回复.pdf"  # no folder part; named for what it is


def test_replies_of_every_kind_a_court_sends_are_taken() -> None:
    import io
    import zipfile

    from docx import Document as WordDocument
    from PIL import Image

    from jiancha.casebook.replyfiles import OLE_MAGIC, reply_kind

    word = io.BytesIO()
    WordDocument().save(word)
    ofd = io.BytesIO()
    with zipfile.ZipFile(ofd, "w") as archive:
        archive.writestr("OFD.xml", "<ofd:OFD/>")
    image = io.BytesIO()
    Image.new("RGB", (4, 4)).save(image, "PNG")
    assert reply_kind(PDF) == "pdf"
    assert reply_kind(word.getvalue()) == "docx"
    assert reply_kind(OLE_MAGIC + b"\x00" * 504) == "doc"
    assert reply_kind(ofd.getvalue()) == "ofd"
    assert reply_kind(image.getvalue()) == "png"
