"""Similar-case retrieval (类案检索): BM25 over fact texts, re-ranked by legal elements.

A query (a fact text, or a judgment row) is cut into words with the legal jieba dictionary
(:mod:`jiancha.text.legal_dict`); BM25 (bm25s) picks candidate judgments, which are then
re-ranked by the elements that decide a sentence: the same charge, a comparable amount,
shared circumstances (自首, 累犯, …), the same region and the same court level. Each
:class:`Match` says which elements agree and which differ, so a prosecutor can see *why* a
case is similar before citing it.

The index lives in the project folder (``<project>/index/similar/``): ``docs.parquet`` (one
row per judgment: its elements, sentence and word ids), ``vocab.json``, ``bm25-<n>/`` (the
bm25s score matrix, so that opening the index does not rebuild it) and ``meta.json``, written
last, which names the matrix that belongs to the rows. :meth:`SimilarIndex.add` and
:meth:`SimilarIndex.remove` update it incrementally: only new texts are cut into words, the
score matrix is rebuilt from the stored word ids (BM25's document frequencies are
corpus-wide). :func:`sync_index` brings
it in line with the warehouse's ``judgment`` table by ``_row_hash``.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from jiancha.errors import JianchaError
from jiancha.schema import contract
from jiancha.text.charge_cues import cue_charges, required
from jiancha.text.legal_dict import (
    find_case_charges,
    find_circumstances,
    main_amount,
    split_charges,
    tokenize,
)
from jiancha.text.sentencing import (
    CaseFacts,
    Factor,
    SentenceEstimate,
    SentenceModel,
    similar_terms,
)
from jiancha.warehouse import Warehouse

FORMAT_VERSION = 1
# Re-ranking weights: the text similarity (0..1, relative to the best candidate) plus legal
# elements. Tuned on sentencing_facts_dev (bench/similar.py); the charge dominates because a
# case of another charge is not a 类案 whatever its wording.
W_TEXT = 1.0
W_CHARGE = 0.6
W_AMOUNT = 0.25
W_CIRCUMSTANCES = 0.15
W_REGION = 0.05
W_LEVEL = 0.05
AMOUNT_RATIO = 3.0  # amounts within this ratio of each other are comparable
CANDIDATES = 100  # BM25 candidates re-ranked (at least 10 × k)
# The charge of a text that names none: the charge whose tf-idf centroid of the indexed
# judgments is nearest (cosine); right for 76 % of the held-out development facts with a charge
# (10 folds), against 69 % for the multinomial naive Bayes it replaced and 42-48 % for the vote
# of the 20 best text matches before that. The act a text states moves the cosines (cosines of
# the nearest centroids are 0.1-0.3): + W_CUE for a charge whose act's phrases it states,
# − W_NO_CUE for a charge whose facts always state their act when it states none of them
# (jiancha.text.charge_cues). Chosen on the training folds of bench/similar.py (each fold's
# training facts, left out one at a time, picked 0.03-0.08 and 0-0.05; see bench/RESULTS.md).
W_CUE = 0.05
W_NO_CUE = 0.03
# A guessed charge whose runner-up comes within BLEND_MARGIN of cosine is uncertain: the estimate
# takes the runner-up's at weight ½ (1 − margin / BLEND_MARGIN), so a heavy charge guessed as a
# light neighbour is not committed to (the error of a wrong charge is mostly its range's).
# Chosen in each fold of bench/similar.py by an inner 5-fold split of its training facts only
# (picks 0.03-0.08; 0.05 the most frequent; see bench/RESULTS.md).
BLEND_MARGIN = 0.05

_LEVELS = {"high": "高级", "intermediate": "中级", "basic": "基层"}


class SimilarIndexError(JianchaError):
    """The similar-case index is missing, damaged or was asked for an unknown record."""


@dataclass(frozen=True)
class Elements:
    """The legal elements of a case that similar cases are compared on."""

    charges: frozenset[str] = frozenset()
    amount_yuan: float | None = None
    circumstances: frozenset[str] = frozenset()
    city: str | None = None  # first 4 digits of unit_code
    province: str | None = None  # first 2 digits
    court_level: str | None = None  # high | intermediate | basic
    charge_inferred: bool = False  # the charge is what the text's words point to, not stated
    runner_up: str | None = None  # an inferred charge's nearly as near second (BLEND_MARGIN)
    runner_up_weight: float = 0.0  # its share of the sentence estimate (0 to ½)


@dataclass(frozen=True)
class Element:
    """One compared element: its Chinese name and the query's and the case's values."""

    name: str
    query: str | None
    case: str | None

    def __str__(self) -> str:
        if self.query == self.case:
            return f"{self.name}：{self.case}"
        return f"{self.name}：本案 {self.query or '未载明'}，类案 {self.case or '未载明'}"


@dataclass(frozen=True)
class Match:
    """A retrieved case, its sentence and how it compares with the query."""

    record_id: str
    score: float
    charge: str | None
    penalty: str | None
    term_months: int | None
    probation_months: int | None
    fine_yuan: float | None
    amount_yuan: float | None
    matched: tuple[Element, ...]
    differing: tuple[Element, ...]
    components: dict[str, float] = field(default_factory=dict)  # filled when explained

    def to_dict(self) -> dict[str, Any]:
        """JSON-able: the fields of ``jiancha similar --format json``."""
        out: dict[str, Any] = {
            "record_id": self.record_id,
            "score": round(self.score, 4),
            "charge": self.charge,
            "penalty": self.penalty,
            "term_months": self.term_months,
            "probation_months": self.probation_months,
            "fine_yuan": self.fine_yuan,
            "amount_yuan": self.amount_yuan,
            "matched": [str(e) for e in self.matched],
            "differing": [str(e) for e in self.differing],
        }
        if self.components:
            out["components"] = {k: round(v, 4) for k, v in self.components.items()}
        return out


@dataclass(frozen=True)
class SimilarResult:
    """A search: the query (a row, or a text as ``{"full_text": …}``), the matches, the query's
    elements as compared, and, once :meth:`estimated`, the sentence estimate."""

    query: Mapping[str, Any]
    matches: list[Match]
    elements: Elements
    estimate: SentenceEstimate | None = None

    def case_facts(self) -> CaseFacts:
        """What the sentence estimate reads of the query: its text, its charges (given, or as
        its words point to), amount, circumstances and the matches' terms."""
        stated = self.query.get("circumstances")
        return CaseFacts(
            text=str(self.query.get("full_text") or ""),
            charges=tuple(sorted(self.elements.charges)),
            amount_yuan=self.elements.amount_yuan,
            circumstances=frozenset(str(stated).split(";")) - {""} if stated else None,
            similar_terms=similar_terms(m.term_months for m in self.matches),
            charges_inferred=self.elements.charge_inferred,
        )

    def runner_up_facts(self) -> CaseFacts | None:
        """The query's facts under the inferred charge's runner-up, when it shares the estimate."""
        if self.elements.runner_up is None or self.elements.runner_up_weight <= 0:
            return None
        return replace(self.case_facts(), charges=(self.elements.runner_up,))

    def estimated(self, model: SentenceModel | None = None) -> SimilarResult:
        """This result with the sentence estimate of its query (the packaged model unless one
        is given)."""
        return replace(self, estimate=estimate_results([self], model or SentenceModel.load())[0])

    def to_dict(self) -> dict[str, Any]:
        """JSON-able: what ``jiancha similar --format json`` prints."""
        e = self.elements
        out: dict[str, Any] = {
            "query": {
                "charges": sorted(e.charges),
                "charge_inferred": e.charge_inferred,
                "amount_yuan": e.amount_yuan,
                "circumstances": sorted(e.circumstances),
            },
            "estimate_months": None,
            "interval_months": None,
        }
        if self.estimate is not None:
            details = self.estimate.to_dict()
            out["estimate_months"] = details.pop("estimate_months")
            out["interval_months"] = details.pop("interval_months")
            out["estimate"] = details
        out["matches"] = [m.to_dict() for m in self.matches]
        return out


