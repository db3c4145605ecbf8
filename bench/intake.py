"""Push intake end to end: agencies pushing batches over HTTP, the clue they cause visible in
``/api/clues`` within seconds, nothing lost when the worker is killed.

    python bench/intake.py [--scale city] [--project DIR] [--clients 50] [--records 100]
                           [--rate 20] [--seconds 60] [--kill-at 20] [--server-workers 1]

A project of the generator's ``--scale`` data set (imported, estimated, one full
``jiancha run``; with ``--project DIR`` built there once and reused) gets an agency key and a
prosecutor's API token. The workbench runs as ``jiancha serve`` does (uvicorn in a
subprocess, ``--server-workers`` processes), the intake worker as ``jiancha intake work``
(another subprocess). ``--clients`` threads, each on its own keep-alive connection
(the standard library's client), push ``--records``-record batches of 受案登记 to
``POST /api/intake/case_report`` at ``--rate`` batches a second in all, for ``--seconds``;
one record of each batch was received in January and never decided, so that each batch
causes exactly one new clue (filing.report_undecided). A poller follows
``/api/clues?model=filing.report_undecided&status=new`` (newest first) every 0.2 s and
reads each new clue's evidence to find its batch: the latency is from the push's answer to
the poll that first saw the clue. At ``--kill-at`` seconds the worker is killed (SIGKILL)
and started again one second later. At the end every accepted batch's outcome is read from
the casebook and its records counted in the warehouse: a batch is lost if it is not
applied, if its 100 records are not all stored, or if its clue never appears.

Prints p50 / p95 latency, batches accepted and applied per second, the load average before
and after (the machine may be shared), and the lost batches.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jiancha.casebook.accounts import add_user
from jiancha.project import Project
from web import free_port, start_server  # bench/web.py: the workbench as `jiancha serve`

USER, PASSWORD = "bench-intake", "bench-password-1"
UNITS = ["350602", "350603", "350622", "350623", "350681"]
MODEL = "filing.report_undecided"
WORKER = (
    "import sys\n"
    "from jiancha.cli.main import run\n"
    "sys.exit(run(['--project', sys.argv[1], '--quiet', 'intake', 'work', '--poll', '0.05']))\n"
)


@dataclass
class Pushed:
    batch: int
    answered: float  # time.monotonic() of the 202
    seen: float | None = None


@dataclass
class State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    by_record: dict[str, Pushed] = field(default_factory=dict)  # the clue's record → batch
    errors: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)


def build(folder: Path, scale: str) -> Project:
    """The project of a generated data set, imported and run once (reused when present)."""
    from jiancha.demo import table_files
    from jiancha.synth import generate

    if (folder / "project" / "jiancha.toml").exists():
        return Project.open(folder / "project")
    started = time.perf_counter()
    generated = generate(folder / "data", scale=scale, seed=0)
    project = Project.init(folder / "project")
    project.import_paths(table_files(generated.files))
    project.sync_sentence_estimates()
    report = project.run(as_of=date.today())
    print(
        f"built the {scale} project in {time.perf_counter() - started:.0f} s "
        f"({report.hits} hits in the first run)"
    )
    return project


def credentials(project: Project) -> tuple[str, str]:
    """A new agency key (each bench run its own) and a prosecutor's API token."""
    with project.casework() as work:
        name = f"漳州市公安局（基准 {int(time.time())}）"
        _, key = work.intake.add_agency(name, ["case_report"], ["3506"])
        if not any(u.username == USER for u in work.accounts.users()):
            with work.book.session("bench") as session:
                add_user(session, USER, PASSWORD, "prosecutor", ["3506"])
        token = work.accounts.issue_token(USER)
    return key, token


def batch_records(client: int, n: int, size: int) -> tuple[list[dict[str, object]], str]:
    """``size`` records, decided the day they were received but one: the clue's record."""
    stamp = f"{os.getpid()}-{client}-{n}"
    unit = UNITS[(client + n) % len(UNITS)]
    records: list[dict[str, object]] = []
    for i in range(size):
        undecided = i == 0
        records.append(
            {
                "record_id": f"BENCH-{stamp}-{i}",
                "unit_code": unit,
                "received_at": "2026-01-05" if undecided else "2026-03-02",
                "case_kind": "criminal",
                "offense": "盗窃",
                "suspect_name": f"赵{client}{n}{i}",
                "decision": "pending" if undecided else "filed",
                "decided_at": None if undecided else "2026-03-02",
            }
        )
    return records, f"BENCH-{stamp}-0"


