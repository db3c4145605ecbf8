/*
id: admin.marriage_party_dead
version: 1
title: 婚姻登记时一方已死亡
domain: admin
description: >-
  结婚或离婚登记的日期晚于一方的死亡日期：婚姻登记须男女双方共同亲自到婚姻登记机关办理，
  死者不可能到场，登记可能系他人冒名顶替或登记机关未尽审查义务，应当依法纠正。
legal_basis:
  - law: 婚姻登记条例
    article: 第四条
    text: 内地居民结婚，男女双方应当共同到一方当事人常住户口所在地的婚姻登记机关办理结婚登记。
  - law: 婚姻登记条例
    article: 第十条
    text: 内地居民自愿离婚的，男女双方应当共同到一方当事人常住户口所在地的婚姻登记机关办理离婚登记。
  - law: 婚姻登记条例
    article: 第七条
    text: 婚姻登记机关应当对结婚登记当事人出具的证件、证明材料进行审查并询问相关情况。
excludes:
  - 死亡日期与登记日期为同一日的：无法排除登记在先、死亡在后，不提示。
  - 死亡登记晚于婚姻登记的：登记时当事人在世，不提示。
  - 没有身份证号的婚姻登记或死亡登记：无法确认是同一人，不提示（同名不等于同一人）。
subject: [name, id_number]
key: {table: marriage_register, column: register_id}
evidence:
  - {table: marriage_register, column: register_id}
  - {table: death_record, column: death_ids}
facts:
  kind: 登记类型
  registered_at: 登记日期
  party: 已死亡的一方
  died_at: 死亡日期
  days_after_death: 死亡后天数
  other_party: 另一方
  registry: 婚姻登记机关
unit: unit_code
conclusion: >-
  {{ registry or '婚姻登记机关' }}于{{ registered_at|cn_date }}为{{ name }}与{{ other_party }}办理{{ kind }}登记，
  而{{ party }}{{ name }}已于{{ died_at|cn_date }}死亡，登记在其死亡后{{ days_after_death|num }}日。
decisive: [registered_at, died_at]
actions:
  - 调取婚姻登记档案（申请材料、身份证件复印件、声明书、现场照片），核实到场办理登记的人员身份。
  - 向公安机关、民政部门核实死亡登记和户籍注销情况，排除死亡日期登记错误。
  - 核实是否存在冒用他人身份证件办理婚姻登记的情形，涉嫌犯罪的依法移送。
document:
  kind: recommendation
  request: >-
    建议你单位对{{ name }}与{{ other_party }}于{{ registered_at|cn_date }}办理的{{ kind }}登记依法进行核查，
    确属登记时一方已死亡的，依法撤销或纠正该婚姻登记，并完善婚姻登记身份核验工作。
*/
WITH deaths AS (
    SELECT ${person_key(d.id_number)} AS person, MIN(d.died_at) AS died_at,
           array_to_string(list_sort(list(d.record_id)), ';') AS death_ids
    FROM death_record AS d
    WHERE ${person_key(d.id_number)} IS NOT NULL
    GROUP BY ${person_key(d.id_number)}
),
parties AS (
    SELECT r.record_id AS register_id, r.unit_code, r.kind, r.registered_at, r.registry,
           0 AS side, '男方' AS party, r.man_name AS name, r.man_id_number AS id_number,
           ${person_key(r.man_id_number)} AS person,
           r.woman_name AS other_party
    FROM marriage_register AS r
    UNION ALL
    SELECT r.record_id AS register_id, r.unit_code, r.kind, r.registered_at, r.registry,
           1 AS side, '女方' AS party, r.woman_name AS name, r.woman_id_number AS id_number,
           ${person_key(r.woman_id_number)} AS person,
           r.man_name AS other_party
    FROM marriage_register AS r
),
dead AS (
    SELECT p.*, d.died_at, d.death_ids,
           ROW_NUMBER() OVER (PARTITION BY p.register_id ORDER BY p.side) AS rn
    FROM parties AS p
    JOIN deaths AS d ON d.person = p.person
    WHERE d.died_at < p.registered_at AND p.registered_at <= ${as_of}
)
SELECT register_id, unit_code, name, id_number, death_ids,
       CASE kind WHEN 'marriage' THEN '结婚' WHEN 'divorce' THEN '离婚' ELSE kind END AS kind,
       registered_at, party, died_at, ${days_between(died_at, registered_at)} AS days_after_death,
       other_party, registry
FROM dead
WHERE rn = 1
