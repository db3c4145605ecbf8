"""The registers' pages (登记簿): 干预司法记录 and the others of issue 17.

Each handler turns the signed-in user into a register :class:`Viewer` (their username,
role and units) and calls ``Casework.registers``; what a role may see within a register
(the leader and the auditor every record of their units, others their own) is the
register's rule, applied in its queries.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from jiancha.casebook.accounts import UserView
from jiancha.casebook.registers import Viewer
from jiancha.casebook.registers.aid import DECISION_LABELS, HARM_LABELS
from jiancha.casebook.registers.aid import ApplicationInput as AidInput
from jiancha.casebook.registers.common import OVERSEERS, quarter_of
from jiancha.casebook.registers.interference import (
    KIND_LABELS,
    KIND_SHORT,
    MANNER_LABELS,
    InterferenceInput,
)
from jiancha.casebook.registers.minors import (
    CHECKIN_KINDS,
    OUTCOME_LABELS,
    REPORT_STATUS,
    REPORTER_KINDS,
    REVOCATION_GROUNDS,
    STATUTORY_CONDITIONS,
    ProbationInput,
    ReportInput,
    SealedInput,
)
from jiancha.casebook.registers.quality import METHOD_LABELS, RATING_LABELS, SCORE_ITEMS
from jiancha.casebook.registers.remote import KIND_LABELS as REMOTE_KINDS
from jiancha.casebook.registers.remote import BookingInput
from jiancha.casebook.registers.supervisors import (
    HEARING_MATTERS,
    STANCE_LABELS,
    HearingInput,
    OpinionInput,
    SupervisorInput,
    parse_recusals,
)
from jiancha.web.deps import UserDep, Workbench, WorkbenchDep
from jiancha.web.errors import Forbidden
from jiancha.web.routes.render import page

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=2000)]
Short = Annotated[str, Form(max_length=256)]
Day = Annotated[date, Form()]
Moment = Annotated[datetime, Form()]
Code = Annotated[str, Form(max_length=32)]
Name = Annotated[str, Form(max_length=64)]
Unit = Annotated[str, Form(max_length=12)]
Choice = Annotated[str, Form(max_length=16)]
Seed = Annotated[str, Form(max_length=200)]
Yuan = Annotated[int, Form(ge=0, le=100_000_000)]
Year = Annotated[int | None, Query(ge=2000, le=2100)]


def viewer(user: UserView) -> Viewer:
    return Viewer(user.username, user.role, user.units)


def recorded(
    request: Request,
    bench: Workbench,
    subject: str,
    to: str,
    register: str | None = None,
    detail: dict[str, object] | None = None,
) -> Response:
    """After a change to a register: its audit entry (the register's name in the detail
    when the subject does not say it), then back to the page that shows it."""
    if detail is None and register is not None:
        detail = {"register": register}
    bench.audit(request, "register", subject=subject, detail=detail)
    return RedirectResponse(to, status_code=303)


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
    unit_code: Unit,
    kind: Code,
    intervener: Short,
    intervener_post: Short,
    target: Short,
    case_ref: Short,
    occurred_on: Day,
    manner: Code,
    asked: Text,
    response: Text,
) -> Response:
    entry = InterferenceInput(
        unit_code, kind, intervener, intervener_post, target, case_ref, occurred_on, manner,
        asked, response,
    )  # fmt: skip
    record = bench.work.registers.interference.record(viewer(user), entry)
    return recorded(
        request,
        bench,
        record.ref,
        f"/registers/interference?recorded={record.ref}",
        register="interference",
    )


@router.get("/registers/interference/report")
def interference_report(
    request: Request, bench: WorkbenchDep, user: UserDep, quarter: str | None = None
) -> Response:
    chosen = quarter or quarter_of(date.today())
    report = bench.work.registers.interference.quarter(chosen, user.units)
    return page(request, "registers/interference_report.html", report=report, kinds=KIND_SHORT)


# -- 人民监督员与公开听证 ------------------------------------------------------------------


@router.get("/registers/supervisors")
def supervisors_page(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    year: Year = None,
) -> Response:
    chosen = year or date.today().year
    register = bench.work.registers.supervisors
    summary = bench.work.registers.summary(
        "supervisors", date(chosen, 1, 1), date(chosen + 1, 1, 1), user.units
    )
    return page(
        request,
        "registers/supervisors.html",
        people=register.roster(viewer(user)),
        hearings=register.hearings(viewer(user), year=chosen),
        summary=summary,
        year=chosen,
        matters=HEARING_MATTERS,
        today=date.today(),
    )


@router.post("/registers/supervisors")
def supervisor_add(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    unit_code: Unit,
    name: Name,
    employer: Short,
    term_start: Day,
    term_end: Day,
    phone: Code = "",
    relations: Text = "",
) -> Response:
    entry = SupervisorInput(
        unit_code, name, employer, phone, term_start, term_end, tuple(_names(relations))
    )
    person = bench.work.registers.supervisors.add(viewer(user), entry)
    return recorded(request, bench, f"supervisor:{person.id}", "/registers/supervisors")


@router.post("/registers/hearings")
def hearing_add(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    unit_code: Unit,
    case_ref: Short,
    matter: Code,
    scheduled_on: Day,
    place: Short,
    parties: Text = "",
    seats: Annotated[int, Form(ge=1, le=15)] = 3,
) -> Response:
    entry = HearingInput(
        unit_code, case_ref, matter, scheduled_on, place, tuple(_names(parties)), seats
    )
    found = bench.work.registers.supervisors.add_hearing(viewer(user), entry)
    return recorded(request, bench, f"hearing:{found.id}", f"/registers/hearings/{found.id}")


@router.get("/registers/hearings/{hearing_id}")
def hearing_page(request: Request, bench: WorkbenchDep, user: UserDep, hearing_id: int) -> Response:
    found = bench.work.registers.supervisors.hearing(viewer(user), hearing_id)
    return page(
        request, "registers/hearing.html", hearing=found, stances=STANCE_LABELS, today=date.today()
    )


@router.post("/registers/hearings/{hearing_id}/draw")
def hearing_draw(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    hearing_id: int,
    seed: Seed = "",
    count: Annotated[int | None, Form(ge=1, le=15)] = None,
    recused: Text = "",
) -> Response:
    draw = bench.work.registers.supervisors.draw(
        viewer(user),
        hearing_id,
        needed=count,
        seed=seed or None,
        recused=parse_recusals(_lines(recused)),
    )
    return recorded(
        request,
        bench,
        f"hearing:{hearing_id}",
        f"/registers/hearings/{hearing_id}",
        detail={"draw": draw.id},
    )


@router.post("/registers/hearings/{hearing_id}/record")
def hearing_record(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    hearing_id: int,
    held_on: Day,
    conclusion: Text,
    supervisor_id: Annotated[list[int] | None, Form()] = None,
    stance: Annotated[list[str] | None, Form()] = None,
    opinion: Annotated[list[str] | None, Form()] = None,
    adopted: Annotated[list[str] | None, Form()] = None,
) -> Response:
    rows = zip(supervisor_id or [], stance or [], opinion or [], adopted or [], strict=False)
    opinions = [OpinionInput(i, s, o, a == "yes") for i, s, o, a in rows if o.strip()]
    bench.work.registers.supervisors.record(viewer(user), hearing_id, held_on, conclusion, opinions)
    return recorded(request, bench, f"hearing:{hearing_id}", f"/registers/hearings/{hearing_id}")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _names(text: str) -> list[str]:
    """Names given one a line or separated by 、 or ；."""
    return _lines(text.replace("、", "\n").replace("；", "\n"))


# -- 远程提审、远程庭审 --------------------------------------------------------------------


@router.get("/registers/remote")
def remote_page(request: Request, bench: WorkbenchDep, user: UserDep) -> Response:
    today = date.today()
    found = bench.work.registers.remote.sessions(viewer(user), start=today - timedelta(days=90))
    return page(request, "registers/remote.html", sessions=found, kinds=REMOTE_KINDS, today=today)


@router.post("/registers/remote")
def remote_book(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    unit_code: Unit,
    kind: Code,
    case_ref: Short,
    counterpart: Short,
    room: Name,
    person: Name,
    starts_at: Moment,
    ends_at: Moment,
    participants: Text,
) -> Response:
    entry = BookingInput(
        unit_code, kind, case_ref, counterpart, room, person, tuple(_names(participants)),
        starts_at, ends_at,
    )  # fmt: skip
    booked = bench.work.registers.remote.book_session(viewer(user), entry)
    return recorded(
        request, bench, booked.ref, f"/registers/remote/{booked.ref}", register="remote"
    )


@router.get("/registers/remote/{ref}")
def remote_session_page(request: Request, bench: WorkbenchDep, user: UserDep, ref: str) -> Response:
    found = bench.work.registers.remote.get(viewer(user), ref)
    return page(request, "registers/remote_session.html", s=found, now=datetime.now())


@router.post("/registers/remote/{ref}/record")
def remote_record(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    ref: str,
    held_from: Moment,
    held_to: Moment,
    recording_ref: Short,
    signatures: Text,
    note: Text = "",
) -> Response:
    held = bench.work.registers.remote.record(
        viewer(user), ref, held_from, held_to, recording_ref, _names(signatures), note
    )
    return recorded(request, bench, held.ref, f"/registers/remote/{held.ref}", register="remote")


@router.post("/registers/remote/{ref}/cancel")
def remote_cancel(
    request: Request, bench: WorkbenchDep, user: UserDep, ref: str, reason: Text
) -> Response:
    cancelled = bench.work.registers.remote.cancel(viewer(user), ref, reason)
    return recorded(
        request, bench, cancelled.ref, f"/registers/remote/{cancelled.ref}", register="remote"
    )


# -- 案件质量评查 ------------------------------------------------------------------------


@router.get("/registers/quality")
def quality_page(
    request: Request, bench: WorkbenchDep, user: UserDep, pending: bool = False
) -> Response:
    found = bench.work.registers.quality.reviews(
        viewer(user), status="pending" if pending else None
    )
    today = date.today()
    return page(
        request,
        "registers/quality.html",
        reviews=found,
        methods=METHOD_LABELS,
        start=date(today.year, 1, 1),
        today=today,
        pending=pending,
    )


@router.post("/registers/quality/sample")
def quality_sample(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    start: Day,
    end: Day,
    method: Choice,
    count: Annotated[int, Form(ge=0, le=500)] = 0,
    prosecutor: Annotated[str, Form(max_length=128)] = "",
    clue_ids: Text = "",
    seed: Seed = "",
    reason: Text = "",
) -> Response:
    sample = bench.work.registers.quality.sample(
        viewer(user), start, end, method=method, count=count, prosecutor=prosecutor or None,
        clue_ids=_names(clue_ids.replace(",", "\n").replace("，", "\n")), seed=seed or None,
        reason=reason,
    )  # fmt: skip
    return recorded(request, bench, f"quality:{sample.id}", "/registers/quality?pending=true")


@router.get("/registers/quality/reviews/{review_id}")
def quality_review_page(
    request: Request, bench: WorkbenchDep, user: UserDep, review_id: int
) -> Response:
    found = bench.work.registers.quality.review(viewer(user), review_id)
    return page(
        request, "registers/quality_review.html", r=found, items=SCORE_ITEMS, ratings=RATING_LABELS
    )


@router.post("/registers/quality/reviews/{review_id}")
def quality_review_fill(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    review_id: int,
    facts: Annotated[int, Form()],
    evidence: Annotated[int, Form()],
    law: Annotated[int, Form()],
    procedure: Annotated[int, Form()],
    documents: Annotated[int, Form()],
    effect: Annotated[int, Form()],
    findings: Text = "",
    rating: Choice = "",
) -> Response:
    scores = {"facts": facts, "evidence": evidence, "law": law, "procedure": procedure,
              "documents": documents, "effect": effect}  # fmt: skip
    done = bench.work.registers.quality.fill(
        viewer(user), review_id, scores, findings, rating or None
    )
    return recorded(
        request, bench, f"quality_review:{done.id}", f"/registers/quality/reviews/{done.id}"
    )


@router.get("/registers/quality/file")
def quality_file_page(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    prosecutor: Annotated[str | None, Query(max_length=128)] = None,
    year: Year = None,
) -> Response:
    """A prosecutor's quality file; a prosecutor sees only their own."""
    person = prosecutor or user.username
    if user.role == "prosecutor" and person != user.username:
        raise Forbidden("检察官只能查看本人的办案质量档案")
    chosen = year or date.today().year
    found = bench.work.registers.quality.file(
        viewer(user), person, date(chosen, 1, 1), date(chosen + 1, 1, 1)
    )
    return page(request, "registers/quality_file.html", f=found, year=chosen, ratings=RATING_LABELS)


