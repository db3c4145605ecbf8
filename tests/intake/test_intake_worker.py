"""The intake worker: pushed batches through the importer, in order, nothing lost or doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from intake_support import AGENCY, new_project, push, report, stored_ids

from jiancha.casebook.intake import BatchOutcome, BatchStatus, ClaimedBatch
from jiancha.cli.main import run
from jiancha.errors import IngestError, UsageError, WarehouseError
from jiancha.intake import IntakeWorker
from jiancha.project import Project


def _work(project: Project) -> int:
    with project.casework() as work:
        return IntakeWorker(project, work).run(once=True)


def test_a_batch_is_stored_replaced_and_quarantined_as_a_file_would_be(tmp_path: Path) -> None:
    project, key = new_project(tmp_path / "p")
    first = push(project, key, "case_report", [report(1), report(2)])
    records: list[object] = [
        report(1),  # unchanged
        report(2, offense="诈骗"),  # replaced
        report(3, received_at="不详"),  # a date that is none: quarantined
        report(4, unit="350102"),  # 福州: outside the key's units
        report(5, unit=""),  # no unit: cannot be placed
        "not an object",
        {
            "record_id": "R00006",
            "单位代码": "350603",
            "受案日期": "2026年3月2日",
            "案件类别": "刑事",
        },
    ]
    second = push(project, key, "case_report", records)
    assert _work(project) == 2
    assert stored_ids(project) == ["R00001", "R00002", "R00006"]
    with project.casework() as work:
        done = work.intake.batch(first)
        assert done.status == BatchStatus.APPLIED and done.counts["new"] == 2
        batch = work.intake.batch(second)
        with work.book.session() as session:
            entries = work.ledger.entries(session, f"intake:{second}")
    assert batch.status_label == "已入库"
    counts = batch.counts
    assert counts["read"] == 7 == counts["stored"] + counts["quarantined"]
    assert (counts["new"], counts["replaced"], counts["unchanged"]) == (1, 1, 1)
    reasons = {r.row: r for r in batch.quarantined_rows}
    assert set(reasons) == {3, 4, 5, 6}
    assert reasons[3].field == "受案日期"
    assert "350102" in reasons[4].reason and "授权" in reasons[4].reason
    assert "未填写单位代码" in reasons[5].reason
    assert "JSON 对象" in reasons[6].reason
    for row in batch.quarantined_rows:  # every reason in Chinese, no code or column name
        assert not any(word in row.reason for word in ("received_at", "unit_code", "None"))
    (entry,) = entries
    with project.casework() as work:
        assert work.verify_ledger().ok
    assert entry.actor == AGENCY and entry.payload["agency"] == AGENCY
    assert entry.payload["replaced"] == 1 and len(entry.payload["sha256"]) == 64


def test_batches_are_applied_in_the_order_received(tmp_path: Path) -> None:
    project, key = new_project(tmp_path / "p")
    push(project, key, "case_report", [report(1, offense="甲")])
    push(project, key, "case_report", [report(1, offense="乙")])
    push(project, key, "case_report", [report(1, offense="丙")])
    assert _work(project) == 3
    with project.warehouse(read_only=True) as wh:
        assert wh.rows("SELECT offense FROM case_report") == [("丙",)]


def test_a_batch_the_import_refuses_fails_with_its_reason(tmp_path: Path) -> None:
    project, key = new_project(tmp_path / "p")
    batch = push(project, key, "case_report", [{"unit_code": "350602", "offense": "盗窃"}])
    good = push(project, key, "case_report", [report(1)])
    assert _work(project) == 2
    with project.casework() as work:
        failed = work.intake.batch(batch)
        assert failed.status_label == "未能入库" and "缺少必需的列" in (failed.error or "")
        assert work.intake.batch(good).status == BatchStatus.APPLIED


def test_a_batch_claimed_again_after_its_import_committed_is_not_stored_twice(
    tmp_path: Path,
) -> None:
    """The worker killed between the warehouse's commit and the casebook's: the batch is
    claimed again and the warehouse's import identity stops a second import."""
    project, key = new_project(tmp_path / "p")
    batch = push(project, key, "case_report", [report(1), report(2, unit="350102")])
    with project.casework() as work:
        worker = IntakeWorker(project, work)
        claimed = work.intake.claim()
        assert claimed is not None
        worker._import(claimed)  # the import committed; the worker dies here
        assert worker.apply_next()  # the batch, claimed again
        worker.release()
        done = work.intake.batch(batch)
    with project.warehouse(read_only=True) as wh:
        assert wh.one("SELECT count(*) FROM _import_batch") == (1,)
        assert wh.one("SELECT count(*) FROM _quarantine") == (1,)
    assert done.status == BatchStatus.APPLIED
    assert (done.counts["stored"], done.counts["quarantined"]) == (1, 1)
    assert len(done.quarantined_rows) == 1


