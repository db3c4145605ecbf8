"""``jiancha link``: every person and organisation mention gets a stable id.

1. Collect the mentions the contract declares; normalise names, dates, phones, addresses.
2. Valid id numbers link deterministically. Mentions without one are scored by Splink
   against the profiles of the valid-id people and against each other (skipped when the
   mentions are unchanged since the last run: the stored pairs are reused), with the prior
   and the names' frequencies the first run drew (:mod:`jiancha.link.params`); the records
   compared are kept (``link_record``) for the intake worker's local linking.
3. Pairs are clustered under constraints (:mod:`jiancha.link.cluster`) and review decisions.
4. Ids are kept: a valid id number keeps its person_id for ever (``link_person``); a cluster
   without one reuses the id most of its mentions had. Every mention whose id changes gets a
   ``link_change`` row with the reason.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import pyarrow as pa

from jiancha.console import Console
from jiancha.link import orgs, records
from jiancha.link import params as frozen_params
from jiancha.link.cluster import Clustering, Edge, cluster
from jiancha.link.config import FIELD_LABELS, LinkConfig
from jiancha.link.mentions import collect_person_mentions
from jiancha.link.params import Frozen
from jiancha.link.score import SCORED, score_pairs
from jiancha.link.store import ensure_link_tables, write_back
from jiancha.warehouse import Warehouse

ASSIGNED = "_link_assigned"
TRAINED_TF = "_link_tf_trained"
# the records the last run compared (profiles and mentions without a valid id), kept for the
# intake worker's linking of new records (jiancha.link.incremental)
RECORD_TABLE = "link_record"


@dataclass
class LinkReport:
    run_id: int
    mentions: int = 0
    persons: int = 0
    deterministic: int = 0
    probabilistic: int = 0
    singletons: int = 0
    pairs: int = 0
    review: int = 0
    changes: int = 0
    orgs: int = 0
    rescored: bool = True
    trained: bool = False  # the prior and the names' frequencies drawn from this run's data
    notes: list[str] = field(default_factory=list)


def link_warehouse(
    wh: Warehouse,
    *,
    config: LinkConfig | None = None,
    console: Console,
    scorer: Warehouse | None = None,
    retrain: bool = False,
) -> LinkReport:
    """Link every mention of the warehouse on ``wh``; see the module docstring.

    ``scorer``: another engine (Spark) that scores the candidate pairs with Splink;
    ``retrain``: draw the prior and the names' frequencies from the data again
    (:mod:`jiancha.link.params`; the first run with records to compare does anyway)."""
    with wh.purpose("人员关联"):
        return _link(wh, config or LinkConfig(), console, scorer, retrain)


def _link(
    wh: Warehouse,
    config: LinkConfig,
    console: Console,
    scorer: Warehouse | None = None,
    retrain: bool = False,
) -> LinkReport:
    wh.require("temp_tables", "关联人员")
    ensure_link_tables(wh)
    started = datetime.now()
    run_id = _next_run(wh)
    report = LinkReport(run_id)
    report.mentions = collect_person_mentions(wh, records.MENTIONS)
    console.info(f"收集到 {report.mentions} 条人员记录")
    records.enrich(wh)
    n = records.build_records(wh)
    params = _params(wh, run_id, retrain)
    report.trained = params is not None and params.trained_run == run_id
    fingerprint = _fingerprint(wh) + ":" + config.model_dump_json() + f":{params}"
    report.rescored = fingerprint != _last_fingerprint(wh) or not _has_pairs(wh)
    if report.rescored and params is not None:
        tf_table = TRAINED_TF if report.trained else frozen_params.TF_NAME
        prior = frozen_params.prior(config, params)
        report.pairs = _score(wh, config, (prior, tf_table), n, console, scorer)
    elif report.rescored:
        wh.execute(f"CREATE OR REPLACE TEMP TABLE {SCORED} AS {_empty_pairs()}")
    else:
        report.pairs = _reuse_pairs(wh)
        console.info("人员记录未变化，沿用上次的候选对评分")
    clustering = _cluster(wh, config)
    new_persons = _assign(wh, clustering, run_id)
    # Everything the run stores, new person ids included, in one transaction: a run killed
    # part-way leaves nothing behind, and the next run gives the ids a clean run gives.
    with wh.transaction():
        if report.trained and params is not None:
            frozen_params.store(wh, params, TRAINED_TF)
        wh.execute(f"CREATE OR REPLACE TABLE {RECORD_TABLE} AS SELECT * FROM {records.RECORDS}")
        insert_persons(wh, new_persons)
        report.changes = _record_changes(wh, run_id)
        _replace_results(wh, clustering, run_id)
        report.orgs = orgs.link_orgs(wh, run_id)
        write_back(wh)
        cover_batches(wh, run_id)
        _fill_counts(wh, report)
        _log_run(wh, report, started, fingerprint, config)
    _drop_temp(wh)
    console.info(
        f"链接完成：{report.persons} 人（确定性 {report.deterministic}，概率 "
        f"{report.probabilistic}），待复核 {report.review} 对，变更 {report.changes} 条"
    )
    return report


def cover_batches(
    wh: Warehouse, run_id: int, batches: Sequence[int] | None = None, how: str = "run"
) -> None:
    """Note the import batches whose mentions the link tables now hold (default: all), and
    how: by a run of the linker, or ``assigned`` (:mod:`jiancha.link.incremental`)."""
    listed = (
        "SELECT batch_id FROM _import_batch"
        if batches is None
        else f"SELECT unnest([{', '.join(str(int(b)) for b in batches)}]::INTEGER[])"
    )
    wh.execute(
        f"INSERT INTO link_batch SELECT batch_id, ?, ? FROM ({listed}) b(batch_id) "
        "WHERE batch_id NOT IN (SELECT batch_id FROM link_batch)",
        [run_id, how],
    )


def _next_run(wh: Warehouse) -> int:
    row = wh.one("SELECT coalesce(max(run_id), 0) + 1 FROM link_run")
    return int(row[0]) if row else 1


def _fingerprint(wh: Warehouse) -> str:
    row = wh.one(f"SELECT count(*), bit_xor(hash(uid, mention_hash)) FROM {records.ENRICHED}")
    return f"{row[0]}:{row[1]}" if row else "0:0"


def _last_fingerprint(wh: Warehouse) -> str | None:
    row = wh.one("SELECT fingerprint FROM link_run ORDER BY run_id DESC LIMIT 1")
    return str(row[0]) if row else None


def _has_pairs(wh: Warehouse) -> bool:
    row = wh.one("SELECT count(*) FROM link_run")
    return bool(row and row[0])


def _params(wh: Warehouse, run_id: int, retrain: bool) -> Frozen | None:
    """The stored parameters; drawn from this run's records (into ``_link_tf_trained``,
    stored with the run) when asked or when none are stored; None while there is no record
    to compare."""
    stored = frozen_params.frozen(wh)
    if stored is not None and not retrain:
        return stored
    count, prior = frozen_params.train(wh, records.RECORDS, TRAINED_TF)
    if not count:
        return stored
    return Frozen(run_id, count, prior)


def _score(
    wh: Warehouse,
    config: LinkConfig,
    params: tuple[float, str],
    n: int,
    console: Console,
    scorer: Warehouse | None = None,
) -> int:
    """``params``: the prior, and the table of the names' frequencies."""
    unresolved = wh.scalar(f"SELECT count(*) FROM {records.RECORDS} WHERE anchor IS NULL")
    if not unresolved:
        wh.execute(f"CREATE OR REPLACE TEMP TABLE {SCORED} AS {_empty_pairs()}")
        return 0
    console.info(f"概率链接：{unresolved} 条无有效身份证号的记录，共 {n} 条比对记录")
    prior, tf_table = params
    return score_pairs(wh, config, prior, scorer=scorer, tf_table=tf_table)


