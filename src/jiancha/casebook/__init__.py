"""The casebook stage: supervision clues, the runs that found them, their workflow,
documents, deadlines, ledger, accounts and audit.

``Casebook.open(url)`` migrates the database to the newest schema; ``record_run`` turns a
model run's hits into clues; :class:`~jiancha.casebook.casework.Casework` is what the
command line, the workbench and the demo hold. Names load their module on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiancha.lazy import lazy_exports

if TYPE_CHECKING:
    from jiancha.casebook.status import (
        RUN_OWNED_STATUSES,
        STATUS_LABELS,
        ClueStatus,
        EventKind,
        status_label,
    )
    from jiancha.casebook.store import Casebook, casebook_url
    from jiancha.casebook.views import (
        ClueChanges,
        ClueEventView,
        ClueView,
        EvidenceSnapshot,
        FirstKnown,
        ModelRunSummary,
        RunView,
        display_id,
        parse_clue_id,
    )

_MODULES = {
    "RUN_OWNED_STATUSES": "status",
    "STATUS_LABELS": "status",
    "ClueStatus": "status",
    "EventKind": "status",
    "status_label": "status",
    "Casebook": "store",
    "casebook_url": "store",
    "ClueChanges": "views",
    "ClueEventView": "views",
    "ClueView": "views",
    "EvidenceSnapshot": "views",
    "FirstKnown": "views",
    "ModelRunSummary": "views",
    "RunView": "views",
    "display_id": "views",
    "parse_clue_id": "views",
}
__getattr__ = lazy_exports(__name__, _MODULES)
__all__ = [
    "Casebook",
    "ClueChanges",
    "ClueEventView",
    "ClueStatus",
    "ClueView",
    "EventKind",
    "EvidenceSnapshot",
    "FirstKnown",
    "ModelRunSummary",
    "RUN_OWNED_STATUSES",
    "RunView",
    "STATUS_LABELS",
    "casebook_url",
    "display_id",
    "parse_clue_id",
    "status_label",
]
