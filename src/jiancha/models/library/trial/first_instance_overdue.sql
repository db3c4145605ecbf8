/*
id: trial.first_instance_overdue
version: 1
title: 一审审理超期
domain: trial
description: >-
  公诉案件自一审立案（受理）至一审判决（尚未判决的至评估日）超过三个月，且无延长审限记录。
legal_basis:
  - law: 刑事诉讼法
    article: 第二百零八条
    text: 人民法院审理公诉案件，应当在受理后二个月以内宣判，至迟不得超过三个月。
parameters:
  months: {type: integer, default: 3, unit: 月, label: 一审审理期限, min: 1}
subject: [case_id]
key: {table: procedural_event, column: filed_id}
evidence:
  - {table: procedural_event, column: filed_id}
  - {table: procedural_event, column: judgment_event_id}
facts:
  filed_at: 一审立案日期
  end_at: 计算截止日
  deadline: 期限届满日
  limit_months: 期限（月）
unit: unit_code
*/
WITH filed AS (
    SELECT e.record_id AS filed_id, e.case_id, e.unit_code, e.at AS filed_at
    FROM procedural_event AS e
    WHERE e.event = 'first_instance_filed' AND e.at <= ${as_of}
),
judged AS (
    SELECT f.filed_id, e.record_id AS judgment_event_id, e.at AS judged_at,
           ROW_NUMBER() OVER (PARTITION BY f.filed_id ORDER BY e.at, e.record_id) AS rn
    FROM filed AS f
    JOIN procedural_event AS e
      ON e.case_id = f.case_id AND e.event = 'first_instance_judgment'
     AND e.at >= f.filed_at AND e.at <= ${as_of}
),
extended AS (
    SELECT DISTINCT f.filed_id
    FROM filed AS f
    JOIN procedural_event AS e
      ON e.case_id = f.case_id AND e.event = 'trial_extension' AND e.at >= f.filed_at
),
measured AS (
    SELECT f.*, j.judgment_event_id,
           COALESCE(j.judged_at, ${as_of}) AS end_at,
           ${add_months(f.filed_at, ${months})} AS deadline
    FROM filed AS f
    LEFT JOIN judged AS j ON j.filed_id = f.filed_id AND j.rn = 1
    WHERE NOT EXISTS (SELECT 1 FROM extended AS x WHERE x.filed_id = f.filed_id)
)
SELECT filed_id, case_id, unit_code, judgment_event_id, filed_at, end_at, deadline,
       ${months} AS limit_months
FROM measured
WHERE end_at > deadline