# -- 未成年人检察 ------------------------------------------------------------------------


@router.get("/registers/minors")
def minors_page(request: Request, bench: WorkbenchDep, user: UserDep) -> Response:
    minors = bench.work.registers.minors
    return page(
        request,
        "registers/minors.html",
        probations=minors.probations(viewer(user)),
        sealed=minors.sealed(viewer(user)),
        reports=minors.reports(viewer(user)),
        reporter_kinds=REPORTER_KINDS,
        report_status=REPORT_STATUS,
        conditions=STATUTORY_CONDITIONS,
        today=date.today(),
    )


@router.post("/registers/minors/probations")
def minors_probation_add(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    unit_code: Unit,
    case_ref: Short,
    person: Name,
    birth_date: Day,
    offense_date: Day,
    charge: Short,
    decided_on: Day,
    months: Annotated[int, Form()],
    supervisor: Short,
    conditions: Text = "",
) -> Response:
    entry = ProbationInput(
        unit_code, case_ref, person, birth_date, offense_date, charge, decided_on, months,
        supervisor, tuple(_lines(conditions)),
    )  # fmt: skip
    found = bench.work.registers.minors.add_probation(viewer(user), entry)
    return recorded(
        request, bench, found.ref, f"/registers/minors/probations/{found.ref}", register="minors"
    )


