"""A model evaluated for some units only (``jiancha run --changed``, a user's scope).

A hit's unit is an output column of the model (header ``unit:``). Following that column back
through the query's CTEs and subqueries finds the one table reference its value is read from,
the model's *driving* table (``judgment AS j``). Reading only the rows of the wanted units
from that reference, and every other table (and every other reference to the same table,
such as the earlier judgment of a recidivist) whole, finds exactly the hits of those units a
full evaluation finds, provided no step on the way mixes rows of different units: an
aggregate or a window on the way must group by the unit, and a CTE on the way is read once.
Where that cannot be shown from the SQL the model is evaluated whole, and :func:`slice_plan`
says why. The SQL of the models is not edited: the reference is swapped for the warehouse's
slice of its table (:meth:`jiancha.warehouse.engine.Warehouse.unit_slice`), which on Spark
reads only the Parquet partitions of those units.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlglot import exp
from sqlglot.errors import SqlglotError

from jiancha.models.sqltree import parse

UNIT_COLUMN = "unit_code"


class _Whole(Exception):
    """The model must be evaluated whole; the message says why (in Chinese)."""


@dataclass(frozen=True)
class SlicePlan:
    """The driving table of a model, or why it is evaluated whole."""

    table: str | None
    reason: str = ""


def slice_plan(
    sql: str, unit: str | None, columns: Callable[[str], Sequence[str] | None]
) -> SlicePlan:
    """Where rendered model SQL reads the unit of its hits from. ``columns``: a warehouse
    table's columns (None when unknown)."""
    try:
        tables = _driving(parse(sql), unit, columns)
    except _Whole as why:
        return SlicePlan(None, str(why))
    except SqlglotError as exc:
        return SlicePlan(None, f"SQL 无法分析：{exc}")
    return SlicePlan(tables[0].name)


def sliced_sql(
    sql: str,
    unit: str | None,
    columns: Callable[[str], Sequence[str] | None],
    relation: Callable[[str], str],
) -> tuple[str, SlicePlan]:
    """The rendered model SQL with its driving table reference read from ``relation(table)``
    (a parenthesised query of the wanted units' rows, DuckDB SQL); the SQL unchanged when
    the model is evaluated whole."""
    try:
        tree = parse(sql)
        tables = _driving(tree, unit, columns)
    except _Whole as why:
        return sql, SlicePlan(None, str(why))
    except SqlglotError as exc:  # a model sqlglot cannot read runs as it is (whole)
        return sql, SlicePlan(None, f"SQL 无法分析：{exc}")
    for table in tables:
        alias = table.alias or table.name
        sliced = exp.Subquery(
            this=parse(relation(table.name)).unnest(),
            alias=exp.TableAlias(this=exp.to_identifier(alias)),
        )
        table.replace(sliced)
    return tree.sql(dialect="duckdb"), SlicePlan(tables[0].name)


def _driving(
    tree: exp.Expression, unit: str | None, columns: Callable[[str], Sequence[str] | None]
) -> list[exp.Table]:
    if not unit:
        raise _Whole("模型没有单位字段")
    if not isinstance(tree, exp.Query):
        raise _Whole("不是查询语句")
    ctes = {cte.alias_or_name: cte for cte in tree.find_all(exp.CTE)}
    uses: dict[str, int] = {}
    for table in tree.find_all(exp.Table):
        if not table.db and table.name in ctes:
            uses[table.name] = uses.get(table.name, 0) + 1
    found = _Tracer(ctes, uses, columns).trace(tree, unit)
    names = {t.name for t in found}
    if len(names) != 1:
        raise _Whole(f"单位来自多张表（{'、'.join(sorted(names))}）")
    return found


