"""The inbox's own tools: saved filters (each user's), and the current filter exported to
Excel (masked, with a reason, audited as the command line's exports are)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from jiancha.casebook.inbox import ClueFilter
from jiancha.casebook.views import ClueView
from jiancha.reports.clue_export import ModelNames, to_xlsx
from jiancha.web.deps import UserDep, WorkbenchDep
from jiancha.web.masking import mask_mapping

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LIMIT = 10_000
# the inbox's query parameters a saved filter keeps (and an export applies, but the sort)
FILTER_FIELDS = ("model", "domain", "status", "unit", "assignee", "since", "until", "run", "sort")

Field = Annotated[str, Form(max_length=128)]
DateField = Annotated[date | None, Form()]


def filter_query(**values: object) -> dict[str, str]:
    """The inbox's filter as query parameters: the fields given, blanks left out."""
    query = {k: str(values.get(k) or "").strip() for k in FILTER_FIELDS}
    return {k: v for k, v in query.items() if v}


def filter_form(
    model: Field = "",
    domain: Field = "",
    status: Field = "",
    unit: Field = "",
    assignee: Field = "",
    since: DateField = None,
    until: DateField = None,
    run: Field = "",
    sort: Field = "",
) -> dict[str, str]:
    """The inbox's filter as a form sends it (the hidden fields of the inbox's tools)."""
    return filter_query(**locals())


FormQuery = Annotated[dict[str, str], Depends(filter_form)]


@router.post("/clues/filters")
def inbox_filter_save(
    bench: WorkbenchDep,
    user: UserDep,
    name: Annotated[str, Form(min_length=1, max_length=64)],
    query: FormQuery,
) -> Response:
    """Save the inbox's current filter under a name (the same name again replaces it)."""
    bench.work.save_filter(user.id, name, query)
    return RedirectResponse(f"/clues?{urlencode(query)}&saved={quote(name.strip())}", 303)


@router.post("/clues/filters/{filter_id}/delete")
def inbox_filter_delete(bench: WorkbenchDep, user: UserDep, filter_id: int) -> Response:
    bench.work.delete_filter(user.id, filter_id)
    return RedirectResponse("/clues", status_code=303)


@router.post("/clues/export")
def inbox_export(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    reason: Annotated[str, Form(min_length=2, max_length=500)],
    query: FormQuery,
) -> Response:
    """The clues the filter shows (at most ``EXPORT_LIMIT``), personal data masked."""
    query.pop("sort", None)
    since, until = query.get("since"), query.get("until")
    filters = ClueFilter(
        model=query.get("model"),
        domain=query.get("domain"),
        status=query.get("status"),
        unit=query.get("unit"),
        assignee=query.get("assignee"),
        since=date.fromisoformat(since) if since else None,
        until=date.fromisoformat(until) if until else None,
        first_seen_run=query.get("run"),
    )
    clues = bench.work.clues(filters, units=user.units, limit=EXPORT_LIMIT)
    data = to_xlsx([_masked(c) for c in clues], ModelNames.of(bench.catalogue))
    units = sorted({c.unit_code or "" for c in clues})
    bench.audit(
        request,
        "export",
        unit_code=units[0] if len(units) == 1 else None,
        detail={
            "reason": reason.strip()[:500],
            "format": "xlsx",
            "count": len(clues),
            "filter": query,
            "units": units,
            "via": "工作台",
        },
    )
    name = f"线索清单-{datetime.now():%Y%m%d-%H%M}.xlsx"
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=XLSX, headers={"Content-Disposition": disposition})


def _masked(clue: ClueView) -> ClueView:
    return dataclasses.replace(
        clue, subject=mask_mapping(clue.subject), facts=mask_mapping(clue.facts)
    )
