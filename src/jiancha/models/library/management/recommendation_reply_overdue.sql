/*
id: management.recommendation_reply_overdue
version: 2
title: 检察建议逾期未回复
domain: management
description: >-
  检察建议、诉前检察建议、再审检察建议、纠正违法通知书送达后，超过该类文书的回复期限未回复
  （回复晚于期限的同样命中；尚未回复的计算至评估日）。回复期限按文书类型统一取自回复期限表
  （与"到期事项"相同）：文书载明回复期限的，按载明的期限；检察建议、诉前检察建议二个月（紧急的十五日），
  再审检察建议三个月，纠正违法通知书及其他文书十五日。期间最后一日为节假日的，顺延至节假日后的第一个工作日。
legal_basis:
  - law: 人民检察院检察建议工作规定
    article: 第十九条
    text: 人民检察院提出检察建议，除另有规定外，应当要求被建议单位自收到检察建议书之日起两个月以内作出相应处理，并书面回复人民检察院。因情况紧急需要被建议单位尽快处理的，可以根据实际情况确定相应的回复期限。
  - law: 行政诉讼法
    article: 第二十五条第四款
    text: 行政机关应当在收到检察建议书之日起两个月内依法履行职责，并书面回复人民检察院。出现国家利益或者社会公共利益损害继续扩大等紧急情形的，行政机关应当在十五日内书面回复。
  - law: 最高人民法院关于适用《民事诉讼法》的解释
    article: 第四百一十七条
    text: 人民法院收到再审检察建议后，应当组成合议庭，在三个月内进行审查，发现原判决、裁定、调解书确有错误，需要再审的，依照民事诉讼法第二百零五条规定裁定再审，并通知当事人；经审查，决定不予再审的，应当书面回复人民检察院。
  - law: 人民检察院刑事诉讼规则
    article: 第五百五十三条
    text: 人民检察院发出纠正违法通知书的，应当监督落实。被监督单位在纠正违法通知书规定的期限内没有回复纠正情况的，人民检察院应当督促回复。
  - law: 刑事诉讼法
    article: 第一百零五条第四款
    text: 期间的最后一日为节假日的，以节假日后的第一日为期满日期，但犯罪嫌疑人、被告人或者罪犯在押期间，应当至期满之日为止，不得因节假日而延长。
excludes:
  - 文书载明回复期限的，在载明的期限内回复的不提示（纠正违法通知书、紧急的检察建议）。
  - 再审检察建议三个月以内回复的不提示。
  - 期间最后一日为节假日、在节假日后的第一个工作日回复的不提示。
subject: [recipient, kind]
key: {table: recommendation, column: recommendation_id}
evidence:
  - {table: recommendation, column: recommendation_id}
facts:
  served_at: 送达日期
  period_last_day: 期间最后一日
  deadline: 回复期限届满日
  replied_at: 回复日期
  stated_days: 载明的回复期限（日）
  urgent: 紧急
unit: unit_code
conclusion: >-
  本院向{{ recipient }}制发的文书于{{ served_at|cn_date }}送达，回复期限于{{ deadline|cn_date }}届满，
  {% if replied_at %}被建议单位迟至{{ replied_at|cn_date }}才书面回复{% else %}被建议单位至今未书面回复{% endif %}。
decisive: [served_at, deadline]
actions:
  - 调取文书送达回证，核实送达日期和文书载明的回复期限。
  - 向被建议单位了解未按期回复的原因和整改进展。
  - 仍未回复的，制发督促回复函；必要时报告其上级主管机关或者同级人民政府。
document:
  kind: reply_reminder
  request: >-
    请你单位抓紧办理本院文书所提事项，于收到本函后将办理情况和逾期未回复的原因书面回复本院。
*/
WITH served AS (
    SELECT r.record_id AS recommendation_id, r.recipient, r.kind, r.unit_code, r.served_at,
           CASE WHEN r.replied_at <= ${as_of} THEN r.replied_at END AS replied_at,
           COALESCE(r.urgent, FALSE) AS urgent,
           CASE WHEN r.reply_days > 0 THEN r.reply_days END AS stated_days,
           ${reply_deadline(r.kind, r.served_at, r.reply_days, r.urgent)} AS period_last_day
    FROM recommendation AS r
    WHERE r.served_at IS NOT NULL AND r.served_at <= ${as_of}
),
judged AS (
    -- nobody is in custody: a last day on a holiday moves to the next working day
    SELECT served.*, ${next_working_day(period_last_day)} AS deadline
    FROM served
)
SELECT recommendation_id, recipient, kind, unit_code, served_at, period_last_day, deadline,
       replied_at, stated_days, urgent
FROM judged
WHERE COALESCE(replied_at, ${as_of}) > deadline
