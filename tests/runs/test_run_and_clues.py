"""jiancha run → clues, end to end through the CLI, on hand-made records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from jiancha.cli.main import run

MEASURES = (
    "record_id,case_id,name,id_number,measure,start_at,end_at\n"
    "M1,C1,张三,,detention,2023-01-01,2023-01-20\n"  # 19 days: over 14
    "M2,C1,李四,,detention,2023-01-01,2023-01-10\n"  # 9 days
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    assert run(["init", str(tmp_path / "p")]) == 0
    data = tmp_path / "coercive_measure.csv"
    data.write_text(MEASURES, "utf-8")
    assert run(["-C", str(tmp_path / "p"), "import", str(data)]) == 0
    return tmp_path / "p"


def clues_json(project: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict]:
    capsys.readouterr()
    args = ["clues", "list", "--format", "json", "--reason", "核对", *extra]
    assert run(["-C", str(project), *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_run_records_clues_once(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "-C",
        str(project),
        "run",
        "--models",
        "custody.detention_overdue",
        "--as-of",
        "2026-06-30",
    ]
    assert run(args) == 0
    assert "custody.detention_overdue" in capsys.readouterr().out
    (clue,) = clues_json(project, capsys)
    assert clue["model"] == "custody.detention_overdue" and clue["status"] == "new"
    assert clue["evidence"] == [{"table": "coercive_measure", "record_id": "M1"}]
    assert clue["facts"]["detained_days"] > clue["facts"]["limit_days"]
    assert clue["legal_basis"] and clue["subject"]["name"] == "张三"
    assert run(args) == 0  # a re-run creates no duplicate
    assert len(clues_json(project, capsys)) == 1


def test_clue_resolved_by_data_when_corrected(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "-C",
        str(project),
        "run",
        "--models",
        "custody.detention_overdue",
        "--as-of",
        "2026-06-30",
    ]
    assert run(args) == 0
    fixed = tmp_path / "fix" / "coercive_measure.csv"
    fixed.parent.mkdir()
    fixed.write_text(MEASURES.replace("2023-01-20", "2023-01-12"), "utf-8")
    assert run(["-C", str(project), "import", str(fixed)]) == 0
    assert run(args) == 0
    (clue,) = clues_json(project, capsys)
    assert clue["status"] == "resolved_by_data"
    assert clues_json(project, capsys, "--status", "new") == []


def test_clues_xlsx_export(project: Path, tmp_path: Path) -> None:
    assert run(["-C", str(project), "run", "--as-of", "2026-06-30"]) == 0
    out = tmp_path / "clues.xlsx"
    args = ["clues", "list", "--format", "xlsx", "-o", str(out), "--reason", "报送"]
    assert run(["-C", str(project), *args]) == 0
    book = CalamineWorkbook.from_path(str(out))
    assert "羁押与办案期限" in book.sheet_names


def test_bad_as_of_and_unknown_model(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["-C", str(project), "run", "--as-of", "30/06/2026"]) == 2  # a usage error
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert run(["-C", str(project), "run", "--models", "no.such_model"]) == 1
    assert "no.such_model" in capsys.readouterr().err


def test_models_list_show_check(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["-C", str(project), "models", "list"]) == 0
    assert "custody.detention_overdue" in capsys.readouterr().out
    assert run(["-C", str(project), "models", "show", "custody.detention_overdue"]) == 0
    out = capsys.readouterr().out
    assert "刑事诉讼法" in out and "SELECT" in out.upper()
    assert run(["-C", str(project), "models", "show", "custody.bail_overdue"]) == 0
    out = capsys.readouterr().out
    assert "不作为线索的情形" in out and "节假日后的第一个工作日" in out
    assert run(["-C", str(project), "models", "check"]) == 0
    assert "可以运行" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("override", "key"),
    [
        ('[models."custody.detention_overdue"]\nlimit_days = -1\n', "limit_days"),
        ('[models."custody.detention_overdue"]\nlimit_days = "many"\n', "limit_days"),
        ('[models."no.such_model"]\nx = 1\n', "no.such_model"),
        ('[models."custody.detention_overdue"]\nno_such_param = 1\n', "no_such_param"),
    ],
)
def test_bad_parameter_override_names_the_key(
    project: Path, capsys: pytest.CaptureFixture[str], override: str, key: str
) -> None:
    toml = project / "jiancha.toml"
    toml.write_text(toml.read_text("utf-8") + "\n" + override, "utf-8")
    capsys.readouterr()
    assert run(["-C", str(project), "run", "--as-of", "2026-06-30"]) == 1
    err = capsys.readouterr().err
    assert key in err and err.count("\n") == 1


def test_parameter_override_changes_hits_and_history(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "-C",
        str(project),
        "run",
        "--models",
        "custody.detention_overdue",
        "--as-of",
        "2026-06-30",
    ]
    toml = project / "jiancha.toml"
    base = toml.read_text("utf-8")
    # 3 days to ask + 4 days' extension (not recorded: the most) + 1 day to review = 8 days
    override = '\n[models."custody.detention_overdue"]\nreview_days = 1\n'
    toml.write_text(base + override, "utf-8")
    assert run(args) == 0
    assert len(clues_json(project, capsys)) == 2  # 9 days is now over the limit too
    toml.write_text(base + override + "request_days = 2\n", "utf-8")  # 7 days
    assert run(args) == 0
    from jiancha.casebook import Casebook

    with Casebook.open(f"sqlite:///{project / 'casebook.sqlite'}") as book:
        history = book.clue_history("C000001")
    assert any(event.kind == "changed" for event in history)


def test_clue_through_a_probabilistic_link_shows_how_sure(
    small_project, small_data, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """Anomalies planted behind a mistyped id number: found after linking, with the link shown."""
    small_project.link()
    report = small_project.run(as_of=small_data.as_of)
    linked = [
        hit
        for hits in report.hits_by_model.values()
        for hit in hits
        if "link_probability" in hit.facts
    ]
    assert linked and all(0.5 < hit.facts["link_probability"] <= 1.0 for hit in linked)
    with small_project.casework() as work:
        clue = next(c for c in work.clues() if "link_probability" in c.facts)
    capsys.readouterr()
    assert run(["-C", str(small_project.root), "clues", "show", clue.id]) == 0
    out = capsys.readouterr().out
    assert "人员关联" in out and "jiancha link explain" in out
