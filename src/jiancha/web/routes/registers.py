"""The registers' pages (登记簿): 干预司法记录 and the others of issue 17.

Each handler turns the signed-in user into a register :class:`Viewer` (their username,
role and units) and calls ``Casework.registers``; what a role may see within a register
(the leader and the auditor every record of their units, others their own) is the
register's rule, applied in its queries.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from jiancha.casebook.accounts import UserView
from jiancha.casebook.registers import Viewer
from jiancha.casebook.registers.common import OVERSEERS, quarter_of
from jiancha.casebook.registers.interference import (
    KIND_LABELS,
    KIND_SHORT,
    MANNER_LABELS,
    InterferenceInput,
)
from jiancha.web.deps import UserDep, WorkbenchDep
from jiancha.web.routes.render import page

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=2000)]
Short = Annotated[str, Form(max_length=256)]


def viewer(user: UserView) -> Viewer:
    return Viewer(user.username, user.role, user.units)


@router.get("/registers")
def registers_page(request: Request, user: UserDep) -> Response:
    return page(request, "registers/index.html", overseer=user.role in OVERSEERS)


# -- 干预司法记录 ------------------------------------------------------------------------


@router.get("/registers/interference")
def interference_page(
    request: Request, bench: WorkbenchDep, user: UserDep, recorded: str | None = None
) -> Response:
    records = bench.work.registers.interference.entries(viewer(user))
    return page(
        request,
        "registers/interference.html",
        records=records,
        kinds=KIND_LABELS,
        manners=MANNER_LABELS,
        overseer=user.role in OVERSEERS,
        recorded=recorded,
        today=date.today(),
    )


@router.post("/registers/interference")
def interference_record(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    unit_code: Annotated[str, Form(max_length=12)],
    kind: Annotated[str, Form(max_length=32)],
    intervener: Short,
    intervener_post: Short,
    target: Short,
    case_ref: Short,
    occurred_on: Annotated[date, Form()],
    manner: Annotated[str, Form(max_length=32)],
    asked: Text,
    response: Text,
) -> Response:
    entry = InterferenceInput(
        unit_code, kind, intervener, intervener_post, target, case_ref, occurred_on, manner,
        asked, response,
    )  # fmt: skip
    record = bench.work.registers.interference.record(viewer(user), entry)
    bench.audit(request, "register", subject=record.ref, detail={"register": "interference"})
    return RedirectResponse(f"/registers/interference?recorded={record.ref}", status_code=303)


@router.get("/registers/interference/report")
def interference_report(
    request: Request, bench: WorkbenchDep, user: UserDep, quarter: str | None = None
) -> Response:
    chosen = quarter or quarter_of(date.today())
    report = bench.work.registers.interference.quarter(chosen, user.units)
    return page(request, "registers/interference_report.html", report=report, kinds=KIND_SHORT)
