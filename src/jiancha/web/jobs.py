"""Model runs started from the web: in a server process, one at a time, polled for progress.

DuckDB lets one process write the warehouse. The server may run several worker processes
(``jiancha serve --workers N``), so the warehouse is held with a lock file that every
worker honours, and a job's progress is written to a small JSON file in the project's
``web_jobs/`` folder: the worker that answers a poll need not be the one running the job.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from jiancha.console import Progress
from jiancha.errors import JianchaError
from jiancha.web.errors import Conflict

JOBS_DIR = "web_jobs"
BUSY = "已有模型运行或数据导入正在进行，请稍后再试"
SAVE_EVERY = 0.5  # seconds between progress writes; messages and the end are written at once


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
    outcome: dict[str, Any] | None = None  # what the work found (a model run's counts)

    @property
    def running(self) -> bool:
        return self.finished_at is None

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))

    def to_json(self) -> str:
        data = asdict(self)
        for key in ("started_at", "finished_at"):
            data[key] = data[key].isoformat() if data[key] else None
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Job:
        data = json.loads(text)
        for key in ("started_at", "finished_at"):
            data[key] = datetime.fromisoformat(data[key]) if data[key] else None
        return cls(**data)


class JobStore:
    """Jobs as files: ``web_jobs/<id>.json``, replaced whole on every write."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, job_id: int) -> Path:
        return self.folder / f"{job_id}.json"

    def save(self, job: Job) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.folder / f".{job.id}.json.part"
        partial.write_text(job.to_json(), encoding="utf-8")
        partial.replace(self.path(job.id))  # a reader never sees half a file

    def load(self, job_id: int) -> Job | None:
        try:
            return Job.from_json(self.path(job_id).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None

    def next_id(self) -> int:
        """One more than the newest job (called with the warehouse held, so no race)."""
        numbers = [int(p.stem) for p in self.folder.glob("*.json") if p.stem.isdigit()]
        return max(numbers, default=0) + 1


class _JobProgress:
    def __init__(self, console: JobConsole) -> None:
        self.console = console

    def advance(self, amount: int = 1) -> None:
        self.console.job.done += amount
        self.console.save(force=False)


class JobConsole:
    """The Console of a web job: messages and progress land on the job's file, for polling."""

    def __init__(self, job: Job, store: JobStore) -> None:
        self.job = job
        self.store = store
        self._saved = 0.0

    def save(self, *, force: bool = True) -> None:
        now = time.monotonic()
        if force or now - self._saved >= SAVE_EVERY:
            self.store.save(self.job)
            self._saved = now

    def info(self, message: str) -> None:
        self.job.messages.append(message)
        self.save()

    def warn(self, message: str) -> None:
        self.info(f"注意：{message}")

    @contextmanager
    def progress(self, label: str, total: int | None = None) -> Iterator[Progress]:
        self.job.messages.append(label)
        self.job.done, self.job.total = 0, total
        self.save()
        yield _JobProgress(self)


class WarehouseLock:
    """Held by whoever writes the warehouse from the web: one thread of one worker process.

    A thread lock for this process (the file lock is re-entrant within a process) and a
    lock file for the other workers; neither waits: a busy warehouse is refused at once.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._here = threading.Lock()
        self._file = FileLock(path, thread_local=False)

    def acquire(self) -> None:
        if not self._here.acquire(blocking=False):
            raise Conflict(BUSY)
        try:
            self._file.acquire(timeout=0)
        except Timeout:
            self._here.release()
            raise Conflict(BUSY) from None

    def release(self) -> None:
        self._file.release()
        self._here.release()


class Jobs:
    def __init__(self, project_root: Path) -> None:
        self.store = JobStore(project_root / JOBS_DIR)
        self.lock = WarehouseLock(project_root / JOBS_DIR / "warehouse.lock")

    def get(self, job_id: int) -> Job | None:
        job = self.store.load(job_id)
        if job is not None and job.running and self._nobody_holds_the_warehouse():
            # its process stopped mid-run (the OS freed the lock file with it)
            job.finished_at = datetime.now()
            job.error = "任务已中断：运行它的服务进程已停止"
            self.store.save(job)
        return job

    def _nobody_holds_the_warehouse(self) -> bool:
        try:
            self.lock.acquire()
        except Conflict:
            return False
        self.lock.release()
        return True

    def start(self, label: str, user: str, work: Callable[[JobConsole], Any]) -> Job:
        """Run ``work`` in a thread holding the warehouse; refuse while another job runs."""
        self.lock.acquire()
        try:
            job = Job(self.store.next_id(), label, user)
            console = JobConsole(job, self.store)
            console.save()
            thread = threading.Thread(target=self._run, args=(console, work), daemon=True)
            thread.start()
        except BaseException:
            self.lock.release()
            raise
        return job

    def _run(self, console: JobConsole, work: Callable[[JobConsole], Any]) -> None:
        job = console.job
        try:
            work(console)
        except JianchaError as exc:
            job.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - a failed run must not kill the server
            job.error = f"运行失败：{type(exc).__name__}"
        finally:
            job.finished_at = datetime.now()
            try:
                console.save()
            finally:
                self.lock.release()

    @contextmanager
    def warehouse(self) -> Iterator[None]:
        """Hold the warehouse for a synchronous write (an upload's import)."""
        self.lock.acquire()
        try:
            yield
        finally:
            self.lock.release()