def estimate_results(
    results: Sequence[SimilarResult], model: SentenceModel
) -> list[SentenceEstimate]:
    """The sentence estimates of searched queries; where the inferred charge is uncertain, its
    runner-up's estimate shares it (:data:`BLEND_MARGIN`)."""
    estimates = model.estimate_many([r.case_facts() for r in results])
    others = {i: f for i, r in enumerate(results) if (f := r.runner_up_facts()) is not None}
    for i, other in zip(others, model.estimate_many(list(others.values())), strict=True):
        estimates[i] = blend_estimates(estimates[i], other, results[i].elements)
    return estimates


def blend_estimates(
    first: SentenceEstimate, second: SentenceEstimate, elements: Elements
) -> SentenceEstimate:
    """``first`` moved towards ``second`` by the runner-up's weight, the move a factor of its
    own so the explanation still adds up."""
    w = elements.runner_up_weight
    months = (1 - w) * first.months + w * second.months
    label = f"罪名不确定，兼顾{elements.runner_up}罪的估计"
    return replace(
        first,
        months=months,
        low_months=(1 - w) * first.low_months + w * second.low_months,
        high_months=(1 - w) * first.high_months + w * second.high_months,
        factors=(*first.factors, Factor(label, months - first.months)),
    )


# -- elements ----------------------------------------------------------------------------------
def court_level(court_code: str | None, unit_code: str | None) -> str | None:
    """高级/中级/基层 from a court code (闽 / 闽06 / 闽0602) or a 6-digit unit code."""
    if court_code:
        digits = "".join(ch for ch in court_code if ch.isdigit())
        if court_code[:1] and not court_code[:1].isdigit():
            return {0: "high", 2: "intermediate"}.get(len(digits), "basic")
    if unit_code and len(unit_code) >= 6 and unit_code[:6].isdigit():
        code = unit_code[:6]
        if code.endswith("0000"):
            return "high"
        return "intermediate" if code.endswith("00") else "basic"
    return None


