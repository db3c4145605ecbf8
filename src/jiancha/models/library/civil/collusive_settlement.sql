/*
id: civil.collusive_settlement
version: 1
title: 被执行人与关联人快速调解或司法确认（虚假调解线索）
domain: civil
description: >-
  被执行人（按身份证号或统一社会信用代码）在其执行案件立案以后、执行完毕以前，作为被告与同住址或同电话的
  关联人（亲属、同户人员）发生民事案件，并在立案后三十日内以调解结案，或以司法确认调解协议的方式确认债务：
  可能是虚构债务、通过调解书或确认裁定转移财产、参与执行分配，损害真正债权人的利益（参见最高人民检察院
  指导性案例检例第52号）。终结本次执行的案件债务仍未清偿，仍算执行中。
legal_basis:
  - law: 民事诉讼法
    article: 第一百一十五条
    text: 当事人之间恶意串通，企图通过诉讼、调解等方式侵害国家利益、社会公共利益或者他人合法权益的，人民法院应当驳回其请求，并根据情节轻重予以罚款、拘留；构成犯罪的，依法追究刑事责任。
  - law: 民事诉讼法
    article: 第一百一十六条
    text: 被执行人与他人恶意串通，通过诉讼、仲裁、调解等方式逃避履行法律文书确定的义务的，人民法院应当根据情节轻重予以罚款、拘留；构成犯罪的，依法追究刑事责任。
  - law: 最高人民法院、最高人民检察院关于办理虚假诉讼刑事案件适用法律若干问题的解释
    article: 第一条第二款
    text: 向人民法院申请执行基于捏造的事实作出的仲裁裁决、公证债权文书，或者在民事执行过程中以捏造的事实对执行标的提出异议、申请参与执行财产分配的，属于刑法第三百零七条之一第一款规定的“以捏造的事实提起民事诉讼”。
excludes:
  - 民事案件立案前执行案件已执行完毕、终结执行或执行和解结案的：被执行人已不在执行中，不提示。
  - 原告就是该执行案件的申请执行人的（如追索抚养费的家庭成员）：调解所得归于执行债权人，不是转移财产，不提示。
  - 调解结案超过三十日、或以判决结案的：不在本模型范围。
  - 原被告共用电话、住址本身由 civil.linked_opposing_parties 提示；本模型只提示其中被执行人快速调解、司法确认的。
parameters:
  days: {type: integer, default: 30, unit: 日, label: 快速调解天数, min: 0}
subject: [case_id, debtor_name, plaintiff_name]
key: {table: civil_case, column: case_id}
evidence:
  - {table: civil_case, column: case_id}
  - {table: civil_party, column: party_ids}
  - {table: enforcement_case, column: enforcement_ids}
facts:
  enforcement_filed: 执行立案日期
  filed_at: 民事案件立案日期
  closed_at: 调解或确认日期
  days_to_close: 立案至结案天数
  closing: 结案方式
  link: 关联方式
  claim_yuan: 调解或确认金额
  amount_due: 执行标的额
unit: unit_code
conclusion: >-
  被执行人{{ debtor_name }}自{{ enforcement_filed|cn_date }}起被申请强制执行（执行标的{{ amount_due|yuan }}），
  执行中与{{ link }}相同的{{ plaintiff_name }}发生{{ case_id }}号民事案件，{{ filed_at|cn_date }}立案、{{ closed_at|cn_date }}即以{{ closing }}结案
  （{{ days_to_close|num }}日）{% if claim_yuan %}，金额{{ claim_yuan|yuan }}{% endif %}，可能是虚构债务、逃避执行。
decisive: [enforcement_filed, filed_at, closed_at, link]
actions:
  - 调阅民事案卷和执行卷宗，核实借条、转账记录等债务凭证的真实性，资金是否实际交付。
  - 核实原被告之间的亲属、同户或控制关系，调解协议是否用于对抗执行或参与执行分配。
  - 询问申请执行人，核实其债权是否因该调解书、确认裁定而受损。
  - 涉嫌虚假诉讼罪的，依法移送公安机关。
document:
  kind: retrial_recommendation
  request: >-
    建议你院对{{ case_id }}号案件的调解书（确认裁定）依法进行审查，属于恶意串通虚构债务、逃避执行的，
    依法启动再审程序予以撤销，并对相关人员依法予以处罚。
*/
WITH parties AS (
    SELECT p.record_id, p.case_id, p.role, p.name,
           COALESCE(${person_key(p.id_number)}, ${person_key(p.org_code)}) AS party,
           NULLIF(REPLACE(REPLACE(TRIM(p.phone), '-', ''), ' ', ''), '') AS phone,
           NULLIF(REPLACE(TRIM(p.address), ' ', ''), '') AS address
    FROM civil_party AS p
    WHERE p.role IN ('plaintiff', 'defendant')
),
suits AS (
    SELECT c.record_id AS case_id, c.unit_code, c.filed_at, c.closed_at, c.claim_yuan,
           CASE WHEN c.kind = 'confirmation' THEN '司法确认' ELSE '调解' END AS closing,
           ${days_between(c.filed_at, c.closed_at)} AS days_to_close,
           d.record_id AS defendant_id, d.name AS debtor_name, d.party AS debtor,
           p.record_id AS plaintiff_id, p.name AS plaintiff_name, p.party AS plaintiff,
           CASE WHEN p.address = d.address AND p.phone = d.phone THEN '住址、电话'
                WHEN p.address = d.address THEN '住址' ELSE '电话' END AS link
    FROM civil_case AS c
    JOIN parties AS d ON d.case_id = c.record_id AND d.role = 'defendant'
    JOIN parties AS p ON p.case_id = c.record_id AND p.role = 'plaintiff'
    WHERE c.closed_at IS NOT NULL AND c.closed_at <= ${as_of} AND d.party IS NOT NULL
      AND (c.kind = 'confirmation'
           OR (c.closing = 'mediation' AND ${days_between(c.filed_at, c.closed_at)} <= ${days}))
      AND (p.address = d.address OR p.phone = d.phone)
      AND (p.party IS NULL OR p.party <> d.party)
),
under AS (
    -- the debtor's enforcement cases open when the suit was filed (终本: the debt is unpaid),
    -- brought by someone other than the plaintiff
    SELECT s.case_id, s.plaintiff_id, e.record_id AS enforcement_id, e.filed_at,
           e.amount_due_yuan
    FROM suits AS s
    JOIN enforcement_case AS e
      ON COALESCE(${person_key(e.debtor_id_number)}, ${person_key(e.debtor_org_code)}) = s.debtor
     AND e.filed_at <= s.filed_at
     AND (e.closed_at IS NULL OR e.closed_at > s.filed_at OR e.closing = 'terminated_this_round')
    WHERE s.plaintiff IS NULL
       OR COALESCE(${person_key(e.applicant_id_number)}, ${person_key(e.applicant_org_code)}, '')
          <> s.plaintiff
),
grouped AS (
    SELECT case_id, MIN(filed_at) AS enforcement_filed, SUM(amount_due_yuan) AS amount_due,
           array_to_string(list_sort(list(DISTINCT enforcement_id)), ';') AS enforcement_ids
    FROM under
    GROUP BY case_id
),
named AS (
    SELECT s.case_id,
           array_to_string(list_sort(list(DISTINCT s.debtor_name)), '、') AS debtor_name,
           array_to_string(list_sort(list(DISTINCT s.plaintiff_name)), '、') AS plaintiff_name,
           array_to_string(list_sort(list(DISTINCT s.link)), '、') AS link,
           array_to_string(list_sort(list(DISTINCT s.plaintiff_id)), ';') || ';'
               || array_to_string(list_sort(list(DISTINCT s.defendant_id)), ';') AS party_ids,
           MIN(s.unit_code) AS unit_code, MIN(s.filed_at) AS filed_at,
           MIN(s.closed_at) AS closed_at, MIN(s.days_to_close) AS days_to_close,
           MIN(s.closing) AS closing, MIN(s.claim_yuan) AS claim_yuan
    FROM suits AS s
    WHERE EXISTS (SELECT 1 FROM under AS u
                  WHERE u.case_id = s.case_id AND u.plaintiff_id = s.plaintiff_id)
    GROUP BY s.case_id
)
SELECT n.case_id, n.unit_code, n.debtor_name, n.plaintiff_name, n.party_ids, g.enforcement_ids,
       g.enforcement_filed, n.filed_at, n.closed_at, n.days_to_close, n.closing, n.link,
       n.claim_yuan, g.amount_due
FROM named AS n
JOIN grouped AS g ON g.case_id = n.case_id
