"""Batches imported as a group store exactly what they store imported one after another.

A property test over random sequences of small batches of one table (records repeated
within a batch and across batches, changed or not, some unreadable or of another unit):
the warehouse's rows, import log, quarantine and replacements are the same whether the
batches go through ``Importer.import_pushed`` together or ``import_records`` one by one.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiancha.errors import IngestError
from jiancha.ingest.importer import Importer, ImportReport, Pushed
from jiancha.warehouse import Warehouse, open_warehouse

OFFENSES = ["盗窃", "诈骗", "抢劫"]


def _record(n: int, offense: int, unit: str, bad_date: bool) -> object:
    if n == 9:
        return "not an object"
    return {
        "record_id": f"R{n}",
        "unit_code": unit,
        "received_at": "不详" if bad_date else "2026-03-01",
        "case_kind": "criminal",
        "offense": OFFENSES[offense],
    }


_records = st.lists(
    st.builds(
        _record,
        st.integers(0, 9),
        st.integers(0, len(OFFENSES) - 1),
        st.sampled_from(["350602", "350603", "350102"]),
        st.booleans() | st.just(False),
    ),
    min_size=1,
    max_size=6,
)


def _refuse(record: Mapping[str, object]) -> str | None:
    return "不在本机关的单位范围内" if record.get("unit_code") == "350102" else None


def _pushed(n: int, records: list[object]) -> Pushed:
    identity = hashlib.sha256(f"batch {n}".encode()).hexdigest()
    return Pushed(f"批次 {n}", identity, records, _refuse)


def _state(wh: Warehouse) -> dict[str, Any]:
    return {
        "rows": wh.rows(
            "SELECT record_id, offense, unit_code, _batch_id, _row, _row_hash, _flags "
            "FROM case_report ORDER BY record_id"
        ),
        "log": wh.rows(
            "SELECT * EXCLUDE (imported_at) FROM _import_batch ORDER BY batch_id",
        ),
        "quarantine": wh.rows('SELECT * FROM _quarantine ORDER BY batch_id, "row"'),
        "replaced": wh.rows("SELECT * FROM _replaced ORDER BY batch_id, record_id"),
    }


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    before=st.lists(_records, max_size=2),
    group=st.lists(_records, min_size=2, max_size=5),
)
def test_a_group_stores_what_its_batches_store_one_by_one(
    tmp_path: Path, before: list[list[object]], group: list[list[object]]
) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path) as tmp:
        states = []
        for grouped in (True, False):
            wh = open_warehouse(Path(tmp) / f"{grouped}.duckdb", threads=1)
            try:
                importer = Importer(wh, table="case_report")
                importer.import_pushed([_pushed(n, r) for n, r in enumerate(before)])
                batches = [_pushed(len(before) + n, r) for n, r in enumerate(group)]
                if grouped:
                    reports = importer.import_pushed(batches)
                else:
                    reports = [importer.import_pushed([b])[0] for b in batches]
                again = importer.import_pushed(batches)  # their identities: nothing stored
                assert [_status(r) for r in again] == [_status(r, "unchanged") for r in reports]
                states.append(([_counts(r) for r in reports], _state(wh)))
                # what each import marked released is what the rows' history says
                assert wh.quarantine_counts() == wh.quarantine_counts_from_history()
            finally:
                wh.close()
        assert states[0] == states[1]


def _status(report: ImportReport | IngestError, done: str | None = None) -> str:
    return str(report) if isinstance(report, IngestError) else done or report.status


def _counts(report: ImportReport | IngestError) -> tuple[object, ...]:
    if isinstance(report, IngestError):
        return (str(report),)
    r = report
    return (r.batch_id, r.read, r.stored, r.new, r.replaced, r.unchanged, r.quarantined)