@router.get("/registers/minors/probations/{ref}")
def minors_probation_page(
    request: Request, bench: WorkbenchDep, user: UserDep, ref: str
) -> Response:
    found = bench.work.registers.minors.probation(viewer(user), ref)
    return page(
        request,
        "registers/probation.html",
        p=found,
        kinds=CHECKIN_KINDS,
        outcomes=OUTCOME_LABELS,
        grounds=REVOCATION_GROUNDS,
        today=date.today(),
    )


@router.post("/registers/minors/probations/{ref}/checkin")
def minors_checkin(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    ref: str,
    on: Day,
    kind: Choice,
    note: Text,
    compliant: Annotated[str, Form(max_length=8)] = "yes",
) -> Response:
    found = bench.work.registers.minors.checkin(
        viewer(user), ref, on, kind, compliant == "yes", note
    )
    return recorded(
        request, bench, found.ref, f"/registers/minors/probations/{found.ref}", register="minors"
    )


@router.post("/registers/minors/probations/{ref}/decide")
def minors_decide(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    ref: str,
    outcome: Code,
    on: Day,
    reason: Text = "",
    ground: Code = "",
) -> Response:
    found = bench.work.registers.minors.decide(
        viewer(user), ref, outcome, on, reason, ground or None
    )
    return recorded(
        request, bench, found.ref, f"/registers/minors/probations/{found.ref}", register="minors"
    )