class _Tracer:
    def __init__(
        self,
        ctes: dict[str, exp.CTE],
        uses: dict[str, int],
        columns: Callable[[str], Sequence[str] | None],
    ) -> None:
        self.ctes, self.uses, self.columns = ctes, uses, columns

    def trace(self, query: exp.Expression, name: str) -> list[exp.Table]:
        """The warehouse table references the output column ``name`` of ``query`` is read
        from, as it is (not computed)."""
        if isinstance(query, exp.Subquery):
            return self.trace(query.this, name)
        if isinstance(query, exp.Union) and not isinstance(query, exp.Intersect | exp.Except):
            return self._trace_union(query, name)
        if not isinstance(query, exp.Select):
            raise _Whole(f"单位字段经过 {query.key.upper()} 运算")
        _check_rows_kept(query)
        column = self._projection(query, name)
        _check_grouping(query, column)
        return self._trace_column(query, column)

    def _trace_union(self, query: exp.Union, name: str) -> list[exp.Table]:
        left, right = query.left, query.right
        names = _named(left)
        if name not in names:
            raise _Whole(f"集合运算中找不到单位字段 {name}")
        index = names.index(name)
        other = _named(right)
        if index >= len(other):
            raise _Whole("集合运算的两边列数不同")
        return self.trace(left, name) + self.trace(right, other[index])

    def _projection(self, select: exp.Select, name: str) -> exp.Column:
        for item in select.selects:
            if not isinstance(item, exp.Star) and not item.is_star and item.alias_or_name == name:
                inner = item.unalias()
                if not isinstance(inner, exp.Column) or not inner.name:
                    raise _Whole(f"单位字段 {name} 是计算得出的，不是表中的列")
                return inner
        for item in select.selects:
            if isinstance(item, exp.Star) or item.is_star:
                if item.args.get("except") or item.args.get("replace"):
                    raise _Whole("单位字段经过带 EXCLUDE/REPLACE 的 *")
                source = item.table if isinstance(item, exp.Column) else ""
                return exp.column(name, table=source) if source else exp.column(name)
        raise _Whole(f"查询不输出单位字段 {name}")

    def _trace_column(self, select: exp.Select, column: exp.Column) -> list[exp.Table]:
        sources = _sources(select)
        if column.table:
            source = sources.get(column.table)
            if source is None:
                raise _Whole(f"找不到 {column.table}.{column.name} 的来源")
        else:
            having = [s for s in sources.values() if self._has_column(s, column.name)]
            if len(having) != 1:
                raise _Whole(f"无法确定 {column.name} 来自哪张表")
            source = having[0]
        if isinstance(source, exp.Subquery):
            return self.trace(source.this, column.name)
        if not isinstance(source, exp.Table):
            raise _Whole(f"单位字段来自 {source.key.upper()}")
        if not source.db and source.name in self.ctes:
            if self.uses.get(source.name, 0) != 1:
                raise _Whole(f"单位字段经过被多处读取的 {source.name}")
            return self.trace(self.ctes[source.name].this, column.name)
        if column.name != UNIT_COLUMN:
            raise _Whole(f"单位字段取自 {source.name}.{column.name}，不是 {UNIT_COLUMN}")
        return [source]

    def _has_column(self, source: exp.Expression, name: str) -> bool:
        if isinstance(source, exp.Subquery):
            return name in _named(source.this) or _starred(source.this)
        if isinstance(source, exp.Table):
            if not source.db and source.name in self.ctes:
                query = self.ctes[source.name].this
                return name in _named(query) or _starred(query)
            known = self.columns(source.name)
            return known is None or name in known
        return True  # a function or VALUES: cannot tell, so the column stays ambiguous


def _named(query: exp.Expression) -> list[str]:
    return list(query.named_selects) if isinstance(query, exp.Query) else []


def _starred(query: exp.Expression) -> bool:
    if isinstance(query, exp.Union):
        return _starred(query.left)
    return isinstance(query, exp.Select) and any(
        isinstance(s, exp.Star) or s.is_star for s in query.selects
    )


def _sources(select: exp.Select) -> dict[str, exp.Expression]:
    """The relations of a SELECT's FROM and JOINs, by alias (a table without one: its name)."""
    found: dict[str, exp.Expression] = {}
    relations = [select.args.get("from_") or select.args.get("from")] + list(
        select.args.get("joins") or []
    )
    for holder in relations:
        if holder is None:
            continue
        relation = holder.this
        name = relation.alias_or_name
        found[name] = relation
    return found


def _own(select: exp.Select, kind: type[exp.Expression]) -> list[exp.Expression]:
    """The nodes of ``kind`` of this SELECT itself, not of the queries nested in it."""
    return [node for node in select.find_all(kind) if node.find_ancestor(exp.Select) is select]


def _check_rows_kept(select: exp.Select) -> None:
    for part in ("limit", "offset", "qualify"):
        if select.args.get(part):
            raise _Whole(f"单位字段经过 {part.upper()}")
    distinct = select.args.get("distinct")
    if distinct is not None and distinct.args.get("on"):
        raise _Whole("单位字段经过 DISTINCT ON")


def _check_grouping(select: exp.Select, column: exp.Column) -> None:
    """Rows of different units never meet in an aggregate or a window of this SELECT."""
    group = select.args.get("group")
    if group is not None:
        keys = [_positional(e, select) for e in group.expressions]
        if not group.args.get("all") and not any(_same_column(k, column) for k in keys):
            raise _Whole("汇总（GROUP BY）不按单位分组")
    elif any(_aggregate(node, select) for node in _own(select, exp.AggFunc)):
        raise _Whole("单位字段经过不分组的汇总")
    for window in _own(select, exp.Window):
        partition = window.args.get("partition_by") or []
        if not any(_same_column(e, column) for e in partition):
            raise _Whole("窗口函数不按单位分区")


def _positional(key: exp.Expression, select: exp.Select) -> exp.Expression:
    """``GROUP BY 2``: the second output column."""
    if isinstance(key, exp.Literal) and not key.is_string and key.name.isdigit():
        index = int(key.name) - 1
        if 0 <= index < len(select.selects):
            return select.selects[index].unalias()
    return key


def _same_column(node: exp.Expression, column: exp.Column) -> bool:
    node = node.unalias()
    if not isinstance(node, exp.Column) or node.name != column.name:
        return False
    return not node.table or not column.table or node.table == column.table


def _aggregate(node: exp.Expression, select: exp.Select) -> bool:
    return node.find_ancestor(exp.Window, exp.Select) is select
