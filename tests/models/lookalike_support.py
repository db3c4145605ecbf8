"""Shared checks of the look-alike tests (imported by test modules, like web_support)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

SOURCES = Path(__file__).resolve().parents[2] / ".." / "shared" / "legal" / "sources"
# article headings at the start of a line: 第六条, 第二百六十四条, 第一百三十三条之一
HEADING = re.compile(
    r"^第[零一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?", re.MULTILINE
)


def check_lookalikes(small_data: Any, exceptions: Mapping[str, set[str]], model_id: str) -> None:
    """Every exception of ``model_id`` has a lawful look-alike in the ground truth."""
    from jiancha.reports.truth import lawful_lookalikes

    lawful = lawful_lookalikes(small_data.out_dir / "ground_truth.csv")
    planted = set(lawful.get(model_id, {}).values())
    assert planted >= exceptions[model_id], exceptions[model_id] - planted


def check_linked(small_data: Any, found: Mapping[str, list[Any]]) -> None:
    """No look-alike of the models of ``found`` is a hit, and each still finds its hits."""
    from jiancha.reports.truth import flagged_lookalikes, lawful_lookalikes

    lawful = lawful_lookalikes(small_data.out_dir / "ground_truth.csv")
    assert flagged_lookalikes({m: lawful[m] for m in found}, found) == {}
    assert all(found.values())


def law_text(law: str) -> str | None:
    """The text of ``law`` in ../shared/legal/sources (its file named by the law and date)."""
    for path in SOURCES.glob("*.md"):
        if re.sub(r"[（(]\d{4}-\d{2}-\d{2}[)）]$", "", path.stem) == law:
            return path.read_text("utf-8")
    return None


def article_text(text: str, article: str) -> str:
    """The text of an article (its heading up to the next heading), whitespace removed."""
    number = HEADING.match(article)
    assert number, article
    start = re.search(rf"^{number.group(0)}(?!之)", text, re.MULTILINE)
    assert start, article
    following = HEADING.search(text, start.end())
    body = text[start.start() : following.start() if following else len(text)]
    return re.sub(r"\s+", "", body)


def check_quote(model_id: str, law: str, article: str, quote: str) -> None:
    """Every piece of a model's quote (split at ……) stands in the article, paragraphs
    joined."""
    text = law_text(law)
    assert text is not None, f"{model_id}: no source for {law}"
    body = article_text(text, article)
    for piece in re.split(r"……|\.\.\.", quote):
        piece = re.sub(r"\s+", "", piece)
        assert piece in body, f"{model_id} {law}{article}: {piece}"


def quotes(prefix: str, not_in_sources: set[str]) -> list[tuple[str, str, str, str]]:
    """(model, law, article, quote) of every quoted text of the models whose id starts with
    ``prefix``, less the laws quoted from knowledge (``not_in_sources``)."""
    from jiancha.models import load_catalogue

    return [
        (m.id, b.law, b.article, b.text)
        for m in load_catalogue()
        if m.id.startswith(prefix)
        for b in m.header.legal_basis
        if b.text and b.law not in not_in_sources
    ]
