"""The full linker's result for new mentions, computed on the part of the graph they touch.

With the parameters frozen (:mod:`jiancha.link.params`), a full run is a function of the
records it compares (``link_record``), the review decisions and the ids already given:

- a pair's score is a function of its two records, so the pairs of the records the new
  mentions leave unchanged are the stored ones (``link_pair``), and only the pairs with a
  new or changed record are to be scored: Splink's ``predict`` with the same settings and
  blocking rules, on those records and the records the rules pair them with, keeping the
  pairs with a new side;
- the clustering (:func:`jiancha.link.cluster.cluster`) of a connected component of the
  graph of pairs, decisions and shared id numbers depends on that component alone, and
  every old cluster lies wholly inside or wholly outside the components touched (its links
  not through a changed record are still there); so the touched components are clustered
  again and every other node keeps its person, method and probability;
- the ids are drawn as the full run draws them (:func:`ids_for_clusters`, largest cluster
  first): an untouched cluster reuses its own id, which no touched cluster can claim (none
  of its nodes had it), and only touched clusters take new ids, in the full run's order.

A profile (a valid id number under one spelling of the name) compares the greatest address
and phone of its mentions; a new mention of it can only raise them, so its record is the
stored one with the new mentions' values added. A replaced row's old mention of a known
person that nothing else still holds might lower them: :mod:`jiancha.link.incremental`
leaves that case to the full linker.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from jiancha.link import params as frozen_params
from jiancha.link import records
from jiancha.link.cluster import Clustering, Edge, cluster
from jiancha.link.config import BLOCKING_RULES, NOT_BOTH_ANCHORED, LinkConfig
from jiancha.link.linker import (
    RECORD_TABLE,
    decisions,
    ids_for_clusters,
    insert_persons,
    node_method,
    pair_columns,
)
from jiancha.link.score import SCORED, score_pairs
from jiancha.warehouse import Warehouse

SOURCE = "_lk_source"  # the new mentions, and the stored profiles they add to
NEW = "_lk_new_records"  # the records of the new mentions' nodes, as a full run builds them
CHANGED = "_lk_changed"  # uid: nodes whose record is new or not the stored one
REMOVED = "_lk_removed"  # uid: nodes no mention is left of
AFFECTED = "_lk_affected"  # uid: the nodes of the components touched
INPUT = "_lk_input"  # the changed records (is_new) and those the blocking rules pair them with
LOCAL = "_lk_assigned"  # uid → person_id, method, probability of the affected nodes
TEMPS = (SOURCE, NEW, CHANGED, REMOVED, AFFECTED, f"{AFFECTED}_next", INPUT, SCORED, LOCAL)


@dataclass
class LocalLink:
    changed: int = 0  # nodes whose record is new or changed
    removed: int = 0
    affected: int = 0
    pairs: int = 0  # pairs scored
    new_persons: list[tuple[str, str | None, int]] | None = None


def touched_records(wh: Warehouse, rows: str) -> tuple[int, int]:
    """The records of the nodes of the new mentions (``_link_enriched``) into ``_lk_new_records``,
    the nodes whose record changed into ``_lk_changed`` and those no mention is left of
    (their mentions were in the replaced ``rows``) into ``_lk_removed``; their counts."""
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE {SOURCE} AS
        SELECT uid, valid_id, name_s, name_py, dob, gender, idn, address_n, phone_n
        FROM {records.ENRICHED}
        UNION ALL
        SELECT unique_id, anchor, name_s, name_py, dob, gender, idn, address_n, phone_n
        FROM {RECORD_TABLE} WHERE anchor IS NOT NULL
            AND unique_id IN (SELECT uid FROM {records.ENRICHED})"""
    )
    records.build_records(wh, SOURCE, NEW)
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE {CHANGED} AS SELECT unique_id AS uid FROM (
            SELECT * FROM {NEW} EXCEPT SELECT * FROM {RECORD_TABLE})"""
    )
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE {REMOVED} AS
        SELECT DISTINCT p.uid FROM person_mention p SEMI JOIN {rows} USING (table_name, record_id)
        WHERE p.uid NOT IN (SELECT uid FROM {records.ENRICHED})
          AND NOT EXISTS (SELECT 1 FROM person_mention k WHERE k.uid = p.uid AND NOT EXISTS (
              SELECT 1 FROM {rows} r
              WHERE r.table_name = k.table_name AND r.record_id = k.record_id))"""
    )
    return _count(wh, CHANGED), _count(wh, REMOVED)


