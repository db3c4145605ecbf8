"""The development facts as the sentence estimate meets them (shared by bench/similar.py and
bench/fit_sentence_model.py).

sentencing_facts_dev.jsonl (../shared/data: 1,491 CAIL2018-derived facts of LawBench,
Apache-2.0, and LexEval, MIT) as judgment rows; each fact searched in an index of the others
(its own fold left out), which gives the charges it is compared on (its own, or in the
text-only setting the charge its words point to) and the terms of its similar cases.
"""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jiancha.text.sentencing import SentenceModel
from jiancha.text.sentencing_fit import fit_sentence_model
from jiancha.text.similar import SimilarIndex, SimilarResult


def shared_data(name: str) -> Path:
    """``shared/data/<name>`` of the first folder above this checkout that has one."""
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "data" / name
        if candidate.exists():
            return candidate
    return Path(__file__).resolve().parents[2] / "shared" / "data" / name


FACTS = shared_data("sentencing_facts_dev.jsonl")


def load_facts(path: Path = FACTS) -> list[dict[str, Any]]:
    """Judgment rows of the facts: record_id, full_text, charge (``;``), term_months."""
    rows = []
    for line in path.read_text("utf-8").splitlines():
        item = json.loads(line)
        rows.append(
            {
                "record_id": item["id"],
                "full_text": item["fact"],
                "charge": ";".join(item["charges"] or []),
                "term_months": item["term_months"],
            }
        )
    return rows


def searched(
    index: SimilarIndex, rows: Iterable[dict[str, Any]], *, charge_known: bool, k: int = 10
) -> dict[str, SimilarResult]:
    """Each row searched in ``index`` (never its own match): by its text and, when
    ``charge_known``, its charge as well (a judgment row), else by its text alone."""
    out = {}
    for row in rows:
        query = {"record_id": row["record_id"], "full_text": row["full_text"]}
        if charge_known and row["charge"]:
            query["charge"] = row["charge"]
        out[row["record_id"]] = index.search(query, k=k)
    return out


def with_term(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows whose sentence has a term (not life, death or none stated)."""
    return [r for r in rows if r["term_months"] is not None]


JUDGMENTS = shared_data("judgments_dev.jsonl")


def judgment_rows(path: Path = JUDGMENTS) -> list[dict[str, Any]]:
    """One row per sentenced defendant of judgments_dev.jsonl (JuDGE, MIT), as the parser reads
    it: the facts the court found, the defendant's charges and fixed term (拘役/管制 included)."""
    from jiancha.text.judgment import JudgmentProblem, parse_judgment

    rows = []
    for line in path.read_text("utf-8").splitlines():
        item = json.loads(line)
        try:
            parsed = parse_judgment(item["full_text"])
        except JudgmentProblem:
            continue
        for i, defendant in enumerate(parsed.defendants, start=1):
            sentence = defendant.sentence
            if sentence.term_months is None:
                continue
            rows.append(
                {
                    "record_id": f"{item['id']}#{i}",
                    "full_text": parsed.sections.facts,
                    "charge": ";".join(sentence.charges),
                    "term_months": sentence.term_months,
                }
            )
    return rows


def folds(rows: Sequence[dict[str, Any]], n: int) -> Iterator[tuple[int, list[Any], list[Any]]]:
    """(fold, training rows, held-out rows) of an ``n``-fold split (seeded)."""
    order = [r["record_id"] for r in rows]
    random.Random(0).shuffle(order)
    fold_of = {rid: i % n for i, rid in enumerate(order)}
    for fold in range(n):
        train = [r for r in rows if fold_of[r["record_id"]] != fold]
        yield fold, train, [r for r in rows if fold_of[r["record_id"]] == fold]


@dataclass
class Fold:
    """The estimate fitted on one fold's training rows, and its held-out rows as searched."""

    model: SentenceModel
    tested: dict[str, SimilarResult]
    terms: dict[str, Any]


def fitted_fold(
    train: list[dict[str, Any]],
    test: list[dict[str, Any]],
    *,
    charge_known: bool,
    seed: int,
    extra: Sequence[dict[str, Any]] = (),
) -> Fold:
    """Index the training rows, fit the estimate on them (and ``extra``), search the test rows:
    nothing of a held-out row reaches its own estimate."""
    with tempfile.TemporaryDirectory() as tmp:
        index = SimilarIndex.open(Path(tmp))
        index.add(train, save=False)
        fitted = searched(index, with_term(train), charge_known=charge_known)
        fitted |= searched(index, extra, charge_known=True)
        tested = searched(index, with_term(test), charge_known=charge_known)
    terms = {r["record_id"]: r["term_months"] for r in [*train, *test, *extra]}
    samples = [(res.case_facts(), terms[rid]) for rid, res in fitted.items()]
    model = SentenceModel.from_dict(fit_sentence_model(samples, seed=seed))
    return Fold(model, tested, terms)
