/*
id: execution.commutation_too_early
version: 1
title: 首次减刑起始时间不足
domain: execution
description: >-
  有期徒刑罪犯自交付执行（入监之日，无记录时为刑期起日）至首次减刑报请（无报请日期时为裁定日）
  未满法定起始时间：原判不满五年的一年，五年以上不满十年的一年六个月，十年以上的二年；
  从严组（职务、金融、涉黑犯罪或累犯）二年；2019年补充规定的贪污贿赂罪犯不满十年的二年、十年以上的三年。
  有重大立功表现的不受限制。
legal_basis:
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第六条第一款
    text: 被判处有期徒刑的罪犯减刑起始时间为：不满五年有期徒刑的，应当执行一年以上方可减刑；五年以上不满十年有期徒刑的，应当执行一年六个月以上方可减刑；十年以上有期徒刑的，应当执行二年以上方可减刑。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第七条
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的补充规定
    article: 第二条
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第四十条
parameters:
  short_months: {type: integer, default: 12, unit: 月, label: 不满五年的起始时间, min: 0}
  medium_months: {type: integer, default: 18, unit: 月, label: 五年以上不满十年的起始时间, min: 0}
  long_months: {type: integer, default: 24, unit: 月, label: 十年以上的起始时间, min: 0}
  stricter_months: {type: integer, default: 24, unit: 月, label: 从严组起始时间, min: 0}
  supplement_short_months: {type: integer, default: 24, unit: 月, label: 贪污贿赂不满十年的起始时间, min: 0}
  supplement_long_months: {type: integer, default: 36, unit: 月, label: 贪污贿赂十年以上的起始时间, min: 0}
  supplement_from: {type: date, default: 2015-11-01, label: 2019年补充规定适用的判决日期起点（刑法修正案（九）施行）}
subject: [name, id_number, prisoner_id]
key: {table: execution_change, column: change_id}
evidence:
  - {table: execution_change, column: change_id}
  - {table: prisoner, column: prisoner_id}
facts:
  delivered_at: 交付执行日期
  proposed_at: 报请（裁定）日期
  term_months: 原判刑期（月）
  required_months: 起始时间（月）
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
first_commutation AS (
    SELECT c.record_id, c.prisoner_id, c.name, c.id_number, c.unit_code, c.merit,
           COALESCE(c.applied_at, c.ruled_at) AS proposed_at,
           ROW_NUMBER() OVER (PARTITION BY c.prisoner_id
                              ORDER BY COALESCE(c.applied_at, c.ruled_at), c.ruled_at, c.record_id)
               AS rn
    FROM execution_change AS c
    WHERE c.kind = 'commutation' AND c.ruled_at <= ${as_of}
),
measured AS (
    SELECT f.record_id AS change_id, f.name, f.id_number, f.prisoner_id,
           COALESCE(f.unit_code, p.unit_code) AS unit_code, f.proposed_at, p.delivered_at,
           p.term_months, p.rule_group,
           CASE
               WHEN p.rule_group = 'supplement' AND p.term_months < 120 THEN ${supplement_short_months}
               WHEN p.rule_group = 'supplement' THEN ${supplement_long_months}
               WHEN p.rule_group = 'stricter' THEN ${stricter_months}
               WHEN p.term_months < 60 THEN ${short_months}
               WHEN p.term_months < 120 THEN ${medium_months}
               ELSE ${long_months}
           END AS required_months
    FROM first_commutation AS f
    JOIN prisoners AS p ON p.prisoner_id = f.prisoner_id
    WHERE f.rn = 1
      AND COALESCE(f.merit, '') NOT IN ('major_merit', 'repentance_and_major_merit')
      AND p.term_months IS NOT NULL AND p.delivered_at IS NOT NULL
)
SELECT change_id, name, id_number, prisoner_id, unit_code, delivered_at, proposed_at,
       term_months, required_months,
       ${add_months(delivered_at, required_months)} AS earliest_at,
       ${commutation_group_label(rule_group)} AS rule_group
FROM measured
WHERE proposed_at < ${add_months(delivered_at, required_months)}
