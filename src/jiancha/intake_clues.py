"""Clues within seconds: after the intake worker applies batches, the models that read what
changed are evaluated again and their clues recorded, as a full run would record them.

What is evaluated, and why it is exact
--------------------------------------
The import batches of the warehouse that no recorded run has seen (``Run.batches``) are the
*pending* batches. Their tables with new or replaced rows are the changed tables (a judgment
changes ``sentence_estimate`` too, which the worker keeps in line). A model is evaluated
when it reads a changed table (``Model.tables``, from its parsed SQL); any other model's
input is what it was at its last evaluation, so its clues are what that evaluation
recorded.

Each model so chosen is evaluated over the whole warehouse (one SQL statement, a few
milliseconds to a tenth of a second at city scale) and recorded without a unit restriction,
so that every clue of the model is covered by the evaluation that may resolve it. The
restriction to the batch's subjects is where the cost is: recording. A clue whose hit is
unchanged only has its ``last_seen`` moved; the evidence rows read from the warehouse and
snapshotted are only those of new hits, of hits whose evidence changed, and the batch's own
records (the rows that may have changed under an unchanged hit).

Why not evaluate the model SQL only for the batch's units or persons: the models join
across units (a prior conviction anywhere in the city, a civil plaintiff suing in several
courts, the hospital, death and border registries matched by person), and nothing in a model
says which of its joins stay inside one unit. A unit restriction would be exact for some
models and silently wrong for others (a clue in another unit not created or not resolved);
the SQL it would save is the cheap part.

The evaluation date is the day the batches are applied: clues that become due only because
a day passed (a deadline running out with no new record) are found by the project's
scheduled full ``jiancha run``, as before. For one evaluation date, any sequence of
incremental evaluations leaves the clues a full run leaves (tests/intake/test_incremental.py).

The people of the new rows are linked first when the warehouse is linked
(:mod:`jiancha.link.incremental`): assigned to the people they belong to when that is what
a full ``jiancha link`` gives, else by the full linker, whose changes to other rows' people
make their tables changed too.

A run is recorded like any other (``engine`` ``duckdb``, id ``I…``), with the pending batches
as the batches it saw: ``jiancha run --changed`` then knows them as evaluated. Killed before
the run is recorded, the worker finds the same batches pending when it starts again.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from jiancha.models.hit import Evidence, Hit, RunInfo

if TYPE_CHECKING:
    from jiancha.casebook import Casebook
    from jiancha.console import Console
    from jiancha.link.incremental import IncrementalLink
    from jiancha.models import Catalogue
    from jiancha.warehouse import Warehouse

# Tables derived from a contract table, which a model may read instead of it.
DERIVED_FROM = {"judgment": ("sentence_estimate",)}


@dataclass
class Evaluation:
    """What one incremental evaluation did."""

    run_id: str
    batches: tuple[int, ...]
    tables: tuple[str, ...]
    models: tuple[str, ...]
    new: int = 0
    resolved: int = 0
    errors: list[str] = field(default_factory=list)
    # how the new rows' people were linked: None (the warehouse is not linked, or nothing
    # new), "assigned" (to the people they belong to) or why the full linker ran
    linking: str | None = None


def changed_tables(wh: Warehouse, batches: Sequence[int]) -> set[str]:
    """The tables the import ``batches`` stored new or replaced rows in, with the tables
    derived from them."""
    if not batches:
        return set()
    listed = ", ".join(str(int(b)) for b in batches)
    rows = wh.rows(
        "SELECT DISTINCT table_name FROM _import_batch WHERE batch_id IN "
        f"({listed}) AND COALESCE(rows_new, 0) + COALESCE(rows_replaced, 0) > 0",
        purpose="读取变化的数据表",
    )
    tables = {str(r[0]) for r in rows}
    for table in list(tables):
        tables.update(DERIVED_FROM.get(table, ()))
    return tables


def affected_models(catalogue: Catalogue, tables: Iterable[str]) -> list[str]:
    """The ids of the models that read one of ``tables``, in catalogue order."""
    changed = set(tables)
    return [m.id for m in catalogue if changed & set(m.tables)]


class ClueUpdater:
    """Keeps the clues in line with the warehouse after batches are applied; one per worker.

    ``seen``: the import batches some recorded run has seen, read from the casebook once and
    kept up to date by the updater's own runs."""

    def __init__(self, book: Casebook, catalogue: Catalogue, console: Console) -> None:
        self.book = book
        self.catalogue = catalogue
        self.console = console
        self._seen: set[int] | None = None

    def seen(self) -> set[int]:
        if self._seen is None:
            self._seen = {b for run in self.book.runs() for b in run.batches}
        return self._seen

    def pending(self, wh: Warehouse) -> list[int]:
        """The warehouse's import batches no recorded run has seen."""
        seen = self.seen()
        return [b for b in wh.batch_ids() if b not in seen]

    def update(
        self,
        wh: Warehouse,
        as_of: date,
        linked: IncrementalLink | None = None,
        relinked: Iterable[str] = (),
    ) -> Evaluation | None:
        """Evaluate the models the pending batches affect and record their clues; None when
        no batch is pending. ``linked``: the linking of the batches' mentions, whose other
        rows with a changed person or organisation are changed too; ``relinked``: tables
        whose people a linker run changed, in rows not known."""
        batches = self.pending(wh)
        if not batches:
            return None
        started = datetime.now()
        run_id = f"I{started:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"
        tables = changed_tables(wh, batches)
        rows = linked.changed_rows if linked is not None else set()
        tables.update(t for t, _ in rows)
        tables.update(relinked)
        if not self.seen():  # no run yet: this one is the first, of every model
            model_ids = [m.id for m in self.catalogue]
        else:
            model_ids = affected_models(self.catalogue, tables)
        evaluation = Evaluation(run_id, tuple(batches), tuple(sorted(tables)), tuple(model_ids))
        if linked is not None:
            evaluation.linking = linked.full or linked.how
        results = _evaluate(wh, self.catalogue, model_ids, as_of, self.console)
        evaluation.errors = [r.error for r in results if r.error]
        hits = {r.model.id: r.hits for r in results if not r.error}
        snapshots = _changed_evidence(wh, self.book, hits, batches, tables, rows)
        run = RunInfo(
            run_id=run_id,
            started_at=started,
            as_of=as_of,
            models={r.model.id: r.model.version for r in results},
            batches=tuple(batches),
            parameters={r.model.id: dict(r.model.parameters) for r in results},
        )
        summaries = self.book.record_run(run, hits, snapshots, datetime.now(), engine=wh.dialect)
        self.seen().update(batches)
        evaluation.new = sum(s.new for s in summaries.values())
        evaluation.resolved = sum(s.resolved for s in summaries.values())
        return evaluation


