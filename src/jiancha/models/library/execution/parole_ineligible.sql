/*
id: execution.parole_ineligible
version: 2
title: 不符合假释条件而假释
domain: execution
description: >-
  假释裁定时实际执行未达原判有期徒刑的二分之一（自刑期起日计算，先行羁押折抵；
  无期徒刑自判决生效之日起未满十三年），或罪犯为累犯，或因暴力犯罪被判处十年以上有期徒刑。
legal_basis:
  - law: 刑法
    article: 第八十一条
    text: 被判处有期徒刑的犯罪分子，执行原判刑期二分之一以上，被判处无期徒刑的犯罪分子，实际执行十三年以上，如果认真遵守监规，接受教育改造，确有悔改表现，没有再犯罪的危险的，可以假释。……对累犯以及因故意杀人、强奸、抢劫、绑架、放火、爆炸、投放危险物质或者有组织的暴力性犯罪被判处十年以上有期徒刑、无期徒刑的犯罪分子，不得假释。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第二十三条
    text: 被判处有期徒刑的罪犯假释时，执行原判刑期二分之一的时间，应当从判决执行之日起计算，判决执行以前先行羁押的，羁押一日折抵刑期一日。被判处无期徒刑的罪犯假释时，刑法中关于实际执行刑期不得少于十三年的时间，应当从判决生效之日起计算。判决生效以前先行羁押的时间不予折抵。
excludes:
  - 犯罪类别或是否累犯不详的，不按累犯或暴力犯罪认定。
  - 刑期起日不详的，以刑期止日和原判刑期推算；都不详的不审查执行期限。无期徒刑判决生效日期不详的，以刑期起日计算（先行羁押在判决生效之前，只会多算已执行时间）。
  - 经最高人民法院核准的特殊情况（刑法第八十一条第一款后段）：数据中无记录，需人工核实。
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
conclusion: >-
  罪犯{{ name }}于{{ ruled_at|cn_date }}被裁定假释，原判刑期{{ original_term_months }}个月，至裁定时已执行
  {{ served_days }}日，不符合假释条件：{{ reasons }}。
decisive: [ruled_at, served_days]
actions:
  - 调取假释裁定书、提请假释建议书、原判决书及执行档案，核实实际执行刑期和先行羁押折抵的日数。
  - 核实罪犯是否累犯，是否因故意杀人、强奸、抢劫、绑架、放火、爆炸、投放危险物质或者有组织的暴力性犯罪被判处十年以上有期徒刑。
  - 核实是否有经最高人民法院核准的特殊情况（刑法第八十一条第一款后段）。
document:
  kind: correction_notice
  request: >-
    请你院依照《中华人民共和国刑事诉讼法》第二百七十四条的规定，在收到本通知书后一个月以内重新组成合议庭，对罪犯{{ name }}的假释裁定进行审理，依法作出最终裁定。
*/
WITH parole AS (
    SELECT c.record_id AS parole_id, c.prisoner_id, c.name, c.id_number,
           COALESCE(c.unit_code, p.unit_code) AS unit_code, c.ruled_at, p.penalty,
           p.original_term_months, p.crime_category, COALESCE(p.recidivist, FALSE) AS recidivist,
           -- art. 23: a fixed term from its start (custody credited); a life sentence from the
           -- judgment's effect, custody not credited (unknown: the custody start, never later)
           CASE WHEN p.penalty = 'life' THEN COALESCE(j.effective_at, p.term_start)
                ELSE COALESCE(p.term_start,
                              ${add_months(${add_days(p.term_end, 1)}, -p.original_term_months)})
           END AS term_start
    FROM execution_change AS c
    JOIN prisoner AS p ON p.record_id = c.prisoner_id
    LEFT JOIN judgment AS j ON j.record_id = p.judgment_id
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