def pair_columns() -> str:
    return "uid_l, uid_r, match_probability, match_weight, " + ", ".join(
        f"w_{f}" for f in FIELD_LABELS
    )


def _empty_pairs() -> str:
    return f"SELECT {pair_columns()} FROM link_pair WHERE FALSE"


def _reuse_pairs(wh: Warehouse) -> int:
    wh.execute(f"CREATE OR REPLACE TEMP TABLE {SCORED} AS SELECT {pair_columns()} FROM link_pair")
    row = wh.one(f"SELECT count(*) FROM {SCORED}")
    return int(row[0]) if row else 0


def _cluster(wh: Warehouse, config: LinkConfig) -> Clustering:
    nodes = wh.rows(f"SELECT DISTINCT uid, valid_id FROM {records.ENRICHED}")
    anchors = {str(uid): valid for uid, valid in nodes}
    edges = [
        Edge(str(a), str(b), float(p))
        for a, b, p in wh.rows(f"SELECT uid_l, uid_r, match_probability FROM {SCORED}")
    ]
    return cluster(anchors, edges, decisions(wh), accept=config.accept)


def decisions(wh: Warehouse) -> dict[tuple[str, str], bool]:
    """The latest review decision of every pair."""
    rows = wh.rows(
        "SELECT uid_l, uid_r, arg_max(match, decided_at) FROM link_decision GROUP BY ALL"
    )
    return {(str(a), str(b)): bool(m) for a, b, m in rows}


