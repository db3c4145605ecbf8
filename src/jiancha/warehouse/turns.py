"""Readers and the intake worker take turns at the warehouse.

DuckDB lets one process open the warehouse file for writing, and while it does no other
process may open it, not even to read. The intake worker holds it while batches follow one
another (opening it costs about as much as applying a small batch), and a prosecutor must
still be able to open a clue page, a person page or a search while agencies push.

So a reader holds a shared lock on ``.jiancha/warehouse.readers`` from before it opens the
warehouse until it has closed it (:meth:`Turns.reading`). The worker, between two groups of
batches and before each evaluation, asks whether anyone holds that lock
(:meth:`Turns.waiting`); if so it lets the warehouse go, and opens it again only holding the
lock exclusively (:meth:`Turns.opening`): once the readers are done, and never while one is
half-way through opening. A reader thus waits at most one step of the worker (a group's
import, or one evaluation); :data:`READ_WAIT` bounds the wait. The system lets the locks go
when a process ends, however it ends.
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

WORKER_LOCK = "intake.lock"  # held by the running intake worker (jiancha.intake)
READ_WAIT = 30.0  # seconds a reader waits for the worker's step to end
OPEN_WAIT = 30.0  # seconds the worker waits for the readers before trying anyway
_POLL = 0.05


class Turns:
    """The readers' lock file of a project (``folder``: its ``.jiancha`` folder)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "warehouse.readers"

    def worker_running(self) -> bool:
        """Whether the project's intake worker runs (it holds its lock exclusively)."""
        return self._held(self.path.parent / WORKER_LOCK, fcntl.LOCK_SH)

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Held by a reader around its use of the warehouse: the worker then lets it go.
        (The worker holds the lock exclusively only while it opens the warehouse; after
        ``READ_WAIT`` seconds the reader goes on without it, to the warehouse's own lock.)"""
        with self._locked(fcntl.LOCK_SH, READ_WAIT):
            yield

    def waiting(self) -> bool:
        """Whether a reader is reading or waiting to read."""
        return self._held(self.path, fcntl.LOCK_EX)

    def _held(self, path: Path, kind: int) -> bool:
        """Whether another process holds ``path``'s lock so that ``kind`` cannot be had."""
        with self._handle(path) as handle:
            try:
                fcntl.flock(handle, kind | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
            return False

    @contextmanager
    def opening(self, wait: float = OPEN_WAIT) -> Iterator[None]:
        """Held by the worker while it opens the warehouse: once no reader reads (after
        ``wait`` seconds, anyway: a reader stuck behind another writer must not stop it)."""
        with self._locked(fcntl.LOCK_EX, wait):
            yield

    @contextmanager
    def _locked(self, kind: int, wait: float) -> Iterator[None]:
        with self._handle(self.path) as handle:
            held = _take(handle, kind, wait)
            try:
                yield
            finally:
                if held:
                    fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def _handle(self, path: Path) -> Iterator[TextIO]:
        path.parent.mkdir(exist_ok=True)
        with path.open("a") as handle:
            yield handle


def _take(handle: TextIO, kind: int, wait: float) -> bool:
    """Take the lock, trying for up to ``wait`` seconds; whether it was taken."""
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, kind | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(_POLL)
