/*
id: custody.too_many_returns
version: 2
title: 退回补充侦查超过两次
domain: custody
description: 同一案件退回补充侦查超过两次（刑事诉讼法规定补充侦查以二次为限）。
legal_basis:
  - law: 刑事诉讼法
    article: 第一百七十五条第三款
    text: 对于补充侦查的案件，应当在一个月以内补充侦查完毕。补充侦查以二次为限。
  - law: 人民检察院刑事诉讼规则
    article: 第三百五十条
    text: 改变管辖前后退回补充侦查的次数总共不得超过二次。
  - law: 监察法
    article: 第五十四条
    text: 对于补充调查的案件，应当在一个月内补充调查完毕。补充调查以二次为限。
parameters:
  max_returns: {type: integer, default: 2, unit: 次, label: 退回补充侦查次数上限, min: 0}
excludes:
  - 审判阶段人民检察院建议延期审理进行的补充侦查（刑事诉讼法第二百零四条）不是审查起诉阶段的退回补充侦查，不计入次数。
subject: [case_id]
key: {table: criminal_case, column: case_id}
evidence:
  - {table: procedural_event, column: return_ids}
facts:
  returns: 退回补充侦查次数
  max_returns: 次数上限
unit: unit_code
conclusion: >-
  案件{{ case_id }}在审查起诉阶段已退回补充侦查{{ returns }}次，超过补充侦查以{{ max_returns }}次为限的规定。
decisive: [returns, max_returns]
actions:
  - 调取各次退回补充侦查决定书和重新移送审查起诉的记录，核实退回次数。
  - 区分审判阶段建议延期审理进行的补充侦查，不计入审查起诉阶段的次数。
  - 了解超过次数退回的原因和审批情况。
document:
  kind: correction_notice
  request: >-
    请依法纠正对案件{{ case_id }}超过法定次数退回补充侦查的做法，依法作出起诉或者不起诉的决定，并书面回复。
*/
WITH returns AS (
    SELECT e.case_id,
           COUNT(*) AS returns,
           MAX(e.unit_code) AS event_unit,
           array_to_string(list_sort(list(e.record_id)), ';') AS return_ids
    FROM procedural_event AS e
    WHERE e.event = 'returned_for_investigation' AND e.at <= ${as_of}
    GROUP BY e.case_id
)
SELECT r.case_id, COALESCE(c.unit_code, r.event_unit) AS unit_code, r.return_ids,
       r.returns, ${max_returns} AS max_returns
FROM returns AS r
LEFT JOIN criminal_case AS c ON c.record_id = r.case_id
WHERE r.returns > ${max_returns}
