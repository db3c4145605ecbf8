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
*/
WITH commutations AS (
    -- one row per ruling (a ruling recorded twice counts once)
    SELECT c.prisoner_id, c.ruled_at, c.reduction_months, MIN(c.record_id) AS record_id,
           MAX(CASE WHEN COALESCE(c.after_retrial, FALSE) THEN 1 ELSE 0 END) AS after_retrial
    FROM execution_change AS c
    WHERE c.kind = 'commutation' AND c.reduction_months > 0 AND c.ruled_at <= ${as_of}
    GROUP BY c.prisoner_id, c.ruled_at, c.reduction_months
),
retrials AS (
    SELECT prisoner_id, MIN(ruled_at) AS first_re_ruling
    FROM commutations
    WHERE after_retrial = 1
    GROUP BY prisoner_id
),
reductions AS (
    -- art. 32: the rulings before a re-ruling after a retrial lapsed
    SELECT c.prisoner_id, SUM(c.reduction_months) AS reduction_months,
           array_to_string(list_sort(list(c.record_id)), ';') AS commutation_ids
    FROM commutations AS c
    LEFT JOIN retrials AS r ON r.prisoner_id = c.prisoner_id
    WHERE c.after_retrial = 1 OR r.first_re_ruling IS NULL OR c.ruled_at > r.first_re_ruling
    GROUP BY c.prisoner_id
)
SELECT p.record_id AS prisoner_id, p.name, p.id_number, p.unit_code, r.commutation_ids,
       p.original_term_months, r.reduction_months,
       p.original_term_months - r.reduction_months AS served_months
FROM prisoner AS p
JOIN reductions AS r ON r.prisoner_id = p.record_id
WHERE COALESCE(p.penalty, 'fixed_term') IN ('fixed_term', 'criminal_detention', 'surveillance')
  AND 2 * (p.original_term_months - r.reduction_months) < p.original_term_months
