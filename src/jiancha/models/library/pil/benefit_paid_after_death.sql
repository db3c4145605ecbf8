/*
id: pil.benefit_paid_after_death
version: 1
title: 死亡后仍发放养老金、低保等待遇
domain: pil
description: >-
  死亡登记显示某人已死亡，但社会保障待遇发放记录中，死亡次月及以后各月仍以其名义发放基本养老金、
  最低生活保障金、高龄津贴或残疾人补贴（死亡当月的待遇照常发放，不计）。社会保障基金、救助资金
  流失，经办机构、民政部门未依法停发、追回，可考虑行政公益诉讼诉前检察建议；有冒领的，移送公安机关。
legal_basis:
  - law: 社会救助暂行办法
    article: 第十三条
    text: 最低生活保障家庭的人口状况、收入状况、财产状况发生变化的，县级人民政府民政部门应当及时决定增发、减发或者停发最低生活保障金；决定停发最低生活保障金的，应当书面说明理由。
  - law: 社会救助暂行办法
    article: 第六十八条
    text: 采取虚报、隐瞒、伪造等手段，骗取社会救助资金、物资或者服务的，由有关部门决定停止社会救助，责令退回非法获取的救助资金、物资，可以处非法获取的救助款额或者物资价值1倍以上3倍以下的罚款；构成违反治安管理行为的，依法给予治安管理处罚。
  - law: 行政诉讼法
    article: 第二十五条第四款
    text: 人民检察院在履行职责中发现生态环境和资源保护、食品药品安全、国有财产保护、国有土地使用权出让等领域负有监督管理职责的行政机关违法行使职权或者不作为，致使国家利益或者社会公共利益受到侵害的，应当向行政机关提出检察建议，督促其依法履行职责。
excludes:
  - 死亡当月的待遇：按月发放，当月待遇照常发放，不计。
  - 死亡以前各月的待遇在死亡后补发的：所属月份在死亡以前，属于应发待遇，不计。
  - 遗属依法领取的丧葬补助金、抚恤金：不是本人的逐月待遇，不在发放记录的待遇类别中。
parameters:
  kinds: {type: list, default: [pension, subsistence, elderly_allowance, disability_allowance], label: 待遇类别}
subject: [name, recipient_key]
key: {table: subject, column: recipient_key}
evidence:
  - {table: death_record, column: death_ids}
  - {table: benefit_payment, column: payment_ids}
facts:
  died_at: 死亡日期
  first_month: 死亡后首个发放月份
  last_month: 死亡后最后发放月份
  months: 死亡后发放月数
  total_yuan: 死亡后发放金额
  kinds: 待遇类别
unit: unit_code
conclusion: >-
  {{ name }}已于{{ died_at|cn_date }}死亡，死亡后仍以其名义发放{{ kinds }}{{ months }}个月
  （{{ first_month|cn_month }}至{{ last_month|cn_month }}），共计{{ total_yuan|yuan }}。
decisive: [died_at, first_month, total_yuan]
actions:
  - 向民政、公安核实死亡登记及死亡日期，排除身份证号码错录、同名同号。
  - 向发放机构调取发放明细、领取账户及资金流向，核实是否被冒领及已追回的金额。
  - 核实经办机构是否开展过领取资格认证，是否收到过死亡信息比对结果。
document:
  kind: pil_pre_litigation
  request: >-
    建议你单位依法停发{{ name }}名下的{{ kinds }}，追回其死亡后发放的{{ total_yuan|yuan }}，
    并与民政、公安、卫生健康部门建立死亡信息共享比对机制，防止待遇被冒领。
*/
WITH deaths AS (
    SELECT ${person_key(d.id_number)} AS person, MIN(d.died_at) AS died_at,
           array_to_string(list_sort(list(d.record_id)), ';') AS death_ids
    FROM death_record AS d
    WHERE d.died_at <= ${as_of}
    GROUP BY ${person_key(d.id_number)}
),
payments AS (
    SELECT b.record_id, b.name, b.id_number, ${person_key(b.id_number)} AS person, b.kind,
           b.month, b.amount_yuan, b.unit_code, TRY_CAST(b.month || '-01' AS DATE) AS month_start
    FROM benefit_payment AS b
    WHERE b.kind IN ${kinds}
),
after_death AS (
    -- a month counts when it begins after the month of death
    SELECT b.*, d.died_at, d.death_ids
    FROM payments AS b
    JOIN deaths AS d ON d.person = b.person
    WHERE b.month_start > LAST_DAY(d.died_at)
)
SELECT MIN(TRIM(a.id_number)) AS recipient_key, MAX(a.name) AS name, MAX(a.unit_code) AS unit_code,
       MAX(a.death_ids) AS death_ids,
       array_to_string(list_sort(list(a.record_id)), ';') AS payment_ids,
       MIN(a.died_at) AS died_at, MIN(a.month) AS first_month, MAX(a.month) AS last_month,
       COUNT(DISTINCT a.month) AS months, SUM(a.amount_yuan) AS total_yuan,
       array_to_string(list_sort(list(DISTINCT
           CASE a.kind WHEN 'pension' THEN '基本养老金' WHEN 'subsistence' THEN '最低生活保障金'
                       WHEN 'elderly_allowance' THEN '高龄津贴' ELSE '残疾人补贴' END)), '、') AS kinds
FROM after_death AS a
GROUP BY a.person
