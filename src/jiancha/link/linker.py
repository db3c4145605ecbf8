"""``jiancha link``: every person and organisation mention gets a stable id.

1. Collect the mentions the contract declares; normalise names, dates, phones, addresses.
2. Valid id numbers link deterministically. Mentions without one are scored by Splink
   against the profiles of the valid-id people and against each other (skipped when the
   mentions are unchanged since the last run: the stored pairs are reused).
3. Pairs are clustered under constraints (:mod:`jiancha.link.cluster`) and review decisions.
4. Ids are kept: a valid id number keeps its person_id for ever (``link_person``); a cluster
   without one reuses the id most of its mentions had. Every mention whose id changes gets a
   ``link_change`` row with the reason.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import pyarrow as pa

from jiancha.console import Console
from jiancha.link import orgs, records
from jiancha.link.cluster import Clustering, Edge, cluster
from jiancha.link.config import FIELD_LABELS, LinkConfig
from jiancha.link.mentions import collect_person_mentions, register
from jiancha.link.score import SCORED, score_pairs
from jiancha.link.store import ensure_link_tables, write_back

ASSIGNED = "_link_assigned"


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
    notes: list[str] = field(default_factory=list)


def link_warehouse(
    con: duckdb.DuckDBPyConnection, *, config: LinkConfig | None = None, console: Console
) -> LinkReport:
    """Link every mention of the warehouse on ``con``; see the module docstring."""
    config = config or LinkConfig()
    ensure_link_tables(con)
    started = datetime.now()
    run_id = _next_run(con)
    report = LinkReport(run_id)
    report.mentions = collect_person_mentions(con, records.MENTIONS)
    console.info(f"收集到 {report.mentions} 条人员记录")
    records.enrich(con)
    fingerprint = _fingerprint(con) + ":" + config.model_dump_json()
    report.rescored = fingerprint != _last_fingerprint(con) or not _has_pairs(con)
    if report.rescored:
        report.pairs = _score(con, config, console)
    else:
        report.pairs = _reuse_pairs(con)
        console.info("人员记录未变化，沿用上次的候选对评分")
    clustering = _cluster(con, config)
    _assign(con, clustering, run_id)
    con.execute("BEGIN TRANSACTION")
    try:
        report.changes = _record_changes(con, run_id)
        _replace_results(con, clustering, run_id)
        report.orgs = orgs.link_orgs(con, run_id)
        write_back(con)
        _fill_counts(con, report)
        _log_run(con, report, started, fingerprint, config)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    _drop_temp(con)
    console.info(
        f"链接完成：{report.persons} 人（确定性 {report.deterministic}，概率 "
        f"{report.probabilistic}），待复核 {report.review} 对，变更 {report.changes} 条"
    )
    return report


def _next_run(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM link_run").fetchone()
    return int(row[0]) if row else 1


def _fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute(
        f"SELECT count(*), bit_xor(hash(uid, mention_hash)) FROM {records.ENRICHED}"
    ).fetchone()
    return f"{row[0]}:{row[1]}" if row else "0:0"


def _last_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("SELECT fingerprint FROM link_run ORDER BY run_id DESC LIMIT 1").fetchone()
    return str(row[0]) if row else None


def _has_pairs(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("SELECT count(*) FROM link_run").fetchone()
    return bool(row and row[0])


def _score(con: duckdb.DuckDBPyConnection, config: LinkConfig, console: Console) -> int:
    n = records.build_records(con)
    unresolved = con.execute(f"SELECT count(*) FROM {records.RECORDS} WHERE anchor IS NULL")
    row = unresolved.fetchone()
    if not row or not row[0]:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {SCORED} AS {_empty_pairs()}")
        return 0
    console.info(f"概率链接：{row[0]} 条无有效身份证号的记录，共 {n} 条比对记录")
    return score_pairs(con, config, n)


def _pair_columns() -> str:
    return "uid_l, uid_r, match_probability, match_weight, " + ", ".join(
        f"w_{f}" for f in FIELD_LABELS
    )


def _empty_pairs() -> str:
    return f"SELECT {_pair_columns()} FROM link_pair WHERE FALSE"


def _reuse_pairs(con: duckdb.DuckDBPyConnection) -> int:
    con.execute(f"CREATE OR REPLACE TEMP TABLE {SCORED} AS SELECT {_pair_columns()} FROM link_pair")
    row = con.execute(f"SELECT count(*) FROM {SCORED}").fetchone()
    return int(row[0]) if row else 0


def _cluster(con: duckdb.DuckDBPyConnection, config: LinkConfig) -> Clustering:
    nodes = con.execute(f"SELECT DISTINCT uid, valid_id FROM {records.ENRICHED}").fetchall()
    anchors = {str(uid): valid for uid, valid in nodes}
    edges = [
        Edge(str(a), str(b), float(p))
        for a, b, p in con.execute(
            f"SELECT uid_l, uid_r, match_probability FROM {SCORED}"
        ).fetchall()
    ]
    return cluster(anchors, edges, decisions(con), accept=config.accept)


def decisions(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], bool]:
    """The latest review decision of every pair."""
    rows = con.execute(
        "SELECT uid_l, uid_r, arg_max(match, decided_at) FROM link_decision GROUP BY ALL"
    ).fetchall()
    return {(str(a), str(b)): bool(m) for a, b, m in rows}


def _assign(con: duckdb.DuckDBPyConnection, clustering: Clustering, run_id: int) -> None:
    """person_id, method and probability of every node, into the temp table ``_link_assigned``."""
    members: dict[str, list[str]] = {}
    for uid, root in clustering.root.items():
        members.setdefault(root, []).append(uid)
    anchors = dict(con.execute(f"SELECT uid, valid_id FROM {records.ENRICHED}").fetchall())
    ids = _ids_for_clusters(con, members, anchors, run_id)
    rows: dict[str, list[object]] = {"uid": [], "person_id": [], "method": [], "probability": []}
    for root, uids in members.items():
        for uid in uids:
            method, probability = _method(uid, anchors.get(uid), clustering)
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
    register(con, "_link_assigned_arrow", arrow)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {ASSIGNED} AS SELECT * FROM _link_assigned_arrow")
    con.unregister("_link_assigned_arrow")


def _method(uid: str, anchor: str | None, clustering: Clustering) -> tuple[str, float | None]:
    if anchor is not None:
        return "deterministic", None
    attached = clustering.attached.get(uid)
    if attached is None:
        return "singleton", None
    probability, method = attached
    return method, probability


def _ids_for_clusters(
    con: duckdb.DuckDBPyConnection,
    members: dict[str, list[str]],
    anchors: dict[str, str | None],
    run_id: int,
) -> dict[str, str]:
    registry = dict(
        con.execute(
            "SELECT anchor_id, person_id FROM link_person WHERE anchor_id IS NOT NULL"
        ).fetchall()
    )
    free = {
        str(r[0])
        for r in con.execute("SELECT person_id FROM link_person WHERE anchor_id IS NULL").fetchall()
    }
    previous = _previous_ids(con)
    counter = _Counter(con)
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
    if new_rows:
        con.executemany("INSERT INTO link_person VALUES (?, ?, ?)", new_rows)
    return ids


def _previous_ids(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = con.execute("SELECT uid, any_value(person_id) FROM person_mention GROUP BY uid")
    return {str(u): str(p) for u, p in rows.fetchall()}


class _Counter:
    """New person ids ``P00000001`` …, after the highest one ever given."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        row = con.execute(
            "SELECT coalesce(max(CAST(substr(person_id, 2) AS BIGINT)), 0) FROM link_person"
        ).fetchone()
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


