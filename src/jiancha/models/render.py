"""Model SQL → runnable DuckDB SQL, and DuckDB SQL → Spark SQL.

Model SQL is written in DuckDB's dialect with two kinds of placeholders:

``${name}``
    a parameter (or the built-in ``as_of``) rendered as a SQL literal: numbers as numbers,
    strings quoted, dates as ``DATE 'YYYY-MM-DD'``, lists as ``('a', 'b')`` for ``IN``.

``${helper(arg, ...)}``
    one of the few helpers below, expanded to SQL text before parsing. Date arithmetic and
    the notion of "the same person" live here, in one place:

    - ``add_months(d, n)`` → ``CAST(d + INTERVAL (n) MONTH AS DATE)``. Calendar months with
      month-end clamping: 2023-01-31 + 1 month = 2023-02-28, 2024-01-31 + 1 = 2024-02-29
      (DuckDB clamps; Spark 3's ``add_months``, which :func:`to_spark` emits, clamps the same
      way and, since 3.0, no longer snaps a month-end start to the month end). ``n`` may be
      any integer expression, negative to go back.
    - ``add_days(d, n)`` → ``CAST(d + INTERVAL (n) DAY AS DATE)`` (Spark: ``DATE_ADD``).
    - ``days_between(a, b)`` → ``date_diff('day', a, b)``, the days from a to b; the first
      day is not counted (刑诉法 art. 105), so a detention from the 1st to the 15th is 14
      days (Spark: ``DATEDIFF(b, a)``).
    - ``same_person(a, b)`` → the join condition for "the same person" until linking
      lands: equal normalised id_number, NULL or empty never matching. The linking issue
      replaces this one definition (and ``person_key``) with ``person_id``.
    - ``person_key(x)`` → the grouping key of a person or organisation: the trimmed
      id_number / org_code, NULL when empty.
    - ``offense_code(x)`` → the code of an offence written as code, Chinese name or 罪名
      (theft, 盗窃, 盗窃罪 → theft), from the contract's ``violation`` enumeration.
    - ``commutation_group(prisoner, judgment, ruled_at, supplement_from, supplement_in_force)``
      → which commutation rules a prisoner falls under for a ruling of ``ruled_at``
      (supplement / stricter / ordinary), ``commutation_group_label(group)`` its Chinese name,
      and ``commutation_relaxed(prisoner, delivered_at)`` whether arts. 19–20 loosen the
      limits by up to a third: the commutation models share this reading of
      法释〔2016〕23号 arts. 6–7, 19–20 and the 2019 supplement;
      ``commutation_earliest(start, months, relaxed)`` the earliest day of a start or an
      interval (at most a third shorter when relaxed), and ``commutation_reductions(as_of)``
      the months each prisoner's commutations take off (each ruling once; art. 32).

Deadlines: every "more than N" is strict, and a deadline model compares the date the act
was done (or ``as_of`` when it was not done by then) with the deadline, so a late act is a
hit as well as a missing one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import sqlglot
from sqlglot import exp

PARAM_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
# An innermost helper call: its arguments contain no further placeholder.
HELPER_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\(([^${}]*)\)\}")


class RenderError(ValueError):
    """A placeholder that cannot be rendered; the caller adds the file name."""


def sql_literal(value: Any) -> str:
    """A parameter value as a DuckDB literal."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, list | tuple):
        return "(" + ", ".join(sql_literal(v) for v in value) + ")"
    return "'" + str(value).replace("'", "''") + "'"


