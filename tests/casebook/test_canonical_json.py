"""A run's digests (facts, clue content, evidence snapshots) are written by orjson where it
writes what the standard library writes, and by the standard library where it would not:
every digest a casebook already keeps stays the digest of the same value."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from jiancha.casebook.record import canonical_json, snapshot_digest
from jiancha.casebook.store import _json_dumps
from jiancha.models.hit import to_jsonable
from jiancha.models.run import jsonable_rows


def standard(value: Any) -> bytes:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return text.encode("utf-8")


cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
    st.dates(),
    st.datetimes(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
)
values = st.recursive(
    cells,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(values)
def test_canonical_json_is_the_standard_librarys_text(value: Any) -> None:
    assert canonical_json(value) == standard(value)


def test_the_values_orjson_writes_otherwise_go_the_standard_way() -> None:
    for value in (1e-05, -1e-07, 9.9e-05, 2**70, {"a": 1e-9}, {1: "key not a string"}):
        assert canonical_json(value) == standard(value)
    assert canonical_json({"b": 1, "a": "中文\n"}) == '{"a":"中文\\n","b":1}'.encode()


def test_a_snapshot_digest_leaves_out_provenance() -> None:
    row = {"record_id": "M1", "amount": 0.00001, "_batch_id": 3, "_row": 17}
    assert snapshot_digest(row) == snapshot_digest({**row, "_batch_id": 4, "_row": 2})
    assert snapshot_digest(row) != snapshot_digest({**row, "amount": 0.00002})


def test_the_casebooks_json_cells_read_back_as_written() -> None:
    value = {"day": date(2024, 10, 30), "at": datetime(2024, 10, 30, 9, 5), "big": 2**70, 3: 1e-5}
    assert json.loads(_json_dumps(value)) == json.loads(json.dumps(value, default=str))


rows = st.lists(
    st.tuples(st.text(min_size=1), cells, cells, st.lists(st.dates(), max_size=2)), max_size=6
)


@given(rows)
def test_jsonable_rows_is_to_jsonable_of_each_row(found: list[tuple[Any, ...]]) -> None:
    names = ["record_id", "a", "b", "c"]
    expected = [to_jsonable(dict(zip(names, r, strict=True))) for r in found]
    assert jsonable_rows(names, found) == expected


def test_jsonable_rows_converts_a_decimal_column() -> None:
    (row,) = jsonable_rows(["record_id", "amount"], [("R1", Decimal("3.00"))])
    assert row == {"record_id": "R1", "amount": 3} and isinstance(row["amount"], int)
