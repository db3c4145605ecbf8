/*
id: filing.admin_case_not_transferred
version: 2
title: 行政执法应移送未移送（以罚代刑）
domain: filing
description: >-
  行政处罚的违法类型与涉案金额（或数量：农用地亩数、血液酒精含量）已达到刑事立案追诉标准，
  但没有移送公安机关的记录，同一当事人也没有因同一违法行为进入刑事程序的记录。
  逃税另须逃税额占应纳税额百分之十以上，且不属于补缴税款、滞纳金并接受处罚而不予追究的情形。
legal_basis:
  - law: 行政执法机关移送涉嫌犯罪案件的规定
    article: 第三条
    text: 行政执法机关在依法查处违法行为过程中，发现违法事实涉及的金额、违法事实的情节、违法事实造成的后果等，根据刑法……等规定，涉嫌构成犯罪，依法需要追究刑事责任的，必须依照本规定向公安机关移送。
  - law: 最高人民检察院、公安部关于公安机关管辖的刑事案件立案追诉标准的规定
    article: 相关条文
  - law: 刑法
    article: 第二百零一条第一款、第四款
    text: 纳税人采取欺骗、隐瞒手段进行虚假纳税申报或者不申报，逃避缴纳税款数额较大并且占应纳税额百分之十以上的，处三年以下有期徒刑或者拘役，并处罚金……有第一款行为，经税务机关依法下达追缴通知后，补缴应纳税款，缴纳滞纳金，已受行政处罚的，不予追究刑事责任；但是，五年内因逃避缴纳税款受过刑事处罚或者被税务机关给予二次以上行政处罚的除外。
  - law: 最高人民法院、最高人民检察院关于办理危害税收征管刑事案件适用法律若干问题的解释
    article: 第二条第一款、第三条第一款
    text: 纳税人逃避缴纳税款十万元以上、五十万元以上的，应当分别认定为刑法第二百零一条第一款规定的“数额较大”、“数额巨大”。……纳税人有刑法第二百零一条第一款规定的逃避缴纳税款行为，在公安机关立案前，经税务机关依法下达追缴通知后，在规定的期限或者批准延缓、分期缴纳的期限内足额补缴应纳税款，缴纳滞纳金，并全部履行税务机关作出的行政处罚决定的，不予追究刑事责任。但是，五年内因逃避缴纳税款受过刑事处罚或者被税务机关给予二次以上行政处罚的除外。
  - law: 刑事诉讼法
    article: 第一百七十七条第三款
    text: 人民检察院决定不起诉的案件，应当同时对侦查中查封、扣押、冻结的财物解除查封、扣押、冻结。对被不起诉人需要给予行政处罚、处分或者需要没收其违法所得的，人民检察院应当提出检察意见，移送有关主管机关处理。有关主管机关应当将处理结果及时通知人民检察院。
  - law: 道路交通安全法
    article: 第九十一条第二款
    text: 醉酒驾驶机动车的，由公安机关交通管理部门约束至酒醒，吊销机动车驾驶证，依法追究刑事责任；五年内不得重新取得机动车驾驶证。
parameters:
  theft_yuan: {type: number, default: 3000, unit: 元, label: 盗窃罪数额较大标准, min: 0}
  fraud_yuan: {type: number, default: 5000, unit: 元, label: 诈骗罪数额较大标准, min: 0}
  counterfeit_goods_yuan: {type: number, default: 50000, unit: 元, label: 生产、销售伪劣产品罪销售金额标准, min: 0}
  illegal_business_yuan: {type: number, default: 50000, unit: 元, label: 非法经营罪经营数额标准, min: 0}
  tax_evasion_yuan: {type: number, default: 100000, unit: 元, label: 逃税罪数额标准, min: 0}
  illegal_mining_yuan: {type: number, default: 100000, unit: 元, label: 非法采矿罪矿产品价值标准, min: 0}
  pollution_yuan: {type: number, default: 300000, unit: 元, label: 污染环境罪违法所得或损失标准, min: 0}
  basic_farmland_mu: {type: number, default: 5, unit: 亩, label: 非法占用永久基本农田标准, min: 0}
  farmland_mu: {type: number, default: 10, unit: 亩, label: 非法占用其他耕地标准, min: 0}
  drunk_driving_mg: {type: number, default: 80, unit: mg/100ml, label: 醉酒驾驶血液酒精含量标准, min: 0}
  tax_share: {type: number, default: 0.1, unit: 比例, label: 逃税额占应纳税额比例标准, min: 0, max: 1}
  tax_lookback_years: {type: integer, default: 5, unit: 年, label: 逃税前科期间, min: 0}
  tax_prior_penalties: {type: integer, default: 2, unit: 次, label: 逃税行政处罚次数标准, min: 1}
  same_conduct_days: {type: integer, default: 365, unit: 日, label: 同一行为刑事程序前后期间, min: 0}
excludes:
  - 同一当事人（身份证号；单位按名称）在处罚日期前后“同一行为刑事程序前后期间”（默认一年）内，因同一罪名有刑事立案、强制措施、诉讼环节（含不起诉）或刑事裁判的，不提示：案件已在刑事程序中，或属于不起诉后反向移送的行政处罚（刑事诉讼法第一百七十七条第三款、行政处罚法第二十七条）。刑事记录没有罪名的，按可能是同一行为处理。
  - 醉酒驾驶的当事人已有危险驾驶刑事案件或判决的，交通管理部门吊销驾驶证是与刑事追究并行的行政措施（道路交通安全法第九十一条第二款），不是以罚代刑，不提示。
  - 逃税须同时满足：逃税额达到数额较大标准，并且占应纳税额百分之十以上（刑法第二百零一条第一款）；应纳税额未记录的，无法认定比例，不提示。
  - 纳税人补缴税款、滞纳金并接受行政处罚的，不予追究刑事责任，不提示；但五年内因逃税受过刑事处罚（免予刑事处罚的判决不算）或者被税务机关给予二次以上行政处罚的，仍然提示（刑法第二百零一条第四款）。是否补缴未记录的，只有在有上述前科时才提示（未知不使线索比法律更严）。
subject: [party_name, party_id_number, org_code]
key: {table: admin_penalty, column: penalty_id}
evidence:
  - {table: admin_penalty, column: penalty_id}
facts:
  violation: 违法类型
  amount_yuan: 涉案金额
  quantity: 数量
  quantity_unit: 数量单位
  threshold: 追诉标准
  decided_at: 处罚日期
  tax_due_yuan: 应纳税额
  tax_share: 逃税额占应纳税额比例
  remedied: 已补缴税款滞纳金并接受处罚
  prior_tax_penalties: 五年内逃税行政处罚次数
  prior_tax_conviction: 五年内因逃税受过刑事处罚
unit: unit_code
conclusion: >-
  {{ party_name }}于{{ decided_at|cn_date }}因{{ violation|label }}被行政处罚，
  {% if amount_yuan is not none %}涉案金额{{ amount_yuan|yuan }}{% else %}数量{{ quantity|num }}{{ quantity_unit or "" }}{% endif %}，
  已达到刑事立案追诉标准（{% if amount_yuan is not none %}{{ threshold|yuan }}{% else %}{{ threshold|num }}{{ quantity_unit or "" }}{% endif %}），
  但行政执法机关没有移送公安机关的记录，当事人也没有因同一违法行为进入刑事程序的记录。
decisive: [violation, amount_yuan, quantity, threshold]
checked:
  - {table: criminal_case, label: 同一当事人同一罪名的刑事立案、强制措施、诉讼环节和刑事裁判记录（处罚日期前后）, agency: 公安机关、人民检察院、人民法院}
actions:
  - 调取行政处罚案卷，核实违法事实及涉案金额（数量）的认定依据和证据。
  - 向公安机关核实是否已接受移送、是否已立案侦查，防止同一行为重复追究或遗漏。
  - 核实是否有补缴税款、滞纳金并接受处罚等依法不予追究刑事责任的情形。
document:
  kind: recommendation
  request: >-
    建议你单位依照《行政执法机关移送涉嫌犯罪案件的规定》，将{{ party_name }}涉嫌犯罪的案件依法移送公安机关，
    并将移送情况书面回复本院。
*/
WITH penalty AS (
    SELECT a.record_id AS penalty_id, a.party_name, a.party_id_number, a.org_code, a.unit_code,
           a.violation, a.amount_yuan, a.quantity, a.quantity_unit, a.decided_at,
           a.tax_due_yuan, a.remedied,
           ${person_key(a.party_id_number)} AS person,
           -- an organisation is matched to criminal records (which carry no org code) by name
           CASE WHEN a.party_type = 'org' OR a.org_code IS NOT NULL
                THEN NULLIF(TRIM(a.party_name), '') END AS org_name,
           ${offense_code(a.violation)} AS code,
           -- land in mu whatever unit it was given in (1 公顷 = 15 亩, 1 亩 = 666.67 平方米)
           CASE WHEN a.quantity_unit LIKE '%公顷%' THEN a.quantity * 15
                WHEN a.quantity_unit LIKE '%平方米%' OR a.quantity_unit IN ('m2', '㎡')
                    THEN a.quantity / 666.6667
                ELSE a.quantity END AS land_mu
    FROM admin_penalty AS a
    WHERE a.transferred_at IS NULL AND a.decided_at <= ${as_of}
),
measured AS (
    SELECT p.*,
           CASE p.code
               WHEN 'theft' THEN ${theft_yuan}
               WHEN 'fraud' THEN ${fraud_yuan}
               WHEN 'counterfeit_goods' THEN ${counterfeit_goods_yuan}
               WHEN 'illegal_business' THEN ${illegal_business_yuan}
               WHEN 'tax_evasion' THEN ${tax_evasion_yuan}
               WHEN 'illegal_mining' THEN ${illegal_mining_yuan}
               WHEN 'pollution' THEN ${pollution_yuan}
           END AS threshold_yuan,
           CASE WHEN p.code = 'illegal_land_use' AND p.quantity_unit LIKE '%基本农田%'
                    THEN ${basic_farmland_mu}
                WHEN p.code = 'illegal_land_use' THEN ${farmland_mu}
                WHEN p.code = 'drunk_driving' THEN ${drunk_driving_mg}
           END AS threshold_quantity
    FROM penalty AS p
),
over AS (
    SELECT *
    FROM measured
    WHERE amount_yuan >= threshold_yuan
       OR (code = 'illegal_land_use' AND land_mu >= threshold_quantity)
       OR (code = 'drunk_driving' AND quantity >= threshold_quantity)
),
-- every criminal record of a party over the threshold (a person by id number, an organisation
-- by name: criminal records carry no org code), with the dates it spans
mention AS (
    SELECT *
    FROM (
        SELECT ${person_key(j.defendant_id_number)} AS person, TRIM(j.defendant_name) AS name,
               CAST(NULL AS VARCHAR) AS case_id, j.charge,
               COALESCE(j.offense_at, j.decided_at) AS from_at,
               COALESCE(j.effective_at, j.decided_at) AS to_at
        FROM judgment AS j
        UNION ALL
        SELECT ${person_key(e.id_number)} AS person, TRIM(e.name) AS name, e.case_id,
               CAST(NULL AS VARCHAR) AS charge, e.at AS from_at, e.at AS to_at
        FROM procedural_event AS e
        UNION ALL
        SELECT ${person_key(m.id_number)} AS person, TRIM(m.name) AS name, m.case_id,
               CAST(NULL AS VARCHAR) AS charge, m.start_at AS from_at,
               COALESCE(m.end_at, m.start_at) AS to_at
        FROM coercive_measure AS m
        UNION ALL
        SELECT ${person_key(r.suspect_id_number)} AS person, TRIM(r.suspect_name) AS name,
               CAST(NULL AS VARCHAR) AS case_id, r.offense AS charge, r.received_at AS from_at,
               COALESCE(r.decided_at, r.received_at) AS to_at
        FROM case_report AS r
        WHERE r.case_kind = 'criminal' AND r.decision = 'filed'
    ) AS record
    WHERE person IN (SELECT person FROM over) OR name IN (SELECT org_name FROM over)
),
-- an event's or a measure's offence is its case's charge
proceeding AS (
    SELECT m.person, m.name, ${offense_code(COALESCE(m.charge, c.charge))} AS code, m.from_at,
           m.to_at
    FROM mention AS m
    LEFT JOIN criminal_case AS c ON c.record_id = m.case_id
),
-- a person by id number, an organisation by name (two equi-joins, not one OR join)
party_proceeding AS (
    SELECT o.penalty_id, o.code AS penalty_code, o.decided_at, c.code, c.from_at, c.to_at
    FROM over AS o
    JOIN proceeding AS c ON c.person = o.person
    UNION ALL
    SELECT o.penalty_id, o.code AS penalty_code, o.decided_at, c.code, c.from_at, c.to_at
    FROM over AS o
    JOIN proceeding AS c ON c.name = o.org_name
),
same_conduct AS (
    SELECT DISTINCT penalty_id
    FROM party_proceeding
    WHERE (code = penalty_code OR code IS NULL)
      AND decided_at >= ${add_days(from_at, -${same_conduct_days})}
      AND decided_at <= ${add_days(to_at, ${same_conduct_days})}
),
-- 刑法 201 ¶4: tax-evasion penalties and convictions within the previous five years
-- the taxpayer: an organisation by its code, a person by id number
tax_penalty AS (
    SELECT a.record_id, a.decided_at,
           COALESCE('org:' || CAST(${person_key(a.org_code)} AS VARCHAR),
                    'person:' || CAST(${person_key(a.party_id_number)} AS VARCHAR)) AS taxpayer
    FROM admin_penalty AS a
    WHERE ${offense_code(a.violation)} = 'tax_evasion'
),
prior_penalty AS (
    SELECT o.penalty_id, COUNT(DISTINCT prior.record_id) AS prior_tax_penalties
    FROM over AS o
    JOIN tax_penalty AS t ON t.record_id = o.penalty_id
    JOIN tax_penalty AS prior
      ON prior.taxpayer = t.taxpayer
     AND prior.record_id <> t.record_id
     AND prior.decided_at < t.decided_at
     AND prior.decided_at >= ${add_months(t.decided_at, -12 * ${tax_lookback_years})}
    GROUP BY o.penalty_id
),
prior_conviction AS (
    SELECT DISTINCT o.penalty_id
    FROM over AS o
    JOIN judgment AS j
      ON (${person_key(j.defendant_id_number)} = o.person OR TRIM(j.defendant_name) = o.org_name)
     AND ${offense_code(j.charge)} = 'tax_evasion'
     -- a criminal penalty: 逃税罪 always carries a fine, unless exempted from punishment
     AND (j.penalty IS NULL OR j.penalty <> 'exempt')
     AND COALESCE(j.effective_at, j.decided_at) < o.decided_at
     AND COALESCE(j.effective_at, j.decided_at)
         >= ${add_months(o.decided_at, -12 * ${tax_lookback_years})}
    WHERE o.code = 'tax_evasion'
),
judged AS (
    SELECT o.*, COALESCE(pp.prior_tax_penalties, 0) AS prior_tax_penalties,
           pc.penalty_id IS NOT NULL AS prior_tax_conviction,
           CASE WHEN o.tax_due_yuan > 0 THEN o.amount_yuan / o.tax_due_yuan END AS tax_share
    FROM over AS o
    LEFT JOIN prior_penalty AS pp ON pp.penalty_id = o.penalty_id
    LEFT JOIN prior_conviction AS pc ON pc.penalty_id = o.penalty_id
    WHERE NOT EXISTS (SELECT 1 FROM same_conduct AS s WHERE s.penalty_id = o.penalty_id)
)
SELECT penalty_id, party_name, party_id_number, org_code, unit_code, violation, amount_yuan,
       quantity, quantity_unit, decided_at,
       COALESCE(threshold_yuan, threshold_quantity) AS threshold,
       tax_due_yuan, CASE WHEN code = 'tax_evasion' THEN ROUND(tax_share, 4) END AS tax_share,
       CASE WHEN remedied THEN '是' WHEN NOT remedied THEN '否' END AS remedied,
       CASE WHEN code = 'tax_evasion' THEN prior_tax_penalties END AS prior_tax_penalties,
       CASE WHEN code <> 'tax_evasion' THEN NULL WHEN prior_tax_conviction THEN '是' ELSE '否'
       END AS prior_tax_conviction
FROM judged
WHERE code <> 'tax_evasion'
   -- 刑法 201 ¶1: above the amount and at least the share of the tax due; ¶4: not remedied,
   -- or remedied by one who already has the record that bars the exemption
   OR (tax_share >= ${tax_share}
       AND (remedied = FALSE OR prior_tax_penalties >= ${tax_prior_penalties}
            OR prior_tax_conviction))