def test_queued_batches_are_imported_together_each_with_its_own_outcome(
    tmp_path: Path,
) -> None:
    """One group: a later batch's record replaces an earlier one's, a record_id repeated in
    two batches is no duplicate (repeated within one it is), and each batch's counts, rows
    and ledger entry are its own, as when the batches are applied one at a time."""
    batches: list[list[object]] = [
        [report(1), report(2), report(3, received_at="不详")],
        [report(2, offense="诈骗"), report(4, unit="350102"), report(5), report(5)],
        [report(1), report(2, offense="抢劫"), "not an object", report(6, received_at="不详")],
    ]
    grouped, key = new_project(tmp_path / "grouped")
    alone, alone_key = new_project(tmp_path / "alone")
    for records in batches:
        push(grouped, key, "case_report", records)
    with grouped.casework() as work:
        worker = IntakeWorker(grouped, work, clues=False)
        applied = worker.apply_next()
        worker.release()
    assert [b.id for b in applied] == [1, 2, 3]  # one claim, one import
    for records in batches:  # the same batches, one at a time
        push(alone, alone_key, "case_report", records)
        assert _work(alone) == 1
    with alone.casework() as work:
        expected = {b.id: b for b in work.intake.batches()}
    for batch in applied:
        assert batch.status == BatchStatus.APPLIED
        assert batch.counts == expected[batch.id].counts
        assert batch.quarantined_rows == expected[batch.id].quarantined_rows
    first, second, third = applied
    assert (first.counts["new"], first.counts["quarantined"]) == (2, 1)
    assert (second.counts["replaced"], second.counts["new"], second.counts["quarantined"]) == (
        1,
        1,
        2,
    )
    assert {r.row for r in second.quarantined_rows} == {2, 4}  # its own rows, from 1
    assert {r.row for r in third.quarantined_rows} == {3, 4}
    assert (third.counts["unchanged"], third.counts["replaced"]) == (1, 1)
    for project in (grouped, alone):
        with project.warehouse(read_only=True) as wh:
            assert wh.rows("SELECT record_id, offense FROM case_report ORDER BY 1") == [
                ("R00001", "盗窃"),
                ("R00002", "抢劫"),
                ("R00005", "盗窃"),
            ]
            logged = wh.rows(
                "SELECT batch_id, rows_read, rows_new, rows_replaced, rows_quarantined "
                "FROM _import_batch ORDER BY 1"
            )
            replaced = wh.rows("SELECT * FROM _replaced ORDER BY 1")
        assert logged == [(1, 3, 2, 0, 1), (2, 4, 1, 1, 2), (3, 4, 0, 1, 2)]
        assert [r[:5] for r in replaced] == [
            (2, "case_report", "R00002", 1, 2),
            (3, "case_report", "R00002", 2, 1),
        ]
    with grouped.casework() as work:
        assert work.verify_ledger().ok
        with work.book.session() as session:
            assert len(work.ledger.entries(session)) >= 3
            for batch in applied:
                (entry,) = work.ledger.entries(session, f"intake:{batch.id}")
                assert entry.payload["quarantined"] == batch.counts["quarantined"]


