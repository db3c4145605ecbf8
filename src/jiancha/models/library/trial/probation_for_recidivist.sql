/*
id: trial.probation_for_recidivist
version: 2
title: 对累犯适用缓刑
domain: trial
description: >-
  判决宣告缓刑，但量刑情节列有累犯；或主刑为有期徒刑而被告人（同一人）是累犯：前罪被判处有期徒刑以上
  刑罚，刑罚执行完毕（假释的，假释考验期满）后五年以内又犯本罪，或者前后两罪都是危害国家安全、
  恐怖活动、黑社会性质组织犯罪（特殊累犯，不受五年限制）。累犯不适用缓刑。
legal_basis:
  - law: 刑法
    article: 第七十四条
    text: 对于累犯和犯罪集团的首要分子，不适用缓刑。
  - law: 刑法
    article: 第六十五条
    text: 被判处有期徒刑以上刑罚的犯罪分子，刑罚执行完毕或者赦免以后，在五年以内再犯应当判处有期徒刑以上刑罚之罪的，是累犯，应当从重处罚，但是过失犯罪和不满十八周岁的人犯罪的除外。前款规定的期限，对于被假释的犯罪分子，从假释期满之日起计算。
  - law: 刑法
    article: 第六十六条
    text: 危害国家安全犯罪、恐怖活动犯罪、黑社会性质的组织犯罪的犯罪分子，在刑罚执行完毕或者赦免以后，在任何时候再犯上述任一类罪的，都以累犯论处。
parameters:
  years: {type: integer, default: 5, unit: 年, label: 累犯期间, min: 1}
subject: [defendant_name, defendant_id_number, case_id]
key: {table: judgment, column: judgment_id}
evidence:
  - {table: judgment, column: judgment_id}
  - {table: prisoner, column: prisoner_ids}
facts:
  probation_months: 缓刑考验期（月）
  recidivist_listed: 列明累犯
  offense_at: 犯罪日期
  released_at: 前罪释放日期
  executed_at: 前罪刑罚执行完毕日期
  recidivism_kind: 累犯类型
unit: unit_code
excludes:
  - 前罪或者本罪是过失犯罪的，或者犯罪时不满十八周岁的（周岁从生日的第二天起算），不是累犯，缓刑不受此限（刑法第六十五条）；判决自己列明累犯的除外。
  - 假释考验期限内又犯新罪的，不是累犯：应当撤销假释、数罪并罚（刑法第八十六条），由“假释考验期内犯新罪未撤销假释”模型提示。
  - 暂予监外执行期间又犯新罪的，前罪刑罚尚未执行完毕，不是累犯；假释或者暂予监外执行后又被收监的，不列线索。
conclusion: >-
  {{ defendant_name }}{% if recidivist_listed %}经判决认定为累犯{% else %}前罪刑罚于{{ executed_at|cn_date }}执行完毕，
  于{{ offense_at|cn_date }}又犯本罪，属{{ recidivism_kind }}{% endif %}，判决却对其宣告缓刑（考验期{{ probation_months }}个月），
  违反累犯不适用缓刑的规定。
decisive: [recidivist_listed, executed_at, offense_at, probation_months]
actions:
  - 调取本案判决书和前罪判决书、释放证明，核实前罪刑罚执行完毕的日期和本罪的犯罪日期。
  - 核实前罪、本罪是否为过失犯罪，被告人犯罪时是否已满十八周岁。
  - 判决确有错误的，在法定期限内依法提出抗诉，或者按审判监督程序提出监督意见。
document:
  kind: retrial_recommendation
  request: >-
    建议你院对{{ defendant_name }}一案依照审判监督程序进行再审，依法纠正对累犯宣告缓刑的错误。
*/
WITH suspended AS (
    SELECT j.record_id AS judgment_id, j.defendant_name, j.defendant_id_number,
           ${person_key(j.defendant_id_number)} AS person, j.case_id, j.unit_code, j.penalty,
           j.offense_at, j.charge, j.probation_months,
           TRY_CAST(substr(j.defendant_id_number, 7, 4) || '-' || substr(j.defendant_id_number, 11, 2)
                    || '-' || substr(j.defendant_id_number, 13, 2) AS DATE) AS birth_date,
           COALESCE(';' || j.circumstances || ';' LIKE '%;recidivist;%', FALSE)
               AS recidivist_listed
    FROM judgment AS j
    WHERE j.probation_months > 0
),
sentenced AS (
    SELECT * FROM suspended WHERE penalty = 'fixed_term' AND offense_at IS NOT NULL
)
SELECT s.judgment_id, s.defendant_name, s.defendant_id_number, s.case_id, s.unit_code,
       s.probation_months, s.recidivist_listed, s.offense_at, r.released_at, r.executed_at,
       r.recidivism_kind, r.prisoner_ids
FROM suspended AS s
LEFT JOIN ${recidivism_priors(sentenced, ${years}, ${as_of})} AS r ON r.judgment_id = s.judgment_id
WHERE s.recidivist_listed OR r.judgment_id IS NOT NULL
