/*
id: execution.commutation_interval_too_short
version: 1
title: 两次减刑间隔不足
domain: execution
description: >-
  自上次减刑裁定送达（无送达日期时为裁定日）至本次减刑报请（无报请日期时为裁定日）的间隔，
  原判不满十年的不足一年、十年以上的不足一年六个月，或少于上次减刑的幅度；
  2019年补充规定的贪污贿赂罪犯为一年六个月、二年。有重大立功表现的不受限制。
legal_basis:
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第六条第三款
    text: 罪犯在被判处有期徒刑的，两次减刑间隔时间一般不得少于一年；被判处十年以上有期徒刑的，两次减刑间隔时间一般不得少于一年六个月。减刑间隔时间不得低于上次减刑减去的刑期。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第七条
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的补充规定
    article: 第二条
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第四十条
parameters:
  short_months: {type: integer, default: 12, unit: 月, label: 不满十年的减刑间隔, min: 0}
  long_months: {type: integer, default: 18, unit: 月, label: 十年以上的减刑间隔, min: 0}
  supplement_short_months: {type: integer, default: 18, unit: 月, label: 贪污贿赂不满十年的减刑间隔, min: 0}
  supplement_long_months: {type: integer, default: 24, unit: 月, label: 贪污贿赂十年以上的减刑间隔, min: 0}
  supplement_from: {type: date, default: 2015-11-01, label: 2019年补充规定适用的判决日期起点（刑法修正案（九）施行）}
subject: [name, id_number, prisoner_id]
key: {table: execution_change, column: change_id}
evidence:
  - {table: execution_change, column: change_id}
  - {table: execution_change, column: previous_id}
  - {table: prisoner, column: prisoner_id}
facts:
  previous_served_at: 上次裁定送达日期
  proposed_at: 本次报请（裁定）日期
  previous_reduction_months: 上次减刑幅度（月）
  required_months: 应间隔（月）
  earliest_at: 最早可报请日期
  rule_group: 适用规则
unit: unit_code
*/
WITH prisoners AS (
    -- the rule group of each prisoner (render.py: commutation_group)
    SELECT p.record_id AS prisoner_id, p.unit_code, p.original_term_months AS term_months,
           COALESCE(p.admitted_at, p.term_start) AS delivered_at,
           ${commutation_group(p, j, ${supplement_from})} AS rule_group
    FROM prisoner AS p
    LEFT JOIN judgment AS j ON j.record_id = p.judgment_id
    WHERE COALESCE(p.penalty, 'fixed_term') = 'fixed_term'
),
commutations AS (
    SELECT c.record_id, c.prisoner_id, c.name, c.id_number, c.unit_code, c.merit,
           COALESCE(c.applied_at, c.ruled_at) AS proposed_at,
           LAG(c.record_id) OVER (PARTITION BY c.prisoner_id
               ORDER BY COALESCE(c.applied_at, c.ruled_at), c.ruled_at, c.record_id) AS previous_id,
           LAG(COALESCE(c.served_at, c.ruled_at)) OVER (PARTITION BY c.prisoner_id
               ORDER BY COALESCE(c.applied_at, c.ruled_at), c.ruled_at, c.record_id)
               AS previous_served_at,
           LAG(c.reduction_months) OVER (PARTITION BY c.prisoner_id
               ORDER BY COALESCE(c.applied_at, c.ruled_at), c.ruled_at, c.record_id)
               AS previous_reduction_months
    FROM execution_change AS c
    WHERE c.kind = 'commutation' AND c.ruled_at <= ${as_of}
),
measured AS (
    SELECT c.record_id AS change_id, c.name, c.id_number, c.prisoner_id,
           COALESCE(c.unit_code, p.unit_code) AS unit_code, c.previous_id,
           c.previous_served_at, c.proposed_at, c.previous_reduction_months, p.rule_group,
           GREATEST(
               CASE
                   WHEN p.rule_group = 'supplement' AND p.term_months < 120
                       THEN ${supplement_short_months}
                   WHEN p.rule_group = 'supplement' THEN ${supplement_long_months}
                   WHEN p.term_months < 120 THEN ${short_months}
                   ELSE ${long_months}
               END,
               COALESCE(c.previous_reduction_months, 0)
           ) AS required_months
    FROM commutations AS c
    JOIN prisoners AS p ON p.prisoner_id = c.prisoner_id
    WHERE c.previous_id IS NOT NULL
      AND COALESCE(c.merit, '') NOT IN ('major_merit', 'repentance_and_major_merit')
      AND p.term_months IS NOT NULL
)
SELECT change_id, name, id_number, prisoner_id, unit_code, previous_id, previous_served_at,
       proposed_at, previous_reduction_months, required_months,
       ${add_months(previous_served_at, required_months)} AS earliest_at,
       ${commutation_group_label(rule_group)} AS rule_group
FROM measured
WHERE proposed_at < ${add_months(previous_served_at, required_months)}