def _evaluate(
    wh: Warehouse, catalogue: Catalogue, model_ids: list[str], as_of: date, console: Console
) -> list[Any]:
    from jiancha.models import run_models

    if not model_ids:
        return []
    return run_models(wh, catalogue, model_ids, as_of, console)


def _changed_evidence(
    wh: Warehouse,
    book: Casebook,
    hits: dict[str, list[Hit]],
    batches: Sequence[int],
    tables: set[str],
    relinked: set[tuple[str, str]],
) -> dict[Evidence, dict[str, Any]]:
    """The evidence rows whose snapshot may differ from the one the casebook holds: every
    row of a hit that is new or whose evidence changed, the rows the batches stored and the
    rows whose linked person or organisation changed."""
    from jiancha.models import fetch_evidence

    known = book.known_evidence(list(hits))
    wanted: set[Evidence] = set()
    in_batches = _batch_rows(wh, batches, tables) | relinked
    for model_hits in hits.values():
        for hit in model_hits:
            listed = [e.as_dict() for e in dict.fromkeys(hit.evidence)]
            if known.get(hit.fingerprint) != listed:
                wanted.update(hit.evidence)
            else:
                wanted.update(e for e in hit.evidence if (e.table, e.record_id) in in_batches)
    return fetch_evidence(wh, sorted(wanted))


def _batch_rows(wh: Warehouse, batches: Sequence[int], tables: set[str]) -> set[tuple[str, str]]:
    """(table, record_id) of the rows the ``batches`` stored."""
    from jiancha.schema import contract

    listed = ", ".join(str(int(b)) for b in batches)
    existing = wh.tables() & set(contract().tables)  # the imported tables (derived: not)
    found: set[tuple[str, str]] = set()
    for table in sorted(tables):
        if table not in existing:
            continue
        rows = wh.rows(
            f'SELECT record_id FROM "{table}" WHERE "_batch_id" IN ({listed})',
            purpose=f"读取新入库记录 {table}",
        )
        found.update((table, str(r[0])) for r in rows)
    return found
