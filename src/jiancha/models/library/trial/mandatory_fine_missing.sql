/*
id: trial.mandatory_fine_missing
version: 2
title: 应并处罚金未判处
domain: trial
description: >-
  判处有期徒刑、拘役或管制，所犯罪名的条文每一档法定刑都规定必须并处财产刑（“并处罚金”“并处或者单处罚金”
  “并处罚金或者没收财产”“并处没收财产”），判决却没有罚金；条文允许以没收财产代替的，也没有没收财产。
  罪名清单不是手写的：由刑法条文逐条逐档读出（jiancha/models/data/fine_charges.csv，共二百余个罪名），
  选择性罪名按其中任一行为的写法匹配（贩卖、运输毒品罪即走私、贩卖、运输、制造毒品罪），
  一行写有数个罪名的，其中任一罪名须并处的即须有罚金（刑法第六十九条第三款）。
legal_basis:
  - law: 刑法
    article: 第二百六十四条
    text: 盗窃公私财物，数额较大的，或者多次盗窃、入户盗窃、携带凶器盗窃、扒窃的，处三年以下有期徒刑、拘役或者管制，并处或者单处罚金；数额巨大或者有其他严重情节的，处三年以上十年以下有期徒刑，并处罚金；数额特别巨大或者有其他特别严重情节的，处十年以上有期徒刑或者无期徒刑，并处罚金或者没收财产。
  - law: 刑法
    article: 第三百四十七条第二款至第四款
    text: 走私、贩卖、运输、制造毒品，有下列情形之一的，处十五年有期徒刑、无期徒刑或者死刑，并处没收财产……处七年以上有期徒刑，并处罚金……处三年以下有期徒刑、拘役或者管制，并处罚金；情节严重的，处三年以上七年以下有期徒刑，并处罚金。
  - law: 刑法
    article: 第六十九条第三款
    text: 数罪中有判处附加刑的，附加刑仍须执行，其中附加刑种类相同的，合并执行，种类不同的，分别执行。
  - law: 刑法
    article: 第五十九条第一款
    text: 没收财产是没收犯罪分子个人所有财产的一部或者全部。
subject: [defendant_name, defendant_id_number, case_id]
key: {table: judgment, column: judgment_id}
evidence:
  - {table: judgment, column: judgment_id}
facts:
  charge: 罪名
  law_charge: 须并处罚金的罪名
  article: 条文
  property_penalty: 条文规定的财产刑
  penalty: 主刑
  term_months: 刑期（月）
  fine_yuan: 罚金
  confiscation: 没收财产
unit: unit_code
excludes:
  - 条文有一档法定刑是“可以并处罚金”或者不并处财产刑的（如组织、领导、参加黑社会性质组织罪、故意伤害罪），判决未载明适用哪一档，不列线索。
  - 条文规定“并处罚金或者没收财产”“并处没收财产”的，判处没收财产即符合规定；没收财产一栏未填写的，不知是否没收，不列线索。
  - 单处罚金、免予刑事处罚的，不在本模型之内；判处无期徒刑、死刑的，不在本模型之内。
  - 罪名写法不是法定罪名（或其选择性写法）的，无法对应条文，不列线索。
conclusion: >-
  {{ defendant_name }}因{{ charge }}被判处{{ penalty|label }}{% if term_months %}{{ term_months }}个月{% endif %}，
  刑法{{ article }}对该罪规定应当并处{{ property_penalty }}，判决却没有判处罚金{% if confiscation is not none %}或者没收财产{% endif %}。
decisive: [charge, property_penalty, fine_yuan, confiscation]
actions:
  - 调取判决书，核实罪名、适用的法定刑档次和财产刑判项。
  - 核实是否有未录入数据的罚金或者没收财产判项，或者另行作出的补正裁定。
  - 判决确有错误的，在法定期限内依法提出抗诉，或者按审判监督程序提出监督意见。
document:
  kind: retrial_recommendation
  request: >-
    建议你院对{{ defendant_name }}{{ charge }}一案依照审判监督程序进行再审，依法判处财产刑。
*/
WITH matched AS (
    SELECT j.record_id AS judgment_id, j.defendant_name, j.defendant_id_number, j.case_id,
           j.unit_code, j.charge, j.penalty, j.term_months, j.fine_yuan, j.confiscation,
           ${charge_in(j.charge, fine)} AS fine_charge
    FROM judgment AS j
    WHERE j.penalty IN ('fixed_term', 'criminal_detention', 'surveillance')
      AND COALESCE(j.fine_yuan, 0) <= 0
)
SELECT m.judgment_id, m.defendant_name, m.defendant_id_number, m.case_id, m.unit_code, m.charge,
       law.charge AS law_charge, law.article, law.penalty AS property_penalty, m.penalty,
       m.term_months, m.fine_yuan, m.confiscation
FROM matched AS m
JOIN ${fine_charges()} AS law ON law.name = m.fine_charge
-- confiscation meets an article that allows it; not recorded there: it may have been ordered
WHERE law.penalty = '罚金' OR NOT COALESCE(m.confiscation, TRUE)
