"""The casebook façade: open a database, record runs, ask about clues."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from jiancha.casebook.inbox import ClueFilter, clue_list
from jiancha.casebook.migrate import upgrade_to_head
from jiancha.casebook.record import (
    SNAPSHOT_BATCH,
    RunRecorder,
    SnapshotSource,
    naive,
    snapshot_source,
)
from jiancha.casebook.status import EventKind
from jiancha.casebook.tables import Clue, ClueEvent, ClueEvidence, Run
from jiancha.casebook.views import (
    ClueChanges,
    ClueEventView,
    ClueView,
    EvidenceSnapshot,
    FirstKnown,
    ModelRunSummary,
    RunView,
    clue_view,
    display_id,
    event_view,
    parse_clue_id,
    run_view,
)
from jiancha.errors import CasebookError, ClueNotFound
from jiancha.models.hit import Evidence, Hit, RunInfo

_CHANGE_KINDS: dict[str, tuple[str, ...]] = {
    "new": (EventKind.CREATED,),
    "resolved": (EventKind.RESOLVED_BY_DATA, EventKind.ABSENT),
    "reopened": (EventKind.REOPENED, EventKind.REAPPEARED),
    "changed": (EventKind.CHANGED,),
}


def casebook_url(target: str | Path) -> str:
    """A database URL from a URL or a path of a SQLite file."""
    text = str(target)
    return text if "://" in text else f"sqlite:///{Path(text).resolve()}"


# dates, datetimes and dataclasses go to ``str`` as the standard encoder's default sends them
_ORJSON = (
    orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)


def _json_dumps(value: Any) -> str:
    # orjson: a run keeps tens of thousands of JSON cells (facts, snapshots, events), and
    # the standard library's encoder was a fifth of recording them; what orjson cannot
    # write as it is (an integer beyond 64 bits) goes the standard way
    try:
        return orjson.dumps(value, default=str, option=_ORJSON).decode()
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(value, ensure_ascii=False, default=str)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # readers (the web) keep reading while a run writes
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _make_engine(url: str, connections: int | None = None) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    pool: dict[str, Any] = {}
    if connections is not None and parsed.database not in (None, "", ":memory:"):
        # as many kept-open connections as threads may ask at once: connections beyond
        # the pool are closed on return and opened anew, which costs more than a query
        pool = {"pool_size": connections, "max_overflow": 2}
    if parsed.get_backend_name() == "sqlite":
        # one writer at a time: a push answered while the intake worker commits waits for
        # it (up to 30 s) instead of failing with "database is locked" after sqlite's 5 s
        pool["connect_args"] = {"timeout": 30}
    engine = create_engine(url, json_serializer=_json_dumps, **pool)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Casebook:
    """Clues, their evidence as found, the runs that found them and their history.

    Hold one per process (it owns a connection pool); every method is one transaction.
    """

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str | Path, *, connections: int | None = None) -> Casebook:
        """Open (and create or migrate to the newest schema) the casebook at ``url``.

        ``url`` is a SQLAlchemy URL (``sqlite:///…``, ``postgresql+psycopg://…``) or the
        path of a SQLite file; ``connections``: how many to keep open (the web server's
        threads), else SQLAlchemy's default pool.
        """
        with _guard("打开"):
            engine = _make_engine(casebook_url(url), connections)
            try:
                with engine.begin() as connection:
                    upgrade_to_head(connection)
            except BaseException:
                engine.dispose()
                raise
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Casebook:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def session(self, action: str = "操作") -> Iterator[Session]:
        """A session in a transaction; SQLAlchemy errors become CasebookError."""
        with _guard(action), self._sessions.begin() as session:
            yield session

    # -- writing ----------------------------------------------------------------------

    def record_run(
        self,
        run: RunInfo,
        results: Mapping[str, Sequence[Hit]] | Iterable[tuple[str, Sequence[Hit]]],
        snapshots: Mapping[Evidence, dict[str, Any]] | SnapshotSource,
        finished_at: datetime | None,
        *,
        engine: str = "duckdb",
        units: Sequence[str] | None = None,
    ) -> dict[str, ModelRunSummary]:
        """Record a run: new clues, clues seen again, clues the data no longer supports.

        ``results``: each model that ran with its hits, as a mapping or as pairs (which may
        come while the later models still run: each model is recorded as it comes). A model
        that ran and found nothing must be there with an empty sequence (its open clues
        become resolved), and a model that failed must be left out (its clues stay as they
        are, like those of every model that did not run). All of it is one transaction: a
        failure records nothing. ``units`` (a workbench user's) limits both the hits
        recorded and the clues resolved to those units; None: every unit (the command line).
        ``snapshots``: the evidence rows as they are now, whole, or a source that reads only
        the rows whose warehouse row hash changed (:class:`jiancha.models.EvidenceRows`).
        ``finished_at``: when the run finished; None: when its recording finishes.
        """
        summaries: dict[str, ModelRunSummary] = {}
        source = snapshot_source(snapshots)
        pairs = results.items() if isinstance(results, Mapping) else results
        with self.session("记录模型运行") as session:
            recorder = RunRecorder(session, run, finished_at, engine, units)
            recorder.start()
            for model_id, hits in pairs:
                summaries[model_id] = recorder.record_model(model_id, hits, source)
                if recorder.pending >= SNAPSHOT_BATCH:
                    recorder.take_snapshots(source)
            recorder.take_snapshots(source)
            recorder.finish(summaries)
        return summaries

    def known_evidence(self, model_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """The evidence list each clue of ``model_ids`` holds, by fingerprint (the intake
        worker reads again only the rows of hits whose evidence changed)."""
        if not model_ids:
            return {}
        query = select(Clue.fingerprint, Clue.evidence).where(Clue.model_id.in_(model_ids))
        with self.session("查询线索证据") as session:
            return {fp: list(evidence or []) for fp, evidence in session.execute(query)}

    def change_status(
        self,
        clue_id: int | str,
        status: str,
        *,
        actor: str,
        reason: str | None = None,
        at: datetime | None = None,
    ) -> ClueView:
        """Set a clue's status and record who did it and why.

        No transition rules yet: the workflow (a later issue) checks them before calling
        this. Runs never overwrite a status outside RUN_OWNED_STATUSES.
        """
        number = parse_clue_id(clue_id)
        moment = naive(at or datetime.now())
        with self.session("修改线索状态") as session:
            clue = clue_row(session, number)
            session.add(
                ClueEvent(
                    clue_id=number,
                    at=moment,
                    actor=actor,
                    kind=EventKind.STATUS.value,
                    from_status=clue.status,
                    to_status=str(status),
                    reason=reason,
                    detail={},
                    run_id=None,
                )
            )
            clue.status = str(status)
            return clue_view(clue)

    # -- reading ----------------------------------------------------------------------

    def list_clues(
        self,
        model: str | Collection[str] | None = None,
        domain: str | None = None,
        unit_prefix: str | None = None,
        status: str | Collection[str] | None = None,
        since: date | datetime | None = None,
        until: date | datetime | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ClueView]:
        """Clues by id, filtered (see :class:`~jiancha.casebook.inbox.ClueFilter`)."""
        filters = ClueFilter(model, domain, status, unit_prefix, since=since, until=until)
        with self.session("查询线索") as session:
            return clue_list(session, filters, limit=limit, offset=offset)

    def get_clue(self, clue_id: int | str) -> ClueView:
        with self.session("查询线索") as session:
            return clue_view(clue_row(session, parse_clue_id(clue_id)))

    def clue_history(self, clue_id: int | str) -> list[ClueEventView]:
        with self.session("查询线索历史") as session:
            return history_in(session, clue_id)

    def evidence_snapshots(self, clue_id: int | str) -> list[EvidenceSnapshot]:
        """The clue's evidence rows as found, oldest first; a row that changed between
        runs appears once per version."""
        with self.session("查询线索证据") as session:
            return evidence_in(session, clue_id)

    def runs(self) -> list[RunView]:
        """Every recorded run, oldest first."""
        with self.session("查询运行记录") as session:
            return [run_view(r) for r in session.scalars(select(Run).order_by(Run.seq))]

    def first_known(self, clue: int | str) -> FirstKnown | None:
        """The run that first found a clue, by clue id (``C000123``) or fingerprint.

        An unknown fingerprint is None (never seen); an unknown clue id is an error.
        """
        by_id = isinstance(clue, int) or (clue[:1] in "Cc" and clue[1:].isdigit())
        query = select(Clue, Run).join(Run, Run.run_id == Clue.first_seen_run)
        with self.session("查询线索") as session:
            if by_id:
                number = parse_clue_id(clue)
                row = session.execute(query.where(Clue.id == number)).first()
                if row is None:
                    raise ClueNotFound(f"没有编号为 {display_id(number)} 的线索")
            else:
                row = session.execute(query.where(Clue.fingerprint == clue)).first()
                if row is None:
                    return None
            found, run = row[0], row[1]
            return FirstKnown(
                clue_id=display_id(found.id),
                fingerprint=found.fingerprint,
                run_id=run.run_id,
                at=found.first_seen_at,
                as_of=run.as_of,
            )

    def changes_since(self, run_id: str, until_run: str | None = None) -> ClueChanges:
        """New, resolved, reopened and changed clues in the runs after ``run_id``
        (up to and including ``until_run``, default the newest)."""
        with self.session("查询线索变化") as session:
            runs = select(Run.run_id).where(Run.seq > _run_seq(session, run_id))
            if until_run is not None:
                runs = runs.where(Run.seq <= _run_seq(session, until_run))
            found: dict[str, list[ClueView]] = {}
            for name, kinds in _CHANGE_KINDS.items():
                query = (
                    select(Clue)
                    .where(
                        Clue.id.in_(
                            select(ClueEvent.clue_id).where(
                                ClueEvent.run_id.in_(runs), ClueEvent.kind.in_(kinds)
                            )
                        )
                    )
                    .order_by(Clue.id)
                )
                found[name] = [clue_view(c) for c in session.scalars(query)]
        return ClueChanges(since_run=run_id, until_run=until_run, **found)


@contextmanager
def _guard(action: str) -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise CasebookError(f"案件库{action}失败：{detail}") from exc


def history_in(session: Session, clue_id: int | str) -> list[ClueEventView]:
    """The clue's events, oldest first, read in the caller's session."""
    number = parse_clue_id(clue_id)
    clue_row(session, number)
    events = session.scalars(
        select(ClueEvent).where(ClueEvent.clue_id == number).order_by(ClueEvent.id)
    )
    return [event_view(e) for e in events]


def evidence_in(session: Session, clue_id: int | str) -> list[EvidenceSnapshot]:
    """The clue's evidence rows as found, oldest first, read in the caller's session."""
    number = parse_clue_id(clue_id)
    clue_row(session, number)
    rows = session.scalars(
        select(ClueEvidence).where(ClueEvidence.clue_id == number).order_by(ClueEvidence.id)
    )
    return [EvidenceSnapshot(r.table_name, r.record_id, dict(r.snapshot), r.run_id) for r in rows]


def run_parameters_in(session: Session, run_id: str, model_id: str) -> dict[str, Any]:
    """The parameters ``model_id`` ran with in ``run_id`` (empty when the run is unknown)."""
    found = session.scalar(select(Run.parameters).where(Run.run_id == run_id))
    return dict((found or {}).get(model_id) or {})


def clue_row(session: Session, number: int) -> Clue:
    """The clue's row; ClueNotFound if there is none."""
    clue = session.get(Clue, number)
    if clue is None:
        raise ClueNotFound(f"没有编号为 {display_id(number)} 的线索")
    return clue


def _run_seq(session: Session, run_id: str) -> int:
    seq = session.scalar(select(Run.seq).where(Run.run_id == run_id))
    if seq is None:
        raise CasebookError(f"没有编号为 “{run_id}” 的模型运行记录")
    return seq


__all__ = ["Casebook", "casebook_url"]
