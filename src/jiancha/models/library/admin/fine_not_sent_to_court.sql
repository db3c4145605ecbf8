/*
id: admin.fine_not_sent_to_court
version: 1
title: 罚款逾期未缴未申请法院强制执行
domain: admin
description: >-
  行政处罚决定的罚款，当事人在法定期限内未申请行政复议、未提起行政诉讼，又未缴纳；
  没有行政强制执行权的行政机关应当自复议、诉讼期限届满之日起三个月内申请人民法院强制执行，
  但三个月期满时仍未申请（或逾期才申请），评估日仍未缴纳：行政非诉执行监督线索，罚款可能流失。
  行政机关批准延期、分期缴纳的，三个月自暂缓或分期缴纳期限结束之日起计算。
legal_basis:
  - law: 行政强制法
    article: 第五十三条
    text: 当事人在法定期限内不申请行政复议或者提起行政诉讼，又不履行行政决定的，没有行政强制执行权的行政机关可以自期限届满之日起三个月内，依照本章规定申请人民法院强制执行。
  - law: 行政强制法
    article: 第四十六条
    text: 行政机关依照本法第四十五条规定实施加处罚款或者滞纳金超过三十日，经催告当事人仍不履行的，具有行政强制执行权的行政机关可以强制执行。……没有行政强制执行权的行政机关应当申请人民法院强制执行。
  - law: 行政处罚法
    article: 第七十二条
    text: 当事人逾期不履行行政处罚决定的，作出行政处罚决定的行政机关可以采取下列措施：（一）到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额；……（四）依照《中华人民共和国行政强制法》的规定申请人民法院强制执行。行政机关批准延期、分期缴纳罚款的，申请人民法院强制执行的期限，自暂缓或者分期缴纳罚款期限结束之日起计算。
  - law: 行政强制法
    article: 第四十条
    text: 有下列情形之一的，终结执行:（一）公民死亡，无遗产可供执行，又无义务承受人的；
excludes:
  - 税务机关、海关等依法具有行政强制执行权的机关（执法机关名称含“税务”“海关”）作出的罚款：由其自行强制执行（行政强制法第四十六条），不申请法院，不提示。
  - 当事人已申请行政复议或提起行政诉讼的：不属于第五十三条的情形，不提示。
  - 复议诉讼期限届满日未记录的：无法确定三个月从何时起算，不提示（未知不使线索比法律更严）。
  - 罚款在评估日前已经缴纳（含三个月期满后才缴纳）的：罚款已实现，不提示。
  - 批准延期、分期缴纳的：三个月自暂缓或分期缴纳期限结束之日起计算（行政处罚法第七十二条第二款）。
  - 当事人在三个月期满前死亡的：终结执行（行政强制法第四十条），不提示。
  - 三个月期间的最后一日是节假日的，以节假日后的第一个工作日为期间届满日。
parameters:
  months: {type: integer, default: 3, unit: 月, label: 申请法院强制执行期限, min: 1}
subject: [party_name, party_id_number, org_code]
key: {table: admin_penalty, column: penalty_id}
evidence:
  - {table: admin_penalty, column: penalty_id}
facts:
  agency: 执法机关
  decided_at: 处罚日期
  penalty_yuan: 罚款金额
  surcharge_cap_yuan: 加处罚款上限
  period_start: 申请期限起算日
  window_end: 申请期限届满日
  applied_at: 申请法院强制执行日期
unit: unit_code
conclusion: >-
  {{ agency }}于{{ decided_at|cn_date }}对{{ party_name }}作出罚款{{ penalty_yuan|yuan }}的行政处罚决定，
  当事人未申请复议、未提起诉讼，也未缴纳罚款；申请人民法院强制执行的期限已于{{ window_end|cn_date }}届满，
  {% if applied_at %}行政机关迟至{{ applied_at|cn_date }}才申请{% else %}行政机关至今未申请法院强制执行{% endif %}。
decisive: [period_start, window_end, applied_at]
checked:
  - {table: admin_penalty, label: 罚款缴纳记录, agency: 行政执法机关, since: decided_at}
actions:
  - 调取行政处罚决定书及送达回证，核实决定书送达日期、复议诉讼期限的起算和届满日。
  - 向执法机关和财政非税收入收缴系统核实罚款是否已经缴纳，是否批准延期或分期缴纳。
  - 核实执法机关是否已向当事人催告，是否已向人民法院申请强制执行或法院是否受理。
  - 核实当事人是否死亡、单位是否终止，是否存在可供执行的财产。
document:
  kind: recommendation
  request: >-
    建议你单位依法催告{{ party_name }}履行罚款{{ penalty_yuan|yuan }}的缴纳义务，对申请法院强制执行期限
    届满未申请的原因进行核查，依法追缴罚款及加处罚款，并完善罚款执行台账和催缴、申请强制执行工作机制。
*/
WITH penalty AS (
    -- unpaid on as_of
    SELECT a.*, a.penalty_yuan AS surcharge_cap_yuan, a.court_enforcement_applied_at AS applied_at,
           ${person_key(a.party_id_number)} AS person,
           -- 行政处罚法 72 ¶2: a deferral or instalments move the start to their end
           CASE WHEN a.deferred_until > a.appeal_deadline THEN a.deferred_until
                ELSE a.appeal_deadline END AS period_start
    FROM ${unpaid_penalties(a, ${as_of})} AS a
    WHERE a.penalty_yuan > 0
      -- an unknown deadline is never assumed (and an all-empty column cannot run the model)
      AND a.appeal_deadline <= ${as_of}
      AND NOT COALESCE(a.contested, FALSE)
      -- agencies with their own enforcement power (行政强制法 46): tax, customs
      AND a.agency NOT LIKE '%税务%' AND a.agency NOT LIKE '%海关%'
),
windowed AS (
    SELECT p.*, ${next_working_day(${add_months(p.period_start, ${months})})} AS window_end
    FROM penalty AS p
),
died AS (
    SELECT DISTINCT w.penalty_id
    FROM windowed AS w
    -- an exception, not an input: no death register means nobody is known dead (so a LEFT
    -- JOIN, which models check does not count as needing the register)
    LEFT JOIN death_record AS d
      ON ${person_key(d.id_number)} = w.person AND d.died_at <= w.window_end
    WHERE d.record_id IS NOT NULL
)
SELECT w.penalty_id, w.party_name, w.party_id_number, w.org_code, w.unit_code, w.agency,
       w.decided_at, w.penalty_yuan, w.surcharge_cap_yuan, w.period_start, w.window_end,
       w.applied_at
FROM windowed AS w
WHERE w.window_end < ${as_of}
  AND (w.applied_at IS NULL OR w.applied_at > w.window_end)
  AND NOT EXISTS (SELECT 1 FROM died AS d WHERE d.penalty_id = w.penalty_id)