@router.post("/registers/minors/sealed")
def minors_seal(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    unit_code: Unit,
    person: Name,
    case_ref: Short,
    birth_date: Day,
    offense_date: Day,
    sentence_months: Annotated[int, Form(ge=0, le=1000)],
    sealed_on: Day,
    id_number: Code = "",
) -> Response:
    entry = SealedInput(
        unit_code, person, id_number, case_ref, birth_date, offense_date, sentence_months,
        sealed_on,
    )  # fmt: skip
    found = bench.work.registers.minors.seal(viewer(user), entry)
    return recorded(request, bench, f"sealed:{found.id}", "/registers/minors", register="minors")


@router.post("/registers/minors/reports")
def minors_report_add(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    unit_code: Unit,
    received_on: Day,
    reporter: Short,
    reporter_kind: Choice,
    victim: Name,
    suspected: Text,
) -> Response:
    entry = ReportInput(unit_code, received_on, reporter, reporter_kind, victim, suspected)
    found = bench.work.registers.minors.add_report(viewer(user), entry)
    return recorded(request, bench, found.ref, "/registers/minors", register="minors")


@router.post("/registers/minors/reports/{ref}/step")
def minors_report_step(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    ref: str,
    status: Choice,
    on: Day,
    note: Text = "",
) -> Response:
    found = bench.work.registers.minors.report_step(viewer(user), ref, status, on, note)
    return recorded(request, bench, found.ref, "/registers/minors", register="minors")


# -- 国家司法救助 ------------------------------------------------------------------------


@router.get("/registers/aid")
def aid_page(request: Request, bench: WorkbenchDep, user: UserDep) -> Response:
    aid = bench.work.registers.aid
    candidates, notes = aid.screen(user.units)
    return page(
        request,
        "registers/aid.html",
        candidates=candidates,
        notes=notes,
        applications=aid.applications(viewer(user)),
        harms=HARM_LABELS,
        decisions=DECISION_LABELS,
        today=date.today(),
    )


@router.post("/registers/aid")
def aid_apply(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    unit_code: Unit,
    applicant: Name,
    victim: Name,
    relation: Code,
    harm: Choice,
    case_ref: Short,
    hardship: Text,
    requested_yuan: Yuan,
    received_on: Day,
    source_ref: Short = "",
) -> Response:
    entry = AidInput(
        unit_code, applicant, victim, relation, harm, case_ref, hardship, requested_yuan,
        received_on, user.display_name or user.username, source_ref,
    )  # fmt: skip
    found = bench.work.registers.aid.add(viewer(user), entry)
    return recorded(request, bench, found.ref, "/registers/aid", register="aid")


@router.post("/registers/aid/{ref}/decide")
def aid_decide(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    ref: str,
    decision: Choice,
    on: Day,
    reason: Text,
    granted_yuan: Annotated[int | None, Form(ge=0, le=100_000_000)] = None,
) -> Response:
    found = bench.work.registers.aid.decide(viewer(user), ref, decision, on, reason, granted_yuan)
    return recorded(request, bench, found.ref, "/registers/aid", register="aid")


@router.post("/registers/aid/{ref}/pay")
def aid_pay(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    ref: str,
    on: Day,
    paid_yuan: Yuan,
) -> Response:
    found = bench.work.registers.aid.pay(viewer(user), ref, on, paid_yuan)
    return recorded(request, bench, found.ref, "/registers/aid", register="aid")
