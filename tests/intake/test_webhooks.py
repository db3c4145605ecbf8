"""Webhooks (issue 16): a unit's system is POSTed each new clue of the unit, signed with
HMAC-SHA256, retried with exponential backoff up to a bound, every attempt logged; a local
threaded HTTP server stands for the unit's system."""

from __future__ import annotations

import json
import stat
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from intake_support import new_project, push
from sqlalchemy import select

from jiancha.casebook.tables import Webhook, WebhookAttempt, WebhookDelivery
from jiancha.casebook.webhooks import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    DeliveryStatus,
    Webhooks,
    verify,
)
from jiancha.cli.main import run as cli
from jiancha.errors import UsageError
from jiancha.intake import IntakeWorker
from jiancha.project import Project
from jiancha.webhook_send import WebhookSender

AS_OF = date(2026, 6, 30)


def _undecided(n: int, unit: str) -> dict[str, object]:
    """A 受案登记 received in January and never decided: a clue of filing.report_undecided."""
    return {
        "record_id": f"BA{n}",
        "unit_code": unit,
        "received_at": "2026-01-05",
        "case_kind": "criminal",
        "offense": "盗窃",
        "suspect_name": f"李{n}",
        "decision": "pending",
    }


class Receiver:
    """A unit's system: answers each POST with the next of ``codes`` (the last repeats)."""

    def __init__(self, codes: list[int]) -> None:
        self.codes = codes
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver.lock:
                    receiver.received.append((dict(self.headers.items()), body))
                    n = len(receiver.received)
                code = receiver.codes[min(n, len(receiver.codes)) - 1]
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver_factory() -> Iterator[Any]:
    made: list[Receiver] = []

    def make(codes: list[int]) -> Receiver:
        made.append(Receiver(codes))
        return made[-1]

    yield make
    for r in made:
        r.close()


def _with_clues(root: Path, units: list[str]) -> Project:
    project, key = new_project(root)
    push(project, key, "case_report", [_undecided(i, u) for i, u in enumerate(units)])
    with project.casework() as work:
        IntakeWorker(project, work, as_of=AS_OF).run(once=True)
    return project


def _hooks(project: Project) -> Iterator[Webhooks]:
    with project.casework() as work:
        yield Webhooks(work.book, work.config.keys_dir)


def _deliver_until_settled(sender: WebhookSender, hooks: Webhooks, rounds: int = 50) -> None:
    for _ in range(rounds):
        sender.deliver_due()
        if hooks.next_due() is None:
            return
        time.sleep(0.02)
    raise AssertionError("deliveries still pending")


def test_a_new_clue_is_posted_signed_and_retried_after_500s(
    tmp_path: Path, receiver_factory: Any
) -> None:
    project, key = new_project(tmp_path / "p")
    system = receiver_factory([500, 500, 200])
    for hooks in _hooks(project):
        hook, secret = hooks.add("350602", system.url)
    # clues after the webhook: one in 350602 (delivered), one in 350603 (not its unit)
    push(project, key, "case_report", [_undecided(1, "350602"), _undecided(2, "350603")])
    with project.casework() as work:
        IntakeWorker(project, work, as_of=AS_OF).run(once=True)
    for hooks in _hooks(project):
        sender = WebhookSender(hooks, backoff_seconds=0.01, max_attempts=5)
        _deliver_until_settled(sender, hooks)
        log = hooks.attempts(hook.id)
    assert len(system.received) == 3  # two 500s, then delivered
    for headers, body in system.received:
        assert verify(secret, headers[TIMESTAMP_HEADER], body, headers[SIGNATURE_HEADER])
        assert not verify("jcw_another", headers[TIMESTAMP_HEADER], body, headers[SIGNATURE_HEADER])
    payload = json.loads(system.received[-1][1])
    assert payload["event"] == "clue.new"
    assert payload["clue"]["unit_code"] == "350602"
    assert payload["clue"]["model_id"] == "filing.report_undecided"
    assert payload["clue"]["id"].startswith("C")
    assert "李1" not in system.received[-1][1].decode()  # no personal identity in the body
    assert [(a.attempt, a.http_status) for a in reversed(log)] == [(1, 500), (2, 500), (3, 200)]
    assert all(a.status == DeliveryStatus.DELIVERED for a in log)
    assert "HTTP 500" in (log[-1].error or "")


def test_retries_back_off_exponentially_and_give_up_after_the_last_attempt(
    tmp_path: Path, receiver_factory: Any
) -> None:
    project, key = new_project(tmp_path / "p")
    system = receiver_factory([500])
    for hooks in _hooks(project):
        hook, _ = hooks.add("3506", system.url)
    push(project, key, "case_report", [_undecided(7, "350681")])
    with project.casework() as work:
        IntakeWorker(project, work, as_of=AS_OF).run(once=True)
    for hooks in _hooks(project):
        sender = WebhookSender(hooks, backoff_seconds=0.01, max_attempts=4)
        _deliver_until_settled(sender, hooks)
        log = hooks.attempts(hook.id)
        with hooks.book.session() as session:
            delivery = session.scalars(select(WebhookDelivery)).one()
            attempts = session.scalars(select(WebhookAttempt).order_by(WebhookAttempt.id)).all()
    assert len(system.received) == 4
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 4
    assert [a.attempt for a in attempts] == [1, 2, 3, 4]
    gaps = [(b.at - a.at).total_seconds() for a, b in zip(attempts, attempts[1:], strict=False)]
    assert gaps[0] >= 0.01 and gaps[1] >= 0.02 and gaps[2] >= 0.04  # 0.01 × 2^k at least
    assert {a.status for a in log} == {DeliveryStatus.FAILED}


