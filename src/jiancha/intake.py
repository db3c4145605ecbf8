"""The intake worker: the one writer that applies pushed batches to the warehouse, in order.

Each batch goes through the importer as a file of the same records would (the same
parsers, labels and quarantine; idempotent by record_id), with the rows of units outside
the pushing agency's key quarantined. Three steps, each committed on its own:

1. the casebook marks the oldest unapplied batch, with the later ones of its table (up to
   50 batches or 10,000 records), as being applied (``claim_group``);
2. the warehouse imports them, each under an import identity made from the batch's id and
   hash, in one normalisation pass and one transaction (a batch's normalisation costs
   about a third of a CPU-second whatever its size: grouped, a queue of small batches is
   applied many times faster);
3. the casebook records each one's outcome and ledger entry (``finish_group``), in one
   transaction.

Killed between 1 and 2, the batches are claimed again and imported; killed between 2 and
3, they are claimed again (perhaps with others queued since) and the warehouse recognises
their identities: it reports the imports that committed instead of storing the rows a
second time. Nothing accepted is lost or doubled.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from datetime import date
from typing import TYPE_CHECKING

from jiancha.casebook.intake import (
    GROUP_BATCHES,
    GROUP_RECORDS,
    BatchOutcome,
    ClaimedBatch,
    QuarantinedRow,
)
from jiancha.errors import IngestError, JianchaError, UsageError
from jiancha.schema import Table, contract, normalise_header

if TYPE_CHECKING:
    from jiancha.casebook.casework import Casework
    from jiancha.casebook.intake import AgencyView, BatchView
    from jiancha.intake_clues import ClueUpdater, Evaluation
    from jiancha.project import Project
    from jiancha.warehouse import Warehouse
    from jiancha.webhook_send import WebhookSender

MAX_RECORDS = 10_000  # per batch
MAX_BYTES = 20 * 1024 * 1024  # per batch, as received


def import_identity(batch: ClaimedBatch) -> str:
    """The warehouse's identity of a batch's import: one per batch, whatever its content
    (two batches of the same records are two imports, the second storing nothing new)."""
    return hashlib.sha256(f"intake:{batch.id}:{batch.sha256}".encode()).hexdigest()


def batch_file_name(batch: ClaimedBatch) -> str:
    """How the warehouse's import log and quarantine name the batch."""
    return f"推送批次 {batch.id}（{batch.agency.name}）"


def scope_refusal(agency: AgencyView, table: Table) -> Callable[[Mapping[str, object]], str | None]:
    """Why a record may not be stored for this agency (its unit is not the key's), or None."""
    unit_column = table.column("unit_code")
    spellings = {normalise_header(unit_column.name), normalise_header(unit_column.label)}
    allowed = "、".join(agency.units)

    def refuse(record: Mapping[str, object]) -> str | None:
        unit = next(
            (str(v).strip() for k, v in record.items() if normalise_header(str(k)) in spellings),
            "",
        )
        if unit in ("", "None"):
            return f"未填写{unit_column.label}，无法确认属于本机关授权的单位（{allowed}）"
        if not agency.covers(unit):
            return f"{unit_column.label}“{unit}”不在本机关密钥授权的单位范围（{allowed}）内"
        return None

    return refuse


