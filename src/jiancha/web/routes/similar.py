"""类案检索 on the workbench: similar cases and the sentence estimate, by pasted facts, from a
judgment of the warehouse, or from a clue's judgment (a 类案不同判 clue links here).

Everything is scoped to the user's units: a judgment asked for must be theirs, and only
their units' judgments are found as similar cases.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from jiancha.casebook.actions import UNIT_NAMES
from jiancha.schema import contract
from jiancha.web.deps import UserDep, WorkbenchDep
from jiancha.web.routes.render import page

if TYPE_CHECKING:  # the search's modules (jieba, numpy, BM25) load with the first search
    from jiancha.text.sentencing import SentenceEstimate
    from jiancha.text.similar import Element, SimilarResult

router = APIRouter(include_in_schema=False)
MAX_FACTS = 20_000  # characters of pasted facts
K_CHOICES = (5, 10, 20, 30)
JUDGMENT = "judgment"


@router.get("/similar")
def similar_page(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    record: Annotated[str | None, Query(max_length=128)] = None,
    k: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Response:
    """The search form; with ``record``, the cases similar to that judgment."""
    if not record:
        return _page(request, k=k)
    result = bench.project.similar(record_id=record, k=k, units=user.units)
    return _page(request, result=result, record=record, k=k)


@router.post("/similar")
def similar_search(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    text: Annotated[str, Form(min_length=1, max_length=MAX_FACTS)],
    k: Annotated[int, Form(ge=1, le=50)] = 10,
) -> Response:
    """The cases similar to pasted facts."""
    facts = text.strip()
    if not facts:
        return _page(request, status_code=422, k=k, message="请粘贴案情事实后再检索")
    result = bench.project.similar(facts, k=k, units=user.units)
    return _page(request, result=result, text=facts, k=k)


@router.get("/clues/{clue_id}/similar")
def clue_similar(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    clue_id: str,
    k: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Response:
    """The cases similar to the judgment a clue rests on (its first judgment row)."""
    clue = bench.work.clue(clue_id, units=user.units).clue
    record = next((e.record_id for e in clue.evidence if e.table == JUDGMENT), None)
    if record is None:
        message = f"线索 {clue.id} 不涉及判决，无法据以检索类案；可粘贴案情事实检索。"
        return _page(request, k=k, clue=clue, message=message)
    result = bench.project.similar(record_id=record, k=k, units=user.units)
    return _page(request, result=result, record=record, k=k, clue=clue)


def _page(request: Request, status_code: int = 200, **context: Any) -> Response:
    result: SimilarResult | None = context.get("result")
    if result is not None:
        context.update(_result_context(result))
    context.setdefault("k_choices", K_CHOICES)
    return page(request, "similar.html", status_code, **context)


def _result_context(result: SimilarResult) -> dict[str, Any]:
    """What the page shows of a search, every code turned into its Chinese label."""
    from jiancha.text.report import estimate_lines, months_label, term_label

    judgment = contract().tables[JUDGMENT]
    penalties = judgment.column("penalty").allowed
    circumstances = judgment.column("circumstances").allowed
    elements = result.elements
    estimate = result.estimate
    query = result.query
    term = query.get("term_months") if "record_id" in query else None
    return {
        "matches": result.matches,
        "penalties": penalties,
        "term_label": term_label,
        "months_label": months_label,
        "query_charges": sorted(elements.charges),
        "charge_inferred": elements.charge_inferred,
        "query_amount": elements.amount_yuan,
        "query_circumstances": [circumstances.get(c, c) for c in sorted(elements.circumstances)],
        "query_term": term,
        "deviation": _deviation(term, estimate),
        "query_penalty": penalties.get(str(query.get("penalty") or ""), None),
        "estimate": estimate,
        "estimate_lines": estimate_lines(estimate),
        "factors": _factors(estimate),
        "element_text": _element_text,
    }


SHOWN_FACTOR = 0.5  # months: smaller moves are summed into one line, as the explanation does


def _factors(estimate: SentenceEstimate | None) -> list[tuple[str, float]]:
    """The facts that moved the estimate, largest first, the small ones together."""
    if estimate is None:
        return []
    shown = [(f.label, f.months) for f in estimate.factors if abs(f.months) >= SHOWN_FACTOR]
    rest = sum(f.months for f in estimate.factors if abs(f.months) < SHOWN_FACTOR)
    if round(rest, 1):
        shown.append(("其余各项合计", rest))
    return shown


def _element_text(element: Element) -> str:
    """A compared element as the CLI prints it, a region by its name rather than its code."""
    if element.name == "地区":
        element = replace(element, query=_region(element.query), case=_region(element.case))
    return str(element)


def _region(code: str | None) -> str | None:
    """``3506`` → 漳州市 (the unit's name without the procuratorate); unknown: the code."""
    name = UNIT_NAMES.get(code or "")
    if name is None:
        return code
    name = name.removesuffix("人民检察院")
    return name.split("省", 1)[1] if "省" in name[:-1] else name


def _deviation(term: Any, estimate: SentenceEstimate | None) -> str | None:
    """How the judgment's own term stands to the estimate's interval, in words."""
    if term is None or estimate is None:
        return None
    low, high = estimate.interval
    if term > high:
        return f"高于估计区间上限 {term - high:.1f} 个月"
    if term < low:
        return f"低于估计区间下限 {low - term:.1f} 个月"
    return "在估计区间之内"
