"""What every command shares: the global options, the project, the console and the parsing
of dates and spans. Light to import: a command loads the stages it uses when it runs."""

import datetime as dt
import getpass
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jiancha.cli.terminal import TerminalConsole
from jiancha.errors import UsageError

if TYPE_CHECKING:
    from jiancha.casebook.casework import Casework
    from jiancha.project import Project


@dataclass
class State:
    project_dir: Path | None = None
    debug: bool = False
    quiet: bool = False


state = State()
ProjectOpt = Annotated[
    Path | None, typer.Option("--project", "-C", help="项目目录（默认从当前目录向上查找）")
]
ActorOpt = Annotated[str | None, typer.Option("--actor", help="办理人（默认为操作系统用户名）")]
ClueArg = Annotated[str, typer.Argument(help="线索编号，如 C000123")]


def console() -> TerminalConsole:
    return TerminalConsole(quiet=state.quiet)


def open_project() -> "Project":
    from jiancha.project import Project

    return Project.open(state.project_dir, console=console())


@contextmanager
def casework() -> "Iterator[Casework]":
    """The project's casework for one command, closed after it."""
    with open_project().casework() as work:
        yield work


def default_actor() -> str:
    """The OS user name: who ran the command, when no --actor is given."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        return "unknown"


def actor(value: str | None) -> str:
    return value or default_actor()


def parse_date(text: str | None, option: str) -> dt.date | None:
    """An option's YYYY-MM-DD date (None when not given); another shape is a usage error."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} “{text}” 不是 YYYY-MM-DD 格式的日期") from None


def parse_day(text: str | None, option: str) -> dt.date:
    """An option's date, today when not given."""
    return parse_date(text, option) or dt.date.today()


_WITHIN = re.compile(r"^(\d+)\s*([dwm天周月]?)$")


def parse_within(text: str | None) -> dt.timedelta | None:
    """``7d``, ``2w``, ``1m`` (30 days) or a bare number of days."""
    if text is None:
        return None
    match = _WITHIN.match(text.strip().lower())
    if match is None:
        raise UsageError(f"--within “{text}” 格式不对，应如 7d、2w 或 1m")
    amount, unit = int(match.group(1)), match.group(2)
    factor = {"w": 7, "周": 7, "m": 30, "月": 30}.get(unit, 1)
    return dt.timedelta(days=amount * factor)


def day(moment: dt.datetime | None) -> str:
    return f"{moment:%Y-%m-%d}" if moment else ""


def minute(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"
