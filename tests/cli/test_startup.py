"""A command starts with what it needs: the groups it does not use, the web, the linker,
the casebook's ORM, pydantic and PyYAML stay unloaded for ``--help``, ``status`` and
``clues list`` (issue 13: start-up under 0.3 s). Read from ``sys.modules`` in a fresh process,
so a module-level import added anywhere on the way fails here; no time is measured."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from jiancha.cli.main import app
from jiancha.project import Project

# what none of the three commands needs
HEAVY = (
    "jiancha.web",
    "jiancha.casebook.tables",
    "jiancha.models.catalogue",
    "sqlglot",
    "jiancha.link.linker",
    "jiancha.ingest",
    "jiancha.cli.registers",
    "jiancha.cli.intake",
    "jiancha.cli.web",
    "sqlalchemy",
    "splink",
    "jieba",
    "pyarrow",
    "pydantic",
    "yaml",
    "typer._adapters",  # typer's pydantic coercion of option values
)
PROBE = (
    "import json, sys\n"
    "from jiancha.cli.main import run\n"
    "code = run(sys.argv[1:])\n"
    "sys.stderr.write(json.dumps(sorted(sys.modules)))\n"
    "sys.exit(code)\n"
)


def _loaded(args: list[str], cwd: Path, env: dict[str, str]) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=cwd, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stderr))


@pytest.fixture
def project(tmp_path: Path) -> tuple[Project, dict[str, str]]:
    env = {**os.environ, "JIANCHA_CACHE_DIR": str(tmp_path / "cache")}
    made = Project.init(tmp_path / "p")
    # the first commands check the contract and the configuration and create the casebook
    for args in (["status"], ["clues", "list", "--limit", "10"]):
        _loaded(args, made.root, env)
    return made, env


@pytest.mark.parametrize(
    "args", [["--help"], ["status"], ["clues", "list", "--limit", "10"], ["clues", "--help"]]
)
def test_a_command_loads_only_what_it_needs(
    project: tuple[Project, dict[str, str]], args: list[str]
) -> None:
    made, env = project
    loaded = _loaded(args, made.root, env)
    heavy = sorted(m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == [], f"jiancha {' '.join(args)} imported {heavy}"
    if args[0] != "clues":
        assert "jiancha.cli.casework" not in loaded


def test_the_help_lines_of_groups_not_yet_built_are_the_groups_own() -> None:
    group = typer.main.get_command(app)
    with group.make_context("jiancha", ["status"]) as ctx:
        lazily = group.get_help(ctx)
        for name in group.list_commands(ctx):  # build every group, as an eager CLI would
            assert group.get_command(ctx, name) is not None
        built = group.get_help(ctx)
    assert "registers" in lazily and "典型案例" in lazily
    assert lazily == built


def test_a_mistyped_group_is_a_usage_error_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    from jiancha.cli.main import run

    assert run(["clus", "list"]) == 2
    assert "'clues'" in capsys.readouterr().err  # the suggestion knows the lazy groups


def test_option_values_are_coerced_as_typer_would(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from jiancha.cli.main import run

    assert run(["init", str(tmp_path / "p")]) == 0
    capsys.readouterr()
    # an integer typer's own coercion refuses: its message, exit 2
    assert run(["-C", str(tmp_path / "p"), "clues", "list", "--limit", "ten"]) == 2
    err = capsys.readouterr().err
    assert "'--limit'" in err and "integer" in err
    assert run(["-C", str(tmp_path / "p"), "clues", "list", "--limit", "0"]) == 0


def test_status_again_reads_its_kept_counts_without_duckdb(
    project: tuple[Project, dict[str, str]],
) -> None:
    made, env = project  # the fixture ran status once: its counts are kept
    assert "duckdb" not in _loaded(["status"], made.root, env)
