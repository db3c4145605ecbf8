/*
id: admin.court_enforcement_not_executed
version: 1
title: 法院准予强制执行裁定后逾期未执行
domain: admin
description: >-
  行政机关申请人民法院强制执行行政处罚决定（行政非诉执行），法院已裁定准予强制执行，但自非诉执行案件立案之日起
  三个月（经批准延长的月数和不计入执行期限的期间加入期限）届满时仍未执结，评估日罚款也未缴纳：法院怠于履行
  执行职责的行政非诉执行监督线索。法院立案日期未记录的，自准予执行裁定之日起算。
# The period: 最高人民法院关于严格执行案件审理期限制度的若干规定 (2000) art. 5, read in
# ../shared/legal/sources: 非诉执行案件 within three months of filing, three more with the
# president's approval (high confidence in the text; we believe the provisions are still in
# force). The 2006 若干期限的规定 art. 1 says the same ("一般应当在立案之日起3个月内执结"),
# quoted from memory: its text is not in sources, so it is named without a quote. Neither
# 行政强制法 nor the 行政诉讼法 sets a period for carrying out the ruling, hence the
# ``months`` parameter. Counting from the ruling when the filing date is missing starts later
# than the law (the ruling follows the filing by at most 7 or 30 days: 行政强制法 arts. 57–58),
# so it is never stricter.
legal_basis:
  - law: 行政强制法
    article: 第五十七条
    text: 人民法院对行政机关强制执行的申请进行书面审查，对符合本法第五十五条规定，且行政决定具备法定执行效力的，除本法第五十八条规定的情形外，人民法院应当自受理之日起七日内作出执行裁定。
  - law: 行政诉讼法
    article: 第九十七条
    text: 公民、法人或者其他组织对行政行为在法定期限内不提起诉讼又不履行的，行政机关可以申请人民法院强制执行，或者依法强制执行。
  - law: 最高人民法院关于严格执行案件审理期限制度的若干规定
    article: 第五条
    text: 执行案件应当在立案之日起六个月内执结，非诉执行案件应当在立案之日起三个月内执结；有特殊情况需要延长的，经本院院长批准，可以延长三个月，还需延长的，层报高级人民法院备案。
  - law: 最高人民法院关于严格执行案件审理期限制度的若干规定
    article: 第九条
    text: 下列期间不计入审理、执行期限：……（九）中止诉讼（审理）或执行至恢复诉讼（审理）或执行的期间；（十）当事人达成执行和解或者提供执行担保后，执行法院决定暂缓执行的期间；（十一）上级人民法院通知暂缓执行的期间；（十二）执行中拍卖、变卖被查封、扣押财产的期间。
  - law: 人民检察院行政诉讼监督规则（试行）
    article: 第三十一条
    text: 人民检察院发现人民法院有下列不履行或者怠于履行执行职责情形之一的，应当向同级人民法院提出检察建议：……（二）对已经受理的执行案件不依法作出执行裁定、无正当理由未在法定期限内采取执行措施或者执行结案的；
  - law: 最高人民法院关于人民法院办理执行案件若干期限的规定
    article: 第一条
excludes:
  - 法院裁定不予强制执行的，或者审查结果未记录的：没有待执行的准予执行裁定，不提示（未知不使线索比规定更严）。
  - 评估日前罚款已缴纳或者法院已结案（含执行完毕、终结执行、终结本次执行）的：不提示；期限届满后才执结的超期问题由法院审判管理处理，不作为线索。
  - 经院长批准延长执行期限的：延长的月数（数据记载的）加入期限。
  - 中止执行、暂缓执行、拍卖变卖等不计入执行期限的期间（最高法审限规定第九条）：数据记载的天数加入期限。
  - 期限的最后一日是节假日的，以节假日后的第一个工作日为期间届满日。
  - 法院立案日期和裁定日期均未记录的：无法确定期限从何时起算，不提示。
  - 因情况紧急申请立即执行（行政强制法第五十九条，五日内执行）的，数据不区分，按三个月计（较宽）。
parameters:
  months: {type: integer, default: 3, unit: 月, label: 非诉执行案件执结期限, min: 1}
subject: [party_name, party_id_number, org_code]
key: {table: admin_penalty, column: penalty_id}
evidence:
  - {table: admin_penalty, column: penalty_id}
facts:
  agency: 执法机关
  decided_at: 处罚日期
  penalty_yuan: 罚款金额
  applied_at: 申请法院强制执行日期
  filed_at: 法院立案日期
  ruled_at: 准予强制执行裁定日期
  period_start: 执行期限起算日
  time_limit: 执行期限
  excluded_days: 不计入执行期限的天数
  deadline: 执行期限届满日
  overdue_days: 超期天数
unit: unit_code
conclusion: >-
  {{ agency }}于{{ decided_at|cn_date }}对{{ party_name }}作出{% if penalty_yuan %}罚款{{ penalty_yuan|yuan }}的{% endif %}行政处罚决定，
  {% if applied_at %}于{{ applied_at|cn_date }}{% endif %}申请人民法院强制执行，法院{% if ruled_at %}于{{ ruled_at|cn_date }}{% endif %}裁定准予强制执行；
  非诉执行期限{{ time_limit }}{% if excluded_days %}（另有{{ excluded_days|num }}日不计入执行期限）{% endif %}，
  自{{ period_start|cn_date }}起算，已于{{ deadline|cn_date }}届满，至今未执结{% if penalty_yuan %}，罚款也未缴纳{% endif %}，超期{{ overdue_days|num }}日。
decisive: [period_start, deadline, overdue_days]
checked:
  - {table: admin_penalty, label: 罚款缴纳和法院执行结案记录, agency: 行政执法机关、人民法院, since: period_start}
actions:
  - 调取法院非诉执行案卷，核实立案日期、准予强制执行裁定的日期和送达情况。
  - 核实法院是否采取查询、冻结、划拨、拍卖等执行措施，是否存在中止执行、暂缓执行、拍卖变卖等不计入执行期限的期间，是否经批准延长执行期限。
  - 向执法机关和财政非税收入收缴系统核实罚款是否已经缴纳，被执行人是否有可供执行的财产。
document:
  kind: enforcement_recommendation
  request: >-
    建议你院对准予强制执行{{ agency }}行政处罚决定（被执行人{{ party_name }}）的非诉执行案件超期未执结的原因进行核查，
    依法及时采取执行措施、执结案件，并加强行政非诉执行案件的期限管理。
*/
WITH granted AS (
    -- the fine (if any) unpaid on as_of
    SELECT a.penalty_id, a.party_name, a.party_id_number, a.org_code, a.unit_code,
           a.agency, a.decided_at, a.penalty_yuan, a.court_enforcement_applied_at AS applied_at,
           a.court_enforcement_filed_at AS filed_at, a.court_enforcement_ruled_at AS ruled_at,
           -- 审限规定 art. 5 counts from the filing; the ruling comes after it (never stricter)
           COALESCE(a.court_enforcement_filed_at, a.court_enforcement_ruled_at) AS period_start,
           GREATEST(COALESCE(a.court_enforcement_extended_months, 0), 0) AS extended_months,
           GREATEST(COALESCE(a.court_enforcement_excluded_days, 0), 0) AS excluded_days
    FROM ${unpaid_penalties(a, ${as_of})} AS a
    WHERE a.court_enforcement_ruling = 'granted'
      AND COALESCE(a.court_enforcement_filed_at, a.court_enforcement_ruled_at) <= ${as_of}
      -- carried out by as_of: the court closed its case (or the fine came in: above)
      AND COALESCE(a.court_enforcement_closed_at > ${as_of}, TRUE)
),
limited AS (
    SELECT g.*,
           ${next_working_day(${add_days(${add_months(g.period_start, ${months} + g.extended_months)}, g.excluded_days)})}
               AS deadline
    FROM granted AS g
)
SELECT l.penalty_id, l.party_name, l.party_id_number, l.org_code, l.unit_code, l.agency,
       l.decided_at, l.penalty_yuan, l.applied_at, l.filed_at, l.ruled_at, l.period_start,
       l.excluded_days, l.deadline,
       CAST(${months} AS VARCHAR) || '个月' || CASE WHEN l.extended_months > 0
           THEN '，经批准延长' || CAST(l.extended_months AS VARCHAR) || '个月' ELSE '' END
           AS time_limit,
       ${days_between(l.deadline, ${as_of})} AS overdue_days
FROM limited AS l
WHERE l.deadline < ${as_of}
