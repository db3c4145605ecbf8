"""The parts of a criminal judgment: header, parties, procedure, facts, reasoning, decision.

Judgments follow one order (最高人民法院《刑事诉讼文书样式》): the court and 案号, the parties
(公诉机关, 被告人 …), how the case came to trial, the prosecution's charge and the facts the
court found, 本院认为, 判决如下, then the signatures, the date and any appended articles.
Each part is found by the words that open it; paragraphs may be separated by line breaks or,
as in texts copied from China Judgments Online, by spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jiancha.values import ValueProblem

__all__ = ["SECTION_NAMES", "Sections", "normalise", "split_sections", "unspace"]

SECTION_NAMES = ("header", "parties", "procedure", "facts", "reasoning", "decision", "tail")

# One-for-one replacements only, so offsets in the normalised text are offsets in the input.
_FOLD = str.maketrans(
    "０１２３４５６７８９（）〔〕［］【】：ＸＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＹＺ",
    "0123456789()()()[]:XABCDEFGHIJKLMNOPQRSTUVWYZ",
)
_PARTIES_RE = re.compile(r"(?:原)?公诉机关|抗诉机关|自诉人|被告人|上诉人|原审被告人|被告单位")
# The 案号 closes the header; titles before it may name the defendant (被告人韩某贩卖毒品…).
_CASE_NUMBER_RE = re.compile(r"[(\[](?:19|20)[0-9]{2}[)\]][^\s]{0,25}?号")
_PROCEDURE_RE = re.compile(r"起诉书|提起公诉|向本院起诉|审理终结|本院受理|移送本院|诉至本院")
_FACTS_RE = re.compile(r"[^\s]{0,60}?(?:指控|查明|审理认定|认定事实)")
_REASONING_RE = re.compile(r"本院认为")
_DECISION_RE = re.compile(r"(?:判决|裁定|决定|判处)如下[:，,]?")
# A date standing alone after the decision (二〇一七年九月二十九日 as the last line, when the
# signatures are missing); dates inside the decision follow 自/至/于 or precede 起/止.
_STANDALONE_DATE = (
    r"(?:^|(?<=\s))[0-9零〇○OoΟο一二三四五六七八九]{4}年[0-9零〇一二三四五六七八九十]{1,3}月"
    r"[0-9零〇一二三四五六七八九十]{1,3}日(?=\s|$)"
)
_DECISION_END_RE = re.compile(
    r"如不服本(?:判决|裁定|决定)|本(?:判决|裁定|决定)为终审|(?:^|\s)(?:审\s*判\s*长|审\s*判\s*员"
    r"|代理审判员|人民陪审员|书\s*记\s*员)|" + _STANDALONE_DATE,
    re.M,
)
# Letter-spaced words (刑 事 判 决 书, 审　判　长): three or more single characters each
# separated by spaces or full-width spaces.
_SPACED_RE = re.compile(
    r"(?<![^\s])(?:[\u4e00-\u9fff〇○（）()][ \t\u3000]+){2,}[\u4e00-\u9fff〇○（）()](?![^\s])"
)


@dataclass(frozen=True)
class Sections:
    """Each part of one judgment as text; empty when the judgment has no such part."""

    header: str
    parties: str
    procedure: str
    facts: str
    reasoning: str
    decision: str
    tail: str

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in SECTION_NAMES}


def normalise(text: str) -> str:
    """Full-width digits, letters and brackets to ASCII, one for one (offsets kept)."""
    return text.translate(_FOLD)


def unspace(text: str) -> str:
    """Letter-spaced words closed up: 刑 事 判 决 书 → 刑事判决书 (printed and exported
    judgments space out titles, headers and signatures); other spaces are kept, as they
    separate paragraphs in texts copied from China Judgments Online."""
    return _SPACED_RE.sub(lambda m: re.sub(r"[ \t\u3000]+", "", m[0]), text)


def _paragraph_start(text: str, pos: int) -> int:
    """The start of the paragraph holding ``pos``: just after the last whitespace before it."""
    breaks = [text.rfind(ch, 0, pos) for ch in (" ", "\n", "\u3000", "\t")]
    return max(breaks) + 1


def _paragraph_starts(text: str, begin: int) -> list[int]:
    return [m.end() for m in re.finditer(r"\s+", text) if m.end() > begin]


def _facts_start(text: str, after: int) -> int:
    for start in _paragraph_starts(text, after):
        if _FACTS_RE.match(text, start):
            return start
    return after


def split_sections(text: str) -> Sections:
    """Split a normalised judgment into its parts; raises when it has no 判决如下 part."""
    decision = _DECISION_RE.search(text)
    if decision is None:
        raise ValueProblem("未找到裁判主文（“判决如下”或“裁定如下”），不是可识别的刑事裁判文书")
    case_number = _CASE_NUMBER_RE.search(text, 0, min(400, decision.start()))
    parties_m = _PARTIES_RE.search(text, case_number.end() if case_number else 0, decision.start())
    parties = _paragraph_start(text, parties_m.start()) if parties_m else 0
    procedure_m = _PROCEDURE_RE.search(text, parties, decision.start())
    procedure = _paragraph_start(text, procedure_m.start()) if procedure_m else parties
    procedure = max(procedure, parties)
    facts = _facts_start(text, procedure + 1) if procedure_m else procedure
    reasoning_m = _REASONING_RE.search(text, facts, decision.start())
    reasoning = _paragraph_start(text, reasoning_m.start()) if reasoning_m else decision.start()
    reasoning = max(reasoning, facts)
    end_m = _DECISION_END_RE.search(text, decision.end())
    end = end_m.start() if end_m else len(text)
    return Sections(
        header=text[:parties].strip(),
        parties=text[parties:procedure].strip(),
        procedure=text[procedure:facts].strip(),
        facts=text[facts:reasoning].strip(),
        reasoning=text[reasoning : decision.end()].strip(),
        decision=text[decision.end() : end].strip(),
        tail=text[end:].strip(),
    )
