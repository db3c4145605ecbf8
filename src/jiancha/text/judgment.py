"""Criminal judgments (刑事判决书) as structured records, one per defendant.

``parse_judgment(text)`` reads the 案号, court, date, parts, defendants and, per defendant,
charges, sentence and sentencing circumstances; ``to_judgment_rows`` turns the result into
rows of the contract's ``judgment`` table. A text that is not a readable criminal judgment
raises :class:`JudgmentProblem` (a :class:`~jiancha.values.ValueProblem`) with a
Chinese reason, which import records in quarantine like any bad row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jiancha.text.circumstances import assign_circumstances
from jiancha.text.decision import assign_sentences
from jiancha.text.numerals import AMOUNT_RE, DATE_RE, amount_of, date_of
from jiancha.text.parties import Defendant, find_defendants
from jiancha.text.sections import Sections, normalise, split_sections, unspace
from jiancha.values import ValueProblem

__all__ = [
    "CaseNumber",
    "Defendant",
    "JudgmentProblem",
    "ParsedJudgment",
    "parse_judgment",
    "split_judgments",
    "to_judgment_rows",
]


class JudgmentProblem(ValueProblem):
    """A text that cannot be read as a criminal judgment; the message says why, in Chinese."""


@dataclass(frozen=True)
class CaseNumber:
    """案号 such as (2017)浙0303刑初937号: year, court code, procedure word, sequence."""

    text: str
    year: int
    court_code: str
    procedure: str
    sequence: int


@dataclass
class ParsedJudgment:
    """Everything read from one judgment text."""

    source_id: str | None
    case_number: CaseNumber | None
    court: str | None
    decided_at: date
    trial_procedure: str | None
    sections: Sections
    defendants: list[Defendant]
    offense_at: date | None
    amounts_yuan: list[Decimal]
    full_text: str

    @property
    def amount_yuan(self) -> Decimal | None:
        """The amount of the crime: the largest amount named in the facts."""
        return max(self.amounts_yuan, default=None)


_CASE_NO_RE = re.compile(
    r"[(\[]\s*((?:19|20)[0-9]{2})\s*[)\]]\s*([^\s()\[\]，。；]{0,12}?)"
    r"(刑[一二三四五六]?[速重]?(?:初|终|更|再|监|复|核|他|辖|申|提|重)?字?)第?\s*([0-9]+)\s*号"
)
_COURT_RE = re.compile(r"([\u4e00-\u9fa5]{2,30}?(?:人民法院|法院))\s*刑\s*事")
_KIND_RE = re.compile(r"刑事(?:附带民事)?(判决|裁定|决定)书")


# A judgment's head: [court] 刑事判决书 / 裁定书 / 决定书, then its 案号 (as opposed to a
# judgment cited in the text, whose 案号 comes first: （2010）郸少刑初字第3号刑事判决书).
def _spaced(word: str) -> str:
    """A pattern of ``word`` that allows letter-spacing (刑 事 判 决 书)."""
    return r"\s*".join(word)


_HEAD_RE = re.compile(
    r"(?:(?:(?<=\s)|^)(?:[\u4e00-\u9fff][ \u3000]?){2,40}?法[ \u3000]?院\s*)?"
    rf"{_spaced('刑事')}\s*"
    rf"(?:{_spaced('附带民事')}\s*)?(?:{_spaced('判决')}|{_spaced('裁定')}|{_spaced('决定')})\s*书\s*"
    r"[(\[]\s*(?:19|20)[0-9]{2}\s*[)\]]"
)


def _case_number(text: str) -> CaseNumber | None:
    m = _CASE_NO_RE.search(text)
    if m is None:
        return None
    return CaseNumber(
        text=m[0].replace(" ", ""),
        year=int(m[1]),
        court_code=m[2],
        procedure=re.sub("[一二三四五六字速]", "", m[3]),
        sequence=int(m[4]),
    )


def _court(header: str) -> str | None:
    if m := _COURT_RE.search(header):
        return re.split(r"\s", m[1])[-1]
    names = re.findall(r"[\u4e00-\u9fa5]{2,30}?(?:人民法院|法院)", header)
    return names[-1] if names else None


def _decided_at(tail: str) -> date | None:
    for m in DATE_RE.finditer(tail):
        if (found := date_of(m[0])) is not None:
            return found
    return None


def _trial_procedure(procedure: str) -> str | None:
    if re.search(r"转(?:为|换为|入)?普通程序", procedure):
        return "ordinary"
    if "速裁程序" in procedure:
        return "speedy"
    if "简易程序" in procedure:
        return "summary"
    if "普通程序" in procedure or "合议庭" in procedure:
        return "ordinary"
    return None


def _amounts(facts: str) -> list[Decimal]:
    amounts: list[Decimal] = []
    for m in AMOUNT_RE.finditer(facts):
        value = amount_of(m)
        if value is not None and value not in amounts:
            amounts.append(value)
    return amounts


def _offense_at(facts: str) -> date | None:
    for m in re.finditer(r"[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日", facts):
        if (found := date_of(m[0])) is not None:
            return found
    return None


def split_judgments(text: str) -> list[str]:
    """The judgments of a text that holds several one after another (an export of a search,
    several files pasted together), each from its head (court, 刑事判决书, 案号) on; a text
    with one judgment is returned whole."""
    starts = [m.start() for m in _HEAD_RE.finditer(normalise(text))]
    if len(starts) < 2:
        return [text]
    starts[0] = 0
    bounds = [*starts, len(text)]
    parts = [text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
    return [p for p in parts if p]


def document_kind(header: str) -> str:
    """判决 / 裁定 / 决定, from the title (a text without one is taken for a 判决)."""
    m = _KIND_RE.search(header)
    return m[1] if m else "判决"


def _not_a_judgment(kind: str, decision: str) -> JudgmentProblem:
    """Why a 裁定书 or 决定书 sentencing no one is not a row of the judgment table."""
    if re.search(r"维持原判|驳回上诉|驳回抗诉", decision):
        reason = "只裁定驳回上诉（抗诉）、维持原判，没有新的判处"
    elif re.search(r"减去|减为|减刑|假释", decision):
        reason = "是减刑、假释裁定，不是定罪量刑的判决"
    elif re.search(r"撤销原判|发回", decision):
        reason = "撤销原判、发回重审，没有判处刑罚"
    else:
        reason = "没有对被告人定罪量刑"
    return JudgmentProblem(f"刑事{kind}书{reason}，不作为判决导入")


def parse_judgment(text: str, *, source_id: str | None = None) -> ParsedJudgment:
    """Read one criminal judgment; raises :class:`JudgmentProblem` when it cannot be read."""
    if not text or not text.strip():
        raise JudgmentProblem("裁判文书全文为空")
    body = unspace(normalise(text))
    try:
        sections = split_sections(body)
    except ValueProblem as exc:
        raise JudgmentProblem(str(exc)) from None
    defendants = find_defendants(sections.parties)
    defendants = assign_sentences(sections.decision, defendants)
    kind = document_kind(sections.header or body[:200])
    if not defendants and kind != "判决":
        raise _not_a_judgment(kind, sections.decision)
    if not defendants:
        raise JudgmentProblem("未找到被告人（当事人部分与判决主文均未写明被告人姓名）")
    decided_at = _decided_at(sections.tail)
    if decided_at is None:
        raise JudgmentProblem("未找到裁判日期（落款处应有如“二〇一七年九月二十九日”的日期）")
    assign_circumstances(sections, defendants)
    return ParsedJudgment(
        source_id=source_id,
        case_number=_case_number(sections.header) or _case_number(body[:400]),
        court=_court(sections.header),
        decided_at=decided_at,
        trial_procedure=_trial_procedure(sections.procedure),
        sections=sections,
        defendants=defendants,
        offense_at=_offense_at(sections.facts),
        amounts_yuan=_amounts(sections.facts),
        full_text=text,
    )


def to_judgment_rows(parsed: ParsedJudgment) -> list[dict[str, object]]:
    """Rows of the contract's ``judgment`` table, one per defendant.

    ``record_id`` is the source id (else the 案号) with the defendant's position, ``#1`` …;
    several charges of one defendant are listed in ``charge`` separated by ``;``.
    """
    base = parsed.source_id or (parsed.case_number.text if parsed.case_number else None)
    rows: list[dict[str, object]] = []
    for i, defendant in enumerate(parsed.defendants, start=1):
        sentence = defendant.sentence
        rows.append(
            {
                "record_id": f"{base}#{i}" if base else None,
                "case_id": parsed.case_number.text if parsed.case_number else None,
                "court_code": parsed.case_number.court_code if parsed.case_number else None,
                "offense_at": parsed.offense_at,
                "decided_at": parsed.decided_at,
                "effective_at": None,
                "procedure": parsed.trial_procedure,
                "defendant_name": defendant.name,
                "defendant_id_number": defendant.id_number,
                "charge": ";".join(sentence.charges) or None,
                "penalty": sentence.penalty,
                "term_months": sentence.term_months,
                "probation_months": sentence.probation_months,
                "fine_yuan": sentence.fine_yuan,
                "amount_yuan": parsed.amount_yuan,
                "circumstances": ";".join(defendant.circumstances) or None,
                "full_text": parsed.full_text,
            }
        )
    return rows
