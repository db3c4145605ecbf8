/*
id: custody.prosecution_review_overdue
version: 2
title: 审查起诉超期
domain: custody
description: >-
  每一轮审查起诉（自移送审查起诉之日起，至提起公诉、不起诉、退回补充侦查或重新移送；
  尚未结束的至评估日）超过法定期限：一个月，有延长审查起诉期限记录的一个月又十五日；
  速裁程序的案件十日，可能判处的有期徒刑超过一年的十五日。退回补充侦查后重新移送的，
  期限重新计算，每一轮分别审查。犯罪嫌疑人未羁押的，期间最后一日为节假日的顺延至节假日后的第一个工作日。
legal_basis:
  - law: 刑事诉讼法
    article: 第一百七十二条
    text: 人民检察院对于监察机关、公安机关移送起诉的案件，应当在一个月以内作出决定，重大、复杂的案件，可以延长十五日；犯罪嫌疑人认罪认罚，符合速裁程序适用条件的，应当在十日以内作出决定，对可能判处的有期徒刑超过一年的，可以延长至十五日。
  - law: 刑事诉讼法
    article: 第一百七十五条第三款
    text: 对于补充侦查的案件，应当在一个月以内补充侦查完毕。补充侦查以二次为限。补充侦查完毕移送人民检察院后，人民检察院重新计算审查起诉期限。
  - law: 刑事诉讼法
    article: 第一百零五条第四款
    text: 期间的最后一日为节假日的，以节假日后的第一日为期满日期，但犯罪嫌疑人、被告人或者罪犯在押期间，应当至期满之日为止，不得因节假日而延长。
  - law: 最高人民法院关于适用《刑事诉讼法》的解释
    article: 第二百零二条第一款
    text: 以月计算的期间，自本月某日至下月同日为一个月;期限起算日为本月最后一日的，至下月最后一日为一个月;下月同日不存在的，自本月某日至下月最后一日为一个月；半个月一律按十五日计算。
parameters:
  months: {type: integer, default: 1, unit: 月, label: 审查起诉期限, min: 1}
  extension_days: {type: integer, default: 15, unit: 日, label: 延长审查起诉期限, min: 0}
  speedy_days: {type: integer, default: 10, unit: 日, label: 速裁案件审查起诉期限, min: 1}
  speedy_long_days: {type: integer, default: 15, unit: 日, label: 速裁案件可能判处一年以上的期限, min: 1}
  speedy_long_months: {type: integer, default: 12, unit: 月, label: 速裁延长期限适用的刑期下限（超过）, min: 0}
excludes:
  - 速裁程序的案件（以判决记载的审理程序为准），可能判处的有期徒刑超过一年的，十五日以内不提示；未记录刑期的按十五日计算。可能判处的刑期未记录的，以判处的刑期代替。
  - 犯罪嫌疑人未被拘留或逮捕的，期间最后一日为节假日时在节假日后的第一个工作日作出决定的，不提示（刑事诉讼法第一百零五条）；在押的不顺延。
  - 退回补充侦查期间不计入审查起诉期限；退回后重新移送的，重新计算。
subject: [case_id, name, id_number]
key: {table: procedural_event, column: transfer_id}
evidence:
  - {table: procedural_event, column: transfer_id}
  - {table: procedural_event, column: end_event_id}
  - {table: procedural_event, column: extension_ids}
  - {table: judgment, column: speedy_judgment_ids}
facts:
  transferred_at: 移送审查起诉日期
  end_at: 计算截止日
  extended: 是否延长
  speedy: 速裁程序
  in_custody: 期满时在押
  period_last_day: 期间最后一日
  deadline: 期满日期
  review_days: 审查天数
unit: unit_code
conclusion: >-
  案件{{ case_id }}{% if name %}（犯罪嫌疑人{{ name }}）{% endif %}于{{ transferred_at|cn_date }}移送审查起诉，
  {% if speedy %}适用速裁程序，{% endif %}审查起诉期限{% if extended %}经延长{% endif %}应于{{ deadline|cn_date }}届满，
  计算至{{ end_at|cn_date }}已审查{{ review_days }}日，超过期限{{ deadline|days_between(end_at) }}日。
decisive: [transferred_at, deadline, review_days]
actions:
  - 核实本轮审查起诉的起止时间，有无退回补充侦查、延长审查起诉期限的决定。
  - 核实是否适用速裁程序及可能判处的刑期，据以确定应适用的审查期限。
  - 核实犯罪嫌疑人是否在押、期满日是否遇节假日顺延，了解超期原因。
document:
  kind: correction_notice
  request: >-
    请对案件{{ case_id }}依法及时作出起诉或者不起诉的决定，说明超过审查起诉期限的原因，并书面回复。
*/
WITH events AS (
    SELECT e.record_id, e.case_id, e.event, e.at, e.unit_code, e.name, e.id_number
    FROM procedural_event AS e
    WHERE e.at <= ${as_of}
      AND e.event IN ('transfer_for_prosecution', 'returned_for_investigation',
                      'prosecution_extension', 'indictment', 'non_prosecution')
),
transfers AS (
    SELECT record_id AS transfer_id, case_id, "at" AS transferred_at, unit_code, name, id_number
    FROM events
    WHERE event = 'transfer_for_prosecution'
),
ending AS (
    -- a round ends at the decision, a return to the police, or a later transfer
    SELECT t.transfer_id, e.record_id AS end_event_id, e.at AS end_at,
           ROW_NUMBER() OVER (PARTITION BY t.transfer_id ORDER BY e.at, e.record_id) AS rn
    FROM transfers AS t
    JOIN events AS e
      ON e.case_id = t.case_id AND e.at >= t.transferred_at AND e.record_id <> t.transfer_id
     AND (e.event IN ('indictment', 'non_prosecution', 'returned_for_investigation')
          OR (e.event = 'transfer_for_prosecution' AND e.at > t.transferred_at))
),
rounds AS (
    SELECT t.*, d.end_event_id, COALESCE(d.end_at, ${as_of}) AS end_at
    FROM transfers AS t
    LEFT JOIN ending AS d ON d.transfer_id = t.transfer_id AND d.rn = 1
),
extension AS (
    SELECT r.transfer_id, array_to_string(list_sort(list(e.record_id)), ';') AS extension_ids
    FROM rounds AS r
    JOIN events AS e
      ON e.case_id = r.case_id AND e.event = 'prosecution_extension'
     AND e.at >= r.transferred_at AND e.at <= r.end_at
    GROUP BY r.transfer_id
),
speedy AS (
    -- tried by 速裁: the sentenced term stands for the possible one (unknown: the longer limit)
    SELECT j.case_id,
           array_to_string(list_sort(list(j.record_id)), ';') AS speedy_judgment_ids,
           MAX(CASE WHEN j.term_months IS NULL OR j.term_months > ${speedy_long_months}
                    THEN 1 ELSE 0 END) AS long_term
    FROM judgment AS j
    WHERE j.procedure = 'speedy' AND j.case_id IS NOT NULL
    GROUP BY j.case_id
),
dated AS (
    SELECT r.*, x.extension_ids, s.speedy_judgment_ids,
           x.transfer_id IS NOT NULL AS extended,
           s.case_id IS NOT NULL AS speedy,
           CASE WHEN s.case_id IS NOT NULL
                THEN ${add_days(r.transferred_at,
                                CASE WHEN s.long_term = 1 THEN ${speedy_long_days}
                                     ELSE ${speedy_days} END)}
                ELSE ${add_days(${add_months(r.transferred_at, ${months})},
                                CASE WHEN x.transfer_id IS NULL THEN 0 ELSE ${extension_days} END)}
           END AS period_last_day
    FROM rounds AS r
    LEFT JOIN extension AS x ON x.transfer_id = r.transfer_id
    LEFT JOIN speedy AS s ON s.case_id = r.case_id
),
custody AS (
    -- detained or arrested on the period's last day (the same person where both are named)
    SELECT d.transfer_id
    FROM dated AS d
    JOIN coercive_measure AS m
      ON m.case_id = d.case_id AND m.measure IN ('detention', 'arrest')
     AND m.start_at <= d.period_last_day
     AND (m.end_at IS NULL OR m.end_at >= d.period_last_day)
     AND (NULLIF(TRIM(d.id_number), '') IS NULL OR NULLIF(TRIM(m.id_number), '') IS NULL
          OR TRIM(d.id_number) = TRIM(m.id_number))
    GROUP BY d.transfer_id
),
judged AS (
    SELECT d.*, c.transfer_id IS NOT NULL AS in_custody,
           CASE WHEN c.transfer_id IS NOT NULL THEN d.period_last_day
                ELSE ${next_working_day(d.period_last_day)} END AS deadline
    FROM dated AS d
    LEFT JOIN custody AS c ON c.transfer_id = d.transfer_id
)
SELECT transfer_id, case_id, name, id_number, unit_code, end_event_id, extension_ids,
       speedy_judgment_ids, transferred_at, end_at, extended, speedy, in_custody,
       period_last_day, deadline, ${days_between(transferred_at, end_at)} AS review_days
FROM judged
WHERE end_at > deadline
