"""Packages that load their modules when a name is first used (PEP 562).

A stage's ``__init__`` names what it offers; importing the package (or one light module of
it, which runs the ``__init__`` first) does not import the heavy modules behind the other
names, so a command starts without loading stages it does not use.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(package: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``names`` maps each name to the module of
    the package that defines it; the value is kept in the package once loaded."""

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{module}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
