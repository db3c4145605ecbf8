/*
id: admin.marriage_underage
version: 1
title: 未达法定婚龄办理结婚登记
domain: admin
description: >-
  结婚登记之日，男方未满二十二周岁或女方未满二十周岁（按登记档案中的出生日期计算）：
  婚姻登记机关对未到法定结婚年龄的应当不予登记，已登记的婚姻依法无效。
legal_basis:
  - law: 民法典
    article: 第一千零四十七条
    text: 结婚年龄，男不得早于二十二周岁，女不得早于二十周岁。
  - law: 婚姻登记条例
    article: 第六条
    text: 办理结婚登记的当事人有下列情形之一的，婚姻登记机关不予登记：(一)未到法定结婚年龄的；
  - law: 民法典
    article: 第一千零五十一条
    text: 有下列情形之一的，婚姻无效：（一）重婚；（二）有禁止结婚的亲属关系；（三）未到法定婚龄。
excludes:
  - 在男方二十二周岁、女方二十周岁生日当天或以后登记的：已到法定婚龄，不提示。
  - 女方年满二十周岁但未满二十二周岁的：女方法定婚龄为二十周岁，不提示。
  - 离婚登记：不受婚龄限制，不提示。
  - 登记档案未载出生日期的一方：不推算年龄，不提示（未知不使线索比法律更严）。
  - 法定婚龄情形已经消失的（当事人现已达到婚龄），婚姻无效的请求可能不再被支持（民法典解释（一）第十条），线索仍提示登记机关的审查责任。
parameters:
  man_age: {type: integer, default: 22, unit: 周岁, label: 男方法定婚龄, min: 16}
  woman_age: {type: integer, default: 20, unit: 周岁, label: 女方法定婚龄, min: 16}
subject: [name, id_number]
key: {table: marriage_register, column: register_id}
evidence:
  - {table: marriage_register, column: register_id}
facts:
  registered_at: 登记日期
  party: 未到婚龄的一方
  birth_date: 出生日期
  legal_age: 法定婚龄（周岁）
  of_age_at: 达到法定婚龄之日
  days_short: 距法定婚龄天数
  other_party: 另一方
  registry: 婚姻登记机关
unit: unit_code
conclusion: >-
  {{ registry or '婚姻登记机关' }}于{{ registered_at|cn_date }}为{{ name }}与{{ other_party }}办理结婚登记，
  {{ party }}{{ name }}生于{{ birth_date|cn_date }}，至{{ of_age_at|cn_date }}才满{{ legal_age }}周岁，
  登记时距法定婚龄尚差{{ days_short|num }}日。
decisive: [registered_at, birth_date, of_age_at]
actions:
  - 调取结婚登记档案及当事人户口簿、身份证件，核实出生日期是否登记错误。
  - 向公安机关核实当事人户籍出生日期，排除更改出生日期的情形。
  - 核实登记机关工作人员审查情况，是否存在使用虚假证件办理登记。
document:
  kind: recommendation
  request: >-
    建议你单位对{{ name }}与{{ other_party }}于{{ registered_at|cn_date }}办理的结婚登记依法进行核查，
    确属未到法定婚龄的，依法予以纠正，并加强结婚登记当事人年龄审查。
*/
WITH parties AS (
    SELECT r.record_id AS register_id, r.unit_code, r.registered_at, r.registry,
           0 AS side, '男方' AS party, r.man_name AS name, r.man_id_number AS id_number,
           r.man_birth_date AS birth_date, ${man_age} AS legal_age, r.woman_name AS other_party
    FROM marriage_register AS r
    WHERE r.kind = 'marriage' AND r.registered_at <= ${as_of}
    UNION ALL
    SELECT r.record_id AS register_id, r.unit_code, r.registered_at, r.registry,
           1 AS side, '女方' AS party, r.woman_name AS name, r.woman_id_number AS id_number,
           r.woman_birth_date AS birth_date, ${woman_age} AS legal_age, r.man_name AS other_party
    FROM marriage_register AS r
    WHERE r.kind = 'marriage' AND r.registered_at <= ${as_of}
),
aged AS (
    SELECT p.*, ${add_months(p.birth_date, 12 * p.legal_age)} AS of_age_at
    FROM parties AS p
    WHERE p.birth_date IS NOT NULL
),
young AS (
    SELECT a.*, ROW_NUMBER() OVER (PARTITION BY a.register_id ORDER BY a.side) AS rn
    FROM aged AS a
    WHERE a.registered_at < a.of_age_at
)
SELECT register_id, unit_code, name, id_number, registered_at, party, birth_date, legal_age,
       of_age_at, ${days_between(registered_at, of_age_at)} AS days_short, other_party, registry
FROM young
WHERE rn = 1
