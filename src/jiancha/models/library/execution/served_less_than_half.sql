/*
id: execution.served_less_than_half
version: 1
title: 减刑后实际执行不足原判刑期二分之一
domain: execution
description: >-
  有期徒刑罪犯历次减刑合计后，刑期届满时实际执行的刑期将少于原判刑期的二分之一。
legal_basis:
  - law: 刑法
    article: 第七十八条第二款
    text: 减刑以后实际执行的刑期不能少于下列期限：（一）判处管制、拘役、有期徒刑的，不能少于原判刑期的二分之一……
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
WITH reductions AS (
    SELECT c.prisoner_id, SUM(c.reduction_months) AS reduction_months,
           array_to_string(list_sort(list(c.record_id)), ';') AS commutation_ids
    FROM execution_change AS c
    WHERE c.kind = 'commutation' AND c.reduction_months > 0 AND c.ruled_at <= ${as_of}
    GROUP BY c.prisoner_id
)
SELECT p.record_id AS prisoner_id, p.name, p.id_number, p.unit_code, r.commutation_ids,
       p.original_term_months, r.reduction_months,
       p.original_term_months - r.reduction_months AS served_months
FROM prisoner AS p
JOIN reductions AS r ON r.prisoner_id = p.record_id
WHERE COALESCE(p.penalty, 'fixed_term') = 'fixed_term'
  AND 2 * (p.original_term_months - r.reduction_months) < p.original_term_months
