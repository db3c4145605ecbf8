"""Seized property (涉案财物) and electronic dossiers (电子卷宗).

Seized property has a chain of custody: seized → stored → transferred → returned /
confiscated / auctioned / destroyed. Each step is an append-only ``custody_event`` row,
checked against ``CUSTODY_TRANSITIONS`` and put on the ledger in the same transaction.

A case's dossier files are content-addressed (their name in the file store is their
SHA-256) and each one is a ledger entry carrying the file's hash, so ``ledger verify``
notices a changed file. Sharing a dossier with another unit is a clue event on the ledger.

Writers take the ledger head lock before they read the latest state, so two people
recording the same item's custody at once are serialised and cannot fork its chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.casebook.filestore import FileStore
from jiancha.casebook.ledger import (
    KIND_CUSTODY,
    KIND_FILE,
    Ledger,
    custody_payload,
    dossier_payload,
)
from jiancha.casebook.record import naive
from jiancha.casebook.status import EventKind
from jiancha.casebook.store import clue_row
from jiancha.casebook.tables import ClueEvent, CustodyEvent, DossierFile
from jiancha.casebook.views import display_id, parse_clue_id
from jiancha.errors import CasebookError


class CustodyState(StrEnum):
    SEIZED = "seized"
    STORED = "stored"
    TRANSFERRED = "transferred"
    RETURNED = "returned"
    CONFISCATED = "confiscated"
    AUCTIONED = "auctioned"
    DESTROYED = "destroyed"


CUSTODY_LABELS: dict[str, str] = {
    CustodyState.SEIZED: "查封扣押",
    CustodyState.STORED: "入库保管",
    CustodyState.TRANSFERRED: "随案移送",
    CustodyState.RETURNED: "返还",
    CustodyState.CONFISCATED: "没收",
    CustodyState.AUCTIONED: "拍卖",
    CustodyState.DESTROYED: "销毁",
}

_DISPOSALS = frozenset(
    {
        CustodyState.RETURNED,
        CustodyState.CONFISCATED,
        CustodyState.AUCTIONED,
        CustodyState.DESTROYED,
    }
)

# The allowed steps; a disposed item (returned, confiscated, auctioned, destroyed) is final.
# Property may be returned to its owner right after seizure (it turned out unrelated), but
# confiscation, auction and destruction need it in someone's custody first.
CUSTODY_TRANSITIONS: dict[str | None, frozenset[str]] = {
    None: frozenset({CustodyState.SEIZED}),
    CustodyState.SEIZED: frozenset(
        {CustodyState.STORED, CustodyState.TRANSFERRED, CustodyState.RETURNED}
    ),
    CustodyState.STORED: frozenset({CustodyState.TRANSFERRED}) | _DISPOSALS,
    CustodyState.TRANSFERRED: frozenset({CustodyState.STORED, CustodyState.TRANSFERRED})
    | _DISPOSALS,
}


def custody_label(state: str | None) -> str:
    return CUSTODY_LABELS.get(state or "", state or "（无）")


@dataclass(frozen=True)
class CustodyEventView:
    id: int
    item_ref: str
    clue_id: str | None
    at: datetime
    actor: str
    from_state: str | None
    to_state: str
    detail: dict[str, Any]

    @property
    def label(self) -> str:
        return custody_label(self.to_state)


@dataclass(frozen=True)
class DossierFileView:
    id: int
    clue_id: str
    filename: str
    sha256: str
    added_at: datetime
    actor: str


# -- custody ------------------------------------------------------------------------------


def current_custody(session: Session, item_ref: str) -> CustodyEvent | None:
    """The item's newest custody event (None: never recorded)."""
    return session.scalar(
        select(CustodyEvent)
        .where(CustodyEvent.item_ref == item_ref)
        .order_by(CustodyEvent.id.desc())
        .limit(1)
    )


def record_custody(
    session: Session,
    ledger: Ledger,
    item_ref: str,
    to_state: str,
    *,
    actor: str,
    clue_id: int | str | None = None,
    at: datetime | None = None,
    detail: dict[str, Any] | None = None,
) -> CustodyEventView:
    """Record one custody step of ``item_ref`` in the caller's transaction."""
    item = item_ref.strip()
    if not item:
        raise CasebookError("涉案财物须写明财物编号")
    ledger.lock(session)  # read the latest state and append under one lock
    latest = current_custody(session, item)
    from_state = latest.to_state if latest is not None else None
    _check_step(item, from_state, str(to_state))
    number = _clue_number(session, clue_id, latest)
    row = CustodyEvent(
        item_ref=item,
        clue_id=number,
        at=naive(at or datetime.now()),
        actor=actor,
        from_state=from_state,
        to_state=str(to_state),
        detail=dict(detail or {}),
    )
    session.add(row)
    session.flush()
    ledger.append(
        session,
        kind=KIND_CUSTODY,
        actor=actor,
        subject=f"property:{item}",
        payload=custody_payload(row),
        at=row.at,
    )
    return _custody_view(row)