def test_a_group_of_other_tables_waits_and_a_refused_batch_fails_alone(tmp_path: Path) -> None:
    project, key = new_project(tmp_path / "p")
    push(project, key, "case_report", [report(1)])
    push(project, key, "criminal_case", [{"record_id": "AJ1", "unit_code": "350602"}])
    refused = push(project, key, "case_report", [{"unit_code": "350602", "offense": "盗窃"}])
    push(project, key, "case_report", [report(2)])
    with project.casework() as work:
        worker = IntakeWorker(project, work, clues=False)
        first = worker.apply_next()
        second = worker.apply_next()
        worker.release()
    assert [b.id for b in first] == [1, 3, 4] and [b.id for b in second] == [2]
    assert [b.status for b in first] == [BatchStatus.APPLIED, BatchStatus.FAILED] + [
        BatchStatus.APPLIED
    ]
    assert first[1].id == refused and "缺少必需的列" in (first[1].error or "")
    assert stored_ids(project) == ["R00001", "R00002"]


def test_a_group_is_claimed_only_up_to_its_caps(tmp_path: Path) -> None:
    project, key = new_project(tmp_path / "p")
    for n in range(4):
        push(project, key, "case_report", [report(10 * n + i) for i in range(3)])
    with project.casework() as work:
        assert [b.id for b in work.intake.claim_group(max_batches=2)] == [1, 2]
        assert [b.id for b in work.intake.claim_group(max_records=7)] == [1, 2]
        assert [b.id for b in work.intake.claim_group(max_records=1)] == [1]  # one at least
        assert len(work.intake.claim_group()) == 4


def test_a_group_killed_between_its_import_and_its_outcome_is_not_stored_twice(
    tmp_path: Path,
) -> None:
    """The worker killed after the warehouse committed a group and before the casebook
    did: the group is claimed again, with a batch queued since, and only that batch is
    stored; each batch of the group gets the outcome of the import that committed."""
    project, key = new_project(tmp_path / "p")
    push(project, key, "case_report", [report(1), report(2, unit="350102")])
    push(project, key, "case_report", [report(1, offense="诈骗"), report(3)])
    with project.casework() as work:
        worker = IntakeWorker(project, work, clues=False)
        claimed = work.intake.claim_group()
        assert [b.id for b in claimed] == [1, 2]
        worker._import_group(claimed)  # the import committed; the worker dies here
        worker.release()
    late = push(project, key, "case_report", [report(3, offense="抢劫"), report(4)])
    with project.casework() as work:
        worker = IntakeWorker(project, work, clues=False)
        applied = worker.apply_next()
        worker.release()
    assert [b.id for b in applied] == [1, 2, late]
    first, second, third = applied
    assert (first.counts["stored"], first.counts["quarantined"]) == (1, 1)
    assert len(first.quarantined_rows) == 1 and first.quarantined_rows[0].row == 2
    assert (second.counts["new"], second.counts["replaced"]) == (1, 1)
    assert (third.counts["new"], third.counts["replaced"]) == (1, 1)
    with project.warehouse(read_only=True) as wh:
        assert wh.one("SELECT count(*) FROM _import_batch") == (3,)
        assert wh.one("SELECT count(*) FROM _quarantine") == (1,)
        assert wh.rows("SELECT record_id, offense FROM case_report ORDER BY 1") == [
            ("R00001", "诈骗"),
            ("R00003", "抢劫"),
            ("R00004", "盗窃"),
        ]
    with project.casework() as work:
        assert work.verify_ledger().ok
        with work.book.session() as session:
            assert all(len(work.ledger.entries(session, f"intake:{b}")) == 1 for b in (1, 2, late))


KILLED = 25  # batches pushed before the worker is killed
RECORDS = 1000  # records per batch: the worker claims 10 at a time (10,000 records)


