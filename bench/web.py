"""Inbox and clue-page latency with concurrent users over a casebook of N clues.

    python bench/web.py [--clues 1000000] [--users 20] [--requests 600]
                        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]

Seeds N synthetic clues straight into a fresh casebook (bulk INSERT, not model runs): a
SQLite file, or with ``--postgres`` a schema of its own in that database (dropped at the
end). Starts the workbench with uvicorn in a subprocess on a free port, waits until it
answers, signs one prosecutor in and lets ``--users`` threads share that session and
request the inbox (first page, a filtered deep page) and clue pages, ``--requests`` in
all. Prints p50/p95 per page; copy them into bench/RESULTS.md.

An earlier version started ``python -m jiancha.cli.main``, a module without a
``__main__`` block: the server process exited at once and every request was refused.
The server is now uvicorn on ``create_app`` and its death is reported, not waited out.
"""

from __future__ import annotations

import argparse
import http.client
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from uuid import uuid4

import httpx
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from jiancha.casebook.accounts import add_user
from jiancha.casebook.tables import Clue, Run
from jiancha.project import Project
from jiancha.web.asgi import default_workers
from jiancha.web.security import CSRF_FIELD, SESSION_COOKIE

UNITS = ["350602", "350603", "350604", "350605", "350622", "350623"]
STATUSES = ["new", "assigned", "verifying", "dismissed", "opened", "recommended"]
DOMAINS = ["execution", "trial", "civil", "detention", "investigation", "public_interest"]
USER, PASSWORD = "bench", "bench-password-1"
SERVER = (
    "import sys\n"
    "from pathlib import Path\n"
    "from jiancha.web.asgi import serve\n"
    "serve(Path(sys.argv[1]), '127.0.0.1', int(sys.argv[2]), int(sys.argv[3]))\n"
)


