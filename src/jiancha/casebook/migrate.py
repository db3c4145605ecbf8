"""Bring a casebook database to the newest schema with Alembic, from code."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic Config pointing at the migrations shipped inside this package."""
    config = Config()
    # configparser interpolates "%", which may occur in a path or a password
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_to_head(connection: Connection) -> None:
    """Run every migration not yet applied, inside the caller's connection."""
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
