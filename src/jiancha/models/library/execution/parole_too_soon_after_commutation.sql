/*
id: execution.parole_too_soon_after_commutation
version: 2
title: 减刑后假释间隔不足
domain: execution
description: >-
  自最近一次减刑裁定送达（无送达日期时为裁定日）至假释报请（无报请日期时为裁定日）不足一年；
  该次减刑幅度为一年以上的，不足一年六个月。减刑后余刑不足二年的、2017年以前裁定的假释不提示。
legal_basis:
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第二十八条
    text: 罪犯减刑后又假释的，间隔时间不得少于一年；对一次减去一年以上有期徒刑后，决定假释的，间隔时间不得少于一年六个月。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第二十八条第二款
    text: 罪犯减刑后余刑不足二年，决定假释的，可以适当缩短间隔时间。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第四十二条
    text: 本规定自2017年1月1日起施行。以前发布的司法解释与本规定不一致的，以本规定为准。
excludes:
  - 2017年1月1日以前作出的假释裁定：不按法释〔2016〕23号审查（第四十二条）。
  - 减刑后余刑不足二年的罪犯（余刑自该次减刑裁定送达之日计算；刑期止日和刑期起日都不详的视为可能不足二年）：间隔时间可以适当缩短（第二十八条第二款）。
parameters:
  months: {type: integer, default: 12, unit: 月, label: 减刑后假释间隔, min: 0}
  long_months: {type: integer, default: 18, unit: 月, label: 减刑一年以上后的假释间隔, min: 0}
  large_reduction_months: {type: integer, default: 12, unit: 月, label: 较大减刑幅度, min: 1}
  short_remaining_months: {type: integer, default: 24, unit: 月, label: 可缩短间隔的余刑（不满）, min: 0}
  rules_from: {type: date, default: 2017-01-01, label: 法释〔2016〕23号施行日期}
subject: [name, id_number, prisoner_id]
key: {table: execution_change, column: parole_id}
evidence:
  - {table: execution_change, column: parole_id}
  - {table: execution_change, column: commutation_id}
  - {table: prisoner, column: prisoner_id}
facts:
  commutation_served_at: 减刑裁定送达日期
  reduction_months: 减刑幅度（月）
  proposed_at: 假释报请（裁定）日期
  required_months: 应间隔（月）
  remaining_end: 减刑后刑期止日
unit: unit_code
conclusion: >-
  罪犯{{ name }}最近一次减刑{{ reduction_months }}个月，该减刑裁定于{{ commutation_served_at|cn_date }}送达，
  于{{ proposed_at|cn_date }}即报请假释，间隔不足{{ required_months }}个月。
decisive: [commutation_served_at, proposed_at]
actions:
  - 调取最近一次减刑裁定书及送达回证、提请假释建议书，核实减刑裁定送达日期和假释报请日期。
  - 核实减刑后余刑是否不满二年（可以适当缩短间隔时间）。
document:
  kind: correction_notice
  request: >-
    请你院依照《中华人民共和国刑事诉讼法》第二百七十四条的规定，在收到本通知书后一个月以内重新组成合议庭，对罪犯{{ name }}的假释裁定进行审理，依法作出最终裁定。
*/
WITH parole AS (
    SELECT c.record_id AS parole_id, c.prisoner_id, c.name, c.id_number, c.unit_code,
           c.ruled_at, COALESCE(c.applied_at, c.ruled_at) AS proposed_at
    FROM execution_change AS c
    WHERE c.kind = 'parole' AND c.ruled_at <= ${as_of} AND c.ruled_at >= ${rules_from}
),
commutations AS (
    -- the term's end after each commutation: the original end (the day after term_end, or
    -- term_start plus the term) less every reduction so far
    SELECT c.record_id, c.prisoner_id, c.ruled_at, c.reduction_months,
           COALESCE(c.served_at, c.ruled_at) AS served_at,
           ${add_months(COALESCE(${add_days(p.term_end, 1)},
                                 ${add_months(p.term_start, p.original_term_months)}),
               -SUM(COALESCE(c.reduction_months, 0)) OVER (PARTITION BY c.prisoner_id
                   ORDER BY c.ruled_at, c.record_id ROWS UNBOUNDED PRECEDING))} AS end_after
    FROM execution_change AS c
    LEFT JOIN prisoner AS p ON p.record_id = c.prisoner_id
    WHERE c.kind = 'commutation'
),
last_commutation AS (
    SELECT p.parole_id, c.record_id AS commutation_id, c.reduction_months,
           c.served_at AS commutation_served_at, c.end_after,
           ROW_NUMBER() OVER (PARTITION BY p.parole_id ORDER BY c.ruled_at DESC, c.record_id DESC)
               AS rn
    FROM parole AS p
    JOIN commutations AS c ON c.prisoner_id = p.prisoner_id AND c.ruled_at <= p.ruled_at
),
measured AS (
    SELECT p.*, l.commutation_id, l.commutation_served_at, l.reduction_months, l.end_after,
           CASE WHEN COALESCE(l.reduction_months, 0) >= ${large_reduction_months}
                THEN ${long_months} ELSE ${months} END AS required_months
    FROM parole AS p
    JOIN last_commutation AS l ON l.parole_id = p.parole_id AND l.rn = 1
    -- art. 28 para. 2: under two years left after the commutation (unknown: maybe)
    WHERE NOT COALESCE(
        ${add_months(l.commutation_served_at, ${short_remaining_months})} > l.end_after, TRUE)
)
SELECT parole_id, prisoner_id, name, id_number, unit_code, commutation_id,
       commutation_served_at, reduction_months, proposed_at, required_months,
       ${add_days(end_after, -1)} AS remaining_end
FROM measured
WHERE proposed_at < ${add_months(commutation_served_at, required_months)}
