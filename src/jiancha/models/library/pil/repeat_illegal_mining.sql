/*
id: pil.repeat_illegal_mining
version: 1
title: 二年内两次因非法采矿受罚又非法采矿未移送
domain: pil
description: >-
  同一单位或个人二年内曾因非法采矿（含非法采砂）受过两次以上行政处罚，又因非法采矿被行政处罚，
  而这次处罚没有移送公安机关，也没有以非法采矿立案的受案记录：依两高解释属于非法采矿“情节严重”，
  涉嫌非法采矿罪，以罚代刑；矿产资源持续受到破坏，可考虑立案监督和行政公益诉讼诉前检察建议。
  二年按这次处罚日期往前计算；前两次处罚须在这次处罚以前作出。
legal_basis:
  - law: 最高人民法院、最高人民检察院关于办理非法采矿、破坏性采矿刑事案件适用法律若干问题的解释
    article: 第三条第一款第三项
    text: 实施非法采矿行为，具有下列情形之一的，应当认定为刑法第三百四十三条第一款规定的“情节严重”：……（三）二年内曾因非法采矿受过两次以上行政处罚，又实施非法采矿行为的；
  - law: 刑法
    article: 第三百四十三条第一款
    text: 违反矿产资源法的规定，未取得采矿许可证擅自采矿，擅自进入国家规划矿区、对国民经济具有重要价值的矿区和他人矿区范围采矿，或者擅自开采国家规定实行保护性开采的特定矿种，情节严重的，处三年以下有期徒刑、拘役或者管制，并处或者单处罚金；情节特别严重的，处三年以上七年以下有期徒刑，并处罚金。
  - law: 行政执法机关移送涉嫌犯罪案件的规定
    article: 第三条第一款
    text: 行政执法机关在依法查处违法行为过程中，发现违法事实涉及的金额、违法事实的情节、违法事实造成的后果等，根据刑法关于破坏社会主义市场经济秩序罪、妨害社会管理秩序罪等罪的规定和最高人民法院、最高人民检察院关于破坏社会主义市场经济秩序罪、妨害社会管理秩序罪等罪的司法解释以及最高人民检察院、公安部关于经济犯罪案件的追诉标准等规定，涉嫌构成犯罪，依法需要追究刑事责任的，必须依照本规定向公安机关移送。
excludes:
  - 前两次处罚不都在这次处罚前二年以内的：不符合“二年内两次以上”。
  - 这次处罚已移送公安机关的：已进入刑事程序。
  - 这次处罚以后公安机关已以非法采矿受案的：已进入刑事程序。
  - 同一天作出的处罚：不是“受过处罚以后又实施”，不计为前次处罚。
parameters:
  priors: {type: integer, default: 2, unit: 次, label: 二年内此前处罚次数, min: 1}
  years: {type: integer, default: 2, unit: 年, label: 回溯期间, min: 1}
subject: [party_name, party_key]
key: {table: admin_penalty, column: penalty_id}
evidence:
  - {table: admin_penalty, column: penalty_ids}
facts:
  decided_at: 本次处罚日期
  window_start: 回溯起日
  prior_penalties: 二年内此前处罚次数
  agency: 执法机关
unit: unit_code
conclusion: >-
  {{ party_name }}于{{ window_start|cn_date }}以后二年内已因非法采矿受过{{ prior_penalties }}次行政处罚，
  {{ decided_at|cn_date }}又因非法采矿被{{ agency }}处罚，该案未移送公安机关。
decisive: [decided_at, window_start, prior_penalties]
checked:
  - {table: case_report, label: 公安机关受案登记（非法采矿）, agency: 公安机关, since: decided_at}
actions:
  - 调取三次行政处罚卷宗，核实违法主体同一、违法行为均为非法采矿（采砂）及处罚决定已生效。
  - 核实本次非法采矿的时间、地点、开采矿产品价值及对生态环境的损害。
  - 向公安机关了解是否已另案受理；未受理的，依法监督行政执法机关移送。
document:
  kind: pil_pre_litigation
  request: >-
    建议你单位依照《行政执法机关移送涉嫌犯罪案件的规定》将{{ party_name }}涉嫌非法采矿罪一案移送公安机关，
    依法责令其修复受损的矿产资源和生态环境，并加强对非法采矿（采砂）的日常巡查监管。
*/
WITH penalties AS (
    SELECT a.record_id, a.decided_at, a.unit_code, a.party_name, a.agency, a.transferred_at,
           CASE WHEN a.party_type = 'org'
                THEN COALESCE(${person_key(a.org_code)}, ${person_key(a.party_id_number)})
                ELSE COALESCE(${person_key(a.party_id_number)}, ${person_key(a.org_code)})
           END AS party,
           CASE WHEN a.party_type = 'org'
                THEN COALESCE(NULLIF(TRIM(a.org_code), ''), NULLIF(TRIM(a.party_id_number), ''))
                ELSE COALESCE(NULLIF(TRIM(a.party_id_number), ''), NULLIF(TRIM(a.org_code), ''))
           END AS party_key
    FROM admin_penalty AS a
    WHERE a.violation = 'illegal_mining' AND a.decided_at <= ${as_of}
),
repeated AS (
    SELECT p.record_id AS penalty_id, p.party, p.party_key, p.party_name, p.agency, p.unit_code,
           p.decided_at, ${add_months(p.decided_at, -12 * ${years})} AS window_start,
           COUNT(*) AS prior_penalties,
           array_to_string(list_sort(list(q.record_id)), ';') AS prior_ids
    FROM penalties AS p
    JOIN penalties AS q
      ON q.party = p.party AND q.decided_at < p.decided_at
     AND q.decided_at >= ${add_months(p.decided_at, -12 * ${years})}
    WHERE p.party IS NOT NULL AND p.transferred_at IS NULL
    GROUP BY p.record_id, p.party, p.party_key, p.party_name, p.agency, p.unit_code, p.decided_at
    HAVING COUNT(*) >= ${priors}
),
reported AS (
    SELECT DISTINCT r.penalty_id
    FROM repeated AS r
    JOIN case_report AS c
      ON ${person_key(c.suspect_id_number)} = r.party AND c.received_at >= r.decided_at
     AND c.offense LIKE '%采矿%'
)
SELECT r.penalty_id, r.party_key, r.party_name, r.agency, r.unit_code, r.decided_at,
       r.window_start, r.prior_penalties, r.prior_ids || ';' || r.penalty_id AS penalty_ids
FROM repeated AS r
WHERE r.party_key IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM reported AS x WHERE x.penalty_id = r.penalty_id)
