"""The casebook stage: supervision clues, the runs that found them and their history.

``Casebook.open(url)`` migrates the database to the newest schema and is the one object
callers hold; ``record_run`` turns a model run's hits into clues.
"""

# accounts and audit define tables on the same metadata the migrations are checked against
from jiancha.casebook import accounts, audit  # noqa: F401
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

__all__ = [
    "RUN_OWNED_STATUSES",
    "STATUS_LABELS",
    "Casebook",
    "ClueChanges",
    "ClueEventView",
    "ClueStatus",
    "ClueView",
    "EventKind",
    "EvidenceSnapshot",
    "FirstKnown",
    "ModelRunSummary",
    "RunView",
    "casebook_url",
    "display_id",
    "parse_clue_id",
    "status_label",
]
