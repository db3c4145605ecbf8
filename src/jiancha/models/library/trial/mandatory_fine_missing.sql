/*
id: trial.mandatory_fine_missing
version: 1
title: 应并处罚金未判处
domain: trial
description: >-
  判处有期徒刑、拘役或管制，罪名所在条文规定“并处罚金”或“并处或者单处罚金”，
  判决却没有罚金。
legal_basis:
  - law: 刑法
    article: 第二百六十四条
    text: 盗窃公私财物，数额较大的，或者多次盗窃、入户盗窃、携带凶器盗窃、扒窃的，处三年以下有期徒刑、拘役或者管制，并处或者单处罚金……
  - law: 刑法
    article: 第二百六十六条、第二百六十三条、第二百六十七条、第二百七十四条、第一百三十三条之一、第三百零三条第二款、第二百二十五条、第一百四十条、第三百四十七条
parameters:
  charges:
    type: list
    label: 必须并处罚金的罪名
    default: [盗窃罪, 诈骗罪, 抢劫罪, 抢夺罪, 敲诈勒索罪, 危险驾驶罪, 开设赌场罪, 非法经营罪, 生产、销售伪劣产品罪, 贩卖毒品罪]
subject: [defendant_name, defendant_id_number, case_id]
key: {table: judgment, column: judgment_id}
evidence:
  - {table: judgment, column: judgment_id}
facts:
  charge: 罪名
  penalty: 主刑
  term_months: 刑期（月）
  fine_yuan: 罚金
unit: unit_code
*/
SELECT j.record_id AS judgment_id, j.defendant_name, j.defendant_id_number, j.case_id,
       j.unit_code, j.charge, j.penalty, j.term_months, j.fine_yuan
FROM judgment AS j
WHERE j.penalty IN ('fixed_term', 'criminal_detention', 'surveillance')
  AND (TRIM(j.charge) IN ${charges} OR TRIM(j.charge) || '罪' IN ${charges})
  AND COALESCE(j.fine_yuan, 0) <= 0
