"""Alembic environment: run by ``jiancha.casebook.migrate`` with an open connection.

No alembic.ini: the Config is built in code and hands over the connection in
``config.attributes["connection"]``; the URL fallback serves ``alembic revision`` by hand.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from jiancha.casebook.tables import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


run_migrations_online()