def render(sql: str, values: Mapping[str, Any], *, linked: bool = False) -> str:
    """Substitute parameters, then expand helpers (innermost first).

    ``linked``: the warehouse has been through ``jiancha link``, so "the same person" is the
    same ``person_id`` (and organisation ``org_id``) instead of the same id_number.
    """
    helpers = {**HELPERS, **LINKED_HELPERS} if linked else HELPERS

    def expand(match: re.Match[str]) -> str:
        return _expand_helper(match, helpers)

    def param(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise RenderError(f"SQL 使用了未声明的参数 ${{{name}}}")
        return sql_literal(values[name])

    text = PARAM_RE.sub(param, sql)
    while True:
        expanded = HELPER_RE.sub(expand, text)
        if expanded == text:
            break
        text = expanded
    leftover = re.search(r"\$\{[^}]*\}?", text)
    if leftover:
        raise RenderError(f"无法识别的占位符 {leftover.group(0)}")
    return text


def _expand_helper(match: re.Match[str], helpers: Mapping[str, Callable[..., str]]) -> str:
    name, raw = match.group(1), match.group(2)
    helper = helpers.get(name)
    if helper is None:
        known = "、".join(helpers)
        raise RenderError(f"未知的辅助函数 {name}()；可用：{known}")
    args = split_args(raw)
    arity = helper.__code__.co_argcount
    if len(args) != arity:
        raise RenderError(f"辅助函数 {name}() 需要 {arity} 个参数，得到 {len(args)} 个")
    return helper(*args)


def split_args(raw: str) -> list[str]:
    """Split on commas outside parentheses and quotes."""
    args: list[str] = []
    depth, quoted, start = 0, False, 0
    for i, ch in enumerate(raw):
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
        elif not quoted and depth == 0 and ch == ",":
            args.append(raw[start:i].strip())
            start = i + 1
    args.append(raw[start:].strip())
    return [a for a in args if a] if raw.strip() else []


def _add_months(d: str, n: str) -> str:
    return f"CAST(({d}) + INTERVAL ({n}) MONTH AS DATE)"


def _add_days(d: str, n: str) -> str:
    return f"CAST(({d}) + INTERVAL ({n}) DAY AS DATE)"


def _days_between(a: str, b: str) -> str:
    return f"date_diff('day', {a}, {b})"


def _same_person(a: str, b: str) -> str:
    return f"({a} = {b} AND TRIM({a}) <> '')"


def _person_key(x: str) -> str:
    return f"NULLIF(TRIM({x}), '')"


def _linked_same_person(a: str, b: str) -> str:
    from jiancha.link import person_column

    return f"({person_column(a)} = {person_column(b)})"


def _linked_person_key(x: str) -> str:
    from jiancha.link import person_column

    return person_column(x)


def _commutation_group(
    prisoner: str, judgment: str, ruled_at: str, supplement_from: str, supplement_in_force: str
) -> str:
    """The commutation rules a fixed-term prisoner falls under for a ruling of ``ruled_at``:

    - ``supplement``: the 2019 supplement (in force from ``supplement_in_force``, 2019-06-01, for
      rulings from that day) covers offenders sentenced under chapter 8 of the criminal law
      (贪污贿赂) after 刑法修正案（九） (``supplement_from``, 2015-11-01) who were state
      functionaries; the sentencing date is the judgment's, or the term's start when unknown
      (custody precedes the judgment), so an unknown date never brings it in;
    - ``stricter``: 法释〔2016〕23号 art. 7 (duty and financial crimes, 涉黑, recidivists, and
      ten years or more for the violent crimes its second paragraph names, by the charge);
      恶势力 (``evil_force``) is not 涉黑, and the old code ``organized`` (涉黑 or 涉恶, unknown
      which) is not stricter;
    - ``ordinary`` otherwise. A NULL charge, category or flag never puts anyone in a stricter
      group."""
    p, j = prisoner, judgment
    # chapter 3's bribery of and by non-state functionaries and foreign officials is not chapter 8
    charge = (
        f"REPLACE(REPLACE(REPLACE({j}.charge, '对非国家工作人员行贿', ''), "
        "'非国家工作人员受贿', ''), '对外国公职人员、国际公共组织官员行贿', '')"
    )
    chapter8 = " OR ".join(
        f"{charge} LIKE '%{word}%'"
        for word in ("贪污", "挪用公款", "贿", "巨额财产来源不明", "隐瞒境外存款", "私分")
    )
    # art. 7 para. 2: the violent crimes it names, sentenced to ten years or more
    violent = " OR ".join(
        f"{j}.charge LIKE '%{word}%'"
        for word in ("故意杀人", "强奸", "抢劫", "绑架", "放火", "爆炸", "投放危险物质")
    )
    return (
        f"(CASE WHEN {ruled_at} >= {supplement_in_force} "
        f"AND COALESCE({p}.state_functionary, FALSE) "
        f"AND COALESCE({j}.decided_at, {p}.term_start) >= {supplement_from} "
        f"AND ({chapter8}) THEN 'supplement' "
        f"WHEN {p}.crime_category IN ('duty', 'financial', 'mafia') "
        f"OR COALESCE({p}.recidivist, FALSE) "
        f"OR ({p}.original_term_months >= 120 AND ({violent})) THEN 'stricter' "
        "ELSE 'ordinary' END)"
    )


def _commutation_group_label(group: str) -> str:
    return (
        f"(CASE {group} WHEN 'supplement' THEN '贪污贿赂（2019年补充规定）' "
        "WHEN 'stricter' THEN '从严（第七条）' ELSE '一般' END)"
    )


def _offense_code(x: str) -> str:
    from jiancha.schema import contract

    codes = contract().table("admin_penalty").column("violation").allowed
    whens = []
    for code, label in codes.items():
        spellings = {code, label, label + "罪", *_CHARGE_NAMES.get(code, ())}
        listed = ", ".join(sql_literal(s) for s in sorted(spellings))
        whens.append(f"WHEN TRIM({x}) IN ({listed}) THEN '{code}'")
    return f"(CASE {' '.join(whens)} ELSE TRIM({x}) END)"


def _commutation_relaxed(prisoner: str, delivered_at: str) -> str:
    """Whether 法释〔2016〕23号 art. 19 or 20 may loosen a prisoner's commutation limits by up
    to one third: recorded as ``relaxation`` (juvenile, or old, seriously ill or disabled and
    unable to care for oneself), or under 18 on the day the term began to be served (a person
    is 18 from the day after the 18th birthday). Art. 19 does not reach the offenders of 刑法
    art. 81 ¶2 (recidivists, violent crimes of ten years or more)."""
    p = prisoner
    eighteen = _add_months(f"{p}.birth_date", "216")
    juvenile = (
        f"(({p}.relaxation = 'juvenile' OR {delivered_at} <= {eighteen})"
        f" AND NOT COALESCE({p}.recidivist, FALSE)"
        f" AND NOT ({p}.crime_category = 'violent' AND {p}.original_term_months >= 120))"
    )
    old = f"{p}.relaxation = 'elderly_ill_disabled'"
    return f"(COALESCE({juvenile}, FALSE) OR COALESCE({old}, FALSE))"


def _commutation_earliest(start: str, months: str, relaxed: str) -> str:
    """The earliest day ``months`` after ``start``; when ``relaxed`` (arts. 19-20) the period
    is shortened by at most a third of its days (rounded so the shortening never exceeds it)."""
    days = _days_between(start, _add_months(start, months))
    return _add_days(
        start, f"(CASE WHEN {relaxed} THEN CAST(CEIL(2 * {days} / 3.0) AS INTEGER) ELSE {days} END)"
    )


def _commutation_reductions(as_of: str) -> str:
    """A derived table of the months each prisoner's commutations ruled by ``as_of`` take off
    (prisoner_id, reduction_months, commutation_ids): a ruling recorded twice (same day, same
    reduction) counts once, and the rulings before a re-ruling after a retrial lapsed
    (法释〔2016〕23号 art. 32)."""
    rulings = (
        "SELECT c.prisoner_id, c.ruled_at, c.reduction_months, MIN(c.record_id) AS record_id, "
        "MAX(CASE WHEN COALESCE(c.after_retrial, FALSE) THEN 1 ELSE 0 END) AS after_retrial "
        "FROM execution_change AS c "
        f"WHERE c.kind = 'commutation' AND c.reduction_months > 0 AND c.ruled_at <= {as_of} "
        "GROUP BY c.prisoner_id, c.ruled_at, c.reduction_months"
    )
    counted = (
        "SELECT r.*, MIN(CASE WHEN r.after_retrial = 1 THEN r.ruled_at END) "
        "OVER (PARTITION BY r.prisoner_id) AS first_re_ruling "
        f"FROM ({rulings}) AS r"
    )
    return (
        "(SELECT k.prisoner_id, SUM(k.reduction_months) AS reduction_months, "
        "array_to_string(list_sort(list(k.record_id)), ';') AS commutation_ids "
        f"FROM ({counted}) AS k "
        "WHERE k.after_retrial = 1 OR k.first_re_ruling IS NULL OR k.ruled_at > k.first_re_ruling "
        "GROUP BY k.prisoner_id)"
    )


# 罪名 spelled as in judgments, beyond "<label>罪".
_CHARGE_NAMES: dict[str, tuple[str, ...]] = {
    "counterfeit_goods": ("生产、销售伪劣产品罪", "生产、销售伪劣产品", "生产销售伪劣产品罪"),
    "drunk_driving": ("醉驾", "醉酒驾驶"),
}

HELPERS: dict[str, Callable[..., str]] = {
    "add_months": _add_months,
    "add_days": _add_days,
    "days_between": _days_between,
    "same_person": _same_person,
    "person_key": _person_key,
    "offense_code": _offense_code,
    "commutation_group": _commutation_group,
    "commutation_group_label": _commutation_group_label,
    "commutation_relaxed": _commutation_relaxed,
    "commutation_earliest": _commutation_earliest,
    "commutation_reductions": _commutation_reductions,
}
# After linking, the person join is the linked person_id / org_id (one place).
LINKED_HELPERS: dict[str, Callable[..., str]] = {
    "same_person": _linked_same_person,
    "person_key": _linked_person_key,
}


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
            return exp.DateAdd(this=start, expression=amount)
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
