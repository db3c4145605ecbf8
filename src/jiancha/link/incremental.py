"""Linking the mentions of newly imported rows, as a full ``jiancha link`` would link them.

The intake worker calls :func:`link_new` before it evaluates the models (issue 16: "the
linking of new mentions included"). Nothing is done on a warehouse never linked (the models
then read the raw id numbers). Otherwise the mentions of the rows stored by the import
batches the link tables do not cover yet (``link_batch``) are linked in one of two ways:

- **Assigned** to the people they already belong to, when that is provably what a full run
  gives: a full run's result (who each node is, by which method, with what probability) is
  a function of the *set* of distinct (uid, mention_hash) of the mentions — Splink scores the
  records built from that set, the clustering and the ids are drawn from the scores, the
  review decisions and the ids already given — and a run on an unchanged set gives every
  node the id it has (the ids are kept from run to run). So when every new mention's
  (uid, mention_hash) is already held, every one of the replaced rows' old mentions is still
  held by another mention, no review decision or link setting is newer than the last run,
  and no organisation mention is among the rows (organisations are keyed over all their
  mentions' names), each new mention gets its uid's person_id, method and probability.
  This is the common case of intake: records of people already known, with the same id
  number, name and contact details.
- Otherwise the **full linker** runs (``link_warehouse``): a new person, a new spelling, a
  mention without a valid id number, a mention whose address or phone is new. Its result is
  the full run's by definition; the mentions of *other* rows whose person or organisation
  changed are reported, so that the models reading their tables are evaluated too. Should
  the worker be killed before it evaluates, that report is lost: a linker run no evaluation
  has seen (``link_batch.how = 'run'``) makes every table with people changed instead
  (:func:`relinked_unseen`).

tests/intake/test_incremental.py checks, over random batch sequences of linked people, that
the link tables and the clues equal those of ``jiancha link`` then ``jiancha run``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import pyarrow as pa

from jiancha.console import Console
from jiancha.link import records
from jiancha.link.config import LinkConfig
from jiancha.link.linker import cover_batches, link_warehouse, log_changes
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
MOVED = "_lk_moved"  # the new mentions of known people with a content not held
OTHERS = "_lk_others"  # those people's mentions in other rows


@dataclass
class IncrementalLink:
    """What :func:`link_new` did."""

    batches: tuple[int, ...]
    mentions: int = 0  # mentions of the new rows
    full: str | None = None  # why the full linker ran (None: the mentions were assigned)
    run_id: int | None = None  # the full linker's run
    # rows outside the new batches whose linked ids the full linker changed
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
        _assign(wh, batches, tables, where)
    else:
        console.info(f"新入库记录需要完整的人员关联：{done.full}")
        done.changed_rows = _full(wh, config, console)
        done.run_id = int(wh.scalar("SELECT max(run_id) FROM link_run") or 0)
    _drop(wh)
    return done


def relinked_unseen(wh: Warehouse, batches: Sequence[int], done: IncrementalLink | None) -> bool:
    """Whether a linker run other than ``done``'s covered one of ``batches`` (import batches
    no clue run has seen): the worker was killed between that run and the evaluation, or
    ``jiancha link`` ran meanwhile, and which rows' people it changed is not known — every
    table with people or organisations is then to be taken as changed."""
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
    return bool(runs - {done.run_id if done is not None else None})


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
    """Why the new mentions cannot be assigned (the full linker must run), or None."""
    last = wh.one("SELECT started_at, config FROM link_run ORDER BY run_id DESC LIMIT 1")
    if last is None or not wh.scalar("SELECT count(*) FROM link_batch"):
        return "此前的关联未记录所覆盖的导入批次"
    if last[1] != json.dumps(config.model_dump()):
        return "关联参数已修改"
    decided = wh.scalar("SELECT max(decided_at) FROM link_decision")
    if decided is not None and decided >= last[0]:
        return "有尚未应用的人工复核决定"
    if collect_org_mentions(wh, ORGS, tables, where) or wh.scalar(
        f"SELECT count(*) FROM org_mention SEMI JOIN {ROWS} USING (table_name, record_id)"
    ):
        return "涉及单位"
    unknown = wh.scalar(
        f"SELECT count(*) FROM {records.ENRICHED} e WHERE NOT EXISTS "
        "(SELECT 1 FROM person_mention p WHERE p.uid = e.uid AND (p.mention_hash = e.mention_hash "
        "OR e.valid_id IS NOT NULL))"
    )
    if unknown:
        return f"{unknown} 条人员记录（身份证号、姓名或联系方式）此前未出现过"
    # an old mention of a replaced row whose (uid, mention_hash) nothing else holds now
    gone = wh.scalar(
        f"""SELECT count(*) FROM person_mention o SEMI JOIN {ROWS} USING (table_name, record_id)
        WHERE NOT EXISTS (SELECT 1 FROM {records.ENRICHED} e
                          WHERE e.uid = o.uid AND e.mention_hash = o.mention_hash)
          AND NOT EXISTS (SELECT 1 FROM person_mention k
                          WHERE k.uid = o.uid AND k.mention_hash = o.mention_hash
                            AND NOT EXISTS (SELECT 1 FROM {ROWS} r WHERE
                                r.table_name = k.table_name AND r.record_id = k.record_id))"""
    )
    if gone:
        return f"{gone} 条被替换的人员记录不再出现"
    moved = _profiles_moved(wh, tables)
    if moved:
        return f"{moved} 名已知人员的住址或电话有新的取值"
    return None


def _profiles_moved(wh: Warehouse, tables: Sequence[str]) -> int:
    """How many known people with a valid id number the new mentions give a Splink profile
    other than the one the last run compared (its address and phone: the greatest
    normalised value among the person's mentions; the rest is the uid's own).

    A new mention of such a person may differ from those held in what the profile does not
    keep (a birth date or gender column beside the id number, a lesser address): the profile,
    and so every score and the clustering, is then the last run's. No old mention is gone
    (checked before), so the old profile is the greatest over the old contents, which the
    mentions of the person's other rows and the new mentions of held contents still carry."""
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE {MOVED} AS
        SELECT e.uid, e.address_n, e.phone_n,
            EXISTS (SELECT 1 FROM person_mention p
                    WHERE p.uid = e.uid AND p.mention_hash = e.mention_hash) AS held
        FROM {records.ENRICHED} e WHERE e.valid_id IS NOT NULL AND e.uid IN (
            SELECT uid FROM {records.ENRICHED} e2 ANTI JOIN person_mention USING (uid, mention_hash)
            WHERE e2.valid_id IS NOT NULL)"""
    )
    if not wh.scalar(f"SELECT count(*) FROM {MOVED}"):
        return 0
    _other_mentions(wh, tables)
    return int(
        wh.scalar(
            f"""WITH everything AS (
                SELECT uid, address_n, phone_n, held FROM {MOVED}
                UNION ALL SELECT uid, address_n, phone_n, TRUE FROM {OTHERS}
            )
            SELECT count(*) FROM (
                SELECT uid FROM everything GROUP BY uid
                HAVING max(address_n) IS DISTINCT FROM max(address_n) FILTER (held)
                    OR max(phone_n) IS DISTINCT FROM max(phone_n) FILTER (held)
            )"""
        )
        or 0
    )


def _other_mentions(wh: Warehouse, tables: Sequence[str]) -> None:
    """The normalised address and phone of the mentions, outside the new rows, of the people
    in ``_lk_moved``, into ``_lk_others`` (uid, address_n, phone_n)."""
    from jiancha.link import normalise as nz

    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE {OTHERS}_rows AS
        SELECT DISTINCT p.table_name, p.record_id, p.role, p.uid FROM person_mention p
        WHERE p.uid IN (SELECT uid FROM {MOVED}) AND NOT EXISTS (SELECT 1 FROM {ROWS} r
            WHERE r.table_name = p.table_name AND r.record_id = p.record_id)"""
    )
    held = sorted({str(r[0]) for r in wh.rows(f"SELECT DISTINCT table_name FROM {OTHERS}_rows")})
    where = f"t.record_id IN (SELECT record_id FROM {OTHERS}_rows)"
    collect_person_mentions(wh, f"{OTHERS}_raw", held, where)
    found = wh.rows(
        f"SELECT o.uid, m.address, m.phone FROM {OTHERS}_raw m JOIN {OTHERS}_rows o "
        "USING (table_name, record_id, role)"
    )
    arrow = pa.table(
        {
            "uid": pa.array([r[0] for r in found], pa.string()),
            "address_n": pa.array([nz.normalise_address(r[1]) for r in found], pa.string()),
            "phone_n": pa.array([nz.normalise_phone(r[2]) for r in found], pa.string()),
        }
    )
    with wh.registered(f"{OTHERS}_arrow", arrow):
        wh.execute(f"CREATE OR REPLACE TEMP TABLE {OTHERS} AS SELECT * FROM {OTHERS}_arrow")