class IntakeWorker:
    """Applies queued batches, a group of one table at a time; make one per process (there
    is one writer).

    ``clues``: after the batches waiting in the queue are applied (or after
    ``evaluate_every`` seconds of applying, when the queue never empties), the models that
    read the changed tables are evaluated and their clues recorded
    (:mod:`jiancha.intake_clues`); ``as_of`` is the evaluation date (default: today).
    Running on (not ``once``), a thread of it sends the webhooks' deliveries of new clues
    (``sender``: default, the project's webhooks with the default retries).
    ``group_batches``, ``group_records``: how many queued batches of one table, and of how
    many records in all, are claimed and imported together."""

    def __init__(
        self,
        project: Project,
        work: Casework,
        *,
        clues: bool = True,
        as_of: date | None = None,
        evaluate_every: float = 1.0,
        sender: WebhookSender | None = None,
        group_batches: int = GROUP_BATCHES,
        group_records: int = GROUP_RECORDS,
    ) -> None:
        self.project = project
        self.sender = sender
        self.work = work
        self.clues = clues
        self.as_of = as_of
        self.evaluate_every = evaluate_every
        self.group = {"max_batches": group_batches, "max_records": group_records}
        self._updater: ClueUpdater | None = None
        # the warehouse, held open while batches follow one another (opening it costs
        # about as much as a small batch) and let go when the queue is empty or a reader
        # waits for it (let_readers_in)
        self._held: ExitStack | None = None
        self._wh: Warehouse | None = None

    def release(self) -> None:
        """Let other processes have the warehouse (a model run, the web's reads)."""
        if self._held is not None:
            self._held.close()
        self._held, self._wh = None, None

    def let_readers_in(self) -> bool:
        """Let the warehouse go when a reader (a clue page, a search) waits for it; whether
        it was let go. Called between the worker's steps (jiancha.warehouse.turns)."""
        if self._wh is None or not self.project.turns.waiting():
            return False
        self.release()
        return True

    def _warehouse(self) -> Warehouse:
        from jiancha.warehouse.turns import OPEN_WAIT

        if self._wh is None:
            held = ExitStack()
            with self.project.turns.opening():  # once the waiting readers are done
                # a service waits out a reader that took no turn (a DuckDB client, a
                # late reader) instead of stopping on the lock as a command does
                self._wh = held.enter_context(self.project.warehouse(wait=OPEN_WAIT))
            self._held = held
        return self._wh

    def update_clues(self) -> Evaluation | None:
        """Link the people of the applied batches no run has seen (when the warehouse is
        linked), evaluate the models they affect and record their clues; None when there is
        no such batch."""
        from jiancha.intake_clues import ClueUpdater
        from jiancha.link.incremental import link_new, people_tables, relinked_unseen
        from jiancha.periods import WorkCalendar
        from jiancha.warehouse.calendar import sync_work_calendar

        as_of = self.as_of or date.today()
        wh = self._warehouse()
        if self._updater is None:
            catalogue = self.project.catalogue()
            self._updater = ClueUpdater(self.work.book, catalogue, self.project.console)
        pending = self._updater.pending(wh)
        if not pending:
            return None
        linked = link_new(wh, self.project.config.link, self.project.console)
        relinked = people_tables(wh) if relinked_unseen(wh, pending, linked) else set()
        listed = self.project.config.calendar
        calendar = WorkCalendar(frozenset(listed.holidays), frozenset(listed.workdays))
        sync_work_calendar(wh, calendar, as_of)
        return self._updater.update(wh, as_of, linked, relinked)

    def apply_next(self) -> list[BatchView]:
        """Apply the oldest batch not yet applied with the later ones of its table
        (:meth:`IntakeQueue.claim_group`), as one import; empty when the queue is. The
        warehouse stays open after it: call :meth:`release` (``run`` does)."""
        claimed = self.work.intake.claim_group(**self.group)
        if not claimed:
            return []
        outcomes = self._import_group(claimed)
        changed = any(isinstance(o, BatchOutcome) and (o.new or o.replaced) for o in outcomes)
        if claimed[0].table == "judgment" and changed:
            self.release()  # the estimates open the warehouse themselves, in the worker's turn
            with self.project.turns.opening():
                self.project.sync_sentence_estimates()
        results = [o if isinstance(o, BatchOutcome) else str(o) for o in outcomes]
        return self.work.intake.finish_group(list(zip(claimed, results, strict=True)))

    def run(
        self,
        *,
        once: bool = False,
        poll_seconds: float = 1.0,
        on_applied: Callable[[BatchView], None] = lambda batch: None,
        on_error: Callable[[JianchaError], None] | None = None,
        stop: Callable[[], bool] = lambda: False,
        on_clues: Callable[[Evaluation], None] = lambda evaluation: None,
    ) -> int:
        """Apply batches until the queue is empty (``once``) or ``stop()``; how many.

        With ``on_error``, an error that may pass (the warehouse locked by a model run, the
        casebook unreachable) is reported and the batch tried again after ``poll_seconds``;
        without it, it ends the run. The batch stays in the queue either way."""
        with self._only_worker():
            sender = None if once or not self.clues else self.sender or self._sender(on_error)
            if sender is None:
                return self._loop(once, poll_seconds, on_applied, on_error, stop, on_clues)

            def clues_then_wake(evaluation: Evaluation) -> None:
                on_clues(evaluation)
                sender.wake()

            sender.start()
            try:
                return self._loop(once, poll_seconds, on_applied, on_error, stop, clues_then_wake)
            finally:
                sender.stop()

    def _sender(self, on_error: Callable[[JianchaError], None] | None) -> WebhookSender:
        from jiancha.webhook_send import WebhookSender

        return WebhookSender(self.work.webhooks, on_error=on_error or (lambda exc: None))

    def _loop(
        self,
        once: bool,
        poll_seconds: float,
        on_applied: Callable[[BatchView], None],
        on_error: Callable[[JianchaError], None] | None,
        stop: Callable[[], bool],
        on_clues: Callable[[Evaluation], None],
    ) -> int:
        applied = 0
        # the clues are brought in line when the queue is empty, and at least every
        # ``evaluate_every`` seconds while it is not; first of all, after a crash
        due = self.clues
        since = time.monotonic()
        try:
            while not stop():
                self.let_readers_in()
                try:
                    batches = []
                    if not due or time.monotonic() - since < self.evaluate_every:
                        batches = self.apply_next()
                    if not batches and due:
                        evaluation = self.update_clues()
                        due, since = False, time.monotonic()
                        if evaluation is not None:
                            on_clues(evaluation)
                        continue  # back to the queue
                except JianchaError as exc:
                    self.release()
                    if on_error is None:
                        raise
                    on_error(exc)
                    time.sleep(poll_seconds)
                    continue
                if batches:
                    applied += len(batches)
                    due = self.clues
                    for batch in batches:
                        on_applied(batch)
                    continue
                self.release()
                if once:
                    break
                time.sleep(poll_seconds)
        finally:
            self.release()
        return applied

    @contextmanager
    def _only_worker(self) -> Iterator[None]:
        """One worker per project: an exclusive lock on ``.jiancha/intake.lock``, which the
        system lets go when the process ends, however it ends."""
        import fcntl

        from jiancha.warehouse.turns import WORKER_LOCK

        folder = self.project.root / ".jiancha"
        folder.mkdir(exist_ok=True)
        with (folder / WORKER_LOCK).open("w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise UsageError(
                    "本项目已有一个入库进程在运行（jiancha intake work）；同一项目只能运行一个"
                ) from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _import(self, claimed: ClaimedBatch) -> BatchOutcome:
        """One batch's import (see :meth:`_import_group`); its refusal raised."""
        (outcome,) = self._import_group([claimed])
        if isinstance(outcome, IngestError):
            raise outcome
        return outcome

    def _import_group(self, claimed: list[ClaimedBatch]) -> list[BatchOutcome | IngestError]:
        """The batches of one table imported in one normalisation pass and one warehouse
        transaction, each its own import (identity, counts, quarantine): the outcome of each,
        or why the import refused it."""
        from jiancha.ingest.importer import Importer, Pushed

        table = contract().table(claimed[0].table)
        pushed: list[Pushed] = []
        results: dict[int, BatchOutcome | IngestError] = {}
        for batch in claimed:
            try:
                records = json.loads(batch.records)
            except json.JSONDecodeError as exc:  # accepted as JSON: only a damaged queue
                results[batch.id] = IngestError(f"推送批次 {batch.id} 的数据无法读取：{exc.msg}")
                continue
            refuse = scope_refusal(batch.agency, table)
            name, identity = batch_file_name(batch), import_identity(batch)
            pushed.append(Pushed(name, identity, records, refuse, refused_field="unit_code"))
        wh = self._warehouse()
        reports = Importer(wh, table=table.name).import_pushed(pushed) if pushed else []
        waiting = iter(b for b in claimed if b.id not in results)
        imported: dict[int, int | None] = {}  # intake batch → its import (warehouse batch)
        for report, batch in zip(reports, waiting, strict=True):
            if isinstance(report, IngestError):
                results[batch.id] = report
            else:
                imported[batch.id] = report.batch_id
        found = _outcomes(wh, table, list(imported.values()))
        for batch in claimed:
            if batch.id in imported:
                outcome = found.get(imported[batch.id])
                if outcome is None:
                    raise IngestError(f"{batch_file_name(batch)}: 数据仓库中找不到本批次的导入记录")
                results[batch.id] = outcome
        return [results[b.id] for b in claimed]


