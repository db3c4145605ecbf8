/*
id: execution.parole_ineligible
version: 1
title: 不符合假释条件而假释
domain: execution
description: >-
  假释裁定时实际执行未达原判有期徒刑的二分之一（无期徒刑未满十三年），
  或罪犯为累犯，或因暴力犯罪被判处十年以上有期徒刑。
legal_basis:
  - law: 刑法
    article: 第八十一条
    text: 被判处有期徒刑的犯罪分子，执行原判刑期二分之一以上，被判处无期徒刑的犯罪分子，实际执行十三年以上……可以假释。对累犯以及因故意杀人、强奸、抢劫、绑架、放火、爆炸、投放危险物质或者有组织的暴力性犯罪被判处十年以上有期徒刑、无期徒刑的犯罪分子，不得假释。
parameters:
  life_months: {type: integer, default: 156, unit: 月, label: 无期徒刑假释的实际执行期限, min: 0}
  violent_term_months: {type: integer, default: 120, unit: 月, label: 暴力犯罪不得假释的刑期, min: 0}
subject: [name, id_number, prisoner_id]
key: {table: execution_change, column: parole_id}
evidence:
  - {table: execution_change, column: parole_id}
  - {table: prisoner, column: prisoner_id}
facts:
  reasons: 不符合的条件
  term_start: 刑期起日
  ruled_at: 假释裁定日期
  original_term_months: 原判刑期（月）
  served_days: 已执行天数
  crime_category: 犯罪类别
  recidivist: 累犯
unit: unit_code
*/
WITH parole AS (
    SELECT c.record_id AS parole_id, c.prisoner_id, c.name, c.id_number,
           COALESCE(c.unit_code, p.unit_code) AS unit_code, c.ruled_at, p.penalty,
           p.original_term_months, p.crime_category, COALESCE(p.recidivist, FALSE) AS recidivist,
           COALESCE(p.term_start, p.admitted_at) AS term_start
    FROM execution_change AS c
    JOIN prisoner AS p ON p.record_id = c.prisoner_id
    WHERE c.kind = 'parole' AND c.ruled_at <= ${as_of}
),
judged AS (
    SELECT parole.*,
           ${days_between(term_start, ruled_at)} AS served_days,
           -- less than half: twice the days served is below the days of the whole term
           CASE
               WHEN penalty = 'life' THEN ruled_at < ${add_months(term_start, ${life_months})}
               ELSE 2 * ${days_between(term_start, ruled_at)}
                    < ${days_between(term_start, ${add_months(term_start, original_term_months)})}
           END AS under_half,
           crime_category = 'violent'
               AND (penalty = 'life' OR original_term_months >= ${violent_term_months})
               AS violent_long
    FROM parole
)
SELECT parole_id, prisoner_id, name, id_number, unit_code, term_start, ruled_at,
       original_term_months, served_days, crime_category, recidivist,
       concat_ws('；',
                 CASE WHEN under_half THEN '实际执行未达法定期限' END,
                 CASE WHEN recidivist THEN '累犯' END,
                 CASE WHEN violent_long THEN '暴力犯罪被判处十年以上' END) AS reasons
FROM judged
WHERE COALESCE(under_half, FALSE) OR recidivist OR COALESCE(violent_long, FALSE)
