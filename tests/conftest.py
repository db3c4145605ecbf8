"""The shared fixture: one small synthetic 漳州市 (fixed seed), generated and imported once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from jiancha.demo import table_files
from jiancha.project import Project

SEED = 7

# Tests never assert wall-clock times: on a loaded machine (CI, or two cores shared by many
# suites) an example may take seconds, which is no failure of the property under test.
settings.register_profile("jiancha", deadline=None)
settings.load_profile("jiancha")


@pytest.fixture(scope="session")
def small_data(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The generator's small jurisdiction: its GenerateResult (files, rows, as_of)."""
    from jiancha.synth import generate

    return generate(tmp_path_factory.mktemp("zhangzhou") / "data", scale="small", seed=SEED)


@pytest.fixture(scope="session")
def small_project_master(small_data, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    project = Project.init(tmp_path_factory.mktemp("project") / "p")
    reports = project.import_paths(table_files(small_data.files))
    # what `jiancha run` does before its models: the tests also run models directly
    project.sync_sentence_estimates()
    return project, reports


@pytest.fixture
def small_project(small_project_master, tmp_path: Path) -> Project:  # type: ignore[no-untyped-def]
    """A private copy of the imported small project, free to change."""
    master, _ = small_project_master
    root = tmp_path / "p"
    shutil.copytree(master.root, root)
    return Project.open(root)


@pytest.fixture(scope="session")
def spark():  # type: ignore[no-untyped-def]
    """One local SparkSession for the whole run (starting a JVM takes seconds). Skips only
    where Java or pyspark is absent (pyspark comes with the dev install, Java 17 is on the CI
    machines), saying which."""
    import importlib.util
    import os
    import shutil as _shutil

    java_home = os.environ.get("JAVA_HOME", "")
    if _shutil.which("java") is None and not (
        java_home and Path(java_home, "bin", "java").exists()
    ):
        pytest.skip("没有 Java：Spark 引擎的测试需要 Java 17（CI 机器上有）")
    if importlib.util.find_spec("pyspark") is None:
        pytest.skip("没有安装 pyspark：pip install -e '.[dev]'（或 '.[spark]'）")
    from jiancha.link.score import spark_jars
    from jiancha.warehouse.spark import spark_session

    session = spark_session("local[2]", {"spark.jars": ",".join(spark_jars())})
    yield session
    session.stop()
