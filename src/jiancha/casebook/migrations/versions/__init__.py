"""Casebook migrations, oldest first."""
