"""Running models on the warehouse: rows → hits, and the evidence rows behind them."""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from jiancha.console import Console
from jiancha.errors import JianchaError, ModelError, WarehouseError
from jiancha.models.catalogue import Catalogue, Model
from jiancha.models.hit import Evidence, Hit, to_jsonable
from jiancha.warehouse import as_warehouse

if TYPE_CHECKING:
    from jiancha.models.slicing import SlicePlan
    from jiancha.warehouse import Warehouse, WarehouseLike

# Anchors that are a person or organisation, not a warehouse row (see model_anchors.md).
SUBJECT_TABLE = "subject"


@dataclass
class ModelResult:
    model: Model
    hits: list[Hit]
    seconds: float
    error: str | None = None
    # evaluated for some units only: the table its rows were read from for those units; or
    # why the model was evaluated whole (jiancha.models.slicing)
    sliced: str | None = None
    whole: str = ""


def run_models(
    store: WarehouseLike,
    catalogue: Catalogue,
    model_ids: list[str] | None,
    as_of: date,
    console: Console,
    *,
    reference: WarehouseLike | None = None,
    units: Sequence[str] | None = None,
) -> list[ModelResult]:
    """Run the chosen models (all when ``model_ids`` is None); a failing model is reported
    in its result and the others still run.

    ``reference``: the project's own warehouse when the models run on another engine's copy
    of it (Spark on the Parquet export): whether it is linked, and how probable each link
    is, are read there. ``units``: only the hits of these units are wanted; a model whose
    driving table can be sliced reads that table's rows of these units only, and finds
    every hit of theirs all the same (jiancha.models.slicing).
    """
    from jiancha.link import is_linked

    wh = as_warehouse(store)
    ref = as_warehouse(reference) if reference is not None else wh
    models = chosen_models(catalogue, model_ids)
    linked = is_linked(ref)
    results = list(_each_model(wh, models, as_of, console, linked=linked, units=units))
    if linked:
        results = with_link_probability(ref, results)
    for result in results:
        if result.error:
            console.warn(result.error)
    return results


def chosen_models(catalogue: Catalogue, model_ids: Sequence[str] | None) -> list[Model]:
    """The models of ``model_ids`` (every model of the catalogue when None)."""
    return [catalogue.get(i) for i in model_ids] if model_ids else list(catalogue.models.values())


def _each_model(
    wh: Warehouse,
    models: Sequence[Model],
    as_of: date,
    console: Console,
    *,
    linked: bool,
    units: Sequence[str] | None,
    stop: threading.Event | None = None,
) -> Iterator[ModelResult]:
    columns = wh.table_columns() if units is not None else {}
    with console.progress("运行监督模型", total=len(models)) as progress:
        for model in models:
            if stop is not None and stop.is_set():
                return
            yield run_model(wh, model, as_of, linked=linked, units=units, columns=columns)
            progress.advance()


# DuckDB hands a query back holding the GIL again: with Python's 5 ms between switches, a
# model finishing while the caller works waits for the GIL more than its query took
_SWITCH_INTERVAL = 0.0005
# runs under way in this process (the workbench may run two at once): the first sets the
# short interval, the last puts back the one it found
_switching = {"runs": 0, "interval": 0.005}
_switching_lock = threading.Lock()


def _short_switches(step: int) -> None:
    with _switching_lock:
        if step > 0 and _switching["runs"] == 0:
            _switching["interval"] = sys.getswitchinterval()
            sys.setswitchinterval(_SWITCH_INTERVAL)
        _switching["runs"] += step
        if step < 0 and _switching["runs"] == 0:
            sys.setswitchinterval(_switching["interval"])


