"""Constrained clustering of scored pairs into people.

Greedy single linkage, strongest pair first, with two kinds of constraint Splink's own
clustering does not know: a cluster never holds two different valid id numbers, and never
joins two records a reviewer decided are different people. A reviewer's "same person"
joins first, as a pair of probability one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ACCEPTED = "accepted"
REVIEW = "review"
CONFLICT = "conflict"  # above the accept threshold, refused by a constraint
DECIDED_MATCH = "decided_match"
DECIDED_NO_MATCH = "decided_no_match"


@dataclass(frozen=True)
class Edge:
    uid_l: str
    uid_r: str
    probability: float


@dataclass
class Clustering:
    root: dict[str, str] = field(default_factory=dict)
    # uid → (probability, method) of the strongest link that holds it in its cluster
    attached: dict[str, tuple[float, str]] = field(default_factory=dict)
    status: dict[tuple[str, str], str] = field(default_factory=dict)


class _Forest:
    def __init__(self, anchors: Mapping[str, str | None]) -> None:
        self.parent = {uid: uid for uid in anchors}
        self.anchor = dict(anchors)
        self.apart: dict[str, set[str]] = {}

    def find(self, uid: str) -> str:
        root = uid
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[uid] != root:  # path compression
            self.parent[uid], uid = root, self.parent[uid]
        return root

    def may_join(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        anchor_a, anchor_b = self.anchor[ra], self.anchor[rb]
        if anchor_a and anchor_b and anchor_a != anchor_b:
            return False
        kept_apart = self.apart.get(ra, set())
        return not any(self.find(u) == rb for u in kept_apart)

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        self.parent[rb] = ra
        self.anchor[ra] = self.anchor[ra] or self.anchor[rb]
        apart = self.apart.pop(rb, set())
        if apart:
            self.apart.setdefault(ra, set()).update(apart)

    def keep_apart(self, a: str, b: str) -> None:
        self.apart.setdefault(self.find(a), set()).add(b)
        self.apart.setdefault(self.find(b), set()).add(a)


def cluster(
    anchors: Mapping[str, str | None],
    edges: Iterable[Edge],
    decisions: Mapping[tuple[str, str], bool],
    *,
    accept: float,
) -> Clustering:
    """Clusters of ``anchors`` (uid → its valid id number or None) under the constraints."""
    forest = _Forest(anchors)
    result = Clustering()
    _join_same_anchor(forest, anchors)
    for (a, b), match in sorted(decisions.items()):
        if a in anchors and b in anchors and not match:
            forest.keep_apart(a, b)
            result.status[(a, b)] = DECIDED_NO_MATCH
    for (a, b), match in sorted(decisions.items()):
        if match and a in anchors and b in anchors and forest.may_join(a, b):
            forest.join(a, b)
            result.status[(a, b)] = DECIDED_MATCH
            _attach(result, a, b, 1.0, "review")
    ordered = sorted(edges, key=lambda e: (-e.probability, e.uid_l, e.uid_r))
    ambiguous = _ambiguous(anchors, ordered, accept)
    for edge in ordered:
        key = (edge.uid_l, edge.uid_r)
        if key in result.status or key in decisions:
            continue
        if edge.probability < accept or key in ambiguous:
            result.status[key] = REVIEW
        elif forest.may_join(edge.uid_l, edge.uid_r):
            forest.join(edge.uid_l, edge.uid_r)
            result.status[key] = ACCEPTED
            _attach(result, edge.uid_l, edge.uid_r, edge.probability, "probabilistic")
        else:
            result.status[key] = CONFLICT
    result.root = {uid: forest.find(uid) for uid in anchors}
    for key, status in list(result.status.items()):
        # a review pair already settled by other links needs nobody's time
        if status == REVIEW and result.root.get(key[0]) == result.root.get(key[1]):
            del result.status[key]
    return result


def _ambiguous(
    anchors: Mapping[str, str | None], edges: list[Edge], accept: float
) -> set[tuple[str, str]]:
    """Accepted-band pairs of a record that fits two different valid-id people: two 张伟
    born the same day, and a mention that could be either, goes to a person, not a guess."""
    fits: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for e in edges:
        if e.probability < accept:
            break  # ordered by probability
        for this, other in ((e.uid_l, e.uid_r), (e.uid_r, e.uid_l)):
            if anchors.get(this) is None and anchors.get(other) is not None:
                by_anchor = fits.setdefault(this, {})
                by_anchor.setdefault(str(anchors[other]), []).append((e.uid_l, e.uid_r))
    out: set[tuple[str, str]] = set()
    for by_anchor in fits.values():
        if len(by_anchor) > 1:
            out.update(key for keys in by_anchor.values() for key in keys)
    return out


def _join_same_anchor(forest: _Forest, anchors: Mapping[str, str | None]) -> None:
    first: dict[str, str] = {}
    for uid, anchor in sorted(anchors.items()):
        if anchor is None:
            continue
        if anchor in first:
            forest.join(first[anchor], uid)
        else:
            first[anchor] = uid


def _attach(result: Clustering, a: str, b: str, probability: float, method: str) -> None:
    for uid in (a, b):
        if uid not in result.attached or result.attached[uid][0] < probability:
            result.attached[uid] = (probability, method)