def elements_of(row: Mapping[str, Any]) -> Elements:
    """A judgment row's elements: its columns where filled, else what its text states."""
    text = str(row.get("full_text") or "")
    charges = split_charges(row.get("charge")) or find_case_charges(text)
    amount = row.get("amount_yuan")
    if amount is None:
        amount = main_amount(text)
    stated = row.get("circumstances")
    circumstances = (
        frozenset(c for c in str(stated).split(";") if c) if stated else find_circumstances(text)
    )
    unit = str(row.get("unit_code") or "") or None
    return Elements(
        charges=charges,
        amount_yuan=float(amount) if amount is not None else None,
        circumstances=circumstances,
        city=unit[:4] if unit and len(unit) >= 4 else None,
        province=unit[:2] if unit and len(unit) >= 2 else None,
        court_level=court_level(row.get("court_code"), unit),
    )


def elements_of_text(text: str) -> Elements:
    """The elements a bare fact text states."""
    return elements_of({"full_text": text})


def _amount_similarity(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or a <= 0 or b <= 0:
        return None
    return max(0.0, 1.0 - abs(math.log(a / b)) / math.log(AMOUNT_RATIO * AMOUNT_RATIO))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _yuan(value: float | None) -> str | None:
    return None if value is None else f"{value:,.0f} 元"


def _circumstance_label(code: str) -> str:
    return contract().table("judgment").column("circumstances").allowed.get(code, code)


def compare(query: Elements, case: Elements) -> tuple[list[Element], list[Element]]:
    """The elements the case shares with the query, and those that differ.

    Elements unknown on either side are neither: nothing can be said about them.
    """
    matched: list[Element] = []
    differing: list[Element] = []

    def put(same: bool, element: Element) -> None:
        (matched if same else differing).append(element)

    if query.charges and case.charges:
        put(
            bool(query.charges & case.charges),
            Element("罪名", "、".join(sorted(query.charges)), "、".join(sorted(case.charges))),
        )
    sim = _amount_similarity(query.amount_yuan, case.amount_yuan)
    if sim is not None:
        put(sim >= 0.5, Element("数额", _yuan(query.amount_yuan), _yuan(case.amount_yuan)))
    for code in sorted(query.circumstances | case.circumstances):
        label = _circumstance_label(code)
        ours, theirs = code in query.circumstances, code in case.circumstances
        put(ours == theirs, Element(label, "有" if ours else "无", "有" if theirs else "无"))
    if query.city and case.city:
        put(query.city == case.city, Element("地区", query.city, case.city))
    if query.court_level and case.court_level:
        put(
            query.court_level == case.court_level,
            Element("审级", _LEVELS[query.court_level], _LEVELS[case.court_level]),
        )
    return matched, differing


def _score_elements(query: Elements, case: Elements) -> dict[str, float]:
    """The legal-element part of a candidate's score, by element."""
    parts: dict[str, float] = {}
    if query.charges and case.charges:
        parts["charge"] = W_CHARGE * _jaccard(query.charges, case.charges)
    sim = _amount_similarity(query.amount_yuan, case.amount_yuan)
    if sim is not None:
        parts["amount"] = W_AMOUNT * sim
    if query.circumstances or case.circumstances:
        parts["circumstances"] = W_CIRCUMSTANCES * _jaccard(query.circumstances, case.circumstances)
    if query.province and query.province == case.province:
        parts["region"] = W_REGION if query.city == case.city else W_REGION / 2
    if query.court_level and query.court_level == case.court_level:
        parts["court_level"] = W_LEVEL
    return parts


# -- the index ---------------------------------------------------------------------------------
_META_COLUMNS = (
    "record_id",
    "row_hash",
    "charge",
    "penalty",
    "term_months",
    "probation_months",
    "fine_yuan",
    "amount_yuan",
    "circumstances",
    "unit_code",
    "court_code",
)
_SCHEMA = pa.schema(
    [
        ("record_id", pa.string()),
        ("row_hash", pa.string()),
        ("charge", pa.string()),
        ("penalty", pa.string()),
        ("term_months", pa.int32()),
        ("probation_months", pa.int32()),
        ("fine_yuan", pa.float64()),
        ("amount_yuan", pa.float64()),
        ("circumstances", pa.string()),
        ("unit_code", pa.string()),
        ("court_code", pa.string()),
        ("tokens", pa.list_(pa.int32())),
    ]
)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float | Decimal) else None


