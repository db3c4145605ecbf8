/*
id: execution.medical_parole_employed
version: 1
title: 暂予监外执行期间正常就业缴纳社保
domain: execution
description: >-
  暂予监外执行（社区矫正类别为暂予监外执行）期间，同一人有社保缴费（就业）记录，
  保外就医的病情条件可能已不存在或系虚假。
legal_basis:
  - law: 刑事诉讼法
    article: 第二百六十八条
    text: 对暂予监外执行的罪犯，有下列情形之一的，应当及时收监：（一）发现不符合暂予监外执行条件的……
  - law: 刑事诉讼法
    article: 第二百六十五条
subject: [name, id_number]
key: {table: community_correction, column: correction_id}
evidence:
  - {table: community_correction, column: correction_id}
  - {table: employment_record, column: employment_ids}
facts:
  start_at: 暂予监外执行起日
  end_at: 计算截止日
  months_employed: 缴费月数
  first_month: 最早缴费月份
  employers: 缴费单位
unit: unit_code
*/
WITH parole AS (
    SELECT c.record_id AS correction_id, c.name, c.id_number, ${person_key(c.id_number)} AS person,
           c.unit_code, c.start_at,
           LEAST(COALESCE(c.end_at, ${as_of}), ${as_of}) AS end_at
    FROM community_correction AS c
    WHERE c.kind = 'medical_parole' AND c.start_at <= ${as_of}
),
employed AS (
    -- a month counts when it begins inside the period
    SELECT p.correction_id,
           COUNT(DISTINCT e.month) AS months_employed,
           MIN(e.month) AS first_month,
           array_to_string(list_sort(list(DISTINCT e.employer)), '、') AS employers,
           array_to_string(list_sort(list(e.record_id)), ';') AS employment_ids
    FROM parole AS p
    JOIN employment_record AS e
      ON ${person_key(e.id_number)} = p.person
     AND TRY_CAST(e.month || '-01' AS DATE) >= p.start_at
     AND TRY_CAST(e.month || '-01' AS DATE) <= p.end_at
    GROUP BY p.correction_id
)
SELECT p.correction_id, p.name, p.id_number, p.unit_code, e.employment_ids, p.start_at,
       p.end_at, e.months_employed, e.first_month, e.employers
FROM parole AS p
JOIN employed AS e ON e.correction_id = p.correction_id