def client_loop(
    n: int, port: int, key: str, args: argparse.Namespace, state: State, start: float
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    interval = args.clients / args.rate
    rnd = random.Random(n)
    due = start + rnd.uniform(0, interval)
    sent = 0
    while True:
        now = time.monotonic()
        if now - start >= args.seconds:
            break
        if due > now:
            time.sleep(due - now)
        records, clue_record = batch_records(n, sent, args.records)
        body = json.dumps({"records": records}, ensure_ascii=False).encode("utf-8")
        headers = {
            "Authorization": f"Bearer {key}",
            "Content-Type": "application/json",
            "Idempotency-Key": f"bench-{os.getpid()}-{n}-{sent}",
        }
        try:
            connection.request("POST", "/api/intake/case_report", body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read()
        except (OSError, http.client.HTTPException) as exc:
            state.errors.append(f"client {n}: {exc}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        answered = time.monotonic()
        if answer.status != 202:
            state.errors.append(f"client {n}: HTTP {answer.status} {text[:200]!r}")
        else:
            batch = int(json.loads(text)["batch_id"])
            with state.lock:
                state.by_record[clue_record] = Pushed(batch, answered)
        sent += 1
        due += interval
    connection.close()


def evidence_records(project: Project, clue_id: str) -> list[str]:
    """The record_ids of a clue's evidence, read from the casebook: the clue page over HTTP
    checks the records' seals in the warehouse, which the worker holds while batches keep
    coming (the page is refused then)."""
    from jiancha.casebook.store import evidence_in

    with project.casework() as work, work.book.session() as session:
        return [e.record_id for e in evidence_in(session, clue_id)]


def poller(project: Project, port: int, token: str, baseline: int, state: State) -> None:
    """Follow the new clues of the model in ``/api/clues``; each one's evidence names its
    batch's record."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}"}
    known: set[int] = set()

    def get(path: str) -> dict[str, object]:
        nonlocal connection
        try:
            connection.request("GET", path, headers=headers)
            answer = connection.getresponse()
        except (http.client.HTTPException, ConnectionError):  # an idle keep-alive closed
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", path, headers=headers)
            answer = connection.getresponse()
        text = answer.read()
        if answer.status != 200:
            raise RuntimeError(f"{path}: HTTP {answer.status} {text[:200]!r}")
        found: dict[str, object] = json.loads(text)
        return found

    while not state.stop.is_set():
        seen_at = time.monotonic()
        fresh: list[str] = []
        page = 1
        while True:
            listed = get(f"/api/clues?model={MODEL}&status=new&page={page}")
            clues = listed["clues"]
            assert isinstance(clues, list)
            ids = [c["id"] for c in clues]
            numbers = [int(i[1:]) for i in ids]
            newer = [i for i, num in zip(ids, numbers, strict=True) if num > baseline]
            fresh += [i for i in newer if int(i[1:]) not in known]
            if not ids or min(numbers) <= baseline or any(num in known for num in numbers):
                break
            page += 1
        for clue_id in fresh:
            known.add(int(clue_id[1:]))
            for record_id in evidence_records(project, clue_id):
                with state.lock:
                    pushed = state.by_record.get(record_id)
                    if pushed is not None and pushed.seen is None:
                        pushed.seen = seen_at
        time.sleep(0.2)
    connection.close()


def start_worker(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", WORKER, str(root)])


def max_clue_id(project: Project) -> int:
    from sqlalchemy import func, select

    from jiancha.casebook.tables import Clue

    with project.casework() as work, work.book.session() as session:
        return int(session.scalar(select(func.max(Clue.id))) or 0)


def check_lost(project: Project, state: State, size: int) -> dict[str, int]:
    """Each accepted batch's state at the end: applied with all its records stored, applied
    short of records, still queued (not applied yet: not lost), failed or missing (lost)."""
    from sqlalchemy import select

    from jiancha.casebook.tables import IntakeBatch

    pushed = {p.batch: record.removesuffix("-0") for record, p in state.by_record.items()}
    with project.casework() as work, work.book.session() as session:
        statuses = dict(
            session.execute(
                select(IntakeBatch.id, IntakeBatch.status).where(IntakeBatch.id.in_(pushed))
            ).all()
        )
    prefix = f"BENCH-{os.getpid()}-"
    with project.warehouse(read_only=True) as wh:
        rows = wh.rows(
            "SELECT regexp_replace(record_id, '-[0-9]+$', ''), count(*) FROM case_report "
            "WHERE record_id LIKE ? GROUP BY 1",
            [prefix + "%"],
        )
    stored = {str(r[0]): int(r[1]) for r in rows}
    counts = {"applied": 0, "short": 0, "queued": 0, "failed": 0, "missing": 0}
    for batch, stamp in pushed.items():
        status = statuses.get(batch)
        if status is None:
            counts["missing"] += 1
        elif status == "applied":
            counts["applied" if stored.get(stamp, 0) == size else "short"] += 1
        elif status in ("queued", "applying"):
            counts["queued"] += 1
        else:
            counts["failed"] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="city")
    parser.add_argument("--project", type=Path, help="build the project here once, reuse it")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--records", type=int, default=100)
    parser.add_argument("--rate", type=float, default=20.0, help="batches per second, all clients")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--kill-at", type=float, default=20.0, help="kill the worker then (0: no)")
    parser.add_argument("--server-workers", type=int, default=1)
    parser.add_argument("--drain", type=float, default=300.0, help="seconds to wait at the end")
    args = parser.parse_args()
    folder = args.project or Path(tempfile.mkdtemp(prefix="jiancha-bench-intake-"))
    folder.mkdir(parents=True, exist_ok=True)
    project = build(folder, args.scale)
    key, token = credentials(project)
    baseline = max_clue_id(project)
    print(f"load before: {os.getloadavg()}")
    port = free_port()
    server = start_server(project.root, port, args.server_workers)
    worker = start_worker(project.root)
    state = State()
    watcher = threading.Thread(
        target=poller, args=(project, port, token, baseline, state), daemon=True
    )
    watcher.start()
    start = time.monotonic()
    clients = [
        threading.Thread(target=client_loop, args=(n, port, key, args, state, start))
        for n in range(args.clients)
    ]
    try:
        for thread in clients:
            thread.start()
        killed = False
        while any(t.is_alive() for t in clients):
            if args.kill_at and not killed and time.monotonic() - start >= args.kill_at:
                worker.send_signal(signal.SIGKILL)
                worker.wait()
                print(f"worker killed at {time.monotonic() - start:.1f} s; restarting in 1 s")
                time.sleep(1)
                worker = start_worker(project.root)
                killed = True
            time.sleep(0.1)
        pushed_for = time.monotonic() - start
        accepted = len(state.by_record)
        seen_in_window = sum(
            1
            for p in state.by_record.values()
            if p.seen is not None and p.seen - start <= pushed_for
        )
        deadline = time.monotonic() + args.drain
        while time.monotonic() < deadline:
            with state.lock:
                waiting = sum(1 for p in state.by_record.values() if p.seen is None)
            if not waiting:
                break
            time.sleep(0.5)
        drained = time.monotonic() - start
    finally:
        state.stop.set()
        watcher.join(10)
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(60)
        except subprocess.TimeoutExpired:
            worker.kill()
        server.terminate()
        server.wait(30)
    latencies = sorted(p.seen - p.answered for p in state.by_record.values() if p.seen is not None)
    outcome = check_lost(project, state, args.records)
    print(f"load after: {os.getloadavg()}")
    print(f"errors: {len(state.errors)}" + (f" (first: {state.errors[0]})" if state.errors else ""))
    print(
        f"accepted {accepted} batches of {args.records} in {pushed_for:.1f} s: "
        f"{accepted / pushed_for:.1f} batches/s offered and accepted"
    )
    print(
        f"clues visible within the push window: {seen_in_window} "
        f"({seen_in_window / pushed_for:.1f} batches/s); all {len(latencies)} by "
        f"{drained:.1f} s: {len(latencies) / drained:.1f} batches/s"
    )
    if latencies:
        p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
        print(
            f"push answered → clue visible: p50 {statistics.median(latencies):.2f} s, "
            f"p95 {p95:.2f} s, max {latencies[-1]:.2f} s"
        )
    unseen = sum(1 for p in state.by_record.values() if p.seen is None)
    lost = outcome["short"] + outcome["failed"] + outcome["missing"]
    print(
        f"batches: {outcome['applied']} applied with every record, {outcome['queued']} still "
        f"queued at the end, {unseen} clues not seen; lost: {lost} ({outcome})"
    )


if __name__ == "__main__":
    main()
