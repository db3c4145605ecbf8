"""Sentencing circumstances (量刑情节) the court found, per defendant, as contract codes.

Read from 本院认为 (what the court accepted, not what a party claimed), clause by clause: a
clause naming defendants makes them the subject until another does; a sentence that rejects
a claim (不构成自首, 不予采纳 …) contributes nothing of what it rejects. Restitution and
forgiveness are often found in the facts (另查明 …), so those two are also read there.
"""

from __future__ import annotations

import re

from jiancha.text.parties import Defendant
from jiancha.text.sections import Sections

__all__ = ["CIRCUMSTANCE_PATTERNS", "assign_circumstances", "circumstances_in"]

# Contract order (enum ``circumstance``).
CIRCUMSTANCE_PATTERNS: dict[str, re.Pattern[str]] = {
    "surrender": re.compile(r"自首"),
    "confession": re.compile(r"坦白|如实供述|如实交代|如实供认"),
    "merit": re.compile(r"立功"),
    "recidivist": re.compile(r"累犯"),
    "plea": re.compile(r"认罪认罚|认罪、认罚|认罪并认罚|认罪且认罚"),
    "minor": re.compile(r"未成年人犯罪|(?:时|系|是|属|尚)未成年|(?:不满|未满)十八周岁"),
    "accessory": re.compile(r"从犯|辅助作用|次要作用"),
    "attempt": re.compile(r"未遂"),
    "restitution": re.compile(
        r"退赃|退赔|退缴|退还(?:了)?(?:被害人|赃|全部|部分|违法|所得|款)|积极赔偿|赔偿了?"
        r"(?:被害人|被害单位)[^，。；]{0,12}损失|清退"
    ),
    "forgiveness": re.compile(r"谅解"),
}
_NEGATION_RE = re.compile(
    r"不构成|不属于?|不能认定|不应认定|不予认定|不认定|不予采纳|不予支持|不能成立|不成立|不符合|"
    r"不具有|不具备|不能视为|没有|并非|未(?:能|获|取得|得到|达成)|无(?:自首|立功|坦白)|缺乏"
)
_REJECTION_RE = re.compile(r"不予采纳|不予支持|不能成立|不成立|不予认定|不能认定|不构成|不符合")
_FACT_FINDING_RE = re.compile(r"经审理查明|另查明|审理查明|本院认定")
_ALL_RE = re.compile(r"[二两三四五六七八九十各全]名?被告人|被告人均|均系|均能|均有|均属|上述被告人")
_FACT_CODES = ("restitution", "forgiveness")


def circumstances_in(sentence: str) -> list[str]:
    """The circumstance codes one clause states (before any rejection is considered)."""
    return [code for code, rx in CIRCUMSTANCE_PATTERNS.items() if rx.search(sentence)]


def _accepted(sentence: str, code: str, following: str = "") -> bool:
    """Whether ``sentence`` states ``code`` without rejecting it.

    A party's claim (辩护人提出…系自首) is often rejected only in the next sentence, so a
    claim counts as rejected when that sentence rejects too.
    """
    rx = CIRCUMSTANCE_PATTERNS[code]
    claimed = re.search("辩护|提出|辩称|请求", sentence) is not None
    judged = sentence + "。" + following if claimed else sentence
    for m in rx.finditer(sentence):
        before = sentence[max(0, m.start() - 12) : m.start()]
        if _NEGATION_RE.search(before) or re.search("[未不无非]$", before):
            continue
        if claimed and _REJECTION_RE.search(judged):
            continue
        return True
    return False


def _subjects(clause: str, names: list[str], current: list[str]) -> list[str]:
    named = [n for n in names if n in clause]
    if _ALL_RE.search(clause):
        return list(names)
    return named or current


def _read(text: str, names: list[str], codes: tuple[str, ...] | None) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {n: [] for n in names}
    current = list(names)
    sentences = re.split(r"[。！？]", text)
    for i, sentence in enumerate(sentences):
        following = sentences[i + 1] if i + 1 < len(sentences) else ""
        # 如实供述 is part of the definition of 自首 (art. 67 ¶1), not a second circumstance.
        surrender_only = "自首" in sentence and "坦白" not in sentence
        for clause in re.split(r"[，,；;：:]", sentence):
            current = _subjects(clause, names, current)
            for code in circumstances_in(clause):
                if (codes and code not in codes) or not _accepted(sentence, code, following):
                    continue
                if code == "confession" and surrender_only:
                    continue
                for name in current:
                    if code not in found[name]:
                        found[name].append(code)
    return found


def assign_circumstances(sections: Sections, defendants: list[Defendant]) -> None:
    """Set each defendant's ``circumstances`` (contract order) from reasoning and facts."""
    names = [d.name for d in defendants]
    from_reasoning = _read(sections.reasoning, names, None)
    finding = _FACT_FINDING_RE.search(sections.facts)
    from_facts = _read(sections.facts[finding.start() :], names, _FACT_CODES) if finding else {}
    order = list(CIRCUMSTANCE_PATTERNS)
    for defendant in defendants:
        codes = set(from_reasoning[defendant.name]) | set(from_facts.get(defendant.name, []))
        defendant.circumstances = [c for c in order if c in codes]
