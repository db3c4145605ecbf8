/*
id: trial.first_instance_overdue
version: 2
title: 一审审理超期
domain: trial
description: >-
  公诉案件自一审受理（审判阶段补充侦查的，自补充侦查完毕移送法院、重新计算审理期限之日）至一审判决
  （尚未判决的至评估日）超过审理期限：速裁程序十日（可能判处的有期徒刑超过一年的十五日），
  简易程序二十日（可能判处的有期徒刑超过三年的一个半月），普通程序至迟三个月；每一次经批准延长
  审理期限加三个月，中止审理的期间不计入。可能判处的刑期未记录的，以判处的刑期代替；
  审理程序或刑期不详的，按较长的期限计算。
legal_basis:
  - law: 刑事诉讼法
    article: 第二百零八条
    text: 人民法院审理公诉案件，应当在受理后二个月以内宣判，至迟不得超过三个月。对于可能判处死刑的案件或者附带民事诉讼的案件，以及有本法第一百五十八条规定情形之一的，经上一级人民法院批准，可以延长三个月；因特殊情况还需要延长的，报请最高人民法院批准。……人民检察院补充侦查的案件，补充侦查完毕移送人民法院后，人民法院重新计算审理期限。
  - law: 刑事诉讼法
    article: 第二百二十条
    text: 适用简易程序审理案件，人民法院应当在受理后二十日以内审结；对可能判处的有期徒刑超过三年的，可以延长至一个半月。
  - law: 刑事诉讼法
    article: 第二百二十五条
    text: 适用速裁程序审理案件，人民法院应当在受理后十日以内审结；对可能判处的有期徒刑超过一年的，可以延长至十五日。
  - law: 刑事诉讼法
    article: 第二百零六条第二款
    text: 中止审理的原因消失后，应当恢复审理。中止审理的期间不计入审理期限。
  - law: 刑事诉讼法
    article: 第二百零五条
    text: 依照本法第二百零四条第二项的规定延期审理的案件，人民检察院应当在一个月以内补充侦查完毕。
  - law: 最高人民法院关于适用《刑事诉讼法》的解释
    article: 第二百一十条第一款
    text: 对可能判处死刑的案件或者附带民事诉讼的案件，以及有刑事诉讼法第一百五十八条规定情形之一的案件，上一级人民法院可以批准延长审理期限一次，期限为三个月。
parameters:
  months: {type: integer, default: 3, unit: 月, label: 普通程序审理期限, min: 1}
  extension_months: {type: integer, default: 3, unit: 月, label: 每次延长审限, min: 1}
subject: [case_id]
key: {table: procedural_event, column: filed_id}
evidence:
  - {table: procedural_event, column: filed_id}
  - {table: procedural_event, column: judgment_event_id}
facts:
  procedure: 审理程序
  filed_at: 一审立案日期
  restarted_at: 补充侦查后重新计算审限之日
  end_at: 计算截止日
  deadline: 期限届满日
  time_limit: 审理期限
  extensions: 延长审限次数
  suspended_days: 中止审理天数
unit: unit_code
excludes:
  - 审判阶段补充侦查的，补充侦查完毕移送法院后重新计算审理期限（刑事诉讼法第二百零八条第三款），此前的时间不计入。
  - 中止审理的期间不计入审理期限（第二百零六条）；中止后尚未恢复的，至计算截止日都不计入。
  - 经批准延长审理期限的，每次延长三个月（刑诉法解释第二百一十条）；因特殊情况报请最高人民法院批准延长的期限未记载的，也按三个月计，线索须核实。
  - 审理程序未记录（或被告人的判决不全是速裁、简易程序）的，按普通程序三个月计；可能判处的刑期不详的，速裁按十五日、简易按一个半月计。
  - 由简易、速裁程序转为普通程序的，审理期限自决定转换之日起算（刑诉法解释第三百七十六条）；数据没有转换日期的，按受理之日起算，线索须核实。
conclusion: >-
  案件{{ case_id }}于{{ filed_at|cn_date }}一审立案{% if restarted_at %}（补充侦查完毕后于{{ restarted_at|cn_date }}重新计算审理期限）{% endif %}，
  {% if procedure %}适用{{ procedure }}，{% endif %}审理期限{{ time_limit }}，应于{{ deadline|cn_date }}届满，
  计算至{{ end_at|cn_date }}超过审理期限{{ deadline|days_between(end_at) }}日。
decisive: [filed_at, deadline, end_at]
actions:
  - 调取案件审理流程记录，核实立案、延长审限、中止审理、补充侦查及程序转换的时间。
  - 核实延长审理期限是否经依法批准，中止审理的期间是否已扣除。
  - 向人民法院了解超过审理期限的原因。
document:
  kind: correction_notice
  request: >-
    请你院依法及时审结案件{{ case_id }}，纠正超过审理期限的情形，并将纠正情况书面回复本院。
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
ended AS (
    SELECT f.*, j.judgment_event_id, COALESCE(j.judged_at, ${as_of}) AS end_at
    FROM filed AS f
    LEFT JOIN judged AS j ON j.filed_id = f.filed_id AND j.rn = 1
),
sentenced AS (
    -- the procedure of every defendant's judgment, and the longest term (standing for the
    -- possible term, which no table records); unknown → the ordinary procedure
    SELECT d.filed_id,
           CASE WHEN BOOL_AND(COALESCE(j.procedure, 'ordinary') = 'speedy') THEN 'speedy'
                WHEN BOOL_AND(COALESCE(j.procedure, 'ordinary') IN ('speedy', 'summary'))
                THEN 'summary' ELSE 'ordinary' END AS procedure,
           MAX(CASE WHEN j.penalty IN ('life', 'death') OR j.term_months IS NULL THEN 999
                    ELSE j.term_months END) AS term_months
    FROM ended AS d
    JOIN judgment AS j ON j.case_id = d.case_id
    GROUP BY d.filed_id
),
events AS (
    SELECT d.filed_id,
           MAX(CASE WHEN e.event = 'trial_supplementary_investigation' THEN e.at END)
               AS restarted_at,
           COUNT(CASE WHEN e.event = 'trial_extension' THEN 1 END) AS extensions
    FROM ended AS d
    JOIN procedural_event AS e
      ON e.case_id = d.case_id AND e.at >= d.filed_at AND e.at <= d.end_at
     AND e.event IN ('trial_supplementary_investigation', 'trial_extension')
    GROUP BY d.filed_id
),
clocked AS (
    SELECT d.*, COALESCE(s.procedure, 'ordinary') AS procedure, COALESCE(s.term_months, 999)
               AS term_months,
           v.restarted_at, COALESCE(v.extensions, 0) AS extensions,
           COALESCE(v.restarted_at, d.filed_at) AS clock_start
    FROM ended AS d
    LEFT JOIN sentenced AS s ON s.filed_id = d.filed_id
    LEFT JOIN events AS v ON v.filed_id = d.filed_id
),
suspensions AS (
    -- each suspension after the clock started, until its resumption (or the end)
    SELECT c.filed_id, s.at AS suspended_at,
           LEAST(COALESCE(MIN(r.at), c.end_at), c.end_at) AS resumed_at
    FROM clocked AS c
    JOIN procedural_event AS s
      ON s.case_id = c.case_id AND s.event = 'trial_suspended'
     AND s.at >= c.clock_start AND s.at < c.end_at
    LEFT JOIN procedural_event AS r
      ON r.case_id = c.case_id AND r.event = 'trial_resumed' AND r.at >= s.at
    GROUP BY c.filed_id, s.record_id, s.at, c.end_at
),
paused AS (
    SELECT filed_id, SUM(${days_between(suspended_at, resumed_at)}) AS suspended_days
    FROM suspensions
    GROUP BY filed_id
),
limited AS (
    SELECT c.*, COALESCE(p.suspended_days, 0) AS suspended_days,
           CASE
               WHEN c.procedure = 'speedy' AND c.term_months > 12 THEN '十五日'
               WHEN c.procedure = 'speedy' THEN '十日'
               WHEN c.procedure = 'summary' AND c.term_months > 36 THEN '一个半月'
               WHEN c.procedure = 'summary' THEN '二十日'
               ELSE CAST(${months} AS VARCHAR) || '个月'
           END AS base_limit,
           CASE
               WHEN c.procedure = 'speedy' AND c.term_months > 12
               THEN ${add_days(c.clock_start, 15)}
               WHEN c.procedure = 'speedy' THEN ${add_days(c.clock_start, 10)}
               WHEN c.procedure = 'summary' AND c.term_months > 36
               THEN ${add_days(${add_months(c.clock_start, 1)}, 15)}
               WHEN c.procedure = 'summary' THEN ${add_days(c.clock_start, 20)}
               ELSE ${add_months(c.clock_start, ${months})}
           END AS base_deadline
    FROM clocked AS c
    LEFT JOIN paused AS p ON p.filed_id = c.filed_id
),
measured AS (
    SELECT l.*,
           -- the months counted from the clock's start in one step (刑诉法解释 art. 202)
           ${add_days(CASE WHEN l.procedure = 'ordinary'
                           THEN ${add_months(l.clock_start, ${months} + ${extension_months} * l.extensions)}
                           ELSE ${add_months(l.base_deadline, ${extension_months} * l.extensions)}
                      END, l.suspended_days)} AS deadline,
           CASE l.procedure WHEN 'speedy' THEN '速裁程序' WHEN 'summary' THEN '简易程序'
                ELSE '普通程序' END AS procedure_label
    FROM limited AS l
)
SELECT filed_id, case_id, unit_code, judgment_event_id, procedure_label AS procedure, filed_at,
       restarted_at, end_at, deadline,
       base_limit || CASE WHEN extensions > 0
                          THEN '，延长' || CAST(extensions AS VARCHAR) || '次' ELSE '' END AS time_limit,
       extensions, suspended_days
FROM measured
WHERE end_at > deadline
