"""End to end over HTTP: a real server process and a real worker process. An agency pushes
batches with its key, the server is killed in between, and the worker applies every batch
accepted: the agency reads the outcome back from the API."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from intake_support import new_project, report, stored_ids

SERVE = (
    "import sys\n"
    "from pathlib import Path\n"
    "from jiancha.web.asgi import serve\n"
    "serve(Path(sys.argv[1]), '127.0.0.1', int(sys.argv[2]), 2)\n"
)
MAIN = "from jiancha.cli.main import main; main()"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start_server(root: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVE, str(root), str(port)])
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited on startup"
        try:
            if httpx.get(f"{base}/intake", timeout=2, trust_env=False).status_code == 200:
                return server, base
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("the server did not answer within 60 s")


def _push(base: str, key: str, records: list[object], idem: str) -> int:
    answer = httpx.post(
        f"{base}/api/intake/case_report",
        json={"records": records},
        headers={"Authorization": f"Bearer {key}", "Idempotency-Key": idem},
        trust_env=False,
        timeout=30,
    )
    assert answer.status_code == 202, answer.text
    assert answer.json()["status"] == "accepted"
    batch: int = answer.json()["batch_id"]
    return batch


def test_pushed_batches_survive_a_killed_server_and_are_applied(tmp_path: Path) -> None:
    project, key = new_project(tmp_path / "p")
    headers = {"Authorization": f"Bearer {key}"}
    server, base = _start_server(project.root)
    try:
        first = _push(base, key, [report(1), report(2, unit="350102")], "one")
        assert _push(base, key, [report(1), report(2, unit="350102")], "one") == first
    finally:
        server.send_signal(signal.SIGKILL)  # accepted means committed: nothing to flush
        server.wait(timeout=30)
    server, base = _start_server(project.root)
    worker = subprocess.Popen(
        [sys.executable, "-c", MAIN, "-C", str(project.root), "intake", "work", "--poll", "0.1"],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.DEVNULL,
    )
    try:
        second = _push(base, key, [report(1, offense="诈骗"), report(3)], "two")
        deadline = time.monotonic() + 120
        while True:
            found = httpx.get(
                f"{base}/api/intake/batches/{second}", headers=headers, trust_env=False
            )
            assert found.status_code == 200
            if found.json()["status"] == "applied":
                break
            assert worker.poll() is None, "the worker stopped"
            assert time.monotonic() < deadline, "the batch was not applied within 120 s"
            time.sleep(0.1)
        outcome = httpx.get(f"{base}/api/intake/batches/{first}", headers=headers, trust_env=False)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        server.terminate()
        server.wait(timeout=30)
    assert worker.returncode == 0  # SIGTERM: the worker finishes its batch and stops
    done = outcome.json()
    assert done["status"] == "applied" and done["status_label"] == "已入库"
    assert (done["stored"], done["quarantined"]) == (1, 1)
    refused = done["quarantined_rows"][0]
    assert "不在本机关密钥授权的单位范围" in refused["reason"]
    # the agency finds the record to fix by its id and field, not only by the reason
    assert (refused["record_id"], refused["field"]) == ("R00002", "单位代码")
    assert (found.json()["new"], found.json()["replaced"]) == (1, 1)
    assert stored_ids(project) == ["R00001", "R00003"]
