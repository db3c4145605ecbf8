/*
id: civil.public_notice_while_detained
version: 1
title: 对在押、服刑或社区矫正的当事人公告送达
domain: civil
description: >-
  民事案件的当事人被公告送达（以公告发出之日计），而当日其正被刑事拘留或逮捕、在监狱服刑，或正在
  接受社区矫正：其下落是明确的，被监禁的应当通过所在监所转交，不属于“下落不明或者用其他方式无法送达”，
  公告送达可能违法，当事人可能因此未能参加诉讼、被缺席判决。
legal_basis:
  - law: 民事诉讼法
    article: 第九十五条
    text: 受送达人下落不明，或者用本节规定的其他方式无法送达的，公告送达。自发出公告之日起，经过三十日，即视为送达。公告送达，应当在案卷中记明原因和经过。
  - law: 民事诉讼法
    article: 第九十三条
    text: 受送达人被监禁的，通过其所在监所转交。受送达人被采取强制性教育措施的，通过其所在强制性教育机构转交。
  - law: 民事诉讼法
    article: 第二百一十一条第八项、第九项
    text: （八）无诉讼行为能力人未经法定代理人代为诉讼或者应当参加诉讼的当事人，因不能归责于本人或者其诉讼代理人的事由，未参加诉讼的；（九）违反法律规定，剥夺当事人辩论权利的；
  - law: 民事诉讼法
    article: 第二百一十九条第三款
    text: 各级人民检察院对审判监督程序以外的其他审判程序中审判人员的违法行为，有权向同级人民法院提出检察建议。
excludes:
  - 公告发出前已解除羁押、刑满释放或解除矫正的：此后下落可能不明，公告送达不违法，不提示（解除、释放当日仍算在押）。
  - 通过监所转交、直接送达或邮寄送达的：送达方式合法，不在本模型范围。
  - 取保候审、监视居住的当事人：不在本模型范围。
  - 当事人为单位或没有身份证号的：无法与羁押、服刑、矫正记录比对，不提示。
  - 强制措施、收押或矫正记录没有结束日期的，按评估日仍在持续计算，线索须核实。
subject: [party_id, name, id_number, case_id]
key: {table: civil_party, column: party_id}
evidence:
  - {table: civil_party, column: party_id}
  - {table: civil_case, column: case_id}
  - {table: coercive_measure, column: measure_ids}
  - {table: prisoner, column: prisoner_ids}
  - {table: community_correction, column: correction_ids}
facts:
  served_at: 公告发出日期
  status: 当日状态
  since: 该状态起日
  until: 该状态止日
unit: unit_code
conclusion: >-
  {{ case_id }}号民事案件于{{ served_at|cn_date }}对当事人{{ name or '' }}公告送达诉讼文书，而其当日{{ status }}
  （自{{ since|cn_date }}起{% if until %}至{{ until|cn_date }}{% endif %}），下落明确，不属于下落不明或者无法以其他方式送达的情形。
decisive: [served_at, status, since, until]
actions:
  - 调阅案卷，核实公告送达的原因和经过是否记明，法院是否查询过当事人的羁押、服刑、矫正情况。
  - 向看守所、监狱或社区矫正机构核实当事人在公告期间的状态和所在地。
  - 核实案件是否缺席判决、当事人是否因此未能参加诉讼，判决是否已生效。
document:
  kind: recommendation
  request: >-
    建议你院对{{ case_id }}号案件对当事人{{ name or '' }}公告送达的情况进行核查，依法纠正送达程序；
    当事人因此未能参加诉讼、裁判已生效的，依法启动再审程序。
*/
WITH notices AS (
    SELECT p.record_id AS party_id, p.case_id, p.name, p.id_number, p.served_at,
           ${person_key(p.id_number)} AS person, COALESCE(c.unit_code, p.unit_code) AS unit_code
    FROM civil_party AS p
    LEFT JOIN civil_case AS c ON c.record_id = p.case_id
    WHERE p.served_by = 'public_notice' AND p.served_at IS NOT NULL AND p.served_at <= ${as_of}
      AND ${person_key(p.id_number)} IS NOT NULL
),
states AS (
    SELECT n.party_id, 1 AS rank_, '正被羁押（' || CASE m.measure WHEN 'arrest' THEN '逮捕'
               ELSE '刑事拘留' END || '）' AS status,
           m.start_at AS since, m.end_at AS until, m.record_id AS measure_id,
           CAST(NULL AS VARCHAR) AS prisoner_id, CAST(NULL AS VARCHAR) AS correction_id
    FROM notices AS n
    JOIN coercive_measure AS m
      ON ${person_key(m.id_number)} = n.person AND m.measure IN ('detention', 'arrest')
     AND m.start_at <= n.served_at AND (m.end_at IS NULL OR m.end_at >= n.served_at)
    UNION ALL
    SELECT n.party_id, 2, '在监狱服刑', r.admitted_at, r.released_at, NULL, r.record_id, NULL
    FROM notices AS n
    JOIN prisoner AS r
      ON ${person_key(r.id_number)} = n.person AND r.admitted_at <= n.served_at
     AND (r.released_at IS NULL OR r.released_at >= n.served_at)
    UNION ALL
    SELECT n.party_id, 3, '正在接受社区矫正', k.start_at, k.end_at, NULL, NULL, k.record_id
    FROM notices AS n
    JOIN community_correction AS k
      ON ${person_key(k.id_number)} = n.person AND k.start_at <= n.served_at
     AND (k.end_at IS NULL OR k.end_at >= n.served_at)
),
ranked AS (
    SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.party_id
                                   ORDER BY s.rank_, s.since DESC,
                                            COALESCE(s.measure_id, s.prisoner_id, s.correction_id)) AS rn
    FROM states AS s
),
ids AS (
    SELECT party_id,
           array_to_string(list_sort(list(DISTINCT measure_id)), ';') AS measure_ids,
           array_to_string(list_sort(list(DISTINCT prisoner_id)), ';') AS prisoner_ids,
           array_to_string(list_sort(list(DISTINCT correction_id)), ';') AS correction_ids
    FROM states
    GROUP BY party_id
)
SELECT n.party_id, n.case_id, n.name, n.id_number, n.unit_code, n.served_at, r.status,
       r.since, r.until, i.measure_ids, i.prisoner_ids, i.correction_ids
FROM notices AS n
JOIN ranked AS r ON r.party_id = n.party_id AND r.rn = 1
JOIN ids AS i ON i.party_id = n.party_id
