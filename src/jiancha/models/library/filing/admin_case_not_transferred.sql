/*
id: filing.admin_case_not_transferred
version: 1
title: 行政执法应移送未移送（以罚代刑）
domain: filing
description: >-
  行政处罚的违法类型与涉案金额（或数量：农用地亩数、血液酒精含量）已达到刑事立案追诉标准，
  但没有移送公安机关的记录。
legal_basis:
  - law: 行政执法机关移送涉嫌犯罪案件的规定
    article: 第三条
    text: 行政执法机关在依法查处违法行为过程中，发现违法事实涉及的金额、违法事实的情节、违法事实造成的后果等，根据刑法……等规定，涉嫌构成犯罪，依法需要追究刑事责任的，必须依照本规定向公安机关移送。
  - law: 最高人民检察院、公安部关于公安机关管辖的刑事案件立案追诉标准的规定
    article: 相关条文
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
unit: unit_code
*/
WITH penalty AS (
    SELECT a.record_id AS penalty_id, a.party_name, a.party_id_number, a.org_code, a.unit_code,
           a.violation, a.amount_yuan, a.quantity, a.quantity_unit, a.decided_at,
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
)
SELECT penalty_id, party_name, party_id_number, org_code, unit_code, violation, amount_yuan,
       quantity, quantity_unit, decided_at,
       COALESCE(threshold_yuan, threshold_quantity) AS threshold
FROM measured
WHERE amount_yuan >= threshold_yuan
   OR (code = 'illegal_land_use' AND land_mu >= threshold_quantity)
   OR (code = 'drunk_driving' AND quantity >= threshold_quantity)
