"""The charge names (罪名) of the Criminal Law, found in text by longest match.

An Aho-Corasick automaton over the 469 names of ``data/criminal_charges.txt`` finds every
name in one pass; where names overlap (盗窃罪 inside 盗窃、抢夺国有档案罪 is not a problem,
but 受贿罪 inside 非国家工作人员受贿罪 is) the longest one wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import ahocorasick

__all__ = ["ChargeMatch", "charge_names", "find_charges"]


@dataclass(frozen=True)
class ChargeMatch:
    """One charge name in a text: [start, end) and the name as listed (with 罪)."""

    start: int
    end: int
    name: str


@cache
def charge_names() -> tuple[str, ...]:
    """Every charge name of the list, each ending in 罪."""
    text = resources.files("jiancha.text").joinpath("data/criminal_charges.txt").read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


@cache
def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for name in charge_names():
        automaton.add_word(name, name)
    automaton.make_automaton()
    return automaton


def find_charges(text: str) -> list[ChargeMatch]:
    """The charge names in ``text``, left to right, overlaps resolved to the longest."""
    found = [
        ChargeMatch(end + 1 - len(name), end + 1, name) for end, name in _automaton().iter(text)
    ]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    chosen: list[ChargeMatch] = []
    for match in sorted(found, key=lambda m: -(m.end - m.start)):
        if all(match.end <= c.start or match.start >= c.end for c in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda m: m.start)
