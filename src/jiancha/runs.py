"""A model run end to end: the warehouse's records in, the casebook's clues out.

The models stage finds hits; this module hands them, with the evidence rows as they are
now, to the casebook, which keeps the run history and each clue's life.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from jiancha.models import EvidenceRows, run_models
from jiancha.models.hit import Hit, RunInfo, hits_in_units

if TYPE_CHECKING:
    from jiancha.casebook import Casebook, ModelRunSummary
    from jiancha.console import Console
    from jiancha.models import Catalogue, Model, ModelResult
    from jiancha.warehouse import Warehouse


@dataclass
class ModelRunLine:
    model_id: str
    title: str
    hits: int
    new: int
    still_open: int
    resolved: int
    seconds: float
    error: str | None = None
    sliced: str | None = None  # evaluated for the run's units only, from this table's rows


@dataclass
class RunReport:
    run_id: str
    as_of: date
    lines: list[ModelRunLine] = field(default_factory=list)
    hits_by_model: dict[str, list[Hit]] = field(default_factory=dict)
    # ``run --changed``: the units whose records changed since the last run (None: all), and
    # why nothing ran when nothing changed
    units: tuple[str, ...] | None = None
    note: str = ""

    @property
    def hits(self) -> int:
        return sum(line.hits for line in self.lines)


@dataclass
class Found:
    """What a run found in the warehouse, ready to be recorded while the warehouse it was
    found in is open (the evidence rows that changed are read from it as they are recorded)."""

    run: RunInfo
    results: list[ModelResult]
    snapshots: EvidenceRows


def find_hits(
    wh: Warehouse,
    catalogue: Catalogue,
    model_ids: list[str] | None,
    as_of: date,
    console: Console,
    *,
    reference: Warehouse | None = None,
    units: Sequence[str] | None = None,
) -> Found:
    """Run the models (all when ``model_ids`` is None) and read their evidence rows.

    ``reference``: the project's DuckDB warehouse when ``wh`` is another engine's copy of it
    (Spark): the evidence rows, the import batches and the links are read there, so a clue
    records the same rows whichever engine found it. ``units``: only the hits of these
    units are wanted (see :func:`jiancha.models.run_models`).
    """
    started = datetime.now()
    results = run_models(wh, catalogue, model_ids, as_of, console, reference=reference, units=units)
    source = reference or wh
    evidence = {e for r in results for hit in r.hits for e in hit.evidence}
    run = _run_info(started, as_of, [r.model for r in results], source)
    return Found(run, results, EvidenceRows(source, evidence))


def find_and_record(
    wh: Warehouse,
    opening: Callable[[], Casebook],
    catalogue: Catalogue,
    model_ids: list[str] | None,
    as_of: date,
    console: Console,
    *,
    units: Sequence[str] | None = None,
) -> RunReport:
    """:func:`find_hits` and :func:`record_hits` at once: the models run in a thread of
    their own while each finished model's hits are recorded (DuckDB runs a query outside
    the GIL, so the recording, which is Python, overlaps the next model's query). Records
    exactly what the two in turn record, in one transaction; ``opening`` gives the
    casebook (it may still be opening when the models start)."""
    from jiancha.models.run import ModelsInThread, chosen_models

    models = chosen_models(catalogue, model_ids)
    run = _run_info(datetime.now(), as_of, models, wh)
    snapshots = EvidenceRows(wh)
    results: list[ModelResult] = []
    hits: dict[str, list[Hit]] = {}

    def finished(running: ModelsInThread) -> Iterator[tuple[str, Sequence[Hit]]]:
        for result in running:
            results.append(result)
            if not result.error:  # a failed model is left out: its clues stay open
                snapshots.add(e for hit in result.hits for e in hit.evidence)
                hits[result.model.id] = list(hits_in_units(result.hits, units))
                yield result.model.id, hits[result.model.id]

    with ModelsInThread(wh, models, as_of, console, units=units) as running, opening() as book:
        summaries = book.record_run(
            run, finished(running), snapshots, None, engine=wh.dialect, units=units
        )
    for result in results:
        if result.error:
            console.warn(result.error)
    return _report(run, results, hits, summaries, units)


def _run_info(
    started: datetime, as_of: date, models: Sequence[Model], source: Warehouse
) -> RunInfo:
    return RunInfo(
        run_id=f"R{started:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}",
        started_at=started,
        as_of=as_of,
        models={m.id: m.version for m in models},
        batches=source.batch_ids(),
        parameters={m.id: dict(m.parameters) for m in models},
    )


def record_hits(
    book: Casebook, found: Found, *, engine: str, units: Sequence[str] | None = None
) -> RunReport:
    """Record what a run found as clues, in one transaction; of ``units`` only when given
    (hits elsewhere are not recorded, clues elsewhere not resolved)."""
    # A failed model is left out, so its open clues are not taken as resolved.
    hits = {r.model.id: list(hits_in_units(r.hits, units)) for r in found.results if not r.error}
    summaries = book.record_run(
        found.run, hits, found.snapshots, datetime.now(), engine=engine, units=units
    )
    return _report(found.run, found.results, hits, summaries, units)


def _report(
    run: RunInfo,
    results: Sequence[ModelResult],
    hits: dict[str, list[Hit]],
    summaries: dict[str, ModelRunSummary],
    units: Sequence[str] | None,
) -> RunReport:
    lines = [_line(r, summaries) for r in results]
    scope = tuple(units) if units is not None else None
    return RunReport(run.run_id, run.as_of, lines, hits, units=scope)


def _line(result: ModelResult, summaries: dict[str, ModelRunSummary]) -> ModelRunLine:
    summary = summaries.get(result.model.id)
    return ModelRunLine(
        model_id=result.model.id,
        title=result.model.title,
        hits=summary.hits if summary else 0,
        new=summary.new if summary else 0,
        still_open=(summary.still_open + summary.reopened) if summary else 0,
        resolved=summary.resolved if summary else 0,
        seconds=result.seconds,
        error=result.error,
        sliced=result.sliced,
    )
