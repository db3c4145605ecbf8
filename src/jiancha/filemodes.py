"""Who may read what jiancha writes: its owner only.

The project folder holds the casebook, the warehouse, the signing keys, uploads and
documents: personal data and secrets. Every process that writes them (the command line,
the workbench) runs with umask 077, so each file and folder it creates is its owner's
alone, whatever the login shell's umask; secrets are created with mode 0600 in the same
system call that creates them, never written first and restricted after.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_UMASK = 0o077
PRIVATE_DIR = 0o700
SECRET_MODE = 0o600


def private_umask() -> int:
    """Make files and folders created from now on readable by their owner only; returns
    the previous umask (to restore it, in tests and embedding programs)."""
    return os.umask(PRIVATE_UMASK)


def write_secret(path: Path, data: bytes) -> None:
    """Create ``path`` holding ``data`` with mode 0600 from the start; refuses to replace
    an existing file (two processes racing to make a secret: the loser reads the winner's).
    """
    path.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, SECRET_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
