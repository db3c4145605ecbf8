"""Linking the mentions of newly imported rows, as a full ``jiancha link`` would link them.

The intake worker calls :func:`link_new` before it evaluates the models (issue 16: "the
linking of new mentions included"). Nothing is done on a warehouse never linked (the models
then read the raw id numbers). Otherwise the mentions of the rows stored by the import
batches the link tables do not cover yet (``link_batch``) are linked in one of two ways:

- **Locally** (:mod:`jiancha.link.local`), the common case of intake: the parameters are
  frozen (:mod:`jiancha.link.params`), so a full run's result is a function of the records
  it compares, the review decisions and the ids already given; the records of the new
  mentions' nodes are built, only those new or changed are scored (against every record the
  blocking rules pair them with), and only the components of the graph they touch are
  clustered again, with ids drawn as the full run draws them. A mention of a known person
  with a held content changes no record: it gets its node's person (``assigned``). A new
  person, a new spelling, a mention without a valid id number, a new address or phone:
  scored and clustered (``local``).
- Otherwise the **full linker** runs (``link_warehouse``): when no link has frozen the
  parameters or kept its records yet, the link settings changed, a review decision is newer
  than the last run, an organisation is among the rows (organisations are keyed over all
  their mentions' names), or a replaced row's old mention of a known person held nowhere
  else might lower the person's compared address or phone.

Either way the mentions of *other* rows whose person or organisation changed are reported,
so that the models reading their tables are evaluated too. Should the worker be killed
before it evaluates, that report is lost: a linking no evaluation has seen (``link_batch.how``
``'run'`` or ``'local'``) makes every table with people changed instead
(:func:`relinked_unseen`).

tests/intake/test_incremental.py checks, over random batch sequences of linked people, new
people and mentions without a valid id number among them, that the link tables and the
clues equal those of ``jiancha link`` then ``jiancha run``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from jiancha.console import Console
from jiancha.link import local, records
from jiancha.link import params as frozen_params
from jiancha.link.config import LinkConfig
from jiancha.link.linker import RECORD_TABLE, cover_batches, link_warehouse, log_changes
from jiancha.link.mentions import (
    collect_org_mentions,
    collect_person_mentions,
    org_roles,
    person_roles,
    q,
)
from jiancha.link.review import is_linked
from jiancha.link.store import ensure_link_tables, write_back
from jiancha.warehouse import Warehouse

ROWS = "_lk_rows"  # (table_name, record_id) of the rows the new batches stored
ORGS = "_lk_new_orgs"


@dataclass
class IncrementalLink:
    """What :func:`link_new` did."""

    batches: tuple[int, ...]
    mentions: int = 0  # mentions of the new rows
    full: str | None = None  # why the full linker ran (None: linked locally)
    how: str = "assigned"  # assigned | local (records scored and clustered) | run (full)
    run_id: int | None = None  # the full linker's run
    scored: int = 0  # the pairs the local linking scored
    # rows outside the new batches whose link the linking changed: their person, or how
    # and how surely they were matched (a clue's link_probability fact reads it)
    changed_rows: set[tuple[str, str]] = field(default_factory=set)

    @property
    def changed_tables(self) -> set[str]:
        return {table for table, _ in self.changed_rows}


def link_new(wh: Warehouse, config: LinkConfig, console: Console) -> IncrementalLink | None:
    """Link the mentions of the import batches not yet linked; None when the warehouse is
    not linked or every batch is."""
    if not is_linked(wh):
        return None
    ensure_link_tables(wh)
    batches = [
        int(r[0])
        for r in wh.rows(
            "SELECT batch_id FROM _import_batch WHERE batch_id NOT IN "
            "(SELECT batch_id FROM link_batch) ORDER BY batch_id"
        )
    ]
    if not batches:
        return None
    done = IncrementalLink(tuple(batches))
    tables = _linked_tables(wh, batches)
    where = f"t._batch_id IN ({', '.join(str(b) for b in batches)})"
    _new_rows(wh, tables, where)
    done.mentions = collect_person_mentions(wh, records.MENTIONS, tables, where)
    records.enrich(wh)
    done.full = _why_full(wh, config, tables, where)
    if done.full is None:
        done.changed_rows = _local(wh, config, batches, (tables, where), done)
    else:
        done.how = "run"
        console.info(f"新入库记录需要完整的人员关联：{done.full}")
        done.changed_rows = _full(wh, config, console)
        done.run_id = int(wh.scalar("SELECT max(run_id) FROM link_run") or 0)
    _drop(wh)
    return done


def relinked_unseen(wh: Warehouse, batches: Sequence[int], done: IncrementalLink | None) -> bool:
    """Whether a linker run other than ``done``'s, or a local linking other than ``done``,
    covered one of ``batches`` (import batches no clue run has seen): the worker was killed
    between that linking and the evaluation, or ``jiancha link`` ran meanwhile, and which
    rows' people it changed is not known — every table with people or organisations is then
    to be taken as changed."""
    if not batches or not is_linked(wh):
        return False
    ensure_link_tables(wh)
    listed = ", ".join(str(int(b)) for b in batches)
    runs = {
        int(r[0])
        for r in wh.rows(
            f"SELECT DISTINCT run_id FROM link_batch WHERE how = 'run' AND batch_id IN ({listed})"
        )
    }
    local = {
        int(r[0])
        for r in wh.rows(
            f"SELECT batch_id FROM link_batch WHERE how = 'local' AND batch_id IN ({listed})"
        )
    }
    seen = set(done.batches) if done is not None and done.how == "local" else set()
    return bool(runs - {done.run_id if done is not None else None}) or bool(local - seen)


def people_tables(wh: Warehouse) -> set[str]:
    """The warehouse's tables with person or organisation mentions."""
    roles = {r.table for r in person_roles()} | {o.table for o in org_roles()}
    return roles & wh.tables()


