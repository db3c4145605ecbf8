"""Where the published development data (../shared/data) is, from any checkout: the first
folder above this one with ``shared/data`` (the main checkout and the worktrees alike)."""

from __future__ import annotations

from pathlib import Path


def shared_data(name: str) -> Path:
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "data" / name
        if candidate.exists():
            return candidate
    return Path(__file__).resolve().parents[3] / "shared" / "data" / name
