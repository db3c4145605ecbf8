"""examples/mappings/sentencing_facts.yaml loads real facts as judgment rows for retrieval."""

from __future__ import annotations

import json
from pathlib import Path

from jiancha.project import Project
from jiancha.text.similar import SimilarIndex, build_index

ROOT = Path(__file__).parents[2]
PROFILE = ROOT / "examples" / "mappings" / "sentencing_facts.yaml"

FACTS = [
    {
        "id": "f1",
        "fact": "被告人甲盗窃人民币5000元。",
        "charges": ["盗窃"],
        "articles": None,
        "term_months": 8,
        "life_imprisonment": False,
        "death_penalty": False,
        "sources": ["x"],
    },
    {
        "id": "f2",
        "fact": "被告人乙诈骗、盗窃财物。",
        "charges": ["诈骗", "盗窃"],
        "articles": None,
        "term_months": None,
        "life_imprisonment": False,
        "death_penalty": False,
        "sources": ["y"],
    },
]


def test_the_profile_loads_facts_as_judgments(tmp_path: Path) -> None:
    data = tmp_path / "facts.jsonl"
    data.write_text("\n".join(json.dumps(f, ensure_ascii=False) for f in FACTS), "utf-8")
    project = Project.init(tmp_path / "p")
    [report] = project.import_paths([data], mapping=PROFILE)
    assert report.table == "judgment" and report.stored == 2 and report.quarantined == 0
    with project.warehouse(read_only=True) as wh:
        rows = wh.rows(
            "SELECT record_id, charge, term_months, full_text, decided_at IS NOT NULL "
            "FROM judgment ORDER BY record_id"
        )
        index = build_index(wh, project.root / "index" / "similar")
    assert rows == [
        ("f1", "盗窃", 8, "被告人甲盗窃人民币5000元。", True),
        ("f2", "诈骗;盗窃", None, "被告人乙诈骗、盗窃财物。", True),
    ]
    assert len(SimilarIndex.open(project.root / "index" / "similar")) == len(index) == 2
