"""``jiancha demo``: a whole jurisdiction generated, imported and counted, in one command."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jiancha.console import Console, SilentConsole
from jiancha.project import Project
from jiancha.warehouse import TableCount


@dataclass
class DemoResult:
    project_dir: Path
    data_dir: Path
    imports: list[Any]
    counts: list[TableCount]
    quarantined: dict[str, int]
    extra: dict[str, Any] = field(default_factory=dict)


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
    imports = project.import_paths(generated.files)
    counts, quarantined = project.counts()
    return DemoResult(directory, data_dir, imports, counts, quarantined)
