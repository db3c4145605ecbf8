"""Before a run: can each model run on this warehouse, and if not, why (in Chinese).

A model cannot run when a table it reads is missing, or when its anchor table is empty or
a column it needs there is entirely NULL, or when a reference register it must compare with
is empty: one the contract calls 参照库 that it reads only by inner joins, outside any UNION
(the asset register, the hospital stays: with none of their rows the model finds nothing, or
flags everyone). Other tables being empty, or
other columns being all NULL, only weaken it (no custody extensions is a fact, not an error):
those are notes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlglot import exp

from jiancha.models import sqltree
from jiancha.models.catalogue import Catalogue, Model
from jiancha.warehouse import Warehouse, as_warehouse

if TYPE_CHECKING:
    from jiancha.warehouse import WarehouseLike

# Any evaluation date will do: only the shape of the SQL matters here.
_ANY_DATE = date(2000, 6, 15)


@dataclass
class Preflight:
    model_id: str
    ok: bool
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Seen:
    columns: dict[str, list[str]]
    counts: dict[str, int] = field(default_factory=dict)
    null_columns: dict[str, set[str]] = field(default_factory=dict)


def check_models(store: WarehouseLike, catalogue: Catalogue) -> list[Preflight]:
    """One Preflight per model of the catalogue, in catalogue order."""
    wh = as_warehouse(store)
    seen = _Seen(wh.table_columns())
    with wh.purpose("检查模型所需数据"):
        return [_check(wh, seen, model) for model in catalogue.models.values()]


def check_on_engine(store: WarehouseLike, catalogue: Catalogue, as_of: date) -> list[Preflight]:
    """Whether each model's SQL runs on ``store``'s engine (Spark: as sqlglot translates it),
    and the engine's reason when it does not. The query is planned, not run (``LIMIT 0``)."""
    from jiancha.errors import WarehouseError
    from jiancha.models.sqltree import to_spark

    wh = as_warehouse(store)
    found = []
    for model in catalogue.models.values():
        result = Preflight(model.id, ok=True)
        try:
            sql = model.render(as_of)
            if wh.dialect == "spark":
                sql = to_spark(sql)
            wh.rows(f"SELECT * FROM ({sql}) AS planned LIMIT 0")
        except WarehouseError as exc:
            result.ok = False
            result.problems.append(f"{wh.dialect} 无法运行：{exc.detail}")
        except Exception as exc:  # sqlglot could not translate the SQL
            result.ok = False
            result.problems.append(f"无法转换为 {wh.dialect} SQL：{str(exc).splitlines()[0]}")
        found.append(result)
    return found


def _check(wh: Warehouse, seen: _Seen, model: Model) -> Preflight:
    result = Preflight(model.id, ok=True)
    conditions, others = columns_needed(model)
    anchor = model.header.key.table
    compared = tables_compared(model)
    for table in model.tables:
        if table not in seen.columns:
            result.problems.append(f"缺少数据表 {table}")
            continue
        if _count(wh, seen, table) == 0:
            target = result.problems if table == anchor or table in compared else result.notes
            target.append(f"数据表 {table} 没有数据")
            continue
        empty = _all_null(wh, seen, table)
        for column in sorted(conditions.get(table, set()) & empty):
            target = result.problems if table == anchor else result.notes
            target.append(f"{table}.{column} 全部为空")
        for column in sorted((others.get(table, set()) - conditions.get(table, set())) & empty):
            result.notes.append(f"{table}.{column} 全部为空")
    result.ok = not result.problems
    return result


Needed = dict[str, set[str]]


def columns_needed(model: Model) -> tuple[Needed, Needed]:
    """Columns the model's SQL reads, per input table: those its conditions (WHERE, JOIN ON)
    compare directly, and the others. A column under COALESCE or IS [NOT] NULL may be
    empty by design (an open-ended measure has no end_at), so it is not a condition.
    Columns are attributed by alias; an unqualified one to the input tables its SELECT reads
    directly (not to CTEs, whose columns are derived)."""
    from jiancha.schema import contract

    tree = sqltree.parse(model.render(_ANY_DATE))
    aliases: dict[str, set[str]] = defaultdict(set)
    for table in tree.find_all(exp.Table):
        if table.name in model.tables:
            aliases[table.alias_or_name].add(table.name)
    known = contract().tables
    conditions: Needed = defaultdict(set)
    others: Needed = defaultdict(set)
    for column in tree.find_all(exp.Column):
        owners = aliases.get(column.table, set()) if column.table else _sources(column, model)
        in_condition = column.find_ancestor(exp.Where, exp.Join) is not None
        optional = column.find_ancestor(exp.Coalesce, exp.Is) is not None
        target = conditions if in_condition and not optional else others
        for owner in owners:
            if owner in known and column.name in known[owner].column_names:
                target[owner].add(column.name)
    return conditions, others


def tables_compared(model: Model) -> set[str]:
    """Reference registers (参照库 in the contract) every hit needs rows of: read only through
    inner joins, in SQL without a UNION (whose branches may each do without one table)."""
    from jiancha.schema import contract

    registers = {n for n, t in contract().tables.items() if "参照库" in (t.description or "")}
    tree = sqltree.parse(model.render(_ANY_DATE))
    if tree.find(exp.Union) is not None:
        return set()
    inner: set[str] = set()
    other: set[str] = set()
    for table in tree.find_all(exp.Table):
        if table.name not in model.tables or table.name not in registers:
            continue
        join = table.parent if isinstance(table.parent, exp.Join) else None
        if join is not None and not join.side and join.kind in ("", "INNER"):
            inner.add(table.name)
        else:
            other.add(table.name)
    return inner - other


def _sources(column: exp.Column, model: Model) -> set[str]:
    select = column.find_ancestor(exp.Select)
    if select is None:
        return set()
    direct = [t.name for t in select.find_all(exp.Table) if t.find_ancestor(exp.Select) is select]
    return {name for name in direct if name in model.tables}


def _count(wh: Warehouse, seen: _Seen, table: str) -> int:
    if table not in seen.counts:
        seen.counts[table] = int(wh.scalar(f'SELECT count(*) FROM "{table}"') or 0)
    return seen.counts[table]


def _all_null(wh: Warehouse, seen: _Seen, table: str) -> set[str]:
    """Columns of ``table`` without a single non-NULL value (one scan per table)."""
    if table not in seen.null_columns:
        cols = seen.columns[table]
        counts = ", ".join(f'count("{c}")' for c in cols)
        row = wh.one(f'SELECT {counts} FROM "{table}"') or ()
        seen.null_columns[table] = {c for c, n in zip(cols, row, strict=True) if n == 0}
    return seen.null_columns[table]
