"""Rendered model SQL as sqlglot reads it: the tables a model reads, its output columns, and
its Spark SQL. Apart from :mod:`.render` (plain text), so that a run whose models' parses
are all cached (``.jiancha/models.json``) never imports sqlglot."""

from __future__ import annotations

import sqlglot
from sqlglot import exp


def parse(sql: str) -> exp.Expression:
    """Parse rendered DuckDB SQL; sqlglot's ParseError propagates."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    if not isinstance(tree, exp.Expression):
        raise sqlglot.errors.ParseError("空的 SQL")
    return tree


def tables_read(tree: exp.Expression) -> tuple[str, ...]:
    """The warehouse tables a query reads: every table reference that is not a CTE."""
    ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    names = {t.name for t in tree.find_all(exp.Table) if t.name and t.name not in ctes}
    return tuple(sorted(names))


def output_columns(tree: exp.Expression) -> list[str] | None:
    """The named output columns, or None when the query selects ``*``."""
    if not isinstance(tree, exp.Query):
        return None
    selects = tree.selects
    if any(isinstance(s, exp.Star) or s.is_star for s in selects):
        return None
    return list(tree.named_selects)


def to_spark(duckdb_sql: str) -> str:
    """DuckDB SQL as Spark SQL, with interval arithmetic as Spark's date functions."""
    tree = parse(duckdb_sql).transform(_spark_dates)
    return tree.sql(dialect="spark")


def _spark_dates(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Add | exp.Sub) and isinstance(node.expression, exp.Interval):
        interval = node.expression
        unit = interval.text("unit").upper()
        # a replaced node's children are not visited again: transform them here
        start = node.this.copy().transform(_spark_dates)
        amount = interval.this.unnest().copy().transform(_spark_dates)
        if isinstance(node, exp.Sub):
            amount = exp.Neg(this=exp.Paren(this=amount))
        if unit == "MONTH":
            return exp.AddMonths(this=start, expression=amount)
        if unit == "DAY":
            # Spark's DATE_ADD takes an INT (DuckDB's day counts are BIGINT)
            days = exp.Cast(this=amount, to=exp.DataType.build("INT"))
            return exp.DateAdd(this=start, expression=days)
    if isinstance(node, exp.PercentileCont) and node.expression is not None:
        # DuckDB's QUANTILE_CONT(x, p) is Spark's PERCENTILE(x, p) (also as a window function);
        # Spark's PERCENTILE_CONT only takes the WITHIN GROUP form.
        return exp.Anonymous(
            this="PERCENTILE",
            expressions=[
                node.this.copy().transform(_spark_dates),
                node.expression.copy().transform(_spark_dates),
            ],
        )
    if isinstance(node, exp.Round):
        return _duckdb_round(node)
    if isinstance(node, exp.TryCast) and node.to.is_type(exp.DataType.Type.DATE):
        return _duckdb_date(node.this.copy().transform(_spark_dates))
    if isinstance(node, exp.DateDiff) and node.text("unit").upper() == "DAY":
        return exp.DateDiff(
            this=node.this.copy().transform(_spark_dates),
            expression=node.expression.copy().transform(_spark_dates),
        )
    return node


# DuckDB rounds a DOUBLE by its exact binary value (90 - 14.45 is 75.5499999…: 75.5), Spark by
# its shortest decimal spelling ("75.55": 75.6). Where the exact value lies just below a tie
# the spelling shows, the argument is moved a few units in the last place toward zero, which
# makes Spark round as DuckDB does; elsewhere it is multiplied by 1. Whether it lies below is
# decided exactly: |x| * 10^n is a double p plus an error e found by Dekker's product (x split
# in two halves of 26 bits, each multiplied without rounding). On a DECIMAL or an integer the
# arithmetic is exact decimal, e is 0, a tie is not below, and the type stays (no DOUBLE).
_ROUND_TEMPLATE = """ROUND(__x * (1 - CASE WHEN FLOOR({d} * 1000000) = -1
    THEN 0.000000000000001 ELSE 0 END), {n})"""
_ROUND_ERROR = "(({hi} * {c} - {p}) + (ABS(__x) - {hi}) * {c})"


def _duckdb_round(node: exp.Round) -> exp.Expression:
    arg = exp.paren(node.this.copy().transform(_spark_dates), copy=False)
    decimals = node.args.get("decimals")
    places = 0 if decimals is None else _integer(decimals)
    if places is None or not 0 <= places <= 7:
        # a column's or a negative number of places: Spark's ROUND as it is
        return exp.Round(this=arg.unnest(), decimals=decimals.copy() if decimals else None)
    c = str(10**places)
    p = f"(ABS(__x) * {c})"
    hi = "(ABS(__x) * 134217729 - (ABS(__x) * 134217729 - ABS(__x)))"
    error = _ROUND_ERROR.format(hi=hi, c=c, p=p)
    below = f"(({p} - (FLOOR({p}) + 0.5)) + {error})"
    tree = sqlglot.parse_one(_ROUND_TEMPLATE.format(d=below, n=places), read="spark")
    return tree.transform(
        lambda n: arg.copy() if isinstance(n, exp.Column) and n.name == "__x" else n
    )


def _integer(node: exp.Expression) -> int | None:
    value = node.unnest()
    if isinstance(value, exp.Neg) and isinstance(value.this, exp.Literal):
        return -int(value.this.name) if value.this.name.isdigit() else None
    if isinstance(value, exp.Literal) and not value.is_string and value.name.isdigit():
        return int(value.name)
    return None


# DuckDB reads a text as a date only when it has a year, a month and a day (2026-01-01,
# 2026/1/1, with a time after it or not); Spark also reads '2026', '2026-01' and '+2026-01-01'
# (as 2026-01-01) and not '2026/01/01'. A text of another shape is NULL on both.
_DATE_SHAPE = r"^\\s*[0-9]{4}([-/])[0-9]{1,2}\\1[0-9]{1,2}"


def _duckdb_date(text: exp.Expression) -> exp.Expression:
    tree = sqlglot.parse_one(
        f"CASE WHEN REGEXP_LIKE(__x, '{_DATE_SHAPE}') "
        "THEN TRY_CAST(REPLACE(__x, '/', '-') AS DATE) END",
        read="spark",
    )
    wrapped = exp.paren(text, copy=False)
    return tree.transform(
        lambda n: wrapped.copy() if isinstance(n, exp.Column) and n.name == "__x" else n
    )
