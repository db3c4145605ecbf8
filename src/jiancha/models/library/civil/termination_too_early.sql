/*
id: civil.termination_too_early
version: 1
title: 执行立案未满三个月即终结本次执行
domain: civil
description: >-
  执行案件自立案之日起未超过三个月，即以“终结本次执行程序”结案。终本规定要求人民法院终结本次执行程序时
  同时符合五项条件，其中之一是自执行案件立案之日起已超过三个月；不满三个月终本的，财产调查、限制消费等
  措施多半没有做完，可能是为了结案率“一终了之”。期间自立案次日起算，三个月届满之日仍不算“已超过”。
legal_basis:
  - law: 最高人民法院关于严格规范终结本次执行程序的规定（试行）
    article: 第一条
    text: 人民法院终结本次执行程序，应当同时符合下列条件：（一）已向被执行人发出执行通知、责令被执行人报告财产；（二）已向被执行人发出限制消费令，并将符合条件的被执行人纳入失信被执行人名单；（三）已穷尽财产调查措施，未发现被执行人有可供执行的财产或者发现的财产不能处置；（四）自执行案件立案之日起已超过三个月；（五）被执行人下落不明的，已依法予以查找；被执行人或者其他人妨害执行的，已依法采取罚款、拘留等强制措施，构成犯罪的，已依法启动刑事责任追究程序。
  - law: 最高人民法院关于适用《民事诉讼法》的解释
    article: 第五百一十七条第一款
    text: 经过财产调查未发现可供执行的财产，在申请执行人签字确认或者执行法院组成合议庭审查核实并经院长批准后，可以裁定终结本次执行程序。
  - law: 民事诉讼法
    article: 第八十五条第二款
    text: 期间开始的时和日，不计算在期间内。
excludes:
  - 以执行完毕、执行和解结案的：不是终结本次执行程序，不受三个月的限制。
  - 裁定终结执行的（民事诉讼法第二百六十八条，如申请执行人撤销申请、被执行人死亡无遗产可供执行）：不受三个月的限制。
  - 立案满三个月后（三个月届满之日的次日起）终结本次执行的：符合第四项条件，其余四项条件数据无法判断，不提示。
parameters:
  months: {type: integer, default: 3, unit: 月, label: 立案后须超过的期间, min: 1}
subject: [case_id, debtor_name, debtor_key]
key: {table: enforcement_case, column: case_id}
evidence:
  - {table: enforcement_case, column: case_id}
facts:
  filed_at: 执行立案日期
  closed_at: 终结本次执行日期
  earliest: 最早可终结本次执行之日
  days: 立案至终本天数
unit: unit_code
conclusion: >-
  执行案件{{ case_id }}（被执行人{{ debtor_name }}）于{{ filed_at|cn_date }}立案，{{ closed_at|cn_date }}即裁定终结本次执行程序，
  立案后仅{{ days|num }}日，未满{{ months }}个月（最早应在{{ earliest|cn_date }}以后）。
decisive: [filed_at, closed_at, earliest]
actions:
  - 调阅执行卷宗，核实是否已发出执行通知、报告财产令和限制消费令，是否已通过网络执行查控系统穷尽财产调查措施。
  - 核实终本前是否经申请执行人签字确认或合议庭审查核实并经院长批准。
  - 向申请执行人了解其是否同意终本、是否掌握被执行人的财产线索。
document:
  kind: enforcement_recommendation
  request: >-
    建议你院对执行案件{{ case_id }}终结本次执行程序的裁定依法进行审查，未穷尽财产调查措施的，
    依法恢复执行，并规范终结本次执行程序的适用。
*/
SELECT e.record_id AS case_id, e.unit_code, e.debtor_name,
       COALESCE(NULLIF(TRIM(e.debtor_id_number), ''), NULLIF(TRIM(e.debtor_org_code), ''))
           AS debtor_key,
       e.filed_at, e.closed_at,
       ${add_days(${add_months(e.filed_at, ${months})}, 1)} AS earliest,
       ${days_between(e.filed_at, e.closed_at)} AS days
FROM enforcement_case AS e
WHERE e.closing = 'terminated_this_round' AND e.closed_at IS NOT NULL
  AND e.closed_at <= ${as_of}
  AND e.closed_at <= ${add_months(e.filed_at, ${months})}
