"""models stage: supervision models (SQL + YAML header), their catalogue and their runs.

    load_catalogue(extra_dirs, overrides) -> Catalogue      the library + a project's models/
    run_models(con, catalogue, ids, as_of, console)         -> list[ModelResult] with Hits
    fetch_evidence(con, evidence)                           the evidence rows as they are now
    check_models(con, catalogue)                            can each model run here, and why not

How model SQL is written (parameters, date helpers, the person join) is documented in
:mod:`jiancha.models.render`.
"""

from jiancha.models.catalogue import Catalogue, Model, load_catalogue
from jiancha.models.hit import Evidence, Hit, LegalBasis
from jiancha.models.preflight import Preflight, check_models
from jiancha.models.run import ModelResult, fetch_evidence, run_models

__all__ = [
    "Catalogue",
    "Evidence",
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
