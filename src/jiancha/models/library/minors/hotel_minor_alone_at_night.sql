/*
id: minors.hotel_minor_alone_at_night
version: 1
title: 旅馆夜间接待无成年人陪同的未成年人未登记监护人联系方式
domain: minors
description: >-
  旅馆、宾馆、电竞酒店、民宿在夜间接待不满十八周岁的住客入住，登记中既没有同住的成年人，
  也没有登记父母或者其他监护人的联系方式：住宿经营者未履行询问、登记义务，未成年人面临被侵害的风险，
  治安管理部门监管不到位。年龄按登记的出生日期，未登记的按身份证号码中的出生日期计算；入住时刻未登记的不提示。
legal_basis:
  - law: 未成年人保护法
    article: 第五十七条
    text: 旅馆、宾馆、酒店等住宿经营者接待未成年人入住，或者接待未成年人和成年人共同入住时，应当询问父母或者其他监护人的联系方式、入住人员的身份关系等有关情况；发现有违法犯罪嫌疑的，应当立即向公安机关报告，并及时联系未成年人的父母或者其他监护人。
excludes:
  - 入住当日已满十八周岁的（十八周岁生日当天入住即为成年人）。
  - 有同住人登记的：与成年人共同入住，需另行核实身份关系，不在本模型范围。
  - 已登记监护人联系方式的：住宿经营者已履行询问义务。
  - 白天入住的（默认六时至二十二时）以及入住时刻未登记的。
parameters:
  night_from: {type: integer, default: 22, unit: 时, label: 夜间起始时刻, min: 0, max: 23}
  night_until: {type: integer, default: 6, unit: 时, label: 夜间结束时刻, min: 0, max: 23}
subject: [guest_name, guest_id_number]
key: {table: lodging_register, column: lodging_id}
evidence:
  - {table: lodging_register, column: lodging_id}
facts:
  establishment: 住宿场所
  establishment_kind: 场所类别
  check_in_at: 入住日期
  check_in_hour: 入住时刻（时）
  birth_date: 出生日期
  adult_on: 年满十八周岁日期
unit: unit_code
conclusion: >-
  未满十八周岁的{{ guest_name }}（{{ birth_date|cn_date }}出生）于{{ check_in_at|cn_date }}{{ check_in_hour }}时
  独自入住{{ establishment }}（{{ establishment_kind }}），登记中无同住成年人，也无监护人联系方式。
decisive: [check_in_hour, birth_date, check_in_at]
actions:
  - 调取住宿登记和监控录像，核实入住人员、同行人员及住宿经营者是否询问了监护人联系方式。
  - 联系未成年人的父母或者其他监护人，了解是否存在被侵害、被胁迫等情况；发现违法犯罪线索的移送公安机关。
  - 核实该场所是否多次接待无人陪同的未成年人，治安管理部门是否已依法处罚。
document:
  kind: recommendation
  request: >-
    建议你单位对{{ establishment }}未履行未成年人入住询问、登记、报告义务的行为依法查处，
    并对辖区住宿经营者落实“五必须”规定开展专项检查。
*/
WITH guests AS (
    SELECT l.record_id AS lodging_id, l.guest_name, l.guest_id_number, l.unit_code,
           l.establishment, l.check_in_at, l.check_in_hour,
           CASE l.establishment_kind WHEN 'hotel' THEN '旅馆宾馆' WHEN 'esports_hotel' THEN '电竞酒店'
                WHEN 'homestay' THEN '民宿' ELSE '住宿场所' END AS establishment_kind,
           COALESCE(l.guest_birth_date,
                    CASE WHEN LENGTH(TRIM(l.guest_id_number)) = 18
                         THEN TRY_CAST(SUBSTR(TRIM(l.guest_id_number), 7, 4) || '-'
                                       || SUBSTR(TRIM(l.guest_id_number), 11, 2) || '-'
                                       || SUBSTR(TRIM(l.guest_id_number), 13, 2) AS DATE)
                    END) AS birth_date
    FROM lodging_register AS l
    WHERE l.check_in_at <= ${as_of}
      AND (l.check_in_hour >= ${night_from} OR l.check_in_hour < ${night_until})
      AND NULLIF(TRIM(l.companion_name), '') IS NULL
      AND NULLIF(TRIM(l.companion_id_number), '') IS NULL
      AND NULLIF(TRIM(l.guardian_contact), '') IS NULL
)
SELECT g.lodging_id, g.guest_name, g.guest_id_number, g.unit_code, g.establishment,
       g.establishment_kind, g.check_in_at, g.check_in_hour, g.birth_date,
       ${add_months(g.birth_date, 216)} AS adult_on
FROM guests AS g
WHERE g.check_in_at < ${add_months(g.birth_date, 216)}
