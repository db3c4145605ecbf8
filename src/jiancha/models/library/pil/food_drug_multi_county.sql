/*
id: pil.food_drug_multi_county
version: 1
title: 食品药品违法多地受罚均未移送
domain: pil
description: >-
  同一生产经营者在任意二十四个月内因食品或药品违法行为被三个以上县（区）的执法机关分别行政处罚，
  各地处罚均未移送公安机关：违法行为跨地域、持续发生，各地只罚不移、以罚代刑的可能较大，
  食品药品安全公共利益受到侵害，可考虑行政公益诉讼诉前检察建议并监督移送。证据列出该时间窗内的全部处罚。
legal_basis:
  - law: 行政诉讼法
    article: 第二十五条第四款
    text: 人民检察院在履行职责中发现生态环境和资源保护、食品药品安全、国有财产保护、国有土地使用权出让等领域负有监督管理职责的行政机关违法行使职权或者不作为，致使国家利益或者社会公共利益受到侵害的，应当向行政机关提出检察建议，督促其依法履行职责。
  - law: 行政执法机关移送涉嫌犯罪案件的规定
    article: 第三条第一款
    text: 行政执法机关在依法查处违法行为过程中，发现违法事实涉及的金额、违法事实的情节、违法事实造成的后果等，根据刑法关于破坏社会主义市场经济秩序罪、妨害社会管理秩序罪等罪的规定和最高人民法院、最高人民检察院关于破坏社会主义市场经济秩序罪、妨害社会管理秩序罪等罪的司法解释以及最高人民检察院、公安部关于经济犯罪案件的追诉标准等规定，涉嫌构成犯罪，依法需要追究刑事责任的，必须依照本规定向公安机关移送。
excludes:
  - 时间窗内任一处罚已移送公安机关的：已进入刑事程序，不提示。
  - 只在一个或两个县（区）受罚的：同一地区屡罚屡犯由“生态环境、食品药品领域屡罚屡犯”模型提示。
  - 处罚间隔超出时间窗的：不计入同一时间窗。
parameters:
  counties: {type: integer, default: 3, unit: 个, label: 最少县（区）数, min: 2}
  window_months: {type: integer, default: 24, unit: 月, label: 时间窗, min: 1}
subject: [party_key, party_name]
key: {table: subject, column: party_key}
evidence:
  - {table: admin_penalty, column: penalty_ids}
facts:
  window_start: 时间窗起日
  window_end: 时间窗止日
  counties: 处罚地县（区）数
  penalties: 处罚次数
  total_amount_yuan: 涉案金额合计
unit: unit_code
conclusion: >-
  {{ party_name }}在{{ window_start|cn_date }}至{{ window_end|cn_date }}期间因食品药品违法行为
  被{{ counties }}个县（区）的执法机关处罚{{ penalties }}次，涉案金额合计{{ total_amount_yuan|yuan }}，均未移送公安机关。
decisive: [counties, penalties, total_amount_yuan]
checked:
  - {table: admin_penalty, label: 行政执法与刑事司法衔接平台移送记录, agency: 行政执法机关, since: window_start, until: window_end}
actions:
  - 调取各地处罚卷宗，核实违法主体同一、产品同一及生产销售金额。
  - 核算跨地区累计的生产、销售金额和危害后果，判断是否涉嫌生产、销售伪劣商品犯罪。
  - 与相关县（区）检察院协作，共同督促市场监管部门移送并开展源头治理。
document:
  kind: pil_pre_litigation
  request: >-
    建议你单位会同相关县（区）市场监督管理部门，对{{ party_name }}的违法生产经营行为依法查处到位，
    涉嫌犯罪的及时移送公安机关，并加强对其产品的监督抽检和跨区域协作监管。
*/
WITH penalties AS (
    SELECT a.record_id, a.decided_at, a.unit_code, a.party_name, a.transferred_at, a.amount_yuan,
           CASE WHEN a.party_type = 'org'
                THEN COALESCE(${person_key(a.org_code)}, ${person_key(a.party_id_number)})
                ELSE COALESCE(${person_key(a.party_id_number)}, ${person_key(a.org_code)})
           END AS party,
           CASE WHEN a.party_type = 'org'
                THEN COALESCE(NULLIF(TRIM(a.org_code), ''), NULLIF(TRIM(a.party_id_number), ''))
                ELSE COALESCE(NULLIF(TRIM(a.party_id_number), ''), NULLIF(TRIM(a.org_code), ''))
           END AS party_key
    FROM admin_penalty AS a
    WHERE a.field IN ('food', 'drug') AND a.decided_at <= ${as_of}
),
windows AS (
    SELECT s.party, s.record_id AS start_id, s.decided_at AS window_start,
           ${add_months(s.decided_at, ${window_months})} AS window_end,
           COUNT(*) AS penalties,
           COUNT(DISTINCT w.unit_code) AS counties,
           COUNT(w.transferred_at) AS transferred,
           SUM(COALESCE(w.amount_yuan, 0)) AS total_amount_yuan,
           array_to_string(list_sort(list(w.record_id)), ';') AS penalty_ids,
           MIN(w.party_key) AS party_key,
           MAX(w.party_name) AS party_name,
           MIN(w.unit_code) AS unit_code
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
                              ORDER BY counties DESC, penalties DESC, window_start, start_id) AS rn
    FROM windows
    WHERE counties >= ${counties} AND transferred = 0
)
SELECT party_key, party_name, unit_code, penalty_ids, window_start, window_end, counties,
       penalties, total_amount_yuan
FROM ranked
WHERE rn = 1 AND party_key IS NOT NULL
