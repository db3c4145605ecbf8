/*
id: execution.medical_parole_without_hospital
version: 1
title: 因病暂予监外执行无住院记录
domain: execution
description: >-
  以患有严重疾病为由暂予监外执行，但裁定日前后九十日内同一人没有任何住院记录，
  病情依据可能不实。
legal_basis:
  - law: 刑事诉讼法
    article: 第二百六十五条
    text: 对被判处有期徒刑或者拘役的罪犯，有下列情形之一的，可以暂予监外执行：（一）有严重疾病需要保外就医的……
parameters:
  days: {type: integer, default: 90, unit: 日, label: 住院记录检查窗口, min: 0}
subject: [name, id_number, prisoner_id]
key: {table: execution_change, column: change_id}
evidence:
  - {table: execution_change, column: change_id}
facts:
  ruled_at: 裁定日期
  window_start: 检查起日
  window_end: 检查止日
unit: unit_code
*/
WITH medical AS (
    SELECT c.record_id AS change_id, c.prisoner_id, c.name, c.id_number,
           ${person_key(c.id_number)} AS person, c.unit_code, c.ruled_at,
           ${add_days(c.ruled_at, -${days})} AS window_start,
           ${add_days(c.ruled_at, ${days})} AS window_end
    FROM execution_change AS c
    WHERE c.kind = 'medical_parole' AND c.reason = 'illness' AND c.ruled_at <= ${as_of}
),
hospitalised AS (
    -- any stay overlapping the window
    SELECT DISTINCT m.change_id
    FROM medical AS m
    JOIN hospital_stay AS h
      ON ${person_key(h.id_number)} = m.person
     AND h.admitted_at <= m.window_end
     AND COALESCE(h.discharged_at, h.admitted_at) >= m.window_start
)
SELECT m.change_id, m.prisoner_id, m.name, m.id_number, m.unit_code, m.ruled_at,
       m.window_start, m.window_end
FROM medical AS m
WHERE NOT EXISTS (SELECT 1 FROM hospitalised AS h WHERE h.change_id = m.change_id)
