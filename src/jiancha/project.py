"""The façade users hold: a project folder, opened like a git repository.

Its methods are the pipeline's verbs (import, link, run, similar, publish) and what the
command line and the workbench ask of the warehouse; :meth:`Project.casework` opens the
other façade, everything about clues. Each stage is imported when a verb needs it, so a
command starts without loading the ones it does not use.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiancha.config_file import CONFIG_NAME, ProjectConfig, read_config
from jiancha.console import Console, SilentConsole
from jiancha.errors import ConfigError, ImportInterrupted, NotFound
from jiancha.filemodes import PRIVATE_DIR

if TYPE_CHECKING:
    from jiancha.casebook import Casebook
    from jiancha.casebook.casework import Casework, CaseworkConfig
    from jiancha.casebook.filters import ClueFilter
    from jiancha.casebook.views import ClueView
    from jiancha.config import JianchaConfig
    from jiancha.ingest.importer import ImportReport
    from jiancha.link import LinkExplanation, LinkReport, MentionMatch, ReviewPair
    from jiancha.link.people import PersonHit, PersonRecord
    from jiancha.models import Catalogue, Preflight
    from jiancha.models.spec import Header
    from jiancha.models.testing import CaseOutcome
    from jiancha.runs import RunReport
    from jiancha.text.similar import SimilarIndex, SimilarResult
    from jiancha.warehouse import TableCount, Warehouse
    from jiancha.warehouse.parquet import ParquetExport
    from jiancha.warehouse.queries import QuarantineRow
    from jiancha.warehouse.turns import Turns

CACHE_DIR = ".jiancha"  # what jiancha keeps to go faster next time; safe to delete


class Project:
    """A jiancha project folder: ``jiancha.toml``, the warehouse and the casebook."""

    def __init__(
        self, root: Path, config: JianchaConfig | ProjectConfig, console: Console | None = None
    ) -> None:
        self.root = root
        # validated at once unless known valid (config_file): a command that only opens a
        # store reads its settings without importing pydantic
        self._config = config if isinstance(config, ProjectConfig) else ProjectConfig.of(config)
        self.console: Console = console or SilentConsole()
        # the similar-case index, loaded once and kept while its files stay the same
        self._similar: tuple[tuple[int, int], SimilarIndex] | None = None
        self._similar_lock = threading.Lock()

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
        if not root.exists():
            root.mkdir(parents=True)
            root.chmod(PRIVATE_DIR)  # the casebook, keys and uploads are its owner's alone
        (root / "models").mkdir(exist_ok=True)
        config_path = root / CONFIG_NAME
        if not config_path.exists():
            from jiancha.config import DEFAULT_TOML

            text = DEFAULT_TOML.format(name=name or root.name, unit_code=unit_code)
            config_path.write_text(text, encoding="utf-8")
        project = cls(root, read_config(config_path, root / CACHE_DIR), console)
        with project.warehouse():
            pass
        return project

    @classmethod
    def open(cls, root: Path | None = None, console: Console | None = None) -> Project:
        """The project at ``root``, or the nearest one from the current directory upward."""
        found = find_project(root)
        return cls(found, read_config(found / CONFIG_NAME, found / CACHE_DIR), console)

    @property
    def config(self) -> JianchaConfig:
        """The whole configuration, validated."""
        return self._config.full

    # -- the stores -----------------------------------------------------------------------
    @property
    def warehouse_path(self) -> Path:
        return self.root / self._config.setting("warehouse", "path")

    @property
    def turns(self) -> Turns:
        """How readers and the intake worker take turns at the warehouse."""
        from jiancha.warehouse.turns import Turns

        return Turns(self.root / CACHE_DIR)

    @contextmanager
    def warehouse(self, read_only: bool = False, wait: float | None = None) -> Iterator[Warehouse]:
        """The warehouse, closed on leaving. Read-only, it is opened in the readers' turn:
        while the intake worker runs, the reader waits for the worker to let it go
        (jiancha.warehouse.turns). ``wait``: seconds to wait for another process's lock
        (default ``[warehouse] lock_wait_seconds``)."""
        from jiancha.warehouse import open_warehouse
        from jiancha.warehouse.turns import READ_WAIT

        setting = self._config.setting
        if wait is None:
            wait = float(setting("warehouse", "lock_wait_seconds"))
        with ExitStack() as turn:
            if read_only:
                turn.enter_context(self.turns.reading())
                wait = max(wait, READ_WAIT) if self.turns.worker_running() else wait
            store = open_warehouse(
                self.warehouse_path,
                threads=setting("warehouse", "threads"),
                memory_limit=setting("warehouse", "memory_limit"),
                read_only=read_only and self.warehouse_path.exists(),
                lock_wait_seconds=wait,
            )
            try:
                yield store
            finally:
                store.close()

    @property
    def casebook_url(self) -> str:
        url = self._config.setting("casebook", "url")
        return str(url) or f"sqlite:///{self.root / 'casebook.sqlite'}"

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
        rows = _WarehouseRows(self)
        return Casework(self.casework_config(), book, rows, models=_ModelHeaders(self), people=rows)

    def clues(self, filters: ClueFilter, *, limit: int | None = None) -> list[ClueView]:
        """The clues matching ``filters``, by id, every unit (``jiancha clues list``): read
        straight from a SQLite casebook at the newest schema (no SQLAlchemy to import),
        else through casework, which creates or migrates the casebook first."""
        from jiancha.casebook.quick import read_clues

        found = read_clues(self.casebook_url, filters, limit)
        if found is not None:
            return found
        with self.casework() as work:
            return work.clues(filters, limit=limit)

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
            if any(r.table == "judgment" for r in reports):
                # the models' table of estimates exists (`models check` looks for it), but
                # stays empty until `run` fills it: estimating a city's judgments here would
                # cost the import 5 CPU-seconds
                from jiancha.warehouse.derived import SENTENCE_ESTIMATE

                wh.ensure_derived(SENTENCE_ESTIMATE)
        if stopped is None or not stopped.interrupted:
            self._after_import(reports)
        if stopped is not None:
            raise stopped
        return reports

    def _after_import(self, reports: list[ImportReport]) -> None:
        self.sync_work_calendar(date.today())
        if self.similar_index_dir.exists() and any(
            r.table == "judgment" and (r.new or r.replaced) for r in reports
        ):
            self.sync_similar_index()  # the index follows the judgments once it exists

    def counts(self) -> tuple[list[TableCount], dict[str, int]]:
        """Rows stored (and flagged) per table, and rows quarantined per table; kept until
        the warehouse's files change (jiancha.warehouse.kept_counts)."""
        from jiancha.warehouse import kept_counts

        kept = self.root / CACHE_DIR / "counts.json"
        found = kept_counts.read(kept, self.warehouse_path)
        if found is not None:
            return found
        with self.warehouse(read_only=True) as wh:
            taken = kept_counts.stamp(self.warehouse_path)  # no writer while it is open
            found = wh.counts(), wh.quarantine_counts()
        kept_counts.write(kept, taken, found)
        return found

    def quarantine(
        self,
        *,
        table: str | None = None,
        file: str | None = None,
        limit: int = 100,
        batches: Sequence[int] | None = None,
    ) -> list[QuarantineRow]:
        from jiancha.warehouse import queries

        with self.warehouse(read_only=True) as wh:
            return queries.quarantine_rows(wh, table=table, file=file, limit=limit, batches=batches)

    def sync_work_calendar(self, as_of: date) -> bool:
        """Write the project's working days (``[calendar]``, chinese-calendar) into the
        warehouse's ``work_calendar`` for the models (刑诉法 art. 105 ¶4), covering ``as_of``;
        True when it changed."""
        from jiancha.periods import WorkCalendar
        from jiancha.warehouse.calendar import sync_work_calendar, work_calendar_in_line

        listed = self.config.calendar
        work = WorkCalendar(frozenset(listed.holidays), frozenset(listed.workdays))
        if self.warehouse_path.exists():
            # asked read-only first: opening for writing (which also brings an older
            # warehouse's schema up to date) only when something is to be written
            with self.warehouse(read_only=True) as wh:
                if wh.schema_current() and work_calendar_in_line(wh, work, as_of):
                    return False
        with self.warehouse() as wh:
            return sync_work_calendar(wh, work, as_of)

    # -- judgments ------------------------------------------------------------------------
    def sync_sentence_estimates(self) -> tuple[int, int]:
        """Bring the warehouse's sentence_estimate (the models' input) in line with the
        judgment table: (estimated, removed). ``run`` does this before the models; a caller
        running models another way (a benchmark, a test) calls it after importing."""
        from jiancha.text.estimates import sync_estimates

        with self.warehouse() as wh:
            return sync_estimates(wh, console=self.console)

    @property
    def similar_index_dir(self) -> Path:
        return self.root / "index" / "similar"

    def sync_similar_index(self) -> tuple[int, int]:
        """Bring the similar-case index in line with the judgment table: (indexed, removed)."""
        from jiancha.text.similar import sync_index

        with self._similar_lock, self.warehouse(read_only=True) as wh:
            index = self._similar_index()
            found = sync_index(wh, self.similar_index_dir, index)
            self._similar = (self._similar_stamp(), index)  # its own saving is no change
            return found

    def similar(
        self,
        text: str | None = None,
        *,
        record_id: str | None = None,
        k: int = 10,
        explain: bool = False,
        units: Sequence[str] | None = None,
    ) -> SimilarResult:
        """类案检索: the k judgments most similar to a fact text or to a stored judgment, with
        the sentence estimate of the query. ``units``: the searcher's units (unit-code
        prefixes); the judgment asked for and the cases found are theirs only (None: all)."""
        from jiancha.text.similar import judgment_rows

        with self._similar_lock:
            with self.warehouse(read_only=True) as wh:
                index = self._similar_synced(wh)
                row = next(judgment_rows(wh, [record_id]), None) if record_id else None
            if record_id and (row is None or not _within(row.get("unit_code"), units)):
                raise NotFound(f"判决 {record_id} 不在数据仓库中")
            query: Any = row if row is not None else text
            found = index.search(query, k=k, explain=explain, units=units)
        return found.estimated()

    def _similar_index(self) -> SimilarIndex:
        """The index as its files are now: the one loaded before unless they changed."""
        from jiancha.text.similar import SimilarIndex

        stamp = self._similar_stamp()
        if self._similar is None or self._similar[0] != stamp:
            self._similar = (stamp, SimilarIndex.open(self.similar_index_dir))
        return self._similar[1]

    def _similar_synced(self, wh: Warehouse) -> SimilarIndex:
        """The index brought in line with ``wh``; what it saved does not count as a change."""
        from jiancha.text.similar import sync_index

        index = self._similar_index()
        sync_index(wh, self.similar_index_dir, index)
        self._similar = (self._similar_stamp(), index)  # its own saving is no change
        return index

    def _similar_stamp(self) -> tuple[int, int]:
        try:
            stat = (self.similar_index_dir / "meta.json").stat()
        except OSError:
            return (0, 0)
        return (stat.st_mtime_ns, stat.st_size)

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
    def link(self, engine: str | None = None, *, retrain: bool = False) -> LinkReport:
        """Link people and organisations across every table (jiancha.link); with
        ``engine="spark"`` (default: ``[engine] kind``) Splink scores the candidate pairs on
        Spark; ``retrain``: the prior and the names' frequencies drawn again from the data
        (jiancha.link.params)."""
        from jiancha.link import link_warehouse

        with self.warehouse() as wh:
            if (engine or self.config.engine.kind) != "spark":
                return link_warehouse(
                    wh, config=self.config.link, console=self.console, retrain=retrain
                )
            from jiancha.warehouse.spark import SparkWarehouse

            session = self._spark_session()
            with SparkWarehouse(session, None) as scorer:
                return link_warehouse(
                    wh,
                    config=self.config.link,
                    console=self.console,
                    scorer=scorer,
                    retrain=retrain,
                )

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

    def people(self, text: str, units: Sequence[str] | None) -> list[PersonHit]:
        """Linked people named ``text`` or with id number ``text``, in rows of ``units``."""
        from jiancha.link.people import find_people

        if not self.warehouse_path.exists():
            return []
        with self.warehouse(read_only=True) as wh:
            return find_people(wh, text, units)

    def person(self, person_id: str, units: Sequence[str] | None) -> list[PersonRecord]:
        """Every record of one linked person a reader of ``units`` may see."""
        from jiancha.link.people import person_records

        if not self.warehouse_path.exists():
            return []
        with self.warehouse(read_only=True) as wh:
            return person_records(wh, person_id, units)

    # -- models -----------------------------------------------------------------------------
    def catalogue(self) -> Catalogue:
        """Shipped models plus the project's ``models/`` folder, with jiancha.toml overrides."""
        from jiancha.models import load_catalogue

        return load_catalogue(
            extra_dirs=[self.root / "models"],
            overrides=self.config.models,
            cache=self.root / CACHE_DIR / "models.json",
        )

    def test_models(self, model_ids: list[str] | None = None) -> list[CaseOutcome]:
        """Run the hand-written cases of the shipped models and of the project's own
        (``models/cases/<model_id>.yaml``), with each model's default parameters: a case
        states the law's numbers, not this project's jiancha.toml."""
        from jiancha.models import load_catalogue
        from jiancha.models.testing import SHIPPED_CASES, run_cases

        def catalogue_for(overrides: Mapping[str, Mapping[str, Any]] | None) -> Catalogue:
            return load_catalogue(
                extra_dirs=[self.root / "models"],
                overrides=overrides,
                cache=self.root / CACHE_DIR / "models.json",
            )

        return run_cases(model_ids, [SHIPPED_CASES, self.root / "models" / "cases"], catalogue_for)

    def check_models(self, engine: str | None = None) -> list[Preflight]:
        """Can each model run on this project's data; with ``engine="spark"``, can Spark
        run each model's SQL as translated (on the Parquet export, brought up to date)."""
        from jiancha.models import check_models

        catalogue = self.catalogue()
        self.sync_work_calendar(date.today())  # a warehouse from before the table existed
        if engine == "spark":
            from jiancha.models.preflight import check_on_engine
            from jiancha.warehouse.spark import SparkWarehouse

            self.export_parquet()
            with SparkWarehouse(self._spark_session(), self.parquet_path) as wh:
                return check_on_engine(wh, catalogue, date.today())
        with self.warehouse(read_only=True) as wh:
            return check_models(wh, catalogue)

    def run(
        self,
        model_ids: Sequence[str] | None = None,
        as_of: date | None = None,
        *,
        engine: str | None = None,
        units: Sequence[str] | None = None,
        changed: bool = False,
    ) -> RunReport:
        """Run models on the warehouse and record their hits as clues (see jiancha.runs).

        ``engine``: ``duckdb`` or ``spark`` (default: ``[engine] kind``). On Spark the
        warehouse is exported to Parquet first (only what changed) and the models run there;
        the clues are recorded exactly as a DuckDB run records them. ``units`` (a workbench
        user's): only hits and clues of those units are evaluated, recorded and resolved
        (a model's driving table is read for those units only where its SQL allows:
        jiancha.models.slicing).

        ``changed``: only the units whose records came in import batches no earlier run saw
        are evaluated, recorded and resolved (a clue is resolved only by a run that evaluated
        its unit); nothing runs when no batch is new.
        """
        from jiancha.runs import RunReport, find_and_record

        catalogue = self.catalogue()
        ids = list(model_ids) if model_ids else None
        if changed:
            scope = self.changed_units()
            if scope == ():
                note = "自上次运行以来没有新导入的数据，未运行模型"
                return RunReport("", as_of or date.today(), units=(), note=note)
            if scope is not None:
                units = _narrow(units, scope)
                if not units:
                    note = "有变化的数据不在本次运行的单位范围内，未运行模型"
                    return RunReport("", as_of or date.today(), units=(), note=note)
        if (engine or self.config.engine.kind) == "spark":
            return self._run_on_spark(catalogue, ids, as_of or date.today(), units)
        self.sync_work_calendar(as_of or date.today())
        with self._warehouse_for_models() as wh:
            # the casebook opens (SQLAlchemy's import, the schema check) while the first
            # models run; the changed evidence rows are read with the warehouse open
            return find_and_record(
                wh,
                self._open_casebook,
                catalogue,
                ids,
                as_of or date.today(),
                self.console,
                units=units,
            )

    def changed_units(self) -> tuple[str, ...] | None:
        """The units of the records imported in batches no recorded run saw: () when there
        is none, None when every unit is to run (no run yet, or a new record without a unit)."""
        with self.casework() as work:
            runs = work.runs()
        if not runs:
            return None
        seen = {b for run in runs for b in run.batches}
        from jiancha.warehouse import queries

        with self.warehouse(read_only=True) as wh:
            new = sorted(set(wh.batch_ids()) - seen)
            return queries.units_of_batches(wh, new) if new else ()

    @property
    def parquet_path(self) -> Path:
        return self.root / self.config.spark.export_path

    def export_parquet(self, directory: Path | None = None) -> ParquetExport:
        """The warehouse as partitioned Parquet in ``directory`` (default ``[spark]
        export_path``), brought up to date incrementally (jiancha.warehouse.parquet)."""
        from jiancha.warehouse.parquet import export_parquet

        with self._warehouse_for_models() as wh:
            return export_parquet(wh, directory or self.parquet_path)

    def _run_on_spark(
        self,
        catalogue: Catalogue,
        ids: list[str] | None,
        as_of: date,
        units: Sequence[str] | None = None,
    ) -> RunReport:
        from jiancha.runs import find_hits, record_hits
        from jiancha.warehouse.spark import SparkWarehouse

        self.console.info(f"导出 Parquet 至 {self.parquet_path} …")
        self.sync_work_calendar(as_of)
        self.export_parquet()
        session = self._spark_session()
        with self.warehouse(read_only=True) as reference:
            with SparkWarehouse(session, self.parquet_path) as wh:
                found = find_hits(
                    wh, catalogue, ids, as_of, self.console, reference=reference, units=units
                )
            # recorded with the reference open: the changed evidence rows are read there
            with self._open_casebook() as book:
                return record_hits(book, found, engine="spark", units=units)

    def _spark_session(self) -> Any:
        """This process's SparkSession on ``[spark] master``, with Splink's jar (linking)."""
        from jiancha.link.score import spark_jars
        from jiancha.warehouse.spark import spark_session

        conf = dict(self.config.spark.conf)
        jars = [j for j in (conf.get("spark.jars", ""), *spark_jars()) if j]
        conf["spark.jars"] = ",".join(jars)
        return spark_session(self.config.spark.master, conf)

    @contextmanager
    def _warehouse_for_models(self) -> Iterator[Warehouse]:
        """The warehouse read-only, its sentence estimates (an input of the models) first
        brought in line with the judgments imported since the last run; opened for writing
        only when there is something to estimate or remove."""
        from jiancha.text.estimates import estimates_in_line

        with self.warehouse(read_only=True) as wh:
            if estimates_in_line(wh):
                yield wh
                return
        self.sync_sentence_estimates()
        with self.warehouse(read_only=True) as wh:
            yield wh

    def _open_casebook(self) -> Casebook:
        from jiancha.casebook import Casebook

        return Casebook.open(self.casebook_url)


