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
  - law: 单位内部规定
    article: 线索反馈期限（平台默认九十日）
parameters:
  days: {type: integer, default: 90, unit: 日, label: 反馈期限, min: 1}
subject: [to_unit, case_ref]
key: {table: supervisory_transfer, column: transfer_id}
evidence:
  - {table: supervisory_transfer, column: transfer_id}
facts:
  transferred_at: 移送日期
  deadline: 反馈期限届满日
  feedback_at: 反馈日期
unit: unit_code
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