def _assign(wh: Warehouse, batches: Sequence[int], tables: Sequence[str], where: str) -> None:
    """Each new mention gets its uid's person: the link tables' rows of the new rows
    replaced, their ids written back, the batches noted as linked."""
    run = int(wh.scalar("SELECT max(run_id) FROM link_run") or 0)
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE _link_new AS
        WITH known AS (
            SELECT uid, any_value(person_id) AS person_id, any_value(method) AS method,
                any_value(match_probability) AS match_probability
            FROM person_mention SEMI JOIN {records.ENRICHED} USING (uid) GROUP BY uid
        )
        SELECT e.table_name, e.record_id, e.role, k.person_id, k.method, k.match_probability,
            e.uid, e.mention_hash, {run} AS run_id
        FROM {records.ENRICHED} e JOIN known k USING (uid)"""
    )
    with wh.transaction():
        log_changes(wh, run)
        wh.execute(
            f"DELETE FROM person_mention p WHERE EXISTS (SELECT 1 FROM {ROWS} r "
            "WHERE r.table_name = p.table_name AND r.record_id = p.record_id)"
        )
        wh.execute("INSERT INTO person_mention SELECT * FROM _link_new")
        write_back(wh, tables, where)
        cover_batches(wh, run, batches, "assigned")


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
    made = (records.MENTIONS, records.ENRICHED, ROWS, ORGS, MOVED, OTHERS, "_link_new")
    records.drop_temp(wh, (*made, f"{OTHERS}_rows", f"{OTHERS}_raw"))
