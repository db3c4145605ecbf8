/*
id: custody.bail_overdue
version: 2
title: 取保候审超期
domain: custody
description: >-
  同一决定机关的取保候审自开始之日起至解除或评估日超过十二个月。
  每条强制措施记录是一个机关的决定，期限按机关分别计算。月按刑诉法解释第二百零二条计算
  （起算日为月末的，至期满月的月末）；期间最后一日为节假日的，以节假日后的第一个工作日为期满日期。
legal_basis:
  - law: 刑事诉讼法
    article: 第七十九条
    text: 人民法院、人民检察院和公安机关对犯罪嫌疑人、被告人取保候审最长不得超过十二个月，监视居住最长不得超过六个月。
  - law: 刑事诉讼法
    article: 第一百零五条第四款
    text: 期间的最后一日为节假日的，以节假日后的第一日为期满日期，但犯罪嫌疑人、被告人或者罪犯在押期间，应当至期满之日为止，不得因节假日而延长。
  - law: 最高人民法院关于适用《刑事诉讼法》的解释
    article: 第二百零二条第一款
    text: 以月计算的期间，自本月某日至下月同日为一个月;期限起算日为本月最后一日的，至下月最后一日为一个月;下月同日不存在的，自本月某日至下月最后一日为一个月；半个月一律按十五日计算。
parameters:
  months: {type: integer, default: 12, unit: 月, label: 取保候审最长期限, min: 1}
excludes:
  - 期间最后一日为节假日、在节假日后的第一个工作日解除的：取保候审的人不在押，期满日期依刑事诉讼法第一百零五条顺延。
  - 不同机关先后作出的取保候审：每个机关的决定各自计算期限，不累计。
subject: [name, id_number, case_id]
key: {table: coercive_measure, column: measure_id}
evidence:
  - {table: coercive_measure, column: measure_id}
facts:
  start_at: 开始日期
  end_at: 计算截止日
  period_last_day: 期间最后一日
  deadline: 期满日期（节假日顺延）
  limit_months: 期限（月）
unit: unit_code
conclusion: >-
  {{ name }}（案件{{ case_id }}）自{{ start_at|cn_date }}起被取保候审，法定期限{{ limit_months }}个月，
  应于{{ deadline|cn_date }}届满，计算至{{ end_at|cn_date }}超过期限{{ deadline|days_between(end_at) }}日。
decisive: [start_at, deadline, end_at]
actions:
  - 调取取保候审决定书、解除取保候审决定书，核实起止日期和决定机关。
  - 核实是否为不同机关先后作出的取保候审（各自计算期限），期满日是否遇节假日顺延。
  - 向决定机关了解超期未解除的原因，是否已变更强制措施。
document:
  kind: correction_notice
  request: >-
    请你单位依法解除对{{ name }}的取保候审或者依法变更强制措施，并将纠正情况书面回复本院。
*/
WITH bail AS (
    SELECT
        m.record_id AS measure_id,
        m.name,
        m.id_number,
        m.case_id,
        m.unit_code,
        m.start_at,
        LEAST(COALESCE(m.end_at, ${as_of}), ${as_of}) AS end_at,
        ${add_months(m.start_at, ${months})} AS period_last_day
    FROM coercive_measure AS m
    WHERE m.measure = 'bail' AND m.start_at <= ${as_of}
),
judged AS (
    -- not in custody: a last day on a holiday moves to the next working day (art. 105)
    SELECT bail.*, ${next_working_day(period_last_day)} AS deadline
    FROM bail
)
SELECT
    measure_id, name, id_number, case_id, unit_code, start_at, end_at, period_last_day, deadline,
    ${months} AS limit_months
FROM judged
WHERE end_at > deadline
