"""The hash that stamps an answer kept on disk with the code that gave it.

Several slow answers are kept between commands (the configuration's store settings, what
parsing each model file found, the checked data contract); each depends on a few source
files besides its input, so each is kept under a hash of those files and of a format
number: a new jiancha, or a new layout of the kept file, makes every kept answer stale.
"""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any


@cache
def code_hash(version: int, files: tuple[Path, ...]) -> str:
    """SHA-256 (hex) of the kept file's format ``version`` and the bytes of ``files``."""
    digest = hashlib.sha256(str(version).encode())
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def keep_json(path: Path, data: Any) -> None:
    """Write a kept answer as JSON, whole or not at all: a reader never sees half a file, and
    a folder that cannot be written is no error (the answer is worked out again next time)."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        partial.replace(path)
    except OSError:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
