/*
id: execution.served_less_than_half
version: 2
title: 减刑后实际执行不足原判刑期二分之一
domain: execution
description: >-
  有期徒刑（以及管制、拘役）罪犯历次减刑合计后，刑期届满时实际执行的刑期将少于原判刑期的二分之一。
  再审后重新作出减刑裁定的，此前的减刑裁定已失效，不再计入。
legal_basis:
  - law: 刑法
    article: 第七十八条第二款
    text: 减刑以后实际执行的刑期不能少于下列期限：（一）判处管制、拘役、有期徒刑的，不能少于原判刑期的二分之一；
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第十六条
    text: 被判处管制、拘役的罪犯，以及判决生效后剩余刑期不满二年有期徒刑的罪犯，符合减刑条件的，可以酌情减刑，减刑起始时间可以适当缩短，但实际执行的刑期不得少于原判刑期的二分之一。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第三十二条第二款
    text: 再审裁判改变原判决、裁定的，原减刑、假释裁定自动失效，执行机关应当及时报请有管辖权的人民法院重新作出是否减刑、假释的裁定。
excludes:
  - 再审后重新作出减刑裁定的，此前的减刑裁定自动失效（第三十二条），不与重新裁定的减刑重复计算。
  - 同一罪犯同一裁定日期、同一幅度的重复记录只计一次。
subject: [name, id_number, prisoner_id]
key: {table: prisoner, column: prisoner_id}
evidence:
  - {table: prisoner, column: prisoner_id}
  - {table: execution_change, column: commutation_ids}
facts:
  original_term_months: 原判刑期（月）
  reduction_months: 减刑合计（月）
  served_months: 实际执行（月）
unit: unit_code
conclusion: >-
  罪犯{{ name }}原判刑期{{ original_term_months }}个月，历次减刑合计{{ reduction_months }}个月，刑期届满时
  实际执行{{ served_months }}个月，少于原判刑期的二分之一。
decisive: [original_term_months, served_months]
actions:
  - 调取历次减刑裁定书，核实各次减刑幅度，排除重复登记和再审后已经失效的裁定。
  - 核实原判刑期、刑期起止日期及先行羁押折抵的日数。
document:
  kind: correction_notice
  request: >-
    请你院依照《中华人民共和国刑事诉讼法》第二百七十四条的规定，在收到本通知书后一个月以内重新组成合议庭，对罪犯{{ name }}的最近一次减刑裁定进行审理，依法作出最终裁定。
*/
WITH reductions AS (
    -- each ruling once; the rulings before a re-ruling after a retrial lapsed (art. 32)
    SELECT r.prisoner_id, r.reduction_months, r.commutation_ids
    FROM ${commutation_reductions(${as_of})} AS r
)
SELECT p.record_id AS prisoner_id, p.name, p.id_number, p.unit_code, r.commutation_ids,
       p.original_term_months, r.reduction_months,
       p.original_term_months - r.reduction_months AS served_months
FROM prisoner AS p
JOIN reductions AS r ON r.prisoner_id = p.record_id
WHERE COALESCE(p.penalty, 'fixed_term') IN ('fixed_term', 'criminal_detention', 'surveillance')
  AND 2 * (p.original_term_months - r.reduction_months) < p.original_term_months
