"""The warehouse's ``sentence_estimate``: each sentenced judgment's estimate, for the models.

Supervision models are SQL (they must run on Spark too), so what ``trial.sentence_outlier``
compares a term with is computed here and kept as data: one row per judgment with a term
(有期徒刑, 拘役, 管制), from the judgment's own facts (charge, amount, circumstances and, where
the row has it, the text of the judgment), without its similar cases, whose terms the peer
band already weighs. Kept in line with ``judgment`` by ``_row_hash``: a judgment estimated
once is estimated again only when its row changes, or when the model does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from jiancha.console import Console, Progress, SilentConsole
from jiancha.text.model_file import packaged_model_data
from jiancha.warehouse import Warehouse
from jiancha.warehouse.derived import SENTENCE_ESTIMATE

if TYPE_CHECKING:
    from jiancha.text.sentencing import CaseFacts, SentenceEstimate, SentenceModel

__all__ = ["case_facts", "estimates_in_line", "sync_estimates"]

TABLE = SENTENCE_ESTIMATE.name
TERM_PENALTIES = ("fixed_term", "criminal_detention", "surveillance")
_PENALTIES = ", ".join(f"'{p}'" for p in TERM_PENALTIES)
# estimates of another model, or of a judgment gone, changed or no longer sentenced
_OUTDATED = (
    f"FROM {TABLE} e WHERE model <> ? OR NOT EXISTS (SELECT 1 FROM judgment j "
    f"WHERE j.record_id = e.judgment_id AND j._row_hash = e.row_hash "
    f"AND j.penalty IN ({_PENALTIES}) AND j.term_months > 0)"
)
# the sentenced judgments without an estimate (of this version: the others are deleted first)
_STALE = (
    f"FROM judgment j WHERE j.penalty IN ({_PENALTIES}) AND j.term_months > 0 "
    f"AND NOT EXISTS (SELECT 1 FROM {TABLE} e WHERE e.judgment_id = j.record_id)"
)
_BATCH = 2000  # about half a second of estimating between two progress updates


def model_version(meta: Mapping[str, Any]) -> str:
    """What the estimates of a model are marked with (a model's ``meta``)."""
    return str(meta.get("data_sha256") or meta.get("cases") or "custom")


def estimates_in_line(wh: Warehouse, model: SentenceModel | None = None) -> bool:
    """Whether ``sentence_estimate`` is already in line with ``judgment`` (nothing for
    :func:`sync_estimates` to do): asked on a read-only warehouse, so that a run with
    nothing to estimate never opens the warehouse for writing."""
    have = wh.table_columns()
    if have.get(TABLE) != SENTENCE_ESTIMATE.column_names:
        return False
    if "judgment" not in have:
        return True
    version = _version(model)
    with wh.purpose("检查量刑估计"):
        outdated = wh.scalar(f"SELECT count(*) FROM (SELECT 1 {_OUTDATED} LIMIT 1)", [version])
        stale = wh.scalar(f"SELECT count(*) FROM (SELECT 1 {_STALE} LIMIT 1)")
    return not outdated and not stale


def _version(model: SentenceModel | None) -> str:
    return model_version(model.meta if model else packaged_model_data().get("meta", {}))


def sync_estimates(
    wh: Warehouse, model: SentenceModel | None = None, console: Console | None = None
) -> tuple[int, int]:
    """Bring ``sentence_estimate`` in line with ``judgment``: (estimated, removed). The model
    (the packaged one unless given) is loaded only when a judgment needs an estimate; the
    estimating (a few seconds for a city's judgments) shows on ``console`` as progress."""
    wh.ensure_derived(SENTENCE_ESTIMATE)
    if "judgment" not in wh.tables():
        return 0, 0
    version = _version(model)
    with wh.purpose("更新量刑估计"):
        removed = wh.rows(f"DELETE {_OUTDATED} RETURNING judgment_id", [version])
        stale = int(wh.scalar(f"SELECT count(*) {_STALE}") or 0)
        if not stale:
            return 0, len(removed)
        console = console or SilentConsole()
        with console.progress(f"量刑估计（{stale} 份判决）", total=stale) as bar:
            return _estimate_stale(wh, model, version, bar), len(removed)


def _estimate_stale(wh: Warehouse, model: SentenceModel | None, version: str, bar: Progress) -> int:
    import pyarrow as pa

    from jiancha.text.sentencing import SentenceModel

    model = model or SentenceModel.load()
    columns = ", ".join(f'"{c}"' for c in SENTENCE_ESTIMATE.column_names)
    estimated = 0
    with wh.cursor() as reader:  # a session of its own: writing on ``wh`` ends its result
        for rows in _batches(reader):
            estimates = model.estimate_many([case_facts(r) for r in rows])
            values = [_values(r, e, version) for r, e in zip(rows, estimates, strict=True)]
            with wh.registered("_new_estimates", pa.Table.from_pylist(values)):
                wh.execute(f"INSERT INTO {TABLE} ({columns}) SELECT {columns} FROM _new_estimates")
            estimated += len(values)
            bar.advance(len(values))
    return estimated


def _batches(wh: Warehouse) -> Iterator[list[dict[str, Any]]]:
    """The sentenced judgments without an estimate, a batch at a time."""
    rows = wh.stream(
        "SELECT j.record_id, j._row_hash, j.charge, j.amount_yuan, j.circumstances, j.full_text "
        f"{_STALE} ORDER BY j.record_id",
        size=_BATCH,
    )
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def case_facts(row: Mapping[str, Any]) -> CaseFacts:
    """What the estimate reads of a judgment row: its text (if any), charges, amount and the
    circumstances the court found; no similar cases."""
    from jiancha.text.legal_dict import split_charges
    from jiancha.text.sentencing import CaseFacts

    stated = row.get("circumstances")
    amount = row.get("amount_yuan")
    return CaseFacts(
        text=str(row.get("full_text") or ""),
        charges=tuple(sorted(split_charges(row.get("charge")))),
        amount_yuan=float(amount) if amount is not None else None,
        circumstances=frozenset(c for c in str(stated or "").split(";") if c),
    )


def _values(row: Mapping[str, Any], estimate: SentenceEstimate, version: str) -> dict[str, Any]:
    return {
        "judgment_id": str(row["record_id"]),
        "row_hash": None if row.get("_row_hash") is None else str(row["_row_hash"]),
        "estimate_months": round(estimate.months, 2),
        "low_months": round(estimate.low_months, 2),
        "high_months": round(estimate.high_months, 2),
        "settled": estimate.settled,
        "tier": estimate.tier,
        "basis": estimate.explanation(),
        "model": version,
    }
