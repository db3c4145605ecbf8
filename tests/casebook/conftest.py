"""Fixtures of the casebook workflow tests: a database on SQLite and on PostgreSQL, a
casebook with a few clues, a ledger with its key in a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from wf_support import wf_hit, wf_record

from jiancha.casebook import Casebook
from jiancha.casebook.filestore import FileStore
from jiancha.casebook.ledger import Ledger
from jiancha.casebook.workflow import Workflow

PG_ENV = "JIANCHA_TEST_POSTGRES_URL"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def wf_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A clean database per test: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'casebook.db'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set, so the PostgreSQL variant does not run")
    schema = f"jc_wf_{uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def wf_book(wf_db_url: str) -> Iterator[Casebook]:
    """A casebook with three new clues C000001–C000003."""
    book = Casebook.open(wf_db_url)
    wf_record(book, 1, [wf_hit("E0001"), wf_hit("E0002"), wf_hit("E0003", unit="350603")])
    yield book
    book.close()


@pytest.fixture
def files(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "files")


@pytest.fixture
def ledger(tmp_path: Path, files: FileStore) -> Ledger:
    return Ledger(tmp_path / "keys", files)


@pytest.fixture
def flow(wf_book: Casebook, ledger: Ledger) -> Workflow:
    return Workflow(wf_book, ledger)