def test_the_backoff_schedule(tmp_path: Path) -> None:
    """The next attempt is due after backoff × 2^(attempts−1): 5, 10, 20 s by default."""
    project, key = new_project(tmp_path / "p")
    for hooks in _hooks(project):
        hooks.add("350602", "http://127.0.0.1:9/unused")
    push(project, key, "case_report", [_undecided(1, "350602")])
    with project.casework() as work:
        IntakeWorker(project, work, as_of=AS_OF).run(once=True)
    for hooks in _hooks(project):
        hooks.enqueue_new()
        at = datetime.now() + timedelta(hours=1)
        waits = []
        for _ in range(3):
            [due] = hooks.due(now=at)
            hooks.record_attempt(
                due,
                at=at,
                http_status=503,
                error=None,
                seconds=0.1,
                max_attempts=6,
                backoff_seconds=5.0,
            )
            nxt = hooks.next_due()
            assert nxt is not None
            waits.append((nxt - at).total_seconds())
            assert hooks.due(now=nxt - timedelta(seconds=1)) == []  # not before its time
            at = nxt
    assert waits == [5.0, 10.0, 20.0]


def test_the_secret_is_kept_0600_and_only_its_hash_in_the_casebook(tmp_path: Path) -> None:
    project, _ = new_project(tmp_path / "p")
    for hooks in _hooks(project):
        hook, secret = hooks.add("350602", "https://oa.example.cn/jiancha")
        path = hooks.secrets_dir / f"{hook.id}.secret"
        assert path.read_text("utf-8") == secret
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with hooks.book.session() as session:
            row = session.scalars(select(Webhook)).one()
        assert secret not in repr(row.__dict__) and len(row.secret_sha256) == 64
        with pytest.raises(UsageError, match="http"):
            hooks.add("350602", "ftp://oa.example.cn/")
        with pytest.raises(UsageError, match="单位代码"):
            hooks.add("漳州", "https://oa.example.cn/")
        hooks.remove(hook.id)
        assert not path.exists()
        assert [h.active for h in hooks.listed()] == [False]


def test_only_clues_created_after_the_webhook_are_delivered(tmp_path: Path) -> None:
    project = _with_clues(tmp_path / "p", ["350602"])  # a clue before the webhook
    for hooks in _hooks(project):
        hooks.add("350602", "http://127.0.0.1:9/unused")
        assert hooks.enqueue_new() == 0


def test_the_running_worker_delivers_without_holding_up_intake(
    tmp_path: Path, receiver_factory: Any
) -> None:
    """The worker running on (``jiancha intake work``): the clue a batch causes reaches the
    unit's system while the worker keeps applying batches."""
    project, key = new_project(tmp_path / "p")
    system = receiver_factory([200])
    for hooks in _hooks(project):
        _, secret = hooks.add("350602", system.url)
    push(project, key, "case_report", [_undecided(1, "350602")])
    stop = threading.Event()
    with project.casework() as work:
        worker = IntakeWorker(project, work, as_of=AS_OF)
        thread = threading.Thread(
            target=lambda: worker.run(poll_seconds=0.05, stop=stop.is_set), daemon=True
        )
        thread.start()
        try:
            for _ in range(600):
                if system.received:
                    break
                time.sleep(0.05)
        finally:
            stop.set()
            thread.join(30)
    assert len(system.received) == 1
    headers, body = system.received[0]
    assert verify(secret, headers[TIMESTAMP_HEADER], body, headers[SIGNATURE_HEADER])


def test_webhooks_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project, _ = new_project(tmp_path / "p")
    root = str(project.root)
    assert (
        cli(["--project", root, "webhooks", "add", "--unit", "350602", "https://oa.example.cn/h"])
        == 0
    )
    out = capsys.readouterr().out
    secret = next(line for line in out.splitlines() if line.startswith("jcw_"))
    assert len(secret) > 30
    assert cli(["--project", root, "webhooks", "list"]) == 0
    listed = capsys.readouterr().out
    assert "350602" in listed and "https://oa.example.cn/h" in listed and secret not in listed
    assert cli(["--project", root, "webhooks", "log"]) == 0
    assert "尚无投递记录" in capsys.readouterr().out
    assert cli(["--project", root, "webhooks", "remove", "1"]) == 0
    assert cli(["--project", root, "webhooks", "remove", "1"]) != 0
    assert "没有编号为 1 的回调地址" in capsys.readouterr().err
