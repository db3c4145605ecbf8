"""A plain-Python reading of MODELS.md, used only to check the generator's ground truth:
every planted anomaly must be found, and nothing else."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from jiancha.models import lawdata
from jiancha.periods import STATE_COUNCIL
from jiancha.synth.codes import add_months

Row = dict[str, Any]
Tables = dict[str, list[Row]]
Key = tuple[str, str]
D = timedelta
MAJOR = ("major_merit", "repentance_and_major_merit")
RULES_FROM = date(2017, 1, 1)  # 法释〔2016〕23号 art. 42
SUPPLEMENT_IN_FORCE = date(2019, 6, 1)  # the 2019 supplement, art. 7
SUPPLEMENT_FROM = date(2015, 11, 1)  # 刑法修正案（九）
VIOLENT_ART7 = ("故意杀人", "强奸", "抢劫", "绑架", "放火", "爆炸", "投放危险物质")
CHAPTER8 = ("贪污", "挪用公款", "贿", "巨额财产来源不明", "隐瞒境外存款", "私分")
ADMIN_THRESHOLDS = {
    "counterfeit_goods": 50000,
    "illegal_business": 50000,
    "tax_evasion": 100000,
    "illegal_mining": 100000,
    "pollution": 300000,
    "theft": 3000,
    "fraud": 5000,
}
ROLES = ("plaintiff", "defendant")
QUANTITY_THRESHOLDS = {"illegal_land_use": 5, "drunk_driving": 80}
NEGLIGENT = {n for c in lawdata.negligent_charges() for n in lawdata.spellings(c)}
SPECIAL = {n for c in lawdata.special_recidivism_charges() for n in lawdata.spellings(c)}
FINE = {n: f for f in lawdata.fine_charges() for n in lawdata.spellings(f.charge)}


def charges(text: str | None) -> list[str]:
    """The charges written in one cell: split at ；;，, and at 、 after 罪, each ending in 罪."""
    out = []
    for part in re.split(r"[；;，,]+|(?<=罪)、", (text or "").replace(" ", "")):
        if part:
            out.append(part if part.endswith("罪") else part + "罪")
    return out


def birth(id_number: str | None) -> date | None:
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))  # type: ignore[index]
    except (TypeError, ValueError):
        return None


def adult_at(born: date, day: date) -> bool:
    """18 from the day after the 18th birthday."""
    return day > add_months(born, 216)


CHARGE_CODES = {
    "盗窃": "theft",
    "诈骗": "fraud",
    "生产、销售伪劣产品": "counterfeit_goods",
    "非法经营": "illegal_business",
    "逃税": "tax_evasion",
    "非法占用农用地": "illegal_land_use",
    "非法采矿": "illegal_mining",
    "污染环境": "pollution",
    "危险驾驶": "drunk_driving",
}


def charge_code(charge: str | None) -> str | None:
    """The violation code of a 罪名 or 案由 (None when unknown, else the text itself)."""
    if not charge:
        return None
    name = charge.strip().removesuffix("罪")
    return CHARGE_CODES.get(name, name)


def birth_of(id_number: str | None) -> date | None:
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))  # type: ignore[index]
    except (TypeError, ValueError):
        return None


def by(
    rows: list[Row], key: str, *, key_fn: Callable[[Row], Any] | None = None
) -> dict[Any, list[Row]]:
    out: dict[Any, list[Row]] = defaultdict(list)
    for r in rows:
        out[key_fn(r) if key_fn else r[key]].append(r)
    return out


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


def _working(day: date) -> date:
    """The end of a period whose last day is ``day`` for a person not in custody (art. 105)."""
    return STATE_COUNCIL.next_working_day(day)


def ids(rows: list[Row], table: str) -> set[Key]:
    return {(table, r["record_id"]) for r in rows}


class Oracle:
    def __init__(self, t: Tables, as_of: date) -> None:
        self.t, self.as_of = t, as_of
        self.events = by(t["procedural_event"], "case_id")
        for evs in self.events.values():
            evs.sort(key=lambda e: (e["at"], e["record_id"]))

    def run(self) -> dict[str, set[Key]]:
        return {name.replace("__", "."): fn() for name, fn in self._models().items()}

    def _models(self) -> dict[str, Callable[[], set[Key]]]:
        return {n[3:]: getattr(self, n) for n in dir(self) if n.startswith("m__")}

    # filing ------------------------------------------------------------------------------
    def m__filing__report_undecided(self) -> set[Key]:
        return ids(
            [
                r
                for r in self.t["case_report"]
                if r["case_kind"] == "criminal"
                and r["decision"] in (None, "pending")
                and self.as_of > _working(r["received_at"] + D(30))
            ],
            "case_report",
        )

    def m__filing__not_filed_above_threshold(self) -> set[Key]:
        limits = {"盗窃": 3000, "诈骗": 5000}

        def liable(r: Row) -> bool:
            """刑法 17: 16 from the day after the 16th birthday; the act a year before the
            report when its date is not recorded; no birth date, no exception."""
            birth = birth_of(r["suspect_id_number"])
            act = r["offense_at"] or r["received_at"] - D(365)
            return birth is None or act > add_months(birth, 16 * 12)

        return ids(
            [
                r
                for r in self.t["case_report"]
                if r["decision"] == "not_filed"
                and r["offense"] in limits
                and (r["amount_yuan"] or 0) >= limits[r["offense"]]
                and liable(r)
            ],
            "case_report",
        )

    def m__filing__long_pending_case(self) -> set[Key]:
        idle = add_months(self.as_of, -12)
        measures = by(self.t["coercive_measure"], "case_id")
        reports = by(self.t["case_report"], "case_id")
        hits = []
        for c in self.t["criminal_case"]:
            if c["status"] != "investigating" or c["filed_at"] >= add_months(self.as_of, -24):
                continue
            evs = self.events.get(c["record_id"], [])
            ms = [m for m in measures.get(c["record_id"], []) if m["start_at"] <= self.as_of]
            named = any(e["name"] or e["id_number"] for e in evs) or any(
                r["suspect_name"] or r["suspect_id_number"] for r in reports.get(c["record_id"], [])
            )
            if not ms and not named:
                continue  # an unsolved case: nobody to keep waiting
            last_event = max((e["at"] for e in evs), default=None)
            last_measure = max((m["start_at"] for m in ms), default=None)
            quiet = (last_event is None or last_event < idle) and (
                last_measure is None or last_measure < idle
            )
            ended = [m["end_at"] for m in ms if m["end_at"] and m["end_at"] <= self.as_of]
            lapsed = bool(ms) and len(ended) == len(ms)
            lapsed = lapsed and (last_event is None or last_event < max(ended))
            if quiet or lapsed:
                hits.append(c)
        return ids(hits, "criminal_case")

    def m__filing__non_prosecution_without_admin_penalty(self) -> set[Key]:
        pen = by([p for p in self.t["admin_penalty"] if p["party_id_number"]], "party_id_number")
        return ids(
            [
                e
                for e in self.t["procedural_event"]
                if e["event"] == "non_prosecution"
                and e["detail"] == "discretionary"
                and not any(
                    e["at"] <= p["decided_at"] <= e["at"] + D(90)
                    for p in pen.get(e["id_number"], [])
                )
            ],
            "procedural_event",
        )

    def m__filing__admin_case_not_transferred(self) -> set[Key]:
        def meets(p: Row) -> bool:
            v = p["violation"]
            if v in QUANTITY_THRESHOLDS:
                return (p["quantity"] or 0) >= QUANTITY_THRESHOLDS[v]
            return v in ADMIN_THRESHOLDS and (p["amount_yuan"] or 0) >= ADMIN_THRESHOLDS[v]

        proceedings = self._criminal_proceedings()
        penalties = self.t["admin_penalty"]
        tax_by_party = by(
            [p for p in penalties if p["violation"] == "tax_evasion"],
            "party_key",
            key_fn=lambda p: p["org_code"] or p["party_id_number"],
        )
        convictions = [
            j
            for j in self.t["judgment"]
            if charge_code(j["charge"]) == "tax_evasion" and j["penalty"] != "exempt"
        ]

        def same_conduct(p: Row) -> bool:
            org = p["party_type"] == "org" or p["org_code"]
            return any(
                (who == p["party_id_number"] or (org and who == p["party_name"]))
                and code in (p["violation"], None)
                and start - D(365) <= p["decided_at"] <= end + D(365)
                for who, code, start, end in proceedings
            )

        def tax_crime(p: Row) -> bool:
            if not p["tax_due_yuan"] or p["amount_yuan"] < 0.1 * p["tax_due_yuan"]:
                return False
            since = add_months(p["decided_at"], -60)
            party = p["org_code"] or p["party_id_number"]
            priors = [
                q
                for q in tax_by_party.get(party, [])
                if q is not p and since <= q["decided_at"] < p["decided_at"]
            ]
            convicted = any(
                j["defendant_id_number"] == p["party_id_number"]
                and since <= (j["effective_at"] or j["decided_at"]) < p["decided_at"]
                for j in convictions
            )
            return p["remedied"] is False or len(priors) >= 2 or convicted

        return ids(
            [
                p
                for p in penalties
                if meets(p)
                and not p["transferred_at"]
                and not same_conduct(p)
                and (p["violation"] != "tax_evasion" or tax_crime(p))
            ],
            "admin_penalty",
        )

    def _criminal_proceedings(self) -> list[tuple[str, str | None, date, date]]:
        """(id number or name, offence code, from, to) of every criminal record of a person."""
        cases = {c["record_id"]: c for c in self.t["criminal_case"]}

        def case_code(case_id: str) -> str | None:
            case = cases.get(case_id)
            return charge_code(case["charge"]) if case else None

        out: list[tuple[str, str | None, date, date]] = []

        def add(
            id_number: str | None, name: str | None, code: str | None, a: date, b: date
        ) -> None:
            for who in (id_number, name):
                if who:
                    out.append((who, code, a, b))

        for j in self.t["judgment"]:
            start, end = j["offense_at"] or j["decided_at"], j["effective_at"] or j["decided_at"]
            add(j["defendant_id_number"], j["defendant_name"], charge_code(j["charge"]), start, end)
        for e in self.t["procedural_event"]:
            add(e["id_number"], e["name"], case_code(e["case_id"]), e["at"], e["at"])
        for m in self.t["coercive_measure"]:
            end = m["end_at"] or m["start_at"]
            add(m["id_number"], m["name"], case_code(m["case_id"]), m["start_at"], end)
        for r in self.t["case_report"]:
            if r["case_kind"] == "criminal" and r["decision"] == "filed":
                end = r["decided_at"] or r["received_at"]
                code = charge_code(r["offense"])
                add(r["suspect_id_number"], r["suspect_name"], code, r["received_at"], end)
        return out

    # custody -----------------------------------------------------------------------------
    def _lasted(self, m: Row) -> int:
        return ((m["end_at"] or self.as_of) - m["start_at"]).days

    def m__custody__detention_overdue(self) -> set[Key]:
        return ids(
            [
                m
                for m in self.t["coercive_measure"]
                if m["measure"] == "detention"
                and self._lasted(m)
                > (37 if m["extended_30_days"] else 10 + min(4, _or(m.get("extension_days"), 4)))
            ],
            "coercive_measure",
        )

    def m__custody__investigation_overdue(self) -> set[Key]:
        ext = by(self.t["custody_extension"], "measure_id")
        hits = []
        for m in self.t["coercive_measure"]:
            if m["measure"] != "arrest":
                continue
            transfers = [
                e["at"]
                for e in self.events.get(m["case_id"], [])
                if e["event"] == "transfer_for_prosecution" and e["at"] >= m["start_at"]
            ]
            end = transfers[0] if transfers else self.as_of
            months = 2 + sum(x["months"] for x in ext.get(m["record_id"], []))
            if end > add_months(m["start_at"], months):
                hits.append(m)
        return ids(hits, "coercive_measure")

    def m__custody__bail_overdue(self) -> set[Key]:
        return ids(
            [
                m
                for m in self.t["coercive_measure"]
                if m["measure"] == "bail"
                and (m["end_at"] or self.as_of) > _working(add_months(m["start_at"], 12))
            ],
            "coercive_measure",
        )

    def m__custody__surveillance_overdue(self) -> set[Key]:
        kinds = ("residential_surveillance", "designated_residence")
        return ids(
            [
                m
                for m in self.t["coercive_measure"]
                if m["measure"] in kinds
                and (m["end_at"] or self.as_of) > _working(add_months(m["start_at"], 6))
            ],
            "coercive_measure",
        )

    def m__custody__prosecution_review_overdue(self) -> set[Key]:
        speedy = {j["case_id"]: j for j in self.t["judgment"] if j.get("procedure") == "speedy"}
        custody = by(
            [m for m in self.t["coercive_measure"] if m["measure"] in ("detention", "arrest")],
            "case_id",
        )
        hits = []
        for case_id, evs in self.events.items():
            for t in (e for e in evs if e["event"] == "transfer_for_prosecution"):
                after = [e for e in evs if e["at"] >= t["at"] and e is not t]
                ends = [
                    e
                    for e in after
                    if e["event"] in ("indictment", "non_prosecution", "returned_for_investigation")
                    or (e["event"] == "transfer_for_prosecution" and e["at"] > t["at"])
                ]
                end = ends[0]["at"] if ends else self.as_of
                ext = any(e["event"] == "prosecution_extension" and e["at"] <= end for e in after)
                if case_id in speedy:
                    term = speedy[case_id]["term_months"]
                    last = t["at"] + D(15 if term is None or term > 12 else 10)
                else:
                    last = add_months(t["at"], 1) + D(15 if ext else 0)
                held = any(
                    m["start_at"] <= last and (m["end_at"] is None or m["end_at"] >= last)
                    for m in custody.get(case_id, [])
                )
                if end > (last if held else _working(last)):
                    hits.append(t)
        return ids(hits, "procedural_event")

    def m__custody__too_many_returns(self) -> set[Key]:
        return {
            ("criminal_case", c)
            for c, evs in self.events.items()
            if sum(e["event"] == "returned_for_investigation" for e in evs) > 2
        }

    def m__trial__first_instance_overdue(self) -> set[Key]:
        judgments = by(self.t["judgment"], "case_id")
        hits = []
        for case_id, evs in self.events.items():
            for f in (e for e in evs if e["event"] == "first_instance_filed"):
                done = [
                    e["at"]
                    for e in evs
                    if e["event"] == "first_instance_judgment" and f["at"] <= e["at"] <= self.as_of
                ]
                end = done[0] if done else self.as_of
                within = [e for e in evs if f["at"] <= e["at"] <= end]
                restart = [
                    e["at"] for e in within if e["event"] == "trial_supplementary_investigation"
                ]
                start = max(restart) if restart else f["at"]
                extensions = sum(e["event"] == "trial_extension" for e in within)
                js = judgments.get(case_id, [])
                procs = {j["procedure"] or "ordinary" for j in js}
                term = max(
                    (
                        999
                        if j["penalty"] in ("life", "death") or j["term_months"] is None
                        else j["term_months"]
                        for j in js
                    ),
                    default=999,
                )
                proc = (
                    "speedy"
                    if js and procs == {"speedy"}
                    else "summary"
                    if js and procs <= {"speedy", "summary"}
                    else "ordinary"
                )
                paused = 0
                for sus in (e for e in evs if e["event"] == "trial_suspended"):
                    if start <= sus["at"] < end:
                        back = [
                            e["at"]
                            for e in evs
                            if e["event"] == "trial_resumed" and e["at"] >= sus["at"]
                        ]
                        paused += (min(min(back) if back else end, end) - sus["at"]).days
                if proc == "ordinary":
                    deadline = add_months(start, 3 + 3 * extensions)
                else:
                    if proc == "speedy":
                        base = start + D(15 if term > 12 else 10)
                    else:
                        base = add_months(start, 1) + D(15) if term > 36 else start + D(20)
                    deadline = add_months(base, 3 * extensions)
                if end > deadline + D(paused):
                    hits.append(f)
        return ids(hits, "procedural_event")

    # trial -------------------------------------------------------------------------------
    def _executed(self, p: Row) -> date | None:
        """The end of the prison sentence: the release, or the end of a parole (or medical
        parole) period; None where the leave was revoked."""
        leaves = [
            c
            for c in self.t["execution_change"]
            if c["prisoner_id"] == p["record_id"]
            and c["kind"] in ("parole", "medical_parole")
            and c["ruled_at"] <= self.as_of
        ]
        if not leaves:
            return p["released_at"]
        leave = max(leaves, key=lambda c: c["ruled_at"])
        if self._revoked(p, leave):
            return None
        return self._leave_end(p, leave)

    def _leave_end(self, p: Row, leave: Row) -> date | None:
        ends = [
            c["end_at"]
            for c in self.t["community_correction"]
            if c["id_number"] == p["id_number"]
            and c["kind"] == leave["kind"]
            and leave["ruled_at"] <= c["start_at"] <= leave["ruled_at"] + D(90)
            and c["end_at"]
        ]
        if ends:
            return max(ends)
        if not p["term_end"]:
            return None
        cut = sum(
            c["reduction_months"] or 0
            for c in self._commutations().get(p["record_id"], [])
            if c["ruled_at"] <= leave["ruled_at"]
        )
        return add_months(p["term_end"] + D(1), -cut) - D(1)

    def _revoked(self, p: Row, leave: Row) -> bool:
        revoked = any(
            c["prisoner_id"] == p["record_id"]
            and c["kind"] == "revocation"
            and leave["ruled_at"] <= c["ruled_at"] <= self.as_of
            for c in self.t["execution_change"]
        )
        return revoked or any(
            c["id_number"] == p["id_number"]
            and c["kind"] == leave["kind"]
            and c["status"] == "revoked"
            and leave["ruled_at"] <= c["start_at"] <= leave["ruled_at"] + D(90)
            for c in self.t["community_correction"]
        )

    def _recidivism(self, j: Row) -> bool:
        """刑法 65–66: an earlier prison sentence executed before the offence, within five years
        (no limit where both crimes are of art. 66), neither crime negligent nor a minor's."""
        born = birth(j["defendant_id_number"])
        new = charges(j["charge"])
        if not j["offense_at"] or born is None or not adult_at(born, j["offense_at"]):
            return False
        if any(c in NEGLIGENT for c in new):
            return False
        judgments = {x["record_id"]: x for x in self.t["judgment"]}
        for p in self.prisoners_by_id.get(j["defendant_id_number"], []):
            if p["penalty"] not in ("fixed_term", "life", "death", None):
                continue
            if p["judgment_id"] == j["record_id"]:
                continue
            executed = self._executed(p)
            if executed is None or executed >= j["offense_at"]:
                continue
            prior = judgments.get(p["judgment_id"]) or {}
            old = charges(prior.get("charge"))
            if any(c in NEGLIGENT for c in old):
                continue
            committed = prior.get("offense_at") or p["term_start"] or p["admitted_at"]
            if committed and not adult_at(born, committed):
                continue
            special = any(c in SPECIAL for c in old) and any(c in SPECIAL for c in new)
            if special or j["offense_at"] <= add_months(executed, 60):
                return True
        return False

    @property
    def prisoners_by_id(self) -> dict[Any, list[Row]]:
        if not hasattr(self, "_pb"):
            self._pb = by(self.t["prisoner"], "id_number")
        return self._pb

    def _circ(self, j: Row) -> list[str]:
        return (j["circumstances"] or "").split(";")

    def m__trial__probation_for_recidivist(self) -> set[Key]:
        return ids(
            [
                j
                for j in self.t["judgment"]
                if (j["probation_months"] or 0) > 0
                and (
                    "recidivist" in self._circ(j)
                    or (j["penalty"] == "fixed_term" and self._recidivism(j))
                )
            ],
            "judgment",
        )

    def m__trial__recidivism_not_recognised(self) -> set[Key]:
        return ids(
            [
                j
                for j in self.t["judgment"]
                if j["penalty"] in ("fixed_term", "life", "death")
                and "recidivist" not in self._circ(j)
                and self._recidivism(j)
            ],
            "judgment",
        )

    def m__trial__probation_period_invalid(self) -> set[Key]:
        def bad(j: Row) -> bool:
            p, t = j["probation_months"], j["term_months"] or 0
            if not p:
                return False
            if j["penalty"] == "fixed_term":
                return not max(t, 12) <= p <= 60
            return j["penalty"] == "criminal_detention" and not max(t, 2) <= p <= 12

        return ids([j for j in self.t["judgment"] if bad(j)], "judgment")

    def m__trial__mandatory_fine_missing(self) -> set[Key]:
        def missing(j: Row) -> bool:
            if j["penalty"] not in ("fixed_term", "criminal_detention", "surveillance"):
                return False
            if j["fine_yuan"]:
                return False
            law = next((FINE[c] for c in charges(j["charge"]) if c in FINE), None)
            if law is None:
                return False
            return law.penalty == "罚金" or j["confiscation"] is False

        return ids([j for j in self.t["judgment"] if missing(j)], "judgment")

    def m__execution__parole_not_revoked(self) -> set[Key]:
        hits = []
        for c in self.t["execution_change"]:
            if c["kind"] != "parole" or c["ruled_at"] > self.as_of:
                continue
            p = self._prisoner(c["prisoner_id"])
            later = [
                x
                for x in self.t["execution_change"]
                if x["prisoner_id"] == p["record_id"]
                and x["kind"] in ("parole", "medical_parole")
                and c["ruled_at"] < x["ruled_at"] <= self.as_of
            ]
            if later or self._revoked(p, c):
                continue
            end = self._leave_end(p, c)
            left = p["released_at"] or c["ruled_at"]
            if end is None:
                continue
            if any(
                j["offense_at"]
                and left < j["offense_at"] <= end
                and j["decided_at"] <= self.as_of
                and j["record_id"] != p["judgment_id"]
                for j in self.judgments_by_id.get(p["id_number"], [])
            ):
                hits.append(c)
        return ids(hits, "execution_change")

    @property
    def judgments_by_id(self) -> dict[Any, list[Row]]:
        if not hasattr(self, "_jb"):
            self._jb = by(self.t["judgment"], "defendant_id_number")
        return self._jb

    # execution ---------------------------------------------------------------------------
    def m__execution__not_delivered(self) -> set[Key]:
        delivered = {p["judgment_id"] for p in self.t["prisoner"]}
        # the court's own medical parole before delivery (刑诉法 265 ¶5)
        court_parole = by(
            [c for c in self.t["execution_change"] if c["kind"] == "medical_parole"], "id_number"
        )
        measures = by(self.t["coercive_measure"], "case_id")
        hits = []
        for j in self.t["judgment"]:
            if j["penalty"] not in ("fixed_term", "life") or j["probation_months"]:
                continue
            # ten days for the court, a month for the police (刑诉法解释 511, 监狱法 15)
            if not j["effective_at"] or add_months(j["effective_at"] + D(10), 1) >= self.as_of:
                continue
            if j["record_id"] in delivered:
                continue
            if any(
                c["ruled_at"] >= j["decided_at"]
                for c in court_parole.get(j["defendant_id_number"], [])
            ):
                continue
            custody = sum(
                ((m["end_at"] or self.as_of) - m["start_at"]).days
                for m in measures.get(j["case_id"], [])
                if m["measure"] in ("detention", "arrest")
                and m["id_number"] == j["defendant_id_number"]
            )
            if j["term_months"] is not None and j["term_months"] * 30.44 - custody <= 3 * 30.44:
                continue
            hits.append(j)
        return ids(hits, "judgment")

    def _commutations(self) -> dict[str, list[Row]]:
        if hasattr(self, "_com"):
            return self._com
        out = by(
            [c for c in self.t["execution_change"] if c["kind"] == "commutation"], "prisoner_id"
        )
        for rows in out.values():
            rows.sort(key=lambda c: c["ruled_at"])
        self._com: dict[str, list[Row]] = out
        return out

    def _prisoner(self, pid: str) -> Row:
        if not hasattr(self, "_pr"):
            self._pr = {p["record_id"]: p for p in self.t["prisoner"]}
        return self._pr[pid]

    def _judgment(self, jid: str | None) -> Row:
        if not hasattr(self, "_jd"):
            self._jd = {j["record_id"]: j for j in self.t["judgment"]}
        return self._jd.get(jid or "", {})

    def _group(self, p: Row, ruled: date) -> str:
        """法释〔2016〕23号 art. 7 and the 2019 supplement, for a ruling of ``ruled``."""
        j = self._judgment(p["judgment_id"])
        charge = j.get("charge") or ""
        for chapter3 in (
            "对非国家工作人员行贿",
            "非国家工作人员受贿",
            "对外国公职人员、国际公共组织官员行贿",
        ):
            charge = charge.replace(chapter3, "")
        sentenced = j.get("decided_at") or p["term_start"]
        if (
            ruled >= SUPPLEMENT_IN_FORCE
            and p["state_functionary"]
            and sentenced is not None
            and sentenced >= SUPPLEMENT_FROM
            and any(w in charge for w in CHAPTER8)
        ):
            return "supplement"
        if p["crime_category"] in ("duty", "financial", "mafia") or p["recidivist"]:
            return "stricter"
        if (p["original_term_months"] or 0) >= 120 and any(w in charge for w in VIOLENT_ART7):
            return "stricter"
        return "ordinary"

    def _relaxed(self, p: Row) -> bool:
        """Arts. 19-20: juvenile (not 刑法 81 ¶2) or old, ill or disabled."""
        delivered = p["admitted_at"] or p["term_start"]
        born = p["birth_date"]
        juvenile = p["relaxation"] == "juvenile" or (
            born is not None and delivered is not None and delivered <= add_months(born, 216)
        )
        art81 = p["recidivist"] or (
            p["crime_category"] == "violent" and (p["original_term_months"] or 0) >= 120
        )
        return (juvenile and not art81) or p["relaxation"] == "elderly_ill_disabled"

    def _limit(self, start: date, months: int, relaxed: bool) -> date:
        """``months`` after ``start``, at most a third shorter when relaxed."""
        days = (add_months(start, months) - start).days
        return start + D(-(-2 * days // 3) if relaxed else days)

    def _end_after(self, p: Row) -> date | None:
        if p["term_end"]:
            return p["term_end"] + D(1)
        if p["term_start"] and p["original_term_months"]:
            return add_months(p["term_start"], p["original_term_months"])
        return None

    def _judged(self, c: Row) -> bool:
        return c["ruled_at"] >= RULES_FROM and not c["after_retrial"]

    def m__execution__commutation_too_early(self) -> set[Key]:
        hits = []
        for pid, cs in self._commutations().items():
            p = self._prisoner(pid)
            c = min(cs, key=lambda x: (x["applied_at"] or x["ruled_at"], x["ruled_at"]))
            if not self._judged(c) or c["merit"] in MAJOR:
                continue
            effective = self._judgment(p["judgment_id"]).get("effective_at") or p["admitted_at"]
            end = self._end_after(p)
            if effective is None or end is None or add_months(effective, 24) > end:
                continue  # art. 16: possibly under two years left
            term, group = p["original_term_months"], self._group(p, c["ruled_at"])
            if group == "supplement":
                months = 24 if term < 120 else 36
            elif group == "stricter":
                months = 24
            else:
                months = 12 if term < 60 else 18 if term < 120 else 24
            delivered = p["admitted_at"] or p["term_start"]
            if (c["applied_at"] or c["ruled_at"]) < self._limit(
                delivered, months, self._relaxed(p)
            ):
                hits.append(c)
        return ids(hits, "execution_change")

    def m__execution__commutation_interval_too_short(self) -> set[Key]:
        hits = []
        for pid, cs in self._commutations().items():
            p = self._prisoner(pid)
            rulings = {(c["ruled_at"], c["reduction_months"]): c for c in reversed(cs)}
            order = sorted(
                rulings.values(), key=lambda x: (x["applied_at"] or x["ruled_at"], x["ruled_at"])
            )
            for prev, c in zip(order, order[1:], strict=False):
                if not self._judged(c) or c["merit"] in MAJOR:
                    continue
                term, group = p["original_term_months"], self._group(p, c["ruled_at"])
                if group == "supplement":
                    months = 18 if term < 120 else 24
                else:
                    months = 12 if term < 120 else 18
                months = max(months, prev["reduction_months"] or 0)
                since = prev["served_at"] or prev["ruled_at"]
                if (c["applied_at"] or c["ruled_at"]) < self._limit(
                    since, months, self._relaxed(p)
                ):
                    hits.append(c)
        return ids(hits, "execution_change")

    def m__execution__commutation_amount_exceeds_cap(self) -> set[Key]:
        caps = {"repentance": 9, "merit": 9, "repentance_and_merit": 12, "major_merit": 18}
        caps["repentance_and_major_merit"] = 24
        supplement = {"repentance": 6, "merit": 6, "repentance_and_merit": 9}
        supplement |= {"major_merit": 12, "repentance_and_major_merit": 12}
        hits = []
        for pid, cs in self._commutations().items():
            p = self._prisoner(pid)
            for c in cs:
                if not self._judged(c):
                    continue
                group = self._group(p, c["ruled_at"])
                cap = (supplement if group == "supplement" else caps)[c["merit"]]
                if group == "stricter":
                    cap = min(cap, 12)
                if self._relaxed(p):
                    cap = cap * 4 // 3
                if c["reduction_months"] > cap:
                    hits.append(c)
        return ids(hits, "execution_change")

    def _reduction(self, p: Row) -> int:
        """Months reduced: each ruling once, those before a re-ruling after a retrial lapsed."""
        cs = {
            (c["ruled_at"], c["reduction_months"]): c
            for c in self._commutations().get(p["record_id"], [])
        }
        retried = [c["ruled_at"] for c in cs.values() if c["after_retrial"]]
        return sum(
            c["reduction_months"]
            for c in cs.values()
            if not retried or c["after_retrial"] or c["ruled_at"] > min(retried)
        )

    def _effective_end(self, p: Row) -> date | None:
        end = self._end_after(p)
        return None if end is None else add_months(end, -self._reduction(p)) - D(1)

    def m__execution__served_less_than_half(self) -> set[Key]:
        return ids(
            [
                p
                for p in self.t["prisoner"]
                if p["original_term_months"]
                and p["record_id"] in self._commutations()
                and 2 * (p["original_term_months"] - self._reduction(p)) < p["original_term_months"]
            ],
            "prisoner",
        )

    def m__execution__parole_too_soon_after_commutation(self) -> set[Key]:
        coms = self._commutations()
        hits = []
        for c in self.t["execution_change"]:
            if c["kind"] != "parole" or c["ruled_at"] < RULES_FROM:
                continue
            before = [x for x in coms.get(c["prisoner_id"], []) if x["ruled_at"] <= c["ruled_at"]]
            if not before:
                continue
            last, end = before[-1], self._end_after(self._prisoner(c["prisoner_id"]))
            served = last["served_at"] or last["ruled_at"]
            reduced = sum(x["reduction_months"] or 0 for x in before)
            if end is None or add_months(served, 24) > add_months(end, -reduced):
                continue  # art. 28 ¶2: under two years left
            gap = 18 if (last["reduction_months"] or 0) >= 12 else 12
            if (c["applied_at"] or c["ruled_at"]) < add_months(served, gap):
                hits.append(c)
        return ids(hits, "execution_change")

    def m__execution__parole_ineligible(self) -> set[Key]:
        hits = []
        for c in self.t["execution_change"]:
            if c["kind"] != "parole":
                continue
            p = self._prisoner(c["prisoner_id"])
            term = p["original_term_months"]
            half = (c["ruled_at"] - p["term_start"]).days < term * 30.44 / 2
            violent = p["crime_category"] == "violent" and term >= 120
            if half or p["recidivist"] or violent:
                hits.append(c)
        return ids(hits, "execution_change")

    def _period(self, c: Row) -> tuple[date, date | None]:
        """Every period: an active one runs to as_of, an ended one to its end (if known)."""
        if c["status"] == "active":
            return c["start_at"], min(c["end_at"] or self.as_of, self.as_of)
        return c["start_at"], c["end_at"] and min(c["end_at"], self.as_of)

    def _inside(self, c: Row, day: date) -> bool:
        lo, hi = self._period(c)
        return hi is not None and lo <= day <= hi

    def m__execution__medical_parole_employed(self) -> set[Key]:
        jobs = by(
            [
                j
                for j in self.t["employment_record"]
                if (j["contribution_kind"] or ("employer" if j["employer"] else None)) == "employer"
            ],
            "id_number",
        )
        grounds = by(
            [c for c in self.t["execution_change"] if c["kind"] == "medical_parole"], "id_number"
        )
        hits = []
        for c in self.t["community_correction"]:
            if c["kind"] != "medical_parole":
                continue
            ruled = [g for g in grounds.get(c["id_number"], []) if g["ruled_at"] <= c["start_at"]]
            if ruled and max(ruled, key=lambda g: g["ruled_at"])["reason"] == "pregnancy":
                continue
            lo, hi = c["start_at"], min(c["end_at"] or self.as_of, self.as_of)
            if any(
                lo <= date.fromisoformat(j["month"] + "-01") <= hi
                for j in jobs.get(c["id_number"], [])
            ):
                hits.append(c)
        return ids(hits, "community_correction")

    def m__execution__supervised_person_abroad(self) -> set[Key]:
        exits = by([b for b in self.t["border_crossing"] if b["direction"] == "exit"], "id_number")
        return ids(
            [
                c
                for c in self.t["community_correction"]
                if any(self._inside(c, b["crossed_at"]) for b in exits.get(c["id_number"], []))
            ],
            "community_correction",
        )

    def m__execution__deceased_still_supervised(self) -> set[Key]:
        dead: dict[str, date] = {}
        for d in self.t["death_record"]:
            if d["id_number"] and d["died_at"] < self.as_of:
                dead[d["id_number"]] = min(d["died_at"], dead.get(d["id_number"], d["died_at"]))
        corrections = [
            c
            for c in self.t["community_correction"]
            if c["id_number"] in dead
            and ((self.as_of if c["status"] == "active" else c["end_at"]) or date.min)
            > dead[c["id_number"]]
        ]
        rulings = by(self.t["execution_change"], "prisoner_id")
        prisoners = [
            p
            for p in self.t["prisoner"]
            if p["id_number"] in dead
            and (
                (p["admitted_at"] or date.min) > dead[p["id_number"]]
                or (p["released_at"] or date.min) > dead[p["id_number"]]
                or any(
                    c["ruled_at"] > dead[p["id_number"]] for c in rulings.get(p["record_id"], [])
                )
            )
        ]
        return ids(corrections, "community_correction") | ids(prisoners, "prisoner")

    def m__execution__term_expired_not_released(self) -> set[Key]:
        died = by(self.t["death_record"], "id_number")
        hits = []
        for p in self.t["prisoner"]:
            end = self._effective_end(p)
            if p["released_at"] or p["penalty"] == "life" or end is None or self.as_of <= end:
                continue
            if any(d["died_at"] <= end for d in died.get(p["id_number"], [])):
                continue  # died in custody
            hits.append(p)
        return ids(hits, "prisoner")

    def m__execution__supervised_person_detained(self) -> set[Key]:
        ms = by(
            [m for m in self.t["coercive_measure"] if m["measure"] in ("detention", "arrest")],
            "id_number",
        )
        ps = by([p for p in self.t["admin_penalty"] if p["party_id_number"]], "party_id_number")
        hits = []
        for c in self.t["community_correction"]:
            if c["status"] == "revoked":
                continue
            if any(self._inside(c, m["start_at"]) for m in ms.get(c["id_number"], [])) or any(
                self._inside(c, p["decided_at"]) for p in ps.get(c["id_number"], [])
            ):
                hits.append(c)
        return ids(hits, "community_correction")

    def m__execution__medical_parole_without_hospital(self) -> set[Key]:
        stays = by(self.t["hospital_stay"], "id_number")
        return ids(
            [
                c
                for c in self.t["execution_change"]
                if c["kind"] == "medical_parole"
                and c["reason"] == "illness"
                and c["ruled_at"] + D(180) < self.as_of
                and not any(
                    s["admitted_at"] <= c["ruled_at"] + D(180)
                    and (s["discharged_at"] or s["admitted_at"]) >= c["ruled_at"]
                    for s in stays.get(c["id_number"], [])
                )
            ],
            "execution_change",
        )

    # civil, pil, management --------------------------------------------------------------
    def m__civil__false_litigation_cluster(self) -> set[Key]:
        cases = {c["record_id"]: c for c in self.t["civil_case"] if c["cause"] == "民间借贷纠纷"}
        per: dict[str, list[Row]] = defaultdict(list)
        for p in self.t["civil_party"]:
            if p["role"] == "plaintiff" and p["case_id"] in cases:
                per[p["org_code"] or p["id_number"]].append(cases[p["case_id"]])
        hits = set()
        for key, cs in per.items():
            cs.sort(key=lambda c: c["filed_at"])
            for i, first in enumerate(cs):
                window = [c for c in cs[i:] if c["filed_at"] < add_months(first["filed_at"], 12)]
                quick = [
                    c
                    for c in window
                    if c["closing"] in ("mediation", "withdrawal")
                    and c["closed_at"]
                    and (c["closed_at"] - c["filed_at"]).days <= 30
                ]
                if len(window) >= 5 and len(quick) >= 0.6 * len(window):
                    hits.add(("subject", key))
        return hits

    def m__civil__linked_opposing_parties(self) -> set[Key]:
        hits = set()
        for case_id, ps in by(self.t["civil_party"], "case_id").items():
            for a in (p for p in ps if p["role"] == "plaintiff"):
                for b in (p for p in ps if p["role"] == "defendant"):
                    if any(a[f] and a[f] == b[f] for f in ("phone", "address", "agent_name")):
                        hits.add(("civil_case", case_id))
        return hits

    def m__civil__same_firm_both_sides(self) -> set[Key]:
        def firm(p: Row) -> str:
            name = re.sub(r"\s", "", p["agent_firm"] or "")
            return name.replace("(", "（").replace(")", "）")

        hits = set()
        for case_id, ps in by(self.t["civil_party"], "case_id").items():
            sides = {r: {firm(p) for p in ps if p["role"] == r} - {""} for r in ROLES}
            if sides["plaintiff"] & sides["defendant"]:
                hits.add(("civil_case", case_id))
        return hits

    def m__admin__court_enforcement_not_executed(self) -> set[Key]:
        def overdue(p: Row) -> bool:
            start = p["court_enforcement_filed_at"] or p["court_enforcement_ruled_at"]
            if p["court_enforcement_ruling"] != "granted" or start is None:
                return False
            months = 3 + (p["court_enforcement_extended_months"] or 0)
            last = add_months(start, months) + D(p["court_enforcement_excluded_days"] or 0)
            done = [d for d in (p["court_enforcement_closed_at"], p["paid_at"]) if d]
            return _working(last) < self.as_of and not any(d <= self.as_of for d in done)

        return ids([p for p in self.t["admin_penalty"] if overdue(p)], "admin_penalty")

    def m__pil__repeat_violator(self) -> set[Key]:
        per: dict[str, list[date]] = defaultdict(list)
        for p in self.t["admin_penalty"]:
            if p["field"] in ("environment", "food", "drug"):
                per[p["org_code"] or p["party_id_number"]].append(p["decided_at"])
        return {
            ("subject", k)
            for k, ds in per.items()
            if any(sum(d <= x < add_months(d, 12) for x in ds) >= 3 for d in ds)
        }

    def m__management__recommendation_reply_overdue(self) -> set[Key]:
        def limit(r: Row) -> date:
            served, kind = r["served_at"], r["kind"]
            if r.get("reply_days"):
                last = served + D(r["reply_days"])
            elif r["urgent"] and kind in ("recommendation", "pil_pre_litigation"):
                last = served + D(15)
            elif kind in ("recommendation", "pil_pre_litigation"):
                last = add_months(served, 2)
            elif kind == "retrial_recommendation":
                last = add_months(served, 3)
            else:  # a correction notice: fifteen days
                last = served + D(15)
            return _working(last)

        return ids(
            [
                r
                for r in self.t["recommendation"]
                if r["served_at"] and (r["replied_at"] or self.as_of) > limit(r)
            ],
            "recommendation",
        )

    def m__management__petition_reply_overdue(self) -> set[Key]:
        def late(p: Row) -> bool:
            proc = p["procedural_reply_at"] or self.as_of
            res = p["result_reply_at"] or self.as_of
            received = p["received_at"]
            return proc > _working(received + D(7)) or res > _working(add_months(received, 3))

        return ids([p for p in self.t["petition"] if late(p)], "petition")

    def m__management__supervisory_feedback_overdue(self) -> set[Key]:
        return ids(
            [
                s
                for s in self.t["supervisory_transfer"]
                if ((s["feedback_at"] or self.as_of) - s["transferred_at"]).days > 90
            ],
            "supervisory_transfer",
        )

    def m__management__seized_property_not_disposed(self) -> set[Key]:
        eff = {j["case_id"]: j["effective_at"] for j in self.t["judgment"] if j["effective_at"]}
        return ids(
            [
                s
                for s in self.t["seized_property"]
                if s["status"] == "held"
                and s["case_id"] in eff
                and (self.as_of - eff[s["case_id"]]).days > 90
            ],
            "seized_property",
        )


def sentence_outliers(judgments: list[Row], k: int = 20) -> set[Key]:
    """Terms outside [p5, p95] of the same charge (at least ``k`` peers), city-wide."""
    from statistics import quantiles

    hits = set()
    for _charge, js in by([j for j in judgments if j["term_months"]], "charge").items():
        if len(js) < k:
            continue
        cuts = quantiles([j["term_months"] for j in js], n=20, method="inclusive")
        hits |= ids([j for j in js if not cuts[0] <= j["term_months"] <= cuts[-1]], "judgment")
    return hits
