/*
id: execution.parole_not_revoked
version: 1
title: 假释考验期内犯新罪未撤销假释
domain: execution
description: >-
  罪犯（同一人）假释出狱后，在假释考验期限内又犯新罪并已被判决，却没有撤销假释的记录：
  刑罚变更执行中没有收监执行，假释的社区矫正也没有撤销。假释考验期限为没有执行完毕的刑期，
  止于减刑后的刑期止日；社区矫正记录了矫正止日的，以矫正止日为准。
legal_basis:
  - law: 刑法
    article: 第八十六条第一款
    text: 被假释的犯罪分子，在假释考验期限内犯新罪，应当撤销假释，依照本法第七十一条的规定实行数罪并罚。
  - law: 刑法
    article: 第八十三条
    text: 有期徒刑的假释考验期限，为没有执行完毕的刑期；无期徒刑的假释考验期限为十年。
  - law: 刑法
    article: 第八十五条
    text: 对假释的犯罪分子，在假释考验期限内，依法实行社区矫正，如果没有本法第八十六条规定的情形，假释考验期满，就认为原判刑罚已经执行完毕，并公开予以宣告。
subject: [name, id_number, prisoner_id]
key: {table: execution_change, column: parole_id}
evidence:
  - {table: execution_change, column: parole_id}
  - {table: prisoner, column: prisoner_id}
  - {table: judgment, column: judgment_ids}
facts:
  paroled_at: 假释出狱日期
  parole_end: 假释考验期满日
  offense_at: 新罪犯罪日期
  decided_at: 新罪裁判日期
  charge: 新罪罪名
unit: unit_code
excludes:
  - 假释考验期满以后再犯罪的，不是本模型的线索（可能构成累犯，由“应认定累犯未认定”模型提示）。
  - 已有收监执行（撤销假释）记录，或假释的社区矫正状态为撤销的，不列线索。
  - 新罪尚未判决、犯罪日期不详，或者无期徒刑假释而矫正止日不详的，不列线索。
  - 暂予监外执行期间犯新罪的，法律后果不同（刑法第七十一条），不在本模型之内。
  - 假释考验期内发现判决宣告前的漏罪（刑法第八十六条第二款）或者违反监督管理规定（第三款）的，不在本模型之内。
conclusion: >-
  假释罪犯{{ name }}于{{ paroled_at|cn_date }}假释出狱，在假释考验期限内（至{{ parole_end|cn_date }}）于
  {{ offense_at|cn_date }}又犯{{ charge or "新罪" }}，已于{{ decided_at|cn_date }}被判决，但没有撤销假释的记录。
decisive: [parole_end, offense_at]
checked:
  - {table: execution_change, label: 撤销假释（收监执行）裁定, agency: 人民法院, since: offense_at}
  - {table: community_correction, label: 撤销假释的社区矫正记录, agency: 社区矫正机构, since: offense_at}
actions:
  - 调取新罪判决书，核实犯罪时间是否在假释考验期限内。
  - 核实审判新罪的人民法院是否已撤销假释并依照刑法第七十一条实行数罪并罚。
  - 向社区矫正机构核实是否已提出撤销假释建议，罪犯现在何处羁押或者服刑。
document:
  kind: correction_notice
  request: >-
    请你单位依照《中华人民共和国刑法》第八十六条第一款的规定，依法撤销罪犯{{ name }}的假释，
    把前罪没有执行完毕的刑罚和后罪所判处的刑罚，依照刑法第七十一条的规定实行数罪并罚。
*/
WITH paroled AS (
    SELECT s.prisoner_id, s.person, s.leave_id AS parole_id, s.left_at AS paroled_at,
           s.leave_end AS parole_end, s.prior_judgment_id
    FROM ${executed_sentences(${as_of})} AS s
    WHERE s.leave_kind = 'parole' AND NOT s.revoked AND s.leave_end IS NOT NULL
),
new_crimes AS (
    SELECT p.parole_id, j.record_id AS judgment_id, j.offense_at, j.decided_at, j.charge
    FROM paroled AS p
    JOIN judgment AS j
      ON ${person_key(j.defendant_id_number)} = p.person
     AND j.offense_at > p.paroled_at AND j.offense_at <= p.parole_end
     AND j.decided_at <= ${as_of}
     AND j.record_id <> COALESCE(p.prior_judgment_id, '')
),
first_crime AS (
    SELECT parole_id, MIN(offense_at) AS offense_at, MIN(decided_at) AS decided_at,
           MIN(charge) AS charge,
           array_to_string(list_sort(list(judgment_id)), ';') AS judgment_ids
    FROM new_crimes
    GROUP BY parole_id
)
SELECT p.parole_id, p.prisoner_id, q.name, q.id_number, COALESCE(c.unit_code, q.unit_code)
           AS unit_code,
       p.paroled_at, p.parole_end, f.offense_at, f.decided_at, f.charge, f.judgment_ids
FROM paroled AS p
JOIN first_crime AS f ON f.parole_id = p.parole_id
JOIN prisoner AS q ON q.record_id = p.prisoner_id
JOIN execution_change AS c ON c.record_id = p.parole_id
