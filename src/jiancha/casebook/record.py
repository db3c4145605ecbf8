"""Recording a model run in the casebook: set-based, one model at a time.

Per model: one query loads the clues it found before, new clues are bulk inserted, seen
and vanished clues bulk updated by primary key, and events and clue_run rows bulk
inserted. No statement per hit, so a city run of tens of thousands of hits stays a handful
of round trips. Evidence snapshots come last, for all models at once: a row whose
warehouse ``_row_hash`` is the one kept beside its clue's latest snapshot is unchanged and
neither read again nor converted; the others are read in one query per table.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, Protocol, cast

import orjson
from sqlalchemy import Insert, Table, insert, select, update
from sqlalchemy.orm import Session

from jiancha.casebook.filters import naive
from jiancha.casebook.scope import scope_clause
from jiancha.casebook.status import SYSTEM_ACTOR, ClueStatus, EventKind
from jiancha.casebook.tables import Base, Clue, ClueEvent, ClueEvidence, ClueRun, Run
from jiancha.casebook.views import ModelRunSummary
from jiancha.errors import CasebookError
from jiancha.models.hit import Evidence, Hit, RunInfo, hits_in_units, to_jsonable


def digest(value: Any) -> str:
    """A stable hash of a JSON-able value (facts, parameters, snapshots)."""
    return _digest_json(to_jsonable(value))


def _digest_json(value: Any) -> str:
    """:func:`digest` of a value already in its JSON form (not converted again)."""
    return hashlib.sha256(canonical_json(value)).hexdigest()[:32]


def canonical_json(value: Any) -> bytes:
    """The value as the standard library writes it (keys sorted, no spaces, UTF-8), which
    every digest kept in a casebook was made of.

    orjson writes the same text several times faster, except for a float below 1e-4
    (``0.00001`` or ``1e-7`` where the standard library writes ``1e-05``, ``1e-07``), a key
    that is not a string and an integer beyond 64 bits: those values go the standard way.
    """
    try:
        text = orjson.dumps(value, default=str, option=_CANONICAL)
    except TypeError:
        text = b""
    if not text or b"e-" in text or b"0.0000" in text:
        text = json.dumps(
            value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")
        ).encode("utf-8")
    return text


# datetimes and dataclasses go to ``str``, as the standard library's ``default`` sends them
_CANONICAL = (
    orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)


def snapshot_digest(row: dict[str, Any]) -> str:
    """The hash of an evidence row in its JSON form, as snapshots are compared."""
    # Provenance columns (_batch_id, _row, ...) change on every re-import of the same
    # data; only the row's own values decide whether a new snapshot is kept.
    return _digest_json({k: v for k, v in row.items() if k[:1] != "_"})


class SnapshotSource(Protocol):
    """The evidence rows of a run, as the recorder reads them."""

    def __contains__(self, ev: object) -> bool:
        """Whether the row is in the warehouse."""
        ...

    def row_hash(self, ev: Evidence) -> str | None:
        """The warehouse's ``_row_hash`` of a row it holds; None: the row has none."""
        ...

    def rows(self, wanted: Iterable[Evidence]) -> Mapping[Evidence, dict[str, Any]]:
        """The rows of ``wanted``, JSON-able."""
        ...


class GivenRows:
    """Evidence rows handed over whole (a mapping, as the intake worker and tests have
    them): converted to JSON when asked."""

    def __init__(self, rows: Mapping[Evidence, dict[str, Any]]) -> None:
        self._rows = rows

    def __contains__(self, ev: object) -> bool:
        return ev in self._rows

    def row_hash(self, ev: Evidence) -> str | None:
        return _row_hash_of(self._rows[ev])

    def rows(self, wanted: Iterable[Evidence]) -> dict[Evidence, dict[str, Any]]:
        return {e: to_jsonable(dict(self._rows[e])) for e in wanted if e in self._rows}


def snapshot_source(
    snapshots: Mapping[Evidence, dict[str, Any]] | SnapshotSource,
) -> SnapshotSource:
    return GivenRows(snapshots) if isinstance(snapshots, Mapping) else snapshots


class _Stored(NamedTuple):
    """A clue's latest snapshot of an evidence row."""

    id: int
    snapshot_hash: str
    row_hash: str | None


