/*
id: execution.commutation_too_early
version: 2
title: 首次减刑起始时间不足
domain: execution
description: >-
  有期徒刑罪犯自交付执行（入监之日，无记录时为刑期起日）至首次减刑报请（无报请日期时为裁定日）
  未满法定起始时间：原判不满五年的一年，五年以上不满十年的一年六个月，十年以上的二年；
  从严组（职务、金融、涉黑犯罪或累犯）二年；2019年6月1日以后裁定的、原系国家工作人员的贪污贿赂罪犯
  （刑法修正案（九）施行后判决）不满十年的二年、十年以上的三年。未成年罪犯和老年、患严重疾病、
  身体残疾且生活难以自理的罪犯，起始时间最多缩短三分之一。
legal_basis:
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第六条第一款
    text: 被判处有期徒刑的罪犯减刑起始时间为：不满五年有期徒刑的，应当执行一年以上方可减刑；五年以上不满十年有期徒刑的，应当执行一年六个月以上方可减刑；十年以上有期徒刑的，应当执行二年以上方可减刑。有期徒刑减刑的起始时间自判决执行之日起计算。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第六条第四款
    text: 罪犯有重大立功表现的，可以不受上述减刑起始时间和间隔时间的限制。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第七条
    text: 对符合减刑条件的职务犯罪罪犯，破坏金融管理秩序和金融诈骗犯罪罪犯，组织、领导、参加、包庇、纵容黑社会性质组织犯罪罪犯……累犯……被判处十年以下有期徒刑的，执行二年以上方可减刑
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第十六条
    text: 被判处管制、拘役的罪犯，以及判决生效后剩余刑期不满二年有期徒刑的罪犯，符合减刑条件的，可以酌情减刑，减刑起始时间可以适当缩短，但实际执行的刑期不得少于原判刑期的二分之一。
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
    article: 第四十条第一款
    text: 本规定所称“判决执行之日”，是指罪犯实际送交刑罚执行机关之日。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第四十二条
    text: 本规定自2017年1月1日起施行。以前发布的司法解释与本规定不一致的，以本规定为准。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的补充规定
    article: 第二条第一款
    text: 被判处十年以上有期徒刑，符合减刑条件的，执行三年以上方可减刑；被判处不满十年有期徒刑，符合减刑条件的，执行二年以上方可减刑。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的补充规定
    article: 第七条
    text: 本规定自2019年6月1日起施行。此前发布的司法解释与本规定不一致的，以本规定为准。
excludes:
  - 2017年1月1日以前作出的减刑裁定：不按法释〔2016〕23号审查（第四十二条）。
  - 有重大立功表现的减刑：可以不受起始时间限制（第六条第四款）。
  - 判决生效后剩余刑期不满二年的罪犯（生效日期不详时以入监日推算，仍可能不满二年的也不提示）：起始时间可以适当缩短（第十六条），实际执行不少于原判刑期二分之一由“减刑后实际执行不足原判刑期二分之一”模型审查。
  - 再审后重新作出的减刑裁定：不受起始时间限制（第三十二条）。
  - 罪名、犯罪类别或是否累犯不详的，不归入从严组；2019年补充规定只适用于2019年6月1日以后的裁定、原系国家工作人员、依刑法分则第八章判处的罪犯。
  - 恶势力犯罪不属于涉黑从严组；旧数据中“涉黑涉恶（未区分）”也不归入从严组。
  - 第七条所列的危害国家安全、恐怖活动、毒品犯罪集团首要分子及毒品再犯、不履行财产性判项等情形，数据中没有记录的，不归入从严组。
parameters:
  short_months: {type: integer, default: 12, unit: 月, label: 不满五年的起始时间, min: 0}
  medium_months: {type: integer, default: 18, unit: 月, label: 五年以上不满十年的起始时间, min: 0}
  long_months: {type: integer, default: 24, unit: 月, label: 十年以上的起始时间, min: 0}
  stricter_months: {type: integer, default: 24, unit: 月, label: 从严组起始时间, min: 0}
  supplement_short_months: {type: integer, default: 24, unit: 月, label: 贪污贿赂不满十年的起始时间, min: 0}
  supplement_long_months: {type: integer, default: 36, unit: 月, label: 贪污贿赂十年以上的起始时间, min: 0}
  supplement_from: {type: date, default: 2015-11-01, label: 2019年补充规定适用的判决日期起点（刑法修正案（九）施行）}
  supplement_in_force: {type: date, default: 2019-06-01, label: 2019年补充规定施行日期}
  rules_from: {type: date, default: 2017-01-01, label: 法释〔2016〕23号施行日期}
  short_remaining_months: {type: integer, default: 24, unit: 月, label: 可缩短起始时间的剩余刑期（不满）, min: 0}
subject: [name, id_number, prisoner_id]
key: {table: execution_change, column: change_id}
evidence:
  - {table: execution_change, column: change_id}
  - {table: prisoner, column: prisoner_id}
facts:
  delivered_at: 交付执行日期
  proposed_at: 报请（裁定）日期
  term_months: 原判刑期（月）
  required_months: 起始时间（月）
  earliest_at: 最早可报请日期
  rule_group: 适用规则
  relaxation: 从宽情形
unit: unit_code
conclusion: >-
  罪犯{{ name }}于{{ delivered_at|cn_date }}交付执行，原判刑期{{ term_months }}个月，于{{ proposed_at|cn_date }}
  首次报请减刑，未满{{ required_months }}个月的起始时间，最早应于{{ earliest_at|cn_date }}报请。
decisive: [delivered_at, proposed_at, earliest_at]
actions:
  - 调取罪犯入监登记、执行通知书及提请减刑建议书，核实交付执行日期和首次报请日期。
  - 核实本次减刑是否以重大立功为依据，罪犯判决生效后剩余刑期是否不满二年（可以适当缩短起始时间）。
  - 核实罪犯所犯罪名、是否累犯、是否原系国家工作人员等决定从严适用的事实。
document:
  kind: correction_notice
  request: >-
    请你院依照《中华人民共和国刑事诉讼法》第二百七十四条的规定，在收到本通知书后一个月以内重新组成合议庭，对罪犯{{ name }}的减刑裁定进行审理，依法作出最终裁定。
*/
WITH prisoners AS (
    SELECT p.record_id AS prisoner_id, p.unit_code, p.original_term_months AS term_months,
           COALESCE(p.admitted_at, p.term_start) AS delivered_at,
           -- art. 16: under two years left when the judgment took effect (it took effect
           -- before the prisoner was admitted: the admission date bounds an unknown one);
           -- unknown counts as possibly under two years
           COALESCE(
               ${add_months(COALESCE(j.effective_at, p.admitted_at), ${short_remaining_months})}
                   > COALESCE(${add_days(p.term_end, 1)},
                              ${add_months(p.term_start, p.original_term_months)}),
               TRUE) AS short_remaining,
           ${commutation_relaxed(p, COALESCE(p.admitted_at, p.term_start))} AS relaxed,
           p.state_functionary, p.term_start, p.crime_category, p.recidivist,
           p.original_term_months,
           j.decided_at, j.charge
    FROM prisoner AS p
    LEFT JOIN judgment AS j ON j.record_id = p.judgment_id
    WHERE COALESCE(p.penalty, 'fixed_term') = 'fixed_term'
),
first_commutation AS (
    SELECT c.record_id, c.prisoner_id, c.name, c.id_number, c.unit_code, c.merit, c.ruled_at,
           c.after_retrial, COALESCE(c.applied_at, c.ruled_at) AS proposed_at,
           ROW_NUMBER() OVER (PARTITION BY c.prisoner_id
                              ORDER BY COALESCE(c.applied_at, c.ruled_at), c.ruled_at, c.record_id)
               AS rn
    FROM execution_change AS c
    WHERE c.kind = 'commutation' AND c.ruled_at <= ${as_of}
),
grouped AS (
    -- the rule group for this ruling (render.py: commutation_group)
    SELECT f.record_id AS change_id, f.name, f.id_number, f.prisoner_id,
           COALESCE(f.unit_code, p.unit_code) AS unit_code, f.proposed_at, p.delivered_at,
           p.term_months, p.relaxed,
           ${commutation_group(p, p, f.ruled_at, ${supplement_from}, ${supplement_in_force})}
               AS rule_group
    FROM first_commutation AS f
    JOIN prisoners AS p ON p.prisoner_id = f.prisoner_id
    WHERE f.rn = 1
      AND f.ruled_at >= ${rules_from}
      AND NOT COALESCE(f.after_retrial, FALSE)
      AND COALESCE(f.merit, '') NOT IN ('major_merit', 'repentance_and_major_merit')
      AND NOT p.short_remaining
      AND p.term_months IS NOT NULL AND p.delivered_at IS NOT NULL
),
required AS (
    SELECT g.*,
           CASE
               WHEN rule_group = 'supplement' AND term_months < 120 THEN ${supplement_short_months}
               WHEN rule_group = 'supplement' THEN ${supplement_long_months}
               WHEN rule_group = 'stricter' THEN ${stricter_months}
               WHEN term_months < 60 THEN ${short_months}
               WHEN term_months < 120 THEN ${medium_months}
               ELSE ${long_months}
           END AS required_months
    FROM grouped AS g
),
measured AS (
    -- arts. 19-20: at most a third shorter
    SELECT r.*, ${commutation_earliest(delivered_at, required_months, relaxed)} AS earliest_at
    FROM required AS r
)
SELECT change_id, name, id_number, prisoner_id, unit_code, delivered_at, proposed_at,
       term_months, required_months, earliest_at,
       ${commutation_group_label(rule_group)} AS rule_group,
       CASE WHEN relaxed THEN '可缩短三分之一（第十九、二十条）' ELSE '无' END AS relaxation
FROM measured
WHERE proposed_at < earliest_at
