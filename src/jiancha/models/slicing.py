"""A model evaluated for some units only (``jiancha run --changed``, a user's scope).

A hit's unit is an output column of the model (header ``unit:``). Following that column back
through the query's CTEs and subqueries finds the table reference its value is read from, the
model's *driving* table (``judgment AS j``). Reading only the rows of the wanted units from
that reference, and every other table (and every other reference to the same table, such as
the earlier judgment of a recidivist) whole, finds exactly the hits of those units a full
evaluation finds, provided rows of different units never meet on the way: every relation
computed from the driving rows keeps, in a column, the unit or the record id of the driving
row it comes from, and rows computed from driving rows meet only on those columns (a join
on them, a GROUP BY or a window PARTITION BY including one); a LIMIT, a global aggregate or a
subquery condition over driving rows is not allowed. Where that cannot be shown from the SQL
the model is evaluated whole, and :func:`slice_plan` says why. The SQL of the models is not
edited: the reference is swapped for the warehouse's slice of its table
(:meth:`jiancha.warehouse.engine.Warehouse.unit_slice`), which on Spark reads only the
Parquet partitions of those units.
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
    return _analyse(sql, unit, columns)[2]


def sliced_sql(
    sql: str,
    unit: str | None,
    columns: Callable[[str], Sequence[str] | None],
    relation: Callable[[str], str],
) -> tuple[str, SlicePlan]:
    """The rendered model SQL with its driving table reference read from ``relation(table)``
    (a parenthesised query of the wanted units' rows, DuckDB SQL); the SQL unchanged when
    the model is evaluated whole."""
    tree, tables, plan = _analyse(sql, unit, columns)
    if tree is None:
        return sql, plan
    for table in tables:
        alias = table.alias or table.name
        sliced = exp.Subquery(
            this=parse(relation(table.name)).unnest(),
            alias=exp.TableAlias(this=exp.to_identifier(alias)),
        )
        table.replace(sliced)
    return tree.sql(dialect="duckdb"), plan


def _analyse(
    sql: str, unit: str | None, columns: Callable[[str], Sequence[str] | None]
) -> tuple[exp.Expr | None, list[exp.Table], SlicePlan]:
    try:
        tree = parse(sql)
        tables = _driving(tree, unit, columns)
    except _Whole as why:
        return None, [], SlicePlan(None, str(why))
    except SqlglotError as exc:  # a model sqlglot cannot read runs as it is (whole)
        return None, [], SlicePlan(None, f"SQL 无法分析：{exc}")
    return tree, tables, SlicePlan(tables[0].name)


def _driving(
    tree: exp.Expr, unit: str | None, columns: Callable[[str], Sequence[str] | None]
) -> list[exp.Table]:
    if not unit:
        raise _Whole("模型没有单位字段")
    if not isinstance(tree, exp.Query):
        raise _Whole("不是查询语句")
    ctes = {cte.alias_or_name: cte for cte in tree.find_all(exp.CTE)}
    found = _Tracer(ctes, columns).trace(tree, unit)
    names = {t.name for t in found}
    if len(names) != 1:
        raise _Whole(f"单位来自多张表（{'、'.join(sorted(names))}）")
    tags = _Locality(ctes, columns, found).relation(tree)
    if tags is None or UNIT not in tags.get(unit, set()):
        raise _Whole("单位字段不是驱动表各行自己的单位")
    return found


class _Tracer:
    """Where an output column is read from, as it is (not computed)."""

    def __init__(
        self, ctes: dict[str, exp.CTE], columns: Callable[[str], Sequence[str] | None]
    ) -> None:
        self.ctes, self.columns = ctes, columns

    def trace(self, query: exp.Expr, name: str) -> list[exp.Table]:
        """The warehouse table references the output column ``name`` of ``query`` is read
        from."""
        if isinstance(query, exp.Subquery):
            return self.trace(query.this, name)
        if isinstance(query, exp.Union) and not isinstance(query, exp.Intersect | exp.Except):
            left, right = query.left, query.right
            names, other = _named(left), _named(right)
            if name not in names or len(other) != len(names):
                raise _Whole(f"集合运算中找不到单位字段 {name}")
            return self.trace(left, name) + self.trace(right, other[names.index(name)])
        if not isinstance(query, exp.Select):
            raise _Whole(f"单位字段经过 {query.key.upper()} 运算")
        column = _projection(query, name)
        if column is None:
            raise _Whole(f"单位字段 {name} 是计算得出的，不是表中的列")
        source = _source_of(query, column, self._has_column)
        if isinstance(source, exp.Subquery):
            return self.trace(source.this, column.name)
        if not isinstance(source, exp.Table):
            raise _Whole(f"单位字段来自 {source.key.upper()}")
        if not source.db and source.name in self.ctes:
            return self.trace(self.ctes[source.name].this, column.name)
        if column.name != UNIT_COLUMN:
            raise _Whole(f"单位字段取自 {source.name}.{column.name}，不是 {UNIT_COLUMN}")
        return [source]

    def _has_column(self, source: exp.Expr, name: str) -> bool:
        if isinstance(source, exp.Subquery):
            return name in _named(source.this) or _starred(source.this)
        if isinstance(source, exp.Table):
            if not source.db and source.name in self.ctes:
                query = self.ctes[source.name].this
                return name in _named(query) or _starred(query)
            known = self.columns(source.name)
            return known is None or name in known
        return True  # a function or VALUES: cannot tell, so the column stays ambiguous


UNIT, ROW = "unit", "row"
Tags = dict[str, set[str]]  # output column -> which of the driving row's (unit, record id)


class _Locality:
    """Which columns of each relation computed from the driving rows carry the driving
    row's unit or record id; raises _Whole where rows of different units could meet."""

    def __init__(
        self,
        ctes: dict[str, exp.CTE],
        columns: Callable[[str], Sequence[str] | None],
        driving: list[exp.Table],
    ) -> None:
        self.ctes, self.columns = ctes, columns
        self.driving = {id(t) for t in driving}
        self.memo: dict[str, Tags | None] = {}

    def relation(self, node: exp.Expr) -> Tags | None:
        """The tags of a relation's columns; None when no driving row reaches it."""
        if isinstance(node, exp.Subquery):
            return self.relation(node.this)
        if isinstance(node, exp.Table):
            return self._table(node)
        if isinstance(node, exp.Union):
            return self._union(node)
        if isinstance(node, exp.Select):
            return self._select(node)
        if self._depends(node):
            raise _Whole(f"驱动表的行经过 {node.key.upper()}")
        return None

    def _table(self, table: exp.Table) -> Tags | None:
        if id(table) in self.driving:
            names = self.columns(table.name) or [UNIT_COLUMN, "record_id"]
            tags: Tags = {name: set() for name in names}
            tags[UNIT_COLUMN], tags["record_id"] = {UNIT}, {ROW}
            return tags
        if table.db or table.name not in self.ctes:
            return None
        if table.name not in self.memo:
            self.memo[table.name] = None  # a recursive CTE reads itself as it was
            self.memo[table.name] = self.relation(self.ctes[table.name].this)
        return self.memo[table.name]

    def _union(self, union: exp.Union) -> Tags | None:
        if isinstance(union, exp.Intersect | exp.Except) and self._depends(union):
            raise _Whole("驱动表的行经过 INTERSECT/EXCEPT")
        sides = [self.relation(union.left), self.relation(union.right)]
        if sides == [None, None]:
            return None
        if None in sides:
            raise _Whole("集合运算的一边不来自驱动表")
        left, right = sides[0] or {}, sides[1] or {}
        names, other = _named(union.left), _named(union.right)
        return {
            name: left.get(name, set()) & right.get(other[i], set()) if i < len(other) else set()
            for i, name in enumerate(names)
        }

    def _select(self, select: exp.Select) -> Tags | None:
        sources = _sources(select)
        tags = {alias: self.relation(source) for alias, source in sources.items()}
        dependent = {alias: t for alias, t in tags.items() if t is not None}
        nested = [
            value
            for key, value in select.args.items()
            if key not in ("from_", "from", "joins", "with_", "with") and value is not None
        ]
        for join in select.args.get("joins") or []:
            nested.extend(v for k, v in join.args.items() if k != "this" and v is not None)
        if any(self._depends(v) for v in _flatten(nested)):
            raise _Whole("驱动表的行用在子查询条件中")
        if not dependent:
            return None
        _check_rows_kept(select)
        self._check_joins(select, dependent)
        known = {alias: set(t) if t is not None else None for alias, t in tags.items()}

        def tagged(node: exp.Expr) -> set[str]:
            node = node.unalias()
            if not isinstance(node, exp.Column):
                return set()
            alias = node.table or _only_source(known, node.name)
            found = dependent.get(alias or "")
            return found.get(node.name, set()) if found is not None else set()

        _check_mixing(select, tagged)
        return _outputs(select, tags, tagged)

    def _check_joins(self, select: exp.Select, dependent: dict[str, Tags]) -> None:
        """A second relation of driving rows is joined on the unit or the record id."""
        seen: list[str] = []
        relations = [select.args.get("from_") or select.args.get("from")]
        relations += list(select.args.get("joins") or [])
        for holder in relations:
            if holder is None:
                continue
            alias = holder.this.alias_or_name
            if alias not in dependent:
                continue
            if seen and not _joined_on_tags(holder, alias, seen, dependent):
                raise _Whole("两个来自驱动表的关系不按单位或记录联接")
            seen.append(alias)

    def _depends(self, node: exp.Expr) -> bool:
        for table in node.find_all(exp.Table):
            if id(table) in self.driving:
                return True
            if not table.db and table.name in self.ctes and self._table(table) is not None:
                return True
        return False


def _flatten(values: list[object]) -> list[exp.Expr]:
    found: list[exp.Expr] = []
    for value in values:
        if isinstance(value, exp.Expr):
            found.append(value)
        elif isinstance(value, list):
            found.extend(v for v in value if isinstance(v, exp.Expr))
    return found


def _joined_on_tags(
    join: exp.Expr, alias: str, seen: list[str], dependent: dict[str, Tags]
) -> bool:
    condition = join.args.get("on")
    if condition is None:
        return False
    for eq in _conjuncts(condition):
        if not isinstance(eq, exp.EQ):
            continue
        a, b = eq.this, eq.expression
        if not isinstance(a, exp.Column) or not isinstance(b, exp.Column):
            continue
        for mine, theirs in ((a, b), (b, a)):
            if mine.table != alias or theirs.table not in seen:
                continue
            if dependent[alias].get(mine.name, set()) & dependent[theirs.table].get(
                theirs.name, set()
            ):
                return True
    return False


def _conjuncts(condition: exp.Expr) -> list[exp.Expr]:
    condition = condition.unnest()
    if isinstance(condition, exp.And):
        return _conjuncts(condition.this) + _conjuncts(condition.expression)
    return [condition]


def _check_mixing(select: exp.Select, tagged: Callable[[exp.Expr], set[str]]) -> None:
    """Rows of different units never meet in an aggregate or a window of this SELECT."""
    group = select.args.get("group")
    if group is not None:
        if group.args.get("all"):
            keys = [s for s in select.selects if not s.unalias().find(exp.AggFunc)]
        else:
            keys = [_positional(e, select) for e in group.expressions]
        if not any(tagged(k) for k in keys):
            raise _Whole("汇总（GROUP BY）不按单位或记录分组")
    elif any(_aggregate(node, select) for node in _own(select, exp.AggFunc)):
        raise _Whole("驱动表的行经过不分组的汇总")
    for window in _own(select, exp.Window):
        if not any(tagged(e) for e in window.args.get("partition_by") or []):
            raise _Whole("窗口函数不按单位或记录分区")


def _outputs(
    select: exp.Select,
    tags: dict[str, Tags | None],
    tagged: Callable[[exp.Expr], set[str]],
) -> Tags:
    out: Tags = {}
    for item in select.selects:
        if isinstance(item, exp.Star) or item.is_star:
            source = item.table if isinstance(item, exp.Column) else ""
            for alias, found in tags.items():
                if found is not None and (not source or alias == source):
                    out.update({name: set(t) for name, t in found.items()})
        else:
            out[item.alias_or_name] = tagged(item)
    return out


def _only_source(known: dict[str, set[str] | None], name: str) -> str | None:
    """The one source with a column ``name`` (one of unknown columns counts as having it)."""
    having = [alias for alias, cols in known.items() if cols is None or name in cols]
    return having[0] if len(having) == 1 else None


def _projection(select: exp.Select, name: str) -> exp.Column | None:
    """The column ``name`` of a SELECT's output as read from a source (None: computed)."""
    for item in select.selects:
        if not isinstance(item, exp.Star) and not item.is_star and item.alias_or_name == name:
            inner = item.unalias()
            return inner if isinstance(inner, exp.Column) and inner.name else None
    for item in select.selects:
        if isinstance(item, exp.Star) or item.is_star:
            if item.args.get("except") or item.args.get("replace"):
                raise _Whole("单位字段经过带 EXCLUDE/REPLACE 的 *")
            source = item.table if isinstance(item, exp.Column) else ""
            return exp.column(name, table=source) if source else exp.column(name)
    raise _Whole(f"查询不输出单位字段 {name}")


def _source_of(
    select: exp.Select,
    column: exp.Column,
    has_column: Callable[[exp.Expr, str], bool],
) -> exp.Expr:
    sources = _sources(select)
    if column.table:
        source = sources.get(column.table)
        if source is None:
            raise _Whole(f"找不到 {column.table}.{column.name} 的来源")
        return source
    having = [s for s in sources.values() if has_column(s, column.name)]
    if len(having) != 1:
        raise _Whole(f"无法确定 {column.name} 来自哪张表")
    return having[0]


def _named(query: exp.Expr) -> list[str]:
    return list(query.named_selects) if isinstance(query, exp.Query) else []


def _starred(query: exp.Expr) -> bool:
    if isinstance(query, exp.Union):
        return _starred(query.left)
    return isinstance(query, exp.Select) and any(
        isinstance(s, exp.Star) or s.is_star for s in query.selects
    )


def _sources(select: exp.Select) -> dict[str, exp.Expr]:
    """The relations of a SELECT's FROM and JOINs, by alias (a table without one: its name)."""
    found: dict[str, exp.Expr] = {}
    relations = [select.args.get("from_") or select.args.get("from")]
    relations += list(select.args.get("joins") or [])
    for holder in relations:
        if holder is not None:
            found[holder.this.alias_or_name] = holder.this
    return found


def _own(select: exp.Select, kind: type[exp.Expr]) -> list[exp.Expr]:
    """The nodes of ``kind`` of this SELECT itself, not of the queries nested in it."""
    return [node for node in select.find_all(kind) if node.find_ancestor(exp.Select) is select]


def _check_rows_kept(select: exp.Select) -> None:
    for part in ("limit", "offset", "qualify"):
        if select.args.get(part):
            raise _Whole(f"驱动表的行经过 {part.upper()}")
    distinct = select.args.get("distinct")
    if distinct is not None and distinct.args.get("on"):
        raise _Whole("驱动表的行经过 DISTINCT ON")


def _positional(key: exp.Expr, select: exp.Select) -> exp.Expr:
    """``GROUP BY 2``: the second output column."""
    if isinstance(key, exp.Literal) and not key.is_string and key.name.isdigit():
        index = int(key.name) - 1
        if 0 <= index < len(select.selects):
            return select.selects[index].unalias()
    return key


def _aggregate(node: exp.Expr, select: exp.Select) -> bool:
    return node.find_ancestor(exp.Window, exp.Select) is select
