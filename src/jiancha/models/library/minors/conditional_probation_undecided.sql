/*
id: minors.conditional_probation_undecided
version: 1
title: 附条件不起诉考验期满未作处理决定
domain: minors
description: >-
  对未成年犯罪嫌疑人作出附条件不起诉决定，考验期（自决定之日起计算；未登记考验期的按法定最长一年）
  届满后超过参数规定的日数，仍没有作出不起诉决定或者撤销附条件不起诉、提起公诉的决定：
  案件久拖不决，未成年人长期处于不确定状态。
legal_basis:
  - law: 刑事诉讼法
    article: 第二百八十三条第二款
    text: 附条件不起诉的考验期为六个月以上一年以下，从人民检察院作出附条件不起诉的决定之日起计算。
  - law: 刑事诉讼法
    article: 第二百八十四条第二款
    text: 被附条件不起诉的未成年犯罪嫌疑人，在考验期内没有上述情形，考验期满的，人民检察院应当作出不起诉的决定。
  - law: 人民检察院刑事诉讼规则
    article: 第四百七十七条
    text: 考验期届满，检察人员应当制作附条件不起诉考察意见书，提出起诉或者不起诉的意见，报请检察长决定。
excludes:
  - 考验期内撤销附条件不起诉、提起公诉的：已作出处理。
  - 考验期满已作出不起诉决定的。
  - 考验期尚未届满，或届满后未超过参数规定日数（默认三十日，法律未规定作出决定的期限，供报请检察长决定）的。
parameters:
  grace_days: {type: integer, default: 30, unit: 日, label: 考验期满后作出决定的合理期间, min: 0}
subject: [name, id_number]
key: {table: conditional_non_prosecution, column: decision_id}
evidence:
  - {table: conditional_non_prosecution, column: decision_id}
facts:
  decided_at: 附条件不起诉决定日期
  probation_months: 考验期（月）
  probation_end: 考验期届满日
  overdue_days: 届满后经过日数
unit: unit_code
conclusion: >-
  未成年犯罪嫌疑人{{ name }}于{{ decided_at|cn_date }}被附条件不起诉，考验期{{ probation_months }}个月，
  已于{{ probation_end|cn_date }}届满，至今{{ overdue_days }}日仍未作出不起诉或者起诉的决定。
decisive: [probation_end, overdue_days]
actions:
  - 调取附条件不起诉考察材料，核实考验期内有无刑事诉讼法第二百八十四条第一款规定的撤销情形。
  - 核实是否已制作附条件不起诉考察意见书并报请检察长决定；已作出决定未录入的，及时补录。
  - 督促承办检察官依法作出不起诉或者起诉决定，并送达未成年犯罪嫌疑人及其法定代理人。
*/
WITH decisions AS (
    SELECT d.record_id AS decision_id, d.name, d.id_number, d.unit_code, d.decided_at,
           COALESCE(d.probation_months, 12) AS probation_months,
           ${sentence_end(d.decided_at, COALESCE(d.probation_months, 12))} AS probation_end
    FROM conditional_non_prosecution AS d
    WHERE d.outcome IS NULL AND d.outcome_at IS NULL
)
SELECT d.decision_id, d.name, d.id_number, d.unit_code, d.decided_at, d.probation_months,
       d.probation_end, ${days_between(d.probation_end, ${as_of})} AS overdue_days
FROM decisions AS d
WHERE ${add_days(d.probation_end, ${grace_days})} < ${as_of}
