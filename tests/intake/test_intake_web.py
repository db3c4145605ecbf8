"""The push API and the agency's page, in process (the end-to-end test serves them for real)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from intake_support import AGENCY, new_project, report

from jiancha.intake import IntakeWorker
from jiancha.project import Project
from jiancha.web import create_app
from jiancha.web.routes.intake import AGENCY_COOKIE


@pytest.fixture
def served(tmp_path: Path) -> tuple[Project, str, TestClient]:
    project, key = new_project(tmp_path / "p")
    client = TestClient(create_app(project.root), raise_server_exceptions=False)
    return project, key, client


def _auth(key: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}", **headers}


def test_a_push_is_accepted_queued_and_idempotent(served: tuple[Project, str, TestClient]) -> None:
    project, key, client = served
    body = {"records": [report(1), report(2)]}
    answer = client.post(
        "/api/intake/case_report", json=body, headers=_auth(key, **{"Idempotency-Key": "k1"})
    )
    assert answer.status_code == 202
    found = answer.json()
    assert found["status"] == "accepted" and found["records"] == 2 and not found["replayed"]
    again = client.post(
        "/api/intake/case_report", json=body, headers=_auth(key, **{"Idempotency-Key": "k1"})
    )
    assert again.status_code == 202 and again.json()["batch_id"] == found["batch_id"]
    assert again.json()["replayed"]
    with project.casework() as work:
        assert work.intake.pending() == 1  # queued once
    status = client.get(f"/api/intake/batches/{found['batch_id']}", headers=_auth(key))
    assert status.status_code == 200 and status.json()["status"] == "queued"


def test_a_key_pushes_only_its_tables(served: tuple[Project, str, TestClient]) -> None:
    _, key, client = served
    body = {"records": [report(1)]}
    assert client.post("/api/intake/case_report", json=body).status_code == 401
    bad = client.post("/api/intake/case_report", json=body, headers=_auth("jck_wrong"))
    assert bad.status_code == 401 and "推送密钥无效" in bad.json()["error"]["message"]
    other = client.post("/api/intake/judgment", json=body, headers=_auth(key))
    assert other.status_code == 403
    assert "无权推送“刑事裁判”" in other.json()["error"]["message"]
    assert client.post("/api/intake/nope", json=body, headers=_auth(key)).status_code == 404


def test_a_revoked_key_is_refused_at_once(served: tuple[Project, str, TestClient]) -> None:
    project, key, client = served
    with project.casework() as work:
        work.intake.revoke(AGENCY)
    answer = client.post(
        "/api/intake/case_report", json={"records": [report(1)]}, headers=_auth(key)
    )
    assert answer.status_code == 401


def test_oversized_and_malformed_batches_are_refused(
    served: tuple[Project, str, TestClient],
) -> None:
    project, key, client = served
    too_many = {"records": [report(n) for n in range(10_001)]}
    answer = client.post("/api/intake/case_report", json=too_many, headers=_auth(key))
    assert answer.status_code == 413 and "10000" in answer.json()["error"]["message"]
    declared = client.post(
        "/api/intake/case_report",
        content=b"{}",
        headers=_auth(
            key, **{"Content-Length": str(21 * 1024 * 1024), "Content-Type": "application/json"}
        ),
    )
    assert declared.status_code == 413

    def stream() -> Iterator[bytes]:  # no declared length: refused while it streams in
        yield b'{"records": ["'
        for _ in range(21):
            yield b"x" * (1024 * 1024)
        yield b'"]}'

    streamed = client.post("/api/intake/case_report", content=stream(), headers=_auth(key))
    assert streamed.status_code == 413
    for content in (b"not json", b'{"rows": []}', b'{"records": []}'):
        refused = client.post("/api/intake/case_report", content=content, headers=_auth(key))
        assert refused.status_code == 400
    with project.casework() as work:
        assert work.intake.pending() == 0


def test_a_batch_is_seen_only_by_its_agency(served: tuple[Project, str, TestClient]) -> None:
    project, key, client = served
    with project.casework() as work:
        _, other = work.intake.add_agency("漳州市司法局", ["case_report"], ["3506"])
    batch = client.post(
        "/api/intake/case_report", json={"records": [report(1)]}, headers=_auth(key)
    )
    number = batch.json()["batch_id"]
    assert client.get(f"/api/intake/batches/{number}", headers=_auth(other)).status_code == 404
    assert client.get(f"/api/intake/batches/{number}", headers=_auth(key)).status_code == 200


def _sign_in(client: TestClient, key: str) -> int:
    form = client.get("/intake")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    return client.post(
        "/intake/login", data={"key": key, "csrf_token": token.group(1)}, follow_redirects=False
    ).status_code


def test_the_agency_page_shows_its_batches_and_quarantined_rows_in_chinese(
    served: tuple[Project, str, TestClient],
) -> None:
    project, key, client = served
    records = [report(1), report(2, unit="350102"), report(3, received_at="不详")]
    pushed = client.post("/api/intake/case_report", json={"records": records}, headers=_auth(key))
    number = pushed.json()["batch_id"]
    assert "推送密钥" in client.get("/intake").text  # not signed in: the key form
    assert _sign_in(client, "jck_wrong") == 401
    assert _sign_in(client, key) == 303
    queued = client.get("/intake").text
    assert "排队等待入库" in queued and 'hx-trigger="every 3s"' in queued  # follows the worker
    with project.casework() as work:
        IntakeWorker(project, work).run(once=True)
    listing = client.get("/intake")
    assert listing.status_code == 200 and AGENCY in listing.text and "已入库" in listing.text
    assert "every 3s" not in listing.text
    detail = client.get(f"/intake/batches/{number}")
    assert detail.status_code == 200
    text = re.sub(r"<[^>]+>", " ", detail.text)
    assert "350102" in text and "授权" in text and "受案日期" in text
    for code in ("received_at", "unit_code", "case_report", "quarantined", "applied"):
        assert code not in text
    status = client.get(f"/api/intake/batches/{number}", headers=_auth(key)).json()
    assert (status["stored"], status["quarantined"]) == (1, 2)
    assert {r["row"] for r in status["quarantined_rows"]} == {2, 3}
    with project.casework() as work:
        work.intake.revoke(AGENCY)
    assert "推送密钥" in client.get("/intake").text  # the cookie stops with the key
    assert AGENCY_COOKIE in client.cookies


def test_the_login_by_key_needs_the_forms_token(served: tuple[Project, str, TestClient]) -> None:
    _, key, client = served
    answer = client.post("/intake/login", data={"key": key}, follow_redirects=False)
    assert answer.status_code == 400 and "CSRF" in answer.text
    assert AGENCY_COOKIE not in answer.cookies
