"""Agreement of the judgment parser with the weak labels of judgments_dev.jsonl.

The courts' cited articles (``cited_articles``, JuDGE benchmark, MIT; texts from China
Judgments Online) say what the parser should find: art. 67 ↔ 自首 or 坦白, art. 72 ↔ probation,
art. 65 ↔ recidivism, art. 52/53 ↔ a fine. For each pair this prints how often the two agree
(over judgments the parser read), with precision and recall of the parser against the label.

For a single defendant the parser itself reads the articles a court applied (第六十七条第三款 is
坦白) where the court's words say nothing, which the label then partly repeats; so art. 67 is
also shown with the circumstances read from the words alone.

    python bench/parser_agreement.py [../shared/data/judgments_dev.jsonl]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from sentencing_data import shared_data

from jiancha.text.circumstances import assign_circumstances
from jiancha.text.judgment import JudgmentProblem, ParsedJudgment, parse_judgment
from jiancha.text.parties import Defendant

DEFAULT = shared_data("judgments_dev.jsonl")


def _any(parsed: ParsedJudgment, test: Callable[..., bool]) -> bool:
    return any(test(d) for d in parsed.defendants)


def _words_only(parsed: ParsedJudgment) -> ParsedJudgment:
    """The parse with each defendant's circumstances as the words alone give them too."""
    copies = [Defendant(name=d.name) for d in parsed.defendants]
    assign_circumstances(parsed.sections, copies, articles=False)
    for defendant, copy in zip(parsed.defendants, copies, strict=True):
        defendant.words_only = copy.circumstances  # type: ignore[attr-defined]
    return parsed


CHECKS: dict[str, tuple[set[int], Callable[[ParsedJudgment], bool]]] = {
    "art. 67 ↔ 自首/坦白": (
        {67},
        lambda p: _any(p, lambda d: bool({"surrender", "confession"} & set(d.circumstances))),
    ),
    "art. 67 ↔ 自首/坦白 (words only)": (
        {67},
        lambda p: _any(p, lambda d: bool({"surrender", "confession"} & set(d.words_only))),
    ),
    "art. 72 ↔ 缓刑": ({72}, lambda p: _any(p, lambda d: d.sentence.probation_months is not None)),
    "art. 65 ↔ 累犯": ({65}, lambda p: _any(p, lambda d: "recidivist" in d.circumstances)),
    "art. 52/53 ↔ 罚金": ({52, 53}, lambda p: _any(p, lambda d: d.sentence.fine_yuan is not None)),
}


def main(path: Path) -> None:
    items = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    parsed: list[tuple[set[int], ParsedJudgment]] = []
    problems = 0
    for item in items:
        try:
            parsed.append(
                (set(item["cited_articles"]), _words_only(parse_judgment(item["full_text"])))
            )
        except JudgmentProblem:
            problems += 1
    print(f"judgments: {len(items)}, parsed: {len(parsed)}, quarantined: {problems}")  # noqa: T201
    print(f"{'label':<34}{'agree':>8}{'precision':>11}{'recall':>8}{'n cited':>9}")  # noqa: T201
    for label, (articles, found) in CHECKS.items():
        tp = fp = fn = tn = 0
        for cited, p in parsed:
            label_on, parser_on = bool(cited & articles), found(p)
            tp += label_on and parser_on
            fp += parser_on and not label_on
            fn += label_on and not parser_on
            tn += not label_on and not parser_on
        agree = (tp + tn) / len(parsed)
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        print(f"{label:<34}{agree:>8.3f}{precision:>11.3f}{recall:>8.3f}{tp + fn:>9}")  # noqa: T201


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