def test_a_killed_worker_resumes_and_nothing_is_lost_or_doubled(tmp_path: Path) -> None:
    """Killed after its first group of batches, during the next one or between them."""
    project, key = new_project(tmp_path / "p")
    for b in range(KILLED):
        records: list[object] = [report(b * RECORDS + i) for i in range(RECORDS)]
        push(project, key, "case_report", records, idem=f"b{b}")
    main = "from jiancha.cli.main import main; main()"
    command = [sys.executable, "-c", main, "-C", str(project.root), "intake", "work"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while _applied(project) < 1:  # killed mid-run: some batches applied, not all
            assert worker.poll() is None, (tmp_path / "worker.log").read_text("utf-8")
            assert time.monotonic() < deadline, "the worker applied nothing in 120 s"
            time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        log.close()
    assert _applied(project) < KILLED, "the worker finished before it was killed"
    assert run(["-C", str(project.root), "intake", "work", "--once"]) == 0
    expected = sorted(f"R{n:05d}" for n in range(KILLED * RECORDS))
    assert stored_ids(project) == expected
    with project.casework() as work:
        batches = work.intake.batches()
    assert len(batches) == KILLED and all(b.status == BatchStatus.APPLIED for b in batches)
    assert sum(b.counts["new"] for b in batches) == KILLED * RECORDS
    with project.warehouse(read_only=True) as wh:
        assert wh.one("SELECT count(*) FROM _import_batch") == (KILLED,)


def _applied(project: Project) -> int:
    with project.casework() as work:
        return sum(b.status == BatchStatus.APPLIED for b in work.intake.batches())


def test_intake_work_once_reports_each_batch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, key = new_project(tmp_path / "p")
    push(project, key, "case_report", [report(1), report(2, unit="350102")])
    assert run(["-C", str(project.root), "intake", "work", "--once"]) == 0
    out = capsys.readouterr().out
    assert "批次 1" in out and "入库 1 条" in out and "隔离 1 条" in out
    assert run(["-C", str(project.root), "intake", "list"]) == 0
    assert "已入库" in capsys.readouterr().out


def test_an_error_that_may_pass_is_reported_and_the_batch_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, key = new_project(tmp_path / "p")
    push(project, key, "case_report", [report(1)])
    with project.casework() as work:
        worker = IntakeWorker(project, work)
        real = worker._import_group
        calls: list[int] = []

        def locked_once(claimed: list[ClaimedBatch]) -> list[BatchOutcome | IngestError]:
            calls.extend(b.id for b in claimed)
            if len(calls) == 1:
                raise WarehouseError("数据仓库正被其他进程使用")
            return real(claimed)

        monkeypatch.setattr(worker, "_import_group", locked_once)
        errors: list[str] = []
        done = worker.run(
            poll_seconds=0, on_error=lambda e: errors.append(str(e)), stop=lambda: len(calls) >= 2
        )
        assert errors == ["数据仓库正被其他进程使用"] and calls == [1, 1]
        assert done == 1 and work.intake.batch(1).status == BatchStatus.APPLIED


def test_a_second_worker_of_the_project_is_refused(tmp_path: Path) -> None:
    project, key = new_project(tmp_path / "p")
    push(project, key, "case_report", [report(1)])
    with project.casework() as work:
        first, second = IntakeWorker(project, work), IntakeWorker(project, work)
        refused: list[str] = []

        def try_second(batch: object) -> None:
            try:
                second.run(once=True)
            except UsageError as exc:
                refused.append(str(exc))

        assert first.run(once=True, on_applied=try_second) == 1
        assert refused and "只能运行一个" in refused[0]
        assert second.run(once=True) == 0  # the first has stopped: the lock is free


def test_the_worker_waits_out_a_reader_that_took_no_turn(tmp_path: Path) -> None:
    """A reader outside the turns (a DuckDB client, a reader late for its turn) holds the
    warehouse for a moment: the worker, a service, waits for it instead of stopping on the
    lock as a one-off command does."""
    project, key = new_project(tmp_path / "p")
    push(project, key, "case_report", [report(1)])
    holding = (
        "import duckdb, sys, time\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "print('open', flush=True)\n"
        "time.sleep(2)\n"
    )
    reader = subprocess.Popen(
        [sys.executable, "-c", holding, str(project.warehouse_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "open"
        with pytest.raises(WarehouseError, match="正被另一个"):  # a command does not wait
            with project.warehouse():
                pass
        assert _work(project) == 1  # before the fix: WarehouseError, the worker stopped
        assert reader.poll() is not None  # it did wait for the reader
    finally:
        reader.kill()
        reader.wait()
        if reader.stdout is not None:
            reader.stdout.close()
    assert stored_ids(project) == ["R00001"]
