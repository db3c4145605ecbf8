"""The hash that stamps an answer kept on disk with the code that gave it.

Several slow answers are kept between commands (the configuration's store settings, what
parsing each model file found, the checked data contract); each depends on a few source
files besides its input, so each is kept under a hash of those files and of a format
number: a new jiancha, or a new layout of the kept file, makes every kept answer stale.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path


@cache
def code_hash(version: int, files: tuple[Path, ...]) -> str:
    """SHA-256 (hex) of the kept file's format ``version`` and the bytes of ``files``."""
    digest = hashlib.sha256(str(version).encode())
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()
