/*
id: execution.not_delivered
version: 1
title: 判决生效后未交付执行
domain: execution
description: >-
  判处有期徒刑（未宣告缓刑）或无期徒刑的判决生效已超过三十日，没有该判决的收押记录，
  也没有同一人在判决后入监的记录。折抵同案羁押后剩余刑期在三个月以下、由看守所代为执行的除外。
legal_basis:
  - law: 刑事诉讼法
    article: 第二百六十四条
    text: 罪犯被交付执行刑罚的时候，应当由交付执行的人民法院在判决生效后十日以内将有关的法律文书送达公安机关、监狱或者其他执行机关。对被判处死刑缓期二年执行、无期徒刑、有期徒刑的罪犯，由公安机关依法将该罪犯送交监狱执行刑罚。对被判处有期徒刑的罪犯，在被交付执行刑罚前，剩余刑期在三个月以下的，由看守所代为执行。
parameters:
  days: {type: integer, default: 30, unit: 日, label: 生效后交付执行期限, min: 0}
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
  custody_days: 折抵羁押天数
  remaining_days: 折抵后剩余刑期（日）
unit: unit_code
*/
WITH sentenced AS (
    SELECT j.record_id AS judgment_id, j.defendant_name, j.defendant_id_number,
           ${person_key(j.defendant_id_number)} AS person, j.case_id, j.unit_code, j.penalty, j.term_months, j.decided_at, j.effective_at
    FROM judgment AS j
    WHERE j.penalty IN ('fixed_term', 'life')
      AND COALESCE(j.probation_months, 0) = 0
      AND j.effective_at IS NOT NULL
      AND ${days_between(j.effective_at, ${as_of})} > ${days}
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
       penalty, term_months, effective_at, custody_days, remaining_days
FROM measured
-- exempt: 3 months or less left after crediting custody (served in the detention centre)
WHERE remaining_days IS NULL
   OR ${add_days(effective_at, remaining_days)}
      > ${add_months(effective_at, ${detention_house_months})}