def _integer(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float | Decimal) else None


@dataclass
class _Doc:
    meta: dict[str, Any]
    tokens: np.ndarray
    elements: Elements


class SimilarIndex:
    """A persisted, incrementally updated similar-case index of judgments."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._docs: list[_Doc] = []
        self._pos: dict[str, int] = {}
        self._vocab: dict[str, int] = {}
        self._bm25: bm25s.BM25 | None = None
        self._units: np.ndarray | None = None  # each document's unit code, for scoped searches
        self._charges: _ChargeWords | None = None  # built with the first text naming no charge

    # -- persistence -------------------------------------------------------------------------
    @classmethod
    def open(cls, directory: Path) -> SimilarIndex:
        """The index in ``directory``; an empty one if the folder holds none yet."""
        index = cls(directory)
        if (directory / "docs.parquet").exists():
            index._load()
        return index

    def _load(self) -> None:
        try:
            meta = json.loads((self.directory / "meta.json").read_text("utf-8"))
            if meta.get("format") != FORMAT_VERSION:
                raise SimilarIndexError(f"{self.directory}: 类案索引格式版本不符，请重建索引")
            self._vocab = json.loads((self.directory / "vocab.json").read_text("utf-8"))
            table = pq.read_table(self.directory / "docs.parquet")
        except (OSError, ValueError, pa.ArrowException) as exc:
            raise SimilarIndexError(
                f"{self.directory}: 类案索引已损坏（{exc}），请重建索引"
            ) from None
        columns = table.to_pydict()
        for i in range(table.num_rows):
            row = {c: columns[c][i] for c in _META_COLUMNS}
            tokens = np.asarray(columns["tokens"][i] or [], dtype=np.int32)
            self._append(row, tokens)
        self._bm25 = self._saved_bm25(meta.get("bm25")) if self._docs else None
        if self._docs and self._bm25 is None:
            self._bm25 = self._build_bm25()  # an index written before the matrix was kept

    def _saved_bm25(self, name: str | None) -> bm25s.BM25 | None:
        """The score matrix saved with these rows, or None (then it is rebuilt)."""
        if not name or not (self.directory / name).is_dir():
            return None
        try:
            model = bm25s.BM25.load(self.directory / name, show_progress=False)
        except (OSError, ValueError):
            return None
        documents = model.scores.get("num_docs") if isinstance(model.scores, dict) else None
        return model if documents == len(self._docs) else None

    def save(self) -> None:
        """Write the index to its folder (each file replaced whole)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        rows = {c: [d.meta.get(c) for d in self._docs] for c in _META_COLUMNS}
        rows["tokens"] = [d.tokens.tolist() for d in self._docs]
        table = pa.table(rows, schema=_SCHEMA)
        self._replace("docs.parquet", lambda p: pq.write_table(table, p))
        vocab = json.dumps(self._vocab, ensure_ascii=False)
        self._replace("vocab.json", lambda p: p.write_text(vocab, "utf-8"))
        matrix = self._save_bm25()
        meta = json.dumps({"format": FORMAT_VERSION, "documents": len(self._docs), "bm25": matrix})
        self._replace("meta.json", lambda p: p.write_text(meta, "utf-8"))
        for old in self.directory.glob("bm25-*"):
            if old.name != matrix:
                shutil.rmtree(old, ignore_errors=True)

    def _save_bm25(self) -> str | None:
        """The score matrix in a new folder of its own (the one in use stays until
        ``meta.json`` names the new one); its name."""
        if self._bm25 is None:
            return None
        name = f"bm25-{time.time_ns()}"
        self._bm25.save(self.directory / name, show_progress=False)
        return name

    def _replace(self, name: str, write: Any) -> None:
        tmp = self.directory / f".{name}.tmp"
        write(tmp)
        os.replace(tmp, self.directory / name)

    # -- updates -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._pos

    @property
    def row_hashes(self) -> dict[str, str | None]:
        """record_id → the warehouse _row_hash the indexed row had."""
        return {d.meta["record_id"]: d.meta.get("row_hash") for d in self._docs}

    def add(self, rows: Iterable[Mapping[str, Any]], *, save: bool = True) -> int:
        """Index judgment rows (replacing rows of the same record_id); the number added."""
        rows = list(rows)
        self._drop({str(r["record_id"]) for r in rows})
        for row in rows:
            text = str(row.get("full_text") or "")
            # A judgment without text is still findable by its charge.
            words = tokenize(text) if text else tokenize(str(row.get("charge") or ""))
            ids = np.asarray([self._word_id(w) for w in words], dtype=np.int32)
            self._append(self._meta_of(row, text), ids)
        self._refresh(save)
        return len(rows)

    def remove(self, record_ids: Iterable[str], *, save: bool = True) -> int:
        """Drop judgments from the index; the number that were in it."""
        removed = self._drop({str(r) for r in record_ids})
        if removed:
            self._refresh(save)
        return removed

    def _refresh(self, save: bool) -> None:
        self._bm25 = self._build_bm25() if self._docs else None
        if save:
            self.save()

    def _meta_of(self, row: Mapping[str, Any], text: str) -> dict[str, Any]:
        elements = elements_of(row)
        circumstances = row.get("circumstances")
        if not circumstances and elements.circumstances:
            circumstances = ";".join(sorted(elements.circumstances))
        amount = row.get("amount_yuan")
        return {
            "record_id": str(row["record_id"]),
            "row_hash": str(row["_row_hash"]) if row.get("_row_hash") is not None else None,
            "charge": row.get("charge"),
            "penalty": row.get("penalty"),
            "term_months": _integer(row.get("term_months")),
            "probation_months": _integer(row.get("probation_months")),
            "fine_yuan": _number(row.get("fine_yuan")),
            "amount_yuan": _number(amount) if amount is not None else elements.amount_yuan,
            "circumstances": circumstances or None,
            "unit_code": row.get("unit_code"),
            "court_code": row.get("court_code"),
        }

    def _append(self, meta: dict[str, Any], tokens: np.ndarray) -> None:
        self._units = self._charges = None
        self._pos[meta["record_id"]] = len(self._docs)
        self._docs.append(_Doc(meta, tokens, elements_of(meta)))

    def _drop(self, record_ids: set[str]) -> int:
        gone = record_ids & self._pos.keys()
        if gone:
            self._units = self._charges = None
            self._docs = [d for d in self._docs if d.meta["record_id"] not in gone]
            self._pos = {d.meta["record_id"]: i for i, d in enumerate(self._docs)}
        return len(gone)

    def _word_id(self, word: str) -> int:
        return self._vocab.setdefault(word, len(self._vocab))

    def _build_bm25(self) -> bm25s.BM25:
        # bm25s needs every id of the vocabulary below its size; an id no document uses
        # any more (after removals) simply never scores.
        corpus = bm25s.tokenization.Tokenized(
            ids=[d.tokens.tolist() for d in self._docs], vocab=dict(self._vocab)
        )
        model = bm25s.BM25()
        model.index(corpus, show_progress=False)
        return model

    # -- queries -----------------------------------------------------------------------------
    def query(
        self,
        query: str | Mapping[str, Any],
        *,
        k: int = 10,
        explain: bool = False,
        rerank: bool = True,
    ) -> list[Match]:
        """The ``k`` cases most similar to a fact text or to a judgment row.

        A row (a mapping with ``full_text`` and, where known, ``charge``, ``amount_yuan``,
        ``circumstances``, ``unit_code``, ``court_code``) is never its own match.
        ``rerank=False`` gives plain BM25 (the benchmark's baseline).
        """
        return self.search(query, k=k, explain=explain, rerank=rerank).matches

    def search(
        self,
        query: str | Mapping[str, Any],
        *,
        k: int = 10,
        explain: bool = False,
        rerank: bool = True,
        units: Sequence[str] | None = None,
    ) -> SimilarResult:
        """:meth:`query`, with the query's elements as compared (a charge the text does not
        name is the one its words point to among the indexed judgments). ``units``: only
        judgments whose unit code starts with one of them are matches (None: every judgment;
        empty: none)."""
        row: Mapping[str, Any] = {"full_text": query} if isinstance(query, str) else query
        text = str(row.get("full_text") or row.get("charge") or "")
        words = [self._vocab[w] for w in tokenize(text) if w in self._vocab]
        exclude = {str(row["record_id"])} if row.get("record_id") is not None else set()
        matches, elements = self._search(
            np.asarray(words, dtype=np.int32),
            elements_of(row),
            k,
            explain,
            rerank,
            exclude,
            units,
            cue_charges(text),
        )
        return SimilarResult(row, matches, elements)

    def query_record(
        self, record_id: str, *, k: int = 10, explain: bool = False, rerank: bool = True
    ) -> list[Match]:
        """The cases most similar to an indexed judgment (itself excluded)."""
        return self.search_record(record_id, k=k, explain=explain, rerank=rerank).matches

    def search_record(
        self, record_id: str, *, k: int = 10, explain: bool = False, rerank: bool = True
    ) -> SimilarResult:
        """:meth:`query_record` with the judgment's elements."""
        pos = self._pos.get(record_id)
        if pos is None:
            raise SimilarIndexError(f"类案索引中没有记录 {record_id}（请先导入或重建索引）")
        doc = self._docs[pos]
        matches, elements = self._search(doc.tokens, doc.elements, k, explain, rerank, {record_id})
        return SimilarResult(doc.meta, matches, elements)

    def _search(
        self,
        words: np.ndarray,
        query: Elements,
        k: int,
        explain: bool,
        rerank: bool,
        exclude: set[str],
        units: Sequence[str] | None = None,
        cues: frozenset[str] | None = None,
    ) -> tuple[list[Match], Elements]:
        if self._bm25 is None or k <= 0 or len(words) == 0:
            return [], query  # no indexed word in common with any judgment
        scores = np.asarray(self._bm25.get_scores(words.tolist()), dtype=np.float64)
        if units is not None:
            scores[~self._within(units)] = -np.inf
        for record_id in exclude:
            if record_id in self._pos:
                scores[self._pos[record_id]] = -np.inf
        candidates = _top(scores, max(CANDIDATES, 10 * k) if rerank else k)
        candidates = [int(i) for i in candidates if np.isfinite(scores[i])]
        if not candidates:
            return [], query
        best = float(scores[candidates[0]]) or 1.0
        if rerank and not query.charges:
            query = self._infer_charge(query, words, exclude, cues)
        ranked = []
        for i in candidates:
            doc = self._docs[i]
            parts = {"text": W_TEXT * max(float(scores[i]), 0.0) / best}
            if rerank:
                parts.update(_score_elements(query, doc.elements))
            ranked.append((sum(parts.values()), i, parts))
        ranked.sort(key=lambda t: (-t[0], t[1]))
        matches = [self._match(i, total, parts, query, explain) for total, i, parts in ranked[:k]]
        return matches, query

    def _within(self, units: Sequence[str]) -> np.ndarray:
        """Which documents belong to one of ``units`` (unit-code prefixes)."""
        if self._units is None:
            self._units = np.asarray([d.meta.get("unit_code") or "" for d in self._docs], dtype=str)
        inside = np.zeros(len(self._docs), dtype=bool)
        for unit in units:
            if unit:
                inside |= np.char.startswith(self._units, unit)
        return inside

    def _infer_charge(
        self,
        query: Elements,
        words: np.ndarray,
        exclude: set[str],
        cues: frozenset[str] | None = None,
    ) -> Elements:
        """The charge the query's words point to among the indexed judgments' charges, when
        the text names none (a judgment of the index asked about is left out of the counts);
        ``cues``: the charges whose act the text states (None: the text is not at hand)."""
        if self._charges is None:
            self._charges = _ChargeWords.of(self._docs, len(self._vocab))
        left_out = [self._docs[self._pos[r]] for r in exclude if r in self._pos]
        ranked = self._charges.ranked(words, left_out, cues)
        if not ranked:
            return query
        charge, runner_up, margin = ranked[0][0], None, math.inf
        if len(ranked) > 1:
            runner_up, margin = ranked[1][0], ranked[0][1] - ranked[1][1]
        weight = 0.5 * max(0.0, 1.0 - margin / BLEND_MARGIN) if BLEND_MARGIN > 0 else 0.0
        return Elements(
            charges=frozenset({charge}),
            amount_yuan=query.amount_yuan,
            circumstances=query.circumstances,
            city=query.city,
            province=query.province,
            court_level=query.court_level,
            charge_inferred=True,
            runner_up=runner_up if weight > 0 else None,
            runner_up_weight=weight,
        )

    def _match(
        self, i: int, score: float, parts: dict[str, float], query: Elements, explain: bool
    ) -> Match:
        doc = self._docs[i]
        matched, differing = compare(query, doc.elements)
        m = doc.meta
        return Match(
            record_id=m["record_id"],
            score=score,
            charge=m["charge"],
            penalty=m["penalty"],
            term_months=m["term_months"],
            probation_months=m["probation_months"],
            fine_yuan=m["fine_yuan"],
            amount_yuan=m["amount_yuan"],
            matched=tuple(matched),
            differing=tuple(differing),
            components=dict(parts) if explain else {},
        )