def relink(wh: Warehouse, config: LinkConfig, run_id: int) -> LocalLink:
    """Update ``link_record`` and ``link_pair`` with the changed records and their pairs
    (:func:`score`), and cluster the touched components again: their nodes' person, method
    and probability into ``_lk_assigned``. Run inside the caller's transaction."""
    done = LocalLink(_count(wh, CHANGED), _count(wh, REMOVED), pairs=_count(wh, SCORED))
    gone = f"(SELECT uid FROM {CHANGED} UNION ALL SELECT uid FROM {REMOVED})"
    _seeds(wh, gone)
    wh.execute(f"DELETE FROM {RECORD_TABLE} WHERE unique_id IN {gone}")
    wh.execute(
        f"INSERT INTO {RECORD_TABLE} SELECT * FROM {NEW} SEMI JOIN {CHANGED} ON uid = unique_id"
    )
    wh.execute(f"DELETE FROM link_pair WHERE uid_l IN {gone} OR uid_r IN {gone}")
    wh.execute(f"INSERT INTO link_pair SELECT {pair_columns()}, 'settled', {run_id} FROM {SCORED}")
    done.affected = _close(wh)
    clustering, anchors = _cluster(wh, config)
    done.new_persons = _assign(wh, clustering, anchors, run_id)
    _store_status(wh, clustering)
    insert_persons(wh, done.new_persons)
    return done


def _count(wh: Warehouse, table: str) -> int:
    return int(wh.scalar(f"SELECT count(*) FROM {table}") or 0)


def _seeds(wh: Warehouse, gone: str) -> None:
    """The changed nodes and the old neighbours of the changed and removed ones."""
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE {AFFECTED} AS
        SELECT uid FROM {CHANGED}
        UNION SELECT uid_r FROM link_pair WHERE uid_l IN {gone}
        UNION SELECT uid_l FROM link_pair WHERE uid_r IN {gone}"""
    )
    wh.execute(f"DELETE FROM {AFFECTED} WHERE uid IN (SELECT uid FROM {REMOVED})")


def score(wh: Warehouse, config: LinkConfig) -> int:
    """The pairs of the changed records (after :func:`touched_records`), scored as a full run
    scores them, into ``_link_scored``: Splink on the changed records and every other
    record a blocking rule pairs one of them with, keeping the pairs with a changed side."""
    kept = f"{RECORD_TABLE} r WHERE r.unique_id NOT IN (SELECT uid FROM {CHANGED})"
    kept += f" AND r.unique_id NOT IN (SELECT uid FROM {REMOVED})"
    changed = f"{NEW} l SEMI JOIN {CHANGED} c ON c.uid = l.unique_id"
    paired = " UNION ".join(
        f"SELECT r.unique_id FROM {changed} JOIN {RECORD_TABLE} r ON {rule} AND {NOT_BOTH_ANCHORED}"
        for rule in BLOCKING_RULES
    )
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE {INPUT} AS
        SELECT r.*, FALSE AS is_new FROM {kept} AND r.unique_id IN ({paired})
        UNION ALL SELECT l.*, TRUE FROM {changed}"""
    )
    params = frozen_params.frozen(wh)
    if params is None or _count(wh, INPUT) < 2:
        wh.execute(f"CREATE OR REPLACE TEMP TABLE {SCORED} AS SELECT * FROM ({_no_pairs()})")
        return 0
    prior = frozen_params.prior(config, params)
    return score_pairs(wh, config, prior, records=INPUT, only_new=True)


def _no_pairs() -> str:
    return f"SELECT {pair_columns()} FROM link_pair WHERE FALSE"


