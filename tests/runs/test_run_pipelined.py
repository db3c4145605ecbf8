"""``jiancha run`` records each model's hits while the later models still run
(jiancha.runs.find_and_record): what it records is what running every model first and
recording them after records, a failed model is left out, and a failure while recording
stops the models and records nothing."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

import pytest

from jiancha.casebook import Casebook
from jiancha.casebook import record as record_module
from jiancha.console import SilentConsole
from jiancha.errors import CasebookError
from jiancha.models import run as run_module
from jiancha.project import Project
from jiancha.runs import find_and_record, find_hits, record_hits


def _state(project: Project) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every clue (model, fingerprint, status, facts, evidence) and every evidence
    snapshot (fingerprint, table, record, snapshot hash) the casebook holds."""
    from sqlalchemy import select

    from jiancha.casebook.tables import Clue, ClueEvidence

    book = Casebook.open(project.casebook_url)
    try:
        with book.session() as session:
            clues = session.execute(
                select(Clue.model_id, Clue.fingerprint, Clue.status, Clue.facts, Clue.evidence)
            ).all()
            snapshots = session.execute(
                select(
                    Clue.fingerprint,
                    ClueEvidence.table_name,
                    ClueEvidence.record_id,
                    ClueEvidence.snapshot_hash,
                    ClueEvidence.row_hash,
                ).join(Clue, Clue.id == ClueEvidence.clue_id)
            ).all()
    finally:
        book.close()
    return sorted(map(tuple, clues), key=str), sorted(map(tuple, snapshots), key=str)


def _in_turn(project: Project, as_of: date) -> None:
    """Every model first, then the recording: the order the pipelined run must equal."""
    catalogue = project.catalogue()
    project.sync_work_calendar(as_of)
    with project.warehouse(read_only=True) as wh:
        found = find_hits(wh, catalogue, None, as_of, SilentConsole())
        with Casebook.open(project.casebook_url) as book:
            record_hits(book, found, engine=wh.dialect)


def test_pipelined_run_records_what_running_then_recording_records(
    small_project: Project, small_project_master: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    import shutil

    as_of = date(2026, 6, 30)
    master, _ = small_project_master
    other = Project.open(shutil.copytree(master.root, tmp_path / "other"))
    # snapshots kept in several batches while the models run, as a city's run does
    monkeypatch.setattr(record_module, "SNAPSHOT_BATCH", 7)
    interval = sys.getswitchinterval()
    report = small_project.run(as_of=as_of)
    assert sys.getswitchinterval() == interval  # the short GIL switches were the run's only
    _in_turn(other, as_of)
    clues, snapshots = _state(small_project)
    assert clues and snapshots
    assert (clues, snapshots) == _state(other)
    assert report.hits == len(clues)
    assert [line.model_id for line in report.lines] == [m.id for m in small_project.catalogue()]
    # a second run sees every clue again and keeps no new snapshot
    again = small_project.run(as_of=as_of)
    assert sum(line.new for line in again.lines) == 0
    assert _state(small_project) == (clues, snapshots)


def test_a_failed_model_is_left_out_and_the_others_recorded(
    small_project: Project, monkeypatch: Any
) -> None:
    as_of = date(2026, 6, 30)
    first = small_project.run(as_of=as_of)
    failing = next(line.model_id for line in first.lines if line.hits)
    real = run_module.run_model

    def run_model(store: Any, model: Any, *args: Any, **kwargs: Any) -> Any:
        result = real(store, model, *args, **kwargs)
        if model.id == failing:
            return run_module.ModelResult(model, [], result.seconds, f"模型 {model.id} 运行失败")
        return result

    monkeypatch.setattr(run_module, "run_model", run_model)
    report = small_project.run(as_of=as_of)
    line = next(line for line in report.lines if line.model_id == failing)
    assert line.error and line.resolved == 0
    clues, _ = _state(small_project)
    # its clues stay open: the failure is no evidence they are gone
    assert {c[2] for c in clues if c[0] == failing} == {"new"}
    assert sum(x.resolved for x in report.lines) == 0


def test_a_failure_while_recording_stops_the_models_and_records_nothing(
    small_project: Project, monkeypatch: Any
) -> None:
    ran: list[str] = []
    real = run_module.run_model

    def run_model(store: Any, model: Any, *args: Any, **kwargs: Any) -> Any:
        ran.append(model.id)
        return real(store, model, *args, **kwargs)

    def broken(self: Any, model_id: str, *_: Any) -> Any:
        raise CasebookError(f"记录模型 {model_id} 失败")

    monkeypatch.setattr(run_module, "run_model", run_model)
    monkeypatch.setattr(record_module.RunRecorder, "record_model", broken)
    with pytest.raises(CasebookError, match="记录模型"):
        small_project.run(as_of=date(2026, 6, 30))
    assert len(ran) < len(small_project.catalogue())  # stopped early, not run to the end
    with small_project.casework() as work:
        assert work.runs() == []
    assert _state(small_project) == ([], [])


def test_a_failure_in_the_models_thread_reaches_the_caller(
    small_project: Project, monkeypatch: Any
) -> None:
    def run_model(*_: Any, **__: Any) -> Any:
        raise RuntimeError("模型线程出错")

    monkeypatch.setattr(run_module, "run_model", run_model)
    with pytest.raises(RuntimeError, match="模型线程出错"):
        small_project.run(as_of=date(2026, 6, 30))
    with small_project.casework() as work:
        assert work.runs() == []


def test_find_and_record_of_some_units_records_theirs_only(small_project: Project) -> None:
    as_of = date(2026, 6, 30)
    small_project.sync_work_calendar(as_of)
    catalogue = small_project.catalogue()
    with small_project.warehouse(read_only=True) as wh:
        report = find_and_record(
            wh,
            lambda: Casebook.open(small_project.casebook_url),
            catalogue,
            None,
            as_of,
            SilentConsole(),
            units=["350602"],
        )
    clues, _ = _state(small_project)
    assert report.units == ("350602",) and report.hits == len(clues) > 0
    units = {h.unit_code for hits in report.hits_by_model.values() for h in hits}
    assert units == {"350602"}
