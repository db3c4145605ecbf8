"""Who received which sentence: the decision part split into one block per defendant.

判决如下 is a numbered list (一、二、…). Items that only quash or uphold an earlier judgment
(撤销… / 维持… / 驳回…) are skipped; in the others every ``<name>犯…罪`` opens that
defendant's block, which runs to where another defendant's opens.
"""

from __future__ import annotations

import re

from jiancha.text.parties import Defendant
from jiancha.text.penalty import read_sentence

__all__ = ["assign_sentences"]

_ITEM_RE = re.compile(r"(?:^|(?<=[\s。；;]))[一二三四五六七八九十]+、")
_SKIPPED_ITEM_RE = re.compile(r"^\s*(?:撤销|维持|驳回|准许)")
_ROLE = r"(?:上诉人\(原审被告人\)|原审被告人|被告人|上诉人|被告单位)"
_UNKNOWN_NAME_RE = re.compile(_ROLE + r"([^\s，,。；;、()犯]{1,12}?)犯")


def _items(decision: str) -> list[str]:
    starts = [m.start() for m in _ITEM_RE.finditer(decision)] or [0]
    starts[0] = 0
    bounds = [*starts, len(decision)]
    items = [decision[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    return [_ITEM_RE.sub("", item, count=1) for item in items]


def _name_pattern(names: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(f"(?:{_ROLE}|[)、，,]|^)({alternatives})(?=犯)")


def _blocks(item: str, names: list[str]) -> list[tuple[str, str]]:
    """(name, text) for each defendant block of one item, in order."""
    blocks: list[tuple[str, int]] = []
    for m in _name_pattern(names).finditer(item):
        # The same defendant again (犯甲罪…；犯乙罪…) stays in his own block.
        if not blocks or blocks[-1][0] != m[1]:
            blocks.append((m[1], m.start()))
    ends = [start for _, start in blocks[1:]] + [len(item)] if blocks else []
    return [(name, item[start:end]) for (name, start), end in zip(blocks, ends, strict=True)]


def assign_sentences(decision: str, defendants: list[Defendant]) -> list[Defendant]:
    """The defendants sentenced in ``decision``, each with its sentence read.

    Defendants of the parties part whom the decision does not sentence are dropped; one
    the decision names but the parties part did not is added.
    """
    items = [item for item in _items(decision) if not _SKIPPED_ITEM_RE.match(item)]
    by_name = {d.name: d for d in defendants}
    for item in items:
        for m in _UNKNOWN_NAME_RE.finditer(item):
            if not m[1].endswith("的") and not any(n in m[1] or m[1] in n for n in by_name):
                by_name[m[1]] = Defendant(name=m[1])
    if not by_name:
        return []
    texts: dict[str, list[str]] = {}
    for item in items:
        for name, text in _blocks(item, list(by_name)):
            texts.setdefault(name, []).append(text)
    sentenced = []
    for name, defendant in by_name.items():
        if name in texts:
            defendant.sentence = read_sentence("。".join(texts[name]))
            sentenced.append(defendant)
    return sentenced
