/*
id: custody.detention_overdue
version: 1
title: 刑事拘留超期
domain: custody
description: >-
  刑事拘留自拘留之日起（首日不计）至解除或评估日超过十四日，
  经批准延长至三十日的（流窜作案、多次作案、结伙作案）超过三十七日，
  公安机关未在法定期限内提请批准逮捕并取得决定。
legal_basis:
  - law: 刑事诉讼法
    article: 第九十一条
    text: 公安机关对被拘留的人，认为需要逮捕的，应当在拘留后的三日以内，提请人民检察院审查批准。在特殊情况下，提请审查批准的时间可以延长一日至四日。
  - law: 刑事诉讼法
    article: 第一百零五条
parameters:
  limit_days: {type: integer, default: 14, unit: 日, label: 拘留期限, min: 1}
  extended_limit_days: {type: integer, default: 37, unit: 日, label: 延长后的拘留期限, min: 1}
subject: [name, id_number, case_id]
key: {table: coercive_measure, column: measure_id}
evidence:
  - {table: coercive_measure, column: measure_id}
facts:
  start_at: 拘留日期
  end_at: 计算截止日
  detained_days: 已拘留天数
  limit_days: 期限天数
  extended_30_days: 延长至三十日
unit: unit_code
*/
WITH detention AS (
    SELECT
        m.record_id AS measure_id,
        m.name,
        m.id_number,
        m.case_id,
        m.unit_code,
        m.start_at,
        LEAST(COALESCE(m.end_at, ${as_of}), ${as_of}) AS end_at,
        COALESCE(m.extended_30_days, FALSE) AS extended_30_days
    FROM coercive_measure AS m
    WHERE m.measure = 'detention' AND m.start_at <= ${as_of}
)
SELECT
    measure_id,
    name,
    id_number,
    case_id,
    unit_code,
    start_at,
    end_at,
    ${days_between(start_at, end_at)} AS detained_days,
    CASE WHEN extended_30_days THEN ${extended_limit_days} ELSE ${limit_days} END AS limit_days,
    extended_30_days
FROM detention
WHERE ${days_between(start_at, end_at)}
    > CASE WHEN extended_30_days THEN ${extended_limit_days} ELSE ${limit_days} END
