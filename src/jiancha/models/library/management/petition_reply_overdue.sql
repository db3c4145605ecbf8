/*
id: management.petition_reply_overdue
version: 2
title: 信访件逾期未回复
domain: management
description: >-
  群众信访件收到后七日内没有程序性回复，或三个月内没有办理结果答复
  （件件有回复）。尚未回复的计算至评估日。月按刑诉法解释第二百零二条计算；
  期间最后一日为节假日的，顺延至节假日后的第一个工作日。
legal_basis:
  - law: 最高人民检察院关于群众信访件件有回复的规定（2019）
    article: 回复期限
    text: 群众来信七日内程序性回复，三个月内答复办理过程或者结果。
  - law: 信访工作条例
    article: 第二十三条第二款
    text: 对信访人直接提出的信访事项，有关机关、单位能够当场告知的，应当当场书面告知；不能当场告知的，应当自收到信访事项之日起15日内书面告知信访人，但信访人的姓名（名称）、住址不清的除外。
  - law: 信访工作条例
    article: 第三十四条
    text: 对本条例第三十一条第六项规定的信访事项应当自受理之日起60日内办结；情况复杂的，经本机关、单位负责人批准，可以适当延长办理期限，但延长期限不得超过30日，并告知信访人延期理由。
  - law: 刑事诉讼法
    article: 第一百零五条第四款
    text: 期间的最后一日为节假日的，以节假日后的第一日为期满日期，但犯罪嫌疑人、被告人或者罪犯在押期间，应当至期满之日为止，不得因节假日而延长。
parameters:
  procedural_days: {type: integer, default: 7, unit: 日, label: 程序性回复期限, min: 1}
  result_months: {type: integer, default: 3, unit: 月, label: 结果答复期限, min: 1}
excludes:
  - 期间最后一日为节假日、在节假日后的第一个工作日回复的不提示。
  - 七日、三个月是检察机关"件件有回复"的要求，严于信访工作条例（十五日书面告知、六十日办结），按本院标准可调整参数。
subject: [petitioner_name, petitioner_id_number]
key: {table: petition, column: petition_id}
evidence:
  - {table: petition, column: petition_id}
facts:
  received_at: 收信日期
  procedural_reply_at: 程序性回复日期
  procedural_deadline: 程序性回复期满日
  result_reply_at: 结果答复日期
  result_deadline: 结果答复期满日
  overdue: 逾期事项
unit: unit_code
conclusion: >-
  信访人{{ petitioner_name }}于{{ received_at|cn_date }}来信，{{ overdue }}逾期：程序性回复应于
  {{ procedural_deadline|cn_date }}前作出，结果答复应于{{ result_deadline|cn_date }}前作出。
decisive: [received_at, procedural_deadline, result_deadline]
actions:
  - 调取信访登记、分流、办理和答复材料，核实收信日期和回复、答复日期。
  - 查明逾期的原因和承办部门，督促立即回复信访人。
*/
WITH received AS (
    SELECT p.record_id AS petition_id, p.petitioner_name, p.petitioner_id_number, p.unit_code,
           p.received_at,
           CASE WHEN p.procedural_reply_at <= ${as_of} THEN p.procedural_reply_at END
               AS procedural_reply_at,
           CASE WHEN p.result_reply_at <= ${as_of} THEN p.result_reply_at END AS result_reply_at,
           -- nobody is in custody: a last day on a holiday moves to the next working day
           ${next_working_day(${add_days(p.received_at, ${procedural_days})})}
               AS procedural_deadline,
           ${next_working_day(${add_months(p.received_at, ${result_months})})} AS result_deadline
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
