"""A clue's finding as a prosecutor reads it: the conclusion, the comparison that proves it,
the records behind it, the sources searched and found empty, how the people were matched,
and what to do next.

Built from the clue, its model's header (``conclusion``, ``decisive``, ``checked``,
``actions``, ``document``), the parameters the model ran with, the evidence rows as found
and the link stage's matches. Everything here is Chinese text ready to show: the clue page,
``clues show`` and the API all read the same :class:`Finding`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jiancha.casebook.actions import action_label, document_title
from jiancha.casebook.wording import cell_text, fact_text
from jiancha.errors import ModelError
from jiancha.models.conclusion import cn_date, context_of, render
from jiancha.schema import Table, contract

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
    matches: Sequence[MentionMatch] = (),
) -> Finding:
    """The clue's finding; without its model's header (a model no longer in the catalogue)
    the facts and records are still shown, without conclusion or suggestions."""
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
        matching=tuple(_match_line(m) for m in matches),
        actions=tuple(header.actions) if header is not None else (),
        document=document,
        notes=tuple(notes),
        matching_note="" if matches else _matching_note(clue, header),
    )


def _matching_note(clue: ClueView, header: Header | None) -> str:
    sources = {e.table for e in clue.evidence} | {
        c.table for c in (header.checked if header is not None else ())
    }
    if len(sources) > 1:
        return "尚未运行人员关联：各来源的记录按身份证号直接比对（身份证号一致）。"
    return "证据来自同一来源的记录，无需跨来源比对人员。"


def comparison(facts: Mapping[str, Any], header: Header | None) -> tuple[FactLine, ...]:
    """The facts in the header's order (then any the header does not name), labelled."""
    labels = dict(header.facts) if header is not None else {}
    decisive = set(header.decisive) if header is not None else set()
    names = [n for n in labels if n in facts] + [n for n in facts if n not in labels]
    return tuple(
        FactLine(name, labels.get(name, name), fact_text(name, facts[name]), name in decisive)
        for name in names
        if name not in _SHOWN_ELSEWHERE
    )


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
