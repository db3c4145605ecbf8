/*
id: admin.rehab_unserved_after_prison
version: 1
title: 出狱后强制隔离戒毒决定未执行
domain: admin
description: >-
  被决定强制隔离戒毒的人在决定时正在服刑（或在送交期限内入狱），强制隔离戒毒未能先行执行；
  刑满或假释出狱后超过期限（默认三十日）仍未送交强制隔离戒毒场所执行，决定也未被撤销：
  刑罚执行与强制隔离戒毒衔接脱节，吸毒成瘾人员出狱后未接受戒毒。
legal_basis:
  - law: 禁毒法
    article: 第四十一条
    text: 对被决定予以强制隔离戒毒的人员，由作出决定的公安机关送强制隔离戒毒场所执行。
  - law: 禁毒法
    article: 第四十七条
    text: 强制隔离戒毒的期限为二年。
excludes:
  - 出狱前已经送交戒毒场所执行的（入狱前已执行）：不提示。
  - 决定被撤销的：不提示。
  - 出狱后送交期限（默认三十日）尚未届满，或出狱后在期限内死亡的：不提示。
  - 决定作出时既未服刑、送交期限内也未入狱的：由“强制隔离戒毒决定未送交执行”模型提示。
parameters:
  days: {type: integer, default: 30, unit: 日, label: 出狱后送交执行期限, min: 0}
subject: [name, id_number]
key: {table: rehab_decision, column: decision_id}
evidence:
  - {table: rehab_decision, column: decision_id}
  - {table: prisoner, column: prisoner_id}
facts:
  agency: 决定机关
  decided_at: 决定日期
  admitted_at: 收监日期
  released_at: 出狱日期
  deadline: 出狱后送交期限届满日
  delivered_at: 送交戒毒场所日期
unit: unit_code
conclusion: >-
  {{ agency or '公安机关' }}于{{ decided_at|cn_date }}决定对{{ name }}强制隔离戒毒，其时{{ name }}在监狱服刑
  （{{ admitted_at|cn_date }}收监），{{ released_at|cn_date }}出狱后至{{ deadline|cn_date }}
  {% if delivered_at %}仍未送交，迟至{{ delivered_at|cn_date }}才送交强制隔离戒毒场所执行{% else %}仍未送交强制隔离戒毒场所执行{% endif %}。
decisive: [decided_at, released_at, deadline]
actions:
  - 调取强制隔离戒毒决定书，核实决定作出时被决定人的羁押、服刑状态。
  - 向监狱核实出狱前是否通知决定机关办理衔接，向强制隔离戒毒所核实是否已入所执行。
  - 核实被决定人出狱后的去向，剩余戒毒期限，是否另行采取社区戒毒、社区康复措施。
document:
  kind: correction_notice
  request: >-
    要求你单位依法将{{ name }}送交强制隔离戒毒场所执行剩余戒毒期限，并与监狱建立刑满释放人员
    强制隔离戒毒衔接机制。
*/
WITH decision AS (
    SELECT r.record_id AS decision_id, r.name, r.id_number, r.unit_code, r.agency,
           r.decided_at, r.delivered_at, ${person_key(r.id_number)} AS person
    FROM rehab_decision AS r
    WHERE COALESCE(r.revoked_at > ${as_of}, TRUE)
),
served AS (
    -- imprisoned at the decision or within the delivery period, released after it
    SELECT d.*, q.record_id AS prisoner_id, q.admitted_at, q.released_at,
           ${add_days(q.released_at, ${days})} AS deadline,
           ROW_NUMBER() OVER (PARTITION BY d.decision_id
                              ORDER BY q.released_at, q.record_id) AS rn
    FROM decision AS d
    JOIN prisoner AS q ON ${person_key(q.id_number)} = d.person
    WHERE q.admitted_at <= ${add_days(d.decided_at, ${days})}
      AND q.released_at >= d.decided_at
      AND ${add_days(q.released_at, ${days})} < ${as_of}
      AND COALESCE(d.delivered_at > ${add_days(q.released_at, ${days})}, TRUE)
),
died AS (
    SELECT DISTINCT s.decision_id
    FROM served AS s
    JOIN death_record AS x ON ${person_key(x.id_number)} = s.person
    WHERE x.died_at <= s.deadline
)
SELECT s.decision_id, s.prisoner_id, s.name, s.id_number, s.unit_code, s.agency, s.decided_at,
       s.admitted_at, s.released_at, s.deadline, s.delivered_at
FROM served AS s
WHERE s.rn = 1 AND NOT EXISTS (SELECT 1 FROM died AS x WHERE x.decision_id = s.decision_id)