def _within(unit_code: Any, units: Sequence[str] | None) -> bool:
    """Whether a unit code belongs to one of ``units`` (None: no scope)."""
    if units is None:
        return True
    code = str(unit_code or "")
    return any(unit and code.startswith(unit) for unit in units)


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

    def person_matches(self, evidence: Sequence[tuple[str, str]]) -> list[MentionMatch]:
        """How the people of the evidence rows were matched (empty before linking)."""
        from jiancha.link import mention_matches

        if not evidence or not self.project.warehouse_path.exists():
            return []
        with self.project.warehouse(read_only=True) as wh:
            return mention_matches(wh, evidence)


class _ModelHeaders:
    """The project's catalogue read on the first question and kept: a model's header and
    effective parameters by id, for the clue page's finding and the documents' prose."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._catalogue: Catalogue | None = None

    def __call__(self, model_id: str) -> tuple[Header | None, Mapping[str, Any]]:
        if self._catalogue is None:
            self._catalogue = self.project.catalogue()
        model = self._catalogue.models.get(model_id)
        return (model.header, model.parameters) if model is not None else (None, {})


def _narrow(units: Sequence[str] | None, changed: Sequence[str]) -> list[str]:
    """The changed units inside ``units`` (a user's scope; None: every unit)."""
    if units is None:
        return list(changed)
    return [c for c in changed if c.startswith(tuple(units))]


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