def _check_step(item: str, from_state: str | None, to_state: str) -> None:
    if to_state not in CustodyState.__members__.values():
        known = "、".join(f"{s.value}（{CUSTODY_LABELS[s]}）" for s in CustodyState)
        raise CasebookError(f"涉案财物 {item}：没有 “{to_state}” 这个保管状态；可用：{known}")
    allowed = CUSTODY_TRANSITIONS.get(from_state, frozenset())
    if to_state not in allowed:
        if not allowed:
            raise CasebookError(
                f"涉案财物 {item} 已“{custody_label(from_state)}”，处置完毕，不能再变更"
            )
        raise CasebookError(
            f"涉案财物 {item} 不能从“{custody_label(from_state)}”转为“{custody_label(to_state)}”"
        )


def _clue_number(
    session: Session, clue_id: int | str | None, latest: CustodyEvent | None
) -> int | None:
    """The clue the item belongs to: the one given (it must exist), else the last one."""
    if clue_id is None:
        return latest.clue_id if latest is not None else None
    return clue_row(session, parse_clue_id(clue_id)).id


def custody_history(session: Session, item_ref: str | None = None) -> list[CustodyEventView]:
    """Custody events of one item (or of every item), oldest first."""
    query = select(CustodyEvent).order_by(CustodyEvent.id)
    if item_ref is not None:
        query = query.where(CustodyEvent.item_ref == item_ref.strip())
    return [_custody_view(r) for r in session.scalars(query)]


def custody_items(session: Session) -> dict[str, CustodyEventView]:
    """Every item's newest event, by item reference."""
    return {event.item_ref: event for event in custody_history(session)}


def _custody_view(row: CustodyEvent) -> CustodyEventView:
    return CustodyEventView(
        id=row.id,
        item_ref=row.item_ref,
        clue_id=display_id(row.clue_id) if row.clue_id is not None else None,
        at=row.at,
        actor=row.actor,
        from_state=row.from_state,
        to_state=row.to_state,
        detail=dict(row.detail),
    )


# -- dossiers -----------------------------------------------------------------------------


def add_dossier_file(
    session: Session,
    ledger: Ledger,
    files: FileStore,
    clue_id: int | str,
    filename: str,
    data: bytes,
    *,
    actor: str,
    at: datetime | None = None,
) -> DossierFileView:
    """Put a file into a case's dossier: stored by hash, recorded, on the ledger."""
    clue = clue_row(session, parse_clue_id(clue_id))
    cid = display_id(clue.id)
    name = Path(filename).name
    if not data:
        raise CasebookError(f"线索 {cid}：卷宗文件 {name or filename} 是空的")
    digest = files.put(data)
    ledger.lock(session)
    duplicate = session.scalar(
        select(DossierFile).where(DossierFile.clue_id == clue.id, DossierFile.sha256 == digest)
    )
    if duplicate is not None:
        raise CasebookError(
            f"线索 {cid}：卷宗中已有相同内容的文件 {duplicate.filename}（{digest[:12]}…）"
        )
    row = DossierFile(
        clue_id=clue.id,
        filename=name or digest,
        sha256=digest,
        added_at=naive(at or datetime.now()),
        actor=actor,
    )
    session.add(row)
    session.flush()
    ledger.append(
        session,
        kind=KIND_FILE,
        actor=actor,
        subject=f"clue:{cid}",
        payload=dossier_payload(row),
        at=row.added_at,
        file_sha256=digest,
    )
    return _dossier_view(row)


def dossier_files(session: Session, clue_id: int | str) -> list[DossierFileView]:
    number = clue_row(session, parse_clue_id(clue_id)).id
    rows = session.scalars(
        select(DossierFile).where(DossierFile.clue_id == number).order_by(DossierFile.id)
    )
    return [_dossier_view(r) for r in rows]


def share_dossier(
    session: Session,
    ledger: Ledger,
    clue_id: int | str,
    to_unit: str,
    *,
    actor: str,
    reason: str | None = None,
    at: datetime | None = None,
) -> ClueEvent:
    """Share a case's dossier with another unit: an event naming the unit and the files."""
    clue = clue_row(session, parse_clue_id(clue_id))
    cid = display_id(clue.id)
    if not to_unit.strip():
        raise CasebookError(f"线索 {cid} 共享卷宗须写明接收单位")
    shared = dossier_files(session, clue.id)
    if not shared:
        raise CasebookError(f"线索 {cid} 的电子卷宗还没有文件，无可共享")
    event = ClueEvent(
        clue_id=clue.id,
        at=naive(at or datetime.now()),
        actor=actor,
        kind=EventKind.DOSSIER_SHARED.value,
        from_status=None,
        to_status=None,
        reason=reason,
        detail={"to_unit": to_unit.strip(), "files": [f.sha256 for f in shared]},
        run_id=None,
    )
    session.add(event)
    session.flush()
    ledger.record_event(session, event, f"clue:{cid}")
    return event


def _dossier_view(row: DossierFile) -> DossierFileView:
    return DossierFileView(
        id=row.id,
        clue_id=display_id(row.clue_id),
        filename=row.filename,
        sha256=row.sha256,
        added_at=row.added_at,
        actor=row.actor,
    )
