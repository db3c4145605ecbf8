"""The demo's walk of one clue of each procuratorial function (criminal, civil,
administrative, public interest) and of minors to the document its model suggests: drafted
from the clue, confirmed with its number, written as a .docx a person can open, in Chinese."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from english_support import english_codes
from jiancha.casebook.actions import DOCUMENT_STATUS, KIND_TITLES
from jiancha.cli import main
from jiancha.console import SilentConsole
from jiancha.demo import DEMO_KINDS, FunctionWalk, demo_functions
from jiancha.models.spec import FUNCTION_LABELS, FUNCTIONS, function_of
from jiancha.project import Project


@pytest.fixture(scope="module")
def walked(  # type: ignore[no-untyped-def]
    small_project_master, small_data, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Project, list[FunctionWalk], SilentConsole]:
    """The small jurisdiction run, and the demo's walk of one clue per function."""
    master, _ = small_project_master
    root = tmp_path_factory.mktemp("demo-functions") / "p"
    shutil.copytree(master.root, root)
    project = Project.open(root)
    project.run(as_of=small_data.as_of)
    console = SilentConsole()
    with project.casework() as work:
        walks = demo_functions(work, root / "演示文书", console)
    return project, walks, console


def _text(path: Path) -> str:
    """Every paragraph and table cell of a .docx, read by python-docx."""
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_every_function_has_a_clue_taken_to_its_models_confirmed_document(walked) -> None:  # type: ignore[no-untyped-def]
    project, walks, console = walked
    assert [w.function for w in walks] == list(FUNCTIONS) and console.messages == []
    with project.casework() as work:
        for walk in walks:
            detail = work.clue(walk.clue_id)
            header, _ = work.model_header(detail.clue.model_id)
            assert header is not None and header.document is not None
            assert function_of(detail.clue.domain) == walk.function
            assert walk.kind == header.document.kind == DEMO_KINDS[walk.function]
            assert walk.title == KIND_TITLES[walk.kind]
            (document,) = detail.documents
            assert (document.kind, document.number) == (walk.kind, walk.number)
            (draft,) = work.drafts(walk.clue_id)
            assert draft.confirmed and draft.number == walk.number
            assert detail.clue.status == DOCUMENT_STATUS[walk.kind]
            assert walk.conclusion == detail.finding.conclusion
            assert walk.path.read_bytes() == work.document(walk.clue_id, document.id)[1]


def test_each_document_opens_names_its_subject_and_shows_no_english(walked) -> None:  # type: ignore[no-untyped-def]
    project, walks, _ = walked
    with project.casework() as work:
        subjects = {w.clue_id: work.clue(w.clue_id).clue.subject for w in walks}
    for walk in walks:
        assert walk.path.is_file() and walk.path.parent.name == "演示文书"
        assert walk.path.name.startswith(FUNCTION_LABELS[walk.function])
        text = _text(walk.path)
        assert walk.subject and walk.subject in [str(v) for v in subjects[walk.clue_id].values()]
        assert walk.subject in text, (walk.function, walk.subject)
        assert walk.title in text and walk.number in text and walk.conclusion in text
        assert english_codes(text) == [], (walk.function, english_codes(text))


def test_the_demo_prints_each_functions_clue_document_and_file(  # type: ignore[no-untyped-def]
    walked, capsys: pytest.CaptureFixture[str]
) -> None:
    _, walks, _ = walked
    main.render_function_walks(walks, "http://127.0.0.1:8000/")
    out = capsys.readouterr().out
    for walk in walks:
        assert walk.label in out and walk.clue_id in out and walk.number in out
        assert f"{walk.label}：{walk.path}" in out  # one line, to copy or click
        assert f"http://127.0.0.1:8000/clues/{walk.clue_id}" in out


def test_a_function_without_a_clue_to_take_is_named(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "empty")
    console = SilentConsole()
    with project.casework() as work:
        assert demo_functions(work, tmp_path / "out", console) == []
    assert [m.split("：")[0] for m in console.messages] == list(FUNCTION_LABELS.values())
