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
    - ``commutation_group(prisoner, judgment, supplement_from)`` → which commutation rules a
      prisoner falls under (supplement / stricter / ordinary), and
      ``commutation_group_label(group)`` its Chinese name: the three commutation models share
      this reading of 法释〔2016〕23号 arts. 6–7 and the 2019 supplement.

Deadlines: every "more than N" is strict, and a deadline model compares the date the act
was done (or ``as_of`` when it was not done by then) with the deadline, so a late act is a
hit as well as a missing one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

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


def _commutation_group(prisoner: str, judgment: str, supplement_from: str) -> str:
    """The commutation rules a fixed-term prisoner falls under (法释〔2016〕23号 arts. 6, 7 and
    the 2019 supplement): ``supplement`` (贪污贿赂 sentenced from ``supplement_from``),
    ``stricter`` (duty, financial, organised crime, recidivists) or ``ordinary``."""
    p, j = prisoner, judgment
    return (
        f"(CASE WHEN {p}.crime_category = 'duty' "
        f"AND COALESCE({j}.decided_at, {p}.term_start, {p}.admitted_at) >= {supplement_from} "
        f"AND ({j}.charge IS NULL OR {j}.charge LIKE '%贪污%' OR {j}.charge LIKE '%贿%') "
        "THEN 'supplement' "
        f"WHEN {p}.crime_category IN ('duty', 'financial', 'organized') "
        f"OR COALESCE({p}.recidivist, FALSE) THEN 'stricter' "
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
}
# After linking, the person join is the linked person_id / org_id (one place).
LINKED_HELPERS: dict[str, Callable[..., str]] = {
    "same_person": _linked_same_person,
    "person_key": _linked_person_key,
}
