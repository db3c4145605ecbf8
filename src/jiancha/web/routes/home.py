"""我的工作 (the landing page), its badge, the search and the person page."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from jiancha.casebook.accounts import Role, UserView
from jiancha.casebook.home import BADGE_CAP
from jiancha.casebook.views import ClueView
from jiancha.casebook.wording import subject_labels
from jiancha.errors import NotFound
from jiancha.link.people import PersonRecord
from jiancha.schema import contract
from jiancha.web.access import CASE_READERS
from jiancha.web.deps import UserDep, WorkbenchDep
from jiancha.web.labels import unit_label
from jiancha.web.masking import Masker, mask_text
from jiancha.web.routes.pages import overview_page
from jiancha.web.routes.render import page

router = APIRouter(include_in_schema=False)

ROLE_IN_RECORD = {
    "subject": "当事人",
    "defendant": "被告人",
    "party": "当事人",
    "petitioner": "信访人",
    "reporter": "报案人",
    "suspect": "嫌疑人",
}
MAX_QUERY = 64


def assignee_names(user: UserView) -> tuple[str, ...]:
    """The names a clue may be assigned to the user by."""
    return tuple(dict.fromkeys((user.username, user.display_name)))


def badge_text(count: int) -> str:
    return f"{BADGE_CAP}+" if count > BADGE_CAP else str(count)


@router.get("/")
async def dashboard(request: Request, bench: WorkbenchDep, user: UserDep) -> Response:
    """我的工作 for those who work clues; the overview for the others."""
    if user.role not in CASE_READERS:
        return await overview_page(request, bench, user)
    work = await run_in_threadpool(
        bench.work.my_work,
        user.id,
        assignee_names(user),
        user.units,
        as_of=date.today(),
        everyone=user.role == Role.LEADER,
    )
    return page(
        request,
        "home.html",
        work=work,
        new_text=badge_text(work.new_total),
        sees_due=user.role != Role.ANALYST,
    )


@router.get("/home/badge")
def home_badge(bench: WorkbenchDep, user: UserDep) -> Response:
    """The count of clues new in the user's units since they last opened 我的工作."""
    count = bench.work.new_since_visit(user.id, user.units)
    return JSONResponse({"count": count, "text": badge_text(count)})


@router.get("/search")
def search_page(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    q: Annotated[str, Query(max_length=MAX_QUERY)] = "",
) -> Response:
    text = q.strip()
    clues = bench.work.search(text, user.units) if len(text) >= 2 else []
    people = bench.project.people(text, user.units) if len(text) >= 2 else []
    masker = Masker.over([p.id_number for p in people])
    shown = [
        {
            "person_id": p.person_id,
            "name": p.name,
            # by its key: a malformed number is covered too
            "id_number": masker.text(str(p.id_number), kind="id_number") if p.id_number else "",
            "birth_year": _year(p.birth_date),
            "tables": [_table_label(t) for t in p.tables],
            "records": p.records,
        }
        for p in people
    ]
    return page(
        request,
        "search.html",
        q=text,
        shown_q=mask_text(text),  # the heading repeats the query masked, like the results
        too_short=0 < len(text) < 2,
        clues=[_clue_row(c) for c in clues],
        people=shown,
        subject_labels=subject_labels(),
    )


@router.get("/people/{person_id}")
def person_page(request: Request, bench: WorkbenchDep, user: UserDep, person_id: str) -> Response:
    """Every record and clue about one linked person, as far as the user's units reach."""
    records = bench.project.person(person_id[:64], user.units)
    if not records:
        raise NotFound(f"没有编号为 {person_id[:64]} 的人员，或其记录不在您的管辖单位内")
    clues = bench.work.clues_about([(r.table, r.record_id) for r in records], user.units)
    tables: dict[str, dict[str, Any]] = {}
    # one masker for the person: a date completing their id number in any record is masked
    masker = Masker.over([r.values for r in records])
    for record in records:
        table = tables.setdefault(record.table, _table(record.table))
        values = _readable(table["enums"], masker.mapping(record.values))
        for key in values:
            if (
                key not in table["columns"]
                and key not in _HIDDEN
                and not key.endswith(("person_id", "org_id"))
            ):
                table["columns"].append(key)
        table["rows"].append({"role": ROLE_IN_RECORD.get(record.role, ""), "values": values})
    name = _person_name(records)
    return page(
        request,
        "person.html",
        name=name,
        tables=list(tables.values()),
        clues=[_clue_row(c) for c in clues],
        count=len(records),
        subject_labels=subject_labels(),
    )


_HIDDEN = frozenset({"record_id"})


def _person_name(records: list[PersonRecord]) -> str:
    return next((r.name for r in records if r.name), "（姓名不详）")


def _table(name: str) -> dict[str, Any]:
    table = contract().tables.get(name)
    labels = {c.name: c.label for c in table.columns} if table is not None else {}
    enums = {c.name: c.allowed for c in table.columns if c.allowed} if table is not None else {}
    return {
        "label": _table_label(name),
        "labels": labels,
        "enums": enums,
        "columns": [],
        "rows": [],
    }


def _readable(enums: dict[str, dict[str, str]], values: dict[str, Any]) -> dict[str, Any]:
    """Codes as the people who read them say them: an enum's label (each of a list's),
    a unit's name, 是/否."""
    shown: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, str) and key in enums:
            parts = [enums[key].get(p.strip(), p.strip()) for p in value.split(";") if p.strip()]
            value = "、".join(parts)
        elif key == "unit_code" and isinstance(value, str):
            value = unit_label(value)
        elif isinstance(value, bool):
            value = "是" if value else "否"
        shown[key] = value
    return shown


def _table_label(name: str) -> str:
    table = contract().tables.get(name)
    return table.label if table is not None else name


def _year(value: Any) -> str:
    text = str(value or "")
    return f"{text[:4]}年" if len(text) >= 4 and text[:4].isdigit() else ""


def _clue_row(clue: ClueView) -> dict[str, Any]:
    masker = Masker.over(clue.subject, clue.facts)
    return {
        "id": clue.id,
        "title": masker.text(clue.title),
        "status": clue.status,
        "unit_code": clue.unit_code,
        "subject": masker.mapping(clue.subject),
        "first_seen_at": clue.first_seen_at,
    }
