/*
id: management.supervisory_feedback_overdue
version: 1
title: 移送监察机关线索逾期未反馈
domain: management
description: >-
  向监察机关移送的问题线索，移送后超过九十日没有反馈（无法定期限，平台默认值，可按本院规定调整）。
legal_basis:
  - law: 人民检察院刑事诉讼规则
    article: 第十七条
    text: 人民检察院办理直接受理侦查的案件，发现犯罪嫌疑人同时涉嫌监察机关管辖的职务犯罪线索的，应当及时与同级监察机关沟通。
  - law: 单位内部规定
    article: 线索反馈期限（平台默认九十日）
parameters:
  days: {type: integer, default: 90, unit: 日, label: 反馈期限, min: 1}
excludes:
  - 法律没有规定监察机关反馈线索处置情况的期限：九十日是平台默认的本院督办期限，不是法定期间，不因节假日顺延；按本院规定调整参数。
subject: [to_unit, case_ref]
key: {table: supervisory_transfer, column: transfer_id}
evidence:
  - {table: supervisory_transfer, column: transfer_id}
facts:
  transferred_at: 移送日期
  deadline: 反馈期限届满日
  feedback_at: 反馈日期
unit: unit_code
conclusion: >-
  本院于{{ transferred_at|cn_date }}向{{ to_unit }}移送的问题线索，反馈期限于{{ deadline|cn_date }}届满，
  {% if feedback_at %}迟至{{ feedback_at|cn_date }}才反馈处置情况{% else %}至今未反馈处置情况{% endif %}。
decisive: [transferred_at, deadline]
actions:
  - 核实线索移送函的送达情况和监察机关的接收记录。
  - 与监察机关沟通了解线索处置进展，必要时报告上级人民检察院协调。
document:
  kind: reply_reminder
  request: >-
    请你委将本院移送问题线索的处置情况反馈本院。
*/
WITH sent AS (
    SELECT t.record_id AS transfer_id, t.to_unit, t.case_ref, t.unit_code, t.transferred_at,
           CASE WHEN t.feedback_at <= ${as_of} THEN t.feedback_at END AS feedback_at,
           ${add_days(t.transferred_at, ${days})} AS deadline
    FROM supervisory_transfer AS t
    WHERE t.transferred_at <= ${as_of}
)
SELECT transfer_id, to_unit, case_ref, unit_code, transferred_at, deadline, feedback_at
FROM sent
WHERE COALESCE(feedback_at, ${as_of}) > deadline
