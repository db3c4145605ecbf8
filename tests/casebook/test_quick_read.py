"""The command line's quick read of a SQLite casebook gives what Casework gives, filter by
filter, and steps aside for any casebook it should not read."""

from __future__ import annotations

import re
import sqlite3
from datetime import date, datetime, timedelta

import pytest

from jiancha.casebook.filters import ClueFilter
from jiancha.casebook.quick import read_clues
from jiancha.project import Project


@pytest.fixture(scope="module")
def ran(small_project_master, small_data, tmp_path_factory: pytest.TempPathFactory) -> Project:  # type: ignore[no-untyped-def]
    import shutil

    master, _ = small_project_master
    root = tmp_path_factory.mktemp("quick") / "p"
    shutil.copytree(master.root, root)
    project = Project.open(root)
    project.run(as_of=small_data.as_of)
    with project.casework() as work:  # a clue moved, assigned and resolved-looking
        first = work.clues(limit=1)[0]
        work.assign(first.id, "李检察官", actor="领导")
        work.move(first.id, "verifying", actor="李检察官")
    return project


def _filters(project: Project) -> list[ClueFilter]:
    with project.casework() as work:
        clues = work.clues()
    today = clues[0].first_seen_at.date()
    models = sorted({c.model_id for c in clues})
    return [
        ClueFilter(),
        ClueFilter(status="new"),
        ClueFilter(status=["new", "verifying"]),
        ClueFilter(status=[]),
        ClueFilter(model=models[0]),
        ClueFilter(model=models[:3], unit="3506"),
        ClueFilter(domain=clues[-1].domain),
        ClueFilter(unit="350602"),
        ClueFilter(unit="350602", status="new", since=today, until=today),
        ClueFilter(since=today + timedelta(days=1)),
        ClueFilter(until=date(2000, 1, 1)),
        ClueFilter(since=datetime.combine(today, datetime.min.time())),
        ClueFilter(assignee="李检察官"),
    ]


def test_the_quick_read_gives_what_casework_gives(ran: Project) -> None:
    compared = 0
    for filters in _filters(ran):
        for limit in (None, 3):
            quick = read_clues(ran.casebook_url, filters, limit)
            with ran.casework() as work:
                usual = work.clues(filters, limit=limit)
            assert quick == usual, filters
            compared += len(usual)
    assert compared > 100  # the filters found something to compare


def test_it_steps_aside_for_another_database_or_an_older_schema(ran: Project) -> None:
    assert read_clues("postgresql+psycopg://x@localhost/db", ClueFilter()) is None
    assert read_clues(f"sqlite:///{ran.root / 'missing.sqlite'}", ClueFilter()) is None
    path = ran.root / "casebook.sqlite"
    with sqlite3.connect(path) as con:
        (head,) = con.execute("SELECT version_num FROM alembic_version").fetchone()
        con.execute("UPDATE alembic_version SET version_num = 'older'")
    try:
        assert read_clues(ran.casebook_url, ClueFilter()) is None
    finally:
        with sqlite3.connect(path) as con:
            con.execute("UPDATE alembic_version SET version_num = ?", [head])
    assert len(ran.clues(ClueFilter(), limit=5)) == 5  # the usual way, then


def test_clues_list_reads_without_sqlalchemy(ran: Project) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from jiancha.cli.main import run\n"
        "code = run(['clues', 'list', '--limit', '3'])\n"
        "assert 'sqlalchemy' not in sys.modules, 'SQLAlchemy was imported'\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ran.root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    # a look at the list (an export in JSON is audited through the casebook's façade)
    assert len(set(re.findall(r"C\d{6}", done.stdout))) == 3
