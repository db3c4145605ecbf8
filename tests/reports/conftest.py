"""Fixtures of the report tests: the casebook of report_support, built once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from report_support import known_casebook

from jiancha.casebook import Casebook


@pytest.fixture(scope="module")
def known_book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Casebook]:
    book = known_casebook(tmp_path_factory.mktemp("known"))
    yield book
    book.close()
