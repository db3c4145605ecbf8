"""The execution and management models' headers write a prosecutor's finding: every model
has its conclusion, 核实要点 and suggested document, and each renders from the generator's
hits with no missing fact, no code, no ISO date and no "None"."""

from __future__ import annotations

import re

import pytest

from jiancha.models.catalogue import load_catalogue
from jiancha.models.conclusion import context_of, render
from jiancha.project import Project
from jiancha.schema import contract

DOMAINS = ("execution", "management")
# the one model whose document is the procuratorate's own reply to a petitioner
NO_DOCUMENT = {"management.petition_reply_overdue"}


def test_every_execution_and_management_model_says_what_it_found_and_what_to_do() -> None:
    for model in load_catalogue():
        if model.domain not in DOMAINS:
            continue
        header = model.header
        assert header.conclusion and header.decisive and header.actions, model.id
        assert all(a.endswith("。") for a in header.actions), model.id
        assert (header.document is None) == (model.id in NO_DOCUMENT), model.id


@pytest.fixture(scope="module")
def hits(small_project_master, small_data, tmp_path_factory):  # type: ignore[no-untyped-def]
    import shutil

    master, _ = small_project_master
    root = tmp_path_factory.mktemp("headers") / "p"
    shutil.copytree(master.root, root)
    project = Project.open(root)
    project.run(as_of=small_data.as_of)
    with project.casework() as work:
        return [c for c in work.clues() if c.domain in DOMAINS]


def test_each_models_sentences_render_from_the_generators_hits(hits) -> None:  # type: ignore[no-untyped-def]
    catalogue = load_catalogue()
    # table and column names and enum codes of the contract
    tables = contract().tables.values()
    raw = {t.name for t in tables} | {c.name for t in tables for c in t.columns}
    raw |= {code for t in tables for c in t.columns for code in c.allowed if len(code) > 2}
    seen: set[str] = set()
    for clue in hits:
        model = catalogue.get(clue.model_id)
        context = context_of(clue.subject, clue.facts, model.parameters)
        texts = [render(model.header.conclusion or "", context, model_id=model.id)]
        if model.header.document is not None:
            texts.append(render(model.header.document.request, context, model_id=model.id))
        for text in texts:
            assert "None" not in text and not re.search(r"\d{4}-\d{2}-\d{2}", text), text
            words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]+", text))
            assert not words & raw, (model.id, text)
        seen.add(model.id)
    # the generator plants hits of most of these models
    assert len(seen) >= 12, sorted(seen)
