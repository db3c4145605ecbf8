/*
id: filing.long_pending_case
version: 1
title: 立案后长期挂案
domain: filing
description: >-
  刑事案件仍处于侦查中，立案已超过二十四个月，且最近十二个月内没有任何诉讼环节记录
  （“挂案”，应督促撤案或依法处理）。
legal_basis:
  - law: 人民检察院刑事诉讼规则
    article: 第五百五十七条
  - law: 刑事诉讼法
    article: 第一百一十三条
parameters:
  months: {type: integer, default: 24, unit: 月, label: 立案后未结时长, min: 1}
  idle_months: {type: integer, default: 12, unit: 月, label: 无诉讼活动时长, min: 1}
subject: [case_id, charge]
key: {table: criminal_case, column: case_id}
evidence:
  - {table: criminal_case, column: case_id}
  - {table: procedural_event, column: last_event_id}
facts:
  filed_at: 立案日期
  last_event_at: 最近诉讼环节日期
  limit_months: 挂案时长标准（月）
  idle_months: 无活动时长标准（月）
unit: unit_code
*/
WITH pending AS (
    SELECT c.record_id AS case_id, c.charge, c.unit_code, c.filed_at
    FROM criminal_case AS c
    WHERE c.status = 'investigating'
      AND ${add_months(c.filed_at, ${months})} < ${as_of}
),
last_event AS (
    SELECT e.case_id, e.record_id AS last_event_id, e.at AS last_event_at,
           ROW_NUMBER() OVER (PARTITION BY e.case_id ORDER BY e.at DESC, e.record_id DESC) AS rn
    FROM procedural_event AS e
    JOIN pending AS p ON p.case_id = e.case_id
    WHERE e.at <= ${as_of}
)
SELECT p.case_id, p.charge, p.unit_code, p.filed_at, l.last_event_id, l.last_event_at,
       ${months} AS limit_months, ${idle_months} AS idle_months
FROM pending AS p
LEFT JOIN last_event AS l ON l.case_id = p.case_id AND l.rn = 1
WHERE l.last_event_at IS NULL
   OR l.last_event_at < ${add_months(${as_of}, -${idle_months})}