def _outcomes(
    wh: Warehouse, table: Table, batch_ids: list[int | None]
) -> dict[int | None, BatchOutcome]:
    """Each import's counts and quarantined rows, read back from the warehouse's log (the
    same whether the import happened now or before a crash), by import batch: two queries
    for a group, however many batches it has."""
    from jiancha.warehouse import queries

    listed = [b for b in batch_ids if b is not None]
    if not listed:
        return {}
    marks = ", ".join("?" * len(listed))
    counts = wh.rows(
        "SELECT batch_id, rows_read, rows_stored, rows_new, rows_replaced, rows_unchanged, "
        f"rows_quarantined FROM _import_batch WHERE batch_id IN ({marks})",
        listed,
    )
    labels = {c.name: c.label for c in table.columns}
    rows: dict[int, list[QuarantinedRow]] = {}
    limit = MAX_RECORDS * len(listed)
    for r in queries.quarantine_rows(wh, batches=listed, limit=limit):
        kept = rows.setdefault(r.batch_id, [])
        if len(kept) < MAX_RECORDS:
            kept.append(
                QuarantinedRow(r.row, r.record_id, labels.get(r.field or "", r.field), r.reason)
            )
    outcomes: dict[int | None, BatchOutcome] = {}
    for batch_id, *numbers in counts:
        read, stored, new, replaced, unchanged, quarantined = (int(x or 0) for x in numbers)
        found = rows.get(int(batch_id), [])
        outcomes[int(batch_id)] = BatchOutcome(
            int(batch_id), read, stored, new, replaced, unchanged, quarantined, found
        )
    return outcomes
