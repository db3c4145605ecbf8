/*
id: execution.deceased_still_supervised
version: 1
title: 已死亡人员仍在矫或在押
domain: execution
description: >-
  死亡登记显示某人已于评估日前死亡，但其社区矫正仍为在矫状态，或其收押记录没有释放
  （“死人在矫”“死人在押”）：执行信息失实，或存在冒名顶替。
legal_basis:
  - law: 社区矫正法
    article: 第四十五条
    text: 社区矫正对象矫正期满或者被赦免的，或者社区矫正对象死亡的，社区矫正终止。
  - law: 监狱法
    article: 第五十五条
subject: [name, id_number]
key: {table_column: key_table, column: key_id}
evidence:
  - {table: community_correction, column: correction_id}
  - {table: prisoner, column: prisoner_id}
  - {table: death_record, column: death_ids}
facts:
  died_at: 死亡日期
  supervised_since: 在矫（收押）起日
unit: unit_code
*/
WITH deaths AS (
    SELECT ${person_key(d.id_number)} AS person, MIN(d.died_at) AS died_at,
           array_to_string(list_sort(list(d.record_id)), ';') AS death_ids
    FROM death_record AS d
    WHERE d.died_at < ${as_of} AND ${person_key(d.id_number)} IS NOT NULL
    GROUP BY ${person_key(d.id_number)}
),
corrections AS (
    SELECT 'community_correction' AS key_table, c.record_id AS key_id,
           c.record_id AS correction_id, CAST(NULL AS VARCHAR) AS prisoner_id,
           c.name, c.id_number, c.unit_code, c.start_at AS supervised_since,
           d.died_at, d.death_ids
    FROM community_correction AS c
    JOIN deaths AS d ON d.person = ${person_key(c.id_number)}
    WHERE c.status = 'active'
),
prisoners AS (
    SELECT 'prisoner' AS key_table, p.record_id AS key_id,
           CAST(NULL AS VARCHAR) AS correction_id, p.record_id AS prisoner_id,
           p.name, p.id_number, p.unit_code, COALESCE(p.admitted_at, p.term_start)
               AS supervised_since,
           d.died_at, d.death_ids
    FROM prisoner AS p
    JOIN deaths AS d ON d.person = ${person_key(p.id_number)}
    WHERE p.released_at IS NULL OR p.released_at > ${as_of}
)
SELECT key_table, key_id, correction_id, prisoner_id, name, id_number, unit_code,
       supervised_since, died_at, death_ids
FROM corrections
UNION ALL
SELECT key_table, key_id, correction_id, prisoner_id, name, id_number, unit_code,
       supervised_since, died_at, death_ids
FROM prisoners