def _linked_tables(wh: Warehouse, batches: Sequence[int]) -> list[str]:
    """The tables of the batches that hold person or organisation mentions."""
    listed = ", ".join(str(b) for b in batches)
    stored = {
        str(r[0])
        for r in wh.rows(
            f"SELECT DISTINCT table_name FROM _import_batch WHERE batch_id IN ({listed})"
        )
    }
    return sorted(stored & people_tables(wh))


def _new_rows(wh: Warehouse, tables: Sequence[str], where: str) -> None:
    selects = [
        f"SELECT '{t}' AS table_name, t.record_id FROM {q(t)} t WHERE {where}" for t in tables
    ]
    body = " UNION ALL ".join(selects) or (
        "SELECT CAST(NULL AS VARCHAR) AS table_name, CAST(NULL AS VARCHAR) AS record_id WHERE FALSE"
    )
    wh.execute(f"CREATE OR REPLACE TEMP TABLE {ROWS} AS {body}")


def _why_full(wh: Warehouse, config: LinkConfig, tables: Sequence[str], where: str) -> str | None:
    """Why the new mentions cannot be linked locally (the full linker must run), or None."""
    last = wh.one("SELECT started_at, config FROM link_run ORDER BY run_id DESC LIMIT 1")
    if last is None or not wh.scalar("SELECT count(*) FROM link_batch"):
        return "此前的关联未记录所覆盖的导入批次"
    if frozen_params.frozen(wh) is None or RECORD_TABLE not in wh.tables():
        return "此前的关联未保存固定的关联参数和比对记录"
    if last[1] != json.dumps(config.model_dump()):
        return "关联参数已修改"
    decided = wh.scalar("SELECT max(decided_at) FROM link_decision")
    if decided is not None and decided >= last[0]:
        return "有尚未应用的人工复核决定"
    if collect_org_mentions(wh, ORGS, tables, where) or wh.scalar(
        f"SELECT count(*) FROM org_mention SEMI JOIN {ROWS} USING (table_name, record_id)"
    ):
        return "涉及单位"
    # an old mention with a valid id number, of a replaced row, whose (uid, mention_hash)
    # nothing holds now, of a node other mentions still hold: its profile may shrink
    gone = wh.scalar(
        f"""SELECT count(*) FROM person_mention o SEMI JOIN {ROWS} USING (table_name, record_id)
        WHERE o.uid LIKE 'v:%' AND NOT EXISTS (SELECT 1 FROM {records.ENRICHED} e
                          WHERE e.uid = o.uid AND e.mention_hash = o.mention_hash)
          AND NOT EXISTS (SELECT 1 FROM person_mention k
                          WHERE k.uid = o.uid AND k.mention_hash = o.mention_hash
                            AND NOT EXISTS (SELECT 1 FROM {ROWS} r WHERE
                                r.table_name = k.table_name AND r.record_id = k.record_id))
          AND (o.uid IN (SELECT uid FROM {records.ENRICHED}) OR EXISTS (
              SELECT 1 FROM person_mention k WHERE k.uid = o.uid AND NOT EXISTS (
                  SELECT 1 FROM {ROWS} r
                  WHERE r.table_name = k.table_name AND r.record_id = k.record_id)))"""
    )
    if gone:
        return f"{gone} 条被替换的人员记录不再出现，其人员的住址或电话可能改变"
    return None


