/*
id: execution.deceased_still_supervised
version: 2
title: 已死亡人员仍在矫或在押
domain: execution
description: >-
  死亡登记显示某人已于评估日前死亡，但死亡之后仍有其社区矫正在进行（在矫状态，或解矫、撤销
  日期在死亡之后，包括死亡以后才开始的矫正），或其收押记录在死亡之后仍有变化（死亡之后才入监、
  死亡之后仍作出减刑、假释、暂予监外执行裁定、死亡之后才释放）：“死人在矫”“死人在押”，
  执行信息失实，或存在冒名顶替。
legal_basis:
  - law: 社区矫正法
    article: 第四十五条
    text: 社区矫正对象被裁定撤销缓刑、假释，被决定收监执行，或者社区矫正对象死亡的，社区矫正终止。
  - law: 监狱法
    article: 第五十五条
    text: 罪犯在服刑期间死亡的，监狱应当立即通知罪犯家属和人民检察院、人民法院。
excludes:
  - 在押期间死亡、没有释放记录的罪犯：在押死亡不是“死人在押”（在押死亡由监狱依监狱法第五十五条通知检察院）。
  - 死亡后才结束矫正，但结束日期距死亡不超过参数规定天数（默认零日）的：项目可以设置通知时间。
  - 矫正止日之后才死亡的：矫正已经结束。
parameters:
  notice_days: {type: integer, default: 0, unit: 日, label: 死亡后终止矫正、登记释放的允许天数, min: 0}
subject: [name, id_number]
key: {table_column: key_table, column: key_id}
evidence:
  - {table: community_correction, column: correction_id}
  - {table: prisoner, column: prisoner_id}
  - {table: death_record, column: death_ids}
  - {table: execution_change, column: change_ids}
facts:
  died_at: 死亡日期
  supervised_since: 在矫（收押）起日
  reason: 死亡后仍有的记录
unit: unit_code
conclusion: >-
  {{ name }}已于{{ died_at|cn_date }}死亡，但其社区矫正或收押记录在死亡之后仍有变化（{{ reason }}），
  执行信息与死亡登记不符，可能存在信息失实或者冒名顶替。
decisive: [died_at, supervised_since]
actions:
  - 向公安机关户籍管理部门、医疗机构或殡葬管理机构核实死亡登记是否属实。
  - 调取社区矫正档案或罪犯收押档案，核实死亡之后的报到、考核、减刑假释、释放等记录由何人、依据何种材料作出。
  - 核查是否存在他人冒名顶替报到、虚假考核或者脱管漏管的情形。
document:
  kind: recommendation
  request: >-
    建议你单位对{{ name }}的社区矫正（收押）档案及死亡之后的各项记录进行全面核查，依法办理终止矫正或者
    注销手续；查明信息失实的原因，对相关责任人员依法依规处理，并完善与公安机关的死亡信息通报机制。
*/
WITH deaths AS (
    SELECT ${person_key(d.id_number)} AS person, MIN(d.died_at) AS died_at,
           array_to_string(list_sort(list(d.record_id)), ';') AS death_ids
    FROM death_record AS d
    WHERE d.died_at < ${as_of} AND ${person_key(d.id_number)} IS NOT NULL
    GROUP BY ${person_key(d.id_number)}
),
corrections AS (
    -- every period: one still active runs to as_of, an ended one to its end
    SELECT 'community_correction' AS key_table, c.record_id AS key_id,
           c.record_id AS correction_id, CAST(NULL AS VARCHAR) AS prisoner_id,
           CAST(NULL AS VARCHAR) AS change_ids,
           c.name, c.id_number, c.unit_code, c.start_at AS supervised_since,
           d.died_at, d.death_ids,
           CASE WHEN c.start_at > d.died_at THEN '死亡后开始社区矫正'
                WHEN c.status = 'active' THEN '仍在矫'
                ELSE '死亡后才解矫或撤销' END AS reason
    FROM community_correction AS c
    JOIN deaths AS d ON d.person = ${person_key(c.id_number)}
    WHERE (CASE WHEN c.status = 'active' THEN ${as_of} ELSE c.end_at END)
          > ${add_days(d.died_at, ${notice_days})}
),
after_death AS (
    -- rulings on a prisoner made after the death
    SELECT c.prisoner_id, MIN(c.ruled_at) AS ruled_at,
           array_to_string(list_sort(list(c.record_id)), ';') AS change_ids
    FROM execution_change AS c
    JOIN prisoner AS p ON p.record_id = c.prisoner_id
    JOIN deaths AS d ON d.person = ${person_key(p.id_number)}
    WHERE c.ruled_at > d.died_at
    GROUP BY c.prisoner_id
),
prisoners AS (
    SELECT 'prisoner' AS key_table, p.record_id AS key_id,
           CAST(NULL AS VARCHAR) AS correction_id, p.record_id AS prisoner_id, a.change_ids,
           p.name, p.id_number, p.unit_code, COALESCE(p.admitted_at, p.term_start)
               AS supervised_since,
           d.died_at, d.death_ids,
           concat_ws('；',
                     CASE WHEN p.admitted_at > d.died_at THEN '死亡后入监' END,
                     CASE WHEN a.prisoner_id IS NOT NULL THEN '死亡后作出刑罚变更裁定' END,
                     CASE WHEN p.released_at > ${add_days(d.died_at, ${notice_days})}
                          THEN '死亡后才释放' END) AS reason
    FROM prisoner AS p
    JOIN deaths AS d ON d.person = ${person_key(p.id_number)}
    LEFT JOIN after_death AS a ON a.prisoner_id = p.record_id
    WHERE p.admitted_at > d.died_at
       OR a.prisoner_id IS NOT NULL
       OR p.released_at > ${add_days(d.died_at, ${notice_days})}
)
SELECT key_table, key_id, correction_id, prisoner_id, change_ids, name, id_number, unit_code,
       supervised_since, died_at, death_ids, reason
FROM corrections
UNION ALL
SELECT key_table, key_id, correction_id, prisoner_id, change_ids, name, id_number, unit_code,
       supervised_since, died_at, death_ids, reason
FROM prisoners
