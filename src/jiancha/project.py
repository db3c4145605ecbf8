"""The façade users hold: a project folder, opened like a git repository.

Its methods are the pipeline's verbs (import, link, run, similar, publish) and what the
command line and the workbench ask of the warehouse; :meth:`Project.casework` opens the
other façade, everything about clues. Each stage is imported when a verb needs it, so a
command starts without loading the ones it does not use.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiancha.config import CONFIG_NAME, DEFAULT_TOML, JianchaConfig, load_config
from jiancha.console import Console, SilentConsole
from jiancha.errors import ConfigError, ImportInterrupted, NotFound

if TYPE_CHECKING:
    from jiancha.casebook import Casebook
    from jiancha.casebook.casework import Casework, CaseworkConfig
    from jiancha.ingest.importer import ImportReport
    from jiancha.link import LinkExplanation, LinkReport, ReviewPair
    from jiancha.models import Catalogue, Preflight
    from jiancha.runs import RunReport
    from jiancha.text.similar import SimilarResult
    from jiancha.warehouse import TableCount, Warehouse
    from jiancha.warehouse.queries import QuarantineRow

CACHE_DIR = ".jiancha"  # what jiancha keeps to go faster next time; safe to delete


class Project:
    """A jiancha project folder: ``jiancha.toml``, the warehouse and the casebook."""

    def __init__(self, root: Path, config: JianchaConfig, console: Console | None = None) -> None:
        self.root = root
        self.config = config
        self.console: Console = console or SilentConsole()

    # -- finding and creating -------------------------------------------------------------
    @classmethod
    def init(
        cls,
        root: Path,
        *,
        name: str | None = None,
        unit_code: str = "3506",
        console: Console | None = None,
    ) -> Project:
        """Create the folder, ``jiancha.toml`` and an empty warehouse; an existing one is kept."""
        root = root.resolve()
        if root.exists() and not root.is_dir():
            raise ConfigError(f"{root} 已存在且不是文件夹")
        root.mkdir(parents=True, exist_ok=True)
        (root / "models").mkdir(exist_ok=True)
        config_path = root / CONFIG_NAME
        if not config_path.exists():
            text = DEFAULT_TOML.format(name=name or root.name, unit_code=unit_code)
            config_path.write_text(text, encoding="utf-8")
        project = cls(root, load_config(config_path), console)
        with project.warehouse():
            pass
        return project

    @classmethod
    def open(cls, root: Path | None = None, console: Console | None = None) -> Project:
        """The project at ``root``, or the nearest one from the current directory upward."""
        found = find_project(root)
        return cls(found, load_config(found / CONFIG_NAME), console)

    # -- the stores -----------------------------------------------------------------------
    @property
    def warehouse_path(self) -> Path:
        return self.root / self.config.warehouse.path

    @contextmanager
    def warehouse(self, read_only: bool = False) -> Iterator[Warehouse]:
        from jiancha.warehouse import open_warehouse

        cfg = self.config.warehouse
        store = open_warehouse(
            self.warehouse_path,
            threads=cfg.threads,
            memory_limit=cfg.memory_limit,
            read_only=read_only and self.warehouse_path.exists(),
            lock_wait_seconds=cfg.lock_wait_seconds,
        )
        try:
            yield store
        finally:
            store.close()

    @property
    def casebook_url(self) -> str:
        return self.config.casebook.url or f"sqlite:///{self.root / 'casebook.sqlite'}"

    def casework_config(self) -> CaseworkConfig:
        """The casework folders of this project and its working days (``[calendar]``)."""
        from jiancha.casebook.casework import CaseworkConfig

        listed = self.config.calendar
        return CaseworkConfig(self.root, frozenset(listed.holidays), frozenset(listed.workdays))

    def casework(self, *, connections: int | None = None) -> Casework:
        """The casework of this project (close it, or use it in a ``with``): the casebook,
        migrated to the newest schema, with its ledger, files and the warehouse's rows.
        ``connections``: how many casebook connections to keep open (the web's threads)."""
        from jiancha.casebook import Casebook
        from jiancha.casebook.casework import Casework

        book = Casebook.open(self.casebook_url, connections=connections)
        return Casework(self.casework_config(), book, _WarehouseRows(self))

    # -- importing ------------------------------------------------------------------------
    def import_paths(
        self,
        paths: Sequence[Path],
        *,
        table: str | None = None,
        mapping: Path | None = None,
        force: bool = False,
        allowed_units: Sequence[str] | None = None,
    ) -> list[ImportReport]:
        from jiancha.ingest.importer import Importer
        from jiancha.ingest.mapping import load_mapping

        profile = load_mapping(mapping) if mapping else None
        with self.warehouse() as wh:
            importer = Importer(
                wh,
                console=self.console,
                table=table,
                profile=profile,
                force=force,
                allowed_units=allowed_units,
            )
            stopped: ImportInterrupted | None = None
            try:
                reports = importer.import_paths(paths)
            except ImportInterrupted as exc:  # what was committed is kept in line all the same
                stopped, reports = exc, exc.reports
        if stopped is None or not stopped.interrupted:
            self._after_import(reports)
        if stopped is not None:
            raise stopped
        return reports

    def _after_import(self, reports: list[ImportReport]) -> None:
        if any(r.table == "judgment" and (r.new or r.replaced) for r in reports):
            self.sync_sentence_estimates()
            if self.similar_index_dir.exists():
                self.sync_similar_index()  # the index follows the judgments once it exists

    def counts(self) -> tuple[list[TableCount], dict[str, int]]:
        """Rows stored (and flagged) per table, and rows quarantined per table."""
        with self.warehouse(read_only=True) as wh:
            return wh.counts(), wh.quarantine_counts()

    def quarantine(
        self, *, table: str | None = None, file: str | None = None, limit: int = 100
    ) -> list[QuarantineRow]:
        from jiancha.warehouse import queries

        with self.warehouse(read_only=True) as wh:
            return queries.quarantine_rows(wh, table=table, file=file, limit=limit)

    # -- judgments ------------------------------------------------------------------------
    def sync_sentence_estimates(self) -> tuple[int, int]:
        """Bring the warehouse's sentence_estimate (the models' input) in line with the
        judgment table: (estimated, removed)."""
        from jiancha.text.estimates import sync_estimates

        with self.warehouse() as wh:
            return sync_estimates(wh, console=self.console)

    @property
    def similar_index_dir(self) -> Path:
        return self.root / "index" / "similar"

    def sync_similar_index(self) -> tuple[int, int]:
        """Bring the similar-case index in line with the judgment table: (indexed, removed)."""
        from jiancha.text.similar import sync_index

        with self.warehouse(read_only=True) as wh:
            return sync_index(wh, self.similar_index_dir)

    def similar(
        self,
        text: str | None = None,
        *,
        record_id: str | None = None,
        k: int = 10,
        explain: bool = False,
    ) -> SimilarResult:
        """类案检索: the k judgments most similar to a fact text or to a stored judgment, with
        the sentence estimate of the query."""
        from jiancha.text.similar import SimilarIndex, judgment_rows, sync_index

        with self.warehouse(read_only=True) as wh:
            sync_index(wh, self.similar_index_dir)
            row = next(judgment_rows(wh, [record_id]), None) if record_id else None
        if record_id and row is None:
            raise NotFound(f"判决 {record_id} 不在数据仓库中")
        query: Any = row if row is not None else text
        index = SimilarIndex.open(self.similar_index_dir)
        return index.search(query, k=k, explain=explain).estimated()

    def publish(self, record_id: str) -> str:
        """A stored judgment de-identified for publication (检务公开)."""
        from jiancha.text.publish import publish
        from jiancha.warehouse import queries

        with self.warehouse(read_only=True) as wh:
            text = queries.judgment_text(wh, record_id)
        if not text:
            raise NotFound(f"判决 {record_id} 不存在或没有裁判文书全文")
        return publish(text)

    # -- linking --------------------------------------------------------------------------
    def link(self) -> LinkReport:
        """Link people and organisations across every table (jiancha.link)."""
        from jiancha.link import link_warehouse

        with self.warehouse() as wh:
            return link_warehouse(wh, config=self.config.link, console=self.console)

    def link_review(self, limit: int | None = None) -> list[ReviewPair]:
        from jiancha.link import review_pairs

        with self.warehouse(read_only=True) as wh:
            return review_pairs(wh, limit)

    def link_decide(self, number: int, match: bool, actor: str, reason: str) -> ReviewPair:
        """Decide the ``number``-th pair of the review list (1-based, as listed)."""
        from jiancha.link import decide, review_pairs

        with self.warehouse() as wh:
            pairs = review_pairs(wh)
            if not 1 <= number <= len(pairs):
                raise NotFound(f"待复核列表中没有第 {number} 对（共 {len(pairs)} 对）")
            pair = pairs[number - 1]
            decide(wh, pair, match, actor, reason)
            return pair

    def link_explain(self, table: str, record_id: str, role: str) -> LinkExplanation:
        from jiancha.link import explain

        with self.warehouse(read_only=True) as wh:
            return explain(wh, table, record_id, role)

    def link_basis(self, evidence: Sequence[tuple[str, str]]) -> list[LinkExplanation]:
        """The explanations of the probabilistic links a clue's evidence rows rely on."""
        from jiancha.link import explain, is_linked
        from jiancha.warehouse import queries

        with self.warehouse(read_only=True) as wh:
            if not evidence or not is_linked(wh):
                return []
            mentions = queries.probabilistic_mentions(wh, evidence)
            return [explain(wh, table, record, role) for table, record, role in mentions]

    # -- models -----------------------------------------------------------------------------
    def catalogue(self) -> Catalogue:
        """Shipped models plus the project's ``models/`` folder, with jiancha.toml overrides."""
        from jiancha.models import load_catalogue

        return load_catalogue(
            extra_dirs=[self.root / "models"],
            overrides=self.config.models,
            cache=self.root / CACHE_DIR / "models.json",
        )

    def check_models(self) -> list[Preflight]:
        from jiancha.models import check_models

        catalogue = self.catalogue()
        with self.warehouse(read_only=True) as wh:
            return check_models(wh, catalogue)

    def run(self, model_ids: Sequence[str] | None = None, as_of: date | None = None) -> RunReport:
        """Run models on the warehouse and record their hits as clues (see jiancha.runs)."""
        from jiancha.runs import find_hits, record_hits

        catalogue = self.catalogue()
        ids = list(model_ids) if model_ids else None
        # The casebook opens meanwhile (SQLAlchemy's import, the schema check): DuckDB runs
        # the models outside the GIL, so the two overlap.
        with ThreadPoolExecutor(max_workers=1) as pool:
            opening = pool.submit(self._open_casebook)
            try:
                self.sync_sentence_estimates()  # a warehouse imported before they were kept
                with self.warehouse(read_only=True) as wh:
                    found = find_hits(wh, catalogue, ids, as_of or date.today(), self.console)
                    engine = wh.dialect
            except BaseException:
                with suppress(Exception):
                    opening.result().close()
                raise
            with opening.result() as book:
                return record_hits(book, found, engine=engine)

    def _open_casebook(self) -> Casebook:
        from jiancha.casebook import Casebook

        return Casebook.open(self.casebook_url)


class _WarehouseRows:
    """The warehouse as casework reads it: opened read-only for each question, so the
    workbench never holds it (an import or a model run may need to write)."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def scoped_rows(
        self, tables: Sequence[str], units: Sequence[str] | None
    ) -> dict[str, list[dict[str, Any]]]:
        from jiancha.warehouse import queries

        if not self.project.warehouse_path.exists():
            return {}
        with self.project.warehouse(read_only=True) as wh:
            return queries.scoped_rows(wh, tables, units)


def find_project(start: Path | None) -> Path:
    """``start`` if given (must hold jiancha.toml), else the nearest folder upward that does."""
    if start is not None:
        start = start.resolve()
        if (start / CONFIG_NAME).is_file():
            return start
        raise ConfigError(f"{start} 不是 jiancha 项目（没有 {CONFIG_NAME}）；先运行 jiancha init")
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ConfigError(
        f"当前目录及其上级目录中没有 jiancha 项目（{CONFIG_NAME}）；先运行 jiancha init"
    )
