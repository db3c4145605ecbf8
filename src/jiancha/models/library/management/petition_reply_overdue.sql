/*
id: management.petition_reply_overdue
version: 1
title: 信访件逾期未回复
domain: management
description: >-
  群众信访件收到后七日内没有程序性回复，或三个月内没有办理结果答复
  （件件有回复）。尚未回复的计算至评估日。
legal_basis:
  - law: 最高人民检察院关于群众信访件件有回复的规定（2019）
    article: 回复期限
    text: 群众来信七日内程序性回复，三个月内答复办理过程或者结果。
  - law: 信访工作条例
    article: 第三十二条
parameters:
  procedural_days: {type: integer, default: 7, unit: 日, label: 程序性回复期限, min: 1}
  result_months: {type: integer, default: 3, unit: 月, label: 结果答复期限, min: 1}
subject: [petitioner_name, petitioner_id_number]
key: {table: petition, column: petition_id}
evidence:
  - {table: petition, column: petition_id}
facts:
  received_at: 收信日期
  procedural_reply_at: 程序性回复日期
  procedural_deadline: 程序性回复期限
  result_reply_at: 结果答复日期
  result_deadline: 结果答复期限
  overdue: 逾期事项
unit: unit_code
*/
WITH received AS (
    SELECT p.record_id AS petition_id, p.petitioner_name, p.petitioner_id_number, p.unit_code,
           p.received_at,
           CASE WHEN p.procedural_reply_at <= ${as_of} THEN p.procedural_reply_at END
               AS procedural_reply_at,
           CASE WHEN p.result_reply_at <= ${as_of} THEN p.result_reply_at END AS result_reply_at,
           ${add_days(p.received_at, ${procedural_days})} AS procedural_deadline,
           ${add_months(p.received_at, ${result_months})} AS result_deadline
    FROM petition AS p
    WHERE p.received_at <= ${as_of}
),
judged AS (
    SELECT received.*,
           COALESCE(procedural_reply_at, ${as_of}) > procedural_deadline AS procedural_late,
           COALESCE(result_reply_at, ${as_of}) > result_deadline AS result_late
    FROM received
)
SELECT petition_id, petitioner_name, petitioner_id_number, unit_code, received_at,
       procedural_reply_at, procedural_deadline, result_reply_at, result_deadline,
       concat_ws('、', CASE WHEN procedural_late THEN '程序性回复' END,
                 CASE WHEN result_late THEN '结果答复' END) AS overdue
FROM judged
WHERE procedural_late OR result_late
