"""Sending the webhooks' deliveries (:mod:`jiancha.casebook.webhooks`): a thread of the
intake worker, so that a slow or unreachable receiver never holds up intake.

Each round queues the deliveries of the clues created since the last round, then POSTs the
due ones, one at a time, each with a timeout; every attempt is logged. The worker wakes the
thread after recording clues; it also wakes every ``poll_seconds`` (retries fall due, a
``jiancha run`` in another process made clues).
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime

from jiancha.casebook.webhooks import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    DueDelivery,
    Webhooks,
    sign,
)
from jiancha.errors import JianchaError

MAX_ATTEMPTS = 6  # 1 + 5 retries: 5 s, 10 s, 20 s, 40 s, 80 s after the first
BACKOFF_SECONDS = 5.0
TIMEOUT_SECONDS = 10.0

# (url, body, headers, timeout) → (HTTP status or None, error or None)
Poster = Callable[[str, bytes, dict[str, str], float], tuple[int | None, str | None]]


def post(
    url: str, body: bytes, headers: dict[str, str], timeout: float
) -> tuple[int | None, str | None]:
    """POST ``body``; the answer's status code, or None and why there was none."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 (http(s) only)
            answer.read(65536)
            return int(answer.status), None
    except urllib.error.HTTPError as exc:
        return int(exc.code), None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return None, f"无法连接回调地址：{reason}"


class WebhookSender:
    def __init__(
        self,
        hooks: Webhooks,
        *,
        max_attempts: int = MAX_ATTEMPTS,
        backoff_seconds: float = BACKOFF_SECONDS,
        timeout: float = TIMEOUT_SECONDS,
        poll_seconds: float = 1.0,
        poster: Poster = post,
        on_error: Callable[[JianchaError], None] = lambda exc: None,
    ) -> None:
        self.hooks = hooks
        self.max_attempts = max_attempts
        self.backoff_seconds = backoff_seconds
        self.timeout = timeout
        self.poll_seconds = poll_seconds
        self.poster = poster
        self.on_error = on_error
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def deliver_due(self) -> int:
        """Queue the new clues' deliveries and make every due attempt; how many attempts."""
        self.hooks.enqueue_new()
        made = 0
        for delivery in self.hooks.due():
            if self._stop.is_set():
                break
            self.attempt(delivery)
            made += 1
        return made

    def attempt(self, delivery: DueDelivery) -> str:
        body = delivery.payload.encode("utf-8")
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "jiancha-webhook/1",
            EVENT_HEADER: delivery.event,
            DELIVERY_HEADER: str(delivery.id),
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(delivery.secret, timestamp, body),
        }
        started = time.perf_counter()
        status, error = self.poster(delivery.url, body, headers, self.timeout)
        if status is not None and not 200 <= status < 300 and error is None:
            error = f"回调地址答复 HTTP {status}"
        return self.hooks.record_attempt(
            delivery,
            at=datetime.now(),
            http_status=status,
            error=error,
            seconds=time.perf_counter() - started,
            max_attempts=self.max_attempts,
            backoff_seconds=self.backoff_seconds,
        )

    # -- the thread ---------------------------------------------------------------------
    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="jiancha-webhooks", daemon=True)
        self._thread.start()

    def stop(self, wait: float = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(wait)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.deliver_due()
            except JianchaError as exc:
                self.on_error(exc)
            self._wake.wait(self.poll_seconds)
            self._wake.clear()
