"""Model SQL → runnable DuckDB SQL, and DuckDB SQL → Spark SQL.

Model SQL is written in DuckDB's dialect with two kinds of placeholders:

``${name}``
    a parameter (or the built-in ``as_of``) rendered as a SQL literal: numbers as numbers,
    strings quoted, dates as ``DATE 'YYYY-MM-DD'``, lists as ``('a', 'b')`` for ``IN``.

``${helper(arg, ...)}``
    one of the few helpers below, expanded to SQL text before parsing. Date arithmetic and
    the notion of "the same person" live here, in one place:

    - ``add_months(d, n)`` → the end of a period of ``n`` months from ``d``, counted as
      刑诉法解释 art. 202 ¶1 counts it (:mod:`jiancha.periods`): the same day of the later
      month, its last day when it has no such day (2026-01-31 + 1 = 2026-02-28), and a
      period that starts on a month's last day ends on the later month's last day
      (2026-02-28 + 1 = 2026-03-31). Rendered with ``LAST_DAY`` and month addition, both
      of which Spark has (:func:`to_spark` emits ``ADD_MONTHS``). ``n`` may be any integer
      expression, negative to go back.
    - ``sentence_end(d, n)`` → the last day of a sentence of ``n`` months that starts on
      ``d`` (art. 202 ¶2: to the day before): ``add_months(d, n)`` less one day.
    - ``add_days(d, n)`` → ``CAST(d + INTERVAL (n) DAY AS DATE)`` (Spark: ``DATE_ADD``).
    - ``days_between(a, b)`` → ``date_diff('day', a, b)``, the days from a to b; the first
      day is not counted (刑诉法 art. 105), so a detention from the 1st to the 15th is 14
      days (Spark: ``DATEDIFF(b, a)``).
    - ``next_working_day(d)`` → ``d`` when it is a working day, else the first working day
      after it, from the warehouse's ``work_calendar`` (the project's calendar: 刑诉法 art. 105
      ¶4, a period whose last day is a holiday ends on the next working day). A scalar
      subquery on equality, which Spark runs as a join; a day the table does not cover stays
      as it is. Apply it only where the person is not in custody (the article's exception).
    - ``reply_deadline(kind, served, stated_days, urgent)`` → the last day of the reply period
      of a supervision document from :data:`jiancha.periods.REPLY_PERIODS` (the table the
      casebook's deadlines read): the period the document states, else the urgent period,
      else the kind's months or days (15 days for a kind not listed). Holidays are not
      applied here: wrap it in ``next_working_day``.
    - ``same_person(a, b)`` → the join condition for "the same person" until linking
      lands: equal normalised id_number, NULL or empty never matching. The linking issue
      replaces this one definition (and ``person_key``) with ``person_id``.
    - ``person_key(x)`` → the grouping key of a person or organisation: the trimmed
      id_number / org_code, NULL when empty.
    - ``offense_code(x)`` → the code of an offence written as code, Chinese name or 罪名
      (theft, 盗窃, 盗窃罪 → theft), from the contract's ``violation`` enumeration.
    - ``commutation_group(prisoner, judgment, ruled_at, supplement_from, supplement_in_force)``
      → which commutation rules a prisoner falls under for a ruling of ``ruled_at``
      (supplement / stricter / ordinary), ``commutation_group_label(group)`` its Chinese name,
      and ``commutation_relaxed(prisoner, delivered_at)`` whether arts. 19–20 loosen the
      limits by up to a third: the commutation models share this reading of
      法释〔2016〕23号 arts. 6–7, 19–20 and the 2019 supplement;
      ``commutation_earliest(start, months, relaxed)`` the earliest day of a start or an
      interval (at most a third shorter when relaxed), and ``commutation_reductions(as_of)``
      the months each prisoner's commutations take off (each ruling once; art. 32).
    - ``charge_in(x, list)`` → the first of a judgment's charges ``x`` (several may be written in
      one cell, ``盗窃罪；诈骗罪``) that is on one of the law's lists of
      :mod:`jiancha.models.lawdata` — ``fine`` (the article requires a fine in every bracket),
      ``negligent`` (过失犯罪), ``special`` (刑法 art. 66) — as it is written, or ``''``.
      A selective charge matches by any choice of its acts (贩卖、运输毒品罪).
      ``fine_charges()`` is the ``fine`` list as a table (name, charge, article, penalty).
    - ``unpaid_penalties(a, as_of)`` → the administrative penalties whose fine was not paid
      by ``as_of`` (paid later or never), with every column of ``admin_penalty`` and the
      record id as ``penalty_id``; ``a`` is the alias the model reads it under (``FROM
      ${unpaid_penalties(a, ${as_of})} AS a``), so that ``models check`` sees the conditions
      on ``a`` as conditions on the table. The enforcement models of unpaid fines share it.

Deadlines: every "more than N" is strict, and a deadline model compares the date the act
was done (or ``as_of`` when it was not done by then) with the deadline, so a late act is a
hit as well as a missing one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

PARAM_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
# An innermost helper call: its arguments contain no further placeholder.
HELPER_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\(([^${}]*)\)\}")


class RenderError(ValueError):
    """A placeholder that cannot be rendered; the caller adds the file name."""


def sql_literal(value: Any) -> str:
    """A parameter value as a DuckDB literal."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, list | tuple):
        return "(" + ", ".join(sql_literal(v) for v in value) + ")"
    return "'" + str(value).replace("'", "''") + "'"


