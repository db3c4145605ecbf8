"""The top-level command group, with its sub-applications built when first used.

typer turns every command's signature into click parameters when the application is called;
for the whole of jiancha (180 commands) that alone cost a start 0.07 s, and importing the
modules that define them more. Here the root group knows each sub-application only by its
module, attribute and help line: ``jiancha clues list`` builds the clues group and nothing
else, and ``jiancha --help`` lists every group from its help line without building any.
A test holds the help lines equal to the groups' own.

The parameters typer builds coerce each value through a pydantic ``TypeAdapter`` made on first
use (the import of pydantic and one schema per option: 0.2 s for a start). The common simple
annotations get a plain converter instead (:class:`_PlainCoercion`); whatever it does not
recognise, or a value it cannot convert, goes to typer's own, so messages stay typer's.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any, ClassVar, get_args

from typer.core import TyperCommand, TyperGroup
from typer.main import get_group_from_info
from typer.models import TyperInfo


@dataclass(frozen=True)
class Entry:
    """A sub-application of the root: ``module.attribute`` is a ``typer.Typer``; ``command``
    names one command of an unnamed one (its commands sit at the top level)."""

    module: str
    attribute: str
    help: str
    command: str | None = None


class _Commands(MutableMapping[str, Any]):
    """The root's commands: the built ones, then the entries in their order, each built
    (by ``build``) when first looked up."""

    def __init__(
        self,
        built: dict[str, Any],
        entries: dict[str, Entry],
        build: Callable[[str, Entry], Any],
    ) -> None:
        self._built = built
        self._entries = entries
        self._build = build

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = self._build(name, self._entries[name])  # KeyError: unknown
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        yield from (name for name in self._built if name not in self._entries)
        yield from self._entries

    def __len__(self) -> int:
        return len(set(self._built) | set(self._entries))

    def peek(self, name: str) -> Any:
        """The command if built, else a stand-in carrying its help line (for ``--help``)."""
        if name in self._built:
            return self._built[name]
        return TyperCommand(name=name, help=self._entries[name].help)


class LazyGroup(TyperGroup):
    """A ``TyperGroup`` whose ``entries`` are built on first use (set them in a subclass)."""

    entries: ClassVar[dict[str, Entry]] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands(dict(self.commands), self.entries, self._build)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        plain_coercion(self, ctx)
        return option

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            plain_coercion(command, ctx)
        return name, command, rest

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # typer's own walks items(), which would build them all

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        lazy = self.commands
        assert isinstance(lazy, _Commands)
        self.commands = {name: lazy.peek(name) for name in lazy}
        try:
            super().format_commands(ctx, formatter)
        finally:
            self.commands = lazy

    def _build(self, name: str, entry: Entry) -> Any:
        app = getattr(import_module(entry.module), entry.attribute)
        group = get_group_from_info(
            TyperInfo(app, name=None if entry.command else name),
            pretty_exceptions_short=app.pretty_exceptions_short,
            rich_markup_mode=self.rich_markup_mode,
            suggest_commands=self.suggest_commands,
        )
        return group if entry.command is None else group.commands[entry.command]


# -- coercion without pydantic ------------------------------------------------------------

_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value) if isinstance(value, str) and _INTEGER.fullmatch(value) else None


def _path(value: Any) -> Path | None:
    """A path as typer makes it; one that exists unreadable is left to typer's message."""
    path = value if isinstance(value, Path) else Path(value) if isinstance(value, str) else None
    if path is None or not str(value) or (path.exists() and not os.access(path, os.R_OK)):
        return None
    return path


_PLAIN: dict[Any, Callable[[Any], Any]] = {bool: _bool, str: _str, int: _int, Path: _path}


class _PlainCoercion:
    """typer's runtime coercion of one parameter, without pydantic for the simple cases:
    ``str``, ``int`` without bounds, ``Path`` without checks, and lists of them. Anything
    else, or a value not of the plain shape, is handed to typer's own coercion."""

    def __init__(self, param: Any, convert: Callable[[Any], Any], many: bool) -> None:
        self.param = param
        self.convert = convert
        self.many = many
        self._typer: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        is_multi_value = param.multiple or param.nargs == -1
        if value is None:
            return () if is_multi_value else None
        if self.many and isinstance(value, list | tuple):
            items = [self.convert(item) for item in value]
            if all(item is not None for item in items):
                return items
        elif not self.many and not is_multi_value:
            converted = self.convert(value)
            if converted is not None:
                return converted
        return self._fallback().coerce(value, param=param, ctx=ctx)

    def _fallback(self) -> Any:
        if self._typer is None:
            from typer._coercion import build_runtime_param

            self._typer = build_runtime_param(self.param.type_descriptor)
        return self._typer


def plain_coercion(command: Any, ctx: Any) -> None:
    """Give the simple parameters of ``command`` and of its subcommands (their ``--help``
    too, made here with the names ``ctx`` gives) the plain coercion; typer versions without
    runtime coercion are left as they are."""
    for param in getattr(command, "params", ()):
        _plain_param(param)
    help_option = getattr(command, "_help_option", None)
    if help_option is None and hasattr(command, "get_help_option"):
        help_option = command.get_help_option(ctx)
    _plain_param(help_option)
    commands = getattr(command, "commands", None)
    if isinstance(commands, dict):
        for sub in commands.values():
            plain_coercion(sub, ctx)


def _plain_param(param: Any) -> None:
    descriptor = getattr(param, "type_descriptor", None) if param is not None else None
    if descriptor is None or getattr(param, "_runtime_param", False) is not None:
        return
    info = descriptor.parameter_info
    if info.parser is not None or info.min is not None or info.max is not None:
        return
    if _path_checks(info):
        return
    annotation, many = descriptor.annotation, False
    if descriptor.is_list and len(args := get_args(annotation)) == 1:
        annotation, many = args[0], True
    convert = _PLAIN.get(annotation)
    if convert is not None and descriptor.file_annotation is None:
        param._runtime_param = _PlainCoercion(param, convert, many)


def _path_checks(info: Any) -> bool:
    """Whether a parameter asks typer to check or change a path (exists, resolve …)."""
    return bool(
        info.exists
        or not info.file_okay
        or not info.dir_okay
        or info.writable
        or info.readable is False
        or info.resolve_path
        or info.allow_dash
        or info.path_type is not None
    )
