"""Write the shipped models' parse answers that come with the package.

    python -m jiancha.models.packaged

parses every model of the library afresh and writes what :mod:`jiancha.models.cache` keeps
for each file to ``library/parsed.json``. Run it after changing a shipped model or the code
that reads models; ``tests/test_catalogue_cache.py`` fails while the file is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from jiancha.models.cache import PACKAGED, write_answers
from jiancha.models.catalogue import library_dir, load_model


def write_packaged(target: Path = PACKAGED) -> int:
    """Parse every shipped model and write their answers to ``target``; the file count."""
    models = [load_model(path) for path in sorted(library_dir().rglob("*.sql"))]
    write_answers(target, {m.file_hash: m.tables for m in models})
    return len(models)


if __name__ == "__main__":
    sys.stdout.write(f"{write_packaged()} shipped models parsed; answers in {PACKAGED}\n")
