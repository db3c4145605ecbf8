/*
id: execution.commutation_amount_exceeds_cap
version: 2
title: 减刑幅度超过上限
domain: execution
description: >-
  一次减刑的幅度超过其减刑依据对应的上限（再审后重新裁定的，重新减去的刑期合计超过原裁定减去的刑期总和）：确有悔改表现或立功九个月，悔改并立功一年，
  重大立功一年六个月，悔改并重大立功二年；从严组不超过一年；
  2019年6月1日以后裁定的、原系国家工作人员的贪污贿赂罪犯六个月、九个月、一年。
  未成年罪犯和老年、患严重疾病、身体残疾且生活难以自理的罪犯，上限最多放宽三分之一。
legal_basis:
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第六条第二款
    text: 确有悔改表现或者有立功表现的，一次减刑不超过九个月有期徒刑；确有悔改表现并有立功表现的，一次减刑不超过一年有期徒刑；有重大立功表现的，一次减刑不超过一年六个月有期徒刑；确有悔改表现并有重大立功表现的，一次减刑不超过二年有期徒刑。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第七条
    text: 减刑幅度应当比照本规定第六条从严掌握，一次减刑不超过一年有期徒刑
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的补充规定
    article: 第二条第二款
    text: 确有悔改表现或者有立功表现的，一次减刑不超过六个月有期徒刑；确有悔改表现并有立功表现的，一次减刑不超过九个月有期徒刑；有重大立功表现的，一次减刑不超过一年有期徒刑。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第十九条第二款
    text: 对上述罪犯减刑时，减刑幅度可以适当放宽，或者减刑起始时间、间隔时间可以适当缩短，但放宽的幅度和缩短的时间不得超过本规定中相应幅度、时间的三分之一。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第二十条第二款
    text: 对基本丧失劳动能力，生活难以自理的上述罪犯减刑时，减刑幅度可以适当放宽，或者减刑起始时间、间隔时间可以适当缩短，但放宽的幅度和缩短的时间不得超过本规定中相应幅度、时间的三分之一。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第三十二条第二款
    text: 重新作出减刑裁定时，不受本规定有关减刑起始时间、间隔时间和减刑幅度的限制。重新裁定时应综合考虑各方面因素，减刑幅度不得超过原裁定减去的刑期总和。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第四十二条
    text: 本规定自2017年1月1日起施行。以前发布的司法解释与本规定不一致的，以本规定为准。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的补充规定
    article: 第七条
    text: 本规定自2019年6月1日起施行。此前发布的司法解释与本规定不一致的，以本规定为准。
excludes:
  - 2017年1月1日以前作出的减刑裁定：不按法释〔2016〕23号审查（第四十二条）。
  - 再审后重新作出的减刑裁定：不受各档减刑幅度的限制（第三十二条），只审查重新裁定减去的刑期合计不超过原裁定减去的刑期总和；原裁定没有记录的不审查。
  - 罪名、犯罪类别或是否累犯不详的，不归入从严组；2019年补充规定只适用于2019年6月1日以后的裁定、原系国家工作人员、依刑法分则第八章判处的罪犯。
  - 恶势力犯罪不属于涉黑从严组；旧数据中“涉黑涉恶（未区分）”也不归入从严组。
  - 第七条所列的危害国家安全、恐怖活动、毒品犯罪集团首要分子及毒品再犯、不履行财产性判项等情形，数据中没有记录的，不归入从严组。
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
  supplement_in_force: {type: date, default: 2019-06-01, label: 2019年补充规定施行日期}
  rules_from: {type: date, default: 2017-01-01, label: 法释〔2016〕23号施行日期}
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
  relaxation: 从宽情形
unit: unit_code
conclusion: >-
  罪犯{{ name }}一次减刑{{ reduction_months }}个月，超过其减刑依据对应的减刑幅度上限{{ cap_months }}个月
  （适用规则：{{ rule_group }}；从宽情形：{{ relaxation }}）。
decisive: [reduction_months, cap_months]
actions:
  - 调取减刑裁定书、提请减刑建议书、计分考核材料及立功、重大立功的认定材料，核实减刑依据和减刑幅度。
  - 核实罪犯所犯罪名、是否累犯、是否原系国家工作人员等决定从严适用的事实，以及原判决生效日期。
  - 核实罪犯是否属于未成年、老年、患严重疾病或者身体残疾且生活难以自理等可以放宽幅度的情形。
document:
  kind: correction_notice
  request: >-
    请你院依照《中华人民共和国刑事诉讼法》第二百七十四条的规定，在收到本通知书后一个月以内重新组成合议庭，对罪犯{{ name }}的减刑裁定进行审理，依法作出最终裁定。
*/
WITH prisoners AS (
    SELECT p.record_id AS prisoner_id, p.unit_code, p.original_term_months AS term_months,
           ${commutation_relaxed(p, COALESCE(p.admitted_at, p.term_start))} AS relaxed,
           p.state_functionary, p.term_start, p.crime_category, p.recidivist,
           p.original_term_months,
           j.decided_at, j.charge
    FROM prisoner AS p
    LEFT JOIN judgment AS j ON j.record_id = p.judgment_id
    WHERE COALESCE(p.penalty, 'fixed_term') = 'fixed_term'
),
grouped AS (
    -- the rule group for this ruling (render.py: commutation_group)
    SELECT c.record_id AS change_id, c.name, c.id_number, c.prisoner_id,
           COALESCE(c.unit_code, p.unit_code) AS unit_code, c.merit, c.reduction_months,
           p.relaxed,
           ${commutation_group(p, p, c.ruled_at, ${supplement_from}, ${supplement_in_force})}
               AS rule_group
    FROM execution_change AS c
    JOIN prisoners AS p ON p.prisoner_id = c.prisoner_id
    WHERE c.kind = 'commutation' AND c.reduction_months IS NOT NULL
      AND c.ruled_at <= ${as_of} AND c.ruled_at >= ${rules_from}
      AND NOT COALESCE(c.after_retrial, FALSE)
),
capped AS (
    SELECT g.*,
           CASE
               WHEN rule_group = 'supplement' THEN
                   CASE merit
                       WHEN 'repentance' THEN ${supplement_repentance_or_merit_cap}
                       WHEN 'merit' THEN ${supplement_repentance_or_merit_cap}
                       WHEN 'repentance_and_merit' THEN ${supplement_repentance_and_merit_cap}
                       WHEN 'major_merit' THEN ${supplement_major_merit_cap}
                       WHEN 'repentance_and_major_merit' THEN ${supplement_major_merit_cap}
                   END
               ELSE
                   CASE merit
                       WHEN 'repentance' THEN ${repentance_or_merit_cap}
                       WHEN 'merit' THEN ${repentance_or_merit_cap}
                       WHEN 'repentance_and_merit' THEN ${repentance_and_merit_cap}
                       WHEN 'major_merit' THEN ${major_merit_cap}
                       WHEN 'repentance_and_major_merit' THEN ${repentance_and_major_merit_cap}
                   END
           END AS base_cap
    FROM grouped AS g
),
limited AS (
    -- art. 7's one year for the stricter group; arts. 19-20 loosen by at most a third
    -- (reductions are whole months: the cap is rounded down)
    SELECT c.*,
           CAST(FLOOR(
               (CASE WHEN rule_group = 'stricter' THEN LEAST(base_cap, ${stricter_cap})
                     ELSE base_cap END)
               * (CASE WHEN relaxed THEN 4 ELSE 3 END) / 3.0) AS INTEGER) AS cap_months
    FROM capped AS c
),
all_rulings AS (
    -- art. 32: re-rulings after a retrial, together, within what the lapsed rulings took off
    SELECT c.record_id AS change_id, c.name, c.id_number, c.prisoner_id,
           COALESCE(c.unit_code, p.unit_code) AS unit_code, c.merit, c.reduction_months,
           c.ruled_at, COALESCE(c.after_retrial, FALSE) AS after_retrial,
           SUM(CASE WHEN COALESCE(c.after_retrial, FALSE) THEN c.reduction_months ELSE 0 END)
               OVER (PARTITION BY c.prisoner_id ORDER BY c.ruled_at, c.record_id
                     ROWS UNBOUNDED PRECEDING) AS re_ruled_months,
           SUM(CASE WHEN COALESCE(c.after_retrial, FALSE) THEN 0 ELSE c.reduction_months END)
               OVER (PARTITION BY c.prisoner_id ORDER BY c.ruled_at, c.record_id
                     ROWS UNBOUNDED PRECEDING) AS lapsed_months
    FROM execution_change AS c
    JOIN prisoners AS p ON p.prisoner_id = c.prisoner_id
    WHERE c.kind = 'commutation' AND c.reduction_months IS NOT NULL AND c.ruled_at <= ${as_of}
),
re_rulings AS (
    SELECT *
    FROM all_rulings
    WHERE after_retrial AND ruled_at >= ${rules_from} AND lapsed_months > 0
)
SELECT change_id, name, id_number, prisoner_id, unit_code, merit, reduction_months, cap_months,
       ${commutation_group_label(rule_group)} AS rule_group,
       CASE WHEN relaxed THEN '可放宽三分之一（第十九、二十条）' ELSE '无' END AS relaxation
FROM limited
WHERE reduction_months > cap_months
UNION ALL
SELECT change_id, name, id_number, prisoner_id, unit_code, merit, reduction_months,
       lapsed_months AS cap_months, '再审后重新裁定（第三十二条）' AS rule_group, '无' AS relaxation
FROM re_rulings
WHERE re_ruled_months > lapsed_months
