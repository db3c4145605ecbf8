"""Clue statuses, history event kinds and dismissal reasons, with the Chinese labels people
see.

Status is stored as a plain string so later workflow issues can add statuses without a
migration; the enums name the values this version knows.
"""

from __future__ import annotations

from enum import StrEnum


class ClueStatus(StrEnum):
    NEW = "new"
    REOPENED = "reopened"
    RESOLVED_BY_DATA = "resolved_by_data"
    ASSIGNED = "assigned"
    VERIFYING = "verifying"
    DISMISSED = "dismissed"
    # the supervision workflow (issue 5): a clue verified, acted on, followed through
    OPENED = "opened"
    RECOMMENDED = "recommended"
    CORRECTION_NOTIFIED = "correction_notified"
    PIL_RECOMMENDED = "pil_recommended"
    TRANSFERRED = "transferred"
    SERVED = "served"
    OBJECTED = "objected"
    REPLIED = "replied"
    RECTIFIED = "rectified"
    ESCALATED = "escalated"
    CLOSED = "closed"


STATUS_LABELS: dict[str, str] = {
    ClueStatus.NEW: "新线索",
    ClueStatus.REOPENED: "重新出现",
    ClueStatus.RESOLVED_BY_DATA: "数据已消除",
    ClueStatus.ASSIGNED: "已分派",
    ClueStatus.VERIFYING: "核查中",
    ClueStatus.DISMISSED: "已排除",
    ClueStatus.OPENED: "已立案监督",
    ClueStatus.RECOMMENDED: "已制发检察建议",
    ClueStatus.CORRECTION_NOTIFIED: "已发纠正违法通知书",
    ClueStatus.PIL_RECOMMENDED: "已发诉前检察建议",
    ClueStatus.TRANSFERRED: "已移送问题线索",
    ClueStatus.SERVED: "已送达",
    ClueStatus.OBJECTED: "被建议单位提出异议",
    ClueStatus.REPLIED: "已回复",
    ClueStatus.RECTIFIED: "已整改",
    ClueStatus.ESCALATED: "已报请上级督促",
    ClueStatus.CLOSED: "已结案",
}

# Statuses a model run may change. Every other status was set by a person and only they
# move it: a run then records what it saw as an event and leaves the status alone.
RUN_OWNED_STATUSES: frozenset[str] = frozenset(
    {ClueStatus.NEW, ClueStatus.REOPENED, ClueStatus.RESOLVED_BY_DATA}
)


class EventKind(StrEnum):
    CREATED = "created"
    CHANGED = "changed"
    RESOLVED_BY_DATA = "resolved_by_data"
    REOPENED = "reopened"
    ABSENT = "absent"  # a person-owned clue the run no longer hit
    REAPPEARED = "reappeared"  # a person-owned clue hit again after being absent
    STATUS = "status"
    MOVED = "moved"  # a workflow transition checked against the transition table
    ASSIGNED = "assigned"  # who works the clue; the status may stay
    UNDONE = "undone"  # a move taken back by a new event, never by an edit
    DOSSIER_SHARED = "dossier_shared"  # the case's e-dossier shared with another unit


EVENT_LABELS: dict[str, str] = {
    EventKind.CREATED: "模型发现",
    EventKind.CHANGED: "数据变化",
    EventKind.RESOLVED_BY_DATA: "数据已消除",
    EventKind.REOPENED: "重新出现",
    EventKind.ABSENT: "本次未命中",
    EventKind.REAPPEARED: "再次命中",
    EventKind.STATUS: "状态变更",
    EventKind.MOVED: "流程办理",
    EventKind.ASSIGNED: "分派承办人",
    EventKind.UNDONE: "撤回上一步",
    EventKind.DOSSIER_SHARED: "共享电子卷宗",
}


class DismissalReason(StrEnum):
    NO_VIOLATION = "no_violation"
    DATA_ERROR = "data_error"
    ALREADY_CORRECTED = "already_corrected"
    INSUFFICIENT_EVIDENCE = "insufficient_evidence"
    NOT_OUR_JURISDICTION = "not_our_jurisdiction"
    DUPLICATE = "duplicate"
    OTHER = "other"


DISMISSAL_LABELS: dict[str, str] = {
    DismissalReason.NO_VIOLATION: "经核查无违法情形",
    DismissalReason.DATA_ERROR: "数据错误或不完整",
    DismissalReason.ALREADY_CORRECTED: "相关机关已自行纠正",
    DismissalReason.INSUFFICIENT_EVIDENCE: "证据不足，无法核实",
    DismissalReason.NOT_OUR_JURISDICTION: "不属本院管辖",
    DismissalReason.DUPLICATE: "与其他线索重复",
    DismissalReason.OTHER: "其他（须说明）",
}

# Dismissals that mean the model was wrong; the rest say nothing about its precision.
FALSE_POSITIVE_REASONS: frozenset[str] = frozenset(
    {DismissalReason.NO_VIOLATION, DismissalReason.DATA_ERROR}
)

SYSTEM_ACTOR = "system"


def status_label(status: str) -> str:
    """The Chinese label of a status; an unknown (newer) status shows as itself."""
    return STATUS_LABELS.get(status, status)
