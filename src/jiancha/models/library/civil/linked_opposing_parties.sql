/*
id: civil.linked_opposing_parties
version: 1
title: 原被告共用电话、住址或代理人
domain: civil
description: >-
  同一民事案件的原告与被告登记了相同的联系电话、相同的住址或相同的诉讼代理人：
  双方可能并非真实对立，存在恶意串通、虚假诉讼的可能。
legal_basis:
  - law: 民事诉讼法
    article: 第一百一十五条
    text: 当事人之间恶意串通，企图通过诉讼、调解等方式侵害国家利益、社会公共利益或者他人合法权益的，人民法院应当驳回其请求，并根据情节轻重予以罚款、拘留；构成犯罪的，依法追究刑事责任。
  - law: 最高人民法院关于适用《民事诉讼法》的解释
    article: 第一百九十条
subject: [case_id, plaintiff_names, defendant_names]
key: {table: civil_case, column: case_id}
evidence:
  - {table: civil_party, column: party_ids}
facts:
  shared: 共用信息
  shared_values: 相同内容
unit: unit_code
conclusion: >-
  案件{{ case_id }}的原告{{ plaintiff_names }}与被告{{ defendant_names }}登记了相同的{{ shared }}，
  双方可能并非真实对立，存在恶意串通、虚假诉讼的可能。
decisive: [shared, shared_values]
actions:
  - 调取案件卷宗，核实原被告双方登记的联系电话、住址和诉讼代理人。
  - 核查双方之间是否存在亲属、雇佣、投资等关联关系，诉讼是否损害案外人利益。
  - 核实案件的结案方式和执行情况，审查调解协议或者判决是否基于虚构的事实。
document:
  kind: retrial_recommendation
  request: >-
    经审查，案件{{ case_id }}的原告与被告恶意串通、虚假诉讼，建议你院依照审判监督程序进行再审。
*/
WITH parties AS (
    SELECT p.record_id, p.case_id, p.role, p.name,
           NULLIF(REPLACE(REPLACE(TRIM(p.phone), '-', ''), ' ', ''), '') AS phone,
           NULLIF(REPLACE(TRIM(p.address), ' ', ''), '') AS address,
           NULLIF(TRIM(p.agent_name), '') AS agent
    FROM civil_party AS p
    WHERE p.role IN ('plaintiff', 'defendant')
),
links AS (
    SELECT a.case_id, a.record_id AS plaintiff_id, b.record_id AS defendant_id,
           a.name AS plaintiff_name, b.name AS defendant_name,
           CASE WHEN a.phone = b.phone THEN '电话 ' || a.phone END AS phone_link,
           CASE WHEN a.address = b.address THEN '住址 ' || a.address END AS address_link,
           CASE WHEN a.agent = b.agent THEN '代理人 ' || a.agent END AS agent_link
    FROM parties AS a
    JOIN parties AS b
      ON b.case_id = a.case_id AND a.role = 'plaintiff' AND b.role = 'defendant'
     AND (a.phone = b.phone OR a.address = b.address OR a.agent = b.agent)
),
kinds AS (
    SELECT case_id, '电话' AS kind, phone_link AS link FROM links WHERE phone_link IS NOT NULL
    UNION ALL
    SELECT case_id, '住址', address_link FROM links WHERE address_link IS NOT NULL
    UNION ALL
    SELECT case_id, '代理人', agent_link FROM links WHERE agent_link IS NOT NULL
),
by_case AS (
    SELECT case_id,
           array_to_string(list_sort(list(DISTINCT kind)), '、') AS shared,
           array_to_string(list_sort(list(DISTINCT link)), '；') AS shared_values
    FROM kinds
    GROUP BY case_id
),
party_lists AS (
    SELECT l.case_id,
           array_to_string(list_sort(list(DISTINCT l.plaintiff_name)), '、') AS plaintiff_names,
           array_to_string(list_sort(list(DISTINCT l.defendant_name)), '、') AS defendant_names,
           array_to_string(list_sort(list(DISTINCT l.plaintiff_id)), ';') || ';'
               || array_to_string(list_sort(list(DISTINCT l.defendant_id)), ';') AS party_ids
    FROM links AS l
    GROUP BY l.case_id
)
SELECT k.case_id, c.unit_code, p.plaintiff_names, p.defendant_names, p.party_ids, k.shared,
       k.shared_values
FROM by_case AS k
JOIN party_lists AS p ON p.case_id = k.case_id
LEFT JOIN civil_case AS c ON c.record_id = k.case_id
