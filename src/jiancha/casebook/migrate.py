"""Bring a casebook database to the newest schema with Alembic, from code.

Opening a casebook that is already at the newest schema (nearly always) reads its
``alembic_version`` and stops there: Alembic, slow to import, is loaded only to migrate.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jiancha.errors import CasebookError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_REVISION = re.compile(r'^(down_revision|revision)\s*=\s*"?([^"\n]*?)"?\s*$', re.M)


def alembic_config(url: str | None = None) -> Config:
    """An Alembic Config pointing at the migrations shipped inside this package."""
    from alembic.config import Config

    config = Config()
    # configparser interpolates "%", which may occur in a path or a password
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@cache
def head_revision() -> str:
    """The newest migration: the revision no other migration builds on."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict(_REVISION.findall(path.read_text("utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            parents.add(found.get("down_revision", "None"))
    (head,) = revisions - parents
    return head


def at_head(connection: Connection) -> bool:
    """Whether the database already has the newest schema."""
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return False
    found = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return list(found) == [head_revision()]


def upgrade_to_head(connection: Connection) -> None:
    """Run every migration not yet applied, inside the caller's connection."""
    if at_head(connection):
        return
    from alembic import command
    from alembic.util import CommandError

    config = alembic_config()
    config.attributes["connection"] = connection
    try:
        command.upgrade(config, "head")
    except CommandError as exc:
        # e.g. a casebook written by a newer jiancha: its revision is unknown here
        raise CasebookError(f"案件库结构无法升级：{exc}") from exc
