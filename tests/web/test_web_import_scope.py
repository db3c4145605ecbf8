"""An upload in the web imports only the rows of the user's own units."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from web_support import HOME, PASSWORD, login

from jiancha.casebook.accounts import Role
from jiancha.project import Project
from jiancha.web import create_app
from jiancha.web.security import CSRF_HEADER, SESSION_COOKIE


def test_upload_quarantines_rows_of_other_units(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "p")
    with project.casework() as work:
        work.accounts.add("analyst_home", PASSWORD, Role.ANALYST, [HOME])
    app = create_app(project.root)
    client = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
    assert login(client, "analyst_home") == 303
    client.headers[CSRF_HEADER] = app.state.bench.sessions.read(client.cookies[SESSION_COOKIE]).csrf
    csv = (
        "record_id,unit_code,received_at,petitioner_name,matter\n"
        f"P1,{HOME},2023-01-01,甲,事项\n"
        "P2,350603,2023-01-01,乙,事项\n"
    ).encode()
    response = client.post(
        "/imports", files={"upload": ("petition.csv", csv, "text/csv")}, data={"table": ""}
    )
    assert response.status_code == 200, response.text
    assert "所属单位 350603 不在您可导入的单位" in response.text
    with project.warehouse(read_only=True) as wh:
        assert wh.rows("SELECT record_id, unit_code FROM petition") == [("P1", HOME)]
        assert wh.rows("SELECT record_id, field FROM _quarantine") == [("P2", "unit_code")]
