/*
id: execution.term_expired_not_released
version: 2
title: 刑期届满未释放
domain: execution
description: >-
  罪犯原判刑期止日扣除历次减刑（每次裁定只扣一次）后已经届满，仍无释放记录。
  刑期止日未记录的，以刑期起日和原判刑期推算（至届满前一日）。
legal_basis:
  - law: 监狱法
    article: 第三十五条
    text: 罪犯服刑期满，监狱应当按期释放并发给释放证明书。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第三十二条第二款
    text: 再审裁判改变原判决、裁定的，原减刑、假释裁定自动失效，执行机关应当及时报请有管辖权的人民法院重新作出是否减刑、假释的裁定。
excludes:
  - 刑期止日之前在押死亡的罪犯：不存在释放问题（是否“死人在押”由“已死亡人员仍在矫或在押”模型审查）。
  - 再审后重新作出减刑裁定的，此前的减刑裁定已失效，不与重新裁定的减刑重复扣减；同一裁定的重复记录只扣一次。
  - 刑期止日之后的宽限天数默认为零；项目可以设置参数。
parameters:
  days: {type: integer, default: 0, unit: 日, label: 期满后允许的天数, min: 0}
subject: [name, id_number, prisoner_id]
key: {table: prisoner, column: prisoner_id}
evidence:
  - {table: prisoner, column: prisoner_id}
  - {table: execution_change, column: commutation_ids}
facts:
  term_end: 原判刑期止日
  reduction_months: 减刑合计（月）
  adjusted_end: 减刑后刑期止日
  overdue_days: 超期天数
unit: unit_code
conclusion: >-
  罪犯{{ name }}原判刑期止日为{{ term_end|cn_date }}，{% if reduction_months %}扣除减刑{{ reduction_months }}个月后{% endif %}
  刑期已于{{ adjusted_end|cn_date }}届满，至今已超期{{ overdue_days }}日，仍无释放记录。
decisive: [adjusted_end, overdue_days]
checked:
  - {table: prisoner, label: 罪犯释放记录, agency: 监狱, since: adjusted_end}
actions:
  - 调取罪犯收押档案、历次减刑裁定书，核实刑期起止日期和减刑后的刑期止日。
  - 到监狱实地核实罪犯是否仍在押、是否已释放而未登记。
document:
  kind: correction_notice
  request: >-
    请你单位依照《中华人民共和国监狱法》第三十五条的规定，立即核实罪犯{{ name }}的刑期，刑期已经届满的，
    依法释放并发给释放证明书；查明超期羁押的原因，对相关责任人员依法依规处理。
*/
WITH reductions AS (
    -- each ruling once; the rulings before a re-ruling after a retrial lapsed (art. 32)
    SELECT r.prisoner_id, r.reduction_months, r.commutation_ids
    FROM ${commutation_reductions(${as_of})} AS r
),
ends AS (
    -- the day after the original term (term_end, or term_start plus the term)
    SELECT p.record_id AS prisoner_id, p.name, p.id_number, p.unit_code,
           ${person_key(p.id_number)} AS person,
           COALESCE(p.term_end, ${add_days(${add_months(p.term_start, p.original_term_months)}, -1)})
               AS term_end,
           COALESCE(${add_days(p.term_end, 1)}, ${add_months(p.term_start, p.original_term_months)})
               AS after_end
    FROM prisoner AS p
    WHERE COALESCE(p.penalty, 'fixed_term') <> 'life'
      AND (p.released_at IS NULL OR p.released_at > ${as_of})
),
adjusted AS (
    SELECT e.prisoner_id, e.name, e.id_number, e.unit_code, e.person, e.term_end,
           r.commutation_ids,
           COALESCE(r.reduction_months, 0) AS reduction_months,
           ${add_days(${add_months(e.after_end, -COALESCE(r.reduction_months, 0))}, -1)}
               AS adjusted_end
    FROM ends AS e
    LEFT JOIN reductions AS r ON r.prisoner_id = e.prisoner_id
    WHERE e.after_end IS NOT NULL
),
died AS (
    SELECT ${person_key(d.id_number)} AS person, MIN(d.died_at) AS died_at
    FROM death_record AS d
    WHERE ${person_key(d.id_number)} IS NOT NULL
    GROUP BY ${person_key(d.id_number)}
)
SELECT a.prisoner_id, a.name, a.id_number, a.unit_code, a.commutation_ids, a.term_end,
       a.reduction_months, a.adjusted_end, ${days_between(a.adjusted_end, ${as_of})} AS overdue_days
FROM adjusted AS a
LEFT JOIN died AS d ON d.person = a.person
WHERE ${days_between(a.adjusted_end, ${as_of})} > ${days}
  -- died in custody before the term was over: nobody to release
  AND (d.died_at IS NULL OR d.died_at > a.adjusted_end)