@dataclass(frozen=True)
class _ChargeWords:
    """Each charge's centroid: the sum of its judgments' tf-idf vectors (sublinear term
    frequency 1 + ln n, idf ln((N + 1)/(df + 1)) + 1, each vector of length one). A text's
    charge is the centroid nearest to its own vector by cosine."""

    charges: list[str]
    keys: np.ndarray  # word id × number of charges + charge id, sorted
    sums: np.ndarray  # per key: the word's summed weight in the charge's judgments
    norms: np.ndarray  # per charge: the squared length of its sum
    judgments: np.ndarray  # per charge
    idf: np.ndarray  # per word id

    @classmethod
    def of(cls, docs: Sequence[_Doc], vocabulary: int) -> _ChargeWords:
        charges = sorted({c for d in docs for c in d.elements.charges})
        ids = {c: i for i, c in enumerate(charges)}
        n = max(len(charges), 1)
        seen = [np.unique(d.tokens[d.tokens < vocabulary]).astype(np.int64) for d in docs]
        df = np.bincount(np.concatenate(seen), minlength=vocabulary) if seen else np.zeros(0)
        idf = np.log((len(docs) + 1) / (df[:vocabulary] + 1.0)) + 1.0
        keys: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        judgments = np.zeros(n, dtype=np.float64)
        for doc in docs:
            words, weight = _unit_vector(doc.tokens, idf)
            for charge in doc.elements.charges:
                keys.append(words * n + ids[charge])
                weights.append(weight)
                judgments[ids[charge]] += 1
        if not keys:
            empty = np.zeros(0)
            return cls(charges, empty.astype(np.int64), empty, np.zeros(n), judgments, idf)
        unique, inverse = np.unique(np.concatenate(keys), return_inverse=True)
        sums = np.bincount(inverse, weights=np.concatenate(weights))
        norms = np.bincount(unique % n, weights=sums**2, minlength=n)
        return cls(charges, unique, sums, norms, judgments, idf)

    def _sums(self, words: np.ndarray) -> np.ndarray:
        """[words, charges]: each word's summed weight per charge."""
        n = len(self.charges)
        table = np.zeros((len(words), n))
        lo = np.searchsorted(self.keys, words * n)
        hi = np.searchsorted(self.keys, (words + 1) * n)
        for row, (a, b) in enumerate(zip(lo.tolist(), hi.tolist(), strict=True)):
            table[row, self.keys[a:b] % n] = self.sums[a:b]
        return table

    def best(
        self,
        query: np.ndarray,
        left_out: Sequence[_Doc] = (),
        cues: frozenset[str] | None = None,
    ) -> str | None:
        """The charge whose centroid is nearest to a text's words, moved by the act the text
        states (``cues``, see :func:`cue_adjustment`); None without a known word. A judgment
        of ``left_out`` is taken out of its charges' centroids first."""
        ranked = self.ranked(query, left_out, cues)
        return ranked[0][0] if ranked else None

    def ranked(
        self,
        query: np.ndarray,
        left_out: Sequence[_Doc] = (),
        cues: frozenset[str] | None = None,
    ) -> list[tuple[str, float]]:
        """The two nearest charges with their moved cosines, nearest first (see :meth:`best`);
        empty without a known word."""
        words, weight = _unit_vector(query, self.idf)
        if not self.charges or not len(words):
            return []
        dot = weight @ self._sums(words)
        norms, judgments = self.norms.copy(), self.judgments.copy()
        for doc in left_out:  # its own charge must not vote for it
            mine, mine_weight = _unit_vector(doc.tokens, self.idf)
            shared = np.isin(words, mine)
            overlap = weight[shared] @ mine_weight[np.isin(mine, words)]
            with_mine = mine_weight @ self._sums(mine)
            for charge in doc.elements.charges:
                c = self.charges.index(charge)
                judgments[c] -= 1
                norms[c] += mine_weight @ mine_weight - 2.0 * with_mine[c]
                dot[c] -= overlap
        usable = (judgments > 0) & (norms > 1e-9)
        if not usable.any():
            return []
        score = np.where(usable, dot / np.sqrt(np.where(usable, norms, 1.0)), -np.inf)
        if cues is not None:
            score = score + cue_adjustment(self.charges, cues)
        order = np.argsort(-score, kind="stable")[:2]
        return [(self.charges[int(i)], float(score[i])) for i in order if np.isfinite(score[i])]


