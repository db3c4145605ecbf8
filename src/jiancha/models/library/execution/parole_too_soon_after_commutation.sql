/*
id: execution.parole_too_soon_after_commutation
version: 1
title: 减刑后假释间隔不足
domain: execution
description: >-
  自最近一次减刑裁定送达（无送达日期时为裁定日）至假释报请（无报请日期时为裁定日）不足一年；
  该次减刑幅度为一年以上的，不足一年六个月。
legal_basis:
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第二十八条
    text: 罪犯减刑后又假释的，间隔时间不得少于一年；对一次减去一年以上有期徒刑后，决定假释的，间隔时间不得少于一年六个月。
  - law: 最高人民法院关于办理减刑、假释案件具体应用法律的规定
    article: 第四十条
parameters:
  months: {type: integer, default: 12, unit: 月, label: 减刑后假释间隔, min: 0}
  long_months: {type: integer, default: 18, unit: 月, label: 减刑一年以上后的假释间隔, min: 0}
  large_reduction_months: {type: integer, default: 12, unit: 月, label: 较大减刑幅度, min: 1}
subject: [name, id_number, prisoner_id]
key: {table: execution_change, column: parole_id}
evidence:
  - {table: execution_change, column: parole_id}
  - {table: execution_change, column: commutation_id}
facts:
  commutation_served_at: 减刑裁定送达日期
  reduction_months: 减刑幅度（月）
  proposed_at: 假释报请（裁定）日期
  required_months: 应间隔（月）
unit: unit_code
*/
WITH parole AS (
    SELECT c.record_id AS parole_id, c.prisoner_id, c.name, c.id_number, c.unit_code,
           c.ruled_at, COALESCE(c.applied_at, c.ruled_at) AS proposed_at
    FROM execution_change AS c
    WHERE c.kind = 'parole' AND c.ruled_at <= ${as_of}
),
last_commutation AS (
    SELECT p.parole_id, c.record_id AS commutation_id, c.reduction_months,
           COALESCE(c.served_at, c.ruled_at) AS commutation_served_at,
           ROW_NUMBER() OVER (PARTITION BY p.parole_id ORDER BY c.ruled_at DESC, c.record_id DESC)
               AS rn
    FROM parole AS p
    JOIN execution_change AS c
      ON c.prisoner_id = p.prisoner_id AND c.kind = 'commutation' AND c.ruled_at <= p.ruled_at
),
measured AS (
    SELECT p.*, l.commutation_id, l.commutation_served_at, l.reduction_months,
           CASE WHEN COALESCE(l.reduction_months, 0) >= ${large_reduction_months}
                THEN ${long_months} ELSE ${months} END AS required_months
    FROM parole AS p
    JOIN last_commutation AS l ON l.parole_id = p.parole_id AND l.rn = 1
)
SELECT parole_id, prisoner_id, name, id_number, unit_code, commutation_id,
       commutation_served_at, reduction_months, proposed_at, required_months
FROM measured
WHERE proposed_at < ${add_months(commutation_served_at, required_months)}
