/*
id: trial.probation_for_recidivist
version: 1
title: 对累犯适用缓刑
domain: trial
description: >-
  判决宣告缓刑，但量刑情节列有累犯；或主刑为有期徒刑而被告人（同一人）在犯罪日期前五年内
  刑满释放于有期徒刑以上刑罚。累犯不适用缓刑。
legal_basis:
  - law: 刑法
    article: 第七十四条
    text: 对于累犯和犯罪集团的首要分子，不适用缓刑。
  - law: 刑法
    article: 第六十五条
    text: 被判处有期徒刑以上刑罚的犯罪分子，刑罚执行完毕或者赦免以后，在五年以内再犯应当判处有期徒刑以上刑罚之罪的，是累犯，应当从重处罚，但是过失犯罪和不满十八周岁的人犯罪的除外。
parameters:
  years: {type: integer, default: 5, unit: 年, label: 累犯期间, min: 1}
subject: [defendant_name, defendant_id_number, case_id]
key: {table: judgment, column: judgment_id}
evidence:
  - {table: judgment, column: judgment_id}
  - {table: prisoner, column: prisoner_ids}
facts:
  probation_months: 缓刑考验期（月）
  recidivist_listed: 列明累犯
  offense_at: 犯罪日期
  released_at: 前罪释放日期
unit: unit_code
*/
WITH suspended AS (
    SELECT j.record_id AS judgment_id, j.defendant_name, j.defendant_id_number,
           ${person_key(j.defendant_id_number)} AS person, j.case_id, j.unit_code, j.penalty,
           j.offense_at, j.probation_months,
           COALESCE(';' || j.circumstances || ';' LIKE '%;recidivist;%', FALSE)
               AS recidivist_listed
    FROM judgment AS j
    WHERE j.probation_months > 0
),
prior AS (
    -- released from prison (fixed term or heavier) within the years before the new offence
    SELECT s.judgment_id,
           MAX(p.released_at) AS released_at,
           array_to_string(list_sort(list(p.record_id)), ';') AS prisoner_ids
    FROM suspended AS s
    JOIN prisoner AS p
      ON ${person_key(p.id_number)} = s.person
     AND p.released_at < s.offense_at
     AND p.released_at >= ${add_months(s.offense_at, -12 * ${years})}
     AND COALESCE(p.penalty, 'fixed_term') IN ('fixed_term', 'life', 'death')
     AND COALESCE(p.judgment_id, '') <> s.judgment_id
    WHERE s.penalty = 'fixed_term'
    GROUP BY s.judgment_id
)
SELECT s.judgment_id, s.defendant_name, s.defendant_id_number, s.case_id, s.unit_code,
       s.probation_months, s.recidivist_listed, s.offense_at, r.released_at, r.prisoner_ids
FROM suspended AS s
LEFT JOIN prior AS r ON r.judgment_id = s.judgment_id
WHERE s.recidivist_listed OR r.judgment_id IS NOT NULL
