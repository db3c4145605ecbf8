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
    if isinstance(node, exp.DateDiff) and node.text("unit").upper() == "DAY":
        return exp.DateDiff(
            this=node.this.copy().transform(_spark_dates),
            expression=node.expression.copy().transform(_spark_dates),
        )
    return node
