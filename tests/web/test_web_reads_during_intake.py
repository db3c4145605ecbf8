"""A prosecutor reads while agencies push (issue 16): the intake worker, a process of its own,
holds the warehouse for writing (DuckDB then lets no other process open it), and the clue
page, /api/clues, the search and the person page still answer with the evidence — the worker
lets the warehouse go between two groups when a reader waits (jiancha.warehouse.turns)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient
from web_support import PASSWORD, login

from jiancha.casebook.accounts import Role
from jiancha.casebook.finding import UNREAD_MATCHES
from jiancha.casebook.inbox import ClueFilter
from jiancha.intake import IntakeWorker
from jiancha.project import Project
from jiancha.values import id_check_digit
from jiancha.web import create_app

AS_OF = date(2026, 6, 30)
NAME = "王芳"
FIRST17 = "35060219500101101"
ID_NUMBER = FIRST17 + id_check_digit(FIRST17)
DEATH = {
    "record_id": "SW1",
    "unit_code": "350602",
    "name": NAME,
    "id_number": ID_NUMBER,
    "died_at": "2026-01-15",
}
PAYMENT = {
    "record_id": "FF1",
    "unit_code": "350602",
    "name": NAME,
    "id_number": ID_NUMBER,
    "kind": "pension",
    "month": "2026-04",
    "amount_yuan": 1200,
}

# The intake worker's own loop, in a process of its own, over a queue that never empties:
# each group holds the warehouse for a while. It says when it has the warehouse and each
# time it lets a reader in.
WORKER = """
import sys, time
from pathlib import Path
from jiancha.intake import IntakeWorker
from jiancha.project import Project

project = Project.open(Path(sys.argv[1]))
with project.casework() as work:
    worker = IntakeWorker(project, work, clues=False)
    let_in = worker.let_readers_in

    def busy():
        worker._warehouse()
        print("held", flush=True)
        time.sleep(0.3)
        return [None]

    def counted():
        if let_in():
            print("let in", flush=True)
            return True
        return False

    worker.apply_next = busy
    worker.let_readers_in = counted
    worker.run()
"""


@dataclass
class Busy:
    project: Project
    clue: str
    person_id: str
    client: TestClient
    token: str
    said: list[str]


def _linked_project_with_a_clue(root: Path) -> tuple[Project, str, str]:
    """A linked project whose pushed payment after a death is a clue."""
    project = Project.init(root)
    project.link()  # linked from the start: the worker links the pushed people
    with project.casework() as work:
        _, key = work.intake.add_agency(
            "漳州市民政局", ["death_record", "benefit_payment"], ["3506"]
        )
        found = work.intake.by_key(key)
        assert found is not None
        for table, record in (("death_record", DEATH), ("benefit_payment", PAYMENT)):
            work.intake.accept(found, table, json.dumps([record]), 1, None)
        IntakeWorker(project, work, as_of=AS_OF).run(once=True)
        work.accounts.add("reader", PASSWORD, Role.PROSECUTOR, ["3506"])
        (clue,) = work.clues(ClueFilter(status="new"))
    with project.warehouse(read_only=True) as wh:
        (person_id,) = wh.rows("SELECT person_id FROM death_record")[0]
    assert person_id is not None, "the worker links the pushed people"
    return project, clue.id, str(person_id)


def _warehouse_is_held(project: Project) -> bool:
    try:
        duckdb.connect(str(project.warehouse_path), read_only=True).close()
    except duckdb.IOException:
        return True
    return False


@pytest.fixture
def busy(tmp_path: Path) -> Iterator[Busy]:
    project, clue, person_id = _linked_project_with_a_clue(tmp_path / "p")
    app = create_app(project.root)
    client = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
    assert login(client, "reader") == 303
    with project.casework() as work:
        token = work.accounts.issue_token("reader")
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(project.root)], stdout=subprocess.PIPE, text=True
    )
    said: list[str] = []
    assert worker.stdout is not None
    listening = threading.Thread(target=lambda: said.extend(map(str.strip, worker.stdout)))
    listening.start()
    try:
        _until(lambda: "held" in said, "the worker did not take the warehouse")
        assert _warehouse_is_held(project)
        yield Busy(project, clue, person_id, client, token, said)
        assert worker.poll() is None, "the worker stopped"
    finally:
        worker.kill()
        worker.wait(timeout=30)
        listening.join(timeout=30)
        worker.stdout.close()


def _until(done: Callable[[], bool], failure: str) -> None:
    deadline = time.monotonic() + 60
    while not done():
        assert time.monotonic() < deadline, failure
        time.sleep(0.05)


def test_pages_reading_the_warehouse_answer_while_the_worker_holds_it(busy: Busy) -> None:
    client = busy.client
    page = client.get(f"/clues/{busy.clue}")
    assert page.status_code == 200, page.text
    assert "FF1" in page.text and "SW1" in page.text  # the payment and the death
    assert UNREAD_MATCHES not in page.text  # the link's matches were read live
    assert "Traceback" not in page.text
    listed = client.get("/api/clues", headers={"Authorization": f"Bearer {busy.token}"})
    assert listed.status_code == 200 and busy.clue in listed.text
    detail = client.get(
        f"/api/clues/{busy.clue}", headers={"Authorization": f"Bearer {busy.token}"}
    )
    assert detail.status_code == 200 and "FF1" in detail.text
    person = client.get(f"/people/{busy.person_id}")
    assert person.status_code == 200 and "2026-01-15" in person.text and "1200" in person.text
    found = client.get("/search", params={"q": NAME})
    assert found.status_code == 200 and f"/people/{busy.person_id}" in found.text
    home = client.get("/")
    assert home.status_code == 200 and "数据仓库不可读" not in home.text
    for answer in (page, listed, detail, person, found, home):
        assert "Traceback" not in answer.text and "Could not set lock" not in answer.text
        assert "正被另一个" not in answer.text  # the warehouse's lock refusal
    _until(lambda: "let in" in busy.said, "the worker never let a reader in")


def test_the_worker_takes_the_warehouse_back_after_the_readers(busy: Busy) -> None:
    assert busy.client.get(f"/clues/{busy.clue}").status_code == 200
    _until(lambda: "let in" in busy.said, "the worker never let a reader in")
    # its next group opens it again
    _until(lambda: _warehouse_is_held(busy.project), "the worker did not take it back")


HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("held", flush=True)
time.sleep(600)
"""


def test_the_clue_page_shows_its_evidence_when_the_warehouse_cannot_be_read(
    tmp_path: Path,
) -> None:
    """Another writer that does not take turns (a model run, an import): the clue page still
    shows the casebook's copies of its records, and says why the matches are missing."""
    project, clue, _ = _linked_project_with_a_clue(tmp_path / "p")
    client = TestClient(
        create_app(project.root), raise_server_exceptions=False, follow_redirects=False
    )
    assert login(client, "reader") == 303
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(project.warehouse_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        page = client.get(f"/clues/{clue}")
    finally:
        holder.kill()
        holder.communicate(timeout=30)
    assert page.status_code == 200
    assert "FF1" in page.text and "SW1" in page.text and UNREAD_MATCHES in page.text
    assert "Traceback" not in page.text and "Could not set lock" not in page.text
