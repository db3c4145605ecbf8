"""How library code talks to people: never ``print``, always a Console.

The CLI hands in a rich terminal console, tests and the web a silent or collecting one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol


class Progress(Protocol):
    def advance(self, amount: int = 1) -> None: ...


class Console(Protocol):
    def info(self, message: str) -> None: ...

    def warn(self, message: str) -> None: ...

    def progress(
        self, label: str, total: int | None = None
    ) -> AbstractContextManager[Progress]: ...


class _NullProgress:
    def advance(self, amount: int = 1) -> None:
        return None


class SilentConsole:
    """Discards everything; keeps the messages for tests that want to read them."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def info(self, message: str) -> None:
        self.messages.append(message)

    def warn(self, message: str) -> None:
        self.messages.append(message)

    @contextmanager
    def progress(self, label: str, total: int | None = None) -> Iterator[Progress]:
        yield _NullProgress()
