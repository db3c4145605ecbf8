"""Inbox and clue-page latency with concurrent users over a casebook of N clues.

    python bench/web.py [--clues 1000000] [--users 20] [--requests 400] [--url sqlite|postgresql+psycopg://…]

Seeds N synthetic clues straight into a fresh casebook (bulk INSERT, not model runs), starts
``jiancha serve`` in a subprocess, logs in one prosecutor per simulated user and measures the
p50/p95 of the inbox (first page, a filtered page) and of clue pages. Figures go to stdout;
copy them into bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert

from jiancha.casebook.accounts import add_user
from jiancha.casebook.tables import Clue, Run
from jiancha.project import Project

UNITS = ["350602", "350603", "350604", "350605", "350622", "350623"]
STATUSES = ["new", "assigned", "verifying", "dismissed", "opened", "recommended"]


def seed(project: Project, count: int) -> None:
    now = datetime(2025, 6, 1)
    with project.casebook() as book:
        with book.session("bench") as session:
            session.execute(
                insert(Run),
                [
                    dict(
                        run_id="BENCH",
                        started_at=now,
                        finished_at=now,
                        as_of=now.date(),
                        engine="duckdb",
                        models={},
                        parameters={},
                        batches=[],
                        summary={},
                    )
                ],
            )
            add_user(session, "bench", "bench-password-1", "prosecutor", ["3506"])
        batch = 20_000
        for start in range(0, count, batch):
            rows = [_clue(i, now) for i in range(start, min(count, start + batch))]
            with book.session("bench") as session:
                session.execute(insert(Clue), rows)
            print(f"seeded {start + len(rows):,}", file=sys.stderr)


def _clue(i: int, now: datetime) -> dict[str, object]:
    rnd = random.Random(i)
    return dict(
        fingerprint=f"bench-{i}",
        model_id=f"bench.model_{i % 36}",
        model_version="1",
        parameters_hash="p",
        facts_hash="f",
        domain=["execution", "trial", "civil"][i % 3],
        title="基准测试线索",
        unit_code=rnd.choice(UNITS),
        subject={"name": "张三", "id_number": "350602198001011234"},
        facts={"n": i},
        legal_basis=[],
        evidence=[],
        status=rnd.choice(STATUSES),
        first_seen_run="BENCH",
        last_seen_run="BENCH",
        first_seen_at=now - timedelta(minutes=i),
        last_seen_at=now,
        resolved_at=None,
        version=0,
        assignee=None,
    )


def measure(base: str, users: int, requests: int, count: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {"inbox": [], "inbox_filtered": [], "clue": []}

    def one_user(n: int) -> None:
        with httpx.Client(
            base_url=base, follow_redirects=False, timeout=60, trust_env=False
        ) as client:
            client.post("/login", data={"username": "bench", "password": "bench-password-1"})
            rnd = random.Random(n)
            for _ in range(requests // users):
                kind = rnd.choice(list(timings))
                path = {
                    "inbox": "/clues",
                    "inbox_filtered": f"/clues?status=new&unit={rnd.choice(UNITS)}&page=3",
                    "clue": f"/clues/C{rnd.randint(1, count):06d}",
                }[kind]
                start = time.perf_counter()
                response = client.get(path)
                timings[kind].append(time.perf_counter() - start)
                assert response.status_code == 200, (path, response.status_code)

    with ThreadPoolExecutor(users) as pool:
        list(pool.map(one_user, range(users)))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clues", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--url", default="sqlite")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp()) / "bench"
    project = Project.init(root)
    if args.url != "sqlite":
        toml = root / "jiancha.toml"
        text = toml.read_text(encoding="utf-8").replace('url = ""', f'url = "{args.url}"', 1)
        toml.write_text(text, encoding="utf-8")
        project = Project.open(root)
    seed(project, args.clues)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jiancha.cli.main",
            "-C",
            str(root),
            "serve",
            "--port",
            str(args.port),
        ]
    )
    try:
        base = f"http://127.0.0.1:{args.port}"
        for _ in range(100):
            try:
                httpx.get(f"{base}/login", timeout=1, trust_env=False)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        timings = measure(base, args.users, args.requests, args.clues)
    finally:
        server.terminate()
        server.wait()
    print(f"{args.clues:,} clues, {args.users} users, casebook {args.url}")
    for kind, values in timings.items():
        values.sort()
        p95 = values[int(0.95 * (len(values) - 1))] * 1000
        print(
            f"{kind:15} n={len(values):4}  p50={statistics.median(values) * 1000:7.1f} ms"
            f"  p95={p95:7.1f} ms"
        )


if __name__ == "__main__":
    main()
