/*
id: execution.term_expired_not_released
version: 1
title: 刑期届满未释放
domain: execution
description: >-
  罪犯的刑期止日（扣除历次减刑后）已超过三日，仍无释放记录。
legal_basis:
  - law: 监狱法
    article: 第三十五条
    text: 罪犯服刑期满，监狱应当按期释放并发给释放证明书。
parameters:
  days: {type: integer, default: 3, unit: 日, label: 期满后允许的天数, min: 0}
subject: [name, id_number, prisoner_id]
key: {table: prisoner, column: prisoner_id}
evidence:
  - {table: prisoner, column: prisoner_id}
  - {table: execution_change, column: commutation_ids}
facts:
  term_end: 原刑期止日
  reduction_months: 减刑合计（月）
  adjusted_end: 减刑后刑期止日
  overdue_days: 超期天数
unit: unit_code
*/
WITH reductions AS (
    SELECT c.prisoner_id, SUM(c.reduction_months) AS reduction_months,
           array_to_string(list_sort(list(c.record_id)), ';') AS commutation_ids
    FROM execution_change AS c
    WHERE c.kind = 'commutation' AND c.reduction_months > 0 AND c.ruled_at <= ${as_of}
    GROUP BY c.prisoner_id
),
adjusted AS (
    SELECT p.record_id AS prisoner_id, p.name, p.id_number, p.unit_code, p.term_end,
           r.commutation_ids, COALESCE(r.reduction_months, 0) AS reduction_months,
           ${add_months(p.term_end, -COALESCE(r.reduction_months, 0))} AS adjusted_end
    FROM prisoner AS p
    LEFT JOIN reductions AS r ON r.prisoner_id = p.record_id
    WHERE p.term_end IS NOT NULL
      AND (p.released_at IS NULL OR p.released_at > ${as_of})
)
SELECT prisoner_id, name, id_number, unit_code, commutation_ids, term_end, reduction_months,
       adjusted_end, ${days_between(adjusted_end, ${as_of})} AS overdue_days
FROM adjusted
WHERE ${days_between(adjusted_end, ${as_of})} > ${days}
