"""Fixtures of the report tests: the casework of report_support, built once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from report_support import known_casework

from jiancha.casebook.casework import Casework


@pytest.fixture(scope="module")
def known_work(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Casework]:
    with known_casework(tmp_path_factory.mktemp("known")) as work:
        yield work
