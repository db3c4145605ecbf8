"""A clue's finding as a prosecutor reads it: the conclusion, the comparison that proves it,
the records behind it, the sources searched and found empty, how the people were matched,
and what to do next.

Built from the clue, its model's header (``conclusion``, ``decisive``, ``checked``,
``actions``, ``document``), the parameters the model ran with, the evidence rows as found
and the link stage's matches. Everything here is Chinese text ready to show: the clue page,
``clues show`` and the API all read the same :class:`Finding`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jiancha.casebook.actions import action_label, document_title
from jiancha.casebook.wording import cell_text, fact_text
from jiancha.errors import ModelError
from jiancha.models.conclusion import cn_date, context_of, num, render, yuan
from jiancha.schema import Table, contract
from jiancha.values import as_date

if TYPE_CHECKING:
    from jiancha.casebook.views import ClueView, EvidenceSnapshot
    from jiancha.link.review import MentionMatch
    from jiancha.models.spec import Header

# Facts the page shows elsewhere (how the people were matched).
_SHOWN_ELSEWHERE = frozenset({"link_probability"})
# Columns that say which record it is, most telling first (the record_id comes last).
_NUMBER_COLUMNS = ("case_id", "prisoner_id", "judgment_id", "case_ref", "transfer_case_id")
_ROLE_LABELS = {
    "subject": "本人",
    "defendant": "被告人",
    "suspect": "犯罪嫌疑人",
    "reporter": "报案人",
    "party": "当事人",
    "petitioner": "信访人",
}


@dataclass(frozen=True)
class FactLine:
    """One compared value: its name (for the API), label, value as read, and whether it
    decides the hit."""

    name: str
    label: str
    value: str
    decisive: bool


@dataclass(frozen=True)
class RecordLine:
    """An evidence row described in Chinese: 刑罚变更执行：暂予监外执行，裁定日期 2024年10月30日."""

    table: str
    record_id: str
    source: str  # the table's label: 刑罚变更执行
    text: str  # what the record is, its number and its date


@dataclass(frozen=True)
class CheckedLine:
    """A source searched and found empty, with the period covered."""

    table: str
    label: str
    agency: str
    since: str | None  # 2024年10月30日
    until: str | None

    @property
    def text(self) -> str:
        period = f"，{self.period}" if self.period else ""
        return f"{self.label}（{self.agency}）{period}：无记录"

    @property
    def period(self) -> str:
        """核查期间 2024年10月30日至2025年4月28日; empty when the label says it."""
        if self.since and self.until:
            return f"核查期间 {self.since}至{self.until}"
        if self.until:
            return f"核查至 {self.until}"
        if self.since:
            return f"核查自 {self.since}起"
        return ""


@dataclass(frozen=True)
class MatchLine:
    """How one person in an evidence row was matched: 刑罚变更执行（本人）：身份证号一致."""

    source: str  # the table's label
    role: str  # 本人, 被告人 …
    basis: str


@dataclass(frozen=True)
class SuggestedDocumentView:
    kind: str
    title: str  # 检察建议书
    action: str  # 检察建议
    request: str  # what is asked of the recipient, filled with the facts


@dataclass(frozen=True)
class Finding:
    conclusion: str | None
    comparison: tuple[FactLine, ...]
    records: tuple[RecordLine, ...]
    checked: tuple[CheckedLine, ...]
    matching: tuple[MatchLine, ...]
    actions: tuple[str, ...]  # 核实要点
    document: SuggestedDocumentView | None
    # what could not be said (a template naming a fact the clue does not have)
    notes: tuple[str, ...] = field(default=())
    # without links to show: how the records were put together
    matching_note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "conclusion": self.conclusion,
            "comparison": [vars(f) for f in self.comparison],
            "records": [vars(r) for r in self.records],
            "checked": [{**vars(c), "text": c.text} for c in self.checked],
            "matching": [vars(m) for m in self.matching],
            "actions": list(self.actions),
            "document": vars(self.document) if self.document else None,
            "notes": list(self.notes),
            "matching_note": self.matching_note,
        }


def finding(
    clue: ClueView,
    header: Header | None,
    parameters: Mapping[str, Any],
    evidence: Sequence[EvidenceSnapshot],
    matches: Sequence[MentionMatch] | None = (),
) -> Finding:
    """The clue's finding; without its model's header (a model no longer in the catalogue)
    the facts and records are still shown, without conclusion or suggestions. ``matches``
    None: the warehouse could not be read (the records are the casebook's own copies)."""
    notes: list[str] = []
    params = _parameters(header, parameters)
    context = context_of(clue.subject, clue.facts, params)
    conclusion = None
    document = None
    if header is not None and header.conclusion:
        conclusion = _render(header.conclusion, context, clue.model_id, "结论", notes)
    if header is not None and header.document is not None:
        request = _render(header.document.request, context, clue.model_id, "建议事项", notes)
        kind = header.document.kind
        document = SuggestedDocumentView(
            kind, document_title(kind), action_label(kind), request or ""
        )
    return Finding(
        conclusion=conclusion,
        comparison=comparison(clue.facts, header),
        records=records(evidence),
        checked=checked(clue.facts, header),
        matching=tuple(_match_line(m) for m in matches or ()),
        actions=tuple(header.actions) if header is not None else (),
        document=document,
        notes=tuple(notes),
        matching_note=UNREAD_MATCHES if matches is None else _matching_note(clue, header, matches),
    )


UNREAD_MATCHES = "数据仓库暂时无法读取（可能正在导入数据），人员比对情况未能显示，请稍后刷新本页。"


def _matching_note(clue: ClueView, header: Header | None, matches: Sequence[MentionMatch]) -> str:
    if matches:
        return ""
    sources = {e.table for e in clue.evidence} | {
        c.table for c in (header.checked if header is not None else ())
    }
    if len(sources) > 1:
        return "尚未运行人员关联：各来源的记录按身份证号直接比对（身份证号一致）。"
    return "证据来自同一来源的记录，无需跨来源比对人员。"


def comparison(facts: Mapping[str, Any], header: Header | None) -> tuple[FactLine, ...]:
    """The facts in the header's order (then any the header does not name), labelled; where
    the model compares a value with a limit, the excess follows as a row of its own, and
    the value, the limit and the excess are marked decisive (see :func:`excesses`)."""
    labels = dict(header.facts) if header is not None else {}
    found = excesses(facts, header) if header is not None else []
    decisive = set(header.decisive) if header is not None else set()
    decisive |= {n for e in found for n in (e.value, e.limit)}
    decisive |= {n for n in facts if _STATED_EXCESS.match(n)}
    after = {max(e.value, e.limit, key=list(labels).index): e.line for e in found}
    names = [n for n in labels if n in facts] + [n for n in facts if n not in labels]
    lines: list[FactLine] = []
    for name in names:
        if name in _SHOWN_ELSEWHERE:
            continue
        value = fact_text(name, facts[name])
        lines.append(FactLine(name, labels.get(name, name), value, name in decisive))
        if name in after:
            lines.append(after[name])
    return tuple(lines)


# -- the limit and the excess -----------------------------------------------------------------
#
# A model that compares a value with a limit names the limit for what it is: a number
# (limit_days, cap_months, max_returns, threshold_yuan; min_months below which) or a date
# (deadline, result_deadline; earliest_at before which). The value compared with it is the
# fact measured the same way (detained_days with limit_days, amount_yuan with threshold_yuan,
# returns with max_returns) or, for a date, the date past it (end_at after the deadline,
# proposed_at before the earliest day); one of the two is among the header's decisive facts.
# A model whose facts already state the excess (overdue_days, days_late) gets no second one.

_NUMBER_LIMIT = re.compile(r"^(?P<kind>limit|cap|max|threshold|min)_(?P<measure>[a-z0-9_]+)$")
_DATE_LIMIT = re.compile(r"^(?:(?P<prefix>[a-z0-9_]+?)_)?(?P<kind>deadline|earliest)(?:_at)?$")
_STATED_EXCESS = re.compile(r"^(?:overdue_days|days_late|days_short|days_over|excess_\w+)$")
_LOWER = ("min", "earliest")
_REACHED = ("threshold",)  # a threshold is met by the value that equals it
_UNITS = {"days": "日", "months": "个月", "years": "年", "hours": "小时"}
_LABEL_UNIT = re.compile(r"（(?P<unit>[^）]*)）")


@dataclass(frozen=True)
class Excess:
    """How far a fact went past the limit the model compares it with, as its row."""

    value: str  # the compared fact's name
    limit: str  # the limit's
    line: FactLine


def excesses(facts: Mapping[str, Any], header: Header) -> list[Excess]:
    """The excess of every value the model compares with a limit, in the header's order."""
    limits = [n for n in header.facts if facts.get(n) not in (None, "")]
    found = [
        e
        for n in limits
        if (m := _NUMBER_LIMIT.match(n))
        and (e := _number_excess(facts, header, n, m["kind"], m["measure"]))
    ]
    # a date past a deadline says again what a number past its limit said
    if not found and not any(_STATED_EXCESS.match(n) for n in facts):
        found = [
            e
            for n in limits
            if (m := _DATE_LIMIT.match(n))
            and (e := _date_excess(facts, header, n, m["kind"], m["prefix"]))
        ]
    decisive = set(header.decisive)
    return [e for e in found if {e.value, e.limit} & decisive]


def _is_limit(name: str) -> bool:
    return bool(_NUMBER_LIMIT.match(name) or _DATE_LIMIT.match(name))


def _pick(header: Header, names: list[str]) -> list[str]:
    """The decisive ones of ``names`` when there are any."""
    chosen = [n for n in names if n in header.decisive]
    return chosen or names


def _number_excess(
    facts: Mapping[str, Any], header: Header, name: str, kind: str, measure: str
) -> Excess | None:
    limit = _number(facts[name])
    candidates = [
        n
        for n in header.facts
        if n != name
        and not _is_limit(n)
        and (n == measure or n.endswith(f"_{measure}"))
        and _number(facts.get(n)) is not None
    ]
    chosen = _pick(header, candidates)
    value = _number(facts[chosen[0]]) if len(chosen) == 1 else None
    if limit is None or value is None:
        return None
    over = limit - value if kind in _LOWER else value - limit
    if over < 0 or (over == 0 and kind not in _REACHED):
        return None
    label = _core(header.facts[name])
    shown = _amount(over, measure, header, name)
    if over == 0:
        shown += f"（恰好达到{label}）"
    said = f"{'低于' if kind in _LOWER else '超出'}{label}"
    return Excess(chosen[0], name, FactLine(f"excess_{name}", said, shown, True))


def _date_excess(
    facts: Mapping[str, Any], header: Header, name: str, kind: str, prefix: str | None
) -> Excess | None:
    limit = as_date(facts[name])
    if limit is None:
        return None
    lower = kind in _LOWER
    dated = {
        n: day
        for n in header.facts
        if n != name
        and not _is_limit(n)
        and (day := as_date(facts.get(n))) is not None
        and (day < limit if lower else day > limit)
    }
    mine = [n for n in dated if prefix and n.startswith(f"{prefix}_")]
    chosen = _pick(header, mine or list(dated))
    if not chosen:
        return None
    value = max(chosen, key=lambda n: dated[n])
    days = abs((dated[value] - limit).days)
    said = f"{'早于' if lower else '超过'}{_core(header.facts[name])}"
    return Excess(value, name, FactLine(f"excess_{name}", said, f"{days}日", True))


def _core(label: str) -> str:
    """A fact's label without the unit or the note in its brackets and without saying it is
    counted in days: 上限（月） → 上限, 期限天数 → 期限."""
    core = _LABEL_UNIT.sub("", label).strip().removesuffix("天数").removesuffix("日数")
    return core or label


def _amount(over: Decimal, measure: str, header: Header, name: str) -> str:
    """The excess with its unit: the measure's (days, months, yuan), else the parameter's
    of the same name (max_returns: 次), else the one the label names (上限（月）)."""
    if measure.endswith("yuan"):
        return yuan(over)
    unit = _UNITS.get(measure.rsplit("_", 1)[-1])
    parameter = header.parameters.get(name)
    if unit is None and parameter is not None and parameter.unit:
        unit = parameter.unit
    if unit is None:
        bracket = _LABEL_UNIT.search(header.facts[name])
        unit = {"月": "个月"}.get(bracket["unit"], bracket["unit"]) if bracket else ""
    return f"{num(over)}{unit}"


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", ""))
    except ArithmeticError:
        return None


def checked(facts: Mapping[str, Any], header: Header | None) -> tuple[CheckedLine, ...]:
    if header is None:
        return ()
    return tuple(
        CheckedLine(
            c.table,
            c.label,
            c.agency,
            _day(facts.get(c.since)) if c.since else None,
            _day(facts.get(c.until)) if c.until else None,
        )
        for c in header.checked
    )


def records(evidence: Sequence[EvidenceSnapshot]) -> tuple[RecordLine, ...]:
    """Each evidence row once (as the newest run found it), described."""
    newest: dict[tuple[str, str], EvidenceSnapshot] = {}
    for row in evidence:
        newest[(row.table, row.record_id)] = row
    return tuple(describe(row.table, row.record_id, row.snapshot) for row in newest.values())


def describe(table_name: str, record_id: str, values: Mapping[str, Any]) -> RecordLine:
    """暂予监外执行，裁定日期 2024年10月30日，罪犯编号 P0001（记录编号 BG00000073）, under the
    table's label (刑罚变更执行)."""
    table = contract().tables.get(table_name)
    if table is None:
        return RecordLine(table_name, record_id, "其他来源", f"记录编号 {record_id}")
    parts = []
    kind = _first(table, values, "enum", required=True)
    if kind is not None:
        parts.append(cell_text(table.column(kind), values[kind]))
    day = _first(table, values, "date")
    if day is not None:
        parts.append(f"{table.column(day).label} {cell_text(table.column(day), values[day])}")
    for name in _NUMBER_COLUMNS:
        if name in table.column_names and values.get(name) not in (None, ""):
            parts.append(f"{table.column(name).label} {values[name]}")
            break
    text = "，".join(parts)
    number = f"记录编号 {record_id}"
    return RecordLine(table_name, record_id, table.label, f"{text}（{number}）" if text else number)


def _first(
    table: Table, values: Mapping[str, Any], kind: str, *, required: bool = False
) -> str | None:
    """The first filled column of type ``kind``, required columns first."""
    candidates = [
        c
        for c in table.columns
        if c.type == kind and values.get(c.name) not in (None, "") and (c.required or not required)
    ]
    candidates.sort(key=lambda c: not c.required)
    return candidates[0].name if candidates else None


def role_label(table_name: str, role: str) -> str:
    """The person a role of a table is: the label of its name column (被告人姓名 → 被告人)."""
    table = contract().tables.get(table_name)
    if table is not None:
        for column in table.columns:
            if column.person == role and column.type == "text":
                label = column.label.removesuffix("姓名").removesuffix("名称")
                if label:
                    return label
    return _ROLE_LABELS.get(role, "相关人员")


def _match_line(match: MentionMatch) -> MatchLine:
    table = contract().tables.get(match.table)
    return MatchLine(
        table.label if table else "其他来源", role_label(match.table, match.role), match.basis
    )


def _parameters(header: Header | None, ran_with: Mapping[str, Any]) -> dict[str, Any]:
    defaults = {k: p.default for k, p in header.parameters.items()} if header is not None else {}
    return {**defaults, **ran_with}


def _render(
    source: str, context: Mapping[str, Any], model_id: str, what: str, notes: list[str]
) -> str | None:
    try:
        return render(source, context, model_id=model_id, what=what)
    except ModelError as exc:
        notes.append(str(exc))
        return None


def _day(value: Any) -> str | None:
    return None if value in (None, "") else cn_date(value)
