/*
id: execution.supervised_person_abroad
version: 1
title: 社区矫正对象矫正期间出境
domain: execution
description: 在矫的社区矫正对象在矫正期间有出境记录（社区矫正对象不得出境）。
legal_basis:
  - law: 社区矫正法实施办法
    article: 第二十六条
  - law: 出境入境管理法
    article: 第十二条
subject: [name, id_number]
key: {table: community_correction, column: correction_id}
evidence:
  - {table: community_correction, column: correction_id}
  - {table: border_crossing, column: crossing_ids}
facts:
  kind: 矫正类别
  start_at: 矫正起日
  first_exit_at: 首次出境日期
  exits: 出境次数
unit: unit_code
*/
WITH active AS (
    SELECT c.record_id AS correction_id, c.name, c.id_number, ${person_key(c.id_number)} AS person,
           c.unit_code, c.kind, c.start_at,
           LEAST(COALESCE(c.end_at, ${as_of}), ${as_of}) AS end_at
    FROM community_correction AS c
    WHERE c.status = 'active' AND c.start_at <= ${as_of}
),
exits AS (
    SELECT a.correction_id, MIN(b.crossed_at) AS first_exit_at, COUNT(*) AS exits,
           array_to_string(list_sort(list(b.record_id)), ';') AS crossing_ids
    FROM active AS a
    JOIN border_crossing AS b
      ON ${person_key(b.id_number)} = a.person AND b.direction = 'exit'
     AND b.crossed_at >= a.start_at AND b.crossed_at <= a.end_at
    GROUP BY a.correction_id
)
SELECT a.correction_id, a.name, a.id_number, a.unit_code, x.crossing_ids, a.kind, a.start_at,
       x.first_exit_at, x.exits
FROM active AS a
JOIN exits AS x ON x.correction_id = a.correction_id
