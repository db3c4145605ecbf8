/*
id: trial.probation_period_invalid
version: 1
title: 缓刑考验期不合法
domain: trial
description: >-
  缓刑考验期超出法定幅度：有期徒刑的为原判刑期以上五年以下且不少于一年，
  拘役的为原判刑期以上一年以下且不少于二个月。
legal_basis:
  - law: 刑法
    article: 第七十三条
    text: 拘役的缓刑考验期限为原判刑期以上一年以下，但是不能少于二个月。有期徒刑的缓刑考验期限为原判刑期以上五年以下，但是不能少于一年。
subject: [defendant_name, defendant_id_number, case_id]
key: {table: judgment, column: judgment_id}
evidence:
  - {table: judgment, column: judgment_id}
facts:
  penalty: 主刑
  term_months: 刑期（月）
  probation_months: 缓刑考验期（月）
  min_months: 法定下限（月）
  max_months: 法定上限（月）
unit: unit_code
conclusion: >-
  {{ defendant_name }}被判处{{ penalty|label }}{{ term_months }}个月，宣告缓刑考验期{{ probation_months }}个月，
  超出法定幅度（{{ min_months }}个月至{{ max_months }}个月）。
decisive: [probation_months, min_months, max_months]
actions:
  - 调取判决书，核实主刑、刑期和缓刑考验期限的判项。
  - 核实数据录入的刑期和考验期单位（月、年）是否有误。
  - 判决确有错误的，在法定期限内依法提出抗诉，或者按审判监督程序提出监督意见。
document:
  kind: retrial_recommendation
  request: >-
    建议你院对{{ defendant_name }}一案依照审判监督程序进行再审，依法确定缓刑考验期限。
*/
WITH probation AS (
    SELECT j.record_id AS judgment_id, j.defendant_name, j.defendant_id_number, j.case_id,
           j.unit_code, j.penalty, j.term_months, j.probation_months,
           CASE j.penalty
               WHEN 'fixed_term' THEN GREATEST(COALESCE(j.term_months, 0), 12)
               ELSE GREATEST(COALESCE(j.term_months, 0), 2)
           END AS min_months,
           CASE j.penalty WHEN 'fixed_term' THEN 60 ELSE 12 END AS max_months
    FROM judgment AS j
    WHERE j.probation_months > 0 AND j.penalty IN ('fixed_term', 'criminal_detention')
)
SELECT judgment_id, defendant_name, defendant_id_number, case_id, unit_code, penalty,
       term_months, probation_months, min_months, max_months
FROM probation
WHERE probation_months < min_months OR probation_months > max_months
