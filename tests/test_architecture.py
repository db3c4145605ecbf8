"""The shape of the package, read from its imports with ``ast``: no import cycle, no stage
importing a stage above it, no module using another's private names, and the reports, the
CLI, the web and the demo reaching the casebook only through Casework.

Every import counts: at the top, inside a function (a lazy import is still a dependency) and
under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

import jiancha

PACKAGE = Path(jiancha.__file__).parent

# The stages, lowest first: a module may import its own stage and those listed before it.
# The order is the pipeline's (agency exports → ingest → warehouse → link → models → clues
# → casebook → web/reports), with what a stage is built on below it: the warehouse engine
# is what ingest writes into, so it sits below ingest; judgment parsing (text) is what
# ingest reads judgment texts with; the project configuration composes the stages' own
# (link.config), so it sits right below the façade that reads it.
STAGES: tuple[tuple[str, ...], ...] = (
    ("errors", "lazy", "console", "filemodes", "codehash"),  # what everything uses
    # the value parsers (dates, amounts, numerals, id numbers): ingest reads cells with them
    # and text reads judgments with them, so they sit below both (text never imports ingest)
    ("values",),
    # months as 刑诉法解释 art. 202 counts them, working days, reply periods: the warehouse
    # writes the work calendar from it, and the models, casebook and generator count with it
    ("periods",),
    # the GB/T 9704 layout of every .docx: text's 类案检索报告, casebook's documents and the
    # reports' 典型案例 all lay out with it, so it sits below the lowest of them (text)
    ("gbt9704",),
    ("schema",),  # the data contract
    ("warehouse",),  # the engine interface, its DuckDB implementation, the derived tables
    ("text",),  # judgment parsing, the sentence estimate, similar cases, publication
    ("ingest",),  # agency exports (and judgment texts) into the warehouse
    ("synth",),  # the synthetic jurisdiction, written as agencies export
    ("link",),  # people and organisations across tables
    ("models",),  # supervision models and their runs
    ("casebook",),  # clues, workflow, documents, ledger, accounts; Casework
    ("runs",),  # a model run recorded in the casebook
    # after pushed batches: the models they affect, recorded (intake_clues); the webhooks'
    # deliveries of new clues (webhook_send); both run in the intake worker
    ("intake_clues", "webhook_send"),
    ("config", "config_file"),  # jiancha.toml: its typed model, and reading it
    ("project",),  # the façade of the pipeline
    ("intake",),  # the intake worker: pushed batches through the importer (on the façades)
    ("reports",),  # clue exports, scores, the data dictionary, period reports (on the façades)
    ("demo",),  # generate → import → link → run → casework, on a script
    ("web",),  # the workbench
    ("cli",),  # the command line
)
RANK = {stage: rank for rank, group in enumerate(STAGES) for stage in group}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the module imported (a submodule when the name imported is one)
    names: tuple[str, ...]  # the names taken from it (empty for ``import x``)
    line: int


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()
TREES = {name: ast.parse(path.read_text("utf-8")) for name, path in MODULES.items()}


def _imports(module: str, tree: ast.Module) -> list[Import]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(module, a.name, (), node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = tuple(a.name for a in node.names)
            for name in names:
                sub = f"{node.module}.{name}"
                target = sub if sub in MODULES else node.module
                found.append(Import(module, target, (name,) if target != sub else (), node.lineno))
    return found


IMPORTS = [i for module, tree in TREES.items() for i in _imports(module, tree)]
OURS = [i for i in IMPORTS if i.target.split(".")[0] == "jiancha" and i.target in MODULES]


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def test_every_stage_has_a_place_in_the_order() -> None:
    unplaced = sorted({stage(m) for m in MODULES if m != "jiancha"} - set(RANK))
    assert unplaced == [], f"add these to STAGES: {unplaced}"


def test_no_stage_imports_a_stage_above_it() -> None:
    upward = sorted(
        f"{i.module} → {i.target} (line {i.line})"
        for i in OURS
        if stage(i.target) != "jiancha" and RANK[stage(i.target)] > RANK[stage(i.module)]
    )
    assert upward == [], "a lower stage imports a higher one:\n" + "\n".join(upward)


def test_no_import_cycle() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for i in OURS:
        if i.target != i.module:
            graph[i.module].add(i.target)
    cycles = _strongly_connected(graph)
    assert cycles == [], "import cycles: " + "; ".join(" → ".join(c) for c in cycles)


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that import each other, round."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_module_uses_another_modules_private_names() -> None:
    taken = [
        f"{i.module} imports {n} from {i.target} (line {i.line})"
        for i in OURS
        for n in i.names
        if _private(n) and i.target != i.module
    ]
    taken += [
        f"{module} uses {alias}.{attr} (line {line})"
        for module, tree in TREES.items()
        for alias, attr, line in _module_attributes(module, tree)
        if _private(attr)
    ]
    assert taken == [], "\n".join(taken)


def _module_attributes(module: str, tree: ast.Module) -> list[tuple[str, str, int]]:
    """``alias.attr`` where ``alias`` names another jiancha module imported here."""
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                if f"{node.module}.{a.name}" in MODULES:
                    aliases[a.asname or a.name] = f"{node.module}.{a.name}"
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name in MODULES and a.asname:
                    aliases[a.asname] = a.name
    return [
        (node.value.id, node.attr, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and aliases.get(node.value.id, module) != module
    ]


def test_the_warehouse_engine_is_the_only_way_to_duckdb() -> None:
    direct = sorted(
        f"{i.module} (line {i.line})"
        for i in IMPORTS
        if i.target.split(".")[0] == "duckdb" and stage(i.module) != "warehouse"
    )
    assert direct == [], "stages talk to a Warehouse, not to DuckDB: " + ", ".join(direct)


# -- the reports, the CLI, the web and the demo reach the casebook only through Casework ---

ABOVE = ("reports", "web", "cli", "demo")
FORBIDDEN = ("sqlalchemy", "jiancha.casebook.tables", "jiancha.casebook.store")


@pytest.mark.parametrize("top", ABOVE)
def test_the_top_imports_no_sqlalchemy_and_no_orm_table(top: str) -> None:
    found = sorted(
        f"{i.module} imports {i.target} (line {i.line})"
        for i in IMPORTS
        if stage(i.module) == top
        and any(i.target == f or i.target.startswith(f + ".") for f in FORBIDDEN)
    )
    assert found == []


@pytest.mark.parametrize("top", ABOVE)
def test_the_top_opens_no_casebook_session(top: str) -> None:
    opened = sorted(
        f"{module} line {node.lineno}"
        for module, tree in TREES.items()
        if stage(module) == top
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "session"
    )
    assert opened == []


def test_the_checks_see_what_they_forbid() -> None:
    """The readers above find an import, a cycle and a private name when there is one."""
    tree = ast.parse(
        "import sqlalchemy\nfrom jiancha.casebook import store\n"
        "from jiancha.casebook.store import _x\nstore._y\n"
    )
    found = _imports("jiancha.web.fake", tree)
    assert {i.target for i in found} >= {"sqlalchemy", "jiancha.casebook.store"}
    assert ("store", "_y", 4) in _module_attributes("jiancha.web.fake", tree)
    assert _strongly_connected({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
