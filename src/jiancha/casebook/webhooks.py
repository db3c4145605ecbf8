"""Webhooks: a unit's own systems told of each new clue in the unit (issue 16).

A unit registers a URL (``jiancha webhooks add --unit 350602 URL``). Its secret is 32
random bytes shown once; it stays in the keys folder (mode 0600, written by
:func:`jiancha.filemodes.write_secret`), since signing needs it, and the casebook keeps its
SHA-256 to check that the file is the one issued.

Each clue created in the unit (``unit_code`` starting with the webhook's unit) after the
webhook was added becomes one delivery, queued in the casebook (``webhook_delivery``) by
the clue's id: the webhook's ``cursor`` is the last clue id queued, moved in the same
transaction as the deliveries it queued, so a crash queues nothing twice and misses
nothing. The intake worker's sender thread POSTs each due delivery (:mod:`jiancha.webhook_send`);
every attempt is logged (``webhook_attempt``); an answer other than 2xx, or no answer, is
tried again after an exponentially growing wait, up to a bounded number of attempts, after
which the delivery is marked failed. The body and its signature are documented in
docs/webhooks.md.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, insert, select, update

from jiancha.casebook.store import Casebook
from jiancha.casebook.tables import Clue, Webhook, WebhookAttempt, WebhookDelivery
from jiancha.casebook.views import display_id
from jiancha.errors import NotFound, UsageError
from jiancha.filemodes import write_secret

EVENT_NEW_CLUE = "clue.new"
SECRET_PREFIX = "jcw_"
SIGNATURE_HEADER = "X-Jiancha-Signature"
TIMESTAMP_HEADER = "X-Jiancha-Timestamp"
EVENT_HEADER = "X-Jiancha-Event"
DELIVERY_HEADER = "X-Jiancha-Delivery"


class DeliveryStatus:
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


STATUS_LABELS = {
    DeliveryStatus.PENDING: "待投递",
    DeliveryStatus.DELIVERED: "已投递",
    DeliveryStatus.FAILED: "投递失败",
}


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value: ``sha256=`` and the hex HMAC-SHA256 of
    ``<timestamp>.<body>`` under the secret (its text, UTF-8)."""
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, "sha256")
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does (docs/webhooks.md): recompute and compare in constant time."""
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def _secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class WebhookView:
    id: int
    unit_code: str
    url: str
    created_at: datetime
    removed_at: datetime | None
    pending: int = 0
    delivered: int = 0
    failed: int = 0

    @property
    def active(self) -> bool:
        return self.removed_at is None


@dataclass(frozen=True)
class DueDelivery:
    id: int
    webhook_id: int
    url: str
    secret: str
    event: str
    payload: str
    attempts: int  # made so far


@dataclass(frozen=True)
class AttemptView:
    delivery_id: int
    clue_id: int
    attempt: int
    at: datetime
    http_status: int | None
    error: str | None
    seconds: float
    status: str  # the delivery's, now


class Webhooks:
    """The webhooks of a casebook; secrets in ``keys_dir/webhooks``."""

    def __init__(self, book: Casebook, keys_dir: Path) -> None:
        self.book = book
        self.secrets_dir = Path(keys_dir) / "webhooks"

    # -- registering --------------------------------------------------------------------
    def add(self, unit_code: str, url: str) -> tuple[WebhookView, str]:
        """Register ``url`` for the clues of ``unit_code``; the secret, to show once."""
        unit = unit_code.strip()
        if not re.fullmatch(r"\d{2,12}", unit):
            raise UsageError(f"单位代码“{unit_code}”应为 2 至 12 位数字，如 350602")
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(f"回调地址“{url}”应以 http:// 或 https:// 开头并包含主机名")
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        now = datetime.now()
        with self.book.session("登记回调地址") as session:
            last = session.scalar(select(func.max(Clue.id))) or 0
            row = Webhook(
                unit_code=unit,
                url=url.strip(),
                secret_sha256=_secret_hash(secret),
                cursor=int(last),
                created_at=now,
                removed_at=None,
            )
            session.add(row)
            session.flush()
            webhook_id = row.id
            # the secret is written before the row commits: a webhook never lacks its secret
            write_secret(self._secret_path(int(webhook_id)), secret.encode("utf-8"))
        return WebhookView(int(webhook_id), unit, url.strip(), now, None), secret

    def listed(self) -> list[WebhookView]:
        counts: dict[tuple[int, str], int] = {}
        with self.book.session("查询回调地址") as session:
            for webhook_id, status, n in session.execute(
                select(WebhookDelivery.webhook_id, WebhookDelivery.status, func.count()).group_by(
                    WebhookDelivery.webhook_id, WebhookDelivery.status
                )
            ):
                counts[(webhook_id, status)] = n
            rows = session.scalars(select(Webhook).order_by(Webhook.id)).all()
            return [
                WebhookView(
                    w.id,
                    w.unit_code,
                    w.url,
                    w.created_at,
                    w.removed_at,
                    counts.get((w.id, DeliveryStatus.PENDING), 0),
                    counts.get((w.id, DeliveryStatus.DELIVERED), 0),
                    counts.get((w.id, DeliveryStatus.FAILED), 0),
                )
                for w in rows
            ]

    def remove(self, webhook_id: int) -> WebhookView:
        """Stop delivering to a webhook (its deliveries still pending are dropped as failed;
        the log stays); its secret file is deleted."""
        now = datetime.now()
        with self.book.session("删除回调地址") as session:
            found = session.get(Webhook, webhook_id)
            if found is None or found.removed_at is not None:
                raise NotFound(f"没有编号为 {webhook_id} 的回调地址")
            found.removed_at = now
            session.execute(
                update(WebhookDelivery)
                .where(
                    WebhookDelivery.webhook_id == webhook_id,
                    WebhookDelivery.status == DeliveryStatus.PENDING,
                )
                .values(status=DeliveryStatus.FAILED, finished_at=now, next_attempt_at=None)
            )
            view = WebhookView(found.id, found.unit_code, found.url, found.created_at, now)
        self._secret_path(webhook_id).unlink(missing_ok=True)
        return view

    def _secret_path(self, webhook_id: int) -> Path:
        return self.secrets_dir / f"{webhook_id}.secret"

    def _secret(self, webhook: Webhook) -> str:
        path = self._secret_path(webhook.id)
        try:
            secret = path.read_text("utf-8").strip()
        except OSError:
            raise NotFound(f"回调地址 {webhook.id} 的密钥文件 {path} 不存在") from None
        if not hmac.compare_digest(_secret_hash(secret), webhook.secret_sha256):
            raise UsageError(f"回调地址 {webhook.id} 的密钥文件 {path} 与登记时的不符")
        return secret

    # -- queueing -----------------------------------------------------------------------
    def enqueue_new(self, limit: int = 1000) -> int:
        """Queue a delivery for each clue created in a webhook's unit since its cursor;
        how many were queued."""
        queued = 0
        now = datetime.now()
        with self.book.session("生成回调投递") as session:
            hooks = session.scalars(select(Webhook).where(Webhook.removed_at.is_(None))).all()
            for hook in hooks:
                clues = session.scalars(
                    select(Clue).where(Clue.id > hook.cursor).order_by(Clue.id).limit(limit)
                ).all()
                if not clues:
                    continue
                rows = [
                    {
                        "webhook_id": hook.id,
                        "clue_id": c.id,
                        "event": EVENT_NEW_CLUE,
                        "payload": json.dumps(clue_payload(c), ensure_ascii=False, sort_keys=True),
                        "status": DeliveryStatus.PENDING,
                        "attempts": 0,
                        "created_at": now,
                        "next_attempt_at": now,
                        "finished_at": None,
                    }
                    for c in clues
                    if (c.unit_code or "").startswith(hook.unit_code)
                ]
                if rows:
                    session.execute(insert(WebhookDelivery), rows)
                hook.cursor = clues[-1].id
                queued += len(rows)
        return queued

    def due(self, now: datetime | None = None, limit: int = 100) -> list[DueDelivery]:
        """The pending deliveries whose next attempt is due, oldest first."""
        at = now or datetime.now()
        with self.book.session("查询待投递的回调") as session:
            rows = session.execute(
                select(WebhookDelivery, Webhook)
                .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
                .where(
                    WebhookDelivery.status == DeliveryStatus.PENDING,
                    WebhookDelivery.next_attempt_at <= at,
                )
                .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
                .limit(limit)
            ).all()
            return [
                DueDelivery(d.id, w.id, w.url, self._secret(w), d.event, d.payload, d.attempts)
                for d, w in rows
            ]

    def next_due(self) -> datetime | None:
        """When the earliest pending delivery is due (None: nothing pending)."""
        with self.book.session("查询待投递的回调") as session:
            found: datetime | None = session.scalar(
                select(func.min(WebhookDelivery.next_attempt_at)).where(
                    WebhookDelivery.status == DeliveryStatus.PENDING
                )
            )
            return found

    def record_attempt(
        self,
        delivery: DueDelivery,
        *,
        at: datetime,
        http_status: int | None,
        error: str | None,
        seconds: float,
        max_attempts: int,
        backoff_seconds: float,
    ) -> str:
        """Log one POST and move the delivery on: delivered (2xx), tried again after
        ``backoff_seconds × 2^(attempts−1)``, or failed after ``max_attempts``; its status."""
        attempt = delivery.attempts + 1
        ok = http_status is not None and 200 <= http_status < 300
        if ok:
            status, next_at, finished = DeliveryStatus.DELIVERED, None, at
        elif attempt >= max_attempts:
            status, next_at, finished = DeliveryStatus.FAILED, None, at
        else:
            wait = backoff_seconds * 2 ** (attempt - 1)
            status, next_at, finished = DeliveryStatus.PENDING, at + timedelta(seconds=wait), None
        with self.book.session("记录回调投递") as session:
            session.execute(
                insert(WebhookAttempt).values(
                    delivery_id=delivery.id,
                    attempt=attempt,
                    at=at,
                    http_status=http_status,
                    error=error,
                    seconds=seconds,
                )
            )
            session.execute(
                update(WebhookDelivery)
                .where(WebhookDelivery.id == delivery.id)
                .values(
                    attempts=attempt, status=status, next_attempt_at=next_at, finished_at=finished
                )
            )
        return status

    def attempts(self, webhook_id: int | None = None, limit: int = 100) -> list[AttemptView]:
        """The newest delivery attempts (of one webhook), newest first."""
        query = (
            select(WebhookAttempt, WebhookDelivery)
            .join(WebhookDelivery, WebhookDelivery.id == WebhookAttempt.delivery_id)
            .order_by(WebhookAttempt.id.desc())
            .limit(limit)
        )
        if webhook_id is not None:
            query = query.where(WebhookDelivery.webhook_id == webhook_id)
        with self.book.session("查询回调投递记录") as session:
            return [
                AttemptView(
                    a.delivery_id,
                    d.clue_id,
                    a.attempt,
                    a.at,
                    a.http_status,
                    a.error,
                    a.seconds,
                    d.status,
                )
                for a, d in session.execute(query).all()
            ]


def clue_payload(clue: Clue) -> dict[str, Any]:
    """The body of a new clue's delivery: what the clue is and where, without the person's
    identity (the unit's system opens the clue in the workbench by its id)."""
    return {
        "event": EVENT_NEW_CLUE,
        "clue": {
            "id": display_id(clue.id),
            "model_id": clue.model_id,
            "title": clue.title,
            "domain": clue.domain,
            "unit_code": clue.unit_code,
            "status": clue.status,
            "first_seen_at": clue.first_seen_at.isoformat(timespec="seconds")
            if clue.first_seen_at
            else None,
            "legal_basis": clue.legal_basis,
            "facts": clue.facts,
            "path": f"/clues/{display_id(clue.id)}",
        },
    }
