"""A content-addressed file store: a file's name is the SHA-256 of its bytes.

Documents, replies and dossier files live here, in the project folder; the casebook holds
only their hashes, and the ledger re-hashes them to prove none was changed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from jiancha.errors import CasebookError, NotFound


class StoredFileMissing(NotFound, CasebookError):
    """A file the casebook names is not in the file store (deleted or not restored)."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FileStore:
    """Files under ``root/ab/abcdef…``; writing the same bytes twice stores them once."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise CasebookError(f"文件哈希 “{sha256}” 格式不对")
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        digest = sha256_hex(data)
        target = self.path(digest)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        # write aside and rename, so a crash never leaves a half file under a valid name
        partial = target.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(data)
        partial.replace(target)
        return digest

    def get(self, sha256: str) -> bytes:
        target = self.path(sha256)
        try:
            return target.read_bytes()
        except FileNotFoundError:
            # the path stays in the server's log, not in a message a user may see
            raise StoredFileMissing(
                f"文件库中缺少文件 {sha256[:12]}…，请联系管理员从备份恢复"
            ) from None

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).exists()
