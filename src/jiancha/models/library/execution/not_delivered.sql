/*
id: execution.not_delivered
version: 2
title: 判决生效后未交付执行
domain: execution
description: >-
  判处有期徒刑（未宣告缓刑）或无期徒刑的判决生效后，法院送达法律文书的十日和公安机关
  送交监狱的一个月都已届满，没有该判决的收押记录，也没有同一人在判决后入监的记录。
  折抵同案羁押后剩余刑期在三个月以下、由看守所代为执行的，以及交付执行前法院决定暂予监外执行的除外。
legal_basis:
  - law: 刑事诉讼法
    article: 第二百六十四条
    text: 罪犯被交付执行刑罚的时候，应当由交付执行的人民法院在判决生效后十日以内将有关的法律文书送达公安机关、监狱或者其他执行机关。对被判处死刑缓期二年执行、无期徒刑、有期徒刑的罪犯，由公安机关依法将该罪犯送交监狱执行刑罚。对被判处有期徒刑的罪犯，在被交付执行刑罚前，剩余刑期在三个月以下的，由看守所代为执行。
  - law: 刑事诉讼法
    article: 第二百六十五条第五款
    text: 在交付执行前，暂予监外执行由交付执行的人民法院决定
  - law: 最高人民法院关于适用《刑事诉讼法》的解释
    article: 第五百一十一条
    text: 被判处死刑缓期执行、无期徒刑、有期徒刑、拘役的罪犯，第一审人民法院应当在判决、裁定生效后十日以内，将判决书、裁定书、起诉书副本、自诉状复印件、执行通知书、结案登记表送达公安机关、监狱或者其他执行机关。
  - law: 监狱法
    article: 第十五条
    text: 人民法院对被判处死刑缓期二年执行、无期徒刑、有期徒刑的罪犯，应当将执行通知书、判决书送达羁押该罪犯的公安机关，公安机关应当自收到执行通知书、判决书之日起一个月内将该罪犯送交监狱执行刑罚。
excludes:
  - 生效后未满十日加一个月（法院送达期限和公安机关送交期限）的：尚在法定期限内。
  - 折抵羁押后剩余刑期在三个月以下的：由看守所代为执行（刑事诉讼法第二百六十四条第二款）。
  - 交付执行前由法院决定暂予监外执行的（判决后有同一人的暂予监外执行裁定或社区矫正记录）：依法不送交监狱（刑事诉讼法第二百六十五条第五款）。
  - 拘役、缓刑：由公安机关执行或实行社区矫正，不送交监狱。
parameters:
  court_days: {type: integer, default: 10, unit: 日, label: 法院送达法律文书期限, min: 0}
  police_months: {type: integer, default: 1, unit: 月, label: 公安机关送交监狱期限, min: 0}
  detention_house_months: {type: integer, default: 3, unit: 月, label: 看守所代为执行的剩余刑期, min: 0}
subject: [defendant_name, defendant_id_number, case_id]
key: {table: judgment, column: judgment_id}
evidence:
  - {table: judgment, column: judgment_id}
  - {table: coercive_measure, column: custody_ids}
facts:
  penalty: 主刑
  term_months: 刑期（月）
  effective_at: 生效日期
  deadline: 应送交监狱的最后日期
  custody_days: 折抵羁押天数
  remaining_days: 折抵后剩余刑期（日）
unit: unit_code
conclusion: >-
  罪犯{{ defendant_name }}的判决已于{{ effective_at|cn_date }}生效，折抵羁押后剩余刑期{{ remaining_days }}日，
  依法应于{{ deadline|cn_date }}前送交监狱执行刑罚，但至今没有收押记录。
decisive: [effective_at, deadline, remaining_days]
checked:
  - {table: prisoner, label: 罪犯收押记录, agency: 监狱, since: effective_at}
actions:
  - 调取判决书、执行通知书及送达回证，核实人民法院是否在判决生效后十日以内将有关法律文书送达公安机关。
  - 向公安机关、看守所核实罪犯的下落、羁押情况和未送交监狱执行的原因。
  - 核实是否已由人民法院决定暂予监外执行，或者剩余刑期在三个月以下由看守所代为执行。
document:
  kind: correction_notice
  request: >-
    请你单位依照《中华人民共和国刑事诉讼法》第二百六十四条的规定，立即将罪犯{{ defendant_name }}送交监狱执行刑罚，
    并查明未按期交付执行的原因。
*/
WITH sentenced AS (
    SELECT j.record_id AS judgment_id, j.defendant_name, j.defendant_id_number,
           ${person_key(j.defendant_id_number)} AS person, j.case_id, j.unit_code, j.penalty,
           j.term_months, j.decided_at, j.effective_at,
           -- the court's ten days to send the papers, then the police's month to deliver
           ${add_months(${add_days(j.effective_at, ${court_days})}, ${police_months})} AS deadline
    FROM judgment AS j
    WHERE j.penalty IN ('fixed_term', 'life')
      AND COALESCE(j.probation_months, 0) = 0
      AND j.effective_at IS NOT NULL
      AND ${add_months(${add_days(j.effective_at, ${court_days})}, ${police_months})} < ${as_of}
),
delivered AS (
    -- two equi-joins, not one join on OR: an OR condition cannot use a hash join
    SELECT s.judgment_id
    FROM sentenced AS s
    JOIN prisoner AS p ON p.judgment_id = s.judgment_id
    UNION
    SELECT s.judgment_id
    FROM sentenced AS s
    JOIN prisoner AS p
      ON ${person_key(p.id_number)} = s.person
     AND p.admitted_at >= COALESCE(s.decided_at, s.effective_at)
    -- the court's own 暂予监外执行 before delivery (刑诉法 265 para. 5)
    UNION
    SELECT s.judgment_id
    FROM sentenced AS s
    JOIN execution_change AS c
      ON ${person_key(c.id_number)} = s.person AND c.kind = 'medical_parole'
     AND c.ruled_at >= COALESCE(s.decided_at, s.effective_at)
    UNION
    SELECT s.judgment_id
    FROM sentenced AS s
    JOIN community_correction AS m
      ON ${person_key(m.id_number)} = s.person AND m.kind = 'medical_parole'
     AND m.start_at >= COALESCE(s.decided_at, s.effective_at)
),
custody AS (
    -- detention and arrest of the same person in the case, credited up to the judgment
    SELECT s.judgment_id,
           SUM(GREATEST(${days_between(m.start_at,
                   LEAST(COALESCE(m.end_at, s.effective_at), s.effective_at))}, 0))
               AS custody_days,
           array_to_string(list_sort(list(m.record_id)), ';') AS custody_ids
    FROM sentenced AS s
    JOIN coercive_measure AS m
      ON m.case_id = s.case_id AND ${person_key(m.id_number)} = s.person
     AND m.measure IN ('detention', 'arrest') AND m.start_at <= s.effective_at
    GROUP BY s.judgment_id
),
measured AS (
    SELECT s.*, c.custody_ids, COALESCE(c.custody_days, 0) AS custody_days,
           CASE WHEN s.penalty = 'fixed_term' AND s.term_months IS NOT NULL
                THEN ${days_between(s.effective_at, ${add_months(s.effective_at, s.term_months)})}
                     - COALESCE(c.custody_days, 0)
           END AS remaining_days
    FROM sentenced AS s
    LEFT JOIN custody AS c ON c.judgment_id = s.judgment_id
    WHERE NOT EXISTS (SELECT 1 FROM delivered AS d WHERE d.judgment_id = s.judgment_id)
)
SELECT judgment_id, defendant_name, defendant_id_number, case_id, unit_code, custody_ids,
       penalty, term_months, effective_at, deadline, custody_days, remaining_days
FROM measured
-- exempt: 3 months or less left after crediting custody (served in the detention centre)
WHERE remaining_days IS NULL
   OR ${add_days(effective_at, remaining_days)}
      > ${add_months(effective_at, ${detention_house_months})}
