"""The DuckDB SQL fast path of value normalisation.

Each function takes a SQL expression of type VARCHAR (already trimmed, empty already NULL)
and returns a SQL expression of the column's type. For the common spellings it computes
the value vectorised, hundreds of thousands of rows a second; for anything else it gives
NULL, and import asks :mod:`jiancha.values` about those few distinct raw values.
So a fast-path expression never yields a value the Python parser would not: it matches a
strict regular expression (built from the same fragments as the parser) before reading
anything, because DuckDB's casts and ``strptime`` are lenient (``'2023109'`` reads as
2023-10-09, ``'1_000'`` as 1000, surrounding spaces are ignored).

Identity numbers and organisation codes have no Python fallback: their expressions equal
:func:`~jiancha.values.normalise_id_number` and
:func:`~jiancha.values.normalise_org_code` for every input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from jiancha import values as p


def sql_str(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _full(expr: str, pattern: str) -> str:
    return f"regexp_full_match({expr}, {sql_str(pattern)})"


def _rewrite(expr: str, pattern: str, template: str) -> str:
    """The match of a full-match ``pattern`` rewritten by ``template`` (``\\1-\\2``)."""
    return f"regexp_replace({expr}, {sql_str('^(?:' + pattern + ')$')}, {sql_str(template)})"


_YMD = r"\1-\2-\3"
_YM = r"\1-\2"


def sql_date(expr: str) -> str:
    """DATE, or NULL where Python must decide."""
    branches = " ".join(
        f"WHEN {_full(expr, pattern)} THEN {_rewrite(expr, pattern, _YMD)}"
        for pattern in p.DATE_PATTERNS
    )
    # The pattern already limits the year to 1900–2100; try_cast rejects 2023-02-30.
    return f"TRY_CAST(CASE {branches} END AS DATE)"


def sql_month(expr: str) -> str:
    """VARCHAR ``YYYY-MM``, or NULL where Python must decide."""
    parts = " ".join(
        f"WHEN {_full(expr, pattern)} THEN {_rewrite(expr, pattern, _YM)}"
        for pattern in p.MONTH_PATTERNS
    )
    ym = f"(CASE {parts} END)"
    month = f"TRY_CAST(split_part({ym}, '-', 2) AS INTEGER)"
    return (
        f"CASE WHEN {month} BETWEEN 1 AND 12 "
        f"THEN split_part({ym}, '-', 1) || '-' || lpad(CAST({month} AS VARCHAR), 2, '0') END"
    )


def sql_amount(expr: str) -> str:
    """DECIMAL(18,2) for plain and grouped numbers, ``元`` and ``N万``/``N万元``; else NULL."""
    cents = "(?:\\.[0-9]{1,2})?"
    plain = f"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+{cents}|[0-9]+{cents})元?"
    wan = "([0-9]+(?:\\.[0-9]{1,6})?)万元?"
    number = f"replace(regexp_extract({expr}, '^[0-9.,]+'), ',', '')"
    # N万 with at most 6 decimals is a whole number of fen: exact in DECIMAL(24,6).
    scaled = f"TRY_CAST(TRY_CAST({number} AS DECIMAL(24,6)) * 10000 AS DECIMAL(18,2))"
    return (
        f"CASE WHEN {_full(expr, plain)} THEN TRY_CAST({number} AS DECIMAL(18,2)) "
        f"WHEN {_full(expr, wan)} THEN {scaled} END"
    )


def sql_integer(expr: str) -> str:
    """INTEGER for plain digits (``12``, ``12.0``), else NULL."""
    whole = "[0-9]{1,10}(?:\\.0+)?"
    return (
        f"CASE WHEN {_full(expr, whole)} "
        f"THEN TRY_CAST(regexp_extract({expr}, '^[0-9]+') AS INTEGER) END"
    )


def sql_number(expr: str) -> str:
    """DOUBLE for plain and grouped decimal numbers, else NULL."""
    pattern = f"-?(?:{p.GROUPED_DECIMAL}|{p.PLAIN_DECIMAL})"
    return f"CASE WHEN {_full(expr, pattern)} THEN TRY_CAST(replace({expr}, ',', '') AS DOUBLE) END"


def _ascii_lower_in(expr: str, words: frozenset[str]) -> str:
    """``expr`` is one of the ASCII ``words`` in any case (non-ASCII is left to Python)."""
    listed = ", ".join(sql_str(w) for w in sorted(w for w in words if w.isascii()))
    return f"(regexp_full_match({expr}, '[A-Za-z0-9]+') AND lower({expr}) IN ({listed}))"


def _in_exact(expr: str, words: frozenset[str]) -> str:
    listed = ", ".join(sql_str(w) for w in sorted(w for w in words if not w.isascii()))
    return f"{expr} IN ({listed})"


def sql_bool(expr: str) -> str:
    """BOOLEAN for the listed yes/no words, else NULL."""
    return (
        f"CASE WHEN {_in_exact(expr, p.TRUE_WORDS)} OR {_ascii_lower_in(expr, p.TRUE_WORDS)} "
        f"THEN TRUE WHEN {_in_exact(expr, p.FALSE_WORDS)} OR "
        f"{_ascii_lower_in(expr, p.FALSE_WORDS)} THEN FALSE END"
    )


def sql_gender(expr: str) -> str:
    """``M``/``F`` for the listed words, else NULL."""
    return (
        f"CASE WHEN {_in_exact(expr, p.MALE_WORDS)} OR {_ascii_lower_in(expr, p.MALE_WORDS)} "
        f"THEN 'M' WHEN {_in_exact(expr, p.FEMALE_WORDS)} OR "
        f"{_ascii_lower_in(expr, p.FEMALE_WORDS)} THEN 'F' END"
    )


def _plain_label(label: str) -> bool:
    """A label the SQL path may compare verbatim: Python reads it as itself."""
    return unicodedata.normalize("NFKC", label) == label and not re.search(r"\s", label)


def sql_enum(expr: str, allowed: Mapping[str, str]) -> str:
    """The English code for an exact code (any ASCII case) or an exact label, else NULL."""
    # Codes first, then labels: the order parse_enum tries them in.
    codes = [
        f"WHEN {_full(expr, '[A-Za-z0-9_]+')} AND lower({expr}) = {sql_str(code.lower())} "
        f"THEN {sql_str(code)}"
        for code in allowed
        if re.fullmatch("[A-Za-z0-9_]+", code)
    ]
    labels = [
        f"WHEN {expr} = {sql_str(label)} THEN {sql_str(code)}"
        for code, label in allowed.items()
        if _plain_label(label)
    ]
    if not codes and not labels:
        return "CAST(NULL AS VARCHAR)"
    return f"CASE {' '.join(codes + labels)} END"


def sql_unit_code(expr: str) -> str:
    """The code when it is 6 ASCII digits, else NULL."""
    return f"CASE WHEN {_full(expr, '[0-9]{6}')} THEN {expr} END"


def _translate(expr: str, source: str, target: str, delete: str) -> str:
    return f"translate({expr}, {sql_str(source + delete)}, {sql_str(target)})"


def _weighted_sum(code: str, weights: tuple[int, ...], digit: str) -> str:
    """Σ weight_i × value(char_i); ``digit`` renders the value of one character (``{c}``)."""
    return " + ".join(
        f"{w} * {digit.format(c=f'substr({code}, {i}, 1)')}" for i, w in enumerate(weights, 1)
    )


def _real_birth_date(yyyymmdd: str) -> str:
    """SQL: the 8 digits are a real date in 1900–2100 (as values._birth_date)."""
    year, month, day = (
        f"substr({yyyymmdd}, {start}, {n})" for start, n in ((1, 4), (5, 2), (7, 2))
    )
    iso = f"{year} || '-' || {month} || '-' || {day}"
    return f"(TRY_CAST({iso} AS DATE) IS NOT NULL AND {year} BETWEEN '1900' AND '2100')"


def _id_check(first17: str) -> str:
    total = _weighted_sum(first17, p.ID_WEIGHTS, "CAST({c} AS INTEGER)")
    return f"substr({sql_str(p.ID_CHECK_CHARS)}, ({total}) % 11 + 1, 1)"


def sql_id_number(expr: str) -> tuple[str, str]:
    """(value, status) expressions equal to :func:`values.normalise_id_number` everywhere.

    ``expr`` appears many times in the result: pass a column name, not a computation.
    """
    compact = _translate(expr, p.ID_FOLD_FROM, p.ID_FOLD_TO, p.ID_WHITESPACE)
    kept = f"trim({expr}, {sql_str(p.ID_WHITESPACE)})"
    upgraded17 = f"(substr({compact}, 1, 6) || '19' || substr({compact}, 7))"
    is15 = _full(compact, "[0-9]{15}")
    is18 = _full(compact, "[0-9]{17}[0-9X]")
    upgrade_ok = f"{is15} AND {_real_birth_date(f'substr({upgraded17}, 7, 8)')}"
    shape_ok = f"{is18} AND {_real_birth_date(f'substr({compact}, 7, 8)')}"
    check_ok = f"{_id_check(compact)} = substr({compact}, 18, 1)"
    status = (
        f"CASE WHEN {upgrade_ok} THEN 'upgraded' "
        f"WHEN {shape_ok} THEN CASE WHEN {check_ok} THEN 'valid' ELSE 'bad_checksum' END "
        "ELSE 'malformed' END"
    )
    value = (
        f"CASE WHEN {upgrade_ok} THEN {upgraded17} || {_id_check(upgraded17)} "
        f"WHEN {shape_ok} THEN {compact} ELSE {kept} END"
    )
    return value, status


def sql_id_number_fast(expr: str) -> tuple[str, str]:
    """:func:`sql_id_number` with a cheap first branch for the common case, a plain 18-character
    number (17 digits and a digit or X): no folding or upgrading, one check-digit computation.
    Equal to :func:`values.normalise_id_number` everywhere, like the general form."""
    value, status = sql_id_number(expr)
    plain = _full(expr, "[0-9]{17}[0-9X]")
    plain_status = (
        f"CASE WHEN NOT {_real_birth_date(f'substr({expr}, 7, 8)')} THEN 'malformed' "
        f"WHEN {_id_check(expr)} = substr({expr}, 18, 1) THEN 'valid' ELSE 'bad_checksum' END"
    )
    return (
        f"CASE WHEN {plain} THEN {expr} ELSE {value} END",
        f"CASE WHEN {plain} THEN {plain_status} ELSE {status} END",
    )


def sql_org_code(expr: str) -> tuple[str, str]:
    """(value, ``'valid'``/``'bad_checksum'``) equal to :func:`values.normalise_org_code`."""
    code = _translate(expr, p.ORG_FOLD_FROM, p.ORG_FOLD_TO, p.ID_WHITESPACE)
    alphabet = sql_str(p.ORG_ALPHABET)
    total = _weighted_sum(code, p.ORG_WEIGHTS, f"(strpos({alphabet}, {{c}}) - 1)")
    check = f"substr({alphabet}, (31 - ({total}) % 31) % 31 + 1, 1)"
    shape = _full(code, f"[{p.ORG_ALPHABET}]{{18}}")
    status = (
        f"CASE WHEN {shape} AND {check} = substr({code}, 18, 1) "
        "THEN 'valid' ELSE 'bad_checksum' END"
    )
    return code, status
