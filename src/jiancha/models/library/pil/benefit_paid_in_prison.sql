/*
id: pil.benefit_paid_in_prison
version: 1
title: 服刑期间仍领取养老金、低保等待遇
domain: pil
description: >-
  罪犯收监服刑期间，社会保障待遇发放记录显示仍按月向其本人发放基本养老金、最低生活保障金、
  高龄津贴或残疾人补贴。只计整月都在监内的月份（收监当月、出监当月不计）；出监以监狱释放、
  假释或暂予监外执行裁定中最早者为准，没有释放记录的以刑期止日为准。社会保障基金流失，
  负有监督管理职责的社会保险经办机构、民政部门未依法停发、追回，可考虑行政公益诉讼诉前检察建议。
legal_basis:
  - law: 劳动和社会保障部办公厅关于退休人员被判刑后有关养老保险待遇问题的复函（劳社厅函〔2001〕44号）
    article: 正文
    text: 离退休人员被判处拘役、有期徒刑及以上刑罚或被劳动教养的，服刑或劳动教养期间停发基本养老金，服刑或劳动教养期满后可以按规定继续发给基本养老金，但服刑或劳动教养期间不补发基本养老金。离退休人员被判处管制、有期徒刑宣告缓刑和监外执行的，可以继续发给基本养老金，但不参与基本养老金调整。
  - law: 社会救助暂行办法
    article: 第十三条
    text: 最低生活保障家庭的人口状况、收入状况、财产状况发生变化的，应当及时告知乡镇人民政府、街道办事处。县级人民政府民政部门以及乡镇人民政府、街道办事处应当对获得最低生活保障家庭的人口状况、收入状况、财产状况定期核查。最低生活保障家庭的人口状况、收入状况、财产状况发生变化的，县级人民政府民政部门应当及时决定增发、减发或者停发最低生活保障金；决定停发最低生活保障金的，应当书面说明理由。
  - law: 行政诉讼法
    article: 第二十五条第四款
    text: 人民检察院在履行职责中发现生态环境和资源保护、食品药品安全、国有财产保护、国有土地使用权出让等领域负有监督管理职责的行政机关违法行使职权或者不作为，致使国家利益或者社会公共利益受到侵害的，应当向行政机关提出检察建议，督促其依法履行职责。
excludes:
  - 判处管制、宣告缓刑的：不收监，可以继续领取基本养老金。
  - 暂予监外执行、假释出监以后的月份：已不在监内服刑，不计入。
  - 收监当月和出监当月：该月不是整月在监内，不计入。
  - 判决前的刑事拘留、逮捕羁押期间：不是服刑，不计入。
  - 服刑以前各月的待遇在服刑期间补发的：所属月份不在服刑期间，不计入。
parameters:
  kinds: {type: list, default: [pension, subsistence, elderly_allowance, disability_allowance], label: 待遇类别}
subject: [name, recipient_key]
key: {table: subject, column: recipient_key}
evidence:
  - {table: prisoner, column: prisoner_ids}
  - {table: benefit_payment, column: payment_ids}
facts:
  admitted_at: 收监日期
  left_at: 出监日期
  first_month: 在监期间首个发放月份
  last_month: 在监期间最后发放月份
  months: 在监期间发放月数
  total_yuan: 在监期间发放金额
  kinds: 待遇类别
unit: unit_code
conclusion: >-
  {{ name }}于{{ admitted_at|cn_date }}收监服刑，{{ left_at|cn_date }}出监，服刑期间仍被发放{{ kinds }}
  {{ months }}个月（{{ first_month|cn_month }}至{{ last_month|cn_month }}），共计{{ total_yuan|yuan }}。
decisive: [admitted_at, left_at, months, total_yuan]
actions:
  - 向监狱核实罪犯收监、出监的确切日期及期间是否有暂予监外执行、假释。
  - 向社会保险经办机构、民政部门调取待遇发放明细和领取账户，核实资金实际去向及是否已追回。
  - 核实是否有冒领、代领情形，涉嫌诈骗的移送公安机关。
document:
  kind: pil_pre_litigation
  request: >-
    建议你单位依法停发{{ name }}服刑期间的{{ kinds }}，追回已发放的{{ total_yuan|yuan }}，
    并对同类情形开展排查，健全与监狱、法院的信息比对机制。
*/
WITH prisoners AS (
    SELECT p.record_id AS prisoner_id, p.name, p.id_number, ${person_key(p.id_number)} AS person,
           p.unit_code, p.admitted_at,
           COALESCE(p.released_at, p.term_end, ${as_of}) AS released_at
    FROM prisoner AS p
    WHERE p.admitted_at IS NOT NULL AND p.admitted_at <= ${as_of}
),
first_out AS (
    -- the earliest parole or medical parole ruled after admission: the prisoner left then
    SELECT s.prisoner_id, MIN(c.ruled_at) AS ruled_at
    FROM prisoners AS s
    JOIN execution_change AS c
      ON ${person_key(c.id_number)} = s.person AND c.kind IN ('parole', 'medical_parole')
     AND c.ruled_at >= s.admitted_at
    GROUP BY s.prisoner_id
),
stays AS (
    SELECT s.prisoner_id, s.name, s.person, s.unit_code, s.admitted_at,
           LEAST(s.released_at, COALESCE(o.ruled_at, s.released_at), ${as_of}) AS left_at
    FROM prisoners AS s
    LEFT JOIN first_out AS o ON o.prisoner_id = s.prisoner_id
),
payments AS (
    SELECT b.record_id, b.id_number, ${person_key(b.id_number)} AS person, b.kind, b.month,
           b.amount_yuan, TRY_CAST(b.month || '-01' AS DATE) AS month_start
    FROM benefit_payment AS b
    WHERE b.kind IN ${kinds}
),
inside AS (
    -- a month counts when all of it lies inside the stay
    SELECT s.prisoner_id, s.person, s.name, s.unit_code, s.admitted_at, s.left_at,
           b.record_id, b.id_number, b.kind, b.month, b.amount_yuan
    FROM stays AS s
    JOIN payments AS b
      ON b.person = s.person
     AND b.month_start > s.admitted_at
     AND LAST_DAY(b.month_start) < s.left_at
)
SELECT MIN(TRIM(i.id_number)) AS recipient_key, MAX(i.name) AS name, MAX(i.unit_code) AS unit_code,
       array_to_string(list_sort(list(DISTINCT i.prisoner_id)), ';') AS prisoner_ids,
       array_to_string(list_sort(list(i.record_id)), ';') AS payment_ids,
       MIN(i.admitted_at) AS admitted_at, MAX(i.left_at) AS left_at,
       MIN(i.month) AS first_month, MAX(i.month) AS last_month,
       COUNT(DISTINCT i.month) AS months, SUM(i.amount_yuan) AS total_yuan,
       array_to_string(list_sort(list(DISTINCT
           CASE i.kind WHEN 'pension' THEN '基本养老金' WHEN 'subsistence' THEN '最低生活保障金'
                       WHEN 'elderly_allowance' THEN '高龄津贴' ELSE '残疾人补贴' END)), '、') AS kinds
FROM inside AS i
GROUP BY i.person
