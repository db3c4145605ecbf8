/*
id: management.recommendation_reply_overdue
version: 1
title: 检察建议逾期未回复
domain: management
description: >-
  检察建议（纠正违法通知书、诉前检察建议）送达后超过二个月（紧急的十五日）未回复
  （回复晚于期限的同样命中；尚未回复的计算至评估日）。
legal_basis:
  - law: 人民检察院检察建议工作规定
    article: 回复期限
    text: 被建议单位应当在收到检察建议书之日起二个月以内作出相应处理，并书面回复人民检察院；紧急情况可以确定较短的回复期限。
  - law: 行政诉讼法
    article: 第二十五条第四款
parameters:
  months: {type: integer, default: 2, unit: 月, label: 回复期限, min: 1}
  urgent_days: {type: integer, default: 15, unit: 日, label: 紧急情况回复期限, min: 1}
subject: [recipient, kind]
key: {table: recommendation, column: recommendation_id}
evidence:
  - {table: recommendation, column: recommendation_id}
facts:
  served_at: 送达日期
  deadline: 回复期限届满日
  replied_at: 回复日期
  urgent: 紧急
unit: unit_code
*/
WITH served AS (
    SELECT r.record_id AS recommendation_id, r.recipient, r.kind, r.unit_code, r.served_at,
           CASE WHEN r.replied_at <= ${as_of} THEN r.replied_at END AS replied_at,
           COALESCE(r.urgent, FALSE) AS urgent,
           CASE WHEN COALESCE(r.urgent, FALSE) THEN ${add_days(r.served_at, ${urgent_days})}
                ELSE ${add_months(r.served_at, ${months})} END AS deadline
    FROM recommendation AS r
    WHERE r.served_at IS NOT NULL AND r.served_at <= ${as_of}
)
SELECT recommendation_id, recipient, kind, unit_code, served_at, deadline, replied_at, urgent
FROM served
WHERE COALESCE(replied_at, ${as_of}) > deadline
