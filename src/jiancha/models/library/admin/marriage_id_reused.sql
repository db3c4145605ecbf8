/*
id: admin.marriage_id_reused
version: 1
title: 同一身份证号两次结婚登记（疑似冒名婚姻登记）
domain: admin
description: >-
  同一身份证号先后两次作为一方办理结婚登记、对方不是同一人，而两次登记之间没有离婚登记、
  没有法院离婚（或确认婚姻无效、撤销婚姻）的结案记录、前一配偶也没有死亡：要么有人冒用该身份证件
  办理了其中一次登记（冒名婚姻登记），要么形成重婚。登记机关应当核查并依法纠正。
legal_basis:
  - law: 婚姻登记条例
    article: 第五条
    text: 办理结婚登记的内地居民应当出具下列证件和证明材料：(一)本人的户口簿、身份证；(二)本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明。
  - law: 婚姻登记条例
    article: 第六条
    text: 办理结婚登记的当事人有下列情形之一的，婚姻登记机关不予登记：……(三)一方或者双方已有配偶的；
  - law: 民法典
    article: 第一千零四十二条
    text: 禁止重婚。
excludes:
  - 两次登记之间有该人的离婚登记，或有该人为当事人、案由为离婚、婚姻无效、撤销婚姻的民事案件以判决或调解结案的：前一婚姻已经解除，不提示。
  - 前一配偶在后一次登记之前死亡的：婚姻因配偶死亡而终止，不提示。
  - 两次登记的对方是同一人（复婚、补办登记或重复录入）：不提示。
  - 没有身份证号的登记：无法确认是同一人，不提示。
subject: [name, id_number]
key: {table: marriage_register, column: register_id}
evidence:
  - {table: marriage_register, column: register_id}
  - {table: marriage_register, column: first_id}
facts:
  party: 身份证号被重复使用的一方
  first_at: 前次结婚登记日期
  first_spouse: 前次登记的配偶
  registered_at: 本次结婚登记日期
  spouse: 本次登记的配偶
  registry: 本次婚姻登记机关
unit: unit_code
conclusion: >-
  身份证号{{ id_number }}（{{ name }}）于{{ first_at|cn_date }}与{{ first_spouse }}办理结婚登记，
  未见离婚登记、法院离婚判决或调解及配偶死亡记录，又于{{ registered_at|cn_date }}与{{ spouse }}办理结婚登记。
decisive: [first_at, registered_at]
actions:
  - 调取两次结婚登记档案，比对登记照片、签名和身份证件，确认是否有人冒用身份证件办理登记。
  - 核实两次登记之间是否有在外地办理的离婚登记、法院离婚判决或调解书，或前一配偶死亡。
  - 确属冒名登记的，告知被冒名人可以申请撤销婚姻登记；涉嫌重婚或伪造、冒用身份证件犯罪的，依法移送。
document:
  kind: recommendation
  request: >-
    建议你单位对身份证号{{ id_number }}于{{ first_at|cn_date }}和{{ registered_at|cn_date }}两次办理的结婚登记
    依法进行核查，确属冒名登记的，依法撤销错误的婚姻登记，并完善婚姻登记身份核验和婚姻状况查询工作。
*/
WITH parties AS (
    SELECT r.record_id AS register_id, r.unit_code, r.kind, r.registered_at, r.registry,
           '男方' AS party, r.man_name AS name, r.man_id_number AS id_number,
           ${person_key(r.man_id_number)} AS person, r.woman_name AS spouse,
           ${person_key(r.woman_id_number)} AS spouse_person
    FROM marriage_register AS r
    WHERE r.registered_at <= ${as_of}
    UNION ALL
    SELECT r.record_id AS register_id, r.unit_code, r.kind, r.registered_at, r.registry,
           '女方' AS party, r.woman_name AS name, r.woman_id_number AS id_number,
           ${person_key(r.woman_id_number)} AS person, r.man_name AS spouse,
           ${person_key(r.man_id_number)} AS spouse_person
    FROM marriage_register AS r
    WHERE r.registered_at <= ${as_of}
),
marriages AS (
    SELECT * FROM parties WHERE kind = 'marriage' AND person IS NOT NULL
),
-- a later marriage of the same id with someone else, and the latest such earlier one
pairs AS (
    SELECT b.register_id, b.unit_code, b.registered_at, b.registry, b.party, b.name,
           b.id_number, b.person, b.spouse,
           a.register_id AS first_id, a.registered_at AS first_at, a.spouse AS first_spouse,
           a.spouse_person AS first_spouse_person,
           ROW_NUMBER() OVER (PARTITION BY b.register_id
                              ORDER BY a.registered_at DESC, a.register_id DESC) AS rn
    FROM marriages AS b
    JOIN marriages AS a
      ON a.person = b.person AND a.registered_at < b.registered_at
     AND COALESCE(a.spouse_person, '') <> COALESCE(b.spouse_person, '-')
     AND COALESCE(a.spouse, '') <> COALESCE(b.spouse, '-')
),
latest AS (
    SELECT * FROM pairs WHERE rn = 1
),
dissolved AS (
    -- a divorce registration of the person between the two
    SELECT l.register_id
    FROM latest AS l
    JOIN parties AS d
      ON d.person = l.person AND d.kind = 'divorce'
     AND d.registered_at >= l.first_at AND d.registered_at <= l.registered_at
    UNION ALL
    -- a court's divorce, nullity or annulment closed between the two
    SELECT l.register_id
    FROM latest AS l
    JOIN civil_party AS p ON ${person_key(p.id_number)} = l.person
    JOIN civil_case AS c ON c.record_id = p.case_id
    WHERE (c.cause LIKE '%离婚%' OR c.cause LIKE '%婚姻无效%' OR c.cause LIKE '%撤销婚姻%')
      AND c.closing IN ('judgment', 'mediation')
      AND c.closed_at >= l.first_at AND c.closed_at <= l.registered_at
    UNION ALL
    -- the first spouse died before the second marriage
    SELECT l.register_id
    FROM latest AS l
    JOIN death_record AS x ON ${person_key(x.id_number)} = l.first_spouse_person
    WHERE x.died_at <= l.registered_at
)
SELECT l.register_id, l.first_id, l.unit_code, l.name, l.id_number, l.party, l.first_at,
       l.first_spouse, l.registered_at, l.spouse, l.registry
FROM latest AS l
WHERE NOT EXISTS (SELECT 1 FROM dissolved AS d WHERE d.register_id = l.register_id)
