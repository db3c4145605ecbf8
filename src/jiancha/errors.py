"""The one exception tree of jiancha.

Every message is written for the person who runs the platform (a prosecutor or a data
analyst), in Chinese first, and names the file/row/field, the config key or the clue id
it is about. The CLI prints ``错误: <message>`` and exits 1 (2 for a UsageError); the web
renders one shape.

    JianchaError
    ├── ConfigError        jiancha.toml, project folder, parameters
    ├── UsageError         a command asked the impossible (bad option value, both or neither
    │                      of two options); the CLI exits 2
    ├── NotFound           a record, judgment, clue, document or review pair that is not there
    │   └── ClueNotFound      (also a CasebookError)
    ├── IngestError        a file that cannot be imported at all
    │   └── ImportInterrupted  several files, stopped part-way (with what was committed)
    ├── WarehouseError     the warehouse engine (locked, missing, SQL failure; names the purpose)
    ├── GenerateError      the synthetic-jurisdiction generator
    ├── ModelError         a supervision model file or its run
    ├── LinkError          person / organisation linking
    ├── CasebookError      clues, workflow, documents
    │   └── TransitionError   a workflow move the rules do not allow
    ├── LedgerError        the tamper-evident ledger
    ├── ReportError        period reports, typical cases, PDF rendering
    └── AccessDenied       a user outside their role or units
"""

from __future__ import annotations

from typing import Any


class JianchaError(Exception):
    """Base of every error jiancha raises on purpose; its message is for the user."""


class ConfigError(JianchaError):
    """A project folder or jiancha.toml problem; the message names the key."""


class UsageError(JianchaError):
    """A command used wrongly: an option value it cannot take, or two options that exclude
    each other; the CLI exits 2, as for typer's own usage errors."""


class NotFound(JianchaError):
    """Something the user named is not there (a judgment, a clue, a review pair)."""


class IngestError(JianchaError):
    """A file that cannot be imported at all; the message names the file."""


class ImportInterrupted(IngestError):
    """An import of several files stopped part-way (an error at one file, or Ctrl-C when
    ``interrupted``): ``reports`` are the files committed before it, which stay stored."""

    def __init__(self, message: str, reports: list[Any], *, interrupted: bool = False) -> None:
        super().__init__(message)
        self.reports = reports
        self.interrupted = interrupted


class WarehouseError(JianchaError):
    """The warehouse cannot be opened or a statement on it failed.

    ``detail`` is the engine's own first line (for a caller that words its own message);
    ``sql`` the statement, for ``--debug`` and logs (never shown to a user)."""

    def __init__(self, message: str, detail: str = "", sql: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail or message
        self.sql = sql


class GenerateError(JianchaError):
    """The generator was asked for something it cannot make."""


class ModelError(JianchaError):
    """A malformed model file, a bad parameter or a failed model run."""


class LinkError(JianchaError):
    """Linking people or organisations failed."""


class CasebookError(JianchaError):
    """A casebook operation failed; the message names the clue."""


class TransitionError(CasebookError):
    """A workflow move the rules do not allow."""


class ClueNotFound(NotFound, CasebookError):
    """No clue of that id (or none the user may see)."""


class LedgerError(JianchaError):
    """The ledger is inconsistent or cannot be written."""


class ReportError(JianchaError):
    """A report cannot be made; the message names the period, the clue or the missing tool."""


class AccessDenied(JianchaError):
    """The user may not see or do this."""
