"""Readers and the intake worker take turns at the warehouse (jiancha.warehouse.turns)."""

from __future__ import annotations

import fcntl
import threading
import time
from pathlib import Path

from jiancha.warehouse.turns import WORKER_LOCK, Turns


def test_a_reader_is_seen_waiting_and_the_worker_opens_once_it_is_done(tmp_path: Path) -> None:
    turns = Turns(tmp_path / ".jiancha")
    assert not turns.waiting()
    events: list[str] = []
    reading = threading.Event()

    def reader() -> None:
        with turns.reading():
            reading.set()
            time.sleep(0.3)
            events.append("read")

    thread = threading.Thread(target=reader)
    thread.start()
    reading.wait(10)
    assert turns.waiting()
    with turns.opening():
        events.append("opened")
    thread.join(10)
    assert events == ["read", "opened"]
    assert not turns.waiting()


def test_the_worker_does_not_wait_for_ever(tmp_path: Path) -> None:
    turns = Turns(tmp_path / ".jiancha")
    with turns.reading():
        started = time.monotonic()
        with turns.opening(wait=0.2):
            waited = time.monotonic() - started
    assert 0.2 <= waited < 10


def test_the_running_worker_is_known_by_its_lock(tmp_path: Path) -> None:
    folder = tmp_path / ".jiancha"
    turns = Turns(folder)
    assert not turns.worker_running()
    with (folder / WORKER_LOCK).open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert turns.worker_running()
        fcntl.flock(handle, fcntl.LOCK_UN)
    assert not turns.worker_running()
