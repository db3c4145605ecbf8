/*
id: civil.trial_overdue
version: 1
title: 民事一审、二审审理超期
domain: civil
description: >-
  民事案件自立案之日起至结案（尚未结案的至评估日）超过审理期限：一审普通程序六个月，简易程序三个月，
  小额诉讼程序两个月，对判决的上诉案件（二审）三个月；再审案件按一审普通程序的六个月计。经批准延长的
  月数（数据记载的）加入期限，简易程序延长后累计不超过四个月、小额诉讼程序不超过三个月；公告、鉴定、
  和解、管辖异议等不计入审限的期间（数据记载的天数）也加入期限。期间自立案次日起算。
legal_basis:
  - law: 民事诉讼法
    article: 第一百五十二条
    text: 人民法院适用普通程序审理的案件，应当在立案之日起六个月内审结。有特殊情况需要延长的，经本院院长批准，可以延长六个月；还需要延长的，报请上级人民法院批准。
  - law: 民事诉讼法
    article: 第一百六十四条
    text: 人民法院适用简易程序审理案件，应当在立案之日起三个月内审结。有特殊情况需要延长的，经本院院长批准，可以延长一个月。
  - law: 民事诉讼法
    article: 第一百六十八条
    text: 人民法院适用小额诉讼的程序审理案件，应当在立案之日起两个月内审结。有特殊情况需要延长的，经本院院长批准，可以延长一个月。
  - law: 民事诉讼法
    article: 第一百八十三条第一款
    text: 人民法院审理对判决的上诉案件，应当在第二审立案之日起三个月内审结。有特殊情况需要延长的，由本院院长批准。
  - law: 最高人民法院关于适用《民事诉讼法》的解释
    article: 第二百四十三条
    text: 民事诉讼法第一百五十二条规定的审限，是指从立案之日起至裁判宣告、调解书送达之日止的期间，但公告期间、鉴定期间、双方当事人和解期间、审理当事人提出的管辖异议以及处理人民法院之间的管辖争议期间不应计算在内。
  - law: 最高人民法院关于适用《民事诉讼法》的解释
    article: 第二百五十八条
    text: 适用简易程序审理的案件，审理期限到期后，有特殊情况需要延长的，经本院院长批准，可以延长审理期限。延长后的审理期限累计不得超过四个月。……案件转为普通程序审理的，审理期限自人民法院立案之日计算。
  - law: 最高人民法院关于适用《民事诉讼法》的解释
    article: 第一百二十八条
    text: 再审案件按照第一审程序或者第二审程序审理的，适用民事诉讼法第一百五十二条、第一百八十三条规定的审限。审限自再审立案的次日起算。
excludes:
  - 经批准延长审限的：延长的月数加入期限（普通程序、二审按记载的月数；简易程序至多一个月、累计不超过四个月；小额诉讼程序至多一个月）。
  - 公告期间、鉴定期间、双方当事人和解期间、管辖异议期间不计入审限（民诉法解释第二百四十三条）：数据记载的天数加入期限。
  - 审理程序未记录的一审案件，按普通程序六个月计；由简易程序转为普通程序的，按普通程序自立案之日计算。
  - 再审案件不区分按一审或二审程序审理，一律按六个月计（较宽）。
  - 支付令、司法确认等特别程序案件，以及案件类型未记录的案件：不在本模型范围。
  - 对裁定的上诉案件审限为三十日（民诉法解释第三百三十九条），数据不区分，按三个月计（较宽）。
subject: [case_id, cause]
key: {table: civil_case, column: case_id}
evidence:
  - {table: civil_case, column: case_id}
facts:
  kind: 案件类型
  procedure: 审理程序
  filed_at: 立案日期
  end_at: 计算截止日
  time_limit: 审理期限
  excluded_days: 不计入审限的天数
  deadline: 期限届满日
  overdue_days: 超期天数
unit: unit_code
conclusion: >-
  {{ cause }}案件{{ case_id }}（{{ kind }}，{{ procedure }}）于{{ filed_at|cn_date }}立案，审理期限{{ time_limit }}{% if excluded_days %}
  （另有{{ excluded_days|num }}日不计入审限）{% endif %}，应于{{ deadline|cn_date }}前审结，至{{ end_at|cn_date }}超期{{ overdue_days|num }}日。
decisive: [filed_at, deadline, end_at, overdue_days]
actions:
  - 调阅案卷和审判流程管理系统记录，核实立案日期、结案（裁判宣告或调解书送达）日期。
  - 核实是否经院长或上级法院批准延长审限，延长的审批手续是否齐全。
  - 核实是否存在公告、鉴定、和解、管辖异议等不计入审限的期间及其起止日期。
document:
  kind: recommendation
  request: >-
    建议你院对{{ case_id }}号案件审理超期的原因进行核查，依法及时审结，并加强审限管理，
    规范延长审限的审批。
*/
WITH cases AS (
    SELECT c.record_id AS case_id, c.unit_code, c.cause, c.kind, c.filed_at,
           CASE WHEN c.closed_at IS NULL OR c.closed_at > ${as_of} THEN ${as_of}
                ELSE c.closed_at END AS end_at,
           CASE WHEN c.kind = 'first_instance' THEN COALESCE(c.procedure, 'ordinary')
                ELSE 'ordinary' END AS procedure_code,
           GREATEST(COALESCE(c.extended_months, 0), 0) AS extended,
           GREATEST(COALESCE(c.excluded_days, 0), 0) AS excluded_days
    FROM civil_case AS c
    WHERE c.kind IN ('first_instance', 'second_instance', 'retrial') AND c.filed_at <= ${as_of}
),
limited AS (
    SELECT c.*,
           CASE WHEN c.kind = 'second_instance' THEN 3 + c.extended
                WHEN c.procedure_code = 'summary' THEN 3 + LEAST(c.extended, 1)
                WHEN c.procedure_code = 'small_claims' THEN 2 + LEAST(c.extended, 1)
                ELSE 6 + c.extended END AS limit_months,
           CASE WHEN c.kind = 'second_instance' THEN 3
                WHEN c.procedure_code = 'summary' THEN 3
                WHEN c.procedure_code = 'small_claims' THEN 2
                ELSE 6 END AS base_months
    FROM cases AS c
),
measured AS (
    SELECT l.*,
           ${add_days(${add_months(l.filed_at, l.limit_months)}, l.excluded_days)} AS deadline
    FROM limited AS l
)
SELECT m.case_id, m.unit_code, m.cause,
       CASE m.kind WHEN 'first_instance' THEN '一审' WHEN 'second_instance' THEN '二审'
            ELSE '再审' END AS kind,
       CASE WHEN m.kind = 'second_instance' THEN '第二审程序'
            WHEN m.procedure_code = 'summary' THEN '简易程序'
            WHEN m.procedure_code = 'small_claims' THEN '小额诉讼程序'
            ELSE '普通程序' END AS procedure,
       m.filed_at, m.end_at, m.deadline, m.excluded_days,
       CAST(m.base_months AS VARCHAR) || '个月' || CASE WHEN m.limit_months > m.base_months
           THEN '，经批准延长' || CAST(m.limit_months - m.base_months AS VARCHAR) || '个月'
           ELSE '' END AS time_limit,
       ${days_between(m.deadline, m.end_at)} AS overdue_days
FROM measured AS m
WHERE m.end_at > m.deadline
