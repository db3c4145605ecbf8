/*
id: pil.repeat_violator
version: 1
title: 生态环境、食品药品领域屡罚屡犯
domain: pil
description: >-
  同一单位或个人在任意十二个月内因生态环境、食品或药品违法行为被行政处罚至少三次：
  行政处罚未能制止违法，可能损害社会公共利益，可考虑行政公益诉讼或诉前检察建议。
  证据列出该时间窗内的全部处罚。
legal_basis:
  - law: 行政诉讼法
    article: 第二十五条第四款
    text: 人民检察院在履行职责中发现生态环境和资源保护、食品药品安全、国有财产保护、国有土地使用权出让等领域负有监督管理职责的行政机关违法行使职权或者不作为，致使国家利益或者社会公共利益受到侵害的，应当向行政机关提出检察建议，督促其依法履行职责。
  - law: 最高人民法院、最高人民检察院关于检察公益诉讼案件适用法律若干问题的解释
    article: 第二十一条
parameters:
  n: {type: integer, default: 3, unit: 次, label: 时间窗内最少处罚次数, min: 2}
  window_months: {type: integer, default: 12, unit: 月, label: 时间窗, min: 1}
  fields: {type: list, default: [environment, food, drug], label: 领域}
subject: [party_key, party_name]
key: {table: subject, column: party_key}
evidence:
  - {table: admin_penalty, column: penalty_ids}
facts:
  window_start: 时间窗起日
  window_end: 时间窗止日
  penalties: 处罚次数
  fields: 领域
unit: unit_code
conclusion: >-
  {{ party_name }}在{{ window_start|cn_date }}至{{ window_end|cn_date }}期间因{{ fields|label }}领域的违法行为被行政处罚{{ penalties }}次，
  行政处罚未能制止违法，社会公共利益可能持续受到损害。
decisive: [penalties, window_start, window_end]
actions:
  - 调取各次行政处罚案卷，核实违法行为的内容、整改和罚款缴纳情况。
  - 现场核查违法行为是否仍在持续、公共利益是否仍受侵害。
  - 核实行政机关是否全面履行了监督管理职责（责令停产停业、吊销许可等）。
document:
  kind: pil_pre_litigation
  request: >-
    建议你单位依法全面履行监督管理职责，对{{ party_name }}的违法行为依法查处、督促整改到位，
    消除公共利益受损的状态，并将处理情况书面回复本院。
*/
WITH penalties AS (
    -- grouped by the person (or organisation); the clue's key stays the id number / code
    SELECT a.record_id, a.decided_at, a.unit_code, a.party_name, a.field,
           CASE WHEN a.party_type = 'org'
                THEN COALESCE(${person_key(a.org_code)}, ${person_key(a.party_id_number)})
                ELSE COALESCE(${person_key(a.party_id_number)}, ${person_key(a.org_code)})
           END AS party,
           CASE WHEN a.party_type = 'org'
                THEN COALESCE(NULLIF(TRIM(a.org_code), ''), NULLIF(TRIM(a.party_id_number), ''))
                ELSE COALESCE(NULLIF(TRIM(a.party_id_number), ''), NULLIF(TRIM(a.org_code), ''))
           END AS party_key
    FROM admin_penalty AS a
    WHERE a.field IN ${fields} AND a.decided_at <= ${as_of}
),
windows AS (
    SELECT s.party, s.record_id AS start_id, s.decided_at AS window_start,
           ${add_months(s.decided_at, ${window_months})} AS window_end,
           COUNT(*) AS penalties,
           array_to_string(list_sort(list(w.record_id)), ';') AS penalty_ids,
           array_to_string(list_sort(list(DISTINCT w.field)), '、') AS fields,
           MIN(w.party_key) AS party_key,
           MAX(w.party_name) AS party_name,
           MAX(w.unit_code) AS unit_code
    FROM penalties AS s
    JOIN penalties AS w
      ON w.party = s.party AND w.decided_at >= s.decided_at
     AND w.decided_at < ${add_months(s.decided_at, ${window_months})}
    WHERE s.party IS NOT NULL
    GROUP BY s.party, s.record_id, s.decided_at
),
ranked AS (
    SELECT windows.*,
           ROW_NUMBER() OVER (PARTITION BY party
                              ORDER BY penalties DESC, window_start, start_id) AS rn
    FROM windows
    WHERE penalties >= ${n}
)
SELECT party_key, party_name, unit_code, penalty_ids, window_start, window_end, penalties,
       fields
FROM ranked
-- a linked party known only by name has no key to anchor a clue on
WHERE rn = 1 AND party_key IS NOT NULL
