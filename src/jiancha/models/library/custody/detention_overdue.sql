/*
id: custody.detention_overdue
version: 2
title: 刑事拘留超期
domain: custody
description: >-
  刑事拘留自拘留之日起（首日不计）至解除或评估日，超过提请批准逮捕的三日、经批准延长的一至四日
  与检察院审查批准逮捕的七日之和：未延长的十日，延长的十日加延长日数（最多十四日），
  经批准延长至三十日的（流窜作案、多次作案、结伙作案）三十七日。被拘留的人在押，期满日不因节假日顺延。
legal_basis:
  - law: 刑事诉讼法
    article: 第九十一条
    text: >-
      公安机关对被拘留的人，认为需要逮捕的，应当在拘留后的三日以内，提请人民检察院审查批准。在特殊情况下，提请审查批准的时间可以延长一日至四日。
      对于流窜作案、多次作案、结伙作案的重大嫌疑分子，提请审查批准的时间可以延长至三十日。
      人民检察院应当自接到公安机关提请批准逮捕书后的七日以内，作出批准逮捕或者不批准逮捕的决定。
  - law: 刑事诉讼法
    article: 第一百零五条
    text: 期间开始的时和日不算在期间以内。期间的最后一日为节假日的，以节假日后的第一日为期满日期，但犯罪嫌疑人、被告人或者罪犯在押期间，应当至期满之日为止，不得因节假日而延长。
parameters:
  request_days: {type: integer, default: 3, unit: 日, label: 提请批准逮捕期限, min: 1}
  max_extension_days: {type: integer, default: 4, unit: 日, label: 特殊情况延长上限, min: 0}
  extended_request_days: {type: integer, default: 30, unit: 日, label: 延长至三十日的提请期限, min: 1}
  review_days: {type: integer, default: 7, unit: 日, label: 审查批准逮捕期限, min: 1}
excludes:
  - 未记录批准延长日数的，按法定最长延长四日计算（十四日），不推定未经延长。
  - 经批准延长至三十日的，三十七日以内不提示。
  - 期满日为节假日的不顺延（被拘留的人在押，刑事诉讼法第一百零五条但书），因此节假日后解除的同样命中。
subject: [name, id_number, case_id]
key: {table: coercive_measure, column: measure_id}
evidence:
  - {table: coercive_measure, column: measure_id}
facts:
  start_at: 拘留日期
  end_at: 计算截止日
  detained_days: 已拘留天数
  extension_days: 批准延长日数
  limit_days: 期限天数
  extended_30_days: 延长至三十日
unit: unit_code
conclusion: >-
  {{ name }}（案件{{ case_id }}）于{{ start_at|cn_date }}被刑事拘留，至{{ end_at|cn_date }}已羁押{{ detained_days }}日，
  超过法定期限（{% if extended_30_days %}经批准延长至三十日，{% endif %}共{{ limit_days }}日）{{ detained_days - limit_days }}日。
decisive: [detained_days, limit_days]
actions:
  - 调取拘留证、提请批准逮捕书及延长提请批准逮捕期限的审批材料，核实拘留起止时间和延长日数。
  - 核实是否属于流窜作案、多次作案、结伙作案而经批准延长至三十日的情形。
  - 向公安机关了解超期羁押的原因；仍在羁押的，要求立即释放或者变更强制措施。
document:
  kind: correction_notice
  request: >-
    请你单位立即纠正对{{ name }}的超期羁押，依法释放或者变更强制措施，并将纠正情况书面回复本院。
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
        COALESCE(m.extended_30_days, FALSE) AS extended_30_days,
        -- unknown: the longest the law allows; more than it allows counts as the most
        LEAST(GREATEST(COALESCE(m.extension_days, ${max_extension_days}), 0), ${max_extension_days})
            AS extension_days
    FROM coercive_measure AS m
    WHERE m.measure = 'detention' AND m.start_at <= ${as_of}
),
limited AS (
    SELECT detention.*,
           CASE WHEN extended_30_days THEN ${extended_request_days} + ${review_days}
                ELSE ${request_days} + extension_days + ${review_days} END AS limit_days
    FROM detention
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
    CASE WHEN extended_30_days THEN NULL ELSE extension_days END AS extension_days,
    limit_days,
    extended_30_days
FROM limited
WHERE ${days_between(start_at, end_at)} > limit_days