def render(sql: str, values: Mapping[str, Any], *, linked: bool = False) -> str:
    """Substitute parameters, then expand helpers (innermost first).

    ``linked``: the warehouse has been through ``jiancha link``, so "the same person" is the
    same ``person_id`` (and organisation ``org_id``) instead of the same id_number.
    """
    helpers = {**HELPERS, **LINKED_HELPERS} if linked else HELPERS

    def expand(match: re.Match[str]) -> str:
        return _expand_helper(match, helpers)

    def param(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise RenderError(f"SQL 使用了未声明的参数 ${{{name}}}")
        return sql_literal(values[name])

    text = PARAM_RE.sub(param, sql)
    while True:
        expanded = HELPER_RE.sub(expand, text)
        if expanded == text:
            break
        text = expanded
    leftover = re.search(r"\$\{[^}]*\}?", text)
    if leftover:
        raise RenderError(f"无法识别的占位符 {leftover.group(0)}")
    return text


def _expand_helper(match: re.Match[str], helpers: Mapping[str, Callable[..., str]]) -> str:
    name, raw = match.group(1), match.group(2)
    helper = helpers.get(name)
    if helper is None:
        known = "、".join(helpers)
        raise RenderError(f"未知的辅助函数 {name}()；可用：{known}")
    args = split_args(raw)
    arity = helper.__code__.co_argcount
    if len(args) != arity:
        raise RenderError(f"辅助函数 {name}() 需要 {arity} 个参数，得到 {len(args)} 个")
    return helper(*args)


def split_args(raw: str) -> list[str]:
    """Split on commas outside parentheses and quotes."""
    args: list[str] = []
    depth, quoted, start = 0, False, 0
    for i, ch in enumerate(raw):
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
        elif not quoted and depth == 0 and ch == ",":
            args.append(raw[start:i].strip())
            start = i + 1
    args.append(raw[start:].strip())
    return [a for a in args if a] if raw.strip() else []


def _add_months(d: str, n: str) -> str:
    later = f"({d}) + INTERVAL ({n}) MONTH"
    return f"CAST(CASE WHEN ({d}) = LAST_DAY({d}) THEN LAST_DAY({later}) ELSE {later} END AS DATE)"


def _sentence_end(d: str, n: str) -> str:
    return _add_days(_add_months(d, n), "-1")


def _add_days(d: str, n: str) -> str:
    return f"CAST(({d}) + INTERVAL ({n}) DAY AS DATE)"


def _days_between(a: str, b: str) -> str:
    return f"date_diff('day', {a}, {b})"


def _next_working_day(d: str) -> str:
    return (
        "COALESCE((SELECT MAX(wc.next_working_day) FROM work_calendar AS wc "
        f"WHERE wc.day = ({d})), ({d}))"
    )


def _reply_deadline(kind: str, served: str, stated_days: str, urgent: str) -> str:
    from jiancha.periods import DEFAULT_REPLY, REPLY_PERIODS

    def usual(period: Any) -> str:
        if period.months:
            return _add_months(served, str(period.months))
        return _add_days(served, str(period.days))

    whens = [f"WHEN ({stated_days}) > 0 THEN {_add_days(served, stated_days)}"]
    for period in REPLY_PERIODS.values():
        if period.urgent_days is not None:
            whens.append(
                f"WHEN ({kind}) = {sql_literal(period.kind)} AND COALESCE({urgent}, FALSE) "
                f"THEN {_add_days(served, str(period.urgent_days))}"
            )
    for period in REPLY_PERIODS.values():
        whens.append(f"WHEN ({kind}) = {sql_literal(period.kind)} THEN {usual(period)}")
    return f"(CASE {' '.join(whens)} ELSE {usual(DEFAULT_REPLY)} END)"


def _same_person(a: str, b: str) -> str:
    return f"({a} = {b} AND TRIM({a}) <> '')"


def _person_key(x: str) -> str:
    return f"NULLIF(TRIM({x}), '')"


def _linked_same_person(a: str, b: str) -> str:
    from jiancha.link import person_column

    return f"({person_column(a)} = {person_column(b)})"


def _linked_person_key(x: str) -> str:
    from jiancha.link import person_column

    return person_column(x)


def _commutation_group(
    prisoner: str, judgment: str, ruled_at: str, supplement_from: str, supplement_in_force: str
) -> str:
    """The commutation rules a fixed-term prisoner falls under for a ruling of ``ruled_at``:

    - ``supplement``: the 2019 supplement (in force from ``supplement_in_force``, 2019-06-01, for
      rulings from that day) covers offenders sentenced under chapter 8 of the criminal law
      (贪污贿赂) after 刑法修正案（九） (``supplement_from``, 2015-11-01) who were state
      functionaries; the sentencing date is the judgment's, or the term's start when unknown
      (custody precedes the judgment), so an unknown date never brings it in;
    - ``stricter``: 法释〔2016〕23号 art. 7 (duty and financial crimes, 涉黑, recidivists, and
      ten years or more for the violent crimes its second paragraph names, by the charge);
      恶势力 (``evil_force``) is not 涉黑, and the old code ``organized`` (涉黑 or 涉恶, unknown
      which) is not stricter;
    - ``ordinary`` otherwise. A NULL charge, category or flag never puts anyone in a stricter
      group."""
    p, j = prisoner, judgment
    # chapter 3's bribery of and by non-state functionaries and foreign officials is not chapter 8
    charge = (
        f"REPLACE(REPLACE(REPLACE({j}.charge, '对非国家工作人员行贿', ''), "
        "'非国家工作人员受贿', ''), '对外国公职人员、国际公共组织官员行贿', '')"
    )
    chapter8 = " OR ".join(
        f"{charge} LIKE '%{word}%'"
        for word in ("贪污", "挪用公款", "贿", "巨额财产来源不明", "隐瞒境外存款", "私分")
    )
    # art. 7 para. 2: the violent crimes it names, sentenced to ten years or more
    violent = " OR ".join(
        f"{j}.charge LIKE '%{word}%'"
        for word in ("故意杀人", "强奸", "抢劫", "绑架", "放火", "爆炸", "投放危险物质")
    )
    return (
        f"(CASE WHEN {ruled_at} >= {supplement_in_force} "
        f"AND COALESCE({p}.state_functionary, FALSE) "
        f"AND COALESCE({j}.decided_at, {p}.term_start) >= {supplement_from} "
        f"AND ({chapter8}) THEN 'supplement' "
        f"WHEN {p}.crime_category IN ('duty', 'financial', 'mafia') "
        f"OR COALESCE({p}.recidivist, FALSE) "
        f"OR ({p}.original_term_months >= 120 AND ({violent})) THEN 'stricter' "
        "ELSE 'ordinary' END)"
    )


def _commutation_group_label(group: str) -> str:
    return (
        f"(CASE {group} WHEN 'supplement' THEN '贪污贿赂（2019年补充规定）' "
        "WHEN 'stricter' THEN '从严（第七条）' ELSE '一般' END)"
    )


def _offense_code(x: str) -> str:
    from jiancha.schema import contract

    codes = contract().table("admin_penalty").column("violation").allowed
    whens = []
    for code, label in codes.items():
        spellings = {code, label, label + "罪", *_CHARGE_NAMES.get(code, ())}
        listed = ", ".join(sql_literal(s) for s in sorted(spellings))
        whens.append(f"WHEN TRIM({x}) IN ({listed}) THEN '{code}'")
    return f"(CASE {' '.join(whens)} ELSE TRIM({x}) END)"


def _commutation_relaxed(prisoner: str, delivered_at: str) -> str:
    """Whether 法释〔2016〕23号 art. 19 or 20 may loosen a prisoner's commutation limits by up
    to one third: recorded as ``relaxation`` (juvenile, or old, seriously ill or disabled and
    unable to care for oneself), or under 18 on the day the term began to be served (a person
    is 18 from the day after the 18th birthday). Art. 19 does not reach the offenders of 刑法
    art. 81 ¶2 (recidivists, violent crimes of ten years or more)."""
    p = prisoner
    eighteen = _add_months(f"{p}.birth_date", "216")
    juvenile = (
        f"(({p}.relaxation = 'juvenile' OR {delivered_at} <= {eighteen})"
        f" AND NOT COALESCE({p}.recidivist, FALSE)"
        f" AND NOT ({p}.crime_category = 'violent' AND {p}.original_term_months >= 120))"
    )
    old = f"{p}.relaxation = 'elderly_ill_disabled'"
    return f"(COALESCE({juvenile}, FALSE) OR COALESCE({old}, FALSE))"


def _commutation_earliest(start: str, months: str, relaxed: str) -> str:
    """The earliest day ``months`` after ``start``; when ``relaxed`` (arts. 19-20) the period
    is shortened by at most a third of its days (rounded so the shortening never exceeds it)."""
    days = _days_between(start, _add_months(start, months))
    return _add_days(
        start, f"(CASE WHEN {relaxed} THEN CAST(CEIL(2 * {days} / 3.0) AS INTEGER) ELSE {days} END)"
    )


def _commutation_reductions(as_of: str) -> str:
    """A derived table of the months each prisoner's commutations ruled by ``as_of`` take off
    (prisoner_id, reduction_months, commutation_ids): a ruling recorded twice (same day, same
    reduction) counts once, and the rulings before a re-ruling after a retrial lapsed
    (法释〔2016〕23号 art. 32)."""
    rulings = (
        "SELECT c.prisoner_id, c.ruled_at, c.reduction_months, MIN(c.record_id) AS record_id, "
        "MAX(CASE WHEN COALESCE(c.after_retrial, FALSE) THEN 1 ELSE 0 END) AS after_retrial "
        "FROM execution_change AS c "
        f"WHERE c.kind = 'commutation' AND c.reduction_months > 0 AND c.ruled_at <= {as_of} "
        "GROUP BY c.prisoner_id, c.ruled_at, c.reduction_months"
    )
    counted = (
        "SELECT r.*, MIN(CASE WHEN r.after_retrial = 1 THEN r.ruled_at END) "
        "OVER (PARTITION BY r.prisoner_id) AS first_re_ruling "
        f"FROM ({rulings}) AS r"
    )
    return (
        "(SELECT k.prisoner_id, SUM(k.reduction_months) AS reduction_months, "
        "array_to_string(list_sort(list(k.record_id)), ';') AS commutation_ids "
        f"FROM ({counted}) AS k "
        "WHERE k.after_retrial = 1 OR k.first_re_ruling IS NULL OR k.ruled_at > k.first_re_ruling "
        "GROUP BY k.prisoner_id)"
    )


# 罪名 spelled as in judgments, beyond "<label>罪".
_CHARGE_NAMES: dict[str, tuple[str, ...]] = {
    "counterfeit_goods": ("生产、销售伪劣产品罪", "生产、销售伪劣产品", "生产销售伪劣产品罪"),
    "drunk_driving": ("醉驾", "醉酒驾驶"),
}


def _charge_key(x: str) -> str:
    """``'|盗窃罪|诈骗罪|'`` from ``盗窃罪；诈骗罪`` (or ``盗窃、诈骗罪``-free lists such as
    ``盗窃罪、诈骗罪`` and ``盗窃，诈骗``): every charge between bars, ending in 罪. A 、 only
    separates charges after 罪, since it also joins the acts of one selective charge."""
    text = f"REGEXP_REPLACE(TRIM(COALESCE({x}, '')), '[ \u3000]', '', 'g')"
    text = f"REGEXP_REPLACE({text}, '罪?[，,；;]+', '罪|', 'g')"
    text = f"REGEXP_REPLACE({text}, '罪、', '罪|', 'g')"
    # '罪$' (never an empty match): Spark replaces every match where DuckDB without 'g'
    # replaces the first, and '罪?$' also matches the empty end after a 罪 on Spark
    return f"('|' || REGEXP_REPLACE({text}, '罪$', '') || '罪|')"


def _law_names(kind: str) -> list[str]:
    from jiancha.models import lawdata

    lists: dict[str, Callable[[], Any]] = {
        "fine": lambda: [c.charge for c in lawdata.fine_charges()],
        "negligent": lawdata.negligent_charges,
        "special": lambda: list(lawdata.special_recidivism_charges()),
    }
    if kind not in lists:
        raise RenderError(f"未知的罪名清单 {kind}；可用：{'、'.join(lists)}")
    return sorted({name for c in lists[kind]() for name in lawdata.spellings(c)})


def _charge_in(x: str, kind: str) -> str:
    names = "|".join(re.escape(n) for n in _law_names(kind.strip("'\"")))
    return f"COALESCE(REGEXP_EXTRACT({_charge_key(x)}, '[|]({names})[|]', 1), '')"


def _fine_charges() -> str:
    from jiancha.models import lawdata

    # a spelling shared by a charge and its former name (生产、销售假药罪) is listed once
    by_name: dict[str, lawdata.FineCharge] = {}
    for c in lawdata.fine_charges():
        for name in lawdata.spellings(c.charge):
            by_name.setdefault(name, c)
    rows = [
        f"({sql_literal(name)}, {sql_literal(c.charge)}, {sql_literal(c.article)}, "
        f"{sql_literal(c.penalty)})"
        for name, c in by_name.items()
    ]
    return f"(SELECT * FROM (VALUES {', '.join(rows)}) AS law(name, charge, article, penalty))"


def _executed_sentences(as_of: str) -> str:
    """Every prison sentence with the day its execution ended (``executed_at``): the release,
    or for a prisoner released on parole (or medical parole, 暂予监外执行) the end of the
    parole period — the term's end after commutations, or the community correction's end
    where it is recorded — since the term runs on outside (刑法 arts. 65, 85). A leave later
    revoked ends on a day no table tells: ``executed_at`` is NULL. Also the leave itself
    (``leave_id``, ``leave_kind``, ``left_at``, ``leave_end``) and ``revoked``; of two leaves
    ruled on one day, the later record's on every engine (a bare date ties)."""
    latest = f"""(SELECT l.prisoner_id, l.leave_id, l.leave_kind, l.ruled_at,
                ${{person_key(q.id_number)}} AS person, q.term_end
            FROM (
                SELECT c.prisoner_id,
                       ARG_MAX(c.record_id, CAST(c.ruled_at AS VARCHAR) || c.record_id)
                           AS leave_id,
                       ARG_MAX(c.kind, CAST(c.ruled_at AS VARCHAR) || c.record_id)
                           AS leave_kind,
                       MAX(c.ruled_at) AS ruled_at
                FROM execution_change AS c
                WHERE c.kind IN ('parole', 'medical_parole') AND c.ruled_at <= {as_of}
                GROUP BY c.prisoner_id
            ) AS l
            JOIN prisoner AS q ON q.record_id = l.prisoner_id)"""
    return f"""(SELECT p.record_id AS prisoner_id, ${{person_key(p.id_number)}} AS person,
        p.penalty AS prior_penalty, p.released_at, p.judgment_id AS prior_judgment_id,
        pj.charge AS prior_charge, COALESCE(pj.offense_at, p.term_start, p.admitted_at)
            AS prior_offense_at,
        lv.leave_id, lv.leave_kind, COALESCE(p.released_at, lv.ruled_at) AS left_at,
        COALESCE(ce.end_at, ${{add_days(${{add_months(${{add_days(lv.term_end, 1)}},
            -COALESCE(cm.cut, 0))}}, -1)}}) AS leave_end,
        rv.prisoner_id IS NOT NULL OR COALESCE(ce.revoked, FALSE) AS revoked,
        CASE WHEN lv.leave_id IS NULL THEN p.released_at
             WHEN rv.prisoner_id IS NULL AND NOT COALESCE(ce.revoked, FALSE)
             -- the term's last day after commutations: months off the day after it
             THEN COALESCE(ce.end_at, ${{add_days(${{add_months(${{add_days(lv.term_end, 1)}},
                 -COALESCE(cm.cut, 0))}}, -1)}})
        END AS executed_at
    FROM prisoner AS p
    LEFT JOIN judgment AS pj ON pj.record_id = p.judgment_id
    LEFT JOIN {latest} AS lv ON lv.prisoner_id = p.record_id
    LEFT JOIN (
        SELECT x.prisoner_id, SUM(m.reduction_months) AS cut
        FROM {latest} AS x
        JOIN execution_change AS m
          ON m.prisoner_id = x.prisoner_id AND m.kind = 'commutation' AND m.ruled_at <= x.ruled_at
        GROUP BY x.prisoner_id
    ) AS cm ON cm.prisoner_id = p.record_id
    LEFT JOIN (
        SELECT x.prisoner_id, MAX(cc.end_at) AS end_at, BOOL_OR(cc.status = 'revoked') AS revoked
        FROM {latest} AS x
        JOIN community_correction AS cc
          ON ${{person_key(cc.id_number)}} = x.person AND cc.kind = x.leave_kind
         AND cc.start_at >= x.ruled_at AND cc.start_at <= ${{add_days(x.ruled_at, 90)}}
        GROUP BY x.prisoner_id
    ) AS ce ON ce.prisoner_id = p.record_id
    LEFT JOIN (
        SELECT DISTINCT x.prisoner_id
        FROM {latest} AS x
        JOIN execution_change AS r
          ON r.prisoner_id = x.prisoner_id AND r.kind = 'revocation'
         AND r.ruled_at >= x.ruled_at AND r.ruled_at <= {as_of}
    ) AS rv ON rv.prisoner_id = p.record_id)"""


def _recidivism_priors(judgments: str, years: str, as_of: str) -> str:
    """The earlier sentences that make each judgment of ``judgments`` (a relation with
    judgment_id, person, offense_at, birth_date, charge) a recidivism (刑法 arts. 65–66):
    the same person's prison sentence (有期徒刑 or heavier), executed before the new offence
    and within ``years`` of it (no limit where both crimes are among art. 66's), neither
    crime negligent nor committed under 18 (a person is 18 from the day after the 18th
    birthday; an unknown birth date never makes a recidivist; an earlier sentence whose
    offence, term and admission dates are all unknown is taken as an adult's, to be checked).
    One row per judgment: judgment_id, prisoner_ids, executed_at, released_at, prior_charge,
    recidivism_kind."""
    adult = "${add_months(b.birth_date, 216)}"
    return f"""(SELECT b.judgment_id,
            array_to_string(list_sort(list(e.prisoner_id)), ';') AS prisoner_ids,
            MAX(e.executed_at) AS executed_at, MAX(e.released_at) AS released_at,
            MAX(e.prior_charge) AS prior_charge,
            CASE WHEN BOOL_AND(e.prior_special AND b.new_special) THEN '特殊累犯'
                 ELSE '一般累犯' END AS recidivism_kind
        FROM (
            SELECT j.*, ${{charge_in(j.charge, special)}} <> '' AS new_special,
                   ${{charge_in(j.charge, negligent)}} <> '' AS new_negligent
            FROM {judgments} AS j
        ) AS b
        JOIN (
            SELECT s.*, ${{charge_in(s.prior_charge, special)}} <> '' AS prior_special,
                   ${{charge_in(s.prior_charge, negligent)}} <> '' AS prior_negligent
            FROM ${{executed_sentences({as_of})}} AS s
        ) AS e ON e.person = b.person
        WHERE e.executed_at < b.offense_at
          AND COALESCE(e.prior_penalty, 'fixed_term') IN ('fixed_term', 'life', 'death')
          AND COALESCE(e.prior_judgment_id, '') <> b.judgment_id
          AND NOT e.prior_negligent AND NOT b.new_negligent
          AND b.offense_at > {adult} AND COALESCE(e.prior_offense_at > {adult}, TRUE)
          AND ((e.prior_special AND b.new_special)
               OR b.offense_at <= ${{add_months(e.executed_at, 12 * {years})}})
        GROUP BY b.judgment_id)"""


def _unpaid_penalties(alias: str, as_of: str) -> str:
    return (
        f"(SELECT {alias}.*, {alias}.record_id AS penalty_id FROM admin_penalty AS {alias} "
        f"WHERE COALESCE({alias}.paid_at > {as_of}, TRUE))"
    )


HELPERS: dict[str, Callable[..., str]] = {
    "add_months": _add_months,
    "sentence_end": _sentence_end,
    "add_days": _add_days,
    "days_between": _days_between,
    "next_working_day": _next_working_day,
    "reply_deadline": _reply_deadline,
    "same_person": _same_person,
    "person_key": _person_key,
    "offense_code": _offense_code,
    "commutation_group": _commutation_group,
    "commutation_group_label": _commutation_group_label,
    "commutation_relaxed": _commutation_relaxed,
    "commutation_earliest": _commutation_earliest,
    "commutation_reductions": _commutation_reductions,
    "charge_in": _charge_in,
    "fine_charges": _fine_charges,
    "executed_sentences": _executed_sentences,
    "recidivism_priors": _recidivism_priors,
    "unpaid_penalties": _unpaid_penalties,
}
# After linking, the person join is the linked person_id / org_id (one place).
LINKED_HELPERS: dict[str, Callable[..., str]] = {
    "same_person": _linked_same_person,
    "person_key": _linked_person_key,
}