def _record_changes(con: duckdb.DuckDBPyConnection, run_id: int) -> int:
    reason = "CASE " + " ".join(f"WHEN {c} THEN '{r}'" for c, r in _REASONS) + " END"
    con.execute(f"CREATE OR REPLACE TEMP TABLE _link_new AS {_new_mentions_sql(run_id)}")
    con.execute(
        f"INSERT INTO link_change SELECT {run_id}, n.table_name, n.record_id, n.role, "
        f"o.person_id, n.person_id, {reason} FROM _link_new n JOIN person_mention o "
        "USING (table_name, record_id, role) WHERE o.person_id <> n.person_id"
    )
    row = con.execute("SELECT count(*) FROM link_change WHERE run_id = ?", [run_id]).fetchone()
    return int(row[0]) if row else 0


def _replace_results(con: duckdb.DuckDBPyConnection, clustering: Clustering, run_id: int) -> None:
    con.execute("DELETE FROM person_mention")
    con.execute("INSERT INTO person_mention SELECT * FROM _link_new")
    status = [(a, b, s) for (a, b), s in clustering.status.items()]
    arrow = pa.table(
        {
            "uid_l": pa.array([s[0] for s in status], pa.string()),
            "uid_r": pa.array([s[1] for s in status], pa.string()),
            "status": pa.array([s[2] for s in status], pa.string()),
        }
    )
    register(con, "_link_status_arrow", arrow)
    con.execute("DELETE FROM link_pair")
    con.execute(
        f"INSERT INTO link_pair SELECT {_pair_columns()}, coalesce(s.status, 'settled'), "
        f"{run_id} FROM {SCORED} LEFT JOIN _link_status_arrow s USING (uid_l, uid_r)"
    )
    con.unregister("_link_status_arrow")


def _fill_counts(con: duckdb.DuckDBPyConnection, report: LinkReport) -> None:
    row = con.execute(
        "SELECT count(DISTINCT person_id), count(*) FILTER (method = 'deterministic'), "
        "count(*) FILTER (method IN ('probabilistic', 'review')), "
        "count(*) FILTER (method = 'singleton') FROM person_mention"
    ).fetchone()
    if row:
        report.persons, report.deterministic, report.probabilistic, report.singletons = (
            int(x) for x in row
        )
    review = con.execute("SELECT count(*) FROM link_pair WHERE status = 'review'").fetchone()
    report.review = int(review[0]) if review else 0


def _log_run(
    con: duckdb.DuckDBPyConnection,
    report: LinkReport,
    started: datetime,
    fingerprint: str,
    config: LinkConfig,
) -> None:
    con.execute(
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


def _drop_temp(con: duckdb.DuckDBPyConnection) -> None:
    for name in (
        records.MENTIONS,
        records.ENRICHED,
        records.RECORDS,
        SCORED,
        ASSIGNED,
        "_link_new",
        "_lk_name",
        "_lk_address",
        "_lk_phone",
        "_lk_badid",
    ):
        con.execute(f"DROP TABLE IF EXISTS temp.{name}")
