"""``jiancha demo``: a whole jurisdiction generated, imported and counted, in one command."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jiancha.casework import demo_lifecycle
from jiancha.console import Console, SilentConsole
from jiancha.ingest.sources import GENERATOR_FILES
from jiancha.project import Project
from jiancha.reports.truth import ModelScore, planted_anomalies, score
from jiancha.warehouse import TableCount


@dataclass
class DemoResult:
    project_dir: Path
    data_dir: Path
    imports: list[Any]
    counts: list[TableCount]
    quarantined: dict[str, int]
    link: Any = None
    run: Any = None
    scores: list[ModelScore] = field(default_factory=list)
    lifecycle: dict[str, int] = field(default_factory=dict)
    users: list[tuple[str, str]] = field(default_factory=list)


def table_files(files: list[Path]) -> list[Path]:
    """The generated files that hold table records (not the ground truth or the manifest)."""
    return [f for f in files if f.name not in GENERATOR_FILES]


def run_demo(
    directory: Path, *, scale: str = "small", seed: int = 0, console: Console | None = None
) -> DemoResult:
    """Generate 漳州市 into ``directory/data``, make ``directory`` a project, import it."""
    from jiancha.synth import generate

    console = console or SilentConsole()
    directory = directory.resolve()
    data_dir = directory / "data"
    console.info(f"生成模拟数据（{scale}，种子 {seed}）…")
    generated = generate(data_dir, scale=scale, seed=seed, console=console)  # type: ignore[arg-type]
    project = Project.init(directory, name="漳州市人民检察院（演示）", console=console)
    console.info("导入数据…")
    imports = project.import_paths(table_files(generated.files))
    counts, quarantined = project.counts()
    result = DemoResult(directory, data_dir, imports, counts, quarantined)
    console.info("关联各部门数据中的人员与单位…")
    result.link = project.link()
    console.info(f"运行监督模型（评估日期 {generated.as_of}）…")
    result.run = project.run(as_of=generated.as_of)
    planted = planted_anomalies(data_dir / "ground_truth.csv")
    ids = [line.model_id for line in result.run.lines]
    result.scores = score(planted, result.run.hits_by_model, ids)
    console.info("演示线索处置流程（核查、检察建议、送达、回复、整改、结案）…")
    result.lifecycle = demo_lifecycle(project, console)
    result.users = demo_users(project)
    return result


# The demo's workbench logins (a demo folder only; never a real deployment's passwords).
DEMO_USERS = [
    ("admin", "管理员（演示）", "admin", ["3506"]),
    ("zhangzhou", "漳州市院检察官（演示）", "prosecutor", ["3506"]),
    ("xiangcheng", "芗城区院检察官（演示）", "prosecutor", ["350602"]),
    ("auditor", "审计员（演示）", "auditor", ["3506"]),
]
DEMO_PASSWORD = "jiancha-demo-2026"


def demo_users(project: Project) -> list[tuple[str, str]]:
    """Workbench users of the demo (created once): (username, what they see)."""
    from jiancha.casebook.accounts import add_user, list_users

    with project.casebook() as book, book.session("创建演示用户") as session:
        existing = {u.username for u in list_users(session)}
        for username, label, role, units in DEMO_USERS:
            if username not in existing:
                add_user(session, username, DEMO_PASSWORD, role, units, display_name=label)
    return [(username, label) for username, label, _, _ in DEMO_USERS]
