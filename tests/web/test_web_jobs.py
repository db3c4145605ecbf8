"""Model runs from the web: job state on disk, the warehouse held across worker processes,
and a run followed to its end through a server of two worker processes."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from web_support import free_port

from jiancha.casebook.accounts import Role
from jiancha.project import Project
from jiancha.web.errors import Conflict
from jiancha.web.jobs import Job, Jobs, JobStore, WarehouseLock

HOLD_LOCK = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from jiancha.web.jobs import WarehouseLock\n"
    "lock = WarehouseLock(Path(sys.argv[1]))\n"
    "lock.acquire()\n"
    "print('held', flush=True)\n"
    "time.sleep(60)\n"
)


def test_a_job_survives_the_round_trip_through_its_file(tmp_path: Path) -> None:
    store = JobStore(tmp_path)
    job = Job(1, "运行模型", "analyst", messages=["第一步"], done=3, total=7)
    store.save(job)
    again = store.load(1)
    assert again == job and again.percent == 43 and again.running
    assert store.load(2) is None
    assert store.next_id() == 2


def test_the_warehouse_is_refused_while_this_process_holds_it(tmp_path: Path) -> None:
    lock = WarehouseLock(tmp_path / "warehouse.lock")
    lock.acquire()
    with pytest.raises(Conflict, match="正在进行"):
        lock.acquire()
    lock.release()
    lock.acquire()  # free again
    lock.release()


def test_the_warehouse_is_refused_while_another_process_holds_it(tmp_path: Path) -> None:
    path = tmp_path / "warehouse.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(Conflict):
            WarehouseLock(path).acquire()
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    lock = WarehouseLock(path)  # the lock died with its process
    lock.acquire()
    lock.release()


def test_a_job_whose_process_stopped_is_reported_interrupted(tmp_path: Path) -> None:
    jobs = Jobs(tmp_path)
    jobs.store.save(Job(5, "运行模型", "analyst", started_at=datetime(2026, 1, 1)))
    job = jobs.get(5)
    assert job is not None and not job.running and "中断" in (job.error or "")


def test_a_running_job_is_not_reported_interrupted(tmp_path: Path) -> None:
    jobs = Jobs(tmp_path)
    started = jobs.start("运行模型", "analyst", lambda console: time.sleep(0.5))
    job = jobs.get(started.id)
    assert job is not None and job.running
    with pytest.raises(Conflict):
        jobs.start("运行模型", "analyst", lambda console: None)
    deadline = time.monotonic() + 10
    while (job := jobs.get(started.id)) is not None and job.running:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert job is not None and job.error is None


SERVE = (
    "import sys\n"
    "from pathlib import Path\n"
    "from jiancha.web.asgi import serve\n"
    "serve(Path(sys.argv[1]), '127.0.0.1', int(sys.argv[2]), 2)\n"
)


def test_a_run_started_on_one_worker_is_followed_on_any(small_project: Project) -> None:
    """Two worker processes: the run's progress is polled from fresh connections, which
    the kernel spreads over both workers, until it is done."""
    with small_project.casework() as work:
        work.accounts.add("analyst", "correct-horse-battery", Role.ANALYST, ["3506"])
        token = work.accounts.issue_token("analyst")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVE, str(small_project.root), str(port)])
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        _wait_until_up(server, base)
        model = next(iter(small_project.catalogue())).id
        started = httpx.post(
            f"{base}/models/run",
            data={"models": model, "as_of": "2026-06-30"},
            headers=headers,
            trust_env=False,
        )
        assert started.status_code == 303
        location = started.headers["location"]
        assert re.fullmatch(r"/models/runs/\d+", location)
        deadline = time.monotonic() + 120
        while True:
            # a new connection each time: any worker may answer
            page = httpx.get(f"{base}{location}", headers=headers, trust_env=False)
            assert page.status_code == 200
            if "已完成" in page.text or "失败" in page.text:
                break
            assert time.monotonic() < deadline, "the run did not finish in 120 s"
            time.sleep(0.2)
        assert "已完成" in page.text and "运行完成" in page.text
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_up(server: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited on startup"
        try:
            if httpx.get(f"{base}/login", timeout=2, trust_env=False).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("the server did not answer within 60 s")
