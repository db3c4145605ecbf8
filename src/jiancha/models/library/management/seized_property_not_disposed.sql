/*
id: management.seized_property_not_disposed
version: 1
title: 判决生效后涉案财物未处置
domain: management
description: >-
  案件判决生效已超过九十日，查封、扣押、冻结的涉案财物仍处于在押状态，未依判决返还、没收或拍卖。
legal_basis:
  - law: 刑事诉讼法
    article: 第二百四十五条
    text: 人民法院作出的判决生效以后，有关机关应当根据判决对查封、扣押、冻结的财物及其孳息进行处理。对查封、扣押、冻结的赃款赃物及其孳息，除依法返还被害人的以外，一律上缴国库。
  - law: 最高人民法院关于适用《刑事诉讼法》的解释
    article: 第四百四十七条
    text: 随案移送的或者人民法院查封、扣押的财物及其孳息，由第一审人民法院在判决生效后负责处理。实物未随案移送、由扣押机关保管的，人民法院应当在判决生效后十日以内，将判决书、裁定书送达扣押机关，并告知其在一个月以内将执行回单送回，确因客观原因无法按时完成的，应当说明原因。
parameters:
  days: {type: integer, default: 90, unit: 日, label: 生效后处置期限, min: 0}
excludes:
  - 判决生效后九十日以内的不提示：法院十日内送达、扣押机关一个月内送回执行回单（刑诉法解释第四百四十七条），平台默认留有余量，可按本院标准调整。
  - 同一案件有多份判决的，以最后生效的判决起算。
subject: [case_id, item]
key: {table: seized_property, column: property_id}
evidence:
  - {table: seized_property, column: property_id}
  - {table: judgment, column: judgment_ids}
facts:
  item: 财物名称
  value_yuan: 价值
  effective_at: 判决生效日期
  held_days: 生效后在押天数
unit: unit_code
conclusion: >-
  涉案财物{{ item }}（价值{{ value_yuan|yuan }}）所涉案件的判决已于{{ effective_at|cn_date }}生效，
  生效后{{ held_days }}日仍处于查封、扣押、冻结状态，未依判决返还、没收或者拍卖。
decisive: [effective_at, held_days]
actions:
  - 调取判决书关于涉案财物处理的判项和执行回单，核实判决对该财物的处理决定。
  - 向扣押机关、涉案财物管理中心核实财物现状和未处理的原因。
document:
  kind: recommendation
  request: >-
    建议你单位依照人民法院生效判决对涉案财物{{ item }}依法及时处理（发还被害人、没收上缴国库、
    拍卖变卖或者依法销毁），并将处理情况及执行回单送交人民法院。
*/
WITH effective AS (
    -- the case's last judgment to take effect: only then is all property free to dispose of
    SELECT j.case_id, MAX(j.effective_at) AS effective_at,
           array_to_string(list_sort(list(j.record_id)), ';') AS judgment_ids
    FROM judgment AS j
    WHERE j.effective_at IS NOT NULL AND j.effective_at <= ${as_of}
    GROUP BY j.case_id
)
SELECT s.record_id AS property_id, s.case_id, s.item, s.unit_code, s.value_yuan,
       e.judgment_ids, e.effective_at, ${days_between(e.effective_at, ${as_of})} AS held_days
FROM seized_property AS s
JOIN effective AS e ON e.case_id = s.case_id
WHERE (s.status = 'held' OR s.status_at > ${as_of})
  AND ${days_between(e.effective_at, ${as_of})} > ${days}
