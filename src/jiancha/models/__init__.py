"""models stage: supervision models (SQL + YAML header), their catalogue and their runs.

    load_catalogue(extra_dirs, overrides) -> Catalogue      the library + a project's models/
    run_models(warehouse, catalogue, ids, as_of, console)   -> list[ModelResult] with Hits
    fetch_evidence(warehouse, evidence)                     the evidence rows as they are now
    EvidenceRows(warehouse, evidence)                       their row hashes; rows when asked
    check_models(warehouse, catalogue)                      can each model run here, and why not

How model SQL is written (parameters, date helpers, the person join) is documented in
:mod:`jiancha.models.render`. Names load their module on first use: the casebook reads
``models.hit`` without loading sqlglot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiancha.lazy import lazy_exports

if TYPE_CHECKING:
    from jiancha.models.catalogue import Catalogue, Model, load_catalogue
    from jiancha.models.hit import Evidence, Hit, LegalBasis
    from jiancha.models.preflight import Preflight, check_models
    from jiancha.models.run import EvidenceRows, ModelResult, fetch_evidence, run_models

__all__ = [
    "Catalogue",
    "Evidence",
    "EvidenceRows",
    "Hit",
    "LegalBasis",
    "Model",
    "ModelResult",
    "Preflight",
    "check_models",
    "fetch_evidence",
    "load_catalogue",
    "run_models",
]
__getattr__ = lazy_exports(
    __name__,
    {
        "Catalogue": "catalogue",
        "Model": "catalogue",
        "load_catalogue": "catalogue",
        "Evidence": "hit",
        "Hit": "hit",
        "LegalBasis": "hit",
        "Preflight": "preflight",
        "check_models": "preflight",
        "EvidenceRows": "run",
        "ModelResult": "run",
        "fetch_evidence": "run",
        "run_models": "run",
    },
)
