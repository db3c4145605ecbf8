/*
id: trial.recidivism_not_recognised
version: 2
title: 应认定累犯未认定
domain: trial
description: >-
  被告人（同一人）前罪被判处有期徒刑以上刑罚，刑罚执行完毕（假释的，假释考验期满；暂予监外执行的，
  刑期届满）后五年以内又犯新罪，新罪判处有期徒刑以上刑罚，量刑情节却没有累犯。
  前后两罪都是危害国家安全、恐怖活动或者黑社会性质组织犯罪的，不受五年限制（特殊累犯）。
legal_basis:
  - law: 刑法
    article: 第六十五条
    text: 被判处有期徒刑以上刑罚的犯罪分子，刑罚执行完毕或者赦免以后，在五年以内再犯应当判处有期徒刑以上刑罚之罪的，是累犯，应当从重处罚，但是过失犯罪和不满十八周岁的人犯罪的除外。前款规定的期限，对于被假释的犯罪分子，从假释期满之日起计算。
  - law: 刑法
    article: 第六十六条
    text: 危害国家安全犯罪、恐怖活动犯罪、黑社会性质的组织犯罪的犯罪分子，在刑罚执行完毕或者赦免以后，在任何时候再犯上述任一类罪的，都以累犯论处。
  - law: 刑法
    article: 第八十五条
    text: 对假释的犯罪分子，在假释考验期限内，依法实行社区矫正，如果没有本法第八十六条规定的情形，假释考验期满，就认为原判刑罚已经执行完毕，并公开予以宣告。
  - law: 最高人民法院关于审理未成年人刑事案件具体应用法律若干问题的解释
    article: 第二条
    text: 刑法第十七条规定的“周岁”，按照公历的年、月、日计算，从周岁生日的第二天起算。
parameters:
  years: {type: integer, default: 5, unit: 年, label: 累犯期间, min: 1}
subject: [defendant_name, defendant_id_number, case_id]
key: {table: judgment, column: judgment_id}
evidence:
  - {table: judgment, column: judgment_id}
  - {table: prisoner, column: prisoner_ids}
facts:
  offense_at: 犯罪日期
  released_at: 前罪释放日期
  executed_at: 前罪刑罚执行完毕日期
  recidivism_kind: 累犯类型
  prior_charge: 前罪罪名
  charge: 罪名
  penalty: 主刑
  birth_date: 出生日期
unit: unit_code
excludes:
  - 前罪或者新罪是过失犯罪的（罪名属过失犯罪清单：交通肇事罪、过失致人死亡罪、失火罪等），不是累犯（刑法第六十五条）。
  - 前罪或者新罪犯罪时不满十八周岁的（周岁从生日的第二天起算），不是累犯；身份证号无法读出出生日期的，不列线索。
  - 假释考验期限内又犯新罪的，不是累犯，而是应当撤销假释（刑法第八十六条），由“假释考验期内犯新罪未撤销假释”模型提示；五年从假释期满之日起算。
  - 暂予监外执行期间又犯新罪的，前罪刑罚尚未执行完毕，不是累犯。
  - 假释或者暂予监外执行后又被收监的，前罪执行完毕的日期无从确定，不列线索。
  - 新罪判处拘役、管制、单处罚金或者免予刑事处罚的，不列线索。
  - 前罪判决未收录的，前罪的犯罪日期以刑期起日（或收押日期）代替，三者都不详的按成年人犯罪提示；前罪罪名不详的，按故意犯罪提示：这两种线索须阅卷核实。
conclusion: >-
  {{ defendant_name }}前罪（{{ prior_charge or "罪名不详" }}）刑罚于{{ executed_at|cn_date }}执行完毕，
  于{{ offense_at|cn_date }}又犯{{ charge }}并被判处{{ penalty|label }}，属{{ recidivism_kind }}，判决却没有认定累犯。
decisive: [executed_at, offense_at, recidivism_kind]
actions:
  - 调取前罪判决书、释放证明和本案判决书，核实前罪刑罚执行完毕（假释考验期满）的日期。
  - 核实前罪、本罪是否为过失犯罪，被告人犯前罪时是否已满十八周岁。
  - 判决确有错误的，在法定期限内依法提出抗诉，或者按审判监督程序提出监督意见。
document:
  kind: retrial_recommendation
  request: >-
    建议你院对{{ defendant_name }}{{ charge }}一案依照审判监督程序进行再审，依法认定累犯并重新量刑。
*/
WITH sentenced AS (
    SELECT j.record_id AS judgment_id, j.defendant_name, j.defendant_id_number,
           ${person_key(j.defendant_id_number)} AS person, j.case_id, j.unit_code, j.penalty,
           j.offense_at, j.charge,
           -- birth date from the 18-digit id number (positions 7-14)
           TRY_CAST(substr(j.defendant_id_number, 7, 4) || '-' || substr(j.defendant_id_number, 11, 2)
                    || '-' || substr(j.defendant_id_number, 13, 2) AS DATE) AS birth_date
    FROM judgment AS j
    WHERE j.penalty IN ('fixed_term', 'life', 'death')
      AND j.offense_at IS NOT NULL
      AND NOT COALESCE(';' || j.circumstances || ';' LIKE '%;recidivist;%', FALSE)
)
SELECT s.judgment_id, s.defendant_name, s.defendant_id_number, s.case_id, s.unit_code,
       s.offense_at, r.released_at, r.executed_at, r.recidivism_kind, r.prior_charge, s.charge,
       s.penalty, s.birth_date, r.prisoner_ids
FROM sentenced AS s
JOIN ${recidivism_priors(sentenced, ${years}, ${as_of})} AS r ON r.judgment_id = s.judgment_id