def seed(project: Project, count: int) -> None:
    now = datetime(2025, 6, 1)
    with project.casework() as work:
        book = work.book
        with book.session("bench") as session:
            session.execute(insert(Run), [_run(now)])
            add_user(session, USER, PASSWORD, "prosecutor", ["3506"])
        batch = 20_000
        started = time.perf_counter()
        for start in range(0, count, batch):
            rows = [_clue(i, now) for i in range(start, min(count, start + batch))]
            with book.session("bench") as session:
                session.execute(insert(Clue), rows)
            print(f"seeded {start + len(rows):,}", file=sys.stderr, end="\r")
        print(f"seeded {count:,} clues in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    _analyze(project.casebook_url)


def _run(now: datetime) -> dict[str, object]:
    return dict(
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


def _clue(i: int, now: datetime) -> dict[str, object]:
    rnd = random.Random(i)
    return dict(
        fingerprint=f"bench-{i}",
        model_id=f"bench.model_{i % 36}",
        model_version="1",
        parameters_hash="p",
        facts_hash="f",
        domain=DOMAINS[i % len(DOMAINS)],
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


def _analyze(url: str) -> None:
    """Planner statistics and (PostgreSQL) the visibility map, as a long-lived casebook has
    them from autovacuum: without it PostgreSQL cannot count through the index alone."""
    engine = create_engine(url)
    statement = "VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(statement))
    engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(root: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    """``jiancha serve --workers N`` as a deployment runs it."""
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(root), str(port), str(workers)])
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited on startup (code {server.returncode})")
        try:
            if httpx.get(f"{base}/login", timeout=2, trust_env=False).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not answer within 120 s")


def sign_in(base: str) -> str:
    with httpx.Client(base_url=base, trust_env=False, timeout=30) as client:
        # the login form's CSRF token: in its hidden field and in the cookie the page sets
        form = client.get("/login").text
        marker = f'id="login-csrf" name="{CSRF_FIELD}" value="'
        token = form.partition(marker)[2].partition('"')[0]
        data = {"username": USER, "password": PASSWORD, CSRF_FIELD: token}
        response = client.post("/login", data=data)
        if response.status_code != 303:
            raise SystemExit(f"sign-in failed: HTTP {response.status_code}")
        return client.cookies[SESSION_COOKIE]


def measure(
    base: str, cookie: str, users: int, requests: int, count: int
) -> dict[str, list[float]]:
    """Each user one keep-alive connection (the standard library's client: httpx cost
    four times the server's CPU per request, taken from the two cores the server runs on)."""
    timings: dict[str, list[float]] = {"inbox": [], "inbox_filtered": [], "clue": []}
    host, port = base.removeprefix("http://").split(":")
    headers = {"Cookie": f"{SESSION_COOKIE}={cookie}"}

    def get(connection: http.client.HTTPConnection, path: str) -> None:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}")

    def one_user(n: int) -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        rnd = random.Random(n)
        for _ in range(requests // users):
            kind = rnd.choice(list(timings))
            path = {
                "inbox": "/clues",
                "inbox_filtered": f"/clues?status=new&unit={rnd.choice(UNITS)}&page=3",
                "clue": f"/clues/C{rnd.randint(1, count):06d}",
            }[kind]
            start = time.perf_counter()
            get(connection, path)
            timings[kind].append(time.perf_counter() - start)
        connection.close()

    # warm up every worker: a new connection lands on any of them
    for _ in range(8):
        connection = http.client.HTTPConnection(host, int(port), timeout=120)
        for path in ("/clues", "/clues/C000001"):
            get(connection, path)
        connection.close()
    with ThreadPoolExecutor(users) as pool:
        list(pool.map(one_user, range(users)))
    return timings


def postgres_schema(base: str) -> tuple[str, str]:
    """A fresh schema in the database at ``base``: (its name, a URL that uses it)."""
    schema = f"jc_bench_{uuid4().hex[:8]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return schema, url.render_as_string(hide_password=False)


def drop_schema(base: str, schema: str) -> None:
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clues", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument(
        "--workers", type=int, default=default_workers(), help="server worker processes"
    )
    parser.add_argument("--postgres", metavar="URL", help="casebook on PostgreSQL")
    parser.add_argument(
        "--project",
        type=Path,
        metavar="DIR",
        help="keep the seeded project (and its PostgreSQL schema) in DIR; reuse it when there",
    )
    args = parser.parse_args()
    if args.project and (args.project / "jiancha.toml").exists():
        project = Project.open(args.project)
        backend = "SQLite" if project.casebook_url.startswith("sqlite") else "PostgreSQL"
        measure_and_report(project, args, backend)
        return
    root = args.project or Path(tempfile.mkdtemp()) / "bench"
    project = Project.init(root)
    schema = None
    if args.postgres:
        schema, url = postgres_schema(args.postgres)
        toml = root / "jiancha.toml"
        text_ = toml.read_text(encoding="utf-8").replace('url = ""', f'url = "{url}"', 1)
        toml.write_text(text_, encoding="utf-8")
        project = Project.open(root)
    try:
        seed(project, args.clues)
        measure_and_report(project, args, "PostgreSQL" if args.postgres else "SQLite")
    finally:
        if schema and args.postgres and not args.project:
            drop_schema(args.postgres, schema)


def measure_and_report(project: Project, args: argparse.Namespace, backend: str) -> None:
    port = free_port()
    server = start_server(project.root, port, args.workers)
    try:
        base = f"http://127.0.0.1:{port}"
        timings = measure(base, sign_in(base), args.users, args.requests, args.clues)
    finally:
        server.terminate()
        server.wait()
    report(args.clues, args.users, f"{backend}, {args.workers} worker(s)", timings)


def report(clues: int, users: int, backend: str, timings: dict[str, list[float]]) -> None:
    print(f"{clues:,} clues, {users} concurrent users, casebook on {backend}")
    for kind, values in timings.items():
        values.sort()
        p95 = values[int(0.95 * (len(values) - 1))] * 1000
        print(
            f"{kind:15} n={len(values):4}  p50={statistics.median(values) * 1000:7.1f} ms"
            f"  p95={p95:7.1f} ms"
        )


if __name__ == "__main__":
    main()
