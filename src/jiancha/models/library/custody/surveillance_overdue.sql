/*
id: custody.surveillance_overdue
version: 1
title: 监视居住超期
domain: custody
description: >-
  同一决定机关的监视居住（含指定居所监视居住）自开始之日起至解除或评估日超过六个月。
  每条强制措施记录是一个机关的决定，期限按机关分别计算。
legal_basis:
  - law: 刑事诉讼法
    article: 第七十九条
    text: 人民法院、人民检察院和公安机关对犯罪嫌疑人、被告人取保候审最长不得超过十二个月，监视居住最长不得超过六个月。
parameters:
  months: {type: integer, default: 6, unit: 月, label: 监视居住最长期限, min: 1}
subject: [name, id_number, case_id]
key: {table: coercive_measure, column: measure_id}
evidence:
  - {table: coercive_measure, column: measure_id}
facts:
  start_at: 开始日期
  end_at: 计算截止日
  deadline: 期限届满日
  limit_months: 期限（月）
unit: unit_code
*/
WITH surveillance AS (
    SELECT
        m.record_id AS measure_id,
        m.name,
        m.id_number,
        m.case_id,
        m.unit_code,
        m.start_at,
        LEAST(COALESCE(m.end_at, ${as_of}), ${as_of}) AS end_at,
        ${add_months(m.start_at, ${months})} AS deadline
    FROM coercive_measure AS m
    WHERE m.measure IN ('residential_surveillance', 'designated_residence') AND m.start_at <= ${as_of}
)
SELECT
    measure_id, name, id_number, case_id, unit_code, start_at, end_at, deadline,
    ${months} AS limit_months
FROM surveillance
WHERE end_at > deadline