def _close(wh: Warehouse) -> int:
    """``_lk_affected`` grown to whole components: through pairs, decisions and id numbers."""
    frontier = f"{AFFECTED}_next"
    wh.execute(f"CREATE OR REPLACE TEMP TABLE {frontier} AS SELECT uid FROM {AFFECTED}")
    while _count(wh, frontier):
        wh.execute(
            f"""CREATE OR REPLACE TEMP TABLE {frontier} AS
            SELECT DISTINCT x AS uid FROM (
                SELECT p.uid_r AS x FROM link_pair p JOIN {frontier} f ON p.uid_l = f.uid
                UNION ALL SELECT p.uid_l FROM link_pair p JOIN {frontier} f ON p.uid_r = f.uid
                UNION ALL SELECT d.uid_r FROM link_decision d JOIN {frontier} f ON d.uid_l = f.uid
                UNION ALL SELECT d.uid_l FROM link_decision d JOIN {frontier} f ON d.uid_r = f.uid
                UNION ALL SELECT b.unique_id FROM {RECORD_TABLE} a
                    JOIN {frontier} f ON a.unique_id = f.uid
                    JOIN {RECORD_TABLE} b ON b.anchor = a.anchor
            ) WHERE x NOT IN (SELECT uid FROM {AFFECTED})
                AND x IN (SELECT unique_id FROM {RECORD_TABLE})"""
        )
        wh.execute(f"INSERT INTO {AFFECTED} SELECT uid FROM {frontier}")
    return _count(wh, AFFECTED)


def _cluster(wh: Warehouse, config: LinkConfig) -> tuple[Clustering, dict[str, str | None]]:
    nodes = wh.rows(
        f"SELECT unique_id, anchor FROM {RECORD_TABLE} SEMI JOIN {AFFECTED} ON uid = unique_id"
    )
    anchors = {str(uid): anchor for uid, anchor in nodes}
    edges = [
        Edge(str(a), str(b), float(p))
        for a, b, p in wh.rows(
            f"SELECT uid_l, uid_r, match_probability FROM link_pair "
            f"WHERE uid_l IN (SELECT uid FROM {AFFECTED}) AND uid_r IN (SELECT uid FROM {AFFECTED})"
        )
    ]
    return cluster(anchors, edges, decisions(wh), accept=config.accept), anchors


def _assign(
    wh: Warehouse, clustering: Clustering, anchors: dict[str, str | None], run_id: int
) -> list[tuple[str, str | None, int]]:
    members: dict[str, list[str]] = {}
    for uid, root in clustering.root.items():
        members.setdefault(root, []).append(uid)
    ids, new_persons = ids_for_clusters(wh, members, anchors, run_id, scope=AFFECTED)
    rows: list[tuple[str, str, str, float | None]] = []
    for uid, root in clustering.root.items():
        method, probability = node_method(uid, anchors.get(uid), clustering)
        rows.append((uid, ids[root], method, probability))
    arrow = pa.table(
        {
            "uid": pa.array([r[0] for r in rows], pa.string()),
            "person_id": pa.array([r[1] for r in rows], pa.string()),
            "method": pa.array([r[2] for r in rows], pa.string()),
            "probability": pa.array([r[3] for r in rows], pa.float64()),
        }
    )
    with wh.registered(f"{LOCAL}_arrow", arrow):
        wh.execute(f"CREATE OR REPLACE TEMP TABLE {LOCAL} AS SELECT * FROM {LOCAL}_arrow")
    return new_persons


def _store_status(wh: Warehouse, clustering: Clustering) -> None:
    """The statuses of the touched components' pairs, as the full run stores them."""
    status = list(clustering.status.items())
    arrow = pa.table(
        {
            "uid_l": pa.array([k[0] for k, _ in status], pa.string()),
            "uid_r": pa.array([k[1] for k, _ in status], pa.string()),
            "status": pa.array([v for _, v in status], pa.string()),
        }
    )
    with wh.registered("_lk_status_arrow", arrow):
        wh.execute(
            f"""UPDATE link_pair p SET status = coalesce(
                (SELECT s.status FROM _lk_status_arrow s
                 WHERE s.uid_l = p.uid_l AND s.uid_r = p.uid_r), 'settled')
            WHERE p.uid_l IN (SELECT uid FROM {AFFECTED})
              AND p.uid_r IN (SELECT uid FROM {AFFECTED})"""
        )
