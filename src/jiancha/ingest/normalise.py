"""Turning staged text into the contract's typed values, in SQL, with Python for the rest.

Each column's fast path is a DuckDB expression (``sqlnorm``) that parses the common forms
vectorised. Only the *distinct* raw values the fast path leaves NULL are handed to the Python
reference parsers (``values``), whose results come back as a small lookup table. A value
neither can read makes its row a quarantine row with the field and the reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pyarrow as pa

from jiancha.ingest import sqlnorm
from jiancha.ingest.mapping import MappingProfile
from jiancha.schema import Column, Table
from jiancha.values import ID_WHITESPACE, IdNumber, ValueProblem, parse_value
from jiancha.warehouse import Warehouse

# Column types whose raw text is kept as is (trimmed).
_TEXT_TYPES = {"text", "code"}
_FAST_PATH = {
    "date": sqlnorm.sql_date,
    "month": sqlnorm.sql_month,
    "amount": sqlnorm.sql_amount,
    "integer": sqlnorm.sql_integer,
    "number": sqlnorm.sql_number,
    "bool": sqlnorm.sql_bool,
    "gender": sqlnorm.sql_gender,
    "unit_code": sqlnorm.sql_unit_code,
}
_ARROW_TYPES = {
    "date": pa.date32(),
    "amount": pa.decimal128(18, 2),
    "integer": pa.int64(),
    "number": pa.float64(),
    "bool": pa.bool_(),
}


# What a cell is trimmed of: every kind of space, tabs and line ends. trim() alone removes
# the spaces but keeps tabs, and trim() given the characters is ten times slower: it is used
# only for a cell that trim() leaves starting or ending with one of the others.
_BLANKS = sqlnorm.sql_str(ID_WHITESPACE)
_NOT_SPACES = sqlnorm.sql_str("\t\n\r\f\v\x85\u2028\u2029\u200b\ufeff")


def _trimmed(column: str) -> str:
    """SQL: the cell trimmed of every kind of blank, NULL when nothing is left."""
    cut = f"trim({column})"
    edge = (
        f"strpos({_NOT_SPACES}, left({cut}, 1)) > 0 OR strpos({_NOT_SPACES}, right({cut}, 1)) > 0"
    )
    return f"CASE WHEN {edge} THEN nullif(trim({column}, {_BLANKS}), '') ELSE nullif({cut}, '') END"


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def raw_selects(
    table: Table, columns: Mapping[str, str], profile: MappingProfile | None
) -> list[str]:
    """One trimmed text column per contract column (NULL when absent or blank)."""
    selects = []
    for col in table.columns:
        source = columns.get(col.name)
        if not source:
            expr = "CAST(NULL AS VARCHAR)"
        elif col.type in _TEXT_TYPES:  # kept as read: trimmed of tabs and line ends too
            expr = _trimmed(q(source))
        else:  # typed: what the SQL fast path cannot read, Python's parsers trim themselves
            expr = f"nullif(trim({q(source)}), '')"
        if profile is not None:
            expr = _apply_profile(expr, col.name, profile)
        selects.append(f"{expr} AS {q(col.name)}")
    return selects


def stage_raw(wh: Warehouse, stage: str, selects: list[str]) -> None:
    """``_raw`` from a staged table (Excel, JSON lines, Parquet)."""
    columns = ", ".join(["_row", *selects])
    wh.execute(f"CREATE OR REPLACE TEMP TABLE _raw AS SELECT {columns} FROM {stage}")


def _apply_profile(expr: str, column: str, profile: MappingProfile) -> str:
    values = profile.values.get(column)
    if values:
        cases = " ".join(f"WHEN {_lit(k)} THEN {_lit(v)}" for k, v in values.items())
        expr = f"(CASE {expr} {cases} ELSE {expr} END)"
    default = profile.defaults.get(column)
    if default is not None:
        expr = f"coalesce({expr}, {_lit(default)})"
    return expr


def _lit(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def build_normalised(
    wh: Warehouse,
    table: Table,
    allowed_units: Sequence[str] | None = None,
    *,
    stride: int | None = None,
) -> None:
    """``_norm``: typed values, flags, the first problem of each row and a content hash.
    With ``allowed_units`` (unit-code prefixes), a row of another unit is a problem row.
    ``stride``: the rows are several files', ``_row // stride`` each one's place, and a
    record_id is a duplicate only within its file."""
    values: list[str] = []
    problems: list[tuple[str, str]] = []
    flags: list[str] = []
    joins: list[str] = []
    for index, col in enumerate(table.columns):
        value, problem, flag, join = _column_sql(wh, col, index)
        values.append(f"{value} AS {q(col.name)}")
        if problem:
            problems.append((col.name, problem))
        if flag:
            flags.append(flag)
        if join:
            joins.append(join)
    missing = [
        (c.name, f"CASE WHEN r.{q(c.name)} IS NULL THEN '缺少必填字段“{c.label}”' END")
        for c in table.columns
        if c.required
    ]
    ordered = missing + problems
    problem_sql = "concat_ws('；', " + ", ".join(p for _, p in ordered) + ")"
    field_sql = (
        "coalesce("
        + ", ".join(f"CASE WHEN {p} IS NOT NULL THEN '{n}' END" for n, p in ordered)
        + ")"
    )
    flags_sql = "nullif(concat_ws(';', " + ", ".join(flags) + "), '')" if flags else "NULL"
    typed = (
        "SELECT r._row, "
        + ", ".join(values)
        + f", nullif({problem_sql}, '') AS _problem, {field_sql} AS _field, {flags_sql} AS _flags "
        + "FROM _raw r "
        + " ".join(joins)
    )
    names = ", ".join(q(c.name) for c in table.columns)
    wh.execute(
        f"CREATE OR REPLACE TEMP TABLE _norm AS SELECT *, hash({names}) AS _row_hash "
        f"FROM ({typed}) typed"
    )
    if allowed_units is not None and "unit_code" in table.column_names:
        _mark_other_units(wh, allowed_units)
    _mark_duplicates(wh, stride)


def _mark_other_units(wh: Warehouse, allowed: Sequence[str]) -> None:
    """A row for a unit outside the importer's scope goes to quarantine, naming the unit.
    (A row that names no unit is no other unit's: it is kept.)"""
    scope = " OR ".join(f"starts_with(unit_code, {_lit(p)})" for p in allowed) or "FALSE"
    listed = "、".join(allowed) or "无"
    wh.execute(
        "UPDATE _norm SET _field = 'unit_code', _problem = '所属单位 ' || unit_code || "
        f"{_lit(f' 不在您可导入的单位（{listed}）之内')} "
        f"WHERE _problem IS NULL AND unit_code IS NOT NULL AND NOT ({scope})"
    )


def _column_sql(
    wh: Warehouse, col: Column, index: int
) -> tuple[str, str | None, str | None, str | None]:
    """(value, problem, flag, join) SQL fragments for one column."""
    raw = f"r.{q(col.name)}"
    if col.type in _TEXT_TYPES:
        return raw, None, None, None
    lookup = f"_lookup{index}"
    _build_lookup(wh, col, lookup)
    problem = f"CASE WHEN {lookup}.problem IS NOT NULL THEN '“{col.label}”' || {lookup}.problem END"
    flag = f"CASE WHEN {lookup}.flag IS NOT NULL THEN '{col.name}:' || {lookup}.flag END"
    join = f"LEFT JOIN {lookup} ON {lookup}.raw = {raw}"
    return f"{lookup}.val", problem, flag, join


def _fast_sql(col: Column, raw: str) -> tuple[str, str]:
    """The fast-path value and flag expressions of a column over ``raw``."""
    if col.type == "id_number":
        value, status = sqlnorm.sql_id_number_fast(raw)
        return value, f"CASE WHEN {status} IN ('bad_checksum', 'malformed') THEN {status} END"
    if col.type == "org_code":
        value, status = sqlnorm.sql_org_code(raw)
        return value, f"CASE WHEN {status} <> 'valid' THEN {status} END"
    if col.type == "enum":
        return sqlnorm.sql_enum(raw, col.allowed), "NULL"
    if col.type == "enum_list":
        return "NULL", "NULL"
    return _FAST_PATH[col.type](raw), "NULL"


def _build_lookup(wh: Warehouse, col: Column, lookup: str) -> None:
    """Distinct raw value → typed value, flag and problem, so each value is parsed once.

    Exports repeat values (dates, amounts, the id numbers of a person's monthly rows), so the
    fast path runs over the distinct values only; Python parses those it leaves NULL.
    """
    present = f"{q(col.name)} IS NOT NULL"
    if not wh.scalar(f"SELECT count(*) FROM (SELECT 1 FROM _raw WHERE {present} LIMIT 1)"):
        # an empty column (a pushed batch without it): planning the id number's check
        # costs a tenth of a second, for nothing
        value, flag = "NULL", "NULL"
    else:
        value, flag = _fast_sql(col, "raw")
    wh.execute(
        f"CREATE OR REPLACE TEMP TABLE {lookup} AS SELECT raw, "
        f"CAST({value} AS {col.sql_type}) AS val, CAST({flag} AS VARCHAR) AS flag, "
        "CAST(NULL AS VARCHAR) AS problem "
        f"FROM (SELECT DISTINCT {q(col.name)} AS raw FROM _raw WHERE {present})"
    )
    if col.type in ("id_number", "org_code"):
        return  # exact in SQL: a bad number is kept and flagged, never a problem
    misses = wh.rows(f"SELECT raw FROM {lookup} WHERE val IS NULL")
    if misses:
        _python_fallback(wh, col, lookup, [str(m[0]) for m in misses])


def _python_fallback(wh: Warehouse, col: Column, lookup: str, raws: list[str]) -> None:
    """Parse in Python the distinct values the fast path could not read."""
    vals: list[object] = []
    problems: list[str | None] = []
    for text in raws:
        try:
            val = parse_value(col.type, text, col.allowed or None)
            problem = None
        except ValueProblem as exc:
            val, problem = None, str(exc)
        vals.append(val.value if isinstance(val, IdNumber) else val)
        problems.append(problem)
    fixes = pa.table(
        {
            "raw": pa.array(raws, pa.string()),
            "val": pa.array(vals, _ARROW_TYPES.get(col.type, pa.string())),
            "problem": pa.array(problems, pa.string()),
        }
    )
    with wh.registered("_fixes", fixes):
        wh.execute(
            f"UPDATE {lookup} SET val = f.val, problem = f.problem FROM _fixes f "
            f"WHERE {lookup}.raw = f.raw"
        )


def _mark_duplicates(wh: Warehouse, stride: int | None = None) -> None:
    """A record_id seen earlier in the same file: the later row goes to quarantine."""
    # the file of a row, and its row number in that file
    file, row = ("0", "_row") if stride is None else (f"_row // {stride}", f"_row % {stride}")
    wh.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _dups AS
        WITH repeated AS (
            SELECT {file} AS file, record_id FROM _norm
            WHERE _problem IS NULL AND record_id IS NOT NULL
            GROUP BY ALL HAVING count(*) > 1
        )
        SELECT _row,
               first_value({row}) OVER w AS first_row,
               first_value(_row_hash) OVER w AS first_hash,
               row_number() OVER w AS n
        FROM _norm SEMI JOIN repeated
            ON repeated.file = {file} AND repeated.record_id = _norm.record_id
        WHERE _problem IS NULL
        WINDOW w AS (PARTITION BY {file}, record_id ORDER BY _row)
        """
    )
    wh.execute(
        """
        UPDATE _norm SET
          _field = 'record_id',
          _problem = CASE WHEN d.first_hash = _norm._row_hash
                          THEN '重复行：与第' || d.first_row || '行完全相同'
                          ELSE '记录编号与第' || d.first_row || '行重复，但内容不同' END
        FROM _dups d WHERE d._row = _norm._row AND d.n > 1
        """
    )
    wh.execute("DROP TABLE _dups")
