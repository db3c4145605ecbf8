/*
id: custody.investigation_overdue
version: 2
title: 侦查羁押期限超期
domain: custody
description: >-
  逮捕后的侦查羁押自逮捕之日起至移送审查起诉（未移送的至评估日，已解除羁押的至解除日）
  超过二个月加上经批准延长的月数。月按刑诉法解释第二百零二条计算（起算日为月末的，至期满月的月末）；
  犯罪嫌疑人在押，期满日不因节假日顺延。
legal_basis:
  - law: 刑事诉讼法
    article: 第一百五十六条
    text: 对犯罪嫌疑人逮捕后的侦查羁押期限不得超过二个月。案情复杂、期限届满不能终结的案件，可以经上一级人民检察院批准延长一个月。
  - law: 刑事诉讼法
    article: 第一百五十八条
    text: 下列案件在本法第一百五十六条规定的期限届满不能侦查终结的，经省、自治区、直辖市人民检察院批准或者决定，可以延长二个月。
  - law: 刑事诉讼法
    article: 第一百五十九条
    text: 对犯罪嫌疑人可能判处十年有期徒刑以上刑罚，依照本法第一百五十八条规定延长期限届满，仍不能侦查终结的，经省、自治区、直辖市人民检察院批准或者决定，可以再延长二个月。
  - law: 刑事诉讼法
    article: 第一百六十条
    text: 在侦查期间，发现犯罪嫌疑人另有重要罪行的，自发现之日起依照本法第一百五十六条的规定重新计算侦查羁押期限。犯罪嫌疑人不讲真实姓名、住址，身份不明的，应当对其身份进行调查，侦查羁押期限自查清其身份之日起计算。
  - law: 最高人民法院关于适用《刑事诉讼法》的解释
    article: 第二百零二条第一款
    text: 以月计算的期间，自本月某日至下月同日为一个月;期限起算日为本月最后一日的，至下月最后一日为一个月;下月同日不存在的，自本月某日至下月最后一日为一个月；半个月一律按十五日计算。
parameters:
  months: {type: integer, default: 2, unit: 月, label: 逮捕后侦查羁押期限, min: 1}
excludes:
  - 经批准延长的（第一百五十六条、第一百五十八条、第一百五十九条），期限加上批准延长的月数。
  - 发现另有重要罪行重新计算、或身份不明自查清身份之日起计算侦查羁押期限的（第一百六十条），数据中没有记录重新计算的日期，可能提示；核查时以重新计算的决定为准。
subject: [name, id_number, case_id]
key: {table: coercive_measure, column: measure_id}
evidence:
  - {table: coercive_measure, column: measure_id}
  - {table: procedural_event, column: transfer_id}
  - {table: custody_extension, column: extension_ids}
facts:
  start_at: 逮捕日期
  end_at: 计算截止日
  limit_months: 法定期限（月）
  extension_months: 批准延长（月）
  deadline: 期限届满日
unit: unit_code
conclusion: >-
  {{ name }}（案件{{ case_id }}）于{{ start_at|cn_date }}被逮捕，侦查羁押期限{% if extension_months %}连同批准延长的{{ extension_months }}个月{% endif %}
  应于{{ deadline|cn_date }}届满，计算至{{ end_at|cn_date }}，超过期限{{ deadline|days_between(end_at) }}日。
decisive: [start_at, deadline, end_at]
actions:
  - 调取逮捕证及延长侦查羁押期限的批准决定，核实羁押起止时间和延长情况。
  - 核实是否有发现另有重要罪行、犯罪嫌疑人身份不明而重新计算侦查羁押期限的决定（刑事诉讼法第一百六十条）。
  - 向侦查机关了解超期原因，核实犯罪嫌疑人现在的羁押状态。
document:
  kind: correction_notice
  request: >-
    请你单位立即纠正对{{ name }}的超期羁押，依法移送审查起诉、释放或者变更强制措施，并将纠正情况书面回复本院。
*/
WITH arrest AS (
    SELECT m.record_id AS measure_id, m.name, m.id_number, m.case_id, m.unit_code,
           m.start_at, m.end_at
    FROM coercive_measure AS m
    WHERE m.measure = 'arrest' AND m.start_at <= ${as_of}
),
extension AS (
    SELECT x.measure_id,
           SUM(COALESCE(x.months, 0)) AS extension_months,
           array_to_string(list_sort(list(x.record_id)), ';') AS extension_ids
    FROM custody_extension AS x
    WHERE x.approved_at <= ${as_of}
    GROUP BY x.measure_id
),
transfer AS (
    -- the first transfer for prosecution on or after the arrest ends investigation custody
    SELECT a.measure_id, e.record_id AS transfer_id, e.at,
           ROW_NUMBER() OVER (PARTITION BY a.measure_id ORDER BY e.at, e.record_id) AS rn
    FROM arrest AS a
    JOIN procedural_event AS e
      ON e.case_id = a.case_id AND e.event = 'transfer_for_prosecution'
     AND e.at >= a.start_at AND e.at <= ${as_of}
),
measured AS (
    SELECT a.*, t.transfer_id,
           COALESCE(x.extension_months, 0) AS extension_months, x.extension_ids,
           LEAST(COALESCE(t.at, ${as_of}), COALESCE(a.end_at, ${as_of}), ${as_of}) AS end_at_eff,
           ${add_months(a.start_at, ${months} + COALESCE(x.extension_months, 0))} AS deadline
    FROM arrest AS a
    LEFT JOIN transfer AS t ON t.measure_id = a.measure_id AND t.rn = 1
    LEFT JOIN extension AS x ON x.measure_id = a.measure_id
)
SELECT measure_id, name, id_number, case_id, unit_code, transfer_id, extension_ids,
       start_at, end_at_eff AS end_at, ${months} AS limit_months, extension_months, deadline
FROM measured
WHERE end_at_eff > deadline
