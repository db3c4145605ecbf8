/*
id: filing.long_pending_case
version: 2
title: 立案后长期挂案
domain: filing
description: >-
  对已确定的犯罪嫌疑人（个人或企业）立案侦查超过二十四个月仍在侦查中，且最近十二个月内
  没有任何诉讼环节或新的强制措施，或者强制措施已解除、期满后再无任何诉讼环节
  （“挂案”，应督促依法撤案或移送审查起诉）。
legal_basis:
  - law: 刑事诉讼法
    article: 第七十九条第二款
    text: 在取保候审、监视居住期间，不得中断对案件的侦查、起诉和审理。对于发现不应当追究刑事责任或者取保候审、监视居住期限届满的，应当及时解除取保候审、监视居住。解除取保候审、监视居住，应当及时通知被取保候审、监视居住人和有关单位。
  - law: 刑事诉讼法
    article: 第一百六十三条
    text: 在侦查过程中，发现不应对犯罪嫌疑人追究刑事责任的，应当撤销案件；犯罪嫌疑人已被逮捕的，应当立即释放，发给释放证明，并且通知原批准逮捕的人民检察院。
  - law: 人民检察院刑事诉讼规则
    article: 第五百五十七条第一款
    text: 被害人及其法定代理人、近亲属或者行政执法机关，认为公安机关对其控告或者移送的案件应当立案侦查而不立案侦查，或者当事人认为公安机关不应当立案而立案，向人民检察院提出的，人民检察院应当受理并进行审查。
parameters:
  months: {type: integer, default: 24, unit: 月, label: 立案后未结时长, min: 1}
  idle_months: {type: integer, default: 12, unit: 月, label: 无诉讼活动时长, min: 1}
excludes:
  - 没有确定犯罪嫌疑人的案件不提示：既无强制措施，也无载明当事人的诉讼环节，受案登记也没有嫌疑人的，是尚未破获的案件，侦查没有对象，不是对特定的人或企业久拖不决的“挂案”。
  - 最近十二个月内有诉讼环节或新采取强制措施的不提示：案件仍在推进。
  - 强制措施解除（期满）当日或之后有诉讼环节的（如同日移送审查起诉），不算“期满后无后续”。
  - 已撤案、终止侦查、移送审查起诉或已结案的案件不提示。
subject: [case_id, charge, suspect_name]
key: {table: criminal_case, column: case_id}
evidence:
  - {table: criminal_case, column: case_id}
  - {table: procedural_event, column: last_event_id}
facts:
  filed_at: 立案日期
  suspect_name: 犯罪嫌疑人
  last_event_at: 最近诉讼环节日期
  last_measure_at: 最近强制措施日期
  lapsed_at: 强制措施解除日期
  limit_months: 挂案时长标准（月）
  idle_months: 无活动时长标准（月）
unit: unit_code
conclusion: >-
  案件{{ case_id }}{% if charge %}（{{ charge }}）{% endif %}于{{ filed_at|cn_date }}立案侦查，犯罪嫌疑人{{ suspect_name or "未载明姓名" }}，
  立案已逾{{ limit_months }}个月仍在侦查中，
  {% if lapsed_at %}强制措施于{{ lapsed_at|cn_date }}解除（期满）后再无任何诉讼环节{% else %}最近{{ idle_months }}个月内没有任何诉讼环节或新的强制措施{% endif %}，
  案件可能长期挂案。
decisive: [filed_at, last_event_at, last_measure_at, lapsed_at]
actions:
  - 调取案件侦查卷宗，核实立案以来的侦查活动和强制措施的采取、解除情况。
  - 向侦查机关了解长期未结的原因，核实是否有应当撤销案件、终止侦查或移送审查起诉而未处理的情形。
  - 听取犯罪嫌疑人（涉案企业）及其辩护人的意见，了解挂案对其生产经营和生活的影响。
document:
  kind: correction_notice
  request: >-
    请你单位对案件{{ case_id }}依法作出撤销案件、终止侦查或者移送审查起诉的决定，并将纠正情况书面回复本院。
*/
WITH pending AS (
    SELECT c.record_id AS case_id, c.charge, c.unit_code, c.filed_at
    FROM criminal_case AS c
    WHERE c.status = 'investigating'
      AND ${add_months(c.filed_at, ${months})} < ${as_of}
),
-- who the case is against: a coercive measure, an event naming a person, the report's suspect
suspect AS (
    SELECT m.case_id, NULLIF(TRIM(m.name), '') AS suspect_name
    FROM coercive_measure AS m
    JOIN pending AS p ON p.case_id = m.case_id
    WHERE m.start_at <= ${as_of}
    UNION ALL
    SELECT e.case_id, NULLIF(TRIM(e.name), '') AS suspect_name
    FROM procedural_event AS e
    JOIN pending AS p ON p.case_id = e.case_id
    WHERE e.at <= ${as_of}
      AND (NULLIF(TRIM(e.name), '') IS NOT NULL OR NULLIF(TRIM(e.id_number), '') IS NOT NULL)
    UNION ALL
    SELECT r.case_id, NULLIF(TRIM(r.suspect_name), '') AS suspect_name
    FROM case_report AS r
    JOIN pending AS p ON p.case_id = r.case_id
    WHERE NULLIF(TRIM(r.suspect_name), '') IS NOT NULL
       OR NULLIF(TRIM(r.suspect_id_number), '') IS NOT NULL
),
identified AS (
    SELECT case_id, MIN(suspect_name) AS suspect_name
    FROM suspect
    GROUP BY case_id
),
last_event AS (
    SELECT e.case_id, e.record_id AS last_event_id, e.at AS last_event_at,
           ROW_NUMBER() OVER (PARTITION BY e.case_id ORDER BY e.at DESC, e.record_id DESC) AS rn
    FROM procedural_event AS e
    JOIN pending AS p ON p.case_id = e.case_id
    WHERE e.at <= ${as_of}
),
measures AS (
    SELECT m.case_id, MAX(m.start_at) AS last_measure_at, COUNT(*) AS n_measures,
           COUNT(CASE WHEN m.end_at <= ${as_of} THEN 1 END) AS n_ended,
           MAX(CASE WHEN m.end_at <= ${as_of} THEN m.end_at END) AS lapsed_at
    FROM coercive_measure AS m
    JOIN pending AS p ON p.case_id = m.case_id
    WHERE m.start_at <= ${as_of}
    GROUP BY m.case_id
),
judged AS (
    SELECT p.case_id, p.charge, p.unit_code, p.filed_at, i.suspect_name, l.last_event_id,
           l.last_event_at, m.last_measure_at,
           -- every measure has ended and nothing followed the last one
           CASE WHEN m.n_measures = m.n_ended
                     AND (l.last_event_at IS NULL OR l.last_event_at < m.lapsed_at)
                THEN m.lapsed_at END AS lapsed_at,
           (l.last_event_at IS NULL
            OR l.last_event_at < ${add_months(${as_of}, -${idle_months})})
           AND (m.last_measure_at IS NULL
                OR m.last_measure_at < ${add_months(${as_of}, -${idle_months})}) AS idle
    FROM pending AS p
    JOIN identified AS i ON i.case_id = p.case_id
    LEFT JOIN last_event AS l ON l.case_id = p.case_id AND l.rn = 1
    LEFT JOIN measures AS m ON m.case_id = p.case_id
)
SELECT case_id, charge, unit_code, filed_at, suspect_name, last_event_id, last_event_at,
       last_measure_at, lapsed_at, ${months} AS limit_months, ${idle_months} AS idle_months
FROM judged
WHERE idle OR lapsed_at IS NOT NULL
