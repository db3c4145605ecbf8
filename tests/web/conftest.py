"""A served small project: clues, a clue with a recommendation and its document, and one
user per role inside unit 350602 and outside it (unit 350699, which has no clues)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from web_support import ELSEWHERE, HOME, PASSWORD, WebProject, login, username

from jiancha.casebook.accounts import Role
from jiancha.casebook.casework import Casework
from jiancha.casebook.inbox import ClueFilter
from jiancha.project import Project
from jiancha.web import create_app
from jiancha.web.security import SESSION_COOKIE, LoginThrottle


@pytest.fixture(scope="session")
def web(small_project_master, small_data, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    master, _ = small_project_master
    root = tmp_path_factory.mktemp("web") / "p"
    shutil.copytree(master.root, root)
    project = Project.open(root)
    project.link()  # as the demo does: people linked across tables (search, person pages)
    project.run(as_of=small_data.as_of)
    tokens: dict[str, str] = {}
    with project.casework() as work:
        clues = work.clues(ClueFilter(unit=HOME, status="new"))
        clue, doc_clue = clues[0].id, clues[1].id
        other = next(c.id for c in work.clues() if not (c.unit_code or "").startswith(HOME))
        document_id = _recommend(work, doc_clue)
        for role in Role:
            for inside in (True, False):
                name = username(role, inside)
                work.accounts.add(name, PASSWORD, role, [HOME if inside else ELSEWHERE])
                tokens[name] = work.accounts.issue_token(name)
        work.accounts.add("locked_out", PASSWORD, Role.PROSECUTOR, [HOME])
    app = create_app(root)
    # the matrix signs in hundreds of times from one test address
    app.state.bench.throttle = LoginThrottle(limit=10_000)
    cookies = {}
    for name in tokens:
        client = TestClient(app, follow_redirects=False)
        assert login(client, name) == 303
        cookie = client.cookies[SESSION_COOKIE]
        data = app.state.bench.sessions.read(cookie)
        cookies[name] = (cookie, data.csrf)
    return WebProject(project, app, clue, doc_clue, document_id, other, cookies, tokens)


def _recommend(work: Casework, clue_id: str) -> int:
    work.assign(clue_id, "prosecutor_in", actor="leader_in")
    for status in ("verifying", "opened"):
        work.move(clue_id, status, actor="prosecutor_in")
    return work.issue_document(
        clue_id, "recommendation", actor="prosecutor_in", recipient="某执法机关"
    ).id


@pytest.fixture
def anon(web: WebProject) -> Iterator[TestClient]:
    yield web.client()
