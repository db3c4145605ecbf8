/*
id: civil.false_litigation_cluster
version: 1
title: 民间借贷虚假诉讼线索（同一原告密集起诉、快速调解撤诉）
domain: civil
description: >-
  同一原告（同一人或同一单位）在任意十二个月内作为原告起诉至少五件民间借贷纠纷案件，
  其中至少六成在立案后三十日内以调解或撤诉结案：可能存在职业放贷或虚假诉讼。
  证据列出该时间窗内的全部案件。
legal_basis:
  - law: 民事诉讼法
    article: 第一百一十五条
    text: 当事人之间恶意串通，企图通过诉讼、调解等方式侵害国家利益、社会公共利益或者他人合法权益的，人民法院应当驳回其请求，并根据情节轻重予以罚款、拘留；构成犯罪的，依法追究刑事责任。
  - law: 民事诉讼法
    article: 第二百一十九条
parameters:
  n: {type: integer, default: 5, unit: 件, label: 时间窗内最少案件数, min: 2}
  window_months: {type: integer, default: 12, unit: 月, label: 时间窗, min: 1}
  ratio: {type: number, default: 0.6, label: 快速调解撤诉比例下限, min: 0, max: 1}
  days: {type: integer, default: 30, unit: 日, label: 快速结案天数, min: 0}
  cause: {type: string, default: 民间借贷纠纷, label: 案由}
subject: [plaintiff_key, plaintiff_name]
key: {table: subject, column: plaintiff_key}
evidence:
  - {table: civil_case, column: case_ids}
facts:
  window_start: 时间窗起日
  window_end: 时间窗止日
  cases: 案件数
  quick_closings: 快速调解撤诉数
  quick_ratio: 快速调解撤诉比例
unit: unit_code
conclusion: >-
  {{ plaintiff_name }}在{{ window_start|cn_date }}至{{ window_end|cn_date }}期间作为原告起诉{{ cases }}件{{ cause }}案件，
  其中{{ quick_closings }}件在立案后{{ days }}日内以调解或者撤诉结案，占{{ quick_ratio|pct }}，可能存在职业放贷或者虚假诉讼。
decisive: [cases, quick_closings, quick_ratio]
actions:
  - 调取相关案件卷宗，审查借贷合意、资金往来凭证和调解协议的内容。
  - 核查原告是否以放贷为业，是否存在虚构债务、串通调解等情形。
  - 核实被告是否真实参与诉讼，必要时询问当事人、调取银行流水。
document:
  kind: retrial_recommendation
  request: >-
    经审查，{{ plaintiff_name }}为原告的相关民间借贷纠纷案件涉嫌虚假诉讼，建议你院依照审判监督程序进行再审。
*/
WITH suits AS (
    -- grouped by the person (or organisation); the clue's key stays the id number / code
    SELECT DISTINCT
           COALESCE(${person_key(p.id_number)}, ${person_key(p.org_code)}) AS plaintiff,
           c.record_id AS case_id, c.filed_at, c.unit_code,
           CASE WHEN c.closing IN ('mediation', 'withdrawal') AND c.closed_at IS NOT NULL
                     AND ${days_between(c.filed_at, c.closed_at)} <= ${days}
                THEN 1 ELSE 0 END AS quick
    FROM civil_party AS p
    JOIN civil_case AS c ON c.record_id = p.case_id
    WHERE p.role = 'plaintiff' AND TRIM(c.cause) = ${cause} AND c.filed_at <= ${as_of}
      AND COALESCE(${person_key(p.id_number)}, ${person_key(p.org_code)}) IS NOT NULL
),
names AS (
    SELECT COALESCE(${person_key(p.id_number)}, ${person_key(p.org_code)}) AS plaintiff,
           MIN(COALESCE(NULLIF(TRIM(p.id_number), ''), NULLIF(TRIM(p.org_code), '')))
               AS plaintiff_key,
           MAX(p.name) AS plaintiff_name
    FROM civil_party AS p
    WHERE p.role = 'plaintiff'
    GROUP BY COALESCE(${person_key(p.id_number)}, ${person_key(p.org_code)})
),
windows AS (
    -- every case opens a window [filed_at, filed_at + window_months)
    SELECT s.plaintiff, s.case_id AS start_case, s.filed_at AS window_start,
           ${add_months(s.filed_at, ${window_months})} AS window_end,
           COUNT(*) AS cases, SUM(w.quick) AS quick_closings,
           array_to_string(list_sort(list(w.case_id)), ';') AS case_ids,
           MAX(w.unit_code) AS unit_code
    FROM suits AS s
    JOIN suits AS w
      ON w.plaintiff = s.plaintiff AND w.filed_at >= s.filed_at
     AND w.filed_at < ${add_months(s.filed_at, ${window_months})}
    GROUP BY s.plaintiff, s.case_id, s.filed_at
),
qualifying AS (
    SELECT windows.*,
           ROW_NUMBER() OVER (PARTITION BY plaintiff
                              ORDER BY cases DESC, window_start, start_case) AS rn
    FROM windows
    WHERE cases >= ${n} AND quick_closings >= ${ratio} * cases
)
SELECT n.plaintiff_key, n.plaintiff_name, q.unit_code, q.case_ids, q.window_start,
       q.window_end, q.cases, q.quick_closings,
       ROUND(CAST(q.quick_closings AS DOUBLE) / q.cases, 3) AS quick_ratio
FROM qualifying AS q
JOIN names AS n ON n.plaintiff = q.plaintiff
-- a linked person known only by name has no key to anchor a clue on
WHERE q.rn = 1 AND n.plaintiff_key IS NOT NULL
