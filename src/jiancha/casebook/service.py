"""Electronic service (远程送达): one-time, expiring, signed links for a recipient agency.

A link is ``<token id>.<expiry>.<HMAC-SHA256 of both with the project secret>``: a changed
character fails the signature, a late visit fails the expiry, and the state in the
``service_token`` row makes it one-time — the recipient may open it and confirm receipt
(that records served_at and starts the reply clock) and then upload one written reply,
after which the link is used up. Every step is an event on the ledger.

The expiry in the link bounds service: opening and confirming receipt. Once receipt is
confirmed, the link stays open for the reply until the reply period ends (from the action's
rule: two months for a recommendation) and ``REPLY_GRACE`` after it, so that a late reply
still arrives through the channel it was asked for.

Hardened after a red-team pass: a GET records nothing (a link previewer in a chat app
fetches links too), the recipient opens the document with an explicit POST, and only that is
an "opened" event; the link is refused once the reply is in (used up), once revoked by its
issuer, and past its expiry unless receipt was confirmed; the reply is accepted only when
its content is a file a court sends (:mod:`jiancha.casebook.replyfiles`).

The web page is the web issue's; these functions are what it calls.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jiancha.casebook.actions import ACTION_RULES, REPLY_KIND
from jiancha.casebook.deadlines import action_due
from jiancha.casebook.documents import DocumentView, document_view
from jiancha.casebook.filestore import FileStore
from jiancha.casebook.ledger import KIND_FILE, Ledger
from jiancha.casebook.record import naive
from jiancha.casebook.replyfiles import reply_kind
from jiancha.casebook.status import ClueStatus
from jiancha.casebook.store import Casebook, clue_row
from jiancha.casebook.tables import Document, ServiceToken, SupervisionAction
from jiancha.casebook.views import display_id
from jiancha.casebook.workflow import move_in
from jiancha.errors import CasebookError
from jiancha.filemodes import write_secret

SECRET_FILE = "service_hmac.secret"
DEFAULT_TTL = timedelta(days=7)
REPLY_GRACE = timedelta(days=30)


class ServiceLinkError(CasebookError):
    """A service link that cannot be used: tampered, expired, used or unknown."""


def load_or_create_secret(key_dir: Path) -> bytes:
    """The project's HMAC secret for service links, made on first use (mode 0600)."""
    path = Path(key_dir) / SECRET_FILE
    if path.exists():
        return path.read_bytes()
    secret = secrets.token_bytes(32)
    try:
        write_secret(path, secret)
    except FileExistsError:  # another process made it first
        return path.read_bytes()
    return secret


@dataclass(frozen=True)
class ServiceLinkView:
    """What the recipient's page shows."""

    token_id: str
    clue_id: str
    document_number: str
    filename: str
    recipient: str
    expires_at: datetime
    opened_at: datetime | None
    confirmed_at: datetime | None
    used_at: datetime | None
    reply_until: datetime | None = None  # after receipt: the reply may be uploaded until then
    revoked_at: datetime | None = None


def _epoch(moment: datetime) -> int:
    return int(moment.replace(tzinfo=UTC).timestamp())


