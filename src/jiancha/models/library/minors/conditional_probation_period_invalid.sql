/*
id: minors.conditional_probation_period_invalid
version: 1
title: 附条件不起诉考验期不在六个月至一年之间
domain: minors
description: >-
  附条件不起诉决定确定的考验期短于六个月或者长于一年，不符合刑事诉讼法规定的考验期幅度。
legal_basis:
  - law: 刑事诉讼法
    article: 第二百八十三条第二款
    text: 附条件不起诉的考验期为六个月以上一年以下，从人民检察院作出附条件不起诉的决定之日起计算。
  - law: 人民检察院刑事诉讼规则
    article: 第四百七十三条
    text: 人民检察院作出附条件不起诉决定的，应当确定考验期。考验期为六个月以上一年以下，从人民检察院作出附条件不起诉的决定之日起计算。
excludes:
  - 考验期恰为六个月或十二个月的：在法定幅度以内（“以上”“以下”包括本数）。
  - 未登记考验期的：不能判断。
parameters:
  min_months: {type: integer, default: 6, unit: 月, label: 考验期下限, min: 1}
  max_months: {type: integer, default: 12, unit: 月, label: 考验期上限, min: 1}
subject: [name, id_number]
key: {table: conditional_non_prosecution, column: decision_id}
evidence:
  - {table: conditional_non_prosecution, column: decision_id}
facts:
  decided_at: 附条件不起诉决定日期
  probation_months: 考验期（月）
unit: unit_code
conclusion: >-
  对未成年犯罪嫌疑人{{ name }}于{{ decided_at|cn_date }}作出的附条件不起诉决定，确定的考验期为{{ probation_months }}个月，
  不在六个月以上一年以下的法定幅度内。
decisive: [probation_months]
actions:
  - 调取附条件不起诉决定书，核实考验期是否录入错误。
  - 考验期确实违法的，依法纠正，重新确定考验期并告知未成年犯罪嫌疑人及其法定代理人。
*/
SELECT d.record_id AS decision_id, d.name, d.id_number, d.unit_code, d.decided_at,
       d.probation_months
FROM conditional_non_prosecution AS d
WHERE d.decided_at <= ${as_of}
  AND (d.probation_months < ${min_months} OR d.probation_months > ${max_months})
