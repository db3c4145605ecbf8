"""Supervision actions in one place: their kinds, the status each puts a clue in, the reply
rule that times the answer, the title and number abbreviation of the document that carries
it, and the names and abbreviations of the procuratorates that issue them.

The workflow, documents, deadlines, e-service, the web and the demo all read these tables;
none keeps its own copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from jiancha.casebook.status import ClueStatus as S


class ActionKind(StrEnum):
    """What a procuratorate does about a verified clue (contract enum recommendation_kind,
    plus the transfer of the clue to the organ that has jurisdiction over it: the supervisory
    commission, or the public security organ for a crime of theirs)."""

    RECOMMENDATION = "recommendation"
    CORRECTION_NOTICE = "correction_notice"
    PIL_PRE_LITIGATION = "pil_pre_litigation"
    SUPERVISORY_TRANSFER = "supervisory_transfer"


# What the action is called in a clue's history and on its page.
ACTION_LABELS: dict[str, str] = {
    ActionKind.RECOMMENDATION: "检察建议",
    ActionKind.CORRECTION_NOTICE: "纠正违法通知书",
    ActionKind.PIL_PRE_LITIGATION: "诉前检察建议",
    ActionKind.SUPERVISORY_TRANSFER: "移送问题线索",
}

# The status a clue takes when the action is issued, and back.
ACTION_STATUS: dict[str, S] = {
    ActionKind.RECOMMENDATION: S.RECOMMENDED,
    ActionKind.CORRECTION_NOTICE: S.CORRECTION_NOTIFIED,
    ActionKind.PIL_PRE_LITIGATION: S.PIL_RECOMMENDED,
    ActionKind.SUPERVISORY_TRANSFER: S.TRANSFERRED,
}
STATUS_ACTION: dict[str, ActionKind] = {v.value: ActionKind(k) for k, v in ACTION_STATUS.items()}

# The deadline rule (casebook.deadlines.RULES) that times the recipient's reply.
ACTION_RULES: dict[str, str] = {
    ActionKind.RECOMMENDATION: "recommendation_reply",
    ActionKind.CORRECTION_NOTICE: "correction_reply",
    ActionKind.PIL_PRE_LITIGATION: "pil_reply",
    ActionKind.SUPERVISORY_TRANSFER: "supervisory_feedback",
}

# Documents that are no action of their own: the civil and administrative recommendations a
# model may suggest (models.spec.DocumentKind), the reminder of an overdue reply and the
# report of a similar-case search.
RETRIAL_RECOMMENDATION = "retrial_recommendation"
ENFORCEMENT_RECOMMENDATION = "enforcement_recommendation"
REPLY_REMINDER = "reply_reminder"
SIMILAR_CASE_REPORT = "similar_case_report"

# The document of each kind: its title (the page, the history and the .docx say it alike)
# and the letter of its number (漳芗检建〔2026〕3号).
KIND_TITLES: dict[str, str] = {
    ActionKind.RECOMMENDATION: "检察建议书",
    ActionKind.PIL_PRE_LITIGATION: "诉前检察建议书",
    ActionKind.CORRECTION_NOTICE: "纠正违法通知书",
    ActionKind.SUPERVISORY_TRANSFER: "线索移送函",
    RETRIAL_RECOMMENDATION: "再审检察建议书",
    ENFORCEMENT_RECOMMENDATION: "执行监督检察建议书",
    REPLY_REMINDER: "督促回复函",
    SIMILAR_CASE_REPORT: "类案检索报告",
}
KIND_ABBREVIATIONS: dict[str, str] = {
    ActionKind.RECOMMENDATION: "建",
    ActionKind.PIL_PRE_LITIGATION: "公建",
    ActionKind.CORRECTION_NOTICE: "纠",
    ActionKind.SUPERVISORY_TRANSFER: "移",
    RETRIAL_RECOMMENDATION: "民再建",
    ENFORCEMENT_RECOMMENDATION: "执建",
    REPLY_REMINDER: "督",
    SIMILAR_CASE_REPORT: "类检",
}
# The documents sent to a recipient (served through an e-service link); a similar-case
# report stays in the case file.
SERVED_KINDS: tuple[str, ...] = tuple(k for k in KIND_TITLES if k != SIMILAR_CASE_REPORT)
# The workflow steps that mean a document was issued, and the kinds of document each needs:
# a clue reaches the step only with a confirmed (numbered) document of one of them.
STATUS_DOCUMENTS: dict[str, tuple[str, ...]] = {
    S.RECOMMENDED: (
        ActionKind.RECOMMENDATION,
        RETRIAL_RECOMMENDATION,
        ENFORCEMENT_RECOMMENDATION,
    ),
    S.CORRECTION_NOTIFIED: (ActionKind.CORRECTION_NOTICE,),
    S.PIL_RECOMMENDED: (ActionKind.PIL_PRE_LITIGATION,),
    S.TRANSFERRED: (ActionKind.SUPERVISORY_TRANSFER,),
}
# The step a document of each kind is issued for (the first status that lists it).
DOCUMENT_STATUS: dict[str, str] = {
    kind: status for status, kinds in reversed(STATUS_DOCUMENTS.items()) for kind in kinds
}
# A recipient's written reply, uploaded through its e-service link, is a document too.
REPLY_KIND = "reply"
_REPLY_TITLE = "书面回复"


# What the measure a document that is no action of its own carries is called.
DOCUMENT_ACTION_LABELS: dict[str, str] = {
    RETRIAL_RECOMMENDATION: "再审检察建议",
    ENFORCEMENT_RECOMMENDATION: "执行监督检察建议",
}


def document_title(kind: str) -> str:
    """The title of a document of ``kind`` as people read it (an unknown kind: 文书)."""
    if kind == REPLY_KIND:
        return _REPLY_TITLE
    return KIND_TITLES.get(kind) or "文书"


def action_label(kind: str) -> str:
    """What the action of ``kind`` is called (检察建议, 再审检察建议 …)."""
    return ACTION_LABELS.get(kind) or DOCUMENT_ACTION_LABELS.get(kind) or document_title(kind)


# -- who issues: the procuratorates of 漳州 by district code ---------------------------------

UNIT_ABBREVIATIONS: dict[str, str] = {
    "3506": "漳检",
    "350602": "漳芗检",
    "350603": "漳龙文检",
    "350604": "漳龙海检",
    "350605": "漳长检",
    "350622": "漳云检",
    "350623": "漳浦检",
    "350624": "漳诏检",
    "350626": "漳东检",
    "350627": "漳南检",
    "350628": "漳平检",
    "350629": "漳华检",
}
UNIT_NAMES: dict[str, str] = {
    "3506": "福建省漳州市人民检察院",
    "350602": "漳州市芗城区人民检察院",
    "350603": "漳州市龙文区人民检察院",
    "350604": "漳州市龙海区人民检察院",
    "350605": "漳州市长泰区人民检察院",
    "350622": "云霄县人民检察院",
    "350623": "漳浦县人民检察院",
    "350624": "诏安县人民检察院",
    "350626": "东山县人民检察院",
    "350627": "南靖县人民检察院",
    "350628": "平和县人民检察院",
    "350629": "华安县人民检察院",
}


def by_unit(mapping: Mapping[str, str], unit_code: str) -> str | None:
    """The entry of the longest prefix of ``unit_code`` in ``mapping`` (a district falls
    back to its city); None when no prefix is listed."""
    for end in range(len(unit_code), 0, -1):
        if unit_code[:end] in mapping:
            return mapping[unit_code[:end]]
    return None
