/*
id: custody.prosecution_review_overdue
version: 1
title: 审查起诉超期
domain: custody
description: >-
  自最近一次移送审查起诉（退回补充侦查后重新移送的，审查起诉期限重新计算）
  至提起公诉或不起诉决定（尚未决定的至评估日；退回补充侦查且未重新移送的至退回之日）
  超过一个月；有延长审查起诉期限记录的超过一个月又十五日。
legal_basis:
  - law: 刑事诉讼法
    article: 第一百七十二条
    text: 人民检察院对于监察机关、公安机关移送起诉的案件，应当在一个月以内作出决定，重大、复杂的案件，可以延长十五日。
  - law: 刑事诉讼法
    article: 第一百七十五条第三款
    text: 补充侦查完毕移送人民检察院后，人民检察院重新计算审查起诉期限。
parameters:
  months: {type: integer, default: 1, unit: 月, label: 审查起诉期限, min: 1}
  extension_days: {type: integer, default: 15, unit: 日, label: 延长审查起诉期限, min: 0}
subject: [case_id, name, id_number]
key: {table: procedural_event, column: transfer_id}
evidence:
  - {table: procedural_event, column: transfer_id}
  - {table: procedural_event, column: end_event_id}
  - {table: procedural_event, column: extension_ids}
facts:
  transferred_at: 移送审查起诉日期
  end_at: 计算截止日
  extended: 是否延长
  deadline: 期限届满日
  review_days: 审查天数
unit: unit_code
*/
WITH events AS (
    SELECT e.record_id, e.case_id, e.event, e.at, e.unit_code, e.name, e.id_number
    FROM procedural_event AS e
    WHERE e.at <= ${as_of}
      AND e.event IN ('transfer_for_prosecution', 'returned_for_investigation',
                      'prosecution_extension', 'indictment', 'non_prosecution')
),
latest_transfer AS (
    SELECT record_id AS transfer_id, case_id, "at" AS transferred_at, unit_code, name, id_number
    FROM (
        SELECT ev.*,
               ROW_NUMBER() OVER (PARTITION BY ev.case_id ORDER BY ev.at DESC, ev.record_id DESC)
                   AS rn
        FROM events AS ev
        WHERE ev.event = 'transfer_for_prosecution'
    ) AS ranked
    WHERE rn = 1
),
ending AS (
    -- decision, or a return to the police, after the latest transfer: the period stops there
    SELECT t.transfer_id, e.record_id AS end_event_id, e.at AS end_at,
           ROW_NUMBER() OVER (PARTITION BY t.transfer_id ORDER BY e.at, e.record_id) AS rn
    FROM latest_transfer AS t
    JOIN events AS e
      ON e.case_id = t.case_id AND e.at >= t.transferred_at
     AND e.event IN ('indictment', 'non_prosecution', 'returned_for_investigation')
),
extension AS (
    SELECT t.transfer_id, array_to_string(list_sort(list(e.record_id)), ';') AS extension_ids
    FROM latest_transfer AS t
    JOIN events AS e
      ON e.case_id = t.case_id AND e.at >= t.transferred_at AND e.event = 'prosecution_extension'
    GROUP BY t.transfer_id
),
measured AS (
    SELECT t.*, d.end_event_id, x.extension_ids,
           x.transfer_id IS NOT NULL AS extended,
           COALESCE(d.end_at, ${as_of}) AS end_at,
           ${add_days(${add_months(t.transferred_at, ${months})},
                      CASE WHEN x.transfer_id IS NULL THEN 0 ELSE ${extension_days} END)}
               AS deadline
    FROM latest_transfer AS t
    LEFT JOIN ending AS d ON d.transfer_id = t.transfer_id AND d.rn = 1
    LEFT JOIN extension AS x ON x.transfer_id = t.transfer_id
)
SELECT transfer_id, case_id, name, id_number, unit_code, end_event_id, extension_ids,
       transferred_at, end_at, extended, deadline,
       ${days_between(transferred_at, end_at)} AS review_days
FROM measured
WHERE end_at > deadline
