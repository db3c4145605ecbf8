/*
id: admin.rehab_not_delivered
version: 1
title: 强制隔离戒毒决定未送交执行
domain: admin
description: >-
  公安机关作出强制隔离戒毒决定后，超过期限（默认三十日）没有把被决定人送交强制隔离戒毒场所执行
  （没有送交日期，或送交日期在期限之后），其间被决定人既未被羁押、服刑，也未死亡，决定也未被撤销：
  强制隔离戒毒决定未依法执行，被决定人可能仍在社会上吸毒。
legal_basis:
  - law: 禁毒法
    article: 第四十条
    text: 公安机关对吸毒成瘾人员决定予以强制隔离戒毒的，应当制作强制隔离戒毒决定书，在执行强制隔离戒毒前送达被决定人，并在送达后二十四小时以内通知被决定人的家属、所在单位和户籍所在地公安派出所；
  - law: 禁毒法
    article: 第四十一条
    text: 对被决定予以强制隔离戒毒的人员，由作出决定的公安机关送强制隔离戒毒场所执行。
  - law: 禁毒法
    article: 第四十七条
    text: 强制隔离戒毒的期限为二年。
excludes:
  - 决定后送交期限内（默认三十日）被决定人被刑事拘留、逮捕或在监狱服刑的：应先执行刑事羁押或刑罚，出狱后未送交执行的由“出狱后强制隔离戒毒决定未执行”模型提示。
  - 决定在送交期限内被撤销的（行政复议、行政诉讼撤销）：不提示。
  - 被决定人在送交期限届满前死亡的：不提示。
  - 送交期限尚未届满的：不提示。
  - 怀孕或者正在哺乳自己不满一周岁婴儿的妇女依法不适用强制隔离戒毒（禁毒法第三十九条）：数据中无此信息，核实时注意；此类决定本身应当纠正。
parameters:
  days: {type: integer, default: 30, unit: 日, label: 决定后送交执行期限, min: 0}
subject: [name, id_number]
key: {table: rehab_decision, column: decision_id}
evidence:
  - {table: rehab_decision, column: decision_id}
facts:
  agency: 决定机关
  decided_at: 决定日期
  deadline: 送交期限届满日
  delivered_at: 送交戒毒场所日期
  days_late: 超期天数
unit: unit_code
conclusion: >-
  {{ agency or '公安机关' }}于{{ decided_at|cn_date }}决定对{{ name }}强制隔离戒毒，
  {% if delivered_at %}迟至{{ delivered_at|cn_date }}才送交强制隔离戒毒场所执行{% else %}至今未送交强制隔离戒毒场所执行{% endif %}，
  超过送交期限{{ days_late|num }}日。
decisive: [decided_at, deadline, delivered_at]
checked:
  - {table: prisoner, label: 罪犯收押记录, agency: 监狱管理局, since: decided_at, until: deadline}
  - {table: coercive_measure, label: 刑事拘留、逮捕记录, agency: 公安机关, since: decided_at, until: deadline}
actions:
  - 调取强制隔离戒毒决定书及送达回执，核实决定是否已送达被决定人、是否已通知家属。
  - 向强制隔离戒毒所核实被决定人是否已入所执行及入所日期。
  - 核实被决定人是否因怀孕、哺乳、严重疾病等依法不予收治，是否另行采取社区戒毒等措施，是否在逃。
document:
  kind: correction_notice
  request: >-
    要求你单位依法将{{ name }}送交强制隔离戒毒场所执行；被决定人下落不明的，依法采取措施查找，
    并对决定作出后长期未执行的原因进行核查。
*/
WITH decision AS (
    SELECT r.record_id AS decision_id, r.name, r.id_number, r.unit_code, r.agency,
           r.decided_at, r.delivered_at, r.revoked_at,
           ${person_key(r.id_number)} AS person,
           ${add_days(r.decided_at, ${days})} AS deadline
    FROM rehab_decision AS r
    WHERE ${add_days(r.decided_at, ${days})} < ${as_of}
      AND COALESCE(r.delivered_at > ${add_days(r.decided_at, ${days})}, TRUE)
      AND COALESCE(r.revoked_at > ${add_days(r.decided_at, ${days})}, TRUE)
),
held AS (
    -- in prison, or in criminal detention or under arrest, during the delivery period
    SELECT d.decision_id
    FROM decision AS d
    JOIN prisoner AS q ON ${person_key(q.id_number)} = d.person
    WHERE q.admitted_at <= d.deadline
      AND COALESCE(q.released_at, q.term_end, d.deadline) >= d.decided_at
    UNION ALL
    SELECT d.decision_id
    FROM decision AS d
    JOIN coercive_measure AS m ON ${person_key(m.id_number)} = d.person
    WHERE m.measure IN ('detention', 'arrest') AND m.start_at <= d.deadline
      AND COALESCE(m.end_at, d.deadline) >= d.decided_at
    UNION ALL
    SELECT d.decision_id
    FROM decision AS d
    JOIN death_record AS x ON ${person_key(x.id_number)} = d.person
    WHERE x.died_at <= d.deadline
)
SELECT d.decision_id, d.name, d.id_number, d.unit_code, d.agency, d.decided_at, d.deadline,
       d.delivered_at,
       ${days_between(d.deadline, COALESCE(d.delivered_at, ${as_of}))} AS days_late
FROM decision AS d
WHERE NOT EXISTS (SELECT 1 FROM held AS h WHERE h.decision_id = d.decision_id)
