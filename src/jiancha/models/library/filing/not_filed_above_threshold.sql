/*
id: filing.not_filed_above_threshold
version: 2
title: 达到追诉标准不予立案
domain: filing
description: >-
  受案登记决定不予立案，但涉嫌案由与涉案金额已达到刑事立案追诉标准（数额标准可由各省设定），
  且嫌疑人行为时已达刑事责任年龄。
legal_basis:
  - law: 刑事诉讼法
    article: 第一百一十三条
    text: 人民检察院认为公安机关对应当立案侦查的案件而不立案侦查的，或者被害人认为公安机关对应当立案侦查的案件而不立案侦查，向人民检察院提出的，人民检察院应当要求公安机关说明不立案的理由。人民检察院认为公安机关不立案理由不能成立的，应当通知公安机关立案，公安机关接到通知后应当立案。
  - law: 刑法
    article: 第十七条第一款至第三款
    text: 已满十六周岁的人犯罪，应当负刑事责任。已满十四周岁不满十六周岁的人，犯故意杀人、故意伤害致人重伤或者死亡、强奸、抢劫、贩卖毒品、放火、爆炸、投放危险物质罪的，应当负刑事责任。已满十二周岁不满十四周岁的人，犯故意杀人、故意伤害罪，致人死亡或者以特别残忍手段致人重伤造成严重残疾，情节恶劣，经最高人民检察院核准追诉的，应当负刑事责任。
  - law: 最高人民法院、最高人民检察院关于办理盗窃刑事案件适用法律若干问题的解释
    article: 第一条
  - law: 最高人民法院、最高人民检察院关于办理诈骗刑事案件具体应用法律若干问题的解释
    article: 第一条
  - law: 最高人民检察院、公安部关于公安机关管辖的刑事案件立案追诉标准的规定
    article: 相关条文
parameters:
  theft_yuan: {type: number, default: 3000, unit: 元, label: 盗窃罪数额较大标准, min: 0}
  fraud_yuan: {type: number, default: 5000, unit: 元, label: 诈骗罪数额较大标准, min: 0}
  counterfeit_goods_yuan: {type: number, default: 50000, unit: 元, label: 生产、销售伪劣产品罪销售金额标准, min: 0}
  illegal_business_yuan: {type: number, default: 50000, unit: 元, label: 非法经营罪经营数额标准, min: 0}
  tax_evasion_yuan: {type: number, default: 100000, unit: 元, label: 逃税罪数额标准, min: 0}
  illegal_mining_yuan: {type: number, default: 100000, unit: 元, label: 非法采矿罪矿产品价值标准, min: 0}
  pollution_yuan: {type: number, default: 300000, unit: 元, label: 污染环境罪违法所得或损失标准, min: 0}
  liable_years: {type: integer, default: 16, unit: 周岁, label: 完全刑事责任年龄, min: 0}
  serious_liable_years: {type: integer, default: 14, unit: 周岁, label: 八类重罪刑事责任年龄, min: 0}
  report_lag_days: {type: integer, default: 365, unit: 日, label: 案发日期未记录时受案前推算天数, min: 0}
excludes:
  - 嫌疑人行为时不满十六周岁的不提示（刑法第十七条第一款）：本模型的数额犯罪（盗窃、诈骗等）不在第十七条第二款所列八种犯罪之内，已满十四周岁不满十六周岁的人对其不负刑事责任。
  - 已满十二周岁不满十四周岁的人仅在第十七条第三款的情形下、经最高人民检察院核准追诉才负刑事责任，不予立案不是线索，不提示。
  - 年龄按刑法的计算方法：过了周岁生日的第二天起才算已满该周岁；出生日期取自嫌疑人身份证号。
  - 案发日期未记录时，以受案日期前推“案发日期未记录时受案前推算天数”（默认一年）作为最早可能的行为日期判断年龄：其间才满十六周岁的嫌疑人不提示（未知不使线索比法律更严）。
  - 嫌疑人身份证号缺失或无效、无法得知年龄的，仍提示：公安机关不立案须以查明嫌疑人不满刑事责任年龄为据，身份不明不是不立案的理由（刑事诉讼法第一百一十二条）。
subject: [suspect_name, suspect_id_number, offense]
key: {table: case_report, column: report_id}
evidence:
  - {table: case_report, column: report_id}
facts:
  offense: 涉嫌案由
  amount_yuan: 涉案金额
  threshold_yuan: 追诉标准
  decided_at: 决定日期
  act_at: 行为日期（用于判断年龄）
  birth_date: 出生日期
unit: unit_code
conclusion: >-
  公安机关于{{ decided_at|cn_date }}对{{ suspect_name or "犯罪嫌疑人" }}涉嫌{{ offense }}一案决定不予立案，
  但涉案金额{{ amount_yuan|yuan }}已达到追诉标准{{ threshold_yuan|yuan }}，
  {% if birth_date %}嫌疑人行为时已满{{ liable_years }}周岁{% else %}嫌疑人身份证号缺失，年龄尚待核实{% endif %}。
decisive: [amount_yuan, threshold_yuan, decided_at]
actions:
  - 调取受案登记表、不予立案决定书及调查取证材料，核实涉案金额的认定和不予立案的理由。
  - 核实嫌疑人的身份及行为时的年龄，排除未达刑事责任年龄的情形。
  - 认为不立案理由不能成立的，依法要求公安机关说明不立案理由（刑事诉讼法第一百一十三条）。
document:
  kind: correction_notice
  request: >-
    请你单位说明对{{ suspect_name or "犯罪嫌疑人" }}涉嫌{{ offense }}一案不予立案的理由；理由不能成立的，依法立案侦查，
    并将处理情况书面回复本院。
*/
WITH report AS (
    SELECT r.record_id AS report_id, r.suspect_name, r.suspect_id_number, r.offense,
           r.unit_code, r.amount_yuan, r.decided_at,
           -- without the act's date, the earliest it can have been (the report comes after it)
           COALESCE(r.offense_at, ${add_days(r.received_at, -${report_lag_days})}) AS act_at,
           -- birth date from the 18-digit id number (positions 7-14)
           TRY_CAST(substr(r.suspect_id_number, 7, 4) || '-' || substr(r.suspect_id_number, 11, 2)
                    || '-' || substr(r.suspect_id_number, 13, 2) AS DATE) AS birth_date,
           CASE ${offense_code(r.offense)}
               WHEN 'theft' THEN ${theft_yuan}
               WHEN 'fraud' THEN ${fraud_yuan}
               WHEN 'counterfeit_goods' THEN ${counterfeit_goods_yuan}
               WHEN 'illegal_business' THEN ${illegal_business_yuan}
               WHEN 'tax_evasion' THEN ${tax_evasion_yuan}
               WHEN 'illegal_mining' THEN ${illegal_mining_yuan}
               WHEN 'pollution' THEN ${pollution_yuan}
           END AS threshold_yuan,
           -- 刑法 17 ¶2: the eight crimes a person of 14 to 16 answers for
           regexp_replace(TRIM(r.offense), '罪$', '') IN (
               '故意杀人', '故意伤害', '强奸', '抢劫', '贩卖毒品', '放火', '爆炸', '投放危险物质'
           ) AS serious_crime
    FROM case_report AS r
    WHERE r.decision = 'not_filed'
)
SELECT report_id, suspect_name, suspect_id_number, offense, unit_code, amount_yuan,
       threshold_yuan, decided_at, act_at, birth_date
FROM report
WHERE threshold_yuan IS NOT NULL AND amount_yuan >= threshold_yuan
  -- 刑法 17: N years old from the day after the N-th birthday; an unknown birth date is no
  -- reason not to file (the police must have established the age to rely on it)
  AND (birth_date IS NULL
       OR act_at > ${add_months(birth_date, 12 * ${liable_years})}
       OR (serious_crime AND act_at > ${add_months(birth_date, 12 * ${serious_liable_years})}))
