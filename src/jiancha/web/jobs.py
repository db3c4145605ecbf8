"""Model runs started from the web: in the server process, one at a time, polled for progress.

DuckDB lets one process write the warehouse; the server is that process while a run or an
import started from the web is going, so the two share one lock here.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jiancha.console import Progress
from jiancha.errors import JianchaError
from jiancha.web.errors import Conflict


@dataclass
class Job:
    id: int
    label: str
    started_by: str
    started_at: datetime = field(default_factory=datetime.now)
    messages: list[str] = field(default_factory=list)
    done: int = 0
    total: int | None = None
    finished_at: datetime | None = None
    error: str | None = None
    result: Any = None

    @property
    def running(self) -> bool:
        return self.finished_at is None

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))


class _JobProgress:
    def __init__(self, job: Job) -> None:
        self.job = job

    def advance(self, amount: int = 1) -> None:
        self.job.done += amount


class JobConsole:
    """The Console of a web job: messages and progress land on the job, for polling."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def info(self, message: str) -> None:
        self.job.messages.append(message)

    def warn(self, message: str) -> None:
        self.job.messages.append(f"注意：{message}")

    @contextmanager
    def progress(self, label: str, total: int | None = None) -> Iterator[Progress]:
        self.job.messages.append(label)
        self.job.done, self.job.total = 0, total
        yield _JobProgress(self.job)


class Jobs:
    def __init__(self) -> None:
        self._jobs: dict[int, Job] = {}
        self._ids = itertools.count(1)
        self.warehouse_lock = threading.Lock()

    def get(self, job_id: int) -> Job | None:
        return self._jobs.get(job_id)

    def start(self, label: str, user: str, work: Callable[[JobConsole], Any]) -> Job:
        """Run ``work`` in a thread holding the warehouse lock; refuse while one runs."""
        if not self.warehouse_lock.acquire(blocking=False):
            raise Conflict("已有模型运行或数据导入正在进行，请稍后再试")
        job = Job(next(self._ids), label, user)
        self._jobs[job.id] = job
        thread = threading.Thread(target=self._run, args=(job, work), daemon=True)
        thread.start()
        return job

    def _run(self, job: Job, work: Callable[[JobConsole], Any]) -> None:
        try:
            job.result = work(JobConsole(job))
        except JianchaError as exc:
            job.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - a failed run must not kill the server
            job.error = f"运行失败：{type(exc).__name__}"
        finally:
            job.finished_at = datetime.now()
            self.warehouse_lock.release()

    @contextmanager
    def warehouse(self) -> Iterator[None]:
        """Hold the warehouse for a synchronous write (an upload's import)."""
        if not self.warehouse_lock.acquire(blocking=False):
            raise Conflict("已有模型运行或数据导入正在进行，请稍后再试")
        try:
            yield
        finally:
            self.warehouse_lock.release()
