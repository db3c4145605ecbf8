/*
id: filing.not_filed_above_threshold
version: 1
title: 达到追诉标准不予立案
domain: filing
description: >-
  受案登记决定不予立案，但涉嫌案由与涉案金额已达到刑事立案追诉标准（数额标准可由各省设定）。
legal_basis:
  - law: 刑事诉讼法
    article: 第一百一十三条
    text: 人民检察院认为公安机关对应当立案侦查的案件而不立案侦查的，或者被害人认为公安机关对应当立案侦查的案件而不立案侦查，向人民检察院提出的，人民检察院应当要求公安机关说明不立案的理由。人民检察院认为公安机关不立案理由不能成立的，应当通知公安机关立案，公安机关接到通知后应当立案。
  - law: 最高人民法院、最高人民检察院关于办理盗窃刑事案件适用法律若干问题的解释
    article: 第一条
  - law: 最高人民法院、最高人民检察院关于办理诈骗刑事案件具体应用法律若干问题的解释
    article: 第一条
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
subject: [suspect_name, suspect_id_number, offense]
key: {table: case_report, column: report_id}
evidence:
  - {table: case_report, column: report_id}
facts:
  offense: 涉嫌案由
  amount_yuan: 涉案金额
  threshold_yuan: 追诉标准
  decided_at: 决定日期
unit: unit_code
*/
WITH report AS (
    SELECT r.record_id AS report_id, r.suspect_name, r.suspect_id_number, r.offense,
           r.unit_code, r.amount_yuan, r.decided_at,
           CASE ${offense_code(r.offense)}
               WHEN 'theft' THEN ${theft_yuan}
               WHEN 'fraud' THEN ${fraud_yuan}
               WHEN 'counterfeit_goods' THEN ${counterfeit_goods_yuan}
               WHEN 'illegal_business' THEN ${illegal_business_yuan}
               WHEN 'tax_evasion' THEN ${tax_evasion_yuan}
               WHEN 'illegal_mining' THEN ${illegal_mining_yuan}
               WHEN 'pollution' THEN ${pollution_yuan}
           END AS threshold_yuan
    FROM case_report AS r
    WHERE r.decision = 'not_filed'
)
SELECT report_id, suspect_name, suspect_id_number, offense, unit_code, amount_yuan,
       threshold_yuan, decided_at
FROM report
WHERE threshold_yuan IS NOT NULL AND amount_yuan >= threshold_yuan
