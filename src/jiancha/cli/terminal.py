"""The rich terminal implementation of the Console protocol (for the CLI).

Every string printed is plain text: values come from imported data, and a name like
``[/]…`` must neither crash the command (Rich markup) nor a ``\x1b]8;;…`` draw a hidden
link or recolour the terminal (escape sequences). Markup is off on the console and control
characters are removed from every string it renders; styling is given as
:class:`rich.text.Text` styles, never as markup in a string.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console as RichConsole
from rich.text import Text

if TYPE_CHECKING:  # rich's progress bars (and their spinners) load with the first bar
    from rich.progress import Progress, TaskID


class _Bar:
    def __init__(self, progress: Progress, task: TaskID) -> None:
        self._progress = progress
        self._task = task

    def advance(self, amount: int = 1) -> None:
        self._progress.advance(self._task, amount)


# C0 controls but tab and newline, DEL and the C1 controls (ESC starts every sequence)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(value: object) -> str:
    """``value`` as printable text: no control character, so no escape sequence."""
    return _CONTROLS.sub("", str(value))


def styled(value: object, style: str) -> Text:
    """Data shown in a style (bold, red) without being read as markup."""
    return Text(plain(value), style=style)


class PlainConsole(RichConsole):
    """A Rich console that renders strings as plain text: no markup, no emoji codes, no
    control characters."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(markup=False, emoji=False, **kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        kwargs["markup"] = False
        kwargs["emoji"] = False
        return super().render_str(plain(text), **kwargs)


def _console() -> RichConsole:
    """Piped output (files, scripts, tests) gets wide tables instead of truncated cells."""
    console = PlainConsole()
    return console if console.is_terminal else PlainConsole(width=200)


class TerminalConsole:
    def __init__(self, rich: RichConsole | None = None, quiet: bool = False) -> None:
        self.rich = rich or _console()
        self.err = PlainConsole(stderr=True)
        self.quiet = quiet

    def info(self, message: str) -> None:
        if not self.quiet:
            self.rich.print(message)

    def text(self, message: str) -> None:
        """A line a script may read (a link, a token): printed even when quiet, unwrapped."""
        self.rich.print(message, highlight=False, soft_wrap=True)

    def warn(self, message: str) -> None:
        self.err.print(Text.assemble(styled("注意", "yellow"), ": ", plain(message)))

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

        columns = [SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn()]
        columns += [MofNCompleteColumn(), TimeElapsedColumn()] if total else [TimeElapsedColumn()]
        with Progress(
            *columns,
            console=self.err,
            transient=True,
            disable=self.quiet or not self.err.is_terminal,
        ) as progress:
            task = progress.add_task(plain(label), total=total)
            yield _Bar(progress, task)
