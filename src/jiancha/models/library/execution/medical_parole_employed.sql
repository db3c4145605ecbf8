/*
id: execution.medical_parole_employed
version: 2
title: 暂予监外执行期间正常就业缴纳社保
domain: execution
description: >-
  因病或生活不能自理暂予监外执行（社区矫正类别为暂予监外执行）期间，同一人有单位缴纳的社保
  （就业）记录，暂予监外执行的条件可能已不存在或系虚假。以灵活就业人员身份自行缴纳的不算就业。
legal_basis:
  - law: 刑事诉讼法
    article: 第二百六十八条
    text: 对暂予监外执行的罪犯，有下列情形之一的，应当及时收监：（一）发现不符合暂予监外执行条件的……
  - law: 刑事诉讼法
    article: 第二百六十五条第一款
    text: 对被判处有期徒刑或者拘役的罪犯，有下列情形之一的，可以暂予监外执行：（一）有严重疾病需要保外就医的；（二）怀孕或者正在哺乳自己婴儿的妇女；（三）生活不能自理，适用暂予监外执行不致危害社会的。
excludes:
  - 因怀孕或正在哺乳自己婴儿暂予监外执行的（以同一人最近一次暂予监外执行裁定的原因为准）：就业与该条件并不矛盾。
  - 以灵活就业人员身份自行缴纳的社保，以及缴费方式和缴费单位都未记录的缴费：不能证明就业。
subject: [name, id_number]
key: {table: community_correction, column: correction_id}
evidence:
  - {table: community_correction, column: correction_id}
  - {table: employment_record, column: employment_ids}
facts:
  start_at: 暂予监外执行起日
  end_at: 计算截止日
  months_employed: 缴费月数
  first_month: 最早缴费月份
  employers: 缴费单位
  reason: 暂予监外执行原因
unit: unit_code
conclusion: >-
  暂予监外执行罪犯{{ name }}自{{ start_at|cn_date }}起暂予监外执行（原因：{{ reason }}），至{{ end_at|cn_date }}
  有{{ months_employed }}个月由单位缴纳社会保险（缴费单位：{{ employers }}），暂予监外执行的条件可能已不存在或者系虚假。
decisive: [start_at, months_employed]
actions:
  - 向社会保险经办机构调取缴费明细，向缴费单位核实罪犯是否实际在岗工作、从事何种工作。
  - 调取暂予监外执行决定所依据的病情诊断或者生活不能自理鉴定材料，以及社区矫正机构的病情复查记录。
  - 核实是否存在他人冒用罪犯身份参保缴费的情形。
document:
  kind: recommendation
  request: >-
    建议你单位对罪犯{{ name }}暂予监外执行的条件依法进行核查；经核查不再符合暂予监外执行条件的，
    依照《中华人民共和国刑事诉讼法》第二百六十八条的规定及时提出收监执行建议。
*/
WITH parole AS (
    SELECT c.record_id AS correction_id, c.name, c.id_number, ${person_key(c.id_number)} AS person,
           c.unit_code, c.start_at,
           LEAST(COALESCE(c.end_at, ${as_of}), ${as_of}) AS end_at
    FROM community_correction AS c
    WHERE c.kind = 'medical_parole' AND c.start_at <= ${as_of}
),
grounds AS (
    -- the ground of the latest medical parole ruled for the person by the correction's start
    SELECT p.correction_id, x.reason,
           ROW_NUMBER() OVER (PARTITION BY p.correction_id ORDER BY x.ruled_at DESC, x.record_id DESC)
               AS rn
    FROM parole AS p
    JOIN execution_change AS x
      ON ${person_key(x.id_number)} = p.person AND x.kind = 'medical_parole'
     AND x.ruled_at <= p.start_at
),
in_scope AS (
    SELECT p.*, g.reason
    FROM parole AS p
    LEFT JOIN grounds AS g ON g.correction_id = p.correction_id AND g.rn = 1
    WHERE COALESCE(g.reason, '') <> 'pregnancy'
),
employed AS (
    -- a month counts when it begins inside the period; paid by an employer, not as 灵活就业
    SELECT p.correction_id,
           COUNT(DISTINCT e.month) AS months_employed,
           MIN(e.month) AS first_month,
           array_to_string(list_sort(list(DISTINCT e.employer)), '、') AS employers,
           array_to_string(list_sort(list(e.record_id)), ';') AS employment_ids
    FROM in_scope AS p
    JOIN employment_record AS e
      ON ${person_key(e.id_number)} = p.person
     AND TRY_CAST(e.month || '-01' AS DATE) >= p.start_at
     AND TRY_CAST(e.month || '-01' AS DATE) <= p.end_at
    WHERE COALESCE(e.contribution_kind,
                   CASE WHEN TRIM(e.employer) <> '' THEN 'employer' END) = 'employer'
    GROUP BY p.correction_id
)
SELECT p.correction_id, p.name, p.id_number, p.unit_code, e.employment_ids, p.start_at,
       p.end_at, e.months_employed, e.first_month, e.employers,
       CASE p.reason WHEN 'illness' THEN '疾病' WHEN 'self_care' THEN '生活不能自理'
                     ELSE '未记录' END AS reason
FROM in_scope AS p
JOIN employed AS e ON e.correction_id = p.correction_id
