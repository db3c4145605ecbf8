"""Fit the packaged sentence model (src/jiancha/text/data/sentence_model.json).

    .venv/bin/python bench/fit_sentence_model.py [--out src/jiancha/text/data/sentence_model.json]

Needs LightGBM (the ``[dev]`` extra). Trained on the development data of ../shared/data:
the 987 facts of sentencing_facts_dev.jsonl with a term (LawBench, Apache-2.0; LexEval, MIT),
with their gold charges where given, and the sentenced defendants of judgments_dev.jsonl
(JuDGE, MIT) as the judgment parser reads them. Each case's similar terms come from an index
of the facts without itself, as ``jiancha similar`` finds them. Deterministic: the same data
and LightGBM version give the same file. bench/similar.py measures the same fitting by 10-fold
cross-validation.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

from sentencing_data import FACTS, JUDGMENTS, judgment_rows, load_facts, searched, with_term

from jiancha.text.model_file import MODEL_FILE
from jiancha.text.sentencing_fit import fit_sentence_model
from jiancha.text.similar import SimilarIndex

OUT = Path(__file__).resolve().parents[1] / "src" / "jiancha" / "text" / "data" / MODEL_FILE


def _digest(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _rounded(value: Any) -> Any:
    """Floats to 7 significant digits: a third of the file, the same estimates to 0.01 month."""
    if isinstance(value, float):
        return float(f"{value:.7g}")
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    facts, judgments = load_facts(FACTS), judgment_rows(JUDGMENTS)
    with tempfile.TemporaryDirectory() as tmp:
        index = SimilarIndex.open(Path(tmp))
        index.add(facts, save=False)
        results = searched(index, with_term(facts), charge_known=True)
        results |= searched(index, judgments, charge_known=True)
    terms = {r["record_id"]: r["term_months"] for r in facts + judgments}
    samples = [(res.case_facts(), terms[rid]) for rid, res in results.items()]
    meta = {
        "data": "sentencing_facts_dev.jsonl + judgments_dev.jsonl (../shared/data)",
        "data_sha256": _digest(FACTS, JUDGMENTS),
        "script": "bench/fit_sentence_model.py",
    }
    model = _rounded(fit_sentence_model(samples, meta=meta))
    args.out.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")), "utf-8")
    print(f"{args.out}: {len(samples)} cases, {args.out.stat().st_size:,} bytes")  # noqa: T201


if __name__ == "__main__":
    main()
