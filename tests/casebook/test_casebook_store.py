"""The casebook store on SQLite, and on PostgreSQL when JIANCHA_TEST_POSTGRES_URL is set."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, event, inspect, text

from jiancha.casebook import Casebook, ClueStatus, EventKind, ModelRunSummary
from jiancha.casebook.migrate import alembic_config
from jiancha.casebook.record import GivenRows
from jiancha.casebook.registers import tables as register_tables
from jiancha.casebook.tables import Base
from jiancha.errors import CasebookError
from jiancha.models.hit import Evidence, Hit, LegalBasis, RunInfo

T0 = datetime(2024, 3, 1, 8, 0)
MODEL_A = "execution.commutation_too_early"
MODEL_B = "trial.mandatory_fine_missing"


@pytest.fixture
def book(wf_db_url: str) -> Iterator[Casebook]:
    casebook = Casebook.open(wf_db_url)
    yield casebook
    casebook.close()


def hit(
    key_id: str,
    model: str = MODEL_A,
    facts: dict[str, Any] | None = None,
    version: str = "1",
    unit: str | None = "350102",
    domain: str = "execution",
) -> Hit:
    return Hit(
        model_id=model,
        model_version=version,
        unit_code=unit,
        subject={"name": f"张{key_id}", "id_number": f"35010219800101{key_id[-4:]}"},
        key=Evidence("execution_change", key_id),
        evidence=(Evidence("execution_change", key_id), Evidence("prisoner", f"P{key_id}")),
        facts=facts if facts is not None else {"served_months": 10, "required_months": 12},
        legal_basis=(LegalBasis("最高人民法院关于办理减刑、假释案件具体应用法律的规定", "第八条"),),
        domain=domain,
        title="首次减刑间隔不足",
    )


def run_info(n: int, models: Sequence[str] = (MODEL_A,), **params: Any) -> RunInfo:
    return RunInfo(
        run_id=f"run-{n}",
        started_at=T0 + timedelta(days=n),
        as_of=date(2024, 3, n),
        models={m: "1" for m in models},
        batches=(1, 2),
        parameters={m: dict(params) for m in models},
    )


def record(
    book: Casebook,
    n: int,
    results: dict[str, list[Hit]],
    snapshots: dict[Evidence, dict[str, Any]] | None = None,
    **params: Any,
) -> dict[str, ModelRunSummary]:
    info = run_info(n, list(results), **params)
    finished = info.started_at + timedelta(minutes=5)
    return book.record_run(info, results, snapshots or {}, finished)


def statuses(book: Casebook) -> dict[str, str]:
    return {c.evidence[0].record_id: c.status for c in book.list_clues()}


def kinds(book: Casebook, clue_id: str) -> list[str]:
    return [e.kind for e in book.clue_history(clue_id)]


def test_migrations_create_the_tables_of_the_models(wf_db_url: str) -> None:
    Casebook.open(wf_db_url).close()  # twice: the second open finds the schema at head
    with Casebook.open(wf_db_url) as book, book.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        # the registers' tables are on the same base (their module is imported above)
        assert register_tables.Base is Base
        assert compare_metadata(context, Base.metadata) == []


def test_migrations_downgrade_and_upgrade_again(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'casebook.db'}"
    Casebook.open(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    with engine.connect() as conn:
        assert "clue" not in inspect(conn).get_table_names()
    engine.dispose()
    with Casebook.open(url) as book:
        assert book.list_clues() == []


def test_a_casebook_from_a_newer_version_is_refused(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'casebook.db'}"
    Casebook.open(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(CasebookError, match="9999"):
        Casebook.open(url)


def test_first_run_creates_clues(book: Casebook) -> None:
    summary = record(book, 1, {MODEL_A: [hit("E0001"), hit("E0002")]})

    assert summary[MODEL_A] == ModelRunSummary(MODEL_A, hits=2, new=2)
    clues = book.list_clues()
    assert [c.id for c in clues] == ["C000001", "C000002"]
    first = clues[0]
    assert first.status == ClueStatus.NEW
    assert first.evidence == (Evidence("execution_change", "E0001"), Evidence("prisoner", "PE0001"))
    assert first.facts == {"served_months": 10, "required_months": 12}
    assert first.legal_basis[0].article == "第八条"
    assert first.first_seen_run == first.last_seen_run == "run-1"
    assert kinds(book, "C000001") == [EventKind.CREATED]


def test_rerun_creates_no_duplicates(book: Casebook) -> None:
    record(book, 1, {MODEL_A: [hit("E0001"), hit("E0002")]})
    summary = record(book, 2, {MODEL_A: [hit("E0001"), hit("E0002"), hit("E0001")]})

    assert summary[MODEL_A] == ModelRunSummary(MODEL_A, hits=2, still_open=2)
    clues = book.list_clues()
    assert len(clues) == 2
    assert {c.last_seen_run for c in clues} == {"run-2"}
    assert {c.first_seen_run for c in clues} == {"run-1"}


def test_disappearance_resolves_by_data_and_reappearance_reopens(book: Casebook) -> None:
    record(book, 1, {MODEL_A: [hit("E0001"), hit("E0002")]})
    gone = record(book, 2, {MODEL_A: [hit("E0001")]})

    assert gone[MODEL_A].resolved == 1
    resolved = book.get_clue("C000002")
    assert resolved.status == ClueStatus.RESOLVED_BY_DATA
    assert resolved.resolved_at == T0 + timedelta(days=2, minutes=5)
    assert kinds(book, "C000002") == [EventKind.CREATED, EventKind.RESOLVED_BY_DATA]

    back = record(book, 3, {MODEL_A: [hit("E0001"), hit("E0002")]})

    assert back[MODEL_A] == ModelRunSummary(MODEL_A, hits=2, still_open=1, reopened=1)
    reopened = book.get_clue("C000002")
    assert reopened.status == ClueStatus.REOPENED
    assert reopened.resolved_at is None
    assert kinds(book, "C000002")[-1] == EventKind.REOPENED
    assert len(book.list_clues()) == 2


def test_changed_facts_parameters_and_version_are_in_the_history(book: Casebook) -> None:
    record(book, 1, {MODEL_A: [hit("E0001")]}, months=12)
    changed_hit = hit("E0001", facts={"served_months": 10, "required_months": 18}, version="2")
    summary = record(book, 2, {MODEL_A: [changed_hit]}, months=18)

    assert summary[MODEL_A].changed == 1
    change = book.clue_history("C000001")[-1]
    assert change.kind == EventKind.CHANGED
    assert change.run_id == "run-2"
    assert change.detail["facts"] == {"required_months": {"old": 12, "new": 18}}
    assert change.detail["model_version"] == {"old": "1", "new": "2"}
    assert change.detail["parameters"] == {"old": {"months": 12}, "new": {"months": 18}}
    assert book.get_clue("C000001").facts["required_months"] == 18

    record(book, 3, {MODEL_A: [changed_hit]}, months=18)
    assert kinds(book, "C000001").count(EventKind.CHANGED) == 1


def test_models_that_did_not_run_keep_their_clues(book: Casebook) -> None:
    record(book, 1, {MODEL_A: [hit("E0001")], MODEL_B: [hit("J0001", model=MODEL_B)]})
    summary = record(book, 2, {MODEL_A: []})

    assert set(summary) == {MODEL_A}
    other = book.list_clues(model=MODEL_B)[0]
    assert other.status == ClueStatus.NEW
    assert other.last_seen_run == "run-1"
    assert book.list_clues(model=MODEL_A)[0].status == ClueStatus.RESOLVED_BY_DATA


def test_a_failed_model_left_out_of_the_results_keeps_its_clues(book: Casebook) -> None:
    record(book, 1, {MODEL_A: [hit("E0001")]})
    info = run_info(2, [MODEL_A])  # the run names the model, but it failed: no results
    summary = book.record_run(info, {}, {}, info.started_at)

    assert summary == {}
    assert book.get_clue(1).status == ClueStatus.NEW
    assert book.get_clue(1).last_seen_run == "run-1"


def test_a_status_set_by_a_person_survives_runs(book: Casebook) -> None:
    record(book, 1, {MODEL_A: [hit("E0001")]})
    book.change_status("C000001", ClueStatus.DISMISSED, actor="检察官甲", reason="已核实无误")

    record(book, 2, {MODEL_A: [hit("E0001")]})
    assert book.get_clue("C000001").status == ClueStatus.DISMISSED
    assert book.get_clue("C000001").last_seen_run == "run-2"

    gone = record(book, 3, {MODEL_A: []})
    assert gone[MODEL_A].resolved == 1
    assert book.get_clue("C000001").status == ClueStatus.DISMISSED

    back = record(book, 4, {MODEL_A: [hit("E0001")]})
    assert back[MODEL_A].reopened == 1
    assert book.get_clue("C000001").status == ClueStatus.DISMISSED
    history = book.clue_history("C000001")
    assert [e.kind for e in history] == [
        EventKind.CREATED,
        EventKind.STATUS,
        EventKind.ABSENT,
        EventKind.REAPPEARED,
    ]
    assert (history[1].actor, history[1].reason) == ("检察官甲", "已核实无误")
    assert (history[1].from_status, history[1].to_status) == ("new", "dismissed")


def test_evidence_snapshot_kept_only_when_the_row_changed(book: Casebook) -> None:
    row = {"record_id": "E0001", "reduction_months": 9, "_batch_id": 1}
    key = Evidence("execution_change", "E0001")
    record(book, 1, {MODEL_A: [hit("E0001")]}, {key: row})
    record(book, 2, {MODEL_A: [hit("E0001")]}, {key: {**row, "_batch_id": 2}})
    record(book, 3, {MODEL_A: [hit("E0001")]}, {key: {**row, "reduction_months": 12}})

    snaps = book.evidence_snapshots("C000001")
    assert [(s.run_id, s.snapshot["reduction_months"]) for s in snaps] == [
        ("run-1", 9),
        ("run-3", 12),
    ]
    assert snaps[0].table == "execution_change"


class CountingRows:
    """Evidence rows as a run hands them over, noting each row read whole (a row not
    in the warehouse is not read)."""

    def __init__(self, rows: dict[Evidence, dict[str, Any]]) -> None:
        self.given = GivenRows(rows)
        self.read: list[Evidence] = []

    def __contains__(self, ev: object) -> bool:
        return ev in self.given

    def row_hash(self, ev: Evidence) -> str | None:
        return self.given.row_hash(ev)

    def rows(self, wanted: Iterable[Evidence]) -> dict[Evidence, dict[str, Any]]:
        found = self.given.rows(wanted)
        self.read.extend(found)
        return found


def _row_hashes(book: Casebook) -> list[str | None]:
    with book.engine.connect() as conn:
        found = conn.execute(text("SELECT row_hash FROM clue_evidence ORDER BY id"))
        return [r[0] for r in found]


def test_an_evidence_row_whose_row_hash_is_kept_is_not_read_again(book: Casebook) -> None:
    key = Evidence("execution_change", "E0001")
    row = {"record_id": "E0001", "reduction_months": 9, "_batch_id": 1, "_row_hash": 11}
    reads = []
    for n, given in enumerate(
        [
            row,
            {**row, "_batch_id": 2},  # the same row hash: not read
            {**row, "reduction_months": 12, "_row_hash": 12},  # changed: a new snapshot
            {**row, "reduction_months": 12, "_row_hash": 13},  # new hash, same values
            {**row, "reduction_months": 12, "_row_hash": 13},
        ],
        start=1,
    ):
        source = CountingRows({key: given})
        info = run_info(n)
        book.record_run(info, {MODEL_A: [hit("E0001")]}, source, info.started_at)
        reads.append(len(source.read))

    assert reads == [1, 0, 1, 1, 0]
    snaps = book.evidence_snapshots("C000001")
    assert [(s.run_id, s.snapshot["reduction_months"]) for s in snaps] == [
        ("run-1", 9),
        ("run-3", 12),
    ]
    # the unchanged snapshot took the row's new hash, so run 5 compared by it
    assert _row_hashes(book) == ["11", "13"]


def test_a_snapshot_without_a_row_hash_gains_it_when_found_unchanged(book: Casebook) -> None:
    key = Evidence("execution_change", "E0001")
    row = {"record_id": "E0001", "reduction_months": 9}  # as kept before revision 0027
    reads = []
    for n, given in enumerate([row, {**row, "_row_hash": 5}, {**row, "_row_hash": 5}], start=1):
        source = CountingRows({key: given})
        info = run_info(n)
        book.record_run(info, {MODEL_A: [hit("E0001")]}, source, info.started_at)
        reads.append(len(source.read))

    assert reads == [1, 1, 0]
    assert [s.run_id for s in book.evidence_snapshots("C000001")] == ["run-1"]
    assert _row_hashes(book) == ["5"]


def test_a_clue_without_a_content_hash_is_compared_whole_and_gains_it(book: Casebook) -> None:
    record(book, 1, {MODEL_A: [hit("E0001"), hit("E0002")]})
    with book.engine.begin() as conn:  # as kept before revision 0027
        conn.execute(text("UPDATE clue SET content_hash = NULL"))
    record(book, 2, {MODEL_A: [hit("E0001"), hit("E0002", facts={"served_months": 11})]})

    assert kinds(book, "C000001") == [EventKind.CREATED]  # unchanged: no event
    assert kinds(book, "C000002") == [EventKind.CREATED, EventKind.CHANGED]
    with book.engine.connect() as conn:
        hashes = conn.execute(text("SELECT content_hash FROM clue ORDER BY id")).scalars().all()
    assert all(hashes) and hashes[0] != hashes[1]
    # the third run compares by the hash: nothing changed, nothing rewritten
    record(book, 3, {MODEL_A: [hit("E0001"), hit("E0002", facts={"served_months": 11})]})
    assert kinds(book, "C000002") == [EventKind.CREATED, EventKind.CHANGED]


def test_run_history_first_known_and_changes_since(book: Casebook) -> None:
    record(book, 1, {MODEL_A: [hit("E0001"), hit("E0002")]})
    record(book, 2, {MODEL_A: [hit("E0001"), hit("E0003")]})
    record(book, 3, {MODEL_A: [hit("E0002"), hit("E0003", facts={"served_months": 11})]})

    runs = book.runs()
    assert [r.run_id for r in runs] == ["run-1", "run-2", "run-3"]
    assert runs[1].summary[MODEL_A]["new"] == 1
    assert runs[0].as_of == date(2024, 3, 1)
    assert runs[0].batches == (1, 2)

    first = book.first_known(hit("E0003").fingerprint)
    assert first is not None
    assert (first.clue_id, first.run_id, first.as_of) == ("C000003", "run-2", date(2024, 3, 2))
    assert book.first_known("C000001") is not None
    assert book.first_known("0" * 32) is None

    since_1 = book.changes_since("run-1")
    assert [c.id for c in since_1.new] == ["C000003"]
    assert [c.id for c in since_1.resolved] == ["C000001", "C000002"]
    assert [c.id for c in since_1.reopened] == ["C000002"]
    assert [c.id for c in since_1.changed] == ["C000003"]
    only_2 = book.changes_since("run-1", until_run="run-2")
    assert [c.id for c in only_2.resolved] == ["C000002"]
    assert only_2.changed == []


def test_list_filters(book: Casebook) -> None:
    record(
        book,
        1,
        {
            MODEL_A: [hit("E0001", unit="350102"), hit("E0002", unit="350203")],
            MODEL_B: [hit("J0001", model=MODEL_B, unit="350102", domain="trial")],
        },
    )
    record(book, 2, {MODEL_A: [hit("E0001", unit="350102"), hit("E0003", unit="3501%")]})

    def ids(**filters: Any) -> list[str]:
        return [c.id for c in book.list_clues(**filters)]

    assert ids(model=MODEL_B) == ["C000003"]
    assert ids(model=[MODEL_A, MODEL_B]) == ["C000001", "C000002", "C000003", "C000004"]
    assert ids(domain="trial") == ["C000003"]
    assert ids(unit_prefix="3501") == ["C000001", "C000003", "C000004"]
    assert ids(unit_prefix="3501%") == ["C000004"]  # a wildcard in the prefix is literal
    assert ids(status="resolved_by_data") == ["C000002"]
    assert ids(status=["new", "resolved_by_data"]) == ids()
    assert ids(since=date(2024, 3, 3)) == ["C000004"]
    assert ids(until=date(2024, 3, 2)) == ["C000001", "C000002", "C000003"]
    assert ids(since=T0 + timedelta(days=2, minutes=6)) == []
    assert ids(limit=2, offset=1) == ["C000002", "C000003"]


def test_unknown_ids_and_bad_input_are_casebook_errors(book: Casebook) -> None:
    with pytest.raises(CasebookError, match="C000042"):
        book.get_clue("C000042")
    with pytest.raises(CasebookError, match="C000042"):
        book.clue_history(42)
    with pytest.raises(CasebookError, match="C000042"):
        book.first_known("C000042")
    with pytest.raises(CasebookError, match="X12"):
        book.get_clue("X12")
    with pytest.raises(CasebookError, match="run-9"):
        book.changes_since("run-9")
    record(book, 1, {MODEL_A: [hit("E0001")]})
    with pytest.raises(CasebookError, match="run-1"):
        record(book, 1, {MODEL_A: [hit("E0001")]})
    with pytest.raises(CasebookError, match=MODEL_B):
        record(book, 2, {MODEL_A: [hit("J0001", model=MODEL_B)]})
    assert [r.run_id for r in book.runs()] == ["run-1"]  # a failed run records nothing


def test_database_errors_become_casebook_errors(tmp_path: Any) -> None:
    with pytest.raises(CasebookError, match="案件库打开失败"):
        Casebook.open("nosuchdialect://x")
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database file" * 100)
    with pytest.raises(CasebookError, match="案件库打开失败"):
        Casebook.open(garbage)


def test_a_path_opens_a_sqlite_file(tmp_path: Any) -> None:
    path = tmp_path / "project" / "casebook.db"
    with Casebook.open(path) as book:
        record(book, 1, {MODEL_A: [hit("E0001")]})
    assert path.exists()
    with Casebook.open(str(path)) as book:
        assert len(book.list_clues()) == 1


def test_recording_is_set_based_not_one_statement_per_hit(book: Casebook) -> None:
    counts: list[int] = []

    def count(*_args: Any) -> None:
        counts[-1] += 1

    event.listen(book.engine, "before_cursor_execute", count)
    for n, size in ((1, 20), (2, 400)):
        counts.append(0)
        hits = [hit(f"E{n}{i:04d}") for i in range(size)]
        snaps = {h.key: {"record_id": h.key.record_id} for h in hits}
        record(book, n, {MODEL_A: hits}, snaps)
    event.remove(book.engine, "before_cursor_execute", count)

    assert len(book.list_clues()) == 420
    assert counts[1] <= counts[0] + 6
