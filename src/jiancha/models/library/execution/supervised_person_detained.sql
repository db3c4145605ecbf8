/*
id: execution.supervised_person_detained
version: 2
title: 社区矫正对象矫正期间被采取强制措施或行政处罚
domain: execution
description: >-
  社区矫正对象在矫正期间（每一段矫正期间，包括已经解矫的）被刑事拘留、逮捕或受到行政处罚：
  应通知社区矫正机构并考虑撤销缓刑、假释或收监执行。
excludes:
  - 已撤销缓刑、假释或已收监执行的矫正期间：已经依法处理。
  - 已解矫但没有矫正止日的期间：期间不明，不审查。
legal_basis:
  - law: 社区矫正法
    article: 第四十六条
    text: 社区矫正对象具有刑法规定的撤销缓刑、假释情形的，应当由人民法院撤销缓刑、假释。
  - law: 刑法
    article: 第七十七条第二款
    text: 被宣告缓刑的犯罪分子，在缓刑考验期限内，违反法律、行政法规或者国务院有关部门关于缓刑的监督管理规定，或者违反人民法院判决中的禁止令，情节严重的，应当撤销缓刑，执行原判刑罚。
subject: [name, id_number]
key: {table: community_correction, column: correction_id}
evidence:
  - {table: community_correction, column: correction_id}
  - {table: coercive_measure, column: measure_ids}
  - {table: admin_penalty, column: penalty_ids}
facts:
  kind: 矫正类别
  start_at: 矫正起日
  first_event_at: 首次事件日期
  measures: 强制措施次数
  penalties: 行政处罚次数
unit: unit_code
conclusion: >-
  社区矫正对象{{ name }}自{{ start_at|cn_date }}起接受社区矫正，矫正期间
  {% if measures %}被采取刑事强制措施{{ measures }}次{% endif %}{% if measures and penalties %}、{% endif %}
  {% if penalties %}受到行政处罚{{ penalties }}次{% endif %}，首次发生于{{ first_event_at|cn_date }}。
decisive: [start_at, first_event_at]
actions:
  - 调取刑事拘留、逮捕决定书或者行政处罚决定书，核实被处理人是否为社区矫正对象本人及违法犯罪事实。
  - 向社区矫正机构核实是否已知悉、是否已提出撤销缓刑、撤销假释或者收监执行的建议。
document:
  kind: recommendation
  request: >-
    建议你单位核实社区矫正对象{{ name }}被采取刑事强制措施、受到行政处罚的情况，依照《中华人民共和国社区矫正法》
    第四十六条至第四十九条的规定，依法提出撤销缓刑、撤销假释或者收监执行的建议。
*/
WITH periods AS (
    SELECT c.record_id AS correction_id, c.name, c.id_number, ${person_key(c.id_number)} AS person,
           c.unit_code, c.kind, c.start_at,
           -- every period: one still active runs to as_of, an ended one to its end
           CASE WHEN c.status = 'active' THEN LEAST(COALESCE(c.end_at, ${as_of}), ${as_of})
                WHEN c.end_at > ${as_of} THEN ${as_of} ELSE c.end_at END AS end_at
    FROM community_correction AS c
    WHERE c.start_at <= ${as_of} AND c.status <> 'revoked'
),
measures AS (
    SELECT a.correction_id, MIN(m.start_at) AS first_at, COUNT(*) AS measures,
           array_to_string(list_sort(list(m.record_id)), ';') AS measure_ids
    FROM periods AS a
    JOIN coercive_measure AS m
      ON ${person_key(m.id_number)} = a.person AND m.measure IN ('detention', 'arrest')
     AND m.start_at >= a.start_at AND m.start_at <= a.end_at
    GROUP BY a.correction_id
),
penalties AS (
    SELECT a.correction_id, MIN(p.decided_at) AS first_at, COUNT(*) AS penalties,
           array_to_string(list_sort(list(p.record_id)), ';') AS penalty_ids
    FROM periods AS a
    JOIN admin_penalty AS p
      ON ${person_key(p.party_id_number)} = a.person
     AND p.decided_at >= a.start_at AND p.decided_at <= a.end_at
    GROUP BY a.correction_id
)
SELECT a.correction_id, a.name, a.id_number, a.unit_code, m.measure_ids, p.penalty_ids, a.kind,
       a.start_at, LEAST(COALESCE(m.first_at, p.first_at), COALESCE(p.first_at, m.first_at))
           AS first_event_at,
       COALESCE(m.measures, 0) AS measures, COALESCE(p.penalties, 0) AS penalties
FROM periods AS a
LEFT JOIN measures AS m ON m.correction_id = a.correction_id
LEFT JOIN penalties AS p ON p.correction_id = a.correction_id
WHERE m.correction_id IS NOT NULL OR p.correction_id IS NOT NULL
