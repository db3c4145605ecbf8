/*
id: execution.supervised_person_abroad
version: 2
title: 社区矫正对象矫正期间出境
domain: execution
description: >-
  社区矫正对象在矫正期间（每一段矫正期间，包括已经解矫、撤销的）有出境记录（社区矫正对象不得出境）。
  已解矫或撤销的以矫正止日为止，在矫的以评估日为止。
excludes:
  - 矫正起日之前或矫正止日之后的出境。
  - 已解矫或撤销但没有矫正止日的期间：期间不明，不审查。
legal_basis:
  - law: 社区矫正法实施办法
    article: 第二十六条
  - law: 出境入境管理法
    article: 第十二条
  - law: 社区矫正法
    article: 第二十七条第一款
    text: 社区矫正对象离开所居住的市、县或者迁居，应当报经社区矫正机构批准。
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
conclusion: >-
  社区矫正对象{{ name }}自{{ start_at|cn_date }}起接受社区矫正，矫正期间有{{ exits }}次出境记录，
  首次出境日期为{{ first_exit_at|cn_date }}。
decisive: [start_at, first_exit_at]
actions:
  - 向公安机关出入境管理部门调取出入境记录及证件签发记录，核实出境人是否为社区矫正对象本人。
  - 调取社区矫正档案，核实社区矫正机构是否批准、是否及时发现并处置，以及出入境证件的管理情况。
  - 核实社区矫正对象是否已回国、现在何处。
document:
  kind: recommendation
  request: >-
    建议你单位查明社区矫正对象{{ name }}出境的经过和原因，依照《中华人民共和国社区矫正法》第二十八条、
    第四十五条的规定依法处理；并与公安机关出入境管理部门建立社区矫正对象出入境信息通报机制，堵塞监管漏洞。
*/
WITH periods AS (
    SELECT c.record_id AS correction_id, c.name, c.id_number, ${person_key(c.id_number)} AS person,
           c.unit_code, c.kind, c.start_at,
           -- every period: one still active runs to as_of, an ended one to its end
           CASE WHEN c.status = 'active' THEN LEAST(COALESCE(c.end_at, ${as_of}), ${as_of})
                WHEN c.end_at > ${as_of} THEN ${as_of} ELSE c.end_at END AS end_at
    FROM community_correction AS c
    WHERE c.start_at <= ${as_of}
),
exits AS (
    SELECT a.correction_id, MIN(b.crossed_at) AS first_exit_at, COUNT(*) AS exits,
           array_to_string(list_sort(list(b.record_id)), ';') AS crossing_ids
    FROM periods AS a
    JOIN border_crossing AS b
      ON ${person_key(b.id_number)} = a.person AND b.direction = 'exit'
     AND b.crossed_at >= a.start_at AND b.crossed_at <= a.end_at
    GROUP BY a.correction_id
)
SELECT a.correction_id, a.name, a.id_number, a.unit_code, x.crossing_ids, a.kind, a.start_at,
       x.first_exit_at, x.exits
FROM periods AS a
JOIN exits AS x ON x.correction_id = a.correction_id
