"""Push intake in the casebook: the agencies' keys and the durable queue of pushed batches.

A key is 32 random bytes shown once; the casebook keeps only its SHA-256 (a random token
of that length needs no slow hash: nobody can guess it, and its hash is looked up by
value). A batch is committed to the queue before the agency is answered; the intake
worker (``jiancha.intake``) claims batches oldest first, imports them into the warehouse
and records their outcome here, with an entry on the ledger.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jiancha.casebook.ledger import Ledger
from jiancha.casebook.store import Casebook
from jiancha.casebook.tables import AgencyKey, IntakeBatch
from jiancha.errors import CasebookError, NotFound, UsageError
from jiancha.schema import contract

KIND_INTAKE = "intake_batch"  # the ledger entry of an applied batch
KEY_PREFIX = "jck_"
# what the worker claims at once, of one table: queued batches are imported together, in
# one normalisation pass, whose statements cost more than their rows
GROUP_BATCHES = 50
GROUP_RECORDS = 10_000


class BatchStatus:
    QUEUED = "queued"
    APPLYING = "applying"  # claimed by the worker; claimed again after a crash
    APPLIED = "applied"
    FAILED = "failed"


STATUS_LABELS = {
    BatchStatus.QUEUED: "排队等待入库",
    BatchStatus.APPLYING: "正在入库",
    BatchStatus.APPLIED: "已入库",
    BatchStatus.FAILED: "未能入库",
}


def key_hash(key: str) -> str:
    return hashlib.sha256(key.strip().encode("utf-8")).hexdigest()


def _now() -> datetime:
    """Local time, as the casebook's other times a person reads (the agency's page shows it)."""
    return datetime.now()


@dataclass(frozen=True)
class AgencyView:
    id: int
    name: str
    tables: tuple[str, ...]
    units: tuple[str, ...]
    created_at: datetime
    revoked_at: datetime | None
    key_fingerprint: str  # the first characters of the key's hash, for a signed cookie

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def covers(self, unit_code: str) -> bool:
        return any(unit_code.startswith(u) for u in self.units)


@dataclass(frozen=True)
class QuarantinedRow:
    row: int | None  # the record's place in the batch, from 1
    record_id: str | None
    field: str | None  # the column's Chinese label
    reason: str


@dataclass(frozen=True)
class BatchView:
    id: int
    agency: str
    agency_id: int
    table: str
    table_label: str
    status: str
    record_count: int
    received_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None
    counts: dict[str, int] = field(default_factory=dict)  # read/stored/new/replaced/...
    quarantined_rows: tuple[QuarantinedRow, ...] = ()

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class ClaimedBatch:
    """A batch the worker is to apply: its records as received and the pusher's scope."""

    id: int
    agency: AgencyView
    table: str
    sha256: str
    records: str  # the JSON array


@dataclass(frozen=True)
class BatchOutcome:
    """What the import made of a batch (the warehouse's report of it)."""

    warehouse_batch: int | None
    read: int
    stored: int
    new: int
    replaced: int
    unchanged: int
    quarantined: int
    quarantined_rows: Sequence[QuarantinedRow] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "warehouse_batch": self.warehouse_batch,
            "read": self.read,
            "stored": self.stored,
            "new": self.new,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "quarantined": self.quarantined,
            "rows": [
                {"row": r.row, "record_id": r.record_id, "field": r.field, "reason": r.reason}
                for r in self.quarantined_rows
            ],
        }


COUNT_NAMES = ("read", "stored", "new", "replaced", "unchanged", "quarantined")


def _agency_view(row: AgencyKey) -> AgencyView:
    return AgencyView(
        row.id,
        row.name,
        tuple(row.tables),
        tuple(row.units),
        row.created_at,
        row.revoked_at,
        row.key_sha256[:16],
    )


def _table_label(name: str) -> str:
    try:
        return contract().table(name).label
    except KeyError:
        return name


def _batch_view(row: IntakeBatch, agency: AgencyKey) -> BatchView:
    outcome = row.outcome or {}
    counts = {n: int(outcome[n]) for n in COUNT_NAMES if n in outcome}
    rows = tuple(
        QuarantinedRow(r.get("row"), r.get("record_id"), r.get("field"), str(r.get("reason")))
        for r in outcome.get("rows", ())
    )
    return BatchView(
        row.id,
        agency.name,
        agency.id,
        row.table_name,
        _table_label(row.table_name),
        row.status,
        row.record_count,
        row.received_at,
        row.started_at,
        row.finished_at,
        row.error,
        counts,
        rows,
    )


