/*
id: civil.payment_order_during_enforcement
version: 1
title: 对正被他人申请执行的债务人发出支付令
domain: civil
description: >-
  债权人申请支付令时，债务人（按身份证号或统一社会信用代码）正作为被执行人被另一债权人申请强制执行
  （执行案件已立案、尚未执行完毕；终结本次执行的债务仍未清偿，仍算执行中）。支付令只经书面审查，债务人
  不提出异议即可申请执行，常被用来虚构债务、参与执行分配、稀释真正债权人的受偿，线索须核实债务真实性。
legal_basis:
  - law: 民事诉讼法
    article: 第二百二十五条
    text: 债权人请求债务人给付金钱、有价证券，符合下列条件的，可以向有管辖权的基层人民法院申请支付令：（一）债权人与债务人没有其他债务纠纷的；（二）支付令能够送达债务人的。申请书应当写明请求给付金钱或者有价证券的数量和所根据的事实、证据。
  - law: 民事诉讼法
    article: 第二百二十七条第一款
    text: 人民法院受理申请后，经审查债权人提供的事实、证据，对债权债务关系明确、合法的，应当在受理之日起十五日内向债务人发出支付令；申请不成立的，裁定予以驳回。
  - law: 民事诉讼法
    article: 第一百一十六条
    text: 被执行人与他人恶意串通，通过诉讼、仲裁、调解等方式逃避履行法律文书确定的义务的，人民法院应当根据情节轻重予以罚款、拘留；构成犯罪的，依法追究刑事责任。
  - law: 最高人民法院、最高人民检察院关于办理虚假诉讼刑事案件适用法律若干问题的解释
    article: 第一条第二款
    text: 向人民法院申请执行基于捏造的事实作出的仲裁裁决、公证债权文书，或者在民事执行过程中以捏造的事实对执行标的提出异议、申请参与执行财产分配的，属于刑法第三百零七条之一第一款规定的“以捏造的事实提起民事诉讼”。
excludes:
  - 支付令申请人就是该执行案件的申请执行人的：不是“另一债权人”，不提示。
  - 支付令申请前执行案件已执行完毕、终结执行或执行和解结案的：债务人已不在执行中，不提示。
  - 支付令申请后才立案的执行案件：不在本模型范围。
  - 债务人是没有身份证号、统一社会信用代码的：无法与执行案件比对，不提示。
subject: [case_id, debtor_name, creditor_name]
key: {table: civil_case, column: case_id}
evidence:
  - {table: civil_case, column: case_id}
  - {table: civil_party, column: party_ids}
  - {table: enforcement_case, column: enforcement_ids}
facts:
  filed_at: 支付令申请立案日期
  claim_yuan: 支付令请求金额
  enforcement_filed: 执行立案日期
  applicants: 执行申请人
  enforcements: 执行中的案件数
  amount_due: 执行标的额合计
unit: unit_code
conclusion: >-
  {{ creditor_name }}于{{ filed_at|cn_date }}申请对{{ debtor_name }}发出支付令{% if claim_yuan %}（请求给付{{ claim_yuan|yuan }}）{% endif %}，
  而{{ debtor_name }}自{{ enforcement_filed|cn_date }}起正被{{ applicants }}申请强制执行（{{ enforcements|num }}件，标的额合计{{ amount_due|yuan }}），
  尚未执行完毕，可能借支付令虚构债务、参与执行分配。
decisive: [filed_at, enforcement_filed]
actions:
  - 调阅督促程序案卷，核实债权凭证、资金往来是否真实，债权人与债务人是否存在亲属、控制等关联关系。
  - 核实债务人收到支付令后是否提出异议，支付令是否已据以申请执行、参与执行分配。
  - 询问执行案件的申请执行人，核实其受偿是否因此受到影响。
  - 涉嫌虚假诉讼罪的，依法移送公安机关。
document:
  kind: recommendation
  request: >-
    建议你院对{{ case_id }}号支付令依法进行审查，确有错误的，依照民事诉讼法解释第四百四十一条的规定
    提交审判委员会讨论决定后裁定撤销，并对参与执行分配的债权依法审查。
*/
WITH parties AS (
    SELECT p.record_id, p.case_id, p.role, p.name,
           COALESCE(${person_key(p.id_number)}, ${person_key(p.org_code)}) AS party
    FROM civil_party AS p
    WHERE p.role IN ('plaintiff', 'defendant')
),
orders AS (
    SELECT c.record_id AS case_id, c.unit_code, c.filed_at, c.claim_yuan,
           d.record_id AS debtor_party_id, d.name AS debtor_name, d.party AS debtor,
           p.record_id AS creditor_party_id, p.name AS creditor_name, p.party AS creditor
    FROM civil_case AS c
    JOIN parties AS d ON d.case_id = c.record_id AND d.role = 'defendant'
    LEFT JOIN parties AS p ON p.case_id = c.record_id AND p.role = 'plaintiff'
    WHERE c.kind = 'payment_order' AND c.filed_at <= ${as_of} AND d.party IS NOT NULL
),
under AS (
    SELECT o.case_id, e.record_id AS enforcement_id, e.filed_at, e.amount_due_yuan,
           e.applicant_name
    FROM orders AS o
    JOIN enforcement_case AS e
      ON COALESCE(${person_key(e.debtor_id_number)}, ${person_key(e.debtor_org_code)}) = o.debtor
     AND e.filed_at <= o.filed_at
     AND (e.closed_at IS NULL OR e.closed_at > o.filed_at OR e.closing = 'terminated_this_round')
    -- another creditor: neither the same id/code nor, where either has none, the same name
    WHERE NOT (
        COALESCE(${person_key(e.applicant_id_number)}, ${person_key(e.applicant_org_code)}, '')
            = COALESCE(o.creditor, '-')
        OR ((o.creditor IS NULL
             OR COALESCE(${person_key(e.applicant_id_number)},
                         ${person_key(e.applicant_org_code)}) IS NULL)
            AND TRIM(e.applicant_name) = TRIM(o.creditor_name)))
),
grouped AS (
    SELECT case_id, MIN(filed_at) AS enforcement_filed, COUNT(DISTINCT enforcement_id)
               AS enforcements, SUM(amount_due_yuan) AS amount_due,
           array_to_string(list_sort(list(DISTINCT applicant_name)), '、') AS applicants,
           array_to_string(list_sort(list(DISTINCT enforcement_id)), ';') AS enforcement_ids
    FROM under
    GROUP BY case_id
),
named AS (
    SELECT o.case_id, MIN(o.unit_code) AS unit_code, MIN(o.filed_at) AS filed_at,
           MIN(o.claim_yuan) AS claim_yuan,
           array_to_string(list_sort(list(DISTINCT o.debtor_name)), '、') AS debtor_name,
           COALESCE(array_to_string(list_sort(list(DISTINCT o.creditor_name)), '、'), '')
               AS creditor_name,
           array_to_string(list_sort(list(DISTINCT o.debtor_party_id)), ';') || ';'
               || COALESCE(array_to_string(list_sort(list(DISTINCT o.creditor_party_id)), ';'),
                           '') AS party_ids
    FROM orders AS o
    GROUP BY o.case_id
)
SELECT n.case_id, n.unit_code, n.debtor_name, n.creditor_name, n.party_ids, g.enforcement_ids,
       n.filed_at, n.claim_yuan, g.enforcement_filed, g.applicants, g.enforcements, g.amount_due
FROM named AS n
JOIN grouped AS g ON g.case_id = n.case_id