class _Pending(NamedTuple):
    """An evidence row of a clue whose snapshot may be new: decided once the row is read."""

    clue_id: int
    evidence: Evidence
    stored: _Stored | None


def _row_hash_of(row: Mapping[str, Any]) -> str | None:
    """The warehouse's ``_row_hash`` of an evidence row, as the casebook keeps it."""
    found = row.get("_row_hash")
    return None if found is None else str(found)


def evidence_of(hit: Hit) -> list[Evidence]:
    """The hit's evidence rows, each once, in the model's order (the anchor row first).

    The anchor itself is not added: a person or organisation anchor is no warehouse row.
    """
    return list(dict.fromkeys(hit.evidence))


def domain_of(hit: Hit) -> str:
    return hit.domain or hit.model_id.split(".", 1)[0]


# Columns of a clue a run rewrites when the model says something new about it.
_CONTENT = (
    "model_version",
    "parameters_hash",
    "facts_hash",
    "domain",
    "title",
    "unit_code",
    "subject",
    "facts",
    "legal_basis",
    "evidence",
)


@dataclass(frozen=True)
class _Known:
    """The state of a clue found before that decides what this run does to it."""

    id: int
    status: str
    last_seen_run: str
    resolved_at: datetime | None
    content_hash: str | None  # None: kept before the casebook had it (compared whole)