class IntakeQueue:
    """Agency keys and pushed batches; each method is one casebook transaction."""

    def __init__(self, book: Casebook, ledger: Ledger) -> None:
        self.book = book
        self.ledger = ledger

    # -- keys -------------------------------------------------------------------------

    def add_agency(
        self, name: str, tables: Sequence[str], units: Sequence[str]
    ) -> tuple[AgencyView, str]:
        """A new agency key: (the agency, the key — shown once, never stored)."""
        name = name.strip()
        if not name:
            raise UsageError("机关名称不能为空")
        known = contract().tables
        unknown = [t for t in tables if t not in known]
        if unknown or not tables:
            raise UsageError(f"--tables 中有未知的数据表：{'、'.join(unknown) or '（未填写）'}")
        bad_units = [u for u in units if not (u.isdigit() and 2 <= len(u) <= 12)]
        if bad_units or not units:
            raise UsageError(f"--units 应为行政区划代码（前缀），如 3506：{'、'.join(bad_units)}")
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        row = AgencyKey(
            name=name,
            key_sha256=key_hash(key),
            tables=list(dict.fromkeys(tables)),
            units=list(dict.fromkeys(units)),
            created_at=_now(),
            revoked_at=None,
        )
        with self.book.session("登记机关密钥") as session:
            if session.scalar(select(AgencyKey.id).where(AgencyKey.name == name)) is not None:
                raise UsageError(f"机关“{name}”已有密钥；如需更换，请先吊销（agencies revoke）")
            session.add(row)
            session.flush()
            return _agency_view(row), key

    def agencies(self) -> list[AgencyView]:
        with self.book.session("查询机关密钥") as session:
            return [_agency_view(r) for r in session.scalars(select(AgencyKey).order_by("id"))]

    def revoke(self, name: str) -> AgencyView:
        with self.book.session("吊销机关密钥") as session:
            row = session.scalar(select(AgencyKey).where(AgencyKey.name == name.strip()))
            if row is None:
                raise NotFound(f"没有名为“{name}”的机关密钥")
            if row.revoked_at is None:
                row.revoked_at = _now()
            return _agency_view(row)

    def by_key(self, key: str) -> AgencyView | None:
        """The agency of a key not revoked; None for any other."""
        with self.book.session("验证机关密钥") as session:
            row = session.scalar(select(AgencyKey).where(AgencyKey.key_sha256 == key_hash(key)))
            return _agency_view(row) if row is not None and row.revoked_at is None else None

    def agency(self, agency_id: int) -> AgencyView | None:
        with self.book.session("查询机关密钥") as session:
            row = session.get(AgencyKey, agency_id)
            return _agency_view(row) if row is not None else None

    # -- the queue --------------------------------------------------------------------

    def accept(
        self,
        agency: AgencyView,
        table: str,
        records: str,
        count: int,
        idempotency_key: str | None = None,
    ) -> tuple[BatchView, bool]:
        """Queue a batch (committed on return): (the batch, whether it is new). A batch
        with an idempotency key already used by the agency is that batch, not a new one."""
        if idempotency_key is not None:
            found = self._by_idempotency(agency.id, idempotency_key)
            if found is not None:
                return found, False
        row = IntakeBatch(
            agency_id=agency.id,
            table_name=table,
            idempotency_key=idempotency_key,
            sha256=hashlib.sha256(records.encode("utf-8")).hexdigest(),
            record_count=count,
            records=records,
            status=BatchStatus.QUEUED,
            received_at=_now(),
        )
        try:
            with self.book.session("接收推送数据") as session:
                session.add(row)
                session.flush()
                owner = session.get(AgencyKey, agency.id)
                assert owner is not None
                return _batch_view(row, owner), True
        except CasebookError as exc:
            # two pushes with one idempotency key at once: the first one's batch
            if idempotency_key is None or not isinstance(exc.__cause__, IntegrityError):
                raise
            found = self._by_idempotency(agency.id, idempotency_key)
            if found is None:
                raise
            return found, False

    def _by_idempotency(self, agency_id: int, key: str) -> BatchView | None:
        with self.book.session("查询推送批次") as session:
            row = session.scalar(
                select(IntakeBatch).where(
                    IntakeBatch.agency_id == agency_id, IntakeBatch.idempotency_key == key
                )
            )
            if row is None:
                return None
            owner = session.get(AgencyKey, agency_id)
            assert owner is not None
            return _batch_view(row, owner)

    def batch(self, batch_id: int, *, agency_id: int | None = None) -> BatchView:
        """A batch by id; of that agency only when ``agency_id`` is given (another
        agency's batch is not found, so its existence is not disclosed)."""
        with self.book.session("查询推送批次") as session:
            row = session.get(IntakeBatch, batch_id)
            if row is None or (agency_id is not None and row.agency_id != agency_id):
                raise NotFound(f"没有编号为 {batch_id} 的推送批次")
            owner = session.get(AgencyKey, row.agency_id)
            assert owner is not None
            return _batch_view(row, owner)

    def batches(self, agency_id: int | None = None, limit: int = 200) -> list[BatchView]:
        """The newest batches first; of one agency when given."""
        query = select(IntakeBatch, AgencyKey).join(AgencyKey)
        if agency_id is not None:
            query = query.where(IntakeBatch.agency_id == agency_id)
        query = query.order_by(IntakeBatch.id.desc()).limit(limit)
        with self.book.session("查询推送批次") as session:
            return [_batch_view(b, a) for b, a in session.execute(query)]

    def pending(self) -> int:
        """Batches not yet applied (queued or being applied)."""
        with self.book.session("查询推送批次") as session:
            found = session.scalars(
                select(IntakeBatch.id).where(
                    IntakeBatch.status.in_((BatchStatus.QUEUED, BatchStatus.APPLYING))
                )
            ).all()
            return len(found)

    # -- the worker's side --------------------------------------------------------------

    def claim(self) -> ClaimedBatch | None:
        """The oldest batch not yet applied, marked as being applied. A batch already
        marked so (its worker was killed) is claimed again: the import identity of the
        batch tells the worker whether its rows were stored."""
        claimed = self.claim_group(max_batches=1)
        return claimed[0] if claimed else None

    def claim_group(
        self, *, max_batches: int = GROUP_BATCHES, max_records: int = GROUP_RECORDS
    ) -> list[ClaimedBatch]:
        """The oldest batch not yet applied and the later ones of its table, oldest first,
        up to ``max_batches`` batches or ``max_records`` records (the first always), all
        marked as being applied in one transaction; empty when the queue is. Batches of
        other tables wait: no record of one table replaces another table's."""
        unapplied = IntakeBatch.status.in_((BatchStatus.QUEUED, BatchStatus.APPLYING))
        with self.book.session("领取推送批次") as session:
            oldest = session.scalar(
                select(IntakeBatch.table_name).where(unapplied).order_by(IntakeBatch.id).limit(1)
            )
            if oldest is None:
                return []
            listed = session.execute(
                select(IntakeBatch.id, IntakeBatch.record_count)
                .where(unapplied, IntakeBatch.table_name == oldest)
                .order_by(IntakeBatch.id)
                .limit(max_batches)
            ).all()
            ids: list[int] = []
            records = 0
            for batch_id, count in listed:
                if ids and records + count > max_records:
                    break
                ids.append(batch_id)
                records += count
            rows = session.scalars(
                select(IntakeBatch).where(IntakeBatch.id.in_(ids)).order_by(IntakeBatch.id)
            ).all()
            owners = {
                a.id: _agency_view(a)
                for a in session.scalars(
                    select(AgencyKey).where(AgencyKey.id.in_({r.agency_id for r in rows}))
                )
            }
            moment = _now()
            claimed = []
            for row in rows:
                row.status = BatchStatus.APPLYING
                row.started_at = row.started_at or moment
                claimed.append(
                    ClaimedBatch(
                        row.id, owners[row.agency_id], row.table_name, row.sha256, row.records
                    )
                )
            return claimed

    def finish(self, claimed: ClaimedBatch, outcome: BatchOutcome) -> BatchView:
        """Record an applied batch's outcome and its ledger entry (one transaction)."""
        return self.finish_group([(claimed, outcome)])[0]

    def finish_group(
        self, outcomes: Sequence[tuple[ClaimedBatch, BatchOutcome | str]]
    ) -> list[BatchView]:
        """Record the outcome of each batch of a group (an import's outcome: applied, with
        its ledger entry; an error: failed, with it), all in one transaction."""
        with self.book.session("记录推送批次结果") as session:
            return [self._record(session, claimed, outcome) for claimed, outcome in outcomes]

    def _record(
        self, session: Session, claimed: ClaimedBatch, outcome: BatchOutcome | str
    ) -> BatchView:
        row = session.get(IntakeBatch, claimed.id)
        if row is None:
            raise NotFound(f"没有编号为 {claimed.id} 的推送批次")
        owner = session.get(AgencyKey, row.agency_id)
        assert owner is not None
        moment = _now()
        if isinstance(outcome, str):  # refused by the import as a whole
            row.status, row.finished_at, row.error = BatchStatus.FAILED, moment, outcome
            return _batch_view(row, owner)
        row.status, row.finished_at, row.error = BatchStatus.APPLIED, moment, None
        row.outcome = outcome.as_json()
        counts = {n: row.outcome[n] for n in COUNT_NAMES}
        self.ledger.append(
            session,
            kind=KIND_INTAKE,
            actor=claimed.agency.name,
            subject=f"intake:{claimed.id}",
            payload={
                "batch_id": claimed.id,
                "agency": claimed.agency.name,
                "table": claimed.table,
                "sha256": claimed.sha256,
                "received_at": row.received_at.isoformat(),
                "warehouse_batch": outcome.warehouse_batch,
                **counts,
            },
            at=moment,
        )
        return _batch_view(row, owner)

    def fail(self, claimed: ClaimedBatch, error: str) -> BatchView:
        """A batch the import refused as a whole (e.g. no record_id column)."""
        return self.finish_group([(claimed, error)])[0]
