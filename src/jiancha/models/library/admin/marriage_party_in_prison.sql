/*
id: admin.marriage_party_in_prison
version: 1
title: 婚姻登记时一方正在监狱服刑
domain: admin
description: >-
  结婚或离婚登记之日，一方正在监狱服刑（已收押、尚未释放，且不在假释或暂予监外执行期间）：
  婚姻登记须男女双方共同亲自到婚姻登记机关办理，在押罪犯不能到场，登记可能系他人冒名顶替。
legal_basis:
  - law: 婚姻登记条例
    article: 第四条
    text: 内地居民结婚，男女双方应当共同到一方当事人常住户口所在地的婚姻登记机关办理结婚登记。
  - law: 婚姻登记条例
    article: 第十条
    text: 内地居民自愿离婚的，男女双方应当共同到一方当事人常住户口所在地的婚姻登记机关办理离婚登记。
excludes:
  - 登记之日正在假释或暂予监外执行的（此前的假释、暂予监外执行裁定未被收监执行）：罪犯在监外，可以亲自到场，不提示。
  - 收押当日或释放当日办理登记的：无法排除登记在收押之前或释放之后，不提示。
  - 没有释放日期的罪犯，以刑期止日为出狱日；两者都没有的，视为仍在服刑。
  - 没有身份证号的登记或收押记录：无法确认是同一人，不提示。
subject: [name, id_number]
key: {table: marriage_register, column: register_id}
evidence:
  - {table: marriage_register, column: register_id}
  - {table: prisoner, column: prisoner_id}
facts:
  kind: 登记类型
  registered_at: 登记日期
  party: 服刑的一方
  admitted_at: 收押日期
  released_at: 释放日期
  other_party: 另一方
  registry: 婚姻登记机关
unit: unit_code
conclusion: >-
  {{ registry or '婚姻登记机关' }}于{{ registered_at|cn_date }}为{{ name }}与{{ other_party }}办理{{ kind }}登记，
  而当日{{ party }}{{ name }}正在监狱服刑（{{ admitted_at|cn_date }}收押{% if released_at %}，
  {{ released_at|cn_date }}释放{% endif %}），不可能亲自到场。
decisive: [registered_at, admitted_at, released_at]
actions:
  - 调取婚姻登记档案及现场照片，核实到场办理登记的人员身份。
  - 向监狱核实罪犯在登记之日的羁押状态，是否有离监探亲、外出就医等记录。
  - 核实是否存在冒用他人身份证件办理婚姻登记的情形，涉嫌犯罪的依法移送。
document:
  kind: recommendation
  request: >-
    建议你单位对{{ name }}与{{ other_party }}于{{ registered_at|cn_date }}办理的{{ kind }}登记依法进行核查，
    确属冒名登记的，依法撤销或纠正该婚姻登记，并完善婚姻登记身份核验工作。
*/
WITH parties AS (
    SELECT r.record_id AS register_id, r.unit_code, r.kind, r.registered_at, r.registry,
           0 AS side, '男方' AS party, r.man_name AS name, r.man_id_number AS id_number,
           ${person_key(r.man_id_number)} AS person,
           r.woman_name AS other_party
    FROM marriage_register AS r
    WHERE r.registered_at <= ${as_of}
    UNION ALL
    SELECT r.record_id AS register_id, r.unit_code, r.kind, r.registered_at, r.registry,
           1 AS side, '女方' AS party, r.woman_name AS name, r.woman_id_number AS id_number,
           ${person_key(r.woman_id_number)} AS person,
           r.man_name AS other_party
    FROM marriage_register AS r
    WHERE r.registered_at <= ${as_of}
),
inside AS (
    SELECT p.*, q.record_id AS prisoner_id, q.admitted_at,
           COALESCE(q.released_at, q.term_end) AS released_at
    FROM parties AS p
    JOIN prisoner AS q ON ${person_key(q.id_number)} = p.person
    WHERE q.admitted_at < p.registered_at
      AND (COALESCE(q.released_at, q.term_end) IS NULL
           OR COALESCE(q.released_at, q.term_end) > p.registered_at)
),
-- the prisoner's last parole, medical parole or revocation ruled before the day
last_change AS (
    SELECT i.register_id, i.prisoner_id,
           ARG_MAX(c.kind, CAST(c.ruled_at AS VARCHAR) || c.record_id) AS last_kind
    FROM inside AS i
    JOIN execution_change AS c
      ON c.prisoner_id = i.prisoner_id AND c.ruled_at <= i.registered_at
     AND c.kind IN ('parole', 'medical_parole', 'revocation')
    GROUP BY i.register_id, i.prisoner_id
),
held AS (
    SELECT i.*, ROW_NUMBER() OVER (PARTITION BY i.register_id
                                   ORDER BY i.side, i.admitted_at, i.prisoner_id) AS rn
    FROM inside AS i
    LEFT JOIN last_change AS l
      ON l.register_id = i.register_id AND l.prisoner_id = i.prisoner_id
    WHERE l.last_kind IS NULL OR l.last_kind = 'revocation'
)
SELECT register_id, unit_code, name, id_number, prisoner_id,
       CASE kind WHEN 'marriage' THEN '结婚' WHEN 'divorce' THEN '离婚' ELSE kind END AS kind,
       registered_at, party, admitted_at, released_at, other_party, registry
FROM held
WHERE rn = 1
