/*
id: trial.recidivism_not_recognised
version: 1
title: 应认定累犯未认定
domain: trial
description: >-
  被告人（同一人）在犯罪日期前五年内从监狱刑满释放，新罪判处有期徒刑以上刑罚，
  犯罪时已满十八周岁，量刑情节却没有累犯。
legal_basis:
  - law: 刑法
    article: 第六十五条
    text: 被判处有期徒刑以上刑罚的犯罪分子，刑罚执行完毕或者赦免以后，在五年以内再犯应当判处有期徒刑以上刑罚之罪的，是累犯，应当从重处罚，但是过失犯罪和不满十八周岁的人犯罪的除外。
parameters:
  years: {type: integer, default: 5, unit: 年, label: 累犯期间, min: 1}
  adult_years: {type: integer, default: 18, unit: 年, label: 累犯年龄下限, min: 0}
subject: [defendant_name, defendant_id_number, case_id]
key: {table: judgment, column: judgment_id}
evidence:
  - {table: judgment, column: judgment_id}
  - {table: prisoner, column: prisoner_ids}
facts:
  offense_at: 犯罪日期
  released_at: 前罪释放日期
  penalty: 主刑
  birth_date: 出生日期
unit: unit_code
*/
WITH sentenced AS (
    SELECT j.record_id AS judgment_id, j.defendant_name, j.defendant_id_number,
           ${person_key(j.defendant_id_number)} AS person, j.case_id, j.unit_code, j.penalty,
           j.offense_at,
           -- birth date from the 18-digit id number (positions 7-14)
           TRY_CAST(substr(j.defendant_id_number, 7, 4) || '-' || substr(j.defendant_id_number, 11, 2)
                    || '-' || substr(j.defendant_id_number, 13, 2) AS DATE) AS birth_date
    FROM judgment AS j
    WHERE j.penalty IN ('fixed_term', 'life', 'death')
      AND j.offense_at IS NOT NULL
      AND NOT COALESCE(';' || j.circumstances || ';' LIKE '%;recidivist;%', FALSE)
),
prior AS (
    SELECT s.judgment_id,
           MAX(p.released_at) AS released_at,
           array_to_string(list_sort(list(p.record_id)), ';') AS prisoner_ids
    FROM sentenced AS s
    JOIN prisoner AS p
      ON ${person_key(p.id_number)} = s.person
     AND p.released_at < s.offense_at
     AND p.released_at >= ${add_months(s.offense_at, -12 * ${years})}
     AND COALESCE(p.penalty, 'fixed_term') IN ('fixed_term', 'life', 'death')
     AND COALESCE(p.judgment_id, '') <> s.judgment_id
    GROUP BY s.judgment_id
)
SELECT s.judgment_id, s.defendant_name, s.defendant_id_number, s.case_id, s.unit_code,
       s.offense_at, r.released_at, s.penalty, s.birth_date, r.prisoner_ids
FROM sentenced AS s
JOIN prior AS r ON r.judgment_id = s.judgment_id
WHERE ${add_months(s.birth_date, 12 * ${adult_years})} <= s.offense_at
