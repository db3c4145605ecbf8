"""Alembic environment of the casebook (a package so the files ship with jiancha)."""
