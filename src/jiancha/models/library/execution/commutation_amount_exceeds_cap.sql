/*
id: execution.commutation_amount_exceeds_cap
version: 1
title: 减刑幅度超过上限
domain: execution
description: >-
  一次减刑的幅度超过其减刑依据对应的上限：确有悔改表现或立功九个月，悔改并立功一年，
  重大立功一年六个月，悔改并重大立功二年；从严组不超过一年；
  2019年补充规定的贪污贿赂罪犯六个月、九个月、一年。
legal_basis:
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第六条第二款
    text: 确有悔改表现或者有立功表现的，一次减刑不超过九个月有期徒刑；确有悔改表现并有立功表现的，一次减刑不超过一年有期徒刑；有重大立功表现的，一次减刑不超过一年六个月有期徒刑；确有悔改表现并有重大立功表现的，一次减刑不超过二年有期徒刑。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第七条
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的补充规定
    article: 第二条
parameters:
  repentance_or_merit_cap: {type: integer, default: 9, unit: 月, label: 悔改或立功的上限, min: 0}
  repentance_and_merit_cap: {type: integer, default: 12, unit: 月, label: 悔改并立功的上限, min: 0}
  major_merit_cap: {type: integer, default: 18, unit: 月, label: 重大立功的上限, min: 0}
  repentance_and_major_merit_cap: {type: integer, default: 24, unit: 月, label: 悔改并重大立功的上限, min: 0}
  stricter_cap: {type: integer, default: 12, unit: 月, label: 从严组的上限, min: 0}
  supplement_repentance_or_merit_cap: {type: integer, default: 6, unit: 月, label: 贪污贿赂悔改或立功的上限, min: 0}
  supplement_repentance_and_merit_cap: {type: integer, default: 9, unit: 月, label: 贪污贿赂悔改并立功的上限, min: 0}
  supplement_major_merit_cap: {type: integer, default: 12, unit: 月, label: 贪污贿赂重大立功的上限, min: 0}
  supplement_from: {type: date, default: 2015-11-01, label: 2019年补充规定适用的判决日期起点（刑法修正案（九）施行）}
subject: [name, id_number, prisoner_id]
key: {table: execution_change, column: change_id}
evidence:
  - {table: execution_change, column: change_id}
  - {table: prisoner, column: prisoner_id}
facts:
  merit: 减刑依据
  reduction_months: 减刑幅度（月）
  cap_months: 上限（月）
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
capped AS (
    SELECT c.record_id AS change_id, c.name, c.id_number, c.prisoner_id,
           COALESCE(c.unit_code, p.unit_code) AS unit_code, c.merit, c.reduction_months,
           p.rule_group,
           CASE
               WHEN p.rule_group = 'supplement' THEN
                   CASE c.merit
                       WHEN 'repentance' THEN ${supplement_repentance_or_merit_cap}
                       WHEN 'merit' THEN ${supplement_repentance_or_merit_cap}
                       WHEN 'repentance_and_merit' THEN ${supplement_repentance_and_merit_cap}
                       WHEN 'major_merit' THEN ${supplement_major_merit_cap}
                       WHEN 'repentance_and_major_merit' THEN ${supplement_major_merit_cap}
                   END
               ELSE
                   CASE c.merit
                       WHEN 'repentance' THEN ${repentance_or_merit_cap}
                       WHEN 'merit' THEN ${repentance_or_merit_cap}
                       WHEN 'repentance_and_merit' THEN ${repentance_and_merit_cap}
                       WHEN 'major_merit' THEN ${major_merit_cap}
                       WHEN 'repentance_and_major_merit' THEN ${repentance_and_major_merit_cap}
                   END
           END AS base_cap
    FROM execution_change AS c
    JOIN prisoners AS p ON p.prisoner_id = c.prisoner_id
    WHERE c.kind = 'commutation' AND c.reduction_months IS NOT NULL
)
SELECT change_id, name, id_number, prisoner_id, unit_code, merit, reduction_months,
       CASE WHEN rule_group = 'stricter' THEN LEAST(base_cap, ${stricter_cap}) ELSE base_cap END
           AS cap_months,
       ${commutation_group_label(rule_group)} AS rule_group
FROM capped
WHERE reduction_months
    > CASE WHEN rule_group = 'stricter' THEN LEAST(base_cap, ${stricter_cap}) ELSE base_cap END