def cue_adjustment(charges: Sequence[str], cues: frozenset[str]) -> np.ndarray:
    """Per charge, what the act a text states adds to its centroid's cosine: W_CUE where the
    text states the charge's act, −W_NO_CUE for a charge whose facts always state their act
    (:func:`jiancha.text.charge_cues.required`) where this text states none of it."""
    return np.asarray(
        [
            W_CUE if c in cues else (-W_NO_CUE if required(c) and c not in cues else 0.0)
            for c in charges
        ]
    )


def _unit_vector(tokens: np.ndarray, idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A text's known words (sorted ids) and their tf-idf weights, scaled to length one."""
    known = tokens[(tokens >= 0) & (tokens < len(idf))].astype(np.int64)
    words, times = np.unique(known, return_counts=True)
    weight = (1.0 + np.log(times)) * idf[words]
    length = float(np.sqrt(weight @ weight))
    return words, weight / length if length > 0 else weight


def _top(scores: np.ndarray, n: int) -> list[int]:
    """Indices of the ``n`` highest scores, best first (ties by position)."""
    n = min(n, len(scores))
    part = np.argpartition(-scores, n - 1)[:n]
    return sorted(part.tolist(), key=lambda i: (-scores[i], i))


# -- the warehouse -----------------------------------------------------------------------------
_ROW_COLUMNS = (
    "record_id, _row_hash, charge, penalty, term_months, probation_months, fine_yuan, "
    "amount_yuan, circumstances, unit_code, court_code, full_text"
)


def judgment_rows(
    wh: Warehouse, record_ids: Sequence[str] | None = None, batch: int = 5000
) -> Iterator[dict[str, Any]]:
    """Rows of the warehouse's ``judgment`` table as the index reads them."""
    sql = f"SELECT {_ROW_COLUMNS} FROM judgment"
    params: list[Any] = []
    if record_ids is not None:
        sql += " WHERE record_id IN (SELECT unnest(?))"
        params = [list(record_ids)]
    return wh.stream(sql + " ORDER BY record_id", params, size=batch, purpose="读取判决")


def build_index(wh: Warehouse, directory: Path) -> SimilarIndex:
    """A new index of every judgment of the warehouse, replacing any in ``directory``."""
    index = SimilarIndex(directory)
    index.add(judgment_rows(wh))
    return index


def sync_index(
    wh: Warehouse, directory: Path, index: SimilarIndex | None = None
) -> tuple[int, int]:
    """Bring the index in ``directory`` (``index``, when it is already open) in line with the
    warehouse; (indexed, removed).

    Judgments whose ``_row_hash`` changed since they were indexed are indexed again, new
    ones added, and those no longer in the warehouse removed; nothing else is touched.
    """
    index = index if index is not None else SimilarIndex.open(directory)
    have = index.row_hashes
    now = dict(wh.rows("SELECT record_id, _row_hash FROM judgment", purpose="读取判决"))
    stale = [
        r for r, h in now.items() if r not in have or have[r] != (str(h) if h is not None else None)
    ]
    gone = [r for r in have if r not in now]
    removed = index.remove(gone, save=False)
    added = index.add(judgment_rows(wh, stale), save=False) if stale else 0
    if added or removed or not (directory / "docs.parquet").exists():
        index.save()
    return added, removed