class RunRecorder:
    """Writes one run into an open session; the caller owns the transaction."""

    def __init__(
        self,
        session: Session,
        run: RunInfo,
        finished_at: datetime | None,
        engine: str,
        units: Sequence[str] | None = None,
    ):
        self.session = session
        self.run = run
        # None: the models still run; the clues are stamped when recording starts and the
        # run when it finishes
        self.at = naive(finished_at or datetime.now())
        self._finished_at = None if finished_at is None else self.at
        self.engine = engine
        # a run started by a workbench user records and resolves clues of their units only
        self.units = tuple(units) if units is not None else None
        self._events: list[dict[str, Any]] = []
        self._run_parameters: dict[str, dict[str, Any]] = {}
        # evidence rows that may need a new snapshot, read and compared after every model
        self._pending: list[_Pending] = []

    def start(self) -> None:
        exists = self.session.scalar(select(Run.seq).where(Run.run_id == self.run.run_id))
        if exists is not None:
            raise CasebookError(f"运行 “{self.run.run_id}” 已记录过，不能重复记录")
        self.session.execute(
            insert(Run).values(
                run_id=self.run.run_id,
                started_at=naive(self.run.started_at),
                as_of=self.run.as_of,
                engine=self.engine,
                models=dict(self.run.models),
                parameters=to_jsonable(dict(self.run.parameters)),
                batches=list(self.run.batches),
                summary={},
            )
        )

    def finish(self, summaries: Mapping[str, ModelRunSummary]) -> None:
        self._touch_seen()
        self.session.execute(
            update(Run)
            .where(Run.run_id == self.run.run_id)
            .values(
                finished_at=self._finished_at or naive(datetime.now()),
                summary={m: s.as_dict() for m, s in summaries.items()},
            )
        )

    @property
    def pending(self) -> int:
        """How many evidence rows wait for :meth:`take_snapshots`."""
        return len(self._pending)

    def record_model(
        self, model_id: str, hits: Sequence[Hit], snapshots: SnapshotSource
    ) -> ModelRunSummary:
        fresh = _dedupe(model_id, self._in_scope(hits))
        params_hash = digest(self.run.parameters.get(model_id, {}))
        rows = {fp: self._clue_row(fp, hit, params_hash) for fp, hit in fresh.items()}
        known = self._known(model_id)
        new_ids = self._insert_new(model_id, [r for fp, r in rows.items() if fp not in known])
        seen = [(known[fp], row) for fp, row in rows.items() if fp in known]
        reopened, changed = self._update_seen(model_id, seen)
        gone = [k for fp, k in known.items() if k.resolved_at is None and fp not in fresh]
        self._resolve(gone)
        clue_ids = {fp: new_ids[fp] if fp in new_ids else known[fp].id for fp in fresh}
        self._insert_clue_runs(rows, clue_ids)
        self._snapshot_evidence(model_id, fresh, clue_ids, snapshots, bool(seen))
        self._flush_events()
        return ModelRunSummary(
            model_id=model_id,
            hits=len(fresh),
            new=len(new_ids),
            still_open=len(seen) - reopened,
            reopened=reopened,
            resolved=len(gone),
            changed=changed,
        )

    def _in_scope(self, hits: Sequence[Hit]) -> Sequence[Hit]:
        return hits_in_units(hits, self.units)

    # -- the clues found before -------------------------------------------------------

    def _known(self, model_id: str) -> dict[str, _Known]:
        query = select(
            Clue.fingerprint,
            Clue.id,
            Clue.status,
            Clue.last_seen_run,
            Clue.resolved_at,
            Clue.content_hash,
        ).where(Clue.model_id == model_id)
        if self.units is not None:  # another unit's clues are neither seen nor resolved
            query = query.where(scope_clause(Clue.unit_code, self.units))
        rows = self.session.execute(query)
        return {r[0]: _Known(r[1], r[2], r[3], r[4], r[5]) for r in rows}

    def _contents(self, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """The content of the clues ``ids`` as the casebook holds it (their JSON decoded)."""
        columns = [getattr(Clue, name) for name in _CONTENT]
        found: dict[int, dict[str, Any]] = {}
        for start in range(0, len(ids), _CHUNK):
            rows = self.session.execute(
                select(Clue.id, *columns).where(Clue.id.in_(ids[start : start + _CHUNK]))
            )
            found.update({r[0]: dict(zip(_CONTENT, r[1:], strict=True)) for r in rows})
        return found

    # -- new clues --------------------------------------------------------------------

    def _insert_new(self, model_id: str, rows: list[dict[str, Any]]) -> dict[str, int]:
        if not rows:
            return {}
        self.session.execute(_rows_of(Clue), rows)
        found = self.session.execute(
            select(Clue.fingerprint, Clue.id).where(
                Clue.model_id == model_id, Clue.first_seen_run == self.run.run_id
            )
        )
        ids = {fingerprint: clue_id for fingerprint, clue_id in found}
        for row in rows:
            self._event(ids[row["fingerprint"]], EventKind.CREATED, None, ClueStatus.NEW)
        return ids

    def _clue_row(self, fingerprint: str, hit: Hit, params_hash: str) -> dict[str, Any]:
        facts = to_jsonable(hit.facts)
        row = {
            "fingerprint": fingerprint,
            "model_id": hit.model_id,
            "model_version": hit.model_version,
            "parameters_hash": params_hash,
            "facts_hash": _digest_json(facts),
            "domain": domain_of(hit),
            "title": hit.title or hit.model_id,
            "unit_code": hit.unit_code,
            "subject": to_jsonable(hit.subject),
            "facts": facts,
            "legal_basis": [b.as_dict() for b in hit.legal_basis],
            "evidence": [e.as_dict() for e in evidence_of(hit)],
            "status": ClueStatus.NEW.value,
            "first_seen_run": self.run.run_id,
            "last_seen_run": self.run.run_id,
            "first_seen_at": self.at,
            "last_seen_at": self.at,
            "resolved_at": None,
        }
        row["content_hash"] = _digest_json({name: row[name] for name in _CONTENT})
        return row

    # -- clues hit again --------------------------------------------------------------

    def _update_seen(
        self, model_id: str, seen: list[tuple[_Known, dict[str, Any]]]
    ) -> tuple[int, int]:
        """Reopen and rewrite the clues whose content changed; the rest only get their
        last_seen moved, by ``_touch_seen`` when every model is recorded."""
        reopened = changed = 0
        updates: list[dict[str, Any]] = []
        old = self._contents([k.id for k, row in seen if k.content_hash != row["content_hash"]])
        for known, row in seen:
            content = {name: row[name] for name in _CONTENT}
            status = self._reappear(known) if known.resolved_at else known.status
            reopened += known.resolved_at is not None
            diff = self._diff(model_id, known, old[known.id], content) if known.id in old else {}
            if diff:
                changed += 1
                self._event(known.id, EventKind.CHANGED, status, status, diff)
            if known.resolved_at or known.id in old:
                updates.append(
                    {
                        "id": known.id,
                        "status": status,
                        "resolved_at": None,
                        **content,
                        "content_hash": row["content_hash"],
                    }
                )
        if updates:
            self.session.execute(update(Clue), updates)
        return reopened, changed

    def _touch_seen(self) -> None:
        """Every clue this run hit gets its last_seen moved, in one statement for all models
        (a new clue already has them)."""
        hit_now = select(ClueRun.clue_id).where(ClueRun.run_id == self.run.run_id)
        self.session.execute(
            update(Clue)
            .where(Clue.id.in_(hit_now))
            .values(last_seen_run=self.run.run_id, last_seen_at=self.at)
            .execution_options(synchronize_session=False)
        )

    def _reappear(self, known: _Known) -> str:
        if known.status == ClueStatus.RESOLVED_BY_DATA:
            self._event(known.id, EventKind.REOPENED, known.status, ClueStatus.REOPENED)
            return ClueStatus.REOPENED.value
        # a person's status stays; the history says the data supports the clue again
        self._event(known.id, EventKind.REAPPEARED, known.status, known.status)
        return known.status

    def _diff(
        self, model_id: str, known: _Known, old: dict[str, Any], row: dict[str, Any]
    ) -> dict[str, Any]:
        """Old → new of facts (per key), model version, parameters and evidence."""
        diff: dict[str, Any] = {}
        if row["facts_hash"] != old["facts_hash"]:
            new_facts, old_facts = row["facts"], old["facts"]
            diff["facts"] = {
                k: {"old": old_facts.get(k), "new": new_facts.get(k)}
                for k in sorted(set(old_facts) | set(new_facts))
                if digest(old_facts.get(k)) != digest(new_facts.get(k))
            }
        if row["model_version"] != old["model_version"]:
            diff["model_version"] = {"old": old["model_version"], "new": row["model_version"]}
        if row["parameters_hash"] != old["parameters_hash"]:
            diff["parameters"] = {
                "old": self._parameters_of(known.last_seen_run, model_id),
                "new": to_jsonable(self.run.parameters.get(model_id, {})),
            }
        if row["evidence"] != old["evidence"]:
            diff["evidence"] = {"old": old["evidence"], "new": row["evidence"]}
        return diff

    def _parameters_of(self, run_id: str, model_id: str) -> dict[str, Any]:
        if run_id not in self._run_parameters:
            stored = self.session.scalar(select(Run.parameters).where(Run.run_id == run_id))
            self._run_parameters[run_id] = stored or {}
        params: dict[str, Any] = self._run_parameters[run_id].get(model_id, {})
        return params

    # -- clues not hit this time ------------------------------------------------------

    def _resolve(self, gone: list[_Known]) -> None:
        updates: list[dict[str, Any]] = []
        for known in gone:
            status = known.status
            if status in (ClueStatus.NEW, ClueStatus.REOPENED):
                status = ClueStatus.RESOLVED_BY_DATA.value
                self._event(known.id, EventKind.RESOLVED_BY_DATA, known.status, status)
            else:
                self._event(known.id, EventKind.ABSENT, status, status)
            updates.append({"id": known.id, "status": status, "resolved_at": self.at})
        if updates:
            self.session.execute(update(Clue), updates)

    # -- what the run saw -------------------------------------------------------------

    def _insert_clue_runs(
        self, rows: Mapping[str, dict[str, Any]], clue_ids: Mapping[str, int]
    ) -> None:
        clue_runs = [
            {
                "clue_id": clue_ids[fp],
                "run_id": self.run.run_id,
                "model_version": row["model_version"],
                "facts_hash": row["facts_hash"],
                "parameters_hash": row["parameters_hash"],
            }
            for fp, row in rows.items()
        ]
        if clue_runs:
            self.session.execute(_rows_of(ClueRun), clue_runs)

    def _snapshot_evidence(
        self,
        model_id: str,
        fresh: Mapping[str, Hit],
        clue_ids: Mapping[str, int],
        snapshots: SnapshotSource,
        any_known: bool,
    ) -> None:
        """Set aside the evidence rows that may have changed since the clue's latest
        snapshot: those the warehouse's row hash does not vouch for."""
        latest = self._latest_snapshots(model_id) if any_known else {}
        for fp, hit in fresh.items():
            clue_id = clue_ids[fp]
            for ev in evidence_of(hit):
                stored = latest.get((clue_id, ev.table, ev.record_id))
                if stored is None:  # no snapshot yet: the row is read (if still there)
                    self._pending.append(_Pending(clue_id, ev, None))
                    continue
                if ev not in snapshots:
                    continue  # no longer in the warehouse
                row_hash = snapshots.row_hash(ev)
                if row_hash is not None and stored.row_hash == row_hash:
                    continue
                self._pending.append(_Pending(clue_id, ev, stored))

    def take_snapshots(self, snapshots: SnapshotSource) -> None:
        """Read the rows set aside (one query per table, for every model at once) and keep
        a snapshot of each that is new or changed; a snapshot found unchanged gains the
        row hash it lacked, so the next run compares by the hash."""
        rows = snapshots.rows({p.evidence for p in self._pending})
        hashed = {ev: snapshot_digest(row) for ev, row in rows.items()}
        new: list[dict[str, Any]] = []
        filled: list[dict[str, Any]] = []
        for clue_id, ev, stored in self._pending:
            if ev not in rows:
                continue  # no longer in the warehouse
            row_hash = _row_hash_of(rows[ev])
            if stored and stored.snapshot_hash == hashed[ev]:
                if row_hash is not None and stored.row_hash != row_hash:
                    filled.append({"id": stored.id, "row_hash": row_hash})
                continue
            new.append(
                {
                    "clue_id": clue_id,
                    "table_name": ev.table,
                    "record_id": ev.record_id,
                    "snapshot": rows[ev],
                    "snapshot_hash": hashed[ev],
                    "row_hash": row_hash,
                    "run_id": self.run.run_id,
                }
            )
        self._pending = []
        if new:
            self.session.execute(_rows_of(ClueEvidence), new)
        if filled:
            self.session.execute(update(ClueEvidence), filled)

    def _latest_snapshots(self, model_id: str) -> dict[tuple[int, str, str], _Stored]:
        rows = self.session.execute(
            select(
                ClueEvidence.clue_id,
                ClueEvidence.table_name,
                ClueEvidence.record_id,
                ClueEvidence.id,
                ClueEvidence.snapshot_hash,
                ClueEvidence.row_hash,
            )
            .join(Clue, Clue.id == ClueEvidence.clue_id)
            .where(Clue.model_id == model_id)
            .order_by(ClueEvidence.id)
        )
        # ordered by id, so the newest snapshot of each row wins
        return {(r[0], r[1], r[2]): _Stored(r[3], r[4], r[5]) for r in rows}

    # -- history ----------------------------------------------------------------------

    def _event(
        self,
        clue_id: int,
        kind: EventKind,
        from_status: str | None,
        to_status: str | None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        self._events.append(
            {
                "clue_id": clue_id,
                "at": self.at,
                "actor": SYSTEM_ACTOR,
                "kind": kind.value,
                "from_status": None if from_status is None else str(from_status),
                "to_status": None if to_status is None else str(to_status),
                "reason": None,
                "detail": detail or {},
                "run_id": self.run.run_id,
            }
        )

    def _flush_events(self) -> None:
        if self._events:
            self.session.execute(_rows_of(ClueEvent), self._events)
        self._events = []


# evidence rows set aside before they are read and kept: while the later models still run,
# reading them (in the warehouse) and keeping them overlaps their queries
SNAPSHOT_BATCH = 4000

# clues whose content is read in one statement (well under any database's bound parameters)
_CHUNK = 5000


def _rows_of(mapped: type[Base]) -> Insert:
    """An INSERT of many rows into ``mapped``'s table as plain executemany: the ORM's bulk
    insert spends more on each row than the database does (rows of one shape, no ORM
    events on these tables)."""
    return insert(cast(Table, mapped.__table__))


def _dedupe(model_id: str, hits: Iterable[Hit]) -> dict[str, Hit]:
    """Hits by fingerprint; a model returning the same hit twice makes one clue."""
    fresh: dict[str, Hit] = {}
    for hit in hits:
        if hit.model_id != model_id:
            raise CasebookError(
                f"模型 “{model_id}” 的结果中混入了模型 “{hit.model_id}” 的命中，无法记录"
            )
        fresh.setdefault(hit.fingerprint, hit)  # computed once: it hashes JSON
    return fresh
