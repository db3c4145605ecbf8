"""Sealed criminal records of minors (刑诉法第286条) on the workbench: a clue that names a
sealed person is shown only to those who handle cases (the prosecutor and the leader), with
a reminder to keep it confidential and an audit entry each time; any other role is refused,
and the refusal is audited too. The clue page, its unmasked view and the API's clue all pass
through :func:`guard`."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Request

from jiancha.casebook.accounts import UserView
from jiancha.casebook.registers.minors import SEALED_READERS
from jiancha.casebook.views import ClueView, EvidenceSnapshot
from jiancha.web.deps import Workbench
from jiancha.web.errors import Forbidden

NOTICE = (
    "本线索涉及依法封存的未成年人犯罪记录（刑事诉讼法第二百八十六条）：仅限办案需要查询，"
    "应当对封存记录的情况予以保密，不得向任何单位和个人提供。"
)


def guard(
    request: Request,
    bench: Workbench,
    user: UserView,
    clue: ClueView,
    evidence: Sequence[EvidenceSnapshot] = (),
) -> str | None:
    """The notice to show when the clue names a sealed record and the user may see it;
    None when it names none. A user who may not see it is refused."""
    sealed = bench.work.registers.minors.sealed_in(
        clue.subject, clue.facts, [row.snapshot for row in evidence]
    )
    if not sealed:
        return None
    detail = {"sealed": [s.id for s in sealed]}
    if user.role not in SEALED_READERS:
        bench.audit(request, "denied", subject=clue.id, unit_code=clue.unit_code,
                    detail={**detail, "why": "sealed"})  # fmt: skip
        raise Forbidden(
            "该线索涉及依法封存的未成年人犯罪记录（刑事诉讼法第二百八十六条），仅限办案人员查询"
        )
    bench.audit(request, "sealed_view", subject=clue.id, unit_code=clue.unit_code, detail=detail)
    return NOTICE
