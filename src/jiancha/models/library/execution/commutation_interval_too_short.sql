/*
id: execution.commutation_interval_too_short
version: 2
title: 两次减刑间隔不足
domain: execution
description: >-
  自上次减刑裁定送达（无送达日期时为裁定日）至本次减刑报请（无报请日期时为裁定日）的间隔，
  原判不满十年的不足一年、十年以上的不足一年六个月，或少于上次减刑的幅度；
  2019年6月1日以后裁定的、原系国家工作人员的贪污贿赂罪犯为一年六个月、二年。
  未成年罪犯和老年、患严重疾病、身体残疾且生活难以自理的罪犯，间隔最多缩短三分之一。
legal_basis:
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第六条第三款
    text: 被判处不满十年有期徒刑的罪犯，两次减刑间隔时间不得少于一年；被判处十年以上有期徒刑的罪犯，两次减刑间隔时间不得少于一年六个月。减刑间隔时间不得低于上次减刑减去的刑期。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第六条第四款
    text: 罪犯有重大立功表现的，可以不受上述减刑起始时间和间隔时间的限制。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第七条
    text: 被判处十年以下有期徒刑的，执行二年以上方可减刑，减刑幅度应当比照本规定第六条 从严掌握，一次减刑不超过一年有期徒刑，两次减刑之间应当间隔一年以上。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第四十条第二款
    text: 本规定所称“减刑间隔时间”，是指前一次减刑裁定送达之日起至本次减刑报请之日止的期间。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的补充规定
    article: 第二条第三款
    text: 被判处十年以上有期徒刑的，两次减刑之间应当间隔二年以上；被判处不满十年有期徒刑的，两次减刑之间应当间隔一年六个月以上。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第十九条第二款
    text: 对上述罪犯减刑时，减刑幅度可以适当放宽，或者减刑起始时间、间隔时间可以适当缩短，但放宽的幅度和缩短的时间不得超过本规定中相应幅度、时间的三分之一。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第二十条第二款
    text: 对基本丧失劳动能力，生活难以自理的上述罪犯减刑时，减刑幅度可以适当放宽，或者减刑起始时间、间隔时间可以适当缩短，但放宽的幅度和缩短的时间不得超过本规定中相应幅度、时间的三分之一。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第三十二条第二款
    text: 重新作出减刑裁定时，不受本规定有关减刑起始时间、间隔时间和减刑幅度的限制。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第四十二条
    text: 本规定自2017年1月1日起施行。以前发布的司法解释与本规定不一致的，以本规定为准。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的补充规定
    article: 第七条
    text: 本规定自2019年6月1日起施行。此前发布的司法解释与本规定不一致的，以本规定为准。
excludes:
  - 有重大立功表现的减刑：可以不受间隔时间限制（第六条第四款）。
  - 2017年1月1日以前作出的减刑裁定：不按法释〔2016〕23号审查（第四十二条）。
  - 再审后重新作出的减刑裁定：不受起始时间、间隔时间和减刑幅度的限制（第三十二条）。
  - 罪名、犯罪类别或是否累犯不详的，不归入从严组；2019年补充规定只适用于2019年6月1日以后的裁定、原系国家工作人员、依刑法分则第八章判处的罪犯。
  - 恶势力犯罪不属于涉黑从严组；旧数据中“涉黑涉恶（未区分）”也不归入从严组。
  - 第七条所列的危害国家安全、恐怖活动、毒品犯罪集团首要分子及毒品再犯、不履行财产性判项等情形，数据中没有记录的，不归入从严组。
  - 同一裁定的重复记录（同一罪犯、同一裁定日期、同一幅度）只算一次减刑。
parameters:
  short_months: {type: integer, default: 12, unit: 月, label: 不满十年的减刑间隔, min: 0}
  long_months: {type: integer, default: 18, unit: 月, label: 十年以上的减刑间隔, min: 0}
  supplement_short_months: {type: integer, default: 18, unit: 月, label: 贪污贿赂不满十年的减刑间隔, min: 0}
  supplement_long_months: {type: integer, default: 24, unit: 月, label: 贪污贿赂十年以上的减刑间隔, min: 0}
  supplement_from: {type: date, default: 2015-11-01, label: 2019年补充规定适用的判决日期起点（刑法修正案（九）施行）}
  supplement_in_force: {type: date, default: 2019-06-01, label: 2019年补充规定施行日期}
  rules_from: {type: date, default: 2017-01-01, label: 法释〔2016〕23号施行日期}
subject: [name, id_number, prisoner_id]
key: {table: execution_change, column: change_id}
evidence:
  - {table: execution_change, column: change_id}
  - {table: execution_change, column: previous_id}
  - {table: prisoner, column: prisoner_id}
facts:
  previous_served_at: 上次裁定送达日期
  proposed_at: 本次报请（裁定）日期
  previous_reduction_months: 上次减刑幅度（月）
  required_months: 应间隔（月）
  earliest_at: 最早可报请日期
  rule_group: 适用规则
  relaxation: 从宽情形
unit: unit_code
conclusion: >-
  罪犯{{ name }}上次减刑裁定于{{ previous_served_at|cn_date }}送达，本次减刑于{{ proposed_at|cn_date }}报请，
  间隔不足{{ required_months }}个月，最早应于{{ earliest_at|cn_date }}报请（适用规则：{{ rule_group }}）。
decisive: [previous_served_at, proposed_at, earliest_at]
actions:
  - 调取前后两次减刑裁定书及其送达回证、本次提请减刑建议书，核实上次裁定送达日期和本次报请日期。
  - 核实本次减刑是否以重大立功为依据（可以不受间隔时间限制），以及罪犯原判刑期和从严适用的事实。
  - 核实罪犯是否属于未成年、老年、患严重疾病或者身体残疾且生活难以自理等可以缩短间隔的情形。
document:
  kind: correction_notice
  request: >-
    请你院依照《中华人民共和国刑事诉讼法》第二百七十四条的规定，在收到本通知书后一个月以内重新组成合议庭，对罪犯{{ name }}的减刑裁定进行审理，依法作出最终裁定。
*/
WITH prisoners AS (
    SELECT p.record_id AS prisoner_id, p.unit_code, p.original_term_months AS term_months,
           ${commutation_relaxed(p, COALESCE(p.admitted_at, p.term_start))} AS relaxed,
           p.state_functionary, p.term_start, p.crime_category, p.recidivist,
           p.original_term_months,
           j.decided_at, j.charge
    FROM prisoner AS p
    LEFT JOIN judgment AS j ON j.record_id = p.judgment_id
    WHERE COALESCE(p.penalty, 'fixed_term') = 'fixed_term'
),
distinct_rulings AS (
    -- a ruling recorded twice (same day, same reduction) is one ruling, not an interval of 0
    SELECT c.*,
           ROW_NUMBER() OVER (PARTITION BY c.prisoner_id, c.ruled_at, c.reduction_months
                              ORDER BY c.record_id) AS copy
    FROM execution_change AS c
    WHERE c.kind = 'commutation' AND c.ruled_at <= ${as_of}
),
commutations AS (
    SELECT c.record_id, c.prisoner_id, c.name, c.id_number, c.unit_code, c.merit, c.ruled_at,
           c.after_retrial, COALESCE(c.applied_at, c.ruled_at) AS proposed_at,
           LAG(c.record_id) OVER (PARTITION BY c.prisoner_id
               ORDER BY COALESCE(c.applied_at, c.ruled_at), c.ruled_at, c.record_id) AS previous_id,
           LAG(COALESCE(c.served_at, c.ruled_at)) OVER (PARTITION BY c.prisoner_id
               ORDER BY COALESCE(c.applied_at, c.ruled_at), c.ruled_at, c.record_id)
               AS previous_served_at,
           LAG(c.reduction_months) OVER (PARTITION BY c.prisoner_id
               ORDER BY COALESCE(c.applied_at, c.ruled_at), c.ruled_at, c.record_id)
               AS previous_reduction_months
    FROM distinct_rulings AS c
    WHERE c.copy = 1
),
grouped AS (
    -- the rule group for this ruling (render.py: commutation_group)
    SELECT c.record_id AS change_id, c.name, c.id_number, c.prisoner_id,
           COALESCE(c.unit_code, p.unit_code) AS unit_code, c.previous_id,
           c.previous_served_at, c.proposed_at, c.previous_reduction_months, p.term_months,
           p.relaxed,
           ${commutation_group(p, p, c.ruled_at, ${supplement_from}, ${supplement_in_force})}
               AS rule_group
    FROM commutations AS c
    JOIN prisoners AS p ON p.prisoner_id = c.prisoner_id
    WHERE c.previous_id IS NOT NULL
      AND c.ruled_at >= ${rules_from}
      AND NOT COALESCE(c.after_retrial, FALSE)
      AND COALESCE(c.merit, '') NOT IN ('major_merit', 'repentance_and_major_merit')
      AND p.term_months IS NOT NULL
),
required AS (
    SELECT g.*,
           GREATEST(
               CASE
                   WHEN rule_group = 'supplement' AND term_months < 120
                       THEN ${supplement_short_months}
                   WHEN rule_group = 'supplement' THEN ${supplement_long_months}
                   WHEN term_months < 120 THEN ${short_months}
                   ELSE ${long_months}
               END,
               COALESCE(previous_reduction_months, 0)
           ) AS required_months
    FROM grouped AS g
),
measured AS (
    -- arts. 19-20: at most a third shorter
    SELECT r.*, ${commutation_earliest(previous_served_at, required_months, relaxed)} AS earliest_at
    FROM required AS r
)
SELECT change_id, name, id_number, prisoner_id, unit_code, previous_id, previous_served_at,
       proposed_at, previous_reduction_months, required_months, earliest_at,
       ${commutation_group_label(rule_group)} AS rule_group,
       CASE WHEN relaxed THEN '可缩短三分之一（第十九、二十条）' ELSE '无' END AS relaxation
FROM measured
WHERE proposed_at < earliest_at
