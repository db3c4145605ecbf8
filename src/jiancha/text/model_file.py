"""The packaged sentence model's file (``data/sentence_model.json``), read once.

:mod:`jiancha.text.sentencing` builds the model from it; :mod:`jiancha.text.estimates` reads
only its ``meta``, which says what version the warehouse's estimates must be of, so a run
with nothing to estimate loads neither numpy nor the judgment parser.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jiancha.errors import JianchaError

MODEL_FILE = "sentence_model.json"


class SentenceModelError(JianchaError):
    """The packaged sentence model is missing or damaged."""


@cache
def packaged_model_data() -> dict[str, Any]:
    """The packaged model as stored (features, trees, ``meta``)."""
    try:
        text = resources.files("jiancha.text").joinpath("data", MODEL_FILE).read_text("utf-8")
        data = json.loads(text)
    except (OSError, ValueError) as exc:
        raise SentenceModelError(f"量刑估计模型无法读取（{exc}）") from None
    if not isinstance(data, dict):
        raise SentenceModelError("量刑估计模型无法读取（不是 JSON 对象）")
    return data
