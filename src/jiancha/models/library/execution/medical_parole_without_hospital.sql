/*
id: execution.medical_parole_without_hospital
version: 2
title: 因病暂予监外执行无住院记录
domain: execution
description: >-
  以患有严重疾病为由暂予监外执行（保外就医），但裁定后一百八十日内同一人没有任何住院记录，
  病情依据可能不实。罪犯在监内的诊治不进入医保结算数据，所以只看出监以后；检查期间届满后才提示。
legal_basis:
  - law: 刑事诉讼法
    article: 第二百六十五条
    text: 对被判处有期徒刑或者拘役的罪犯，有下列情形之一的，可以暂予监外执行：（一）有严重疾病需要保外就医的；（二）怀孕或者正在哺乳自己婴儿的妇女；（三）生活不能自理，适用暂予监外执行不致危害社会的。
excludes:
  - 因怀孕、哺乳或生活不能自理暂予监外执行的：不以住院为条件，不在本模型范围。
  - 裁定后检查期间（默认一百八十日）尚未届满的：还不能断定没有住院。
  - 裁定前在监内或看守所的诊治：不在医保住院结算数据中，不作为判断依据。
parameters:
  days: {type: integer, default: 180, unit: 日, label: 裁定后住院记录检查期间, min: 0}
subject: [name, id_number, prisoner_id]
key: {table: execution_change, column: change_id}
evidence:
  - {table: execution_change, column: change_id}
facts:
  ruled_at: 裁定日期
  window_start: 检查起日
  window_end: 检查止日
unit: unit_code
conclusion: >-
  罪犯{{ name }}于{{ ruled_at|cn_date }}以患有严重疾病为由被裁定暂予监外执行，裁定后{{ days }}日内
  （{{ window_start|cn_date }}至{{ window_end|cn_date }}）无任何住院记录。
decisive: [ruled_at, window_end]
checked:
  - {table: hospital_stay, label: 医保住院结算记录, agency: 医疗保障局, since: window_start, until: window_end}
actions:
  - 调取暂予监外执行决定书及所依据的病情诊断、司法鉴定材料，核实病情是否属实、鉴定程序是否合法。
  - 向社区矫正机构核实罪犯病情复查报告、就医记录及日常监管情况。
  - 核查罪犯是否在医保结算以外自费或异地住院、就诊。
document:
  kind: recommendation
  request: >-
    建议你单位对罪犯{{ name }}的病情及暂予监外执行情形依法进行复查；经复查不再符合暂予监外执行条件的，
    依法提出收监执行建议。
*/
WITH medical AS (
    SELECT c.record_id AS change_id, c.prisoner_id, c.name, c.id_number,
           ${person_key(c.id_number)} AS person, c.unit_code, c.ruled_at,
           c.ruled_at AS window_start,
           ${add_days(c.ruled_at, ${days})} AS window_end
    FROM execution_change AS c
    WHERE c.kind = 'medical_parole' AND c.reason = 'illness'
      -- the whole window is over by as_of
      AND ${add_days(c.ruled_at, ${days})} < ${as_of}
),
hospitalised AS (
    -- any stay overlapping the window
    SELECT DISTINCT m.change_id
    FROM medical AS m
    JOIN hospital_stay AS h
      ON ${person_key(h.id_number)} = m.person
     AND h.admitted_at <= m.window_end
     AND COALESCE(h.discharged_at, h.admitted_at) >= m.window_start
)
SELECT m.change_id, m.prisoner_id, m.name, m.id_number, m.unit_code, m.ruled_at,
       m.window_start, m.window_end
FROM medical AS m
WHERE NOT EXISTS (SELECT 1 FROM hospitalised AS h WHERE h.change_id = m.change_id)