class ServiceDesk:
    """Issue and honour service links of one casebook."""

    def __init__(self, book: Casebook, ledger: Ledger, files: FileStore, secret: bytes) -> None:
        if len(secret) < 16:
            raise CasebookError("送达链接密钥太短（至少 16 字节）")
        self.book = book
        self.ledger = ledger
        self.files = files
        self.secret = secret

    # -- tokens -----------------------------------------------------------------------

    def _sign(self, token_id: str, expires: int) -> str:
        mac = hmac.new(self.secret, f"{token_id}.{expires}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def _token(self, session: Session, token: str, now: datetime) -> ServiceToken:
        parts = token.strip().split(".")
        if len(parts) != 3 or not parts[1].isdigit():
            raise ServiceLinkError("送达链接无效：格式不对")
        token_id, expires, signature = parts
        if not hmac.compare_digest(self._sign(token_id, int(expires)), signature):
            raise ServiceLinkError("送达链接无效：签名不符，链接可能被改动")
        row = session.get(ServiceToken, token_id, with_for_update=True)
        if row is None or _epoch(row.expires_at) != int(expires):
            raise ServiceLinkError("送达链接无效：本院没有签发过这个链接")
        if row.revoked_at is not None:
            raise ServiceLinkError(
                f"该送达链接已于 {row.revoked_at:%Y-%m-%d %H:%M} 被制发单位撤销，请联系制发单位"
            )
        if row.used_at is not None:
            raise ServiceLinkError(
                f"书面回复已于 {row.used_at:%Y-%m-%d %H:%M} 收到，该送达链接已用毕，不能再使用"
            )
        if now < row.expires_at:
            return row
        until = reply_open_until(session, row)
        if until is None or now >= until:
            last = until or row.expires_at
            raise ServiceLinkError(
                f"送达链接已于 {last:%Y-%m-%d %H:%M} 过期，请联系制发单位重新送达"
            )
        return row

    def issue_link(
        self,
        document_id: int,
        *,
        actor: str,
        recipient: str | None = None,
        ttl: timedelta = DEFAULT_TTL,
        now: datetime | None = None,
    ) -> str:
        """A new link serving document ``document_id``; returns the token for the URL."""
        moment = naive(now or datetime.now())
        expires = moment.replace(microsecond=0) + ttl
        with self.book.session("签发送达链接") as session:
            document = session.get(Document, document_id)
            if document is None:
                raise CasebookError(f"没有编号为 {document_id} 的文书")
            token_id = secrets.token_urlsafe(16)
            row = ServiceToken(
                token_id=token_id,
                document_id=document_id,
                recipient=recipient or _recipient(session, document),
                created_at=moment,
                expires_at=expires,
            )
            session.add(row)
            self._ledger(session, row, document, "issued", actor, moment)
        return f"{token_id}.{_epoch(expires)}.{self._sign(token_id, _epoch(expires))}"

    def _ledger(
        self,
        session: Session,
        row: ServiceToken,
        document: Document,
        step: str,
        actor: str,
        at: datetime,
        file_sha256: str | None = None,
    ) -> None:
        payload = {
            "service": step,
            "token_id": row.token_id,
            "document": document.number,
            "recipient": row.recipient,
        }
        if file_sha256:
            payload["sha256"] = file_sha256
        self.ledger.append(
            session,
            kind=KIND_FILE if file_sha256 else "service",
            actor=actor,
            subject=f"clue:{display_id(document.clue_id)}",
            payload=payload,
            at=at,
            file_sha256=file_sha256,
        )

    # -- the recipient's side ---------------------------------------------------------

    def open_link(self, token: str, *, now: datetime | None = None) -> ServiceLinkView:
        """What the link serves; records nothing (see :meth:`open_document`)."""
        moment = naive(now or datetime.now())
        with self.book.session("查看送达链接") as session:
            row = self._token(session, token, moment)
            return _link_view(session, row, _document(session, row.document_id))

    def open_document(self, token: str, *, now: datetime | None = None) -> ServiceLinkView:
        """The recipient asks to see the document (an explicit POST): the first time is the
        "opened" event on the ledger."""
        moment = naive(now or datetime.now())
        with self.book.session("打开送达文书") as session:
            row = self._token(session, token, moment)
            document = _document(session, row.document_id)
            if row.opened_at is None:
                row.opened_at = moment
                self._ledger(session, row, document, "opened", _who(row), moment)
            return _link_view(session, row, document)

    def document_bytes(self, token: str, *, now: datetime | None = None) -> bytes:
        """The served document's file, for the recipient to download (once opened)."""
        moment = naive(now or datetime.now())
        with self.book.session("下载送达文书") as session:
            row = self._token(session, token, moment)
            if row.opened_at is None:
                raise ServiceLinkError("请先在送达页面点击“查看送达文书”，再下载")
            return self.files.get(_document(session, row.document_id).sha256)

    def check_reply(self, token: str, *, now: datetime | None = None) -> None:
        """Whether the link takes a reply now; raises :class:`ServiceLinkError` if not.
        The web asks before it reads the upload, so a bad link costs no body."""
        moment = naive(now or datetime.now())
        with self.book.session("检查送达链接") as session:
            _reply_ready(self._token(session, token, moment))

    def revoke(
        self, token_or_id: str, *, actor: str, now: datetime | None = None
    ) -> ServiceLinkView:
        """The issuer withdraws a link (the whole link or its id, the part before the first
        dot); from then on every step on it is refused."""
        moment = naive(now or datetime.now())
        token_id = token_or_id.strip().rstrip("/").rsplit("/", 1)[-1].split(".")[0]
        with self.book.session("撤销送达链接") as session:
            row = session.get(ServiceToken, token_id, with_for_update=True)
            if row is None:
                raise ServiceLinkError(f"没有编号为 {token_id} 的送达链接")
            if row.revoked_at is not None:
                raise ServiceLinkError(f"该送达链接已于 {row.revoked_at:%Y-%m-%d %H:%M} 撤销")
            if row.used_at is not None:
                raise ServiceLinkError("该送达链接的书面回复已收到，链接已用毕，无需撤销")
            document = _document(session, row.document_id)
            row.revoked_at = moment
            self._ledger(session, row, document, "revoked", actor, moment)
            return _link_view(session, row, document)

    def links_of(self, document_ids: list[int]) -> list[ServiceLinkView]:
        """The links issued for these documents, newest first (for the issuer's page)."""
        with self.book.session("查询送达链接") as session:
            rows = session.scalars(
                select(ServiceToken)
                .where(ServiceToken.document_id.in_(document_ids))
                .order_by(ServiceToken.created_at.desc())
            ).all()
            return [_link_view(session, r, _document(session, r.document_id)) for r in rows]

    def confirm_receipt(
        self, token: str, *, by: str, now: datetime | None = None
    ) -> ServiceLinkView:
        """The recipient confirms receipt: served_at is now, the reply clock starts."""
        moment = naive(now or datetime.now())
        with self.book.session("确认送达") as session:
            row = self._token(session, token, moment)
            if row.confirmed_at is not None:
                raise ServiceLinkError(f"该文书已于 {row.confirmed_at:%Y-%m-%d %H:%M} 确认签收")
            document = _document(session, row.document_id)
            row.confirmed_at = moment
            row.opened_at = row.opened_at or moment
            move_in(
                session,
                self.ledger,
                document.clue_id,
                ClueStatus.SERVED,
                actor=f"{row.recipient}：{by}",
                reason=f"电子送达签收（{document.number}）",
                at=moment,
            )
            return _link_view(session, row, document)

    def upload_reply(
        self,
        token: str,
        data: bytes,
        filename: str,
        *,
        by: str,
        now: datetime | None = None,
    ) -> DocumentView:
        """The recipient's written reply; the link is used up afterwards."""
        moment = naive(now or datetime.now())
        with self.book.session("上传回复") as session:
            row = self._token(session, token, moment)
            _reply_ready(row)
            if not data:
                raise ServiceLinkError("上传的回复文件是空的")
            kind = reply_kind(data)
            served = _document(session, row.document_id)
            digest = self.files.put(data)
            name = _reply_name(filename, kind)
            reply = _reply_document(session, served, name, digest, moment, by)
            row.used_at, row.reply_document_id = moment, reply.id
            self._ledger(session, row, served, "reply", f"{row.recipient}：{by}", moment, digest)
            move_in(
                session,
                self.ledger,
                served.clue_id,
                ClueStatus.REPLIED,
                actor=f"{row.recipient}：{by}",
                reason=f"书面回复 {name}",
                at=moment,
            )
            return document_view(reply)


def reply_open_until(session: Session, row: ServiceToken) -> datetime | None:
    """Until when a link whose receipt was confirmed takes the reply: the end of the reply
    period's last day, plus ``REPLY_GRACE``; None before receipt or after the reply."""
    if row.confirmed_at is None or row.used_at is not None:
        return None
    document = session.get(Document, row.document_id)
    action = session.get(SupervisionAction, document.action_id) if document else None
    if action is None or action.kind not in ACTION_RULES:
        return None
    due = action_due(action, row.confirmed_at.date())
    return datetime.combine(due + timedelta(days=1), time()) + REPLY_GRACE


def _reply_ready(row: ServiceToken) -> None:
    if row.confirmed_at is None:
        raise ServiceLinkError("请先确认签收，再上传书面回复")


def _reply_name(filename: str, kind: str) -> str:
    """The sender's file name without any folder part, ending in the extension of what the
    file really is (a PDF sent as ``回复.txt`` is stored as ``回复.pdf``)."""
    stem = Path(filename.replace("\\", "/")).name.strip(". ") or "回复"
    stem = Path(stem).stem if Path(stem).suffix else stem
    return f"{stem[:100]}.{kind}"


def _who(row: ServiceToken) -> str:
    return f"{row.recipient}（送达链接）"


def _recipient(session: Session, document: Document) -> str:
    if document.action_id is not None:
        action = session.get(SupervisionAction, document.action_id)
        if action is not None:
            return action.recipient
    return ""


def _document(session: Session, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise ServiceLinkError(f"送达的文书 {document_id} 不存在")
    return document


def _reply_document(
    session: Session, served: Document, filename: str, digest: str, at: datetime, by: str
) -> Document:
    clue_row(session, served.clue_id)
    seq = (
        session.scalar(
            select(func.max(Document.seq)).where(
                Document.unit_code == served.unit_code,
                Document.kind == REPLY_KIND,
                Document.year == at.year,
            )
        )
        or 0
    ) + 1
    reply = Document(
        clue_id=served.clue_id,
        action_id=served.action_id,
        kind=REPLY_KIND,
        unit_code=served.unit_code,
        year=at.year,
        seq=seq,
        number=f"{served.number}回复",
        filename=Path(filename).name or "reply",
        sha256=digest,
        created_at=at,
        actor=by,
    )
    session.add(reply)
    session.flush()
    return reply


def _link_view(session: Session, row: ServiceToken, document: Document) -> ServiceLinkView:
    return ServiceLinkView(
        token_id=row.token_id,
        clue_id=display_id(document.clue_id),
        document_number=document.number,
        filename=document.filename,
        recipient=row.recipient,
        expires_at=row.expires_at,
        opened_at=row.opened_at,
        confirmed_at=row.confirmed_at,
        used_at=row.used_at,
        reply_until=reply_open_until(session, row),
        revoked_at=row.revoked_at,
    )
