"""`jiancha similar` on real published facts, and the index following new imports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from shared_data import shared_data

from jiancha.cli.main import run

REPO = Path(__file__).parents[2]
FACTS = shared_data("sentencing_facts_dev.jsonl")
MAPPING = REPO / "examples" / "mappings" / "sentencing_facts.yaml"
pytestmark = pytest.mark.skipif(not FACTS.exists(), reason=f"shared data absent: {FACTS}")


def test_similar_json_table_report_and_incremental_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = FACTS.read_text("utf-8").splitlines()
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("\n".join(lines[:300]) + "\n", "utf-8")
    second.write_text("\n".join(lines[300:400]) + "\n", "utf-8")
    project = tmp_path / "p"
    assert run(["init", str(project)]) == 0
    base = ["-C", str(project)]
    assert run([*base, "import", str(first), "--mapping", str(MAPPING)]) == 0
    query = "被告人于某日在超市盗窃手机一部，价值人民币3000元，案发后主动投案，如实供述。"
    report = tmp_path / "类案检索报告.docx"
    capsys.readouterr()
    assert (
        run([*base, "similar", query, "--k", "5", "--format", "json", "--report", str(report)]) == 0
    )
    result = json.loads(capsys.readouterr().out)
    matches = result["matches"]
    assert len(matches) == 5
    assert {"record_id", "score", "charge", "term_months", "probation_months", "fine_yuan"} <= set(
        matches[0]
    )
    assert any("盗窃" in (m["charge"] or "") for m in matches)
    # the estimate of a 3,000-yuan theft with 自首: months, inside its interval, and why
    low, high = result["interval_months"]
    assert 0 < low <= result["estimate_months"] <= high < 36
    assert (
        result["query"]["amount_yuan"] == 3000 and "surrender" in result["query"]["circumstances"]
    )
    assert "自首" in {f["label"] for f in result["estimate"]["factors"]}
    assert "盗窃罪 数额较大" in result["estimate"]["tier"]
    paragraphs = [p.text for p in Document(str(report)).paragraphs]
    assert any(query[:8] in p for p in paragraphs)
    assert any(p.startswith("量刑估计：") and "同类案件一半落在" in p for p in paragraphs)
    assert any("刑法第二百六十四条" in p for p in paragraphs)
    # a later import is indexed too: its first record finds itself first
    assert run([*base, "import", str(second), "--mapping", str(MAPPING)]) == 0
    new_id = json.loads(lines[300])["id"]
    capsys.readouterr()
    assert run([*base, "similar", "--record", new_id, "--k", "3", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["estimate_months"] > 0
    assert run([*base, "similar", "--record", "no-such-id"]) == 1
    assert "no-such-id" in capsys.readouterr().err
