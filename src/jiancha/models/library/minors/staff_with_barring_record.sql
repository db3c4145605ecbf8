/*
id: minors.staff_with_barring_record
version: 1
title: 密切接触未成年人单位录用有性侵、暴力等犯罪记录人员
domain: minors
description: >-
  因性侵害、虐待、拐卖、暴力伤害类犯罪被判决有罪的人，判决以后仍由中小学校、幼儿园、校外培训机构、
  托育机构或儿童福利机构为其缴纳社会保险：密切接触未成年人的单位未履行入职查询和定期查询义务，
  录用或者未及时解聘有前述犯罪记录的人员，未成年人面临侵害风险。只计判决之日以后开始的缴费月份。
legal_basis:
  - law: 未成年人保护法
    article: 第六十二条
    text: 密切接触未成年人的单位招聘工作人员时，应当向公安机关、人民检察院查询应聘者是否具有性侵害、虐待、拐卖、暴力伤害等违法犯罪记录；发现其具有前述行为记录的，不得录用。密切接触未成年人的单位应当每年定期对工作人员是否具有上述违法犯罪记录进行查询。通过查询或者其他方式发现其工作人员具有上述行为的，应当及时解聘。
excludes:
  - 判决以前的任职：入职时尚无犯罪记录，判决后未再缴费的，已解聘。
  - 非密切接触未成年人的单位（缴费单位行业不属于参数所列行业，或行业未登记）：不适用第六十二条。
  - 罪名不属于性侵害、虐待、拐卖、暴力伤害类的（如盗窃、诈骗）：不在第六十二条的查询范围内。
  - 违法记录（治安处罚）：数据中没有，不在本模型范围。
parameters:
  charges:
    type: list
    label: 性侵害、虐待、拐卖、暴力伤害类罪名
    default: [强奸罪, 强制猥亵、侮辱罪, 猥亵儿童罪, 负有照护职责人员性侵罪, 强迫卖淫罪, 引诱幼女卖淫罪, 虐待罪, 虐待被监护、看护人罪, 拐卖妇女、儿童罪, 收买被拐卖的妇女、儿童罪, 拐骗儿童罪, 故意杀人罪, 故意伤害罪, 绑架罪]
  industries:
    type: list
    label: 密切接触未成年人的行业
    default: [school, kindergarten, training, childcare, child_welfare]
subject: [name, person_key]
key: {table: subject, column: person_key}
evidence:
  - {table: judgment, column: judgment_ids}
  - {table: employment_record, column: employment_ids}
facts:
  charge: 罪名
  convicted_at: 判决日期
  employers: 判决后缴费单位
  industry: 单位行业
  first_month: 判决后首个缴费月份
  last_month: 判决后最后缴费月份
  months: 判决后缴费月数
unit: unit_code
conclusion: >-
  {{ name }}于{{ convicted_at|cn_date }}因{{ charge }}被判决有罪，此后仍在{{ employers }}（{{ industry }}）
  任职、缴纳社会保险{{ months }}个月（{{ first_month|cn_month }}至{{ last_month|cn_month }}）。
decisive: [charge, convicted_at, first_month]
actions:
  - 核实判决是否生效、罪名及被害人是否为未成年人，核实是否属于被封存的未成年人犯罪记录。
  - 向用人单位核实其岗位是否密切接触未成年人，入职时及每年是否向公安机关、检察院查询。
  - 向教育、民政等主管部门了解监管情况，督促立即调离、解聘。
document:
  kind: recommendation
  request: >-
    建议你单位督促{{ employers }}依法解聘{{ name }}，对本系统密切接触未成年人单位的工作人员开展违法犯罪记录全面查询，
    落实入职查询和定期查询制度。
*/
WITH convictions AS (
    SELECT ${person_key(j.defendant_id_number)} AS person, j.record_id, j.defendant_name,
           j.defendant_id_number, j.charge, j.unit_code,
           COALESCE(j.effective_at, j.decided_at) AS convicted_at
    FROM judgment AS j
    WHERE TRIM(j.charge) IN ${charges}
      AND j.penalty IS DISTINCT FROM 'exempt'
      AND COALESCE(j.effective_at, j.decided_at) <= ${as_of}
),
first_conviction AS (
    SELECT c.person, MIN(c.convicted_at) AS convicted_at
    FROM convictions AS c
    WHERE c.person IS NOT NULL
    GROUP BY c.person
),
employed AS (
    SELECT f.person, e.record_id, e.name, e.id_number, e.employer, e.month,
           CASE e.employer_industry WHEN 'school' THEN '中小学校' WHEN 'kindergarten' THEN '幼儿园'
                WHEN 'training' THEN '校外培训机构' WHEN 'childcare' THEN '托育机构'
                WHEN 'child_welfare' THEN '儿童福利机构' WHEN 'medical' THEN '医疗机构'
                ELSE '其他行业' END AS industry
    FROM first_conviction AS f
    JOIN employment_record AS e
      ON ${person_key(e.id_number)} = f.person
     AND TRY_CAST(e.month || '-01' AS DATE) > f.convicted_at
    WHERE e.employer_industry IN ${industries}
      AND TRY_CAST(e.month || '-01' AS DATE) <= ${as_of}
),
grouped AS (
    SELECT m.person, MIN(TRIM(m.id_number)) AS person_key, MAX(m.name) AS name,
           array_to_string(list_sort(list(m.record_id)), ';') AS employment_ids,
           array_to_string(list_sort(list(DISTINCT m.employer)), '、') AS employers,
           array_to_string(list_sort(list(DISTINCT m.industry)), '、') AS industry,
           MIN(m.month) AS first_month, MAX(m.month) AS last_month,
           COUNT(DISTINCT m.month) AS months
    FROM employed AS m
    GROUP BY m.person
),
judged AS (
    SELECT c.person, array_to_string(list_sort(list(c.record_id)), ';') AS judgment_ids,
           array_to_string(list_sort(list(DISTINCT c.charge)), '、') AS charge,
           MIN(c.convicted_at) AS convicted_at, MIN(c.unit_code) AS unit_code
    FROM convictions AS c
    JOIN first_conviction AS f ON f.person = c.person
    GROUP BY c.person
)
SELECT g.person_key, g.name, j.unit_code, j.judgment_ids, g.employment_ids, j.charge,
       j.convicted_at, g.employers, g.industry, g.first_month, g.last_month, g.months
FROM grouped AS g
JOIN judged AS j ON j.person = g.person