def _assign(
    wh: Warehouse, clustering: Clustering, run_id: int
) -> list[tuple[str, str | None, int]]:
    """person_id, method and probability of every node, into the temp table ``_link_assigned``;
    returns the new ``link_person`` rows (stored later, with the rest of the run)."""
    members: dict[str, list[str]] = {}
    for uid, root in clustering.root.items():
        members.setdefault(root, []).append(uid)
    anchors = dict(wh.rows(f"SELECT uid, valid_id FROM {records.ENRICHED}"))
    ids, new_persons = ids_for_clusters(wh, members, anchors, run_id)
    rows: dict[str, list[object]] = {"uid": [], "person_id": [], "method": [], "probability": []}
    for root, uids in members.items():
        for uid in uids:
            method, probability = node_method(uid, anchors.get(uid), clustering)
            rows["uid"].append(uid)
            rows["person_id"].append(ids[root])
            rows["method"].append(method)
            rows["probability"].append(probability)
    arrow = pa.table(
        {
            "uid": pa.array(rows["uid"], pa.string()),
            "person_id": pa.array(rows["person_id"], pa.string()),
            "method": pa.array(rows["method"], pa.string()),
            "probability": pa.array(rows["probability"], pa.float64()),
        }
    )
    with wh.registered("_link_assigned_arrow", arrow):
        wh.execute(f"CREATE OR REPLACE TEMP TABLE {ASSIGNED} AS SELECT * FROM _link_assigned_arrow")
    return new_persons


def insert_persons(wh: Warehouse, rows: list[tuple[str, str | None, int]]) -> None:
    """New ``link_person`` rows in one set-based insert."""
    if not rows:
        return
    arrow = pa.table(
        {
            "person_id": pa.array([r[0] for r in rows], pa.string()),
            "anchor_id": pa.array([r[1] for r in rows], pa.string()),
            "created_run": pa.array([r[2] for r in rows], pa.int32()),
        }
    )
    with wh.registered("_link_person_arrow", arrow):
        wh.execute("INSERT INTO link_person SELECT * FROM _link_person_arrow")


def node_method(uid: str, anchor: str | None, clustering: Clustering) -> tuple[str, float | None]:
    if anchor is not None:
        return "deterministic", None
    attached = clustering.attached.get(uid)
    if attached is None:
        return "singleton", None
    probability, method = attached
    return method, probability


def ids_for_clusters(
    wh: Warehouse,
    members: dict[str, list[str]],
    anchors: dict[str, str | None],
    run_id: int,
    scope: str | None = None,
) -> tuple[dict[str, str], list[tuple[str, str | None, int]]]:
    """The person id of every cluster (by its root), and the new ``link_person`` rows.

    ``scope``: a table of the clusters' uids (``uid``), when they are not all the nodes
    (:mod:`jiancha.link.incremental`): only their ids are read."""
    anchored, unanchored = "anchor_id IS NOT NULL", "anchor_id IS NULL"
    if scope is not None:
        anchored += f" AND anchor_id IN (SELECT anchor FROM {RECORD_TABLE} r SEMI JOIN {scope} s "
        anchored += "ON r.unique_id = s.uid)"
        unanchored += f" AND person_id IN (SELECT person_id FROM person_mention SEMI JOIN {scope} "
        unanchored += "USING (uid))"
    registry = dict(wh.rows(f"SELECT anchor_id, person_id FROM link_person WHERE {anchored}"))
    free = {str(r[0]) for r in wh.rows(f"SELECT person_id FROM link_person WHERE {unanchored}")}
    previous = _previous_ids(wh, scope)
    counter = _Counter(wh)
    ids: dict[str, str] = {}
    new_rows: list[tuple[str, str | None, int]] = []
    order = sorted(members, key=lambda r: (-len(members[r]), min(members[r])))
    for root in order:
        anchor = next((anchors[u] for u in members[root] if anchors.get(u)), None)
        if anchor is not None:
            if anchor not in registry:
                registry[anchor] = counter.next()
                new_rows.append((registry[anchor], anchor, run_id))
            ids[root] = registry[anchor]
            continue
        votes = Counter(previous[u] for u in members[root] if previous.get(u) in free)
        if votes:
            reused = min(votes, key=lambda pid: (-votes[pid], pid))
            free.discard(reused)
            ids[root] = reused
        else:
            ids[root] = counter.next()
            new_rows.append((ids[root], None, run_id))
    return ids, new_rows


def _previous_ids(wh: Warehouse, scope: str | None = None) -> dict[str, str]:
    within = f" SEMI JOIN {scope} USING (uid)" if scope is not None else ""
    rows = wh.rows(f"SELECT uid, any_value(person_id) FROM person_mention{within} GROUP BY uid")
    return {str(u): str(p) for u, p in rows}


