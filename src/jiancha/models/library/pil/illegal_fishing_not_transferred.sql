/*
id: pil.illegal_fishing_not_transferred
version: 1
title: 非法捕捞达到情节严重标准只罚不移
domain: pil
description: >-
  在禁渔区、禁渔期或者使用禁用工具、方法捕捞水产品被行政处罚，捕捞数量达到五百公斤以上或者价值一万元以上
  （内陆水域非法捕捞水产品“情节严重”的标准），处罚没有移送公安机关，此后也没有以非法捕捞受案：
  涉嫌非法捕捞水产品罪，以罚代刑，渔业资源和水域生态受到破坏，可考虑诉前检察建议并监督移送。
  同时列出此前二年内因非法捕捞受过的行政处罚次数（从重处罚情节）。
legal_basis:
  - law: 刑法
    article: 第三百四十条
    text: 违反保护水产资源法规，在禁渔区、禁渔期或者使用禁用的工具、方法捕捞水产品，情节严重的，处三年以下有期徒刑、拘役、管制或者罚金。
  - law: 最高人民法院、最高人民检察院关于办理破坏野生动物资源刑事案件适用法律若干问题的解释（法释〔2022〕12号）
    article: 第三条第一款第一项
  - law: 行政执法机关移送涉嫌犯罪案件的规定
    article: 第三条第一款
    text: 行政执法机关在依法查处违法行为过程中，发现违法事实涉及的金额、违法事实的情节、违法事实造成的后果等，根据刑法关于破坏社会主义市场经济秩序罪、妨害社会管理秩序罪等罪的规定和最高人民法院、最高人民检察院关于破坏社会主义市场经济秩序罪、妨害社会管理秩序罪等罪的司法解释以及最高人民检察院、公安部关于经济犯罪案件的追诉标准等规定，涉嫌构成犯罪，依法需要追究刑事责任的，必须依照本规定向公安机关移送。
excludes:
  - 捕捞数量不足五百公斤且价值不足一万元的：未达情节严重的数量标准（使用电鱼、毒鱼、炸鱼等情形需核实案卷，不在本模型范围）。
  - 已移送公安机关，或处罚以后公安机关已以非法捕捞受案的：已进入刑事程序。
  - 数量单位不是公斤、千克或吨的（如尾、条）：无法折算，只看价值。
  - 海洋水域的非法捕捞：适用另外的标准，项目可按海域调整参数。
parameters:
  kilograms: {type: number, default: 500, unit: 公斤, label: 情节严重的捕捞数量标准, min: 0}
  value_yuan: {type: number, default: 10000, unit: 元, label: 情节严重的捕捞价值标准, min: 0}
subject: [party_name, party_key]
key: {table: admin_penalty, column: penalty_id}
evidence:
  - {table: admin_penalty, column: penalty_id}
facts:
  decided_at: 处罚日期
  catch_kg: 捕捞数量（公斤）
  amount_yuan: 捕捞价值
  prior_penalties: 此前二年内非法捕捞处罚次数
  agency: 执法机关
unit: unit_code
conclusion: >-
  {{ party_name }}非法捕捞水产品{% if catch_kg is not none %}{{ catch_kg|num }}公斤{% endif %}{% if amount_yuan is not none %}、价值{{ amount_yuan|yuan }}{% endif %}，
  {{ decided_at|cn_date }}被{{ agency }}行政处罚，达到情节严重标准，未移送公安机关。
decisive: [catch_kg, amount_yuan]
checked:
  - {table: case_report, label: 公安机关受案登记（非法捕捞）, agency: 公安机关, since: decided_at}
actions:
  - 调取处罚卷宗，核实捕捞地点是否属于禁渔区、时间是否在禁渔期、所用工具方法及渔获物数量、价值的认定依据。
  - 核实是否属于内陆水域，是否使用电鱼、毒鱼、炸鱼等方法，是否对水生生物资源造成严重损害。
  - 向公安机关了解是否已另案受理；未受理的，依法监督渔业行政主管部门移送。
document:
  kind: pil_pre_litigation
  request: >-
    建议你单位将{{ party_name }}涉嫌非法捕捞水产品罪一案依法移送公安机关，责令其以增殖放流等方式修复受损的渔业资源，
    并加强禁渔期、禁渔区的执法巡查。
*/
WITH fishing AS (
    SELECT a.record_id, a.decided_at, a.unit_code, a.party_name, a.agency, a.transferred_at,
           a.amount_yuan,
           CASE WHEN TRIM(a.quantity_unit) IN ('吨', 't', 'T') THEN a.quantity * 1000
                WHEN TRIM(a.quantity_unit) IN ('公斤', '千克', 'kg', 'KG', 'Kg') THEN a.quantity
                WHEN TRIM(a.quantity_unit) IN ('斤', '市斤') THEN a.quantity / 2
           END AS catch_kg,
           CASE WHEN a.party_type = 'org'
                THEN COALESCE(${person_key(a.org_code)}, ${person_key(a.party_id_number)})
                ELSE COALESCE(${person_key(a.party_id_number)}, ${person_key(a.org_code)})
           END AS party,
           CASE WHEN a.party_type = 'org'
                THEN COALESCE(NULLIF(TRIM(a.org_code), ''), NULLIF(TRIM(a.party_id_number), ''))
                ELSE COALESCE(NULLIF(TRIM(a.party_id_number), ''), NULLIF(TRIM(a.org_code), ''))
           END AS party_key
    FROM admin_penalty AS a
    WHERE a.violation = 'illegal_fishing' AND a.decided_at <= ${as_of}
),
serious AS (
    SELECT f.*
    FROM fishing AS f
    WHERE f.transferred_at IS NULL
      AND (f.catch_kg >= ${kilograms} OR f.amount_yuan >= ${value_yuan})
),
reported AS (
    SELECT DISTINCT s.record_id
    FROM serious AS s
    JOIN case_report AS c
      ON ${person_key(c.suspect_id_number)} = s.party AND c.received_at >= s.decided_at
     AND c.offense LIKE '%捕捞%'
),
priors AS (
    SELECT s.record_id, COUNT(*) AS prior_penalties
    FROM serious AS s
    JOIN fishing AS q
      ON q.party = s.party AND q.decided_at < s.decided_at
     AND q.decided_at >= ${add_months(s.decided_at, -24)}
    GROUP BY s.record_id
)
SELECT s.record_id AS penalty_id, s.party_key, s.party_name, s.agency, s.unit_code,
       s.decided_at, s.catch_kg, s.amount_yuan, COALESCE(p.prior_penalties, 0) AS prior_penalties
FROM serious AS s
LEFT JOIN priors AS p ON p.record_id = s.record_id
WHERE s.party_key IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM reported AS r WHERE r.record_id = s.record_id)
