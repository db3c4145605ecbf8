/*
id: filing.report_undecided
version: 2
title: 受案后逾期未作立案决定
domain: filing
description: >-
  刑事受案登记自受案之日起超过三十日仍未作出立案、不予立案或移送决定
  （决定晚于期限的同样命中；尚未决定的计算至评估日）。期间最后一日为节假日的，
  顺延至节假日后的第一个工作日（受案审查期间没有人在押）。
legal_basis:
  - law: 公安机关办理刑事案件程序规定
    article: 第一百七十八条
  - law: 公安部关于改革完善受案立案制度的意见（2015）
    article: 受案审查期限
    text: 受案后一般三日内作出决定，需调查核实的七日，重大疑难复杂案件最长三十日。
  - law: 刑事诉讼法
    article: 第一百零五条第四款
    text: 期间的最后一日为节假日的，以节假日后的第一日为期满日期，但犯罪嫌疑人、被告人或者罪犯在押期间，应当至期满之日为止，不得因节假日而延长。
parameters:
  days: {type: integer, default: 30, unit: 日, label: 立案审查期限, min: 1}
excludes:
  - 第三十日为节假日、在节假日后的第一个工作日作出决定的不提示。
subject: [suspect_name, suspect_id_number, offense]
key: {table: case_report, column: report_id}
evidence:
  - {table: case_report, column: report_id}
facts:
  received_at: 受案日期
  decided_at: 决定日期
  elapsed_days: 经过天数
  limit_days: 期限（日）
  deadline: 期满日期
unit: unit_code
conclusion: >-
  公安机关于{{ received_at|cn_date }}受理{% if suspect_name %}{{ suspect_name }}{% endif %}涉嫌{{ offense or "犯罪" }}的报案，
  {% if decided_at %}至{{ decided_at|cn_date }}才作出决定{% else %}至今未作出立案、不予立案或移送的决定{% endif %}，
  历时{{ elapsed_days }}日，超过{{ limit_days }}日的审查期限（期满日期{{ deadline|cn_date }}）。
decisive: [received_at, deadline, elapsed_days]
actions:
  - 调取受案登记表及受案后的调查材料，核实是否已作出立案、不予立案或移送管辖的决定。
  - 核实期满日是否遇节假日顺延，以及有无依法延长审查期限的审批。
  - 向公安机关了解逾期未作决定的原因。
document:
  kind: correction_notice
  request: >-
    请你单位对{{ received_at|cn_date }}受理的{{ offense or "" }}报案依法及时作出立案、不予立案或者移送的决定，
    并将纠正情况书面回复本院。
*/
WITH report AS (
    SELECT r.record_id AS report_id, r.suspect_name, r.suspect_id_number, r.offense,
           r.unit_code, r.received_at,
           CASE WHEN r.decision IN ('filed', 'not_filed', 'transferred')
                     AND COALESCE(r.decided_at, r.received_at) <= ${as_of}
                THEN r.decided_at END AS decided_at,
           -- the day the decision was made, or as_of while none was made by then
           CASE WHEN r.decision IN ('filed', 'not_filed', 'transferred')
                     AND COALESCE(r.decided_at, r.received_at) <= ${as_of}
                THEN COALESCE(r.decided_at, r.received_at)
                ELSE ${as_of} END AS end_at
    FROM case_report AS r
    WHERE r.case_kind = 'criminal' AND r.received_at <= ${as_of}
)
SELECT report_id, suspect_name, suspect_id_number, offense, unit_code, received_at, decided_at,
       ${days_between(received_at, end_at)} AS elapsed_days, ${days} AS limit_days, deadline
FROM (
    -- nobody is in custody: a last day on a holiday moves to the next working day
    SELECT report.*, ${next_working_day(${add_days(received_at, ${days})})} AS deadline
    FROM report
) AS dated
WHERE end_at > deadline
