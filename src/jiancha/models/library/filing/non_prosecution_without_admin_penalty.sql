/*
id: filing.non_prosecution_without_admin_penalty
version: 2
title: 不起诉后未移送行政处罚（行刑反向衔接）
domain: filing
description: >-
  检察机关对某人作出酌定不起诉决定后九十日内，没有对同一人作出行政处罚的记录：
  对不起诉人需要给予行政处罚的，应当提出检察意见移送主管机关处理。
legal_basis:
  - law: 刑事诉讼法
    article: 第一百七十七条第二款
    text: 对于犯罪情节轻微，依照刑法规定不需要判处刑罚或者免除刑罚的，人民检察院可以作出不起诉决定。
  - law: 刑事诉讼法
    article: 第一百七十七条第三款
    text: 对被不起诉人需要给予行政处罚、处分或者需要没收其违法所得的，人民检察院应当提出检察意见，移送有关主管机关处理。有关主管机关应当将处理结果及时通知人民检察院。
  - law: 人民检察院刑事诉讼规则
    article: 第三百七十三条
parameters:
  days: {type: integer, default: 90, unit: 日, label: 行政处罚衔接期限, min: 1}
excludes:
  - 只提示酌定不起诉（刑事诉讼法第一百七十七条第二款）：行为已构成犯罪、情节轻微而不起诉的，才通常需要移送行政处罚。
  - 法定不起诉（第一百七十七条第一款：没有犯罪事实或有第十六条情形）、存疑不起诉（第一百七十五条第四款：证据不足）、附条件不起诉（第二百八十二条：未成年人考验期）不提示。
  - 不起诉类型未记录的不提示：类型未知时不能认定属于酌定不起诉，未知不使线索比法律更严；请在诉讼环节数据中补充“不起诉类型”。
  - 没有当事人身份证号的不起诉记录无法核对行政处罚，不提示。
subject: [name, id_number, case_id]
key: {table: procedural_event, column: event_id}
evidence:
  - {table: procedural_event, column: event_id}
facts:
  non_prosecution_at: 不起诉日期
  deadline: 期限届满日
  limit_days: 期限（日）
unit: unit_code
conclusion: >-
  检察机关于{{ non_prosecution_at|cn_date }}对{{ name }}（案件{{ case_id }}）作出酌定不起诉决定，
  至{{ deadline|cn_date }}已逾{{ limit_days }}日，没有对其作出行政处罚的记录。
decisive: [non_prosecution_at, deadline]
checked:
  - {table: admin_penalty, label: 行政处罚记录, agency: 行政执法机关, since: non_prosecution_at, until: deadline}
actions:
  - 调取不起诉决定书，核实是否属于酌定不起诉、是否需要对被不起诉人给予行政处罚（处分）或没收违法所得。
  - 核实是否已提出检察意见并移送有关主管机关，了解主管机关的处理进度。
  - 核实被不起诉人是否已在其他地区或由其他机关受到行政处罚。
document:
  kind: recommendation
  request: >-
    建议你单位依法对被不起诉人{{ name }}的违法行为作出行政处罚（处理），并将处理结果书面回复本院。
*/
WITH decision AS (
    SELECT e.record_id AS event_id, e.case_id, e.name, e.id_number,
           ${person_key(e.id_number)} AS person, e.unit_code,
           e.at AS non_prosecution_at, ${add_days(e.at, ${days})} AS deadline
    FROM procedural_event AS e
    WHERE e.event = 'non_prosecution'
      -- 刑诉法 177 ¶2 only; an unknown kind is not assumed to be it
      AND e.detail = 'discretionary'
      AND ${person_key(e.id_number)} IS NOT NULL
      -- only once the period has run out
      AND ${add_days(e.at, ${days})} < ${as_of}
),
penalised AS (
    SELECT DISTINCT d.event_id
    FROM decision AS d
    JOIN admin_penalty AS a
      ON ${person_key(a.party_id_number)} = d.person
     AND a.decided_at >= d.non_prosecution_at AND a.decided_at <= d.deadline
)
SELECT d.event_id, d.case_id, d.name, d.id_number, d.unit_code, d.non_prosecution_at,
       d.deadline, ${days} AS limit_days
FROM decision AS d
WHERE NOT EXISTS (SELECT 1 FROM penalised AS p WHERE p.event_id = d.event_id)