class _Counter:
    """New person ids ``P00000001`` …, after the highest one ever given."""

    def __init__(self, wh: Warehouse) -> None:
        row = wh.one(
            "SELECT coalesce(max(CAST(substr(person_id, 2) AS BIGINT)), 0) FROM link_person"
        )
        self.last = int(row[0]) if row else 0

    def next(self) -> str:
        self.last += 1
        return f"P{self.last:08d}"


_REASONS = (
    ("o.mention_hash IS DISTINCT FROM n.mention_hash", "记录内容已变更（姓名、身份证号等）"),
    ("n.method = 'review' OR o.method = 'review'", "人工复核决定"),
    (
        "o.person_id IN (SELECT person_id FROM link_person WHERE anchor_id IS NULL) "
        "AND n.person_id IN (SELECT person_id FROM link_person WHERE anchor_id IS NOT NULL)",
        "与持有有效身份证号的人员关联",
    ),
    ("TRUE", "新数据改变了关联结果"),
)


def _new_mentions_sql(run_id: int) -> str:
    return (
        "SELECT e.table_name, e.record_id, e.role, a.person_id, a.method, "
        f"a.probability AS match_probability, e.uid, e.mention_hash, {run_id} AS run_id "
        f"FROM {records.ENRICHED} e JOIN {ASSIGNED} a USING (uid)"
    )


def _record_changes(wh: Warehouse, run_id: int) -> int:
    wh.execute(f"CREATE OR REPLACE TEMP TABLE _link_new AS {_new_mentions_sql(run_id)}")
    log_changes(wh, run_id)
    row = wh.one("SELECT count(*) FROM link_change WHERE run_id = ?", [run_id])
    return int(row[0]) if row else 0


def log_changes(wh: Warehouse, run_id: int) -> None:
    """``link_change`` rows of the mentions in ``_link_new`` whose person_id is not the one
    ``person_mention`` gives them, with the reason."""
    reason = "CASE " + " ".join(f"WHEN {c} THEN '{r}'" for c, r in _REASONS) + " END"
    wh.execute(
        f"INSERT INTO link_change SELECT {run_id}, n.table_name, n.record_id, n.role, "
        f"o.person_id, n.person_id, {reason} FROM _link_new n JOIN person_mention o "
        "USING (table_name, record_id, role) WHERE o.person_id <> n.person_id"
    )


def _replace_results(wh: Warehouse, clustering: Clustering, run_id: int) -> None:
    wh.execute("DELETE FROM person_mention")
    wh.execute("INSERT INTO person_mention SELECT * FROM _link_new")
    status = [(a, b, s) for (a, b), s in clustering.status.items()]
    arrow = pa.table(
        {
            "uid_l": pa.array([s[0] for s in status], pa.string()),
            "uid_r": pa.array([s[1] for s in status], pa.string()),
            "status": pa.array([s[2] for s in status], pa.string()),
        }
    )
    wh.execute("DELETE FROM link_pair")
    with wh.registered("_link_status_arrow", arrow):
        wh.execute(
            f"INSERT INTO link_pair SELECT {pair_columns()}, coalesce(s.status, 'settled'), "
            f"{run_id} FROM {SCORED} LEFT JOIN _link_status_arrow s USING (uid_l, uid_r)"
        )


def _fill_counts(wh: Warehouse, report: LinkReport) -> None:
    row = wh.one(
        "SELECT count(DISTINCT person_id), count(*) FILTER (method = 'deterministic'), "
        "count(*) FILTER (method IN ('probabilistic', 'review')), "
        "count(*) FILTER (method = 'singleton') FROM person_mention"
    )
    if row:
        report.persons, report.deterministic, report.probabilistic, report.singletons = (
            int(x) for x in row
        )
    review = wh.one("SELECT count(*) FROM link_pair WHERE status = 'review'")
    report.review = int(review[0]) if review else 0


def _log_run(
    wh: Warehouse,
    report: LinkReport,
    started: datetime,
    fingerprint: str,
    config: LinkConfig,
) -> None:
    wh.execute(
        "INSERT INTO link_run VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            report.run_id,
            started,
            datetime.now(),
            report.mentions,
            report.persons,
            report.pairs,
            report.review,
            report.changes,
            report.orgs,
            report.rescored,
            fingerprint,
            json.dumps(config.model_dump()),
        ],
    )


def _drop_temp(wh: Warehouse) -> None:
    names = (records.MENTIONS, records.ENRICHED, records.RECORDS, SCORED, ASSIGNED, TRAINED_TF)
    records.drop_temp(wh, (*names, "_link_new"))
