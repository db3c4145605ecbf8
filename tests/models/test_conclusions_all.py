"""Every model of the catalogue states its finding: a conclusion and 核实要点 (and, where the
finding goes to another organ, the document it usually leads to), rendered from the
generator's hits on the small jurisdiction.

A model without them, a template naming a fact its hits do not carry, or a sentence that
prints ``None`` or an English code fails here, naming the model and the hit.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from jiancha.errors import ModelError
from jiancha.models import load_catalogue
from jiancha.models.conclusion import context_of, enum_labels, render
from jiancha.models.hit import Hit
from jiancha.models.run import run_model

MODELS = sorted(m.id for m in load_catalogue())
# The contract's enum codes a sentence must never show (codes of two letters or fewer,
# M/F, are no words; Chinese labels are what a prosecutor reads).
CODES = re.compile(
    r"(?<![A-Za-z_])("
    + "|".join(sorted((re.escape(c) for c in enum_labels() if len(c) > 2), key=len, reverse=True))
    + r")(?![A-Za-z_])"
)

# a date or a month as stored (2024-10-30, 2024-10) rather than as a document writes it
ISO_DAY_OR_MONTH = re.compile(r"(?<![0-9A-Za-z])\d{4}-(?:0[1-9]|1[0-2])(?![0-9])")


@pytest.fixture(scope="module")
def hits(small_data, small_project_master) -> dict[str, list[Hit]]:  # type: ignore[no-untyped-def]
    project = small_project_master[0]
    with project.warehouse(read_only=True) as wh:
        results = [run_model(wh.con, m, small_data.as_of) for m in load_catalogue()]
    assert [r.error for r in results if r.error] == []
    return {r.model.id: r.hits for r in results}


def test_every_model_says_what_it_found_and_what_to_do() -> None:
    """The header fields a clue page needs, for the whole catalogue at once (one list). A
    document is not required: some findings are the procuratorate's own work to correct
    (its petition replies, its conditional non-prosecutions), with nobody to write to."""
    missing = []
    for model in load_catalogue():
        header = model.header
        lacks = [
            name
            for name, value in (
                ("conclusion", header.conclusion),
                ("actions", header.actions),
            )
            if not value
        ]
        if lacks:
            missing.append(f"{model.id}: 缺少 {'、'.join(lacks)}")
    assert missing == [], "模型头缺少结论模板或核实要点：\n" + "\n".join(missing)


@pytest.mark.parametrize("model_id", MODELS)
def test_conclusion_renders_from_every_hit(hits: dict[str, list[Hit]], model_id: str) -> None:
    model = load_catalogue().get(model_id)
    assert model is not None
    header = model.header
    found = hits.get(model_id, [])
    assert found, f"{model_id}: 生成器的小型辖区没有命中，无法检验结论模板"
    assert header.conclusion, f"{model_id}: 没有结论模板（conclusion）"
    problems: list[str] = []
    for hit in found:
        # as the casebook stores them: facts through JSON (dates become ISO strings)
        facts = _stored(hit.facts)
        context = context_of(_stored(hit.subject), facts, model.parameters)
        texts = {"结论": header.conclusion}
        if header.document is not None:
            texts["建议事项"] = header.document.request
        for what, source in texts.items():
            try:
                text = render(source, context, model_id=model_id, what=what)
            except ModelError as exc:
                problems.append(f"{hit.key.record_id}：{exc}")
                continue
            problems += [f"{hit.key.record_id} 的{what}：{p}" for p in _flaws(text)]
    assert problems == [], f"{model_id}:\n" + "\n".join(problems)


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    stored: dict[str, Any] = json.loads(json.dumps(values, default=str))
    return stored


def _flaws(text: str) -> list[str]:
    flaws = []
    if not text.strip():
        flaws.append("结论为空")
    if "None" in text or "{{" in text or "{%" in text:
        flaws.append(f"含有未填写的内容：{text}")
    codes = sorted(set(CODES.findall(text)))
    if codes:
        flaws.append(f"含有英文代码 {', '.join(codes)}：{text}")
    if ISO_DAY_OR_MONTH.search(text):
        flaws.append(f"日期或月份未写成中文（2024年10月30日、2024年10月）：{text}")
    return flaws


def test_the_check_catches_a_missing_fact_and_an_english_code() -> None:
    """The flaws this file looks for are found (the test above could fail)."""
    with pytest.raises(ModelError, match="released_at"):
        render("{{ released_at|cn_date }}", {}, model_id="m.x")
    assert _flaws("被判处fixed_term 12个月") and _flaws("罪犯None于")
    assert _flaws("发放9个月（2023-10至2024-06）") and _flaws("于2024-10-30裁定")
    assert _flaws("案件AJ00000419超期") == []
