/*
id: civil.termination_with_assets
version: 1
title: 终结本次执行而被执行人名下有可供执行财产
domain: civil
description: >-
  执行案件以“终结本次执行程序”结案，而被执行人（按身份证号或统一社会信用代码）名下在执行期间
  （执行立案至终本之日）登记有不动产、车辆、股权或存款，或在终本后五年内新登记了此类财产，执行法院却
  没有恢复执行（此后没有该被执行人的新执行案件）：终本前可能未穷尽财产调查措施，终本后可能未依职权
  定期查询、及时恢复执行。
legal_basis:
  - law: 最高人民法院关于严格规范终结本次执行程序的规定（试行）
    article: 第一条第三项
    text: 已穷尽财产调查措施，未发现被执行人有可供执行的财产或者发现的财产不能处置；
  - law: 最高人民法院关于严格规范终结本次执行程序的规定（试行）
    article: 第九条
    text: 终结本次执行程序后，申请执行人发现被执行人有可供执行财产的，可以向执行法院申请恢复执行。申请恢复执行不受申请执行时效期间的限制。执行法院核查属实的，应当恢复执行。终结本次执行程序后的五年内，执行法院应当每六个月通过网络执行查控系统查询一次被执行人的财产，并将查询结果告知申请执行人。符合恢复执行条件的，执行法院应当及时恢复执行。
  - law: 最高人民法院关于适用《民事诉讼法》的解释
    article: 第五百一十七条
    text: 经过财产调查未发现可供执行的财产，在申请执行人签字确认或者执行法院组成合议庭审查核实并经院长批准后，可以裁定终结本次执行程序。依照前款规定终结执行后，申请执行人发现被执行人有可供执行财产的，可以再次申请执行。再次申请不受申请执行时效期间的限制。
  - law: 民事诉讼法
    article: 第二百五十三条第一款
    text: 被执行人未按执行通知履行法律文书确定的义务，人民法院有权向有关单位查询被执行人的存款、债券、股票、基金份额等财产情况。人民法院有权根据不同情形扣押、冻结、划拨、变价被执行人的财产。人民法院查询、扣押、冻结、划拨、变价的财产不得超出被执行人应当履行义务的范围。
excludes:
  - 执行立案前已注销或转出的财产：执行期间不属于被执行人，不提示。
  - 终本五年以后才登记的财产：终本规定第九条第二款的依职权查询期间已过，由申请执行人申请恢复执行，不提示。
  - 终本后已恢复执行或再次申请执行的（此后有同一被执行人的新执行案件）：法院已经处理，不提示。
  - 以执行完毕、终结执行或执行和解结案的：不是终结本次执行，不在本模型范围。
  - 发现的财产不能处置的（如已设定抵押、被其他法院首先查封）：数据无法判断，线索须核实。
parameters:
  watch_months: {type: integer, default: 60, unit: 月, label: 终本后依职权查询期间, min: 0}
subject: [case_id, debtor_name, debtor_key]
key: {table: enforcement_case, column: case_id}
evidence:
  - {table: enforcement_case, column: case_id}
  - {table: asset_register, column: asset_ids}
facts:
  filed_at: 执行立案日期
  closed_at: 终结本次执行日期
  held_during: 执行期间名下财产数
  acquired_after: 终本后新登记财产数
  asset_kinds: 财产类别
  first_registered: 最早登记日期
  asset_value: 财产登记价值合计
unit: unit_code
conclusion: >-
  执行案件{{ case_id }}于{{ closed_at|cn_date }}以无可供执行财产为由终结本次执行程序，但被执行人{{ debtor_name }}名下
  {% if held_during %}在执行期间登记有{{ held_during|num }}项财产{% endif %}{% if held_during and acquired_after %}，并{% endif %}{% if acquired_after %}在终本后新登记{{ acquired_after|num }}项财产{% endif %}
  （{{ asset_kinds }}{% if asset_value %}，登记价值合计{{ asset_value|yuan }}{% endif %}），法院未恢复执行。
decisive: [closed_at, held_during, acquired_after, first_registered]
actions:
  - 调阅执行卷宗，核实终本前网络执行查控、不动产、车辆、股权查询的范围和结果，是否遗漏上述财产。
  - 向不动产、车辆、市场监管、银行等登记机关核实财产的权属、登记日期及是否已设定抵押或被其他法院查封。
  - 核实终本后执行法院是否每六个月查询一次被执行人财产并告知申请执行人。
document:
  kind: enforcement_recommendation
  request: >-
    建议你院对执行案件{{ case_id }}依法恢复执行，对被执行人{{ debtor_name }}名下的财产依法采取查封、扣押、冻结等执行措施，
    并规范终结本次执行程序的适用和终本后的财产查询。
*/
WITH terminated AS (
    SELECT e.record_id AS case_id, e.unit_code, e.debtor_name, e.filed_at, e.closed_at,
           COALESCE(${person_key(e.debtor_id_number)}, ${person_key(e.debtor_org_code)}) AS debtor,
           COALESCE(NULLIF(TRIM(e.debtor_id_number), ''), NULLIF(TRIM(e.debtor_org_code), ''))
               AS debtor_key,
           ${add_months(e.closed_at, ${watch_months})} AS watch_end
    FROM enforcement_case AS e
    WHERE e.closing = 'terminated_this_round' AND e.closed_at IS NOT NULL
      AND e.closed_at <= ${as_of}
      AND COALESCE(${person_key(e.debtor_id_number)}, ${person_key(e.debtor_org_code)}) IS NOT NULL
),
resumed AS (
    -- a later enforcement case against the same debtor: execution resumed or applied for again
    SELECT DISTINCT t.case_id
    FROM terminated AS t
    JOIN enforcement_case AS r
      ON COALESCE(${person_key(r.debtor_id_number)}, ${person_key(r.debtor_org_code)}) = t.debtor
     AND r.record_id <> t.case_id AND r.filed_at > t.closed_at AND r.filed_at <= ${as_of}
),
assets AS (
    SELECT t.case_id, a.record_id AS asset_id, a.registered_at, a.value_yuan,
           CASE a.kind WHEN 'real_estate' THEN '不动产' WHEN 'vehicle' THEN '车辆'
                WHEN 'equity' THEN '股权' WHEN 'deposit' THEN '存款' ELSE '其他' END AS kind_label,
           CASE WHEN a.registered_at <= t.closed_at THEN 1 ELSE 0 END AS held
    FROM terminated AS t
    JOIN asset_register AS a
      ON COALESCE(${person_key(a.holder_id_number)}, ${person_key(a.holder_org_code)}) = t.debtor
     -- held at some time between filing and termination, or registered within the watch
     AND a.registered_at <= t.watch_end AND a.registered_at <= ${as_of}
     AND (a.deregistered_at IS NULL OR a.deregistered_at >= t.filed_at)
    WHERE NOT EXISTS (SELECT 1 FROM resumed AS r WHERE r.case_id = t.case_id)
),
found AS (
    SELECT case_id, SUM(held) AS held_during, SUM(1 - held) AS acquired_after,
           MIN(registered_at) AS first_registered, SUM(value_yuan) AS asset_value,
           array_to_string(list_sort(list(DISTINCT kind_label)), '、') AS asset_kinds,
           array_to_string(list_sort(list(asset_id)), ';') AS asset_ids
    FROM assets
    GROUP BY case_id
)
SELECT t.case_id, t.unit_code, t.debtor_name, t.debtor_key, t.filed_at, t.closed_at,
       f.held_during, f.acquired_after, f.asset_kinds, f.first_registered, f.asset_value,
       f.asset_ids
FROM terminated AS t
JOIN found AS f ON f.case_id = t.case_id
