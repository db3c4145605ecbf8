"""The warehouse's work_calendar: the project's working days, written for the models."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jiancha.models.render import render
from jiancha.periods import STATE_COUNCIL, WorkCalendar
from jiancha.project import Project
from jiancha.warehouse import open_warehouse
from jiancha.warehouse.calendar import calendar_span, sync_work_calendar, work_calendar_in_line


def test_the_table_holds_each_day_and_its_next_working_day() -> None:
    wh = open_warehouse(None)
    try:
        assert sync_work_calendar(wh, STATE_COUNCIL, date(2026, 6, 30)) is True
        assert sync_work_calendar(wh, STATE_COUNCIL, date(2026, 6, 30)) is False  # unchanged
        first, last = calendar_span(date(2026, 6, 30))
        assert wh.scalar("SELECT count(*) FROM work_calendar") == (last - first).days + 1
        # National Day 2026: 10-01..10-07 off, 10-10 (a Saturday) a make-up working day
        rows = wh.rows(
            "SELECT day, is_working_day, next_working_day FROM work_calendar "
            "WHERE day IN (DATE '2026-10-03', DATE '2026-10-08', DATE '2026-10-10') ORDER BY day"
        )
        assert rows == [
            (date(2026, 10, 3), False, date(2026, 10, 8)),
            (date(2026, 10, 8), True, date(2026, 10, 8)),
            (date(2026, 10, 10), True, date(2026, 10, 10)),
        ]
        sql = render(
            "SELECT ${next_working_day(DATE '2026-10-01')}, ${next_working_day(DATE '1980-01-05')}",
            {},
        )
        # a day the table does not cover stays as it is
        assert wh.one(sql) == (date(2026, 10, 8), date(1980, 1, 5))
        # the project's own list (a year listed is taken as fully listed) changes the table
        own = WorkCalendar(holidays=frozenset(date(2026, 10, d) for d in range(1, 9)))
        assert sync_work_calendar(wh, own, date(2026, 6, 30)) is True
        assert wh.one(sql) == (date(2026, 10, 9), date(1980, 1, 5))
    finally:
        wh.close()


def test_a_run_writes_the_project_calendar(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "p")
    toml = project.root / "jiancha.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + "\n[calendar]\nholidays = [2031-01-01, 2031-01-02]\n",
        encoding="utf-8",
    )
    project = Project.open(project.root)
    project.run(as_of=date(2030, 6, 30))
    with project.warehouse(read_only=True) as wh:
        found = wh.one(
            "SELECT is_working_day, next_working_day FROM work_calendar "
            "WHERE day = DATE '2031-01-01'"
        )
    assert found == (False, date(2031, 1, 3))


def test_an_unchanged_calendar_is_not_asked_again_but_a_damaged_table_is_rewritten(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jiancha.warehouse import calendar

    wh = open_warehouse(None)
    try:
        assert sync_work_calendar(wh, STATE_COUNCIL, date(2026, 6, 30)) is True

        def refuse(*args: object) -> None:
            raise AssertionError("the days were computed again")

        with monkeypatch.context() as patched:
            patched.setattr(calendar, "_days", refuse)
            # the same span, lists, chinese-calendar and code: the kept key answers
            assert sync_work_calendar(wh, STATE_COUNCIL, date(2026, 6, 30)) is False
        wh.execute("DELETE FROM work_calendar WHERE day > DATE '2026-12-31'")
        assert sync_work_calendar(wh, STATE_COUNCIL, date(2026, 6, 30)) is True
        first, last = calendar_span(date(2026, 6, 30))
        assert wh.scalar("SELECT count(*) FROM work_calendar") == (last - first).days + 1
    finally:
        wh.close()


def test_a_calendar_in_line_is_checked_without_opening_for_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = Project.init(tmp_path / "p")
    assert project.sync_work_calendar(date(2026, 6, 30)) is True
    with project.warehouse(read_only=True) as wh:
        assert wh.schema_current()
        assert work_calendar_in_line(wh, STATE_COUNCIL, date(2026, 6, 30))
        assert not work_calendar_in_line(wh, STATE_COUNCIL, date(2035, 6, 30))  # longer span

    opened: list[bool] = []
    real = Project.warehouse

    def noting(self: Project, read_only: bool = False) -> object:
        opened.append(read_only)
        return real(self, read_only)

    monkeypatch.setattr(Project, "warehouse", noting)
    assert project.sync_work_calendar(date(2026, 6, 30)) is False
    assert opened == [True]  # read-only only: nothing to write
    assert project.sync_work_calendar(date(2035, 6, 30)) is True
    assert opened == [True, True, False]


def test_an_older_warehouse_schema_is_not_current(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "p")
    project.sync_work_calendar(date(2026, 6, 30))
    for damage in (
        'ALTER TABLE judgment DROP COLUMN "charge"',  # a contract column added since
        "ALTER TABLE _quarantine DROP COLUMN released",
        "ALTER TABLE _import_batch DROP COLUMN settings",
        "DROP TABLE _replaced",
        "ALTER TABLE sentence_estimate ADD COLUMN extra VARCHAR",  # another version's
    ):
        with project.warehouse() as wh:  # opening for writing brings it up to date
            assert wh.schema_current()
            wh.execute(damage)
            assert not wh.schema_current(), damage
        with project.warehouse(read_only=True) as wh:
            assert not wh.schema_current(), damage
        # run's calendar check sees it and opens for writing, which mends it
        assert project.sync_work_calendar(date(2026, 6, 30)) is False
        with project.warehouse(read_only=True) as wh:
            assert wh.schema_current(), damage
