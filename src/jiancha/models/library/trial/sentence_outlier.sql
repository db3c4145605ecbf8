/*
id: trial.sentence_outlier
version: 6
title: 类案不同判（刑期偏离类案与量刑估计）
domain: trial
description: >-
  以同罪名、犯罪数额相近的已判案件为类案（本案未载数额的，同罪名案件都是类案）：同一城市
  （单位代码前四位）类案不少于 k 件的以同市类案为准，否则以同省（前两位）类案为准；本案刑期
  落在类案刑期（连同本案）的 [下分位, 上分位] 区间之外的，列为线索。
  数额相近按“数额格”认定：以“数额相近倍数”为一个单位按倍数划分数额（取以倍数为底的对数），
  每一单位等分为“每倍数分格数”格（默认 10 格，每格为倍数的十分之一次方，倍数为 3 时约 1.12 倍）；
  数额所在格与本案数额所在格相距不超过分格数格的（默认前后各 10 格）为类案。数额在本案数额的
  1/倍数 至 倍数 之间的案件都是类案；此外超出倍数不足一格的，视其所在格也可能是类案
  （倍数为 3、分格 10 格时，类案数额都在本案数额的约 1/3.35 至 3.35 倍之间）。同一格的案件彼此
  类案相同，类案数（不含本案）与区间都按这一范围计算。
  区间由各格的刑期计数相加、按分位插值算出（与逐件排列类案刑期取分位的结果相同），计算量取决于
  格数和刑期种数，不随案件数增长，故能在全省乃至更大的数据上运行。
  类案不足 k 件的，改以量刑估计判断：量刑估计依罪名、法定刑档次、数额、量刑情节等本案事实
  得出（不含类案刑期），仅在决定法定刑档次的事实（数额、毒品数量等）已知时采用；刑期高于
  估计区间上限的“偏离估计倍数”倍，或低于区间下限的该倍数分之一的，列为线索。
  单位代码为空的案件彼此视为同一地区。
  证据列出数额最接近的 k 件类案（类案总数见事实“类案数”）。每条线索都写明量刑估计、
  估计区间和刑期偏离估计的月数，以及判断依据（类案区间或量刑估计）。
  本模型是统计提示，不是违法认定：偏离可能有正当的量刑情节，须阅卷核实。
legal_basis:
  - law: 刑法
    article: 第五条
    text: 刑罚的轻重，应当与犯罪分子所犯罪行和承担的刑事责任相适应。
  - law: 刑法
    article: 第六十一条
    text: 对于犯罪分子决定刑罚的时候，应当根据犯罪的事实、犯罪的性质、情节和对于社会的危害程度，依照本法的有关规定判处。
  - law: 最高人民法院关于统一法律适用加强类案检索的指导意见（试行）
    article: 第一条、第九条
  - law: 刑法
    article: 第六十三条第一款
    text: 犯罪分子具有本法规定的减轻处罚情节的，应当在法定刑以下判处刑罚；本法规定有数个量刑幅度的，应当在法定量刑幅度的下一个量刑幅度内判处刑罚。
parameters:
  k: {type: integer, default: 20, unit: 件, label: 最少类案数, min: 3}
  amount_ratio: {type: number, default: 3, unit: 倍, label: 数额相近倍数, min: 1.01}
  amount_bins: {type: integer, default: 10, unit: 格, label: 每倍数分格数, min: 1, max: 50}
  band_low: {type: number, default: 5, unit: 百分位, label: 刑期区间下分位, min: 0, max: 50}
  band_high: {type: number, default: 95, unit: 百分位, label: 刑期区间上分位, min: 50, max: 100}
  estimate_ratio: {type: number, default: 3, unit: 倍, label: 偏离估计倍数, min: 1}
subject: [defendant_name, defendant_id_number, case_id]
key: {table: judgment, column: judgment_id}
evidence:
  - {table: judgment, column: judgment_id}
  - {table: judgment, column: peer_ids}
facts:
  charge: 罪名
  term_months: 刑期（月）
  amount_yuan: 犯罪数额
  band_p5: 类案刑期下限（月）
  band_p95: 类案刑期上限（月）
  peer_count: 类案数
  peer_scope: 类案范围
  estimate_months: 量刑估计（月）
  estimate_low: 估计区间下限（月）
  estimate_high: 估计区间上限（月）
  estimate_gap: 刑期偏离估计（月）
  estimate_basis: 估计依据
  judged_by: 判断依据
unit: unit_code
conclusion: >-
  {{ defendant_name }}因{{ charge }}{% if amount_yuan is not none %}（犯罪数额{{ amount_yuan|yuan }}）{% endif %}被判处刑期{{ term_months|num }}个月，
  {% if judged_by == "类案区间" %}在{{ peer_scope }}{{ peer_count }}件类案的刑期区间（{{ band_p5|num }}至{{ band_p95|num }}个月）之外{% else %}偏离量刑估计{{ estimate_months|num }}个月（估计区间{{ estimate_low|num }}至{{ estimate_high|num }}个月）{% endif %}，
  量刑可能明显不当，须阅卷核实。
decisive: [term_months, band_p5, band_p95, estimate_low, estimate_high]
actions:
  - 调取判决书，核实认定的犯罪数额、量刑情节和法定刑档次。
  - 对照类案判决，分析偏离是否有自首、立功、累犯等正当的量刑理由。
  - 认定量刑确属明显不当的，依法提出抗诉或者监督意见。
document:
  kind: retrial_recommendation
  request: >-
    经审查，{{ defendant_name }}{{ charge }}一案量刑明显不当，建议你院依照审判监督程序进行再审，依法重新量刑。
*/
WITH sentenced AS (
    -- judgments with a term, keyed by charge without the trailing 罪 (盗窃 = 盗窃罪); the amount
    -- on a log scale in units of the ratio, and its bin: amount_bins bins to a unit (the
    -- 1e-9 puts an exact power of the ratio in its own bin on both engines, whose logarithms
    -- may differ in the last bit)
    SELECT j.record_id AS judgment_id, j.defendant_name, j.defendant_id_number, j.case_id,
           j.unit_code, j.charge, REGEXP_REPLACE(TRIM(j.charge), '罪$', '') AS charge_key,
           j.amount_yuan, j.term_months,
           CASE WHEN j.amount_yuan > 0
                THEN LN(CAST(j.amount_yuan AS DOUBLE)) / LN(CAST(${amount_ratio} AS DOUBLE))
           END AS amount_scale,
           CASE WHEN j.amount_yuan > 0
                THEN CAST(FLOOR(LN(CAST(j.amount_yuan AS DOUBLE))
                                / LN(CAST(${amount_ratio} AS DOUBLE)) * ${amount_bins} + 1e-9)
                          AS BIGINT)
           END AS amount_bin,
           COALESCE(LEFT(j.unit_code, 4), '') AS city,
           COALESCE(LEFT(j.unit_code, 2), '') AS province
    FROM judgment AS j
    WHERE j.term_months > 0 AND TRIM(COALESCE(j.charge, '')) <> ''
      AND j.decided_at <= ${as_of}
),
histogram AS (
    -- how many cases of a charge have each term, per city and amount bin: bins × terms rows,
    -- however many the cases, and the only pass over all of them
    SELECT s.charge_key, s.city, s.amount_bin, s.term_months, COUNT(*) AS cases
    FROM sentenced AS s
    GROUP BY s.charge_key, s.city, s.amount_bin, s.term_months
),
regions AS (
    -- the same counts per city and per province (the city code's first two digits)
    SELECT 'city' AS scope, h.city AS region, h.charge_key, h.amount_bin, h.term_months, h.cases
    FROM histogram AS h
    UNION ALL
    SELECT 'province' AS scope, LEFT(h.city, 2) AS region, h.charge_key, h.amount_bin,
           h.term_months, SUM(h.cases) AS cases
    FROM histogram AS h
    GROUP BY LEFT(h.city, 2), h.charge_key, h.amount_bin, h.term_months
),
bin_shifts AS (
    SELECT UNNEST(generate_series(-${amount_bins}, ${amount_bins})) AS shift
),
centres AS (
    SELECT DISTINCT r.scope, r.region, r.charge_key, r.amount_bin
    FROM regions AS r
    WHERE r.amount_bin IS NOT NULL
),
band_counts AS (
    -- the band of a bin: the terms of the cases in the bins within amount_bins of it (every
    -- case within the ratio of any amount in the bin), an equality join on the shifts
    SELECT c.scope, c.region, c.charge_key, FALSE AS whole, c.amount_bin AS centre,
           r.term_months, SUM(r.cases) AS cases
    FROM centres AS c
    CROSS JOIN bin_shifts AS d
    JOIN regions AS r
      ON r.scope = c.scope AND r.region = c.region AND r.charge_key = c.charge_key
     AND r.amount_bin = c.amount_bin + d.shift
    GROUP BY c.scope, c.region, c.charge_key, c.amount_bin, r.term_months
    UNION ALL
    -- the band of a case without an amount: every case of the charge, with or without one
    SELECT r.scope, r.region, r.charge_key, TRUE AS whole, 0 AS centre, r.term_months,
           SUM(r.cases) AS cases
    FROM regions AS r
    GROUP BY r.scope, r.region, r.charge_key, r.term_months
),
band_ranks AS (
    -- each term's cumulative count in its band, and where the two percentiles fall among the
    -- band's terms in order (0-based, p × (N − 1), as QUANTILE_CONT places them)
    SELECT b.*, CAST(${band_low} AS DOUBLE) / 100 * (b.total - 1) AS low_at,
           CAST(${band_high} AS DOUBLE) / 100 * (b.total - 1) AS high_at
    FROM (
        SELECT c.*,
               SUM(c.cases) OVER (PARTITION BY c.scope, c.region, c.charge_key, c.whole, c.centre
                                  ORDER BY c.term_months
                                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upto,
               SUM(c.cases) OVER (PARTITION BY c.scope, c.region, c.charge_key, c.whole, c.centre)
                   AS total
        FROM band_counts AS c
    ) AS b
),
band_terms AS (
    -- the terms at the positions' floor and ceiling: the i-th term (0-based) is the first
    -- whose cumulative count exceeds i
    SELECT r.scope, r.region, r.charge_key, r.whole, r.centre, MIN(r.total) AS total,
           MIN(r.low_at) AS low_at, MIN(r.high_at) AS high_at,
           MIN(CASE WHEN r.upto > FLOOR(r.low_at) THEN r.term_months END) AS low_floor,
           MIN(CASE WHEN r.upto > CEIL(r.low_at) THEN r.term_months END) AS low_ceil,
           MIN(CASE WHEN r.upto > FLOOR(r.high_at) THEN r.term_months END) AS high_floor,
           MIN(CASE WHEN r.upto > CEIL(r.high_at) THEN r.term_months END) AS high_ceil
    FROM band_ranks AS r
    GROUP BY r.scope, r.region, r.charge_key, r.whole, r.centre
),
bands AS (
    -- the percentiles interpolated between the two terms; the peers exclude the case itself
    SELECT t.scope, t.region, t.charge_key, t.whole, t.centre, t.total - 1 AS peers,
           t.low_floor + (t.low_at - FLOOR(t.low_at)) * (t.low_ceil - t.low_floor) AS p5,
           t.high_floor + (t.high_at - FLOOR(t.high_at)) * (t.high_ceil - t.high_floor) AS p95
    FROM band_terms AS t
),
scoped AS (
    -- each case's own bin's band: the city's when it has at least k peers, else the province's
    SELECT s.*, c.peers >= ${k} AS city_wide,
           CASE WHEN c.peers >= ${k} THEN c.peers ELSE v.peers END AS peer_count,
           CASE WHEN c.peers >= ${k} THEN c.p5 ELSE v.p5 END AS band_p5,
           CASE WHEN c.peers >= ${k} THEN c.p95 ELSE v.p95 END AS band_p95
    FROM sentenced AS s
    JOIN bands AS c
      ON c.scope = 'city' AND c.region = s.city AND c.charge_key = s.charge_key
     AND c.whole = (s.amount_bin IS NULL) AND c.centre = COALESCE(s.amount_bin, 0)
    JOIN bands AS v
      ON v.scope = 'province' AND v.region = s.province AND v.charge_key = s.charge_key
     AND v.whole = (s.amount_bin IS NULL) AND v.centre = COALESCE(s.amount_bin, 0)
),
estimated AS (
    -- the estimate from the case's own facts (table sentence_estimate, kept by jiancha)
    SELECT s.*, e.estimate_months, e.low_months AS estimate_low, e.high_months AS estimate_high,
           e.basis AS estimate_basis, COALESCE(e.settled, FALSE) AS estimate_settled
    FROM scoped AS s
    LEFT JOIN sentence_estimate AS e ON e.judgment_id = s.judgment_id
),
outliers AS (
    -- the peers' band where there are enough peers, else the estimate where it is settled
    SELECT *, CASE WHEN COALESCE(peer_count, 0) >= ${k} THEN '类案区间' ELSE '量刑估计' END AS judged_by
    FROM estimated
    WHERE (COALESCE(peer_count, 0) >= ${k} AND (term_months < band_p5 OR term_months > band_p95))
       OR (COALESCE(peer_count, 0) < ${k} AND estimate_settled
           AND (term_months > ${estimate_ratio} * estimate_high
                OR term_months < estimate_low / ${estimate_ratio}))
),
placed AS (
    -- each case's place among its city's cases of the charge: by its amount among their
    -- distinct amounts (those with an amount), and in record order (all), so that a case's
    -- nearest peers are found among its neighbours instead of by comparing it with every case
    -- of the charge (k peers nearer than the k-th nearest cannot span more than k amounts on
    -- a side, whatever the ties)
    SELECT s.judgment_id, s.charge_key, s.city, s.amount_scale, s.amount_bin,
           DENSE_RANK() OVER (PARTITION BY s.charge_key, s.city, s.amount_scale IS NULL
                              ORDER BY s.amount_scale) AS amount_place,
           ROW_NUMBER() OVER (PARTITION BY s.charge_key, s.city ORDER BY s.judgment_id) AS id_place
    FROM sentenced AS s
),
bucketed AS (
    -- places in buckets of k amounts: the k amounts on either side of a case's lie in its
    -- bucket and the two beside it, an equality join
    SELECT p.*, CAST(FLOOR((p.amount_place - 1) / ${k}) AS BIGINT) AS bucket
    FROM placed AS p
    WHERE p.amount_scale IS NOT NULL
),
shifts AS (
    SELECT -1 AS shift UNION ALL SELECT 0 AS shift UNION ALL SELECT 1 AS shift
),
candidates AS (
    -- a city-wide case with an amount: the cases of the k amounts on either side of its own
    -- within the ratio (its k nearest in amount are among them)
    SELECT o.judgment_id, o.amount_scale, p.judgment_id AS peer_id, p.amount_scale AS peer_scale
    FROM outliers AS o
    JOIN bucketed AS b ON b.judgment_id = o.judgment_id
    CROSS JOIN shifts AS d
    JOIN bucketed AS p
      ON p.charge_key = b.charge_key AND p.city = b.city AND p.bucket = b.bucket + d.shift
    WHERE o.city_wide AND o.amount_scale IS NOT NULL
      AND p.amount_place BETWEEN b.amount_place - ${k} AND b.amount_place + ${k}
      AND p.judgment_id <> o.judgment_id
      AND p.amount_bin BETWEEN o.amount_bin - ${amount_bins} AND o.amount_bin + ${amount_bins}
    UNION ALL
    -- a city-wide case without an amount: every case of the charge is as near, the first
    -- by record id
    SELECT o.judgment_id, o.amount_scale, p.judgment_id AS peer_id, p.amount_scale AS peer_scale
    FROM outliers AS o
    JOIN placed AS p ON p.charge_key = o.charge_key AND p.city = o.city
    WHERE o.city_wide AND o.amount_scale IS NULL AND p.id_place <= ${k} + 1
      AND p.judgment_id <> o.judgment_id
    UNION ALL
    -- a case judged against the province (its city has fewer than k peers): few, compared
    -- with the province's cases of the charge in its band's bins
    SELECT o.judgment_id, o.amount_scale, p.judgment_id AS peer_id, p.amount_scale AS peer_scale
    FROM outliers AS o
    CROSS JOIN bin_shifts AS d
    JOIN sentenced AS p
      ON p.charge_key = o.charge_key AND p.province = o.province
     AND p.amount_bin = o.amount_bin + d.shift
    WHERE NOT o.city_wide AND p.judgment_id <> o.judgment_id
    UNION ALL
    -- and without an amount, with all the province's cases of the charge
    SELECT o.judgment_id, o.amount_scale, p.judgment_id AS peer_id, p.amount_scale AS peer_scale
    FROM outliers AS o
    JOIN sentenced AS p
      ON p.charge_key = o.charge_key AND p.province = o.province
     AND p.judgment_id <> o.judgment_id
    WHERE NOT o.city_wide AND o.amount_bin IS NULL
),
nearest AS (
    -- the k peers nearest in amount, for the few outliers only
    SELECT c.judgment_id, c.peer_id,
           ROW_NUMBER() OVER (
               PARTITION BY c.judgment_id
               ORDER BY ABS(COALESCE(c.peer_scale - c.amount_scale, 0)), c.peer_id
           ) AS nearness
    FROM candidates AS c
),
peer_lists AS (
    -- a clue cites k peers, not the thousands a common charge has: its facts give the count
    SELECT judgment_id, array_to_string(list_sort(list(peer_id)), ';') AS peer_ids
    FROM nearest
    WHERE nearness <= ${k}
    GROUP BY judgment_id
)
SELECT o.judgment_id, o.defendant_name, o.defendant_id_number, o.case_id, o.unit_code,
       o.charge, o.term_months, o.amount_yuan, ROUND(o.band_p5, 2) AS band_p5,
       ROUND(o.band_p95, 2) AS band_p95, COALESCE(o.peer_count, 0) AS peer_count,
       CASE WHEN o.city_wide THEN '同市' ELSE '同省' END AS peer_scope, l.peer_ids,
       ROUND(o.estimate_months, 1) AS estimate_months, ROUND(o.estimate_low, 1) AS estimate_low,
       ROUND(o.estimate_high, 1) AS estimate_high,
       ROUND(o.term_months - o.estimate_months, 1) AS estimate_gap, o.estimate_basis, o.judged_by
FROM outliers AS o
LEFT JOIN peer_lists AS l ON l.judgment_id = o.judgment_id