def _local(
    wh: Warehouse,
    config: LinkConfig,
    batches: Sequence[int],
    rows: tuple[Sequence[str], str],
    done: IncrementalLink,
) -> set[tuple[str, str]]:
    """The new mentions linked locally (:mod:`jiancha.link.local`): the link tables' rows of
    the new rows replaced, the other mentions of the touched people updated, the ids written
    back, the batches noted as linked; returns the other rows whose person, match method or
    probability changed."""
    tables, where = rows
    run = int(wh.scalar("SELECT max(run_id) FROM link_run") or 0)
    if any(local.touched_records(wh, ROWS)):
        done.how = "local"
        done.scored = local.score(wh, config)
    with wh.transaction():
        if done.how == "local":
            local.relink(wh, config, run)
        else:
            wh.execute(
                f"CREATE OR REPLACE TEMP TABLE {local.LOCAL} (uid VARCHAR, person_id VARCHAR, "
                "method VARCHAR, probability DOUBLE)"
            )
        _new_mentions(wh, run)
        log_changes(wh, run)
        changed = {
            (str(t), str(r))
            for t, r in wh.rows(
                f"""SELECT n.table_name, n.record_id FROM _link_new n JOIN person_mention o
                USING (table_name, record_id, role) WHERE (o.person_id <> n.person_id
                OR o.method IS DISTINCT FROM n.method
                OR o.match_probability IS DISTINCT FROM n.match_probability)
                AND NOT EXISTS (SELECT 1 FROM {ROWS} x
                    WHERE x.table_name = n.table_name AND x.record_id = n.record_id)"""
            )
        }
        wh.execute(
            f"DELETE FROM person_mention p WHERE EXISTS (SELECT 1 FROM {ROWS} r "
            "WHERE r.table_name = p.table_name AND r.record_id = p.record_id) "
            f"OR p.uid IN (SELECT uid FROM {local.LOCAL})"
        )
        wh.execute("INSERT INTO person_mention SELECT * FROM _link_new")
        write_back(wh, tables, where)
        for table in sorted({t for t, _ in changed}):
            ids = ", ".join(
                "'" + r.replace("'", "''") + "'" for t, r in sorted(changed) if t == table
            )
            write_back(wh, [table], f"t.record_id IN ({ids})")
        cover_batches(wh, run, batches, done.how)
    return changed


def _new_mentions(wh: Warehouse, run: int) -> None:
    """``_link_new``: the new mentions with their node's person (as clustered again, or as
    held), and the other mentions of the nodes clustered again."""
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE _link_new AS
        WITH held AS (
            SELECT uid, any_value(person_id) AS person_id, any_value(method) AS method,
                any_value(match_probability) AS probability
            FROM person_mention SEMI JOIN {records.ENRICHED} USING (uid)
            WHERE uid NOT IN (SELECT uid FROM {local.LOCAL}) GROUP BY uid
        ), node AS (SELECT * FROM held UNION ALL SELECT * FROM {local.LOCAL})
        SELECT e.table_name, e.record_id, e.role, k.person_id, k.method,
            k.probability AS match_probability, e.uid, e.mention_hash, {run} AS run_id
        FROM {records.ENRICHED} e JOIN node k USING (uid)
        UNION ALL
        SELECT p.table_name, p.record_id, p.role, k.person_id, k.method, k.probability,
            p.uid, p.mention_hash, p.run_id
        FROM person_mention p JOIN {local.LOCAL} k USING (uid)
        WHERE NOT EXISTS (SELECT 1 FROM {ROWS} r
                          WHERE r.table_name = p.table_name AND r.record_id = p.record_id)"""
    )


def _full(wh: Warehouse, config: LinkConfig, console: Console) -> set[tuple[str, str]]:
    """The full linker; the rows whose person or organisation it changed."""
    kept = "SELECT table_name, record_id, role, {0} FROM {1}"
    for name, source, value in (
        ("_lk_was_p", "person_mention", "person_id"),
        ("_lk_was_o", "org_mention", "org_id"),
    ):
        wh.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {kept.format(value, source)}")
    link_warehouse(wh, config=config, console=console)
    changed: set[tuple[str, str]] = set()
    for name, source, value in (
        ("_lk_was_p", "person_mention", "person_id"),
        ("_lk_was_o", "org_mention", "org_id"),
    ):
        now = kept.format(value, source)
        rows = wh.rows(
            f"(({now}) EXCEPT (SELECT * FROM {name})) UNION ((SELECT * FROM {name}) EXCEPT ({now}))"
        )
        changed.update((str(r[0]), str(r[1])) for r in rows)
        wh.execute(f"DROP TABLE {name}")
    return changed


def _drop(wh: Warehouse) -> None:
    made = (records.MENTIONS, records.ENRICHED, ROWS, ORGS, "_link_new")
    records.drop_temp(wh, (*made, *local.TEMPS))
