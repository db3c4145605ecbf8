"""What parsing a model file found, kept by the file's hash: the tables its SQL reads.

Checking a model parses its rendered SQL with sqlglot, the slow half of loading the
catalogue. The answer depends only on the file's text and on the code that renders and
parses it, so it is kept in a small JSON file (``.jiancha/models.json`` in a project) under
the SHA-256 of each model file, stamped with a hash of that code: a changed file, or a new
jiancha, is parsed again; everything else is read back.

The answers for the shipped library come with the package (``library/parsed.json``, written
by ``python -m jiancha.models.packaged``; a test fails when they are stale), so that a new
project's first ``jiancha run`` parses only the project's own models.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from jiancha import codehash

FORMAT = 1
# the answers for the shipped library, kept with the package
PACKAGED = Path(__file__).parent / "library" / "parsed.json"
# the code whose output is kept: a change to any of it makes the kept answers stale
CODE = tuple(
    Path(__file__).parent / name
    for name in ("catalogue.py", "hit.py", "render.py", "spec.py", "sqltree.py")
)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def code_hash() -> str:
    return codehash.code_hash(FORMAT, CODE)


class ParsedModels:
    """File hash → the tables its SQL reads, read from and written back to ``path``."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.changed = False
        self.tables: dict[str, tuple[str, ...]] = _read(PACKAGED)
        if path is not None:
            self.tables.update(_read(path))

    def get(self, digest: str) -> tuple[str, ...] | None:
        return self.tables.get(digest)

    def put(self, digest: str, tables: tuple[str, ...]) -> None:
        if self.tables.get(digest) != tables:
            self.tables[digest] = tables
            self.changed = True

    def save(self, kept: set[str]) -> None:
        """Write the answers of the files seen (``kept``) if anything changed."""
        if self.path is None or not (self.changed or set(self.tables) - kept):
            return
        write_answers(self.path, {k: v for k, v in self.tables.items() if k in kept})


def write_answers(path: Path, tables: dict[str, tuple[str, ...]]) -> None:
    data = {"code": code_hash(), "tables": {k: list(v) for k, v in sorted(tables.items())}}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")
    partial.replace(path)  # a reader never sees half a file


def _read(path: Path) -> dict[str, tuple[str, ...]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: parse again
    if not isinstance(data, dict) or data.get("code") != code_hash():
        return {}
    tables = data.get("tables")
    if not isinstance(tables, dict):
        return {}
    return {str(k): tuple(str(t) for t in v) for k, v in tables.items() if isinstance(v, list)}
