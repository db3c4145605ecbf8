"""The rich terminal implementation of the Console protocol (for the CLI)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console as RichConsole

if TYPE_CHECKING:  # rich's progress bars (and their spinners) load with the first bar
    from rich.progress import Progress, TaskID


class _Bar:
    def __init__(self, progress: Progress, task: TaskID) -> None:
        self._progress = progress
        self._task = task

    def advance(self, amount: int = 1) -> None:
        self._progress.advance(self._task, amount)


def _console() -> RichConsole:
    """Piped output (files, scripts, tests) gets wide tables instead of truncated cells."""
    console = RichConsole()
    return console if console.is_terminal else RichConsole(width=200)


class TerminalConsole:
    def __init__(self, rich: RichConsole | None = None, quiet: bool = False) -> None:
        self.rich = rich or _console()
        self.err = RichConsole(stderr=True)
        self.quiet = quiet

    def info(self, message: str) -> None:
        if not self.quiet:
            self.rich.print(message)

    def warn(self, message: str) -> None:
        self.err.print(f"[yellow]注意[/yellow]: {message}", highlight=False)

    @contextmanager
    def progress(self, label: str, total: int | None = None) -> Iterator[_Bar]:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn()]
        columns += [MofNCompleteColumn(), TimeElapsedColumn()] if total else [TimeElapsedColumn()]
        with Progress(
            *columns,
            console=self.err,
            transient=True,
            disable=self.quiet or not self.err.is_terminal,
        ) as progress:
            task = progress.add_task(label, total=total)
            yield _Bar(progress, task)
