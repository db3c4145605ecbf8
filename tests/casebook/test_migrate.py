"""Opening a casebook already at the newest schema asks its alembic_version and stops:
Alembic (a third of a second to import) loads only when there is something to migrate."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from jiancha.casebook import Casebook
from jiancha.casebook.migrate import alembic_config, head_revision
from jiancha.errors import CasebookError

OPEN_AND_REPORT = (
    "import sys\n"
    "from jiancha.casebook import Casebook\n"
    "Casebook.open(sys.argv[1]).close()\n"
    "print('alembic' in sys.modules)\n"
)


def test_the_head_is_alembics_head() -> None:
    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def _opens_with_alembic(path: Path) -> bool:
    done = subprocess.run(
        [sys.executable, "-c", OPEN_AND_REPORT, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip() == "True"


def test_alembic_runs_only_when_there_is_something_to_migrate(tmp_path: Path) -> None:
    path = tmp_path / "casebook.sqlite"
    assert _opens_with_alembic(path)  # a new casebook is created by the migrations
    assert not _opens_with_alembic(path)
    with Casebook.open(path) as book, book.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    # not at the head: Alembic is asked, and says it does not know a newer jiancha's schema
    with pytest.raises(CasebookError, match="案件库结构无法升级"):
        Casebook.open(path)
