"""``jiancha status``'s counts kept beside the warehouse they were counted in.

Counting every table needs DuckDB, whose import alone is a third of the command's start. The
counts change only when the warehouse's files do, so they are kept (``.jiancha/counts.json``)
with the size and modification time of the warehouse file and of its write-ahead log, taken
while the counting reader held the warehouse (no writer can change it meanwhile), and with a
hash of the code that counts and labels them. Any change to either file, or a new jiancha,
and they are counted again.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from jiancha import codehash
from jiancha.warehouse.engine import TableCount

FORMAT = 1
_HERE = Path(__file__).parent
CODE = (
    Path(__file__),
    _HERE / "engine.py",
    _HERE.parent / "schema" / "__init__.py",
    _HERE.parent / "schema" / "contract.yaml",
)

Counts = tuple[list[TableCount], dict[str, int]]


def stamp(warehouse: Path) -> list[list[int]]:
    """Size and modification time (ns) of the warehouse file and of its log ([] if none)."""
    found: list[list[int]] = []
    for path in (warehouse, warehouse.with_name(warehouse.name + ".wal")):
        try:
            info = path.stat()
        except OSError:
            found.append([])
            continue
        found.append([info.st_size, info.st_mtime_ns])
    return found


def read(kept: Path, warehouse: Path) -> Counts | None:
    """The kept counts if the warehouse is as it was when they were counted."""
    try:
        data: Any = json.loads(kept.read_text(encoding="utf-8"))
        if data["code"] != codehash.code_hash(FORMAT, CODE) or data["stamp"] != stamp(warehouse):
            return None
        counts = [TableCount(**c) for c in data["counts"]]
        return counts, {str(k): int(v) for k, v in data["quarantined"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none yet, or unreadable: count again


def write(kept: Path, taken: list[list[int]], counts: Counts) -> None:
    """Keep ``counts``, counted while the warehouse files were as ``taken`` says."""
    tables, quarantined = counts
    data = {
        "code": codehash.code_hash(FORMAT, CODE),
        "stamp": taken,
        "counts": [asdict(c) for c in tables],
        "quarantined": quarantined,
    }
    codehash.keep_json(kept, data)  # a read-only project still answers, counting each time