class ModelsInThread:
    """The models run in a thread of their own, on a cursor of the warehouse that only that
    thread uses; iterating gives each model's result as it finishes, in the models' order.

    DuckDB answers a query outside the GIL, so whatever the caller does with one result
    (recording it in the casebook) overlaps the next model's query. A hit resting on a
    probabilistic link carries its probability as :func:`run_models` gives it. Leaving the
    ``with`` block early stops the thread after the model it is running.
    """

    def __init__(
        self,
        store: WarehouseLike,
        models: Sequence[Model],
        as_of: date,
        console: Console,
        *,
        units: Sequence[str] | None = None,
    ) -> None:
        from jiancha.link import is_linked

        wh = as_warehouse(store)
        self._linked = is_linked(wh)
        self._cursor = wh.cursor()  # made here, used by the thread alone
        self._args = (list(models), as_of, console, units)
        self._done: queue.Queue[ModelResult | BaseException | None] = queue.Queue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._work, name="jiancha-models", daemon=True)

    def __enter__(self) -> ModelsInThread:
        _short_switches(+1)
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._cursor.close()
        _short_switches(-1)

    def __iter__(self) -> Iterator[ModelResult]:
        while (item := self._done.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item

    def _work(self) -> None:
        models, as_of, console, units = self._args
        try:
            for result in _each_model(
                self._cursor,
                models,
                as_of,
                console,
                linked=self._linked,
                units=units,
                stop=self._stop,
            ):
                if self._linked:
                    [result] = with_link_probability(self._cursor, [result])
                self._done.put(result)
        except BaseException as exc:  # handed to the reader, raised there
            self._done.put(exc)
        finally:
            self._done.put(None)


def run_model(
    store: WarehouseLike,
    model: Model,
    as_of: date,
    *,
    linked: bool = False,
    units: Sequence[str] | None = None,
    columns: Mapping[str, Sequence[str]] | None = None,
) -> ModelResult:
    """``units``: see :func:`run_models`; ``columns``: the warehouse's tables and columns
    (read here when not given)."""
    started = time.perf_counter()
    plan = None
    try:
        sql = model.render(as_of, linked=linked)
        wh = as_warehouse(store)
        if units is not None:
            sql, plan = _sliced(wh, model, sql, units, columns)
        if wh.dialect == "spark":
            from jiancha.models.sqltree import to_spark  # sqlglot: only for another engine

            sql = to_spark(sql)
        cursor = wh.cursor()
        try:
            rows = cursor.records(sql, purpose=f"运行模型 {model.id}")
        finally:
            cursor.close()
        hits = [build_hit(model, row) for row in rows]
    except WarehouseError as exc:
        error = f"模型 {model.id}（{model.path.name}）运行失败：{exc.detail}"
        return ModelResult(model, [], time.perf_counter() - started, error)
    except JianchaError as exc:  # a model error, or a person join linking cannot map
        return ModelResult(model, [], time.perf_counter() - started, str(exc))
    result = ModelResult(model, hits, time.perf_counter() - started)
    if plan is not None:
        result.sliced, result.whole = plan.table, plan.reason
    return result


def _sliced(
    wh: Warehouse,
    model: Model,
    sql: str,
    units: Sequence[str],
    columns: Mapping[str, Sequence[str]] | None,
) -> tuple[str, SlicePlan]:
    from jiancha.models.slicing import sliced_sql

    known = columns if columns is not None else wh.table_columns()
    return sliced_sql(sql, model.header.unit, known.get, lambda table: wh.unit_slice(table, units))


def with_link_probability(store: WarehouseLike, results: list[ModelResult]) -> list[ModelResult]:
    """A hit resting on a probabilistic link carries the lowest such link's probability
    (read in one query for every model's evidence rows)."""
    from jiancha.link import evidence_probabilities

    rows = {(e.table, e.record_id) for r in results for hit in r.hits for e in hit.evidence}
    probabilities = evidence_probabilities(as_warehouse(store), rows)
    return [replace(r, hits=[_with_probability(h, probabilities) for h in r.hits]) for r in results]


def _with_probability(hit: Hit, probabilities: dict[tuple[str, str], float]) -> Hit:
    found = [
        probabilities[k] for e in hit.evidence if (k := (e.table, e.record_id)) in probabilities
    ]
    facts = {**hit.facts, "link_probability": round(min(found), 4)} if found else hit.facts
    return replace(hit, facts=facts)


def build_hit(model: Model, row: dict[str, Any]) -> Hit:
    """One output row as a Hit: subject, anchor, every evidence row, facts."""
    header = model.header
    key_table = header.key.table or str(row[header.key.table_column or ""])
    key_id = row[header.key.column]
    if key_id is None or str(key_id) == "":
        raise ModelError(f"模型 {model.id} 输出了锚点 {header.key.column} 为空的行")
    key = Evidence(key_table, str(key_id))
    evidence: dict[Evidence, None] = {}
    if key_table != SUBJECT_TABLE:
        evidence[key] = None
    for ref in header.evidence:
        for record_id in split_ids(row.get(ref.column)):
            evidence[Evidence(ref.table, record_id)] = None
    unit = row.get(header.unit) if header.unit else None
    return Hit(
        model_id=model.id,
        model_version=model.version,
        unit_code=str(unit) if unit not in (None, "") else None,
        subject={c: _text(row.get(c)) for c in header.subject},
        key=key,
        evidence=tuple(evidence),
        facts={c: to_jsonable(row.get(c)) for c in header.facts},
        legal_basis=model.legal_basis,
        domain=model.domain,
        title=model.title,
        key_evidence=(key,),
    )


def split_ids(value: Any) -> list[str]:
    """Record ids in an evidence column: one id, or several separated by ``;``."""
    if value is None:
        return []
    parts = value if isinstance(value, list | tuple) else str(value).split(";")
    return [str(p).strip() for p in parts if p is not None and str(p).strip()]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    jsonable = to_jsonable(value)
    return jsonable if isinstance(jsonable, str) else str(jsonable)


def fetch_evidence(
    store: WarehouseLike, evidence: Iterable[Evidence]
) -> dict[Evidence, dict[str, Any]]:
    """The evidence rows as they are now, JSON-able, one query per table.

    Rows no longer in the warehouse are absent from the answer; the subject pseudo-table
    and tables the warehouse does not have are skipped.
    """
    wh = as_warehouse(store)
    found: dict[Evidence, dict[str, Any]] = {}
    for table, ids in _by_table(evidence, wh.tables()).items():
        found.update(_table_rows(wh, table, ids))
    return found


def _table_rows(wh: Warehouse, table: str, ids: list[str]) -> dict[Evidence, dict[str, Any]]:
    names, rows = wh.table(
        f'SELECT * FROM "{table}" WHERE record_id IN (SELECT UNNEST($ids))',
        {"ids": ids},
        purpose=f"读取证据 {table}",
    )
    return {Evidence(table, str(row["record_id"])): row for row in jsonable_rows(names, rows)}


# cells JSON takes as they are
_PLAIN = frozenset({str, int, float, bool, type(None)})


def jsonable_rows(names: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Rows as JSON-able dicts by column name (what :func:`to_jsonable` makes of each),
    converting only the columns that hold a date, a decimal or another value JSON does not
    take as it is: most columns of an evidence row are text and need nothing."""
    if not rows:
        return []
    columns = list(zip(*rows, strict=True))
    for i, column in enumerate(columns):
        if not set(map(type, column)) <= _PLAIN:
            columns[i] = tuple(to_jsonable(v) for v in column)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


class EvidenceRows:
    """A run's evidence rows: their ``_row_hash`` read when first asked, the rows themselves
    when asked (the casebook asks only for rows new to a clue or changed since its last
    snapshot of them; a first run, with no snapshot yet, never asks for the hashes).

    Rows may be added as the models finish (:meth:`add`); the hashes of the rows added since
    the last question are read together, one query per table.
    Reads the warehouse it was made with, which stays open until the run is recorded.
    """

    def __init__(self, store: WarehouseLike, evidence: Iterable[Evidence] = ()) -> None:
        self.wh = as_warehouse(store)
        self.evidence: set[Evidence] = set()
        self._unhashed: set[Evidence] = set()
        self._hashes: dict[Evidence, str | None] = {}
        self._columns: dict[str, list[str]] | None = None
        self._rows: dict[Evidence, dict[str, Any]] = {}
        self._asked: set[Evidence] = set()
        self.add(evidence)

    def add(self, evidence: Iterable[Evidence]) -> None:
        """More evidence rows of the run (a model just finished)."""
        fresh = set(evidence) - self.evidence
        self.evidence |= fresh
        self._unhashed |= fresh

    def __contains__(self, ev: object) -> bool:
        return ev in self.hashes

    def row_hash(self, ev: Evidence) -> str | None:
        """The row's ``_row_hash`` (None: it has none); ask only for rows it holds."""
        return self.hashes[ev]

    @property
    def hashes(self) -> dict[Evidence, str | None]:
        """Each evidence row found → its ``_row_hash``, one query per table."""
        if self._unhashed:
            columns = self.columns
            for table, ids in _by_table(self._unhashed, set(columns)).items():
                row_hash = "_row_hash" if "_row_hash" in columns[table] else "NULL"
                found = self.wh.rows(
                    f'SELECT record_id, {row_hash} FROM "{table}" '
                    "WHERE record_id IN (SELECT UNNEST($ids))",
                    {"ids": ids},
                    purpose=f"读取证据 {table}",
                )
                for record_id, value in found:
                    key = Evidence(table, str(record_id))
                    self._hashes[key] = None if value is None else str(value)
            self._unhashed = set()
        return self._hashes

    @property
    def columns(self) -> dict[str, list[str]]:
        if self._columns is None:
            self._columns = self.wh.table_columns()
        return self._columns

    def rows(self, wanted: Iterable[Evidence]) -> dict[Evidence, dict[str, Any]]:
        """The rows of ``wanted`` as they are now, JSON-able (one query per table); a row
        no longer in the warehouse is left out."""
        wanted = list(wanted)
        fresh = [e for e in wanted if e not in self._asked]
        self._asked.update(fresh)
        for table, ids in _by_table(fresh, set(self.columns)).items():
            self._rows.update(_table_rows(self.wh, table, ids))
        return {e: self._rows[e] for e in wanted if e in self._rows}


def _by_table(evidence: Iterable[Evidence], existing: set[str]) -> dict[str, list[str]]:
    """The record ids wanted of each warehouse table (sorted), leaving out the subject
    pseudo-table and tables the warehouse does not have."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for item in evidence:
        if item.table != SUBJECT_TABLE and item.table in existing:
            wanted[item.table].add(item.record_id)
    return {table: sorted(ids) for table, ids in sorted(wanted.items())}
