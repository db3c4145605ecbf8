/*
id: admin.deregistered_owing_fine
version: 1
title: 市场主体欠缴罚款办理注销登记
domain: admin
description: >-
  市场主体在注销登记之日仍有未缴纳的行政罚款（处罚决定在注销前作出，注销前未缴纳）：
  注销须先清偿债务，简易注销须承诺罚款已经结清；罚款因主体终止而无从执行，登记机关可能在
  材料虚假的情况下准予注销，作出罚款的机关可能未依法追缴，应当督促依法处理。
legal_basis:
  - law: 市场主体登记管理条例
    article: 第三十三条
    text: 市场主体未发生债权债务或者已将债权债务清偿完结，未发生或者已结清清偿费用、职工工资、社会保险费用、法定补偿金、应缴纳税款（滞纳金、罚款），并由全体投资人书面承诺对上述情况的真实性承担法律责任的，可以按照简易程序办理注销登记。
  - law: 公司法
    article: 第二百四十条
    text: 公司在存续期间未产生债务，或者已清偿全部债务的，经全体股东承诺，可以按照规定通过简易程序注销公司登记。……公司通过简易程序注销公司登记，股东对本条第一款规定的内容承诺不实的，应当对注销登记前的债务承担连带责任。
  - law: 行政强制法
    article: 第四十条
    text: 有下列情形之一的，终结执行:……（二）法人或者其他组织终止，无财产可供执行，又无义务承受人的；
excludes:
  - 经人民法院宣告破产后注销的：罚款在破产程序中处理，不提示。
  - 注销之日或以前已经缴纳的罚款：不提示；缴纳日期未记录的罚款视为未缴纳，核实时注意。
  - 注销以后才作出的处罚：不是注销时的欠款，不提示。
  - 按统一社会信用代码匹配；没有代码的处罚记录不提示。
subject: [name, org_code]
key: {table: company_register, column: company_id}
evidence:
  - {table: company_register, column: company_id}
  - {table: admin_penalty, column: penalty_ids}
facts:
  deregistered_at: 注销日期
  deregistration_kind: 注销类型
  fines: 未缴罚款笔数
  unpaid_yuan: 未缴罚款金额
  first_decided_at: 最早处罚日期
  agencies: 处罚机关
unit: unit_code
conclusion: >-
  {{ name }}于{{ deregistered_at|cn_date }}办理{% if deregistration_kind %}{{ deregistration_kind }}{% endif %}注销登记，
  注销时仍有{{ fines|num }}笔行政罚款共{{ unpaid_yuan|yuan }}未缴纳（{{ agencies }}，最早于{{ first_decided_at|cn_date }}作出）。
decisive: [deregistered_at, unpaid_yuan]
actions:
  - 调取注销登记档案，核实清算报告、债务清偿情况或全体投资人承诺书的内容。
  - 向作出处罚的机关核实罚款是否已缴纳、是否已申请法院强制执行。
  - 核实是否存在承诺不实或者通过虚假清算逃避罚款的情形，股东、清算组成员是否应当承担责任。
document:
  kind: recommendation
  request: >-
    建议你单位对{{ name }}注销时欠缴罚款{{ unpaid_yuan|yuan }}的情况依法核查，承诺不实或以虚假材料注销的，
    依法撤销注销登记或依法向股东、清算义务人追缴罚款。
*/
WITH deregistered AS (
    SELECT c.record_id AS company_id, c.name, c.org_code, c.unit_code, c.deregistered_at,
           c.deregistration_kind, ${person_key(c.org_code)} AS org
    FROM company_register AS c
    WHERE c.status = 'deregistered' AND c.deregistered_at <= ${as_of}
      AND COALESCE(c.deregistration_kind <> 'bankruptcy', TRUE)
),
owed AS (
    SELECT d.company_id, COUNT(*) AS fines, SUM(a.penalty_yuan) AS unpaid_yuan,
           MIN(a.decided_at) AS first_decided_at,
           array_to_string(list_sort(list(a.record_id)), ';') AS penalty_ids,
           array_to_string(list_sort(list(DISTINCT a.agency)), '、') AS agencies
    FROM deregistered AS d
    JOIN admin_penalty AS a ON ${person_key(a.org_code)} = d.org
    WHERE a.penalty_yuan > 0 AND a.decided_at < d.deregistered_at
      AND COALESCE(a.paid_at > d.deregistered_at, TRUE)
    GROUP BY d.company_id
)
SELECT d.company_id, d.name, d.org_code, d.unit_code, d.deregistered_at,
       CASE d.deregistration_kind WHEN 'dissolution' THEN '解散清算'
            WHEN 'simplified' THEN '简易注销' WHEN 'other' THEN '其他' END AS deregistration_kind,
       o.fines, o.unpaid_yuan, o.first_decided_at, o.penalty_ids, o.agencies
FROM deregistered AS d
JOIN owed AS o ON o.company_id = d.company_id
