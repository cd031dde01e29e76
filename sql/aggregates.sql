-- evalbook aggregates: the sufficient statistics evalbook reads instead of
-- raw rows (docs/aggregates.md), computed in the engine that holds them.
--
-- One dialect for DuckDB and Spark SQL (BigQuery: see docs/aggregates.md).
-- Tested on DuckDB by internal/aggtest, which builds a site from these
-- aggregates and from the raw rows and compares every figure to 1e-9.
--
-- Inputs, shaped like evalbook's long CSV forms:
--   ratings(item, rater, iteration, dimension, value)
--     value as written: a number, or a label of a label dimension, as text;
--     iteration NULL or '' for ratings that name none; one rating per
--     (item, iteration, dimension, rater): remove repeats first (evalbook
--     keeps the later one).
--   metrics(item, iteration, metric, value, slice)
--     value a number (DOUBLE); slice NULL or '' for none; one value per
--     (item, iteration, metric).
--   pairs(iteration, against)
--     the iteration pairs evalbook compares: each iteration with its
--     baseline, else with the previous one (systems: with the round's
--     reference); may be empty.
--   replicates(replicate)
--     the numbers of the Poisson bootstrap replicates to draw, one row each
--     (for example 1 to 200); may be empty (no replicates). Every metric
--     row is weighted once per replicate, so the work grows with their
--     number.
--   metric_passes(metric, pass, lower)
--   dimension_passes(dimension, pass, lower)
--     the pass thresholds of config.toml (metrics.<m>.pass, and
--     dimensions.<d>.pass of a numeric dimension), pass a DOUBLE, lower a
--     BOOLEAN: true when lower is better (a metric's direction = "lower",
--     a dimension's direction = "lower"); may be empty (no verdicts).
--
-- Outputs: one view per aggregate table; export each with the engine's own
-- writer (DuckDB: COPY (SELECT * FROM metric_moments) TO
-- 'metric_moments.parquet' (FORMAT PARQUET); Spark:
-- spark.table('metric_moments').write.parquet(...)), then name the files
-- in a [[sources]] table with kind = "aggregates".

-- metric_moments: per metric, iteration and slice ('' = all items) the
-- count, sum and sum of squares of the values.
CREATE OR REPLACE TEMP VIEW metric_moments AS
SELECT metric, iteration, '' AS slice,
       COUNT(*) AS n, SUM(value) AS sum, SUM(value * value) AS sumsq
FROM metrics
WHERE value IS NOT NULL
GROUP BY metric, iteration
UNION ALL
SELECT metric, iteration, slice,
       COUNT(*) AS n, SUM(value) AS sum, SUM(value * value) AS sumsq
FROM metrics
WHERE value IS NOT NULL AND slice IS NOT NULL AND slice <> ''
GROUP BY metric, iteration, slice;

-- paired_moments: per metric and compared pair of iterations, over the
-- items both have: pairs, the two sides' sums, and the sum and sum of
-- squares of the differences (iteration minus against).
CREATE OR REPLACE TEMP VIEW paired_moments AS
SELECT a.metric, p.iteration, p.against, COUNT(*) AS n,
       SUM(a.value) AS sum_a, SUM(b.value) AS sum_b,
       SUM(a.value - b.value) AS sum_d,
       SUM((a.value - b.value) * (a.value - b.value)) AS sumsq_d
FROM pairs p
JOIN metrics a ON a.iteration = p.iteration
JOIN metrics b ON b.iteration = p.against AND b.metric = a.metric AND b.item = a.item
WHERE a.item IS NOT NULL AND a.item <> '' AND a.value IS NOT NULL AND b.value IS NOT NULL
GROUP BY a.metric, p.iteration, p.against;

-- The ratings with missing values dropped and iteration '' for none.
CREATE OR REPLACE TEMP VIEW evalbook_ratings AS
SELECT item, rater, COALESCE(iteration, '') AS iteration, dimension,
       TRIM(CAST(value AS STRING)) AS value
FROM ratings
WHERE value IS NOT NULL AND TRIM(CAST(value AS STRING)) <> '';

-- Per unit (item in one iteration) of a dimension with at least two
-- ratings: how many ratings it has (m) and how many of each value (n).
CREATE OR REPLACE TEMP VIEW evalbook_unit_values AS
SELECT r.dimension, r.iteration, r.item, r.value, COUNT(*) AS n, MAX(u.m) AS m
FROM evalbook_ratings r
JOIN (SELECT dimension, iteration, item, COUNT(*) AS m
      FROM evalbook_ratings
      GROUP BY dimension, iteration, item
      HAVING COUNT(*) >= 2) u
  ON r.dimension = u.dimension AND r.iteration = u.iteration AND r.item = u.item
GROUP BY r.dimension, r.iteration, r.item, r.value;

-- coincidences: Krippendorff's coincidence matrix per dimension and
-- iteration, o(a, b) = sum over units of n_a (n_b - [a = b]) / (m - 1).
-- Pairs that never coincide are left out (a zero entry).
CREATE OR REPLACE TEMP VIEW coincidences AS
SELECT a.dimension, a.iteration, a.value AS value_a, b.value AS value_b,
       SUM(a.n * (b.n - CASE WHEN a.value = b.value THEN 1 ELSE 0 END) / (a.m - 1.0)) AS count
FROM evalbook_unit_values a
JOIN evalbook_unit_values b
  ON a.dimension = b.dimension AND a.iteration = b.iteration AND a.item = b.item
GROUP BY a.dimension, a.iteration, a.value, b.value
HAVING SUM(a.n * (b.n - CASE WHEN a.value = b.value THEN 1 ELSE 0 END)) > 0;

-- alpha_moments: for continuous ratings, the sums interval alpha needs
-- instead of a coincidence matrix (as large as the data when no two values
-- are equal): over units with two or more ratings, all numbers, the
-- values' count, sum and sum of squares, and Σ m_u s_u² (the unit's number
-- of ratings times their sample variance), and the smallest and largest
-- value (for the calibration limit).
CREATE OR REPLACE TEMP VIEW alpha_moments AS
SELECT dimension, iteration, SUM(m) AS n, SUM(s1) AS sum, SUM(s2) AS sumsq, SUM(m * v) AS within,
       MIN(lo) AS min, MAX(hi) AS max
FROM (SELECT dimension, iteration, item, COUNT(*) AS m, SUM(x) AS s1, SUM(x * x) AS s2, VAR_SAMP(x) AS v,
             MIN(x) AS lo, MAX(x) AS hi
      FROM (SELECT dimension, iteration, item, TRY_CAST(value AS DOUBLE) AS x FROM evalbook_ratings) r
      GROUP BY dimension, iteration, item
      HAVING COUNT(*) >= 2 AND COUNT(x) = COUNT(*)) u
GROUP BY dimension, iteration;

-- rater_pairs: per dimension and iteration, the contingency table of every
-- pair of raters (rater_a before rater_b by name) over the units both rated:
-- how many units had each pair of values. Optional: it grows with the
-- square of the raters per unit.
CREATE OR REPLACE TEMP VIEW rater_pairs AS
SELECT a.dimension, a.iteration, a.rater AS rater_a, b.rater AS rater_b,
       a.value AS value_a, b.value AS value_b, COUNT(*) AS count
FROM evalbook_ratings a
JOIN evalbook_ratings b
  ON a.dimension = b.dimension AND a.iteration = b.iteration AND a.item = b.item AND a.rater < b.rater
GROUP BY a.dimension, a.iteration, a.rater, b.rater, a.value, b.value;

-- rater_moments: per dimension, iteration and rater the count of ratings
-- and, for numbers, their sum and sum of squares (0 for labels).
CREATE OR REPLACE TEMP VIEW rater_moments AS
SELECT dimension, iteration, rater, COUNT(*) AS n,
       COALESCE(SUM(TRY_CAST(value AS DOUBLE)), 0) AS sum,
       COALESCE(SUM(TRY_CAST(value AS DOUBLE) * TRY_CAST(value AS DOUBLE)), 0) AS sumsq
FROM evalbook_ratings
GROUP BY dimension, iteration, rater;

-- The consensus of a numeric dimension on a unit: the mean of its ratings
-- (evalbook's default consensus rule, "mean"); units with a rating that is
-- not a number are left out.
CREATE OR REPLACE TEMP VIEW evalbook_consensus AS
SELECT dimension, iteration, item, AVG(TRY_CAST(value AS DOUBLE)) AS y
FROM evalbook_ratings
GROUP BY dimension, iteration, item
HAVING COUNT(TRY_CAST(value AS DOUBLE)) = COUNT(*);

-- pearson_sums: per metric, dimension and iteration, over the units (item
-- in the iteration) with both a metric value (x) and a consensus (y):
-- n, Σx, Σy, Σx², Σy², Σxy.
CREATE OR REPLACE TEMP VIEW pearson_sums AS
SELECT m.metric, c.dimension, m.iteration, COUNT(*) AS n,
       SUM(m.value) AS sx, SUM(c.y) AS sy,
       SUM(m.value * m.value) AS sxx, SUM(c.y * c.y) AS syy, SUM(m.value * c.y) AS sxy
FROM metrics m
JOIN evalbook_consensus c ON c.item = m.item AND c.iteration = m.iteration
WHERE m.value IS NOT NULL
GROUP BY m.metric, c.dimension, m.iteration;

-- verdict_counts: per metric, dimension and iteration, over the units with
-- both a metric value and a consensus, where both have a pass threshold:
-- how many pass both, only the metric, only the humans, neither. A value
-- at the threshold passes.
CREATE OR REPLACE TEMP VIEW verdict_counts AS
SELECT metric, dimension, iteration,
       SUM(CASE WHEN mp AND hp THEN 1 ELSE 0 END) AS both_pass,
       SUM(CASE WHEN mp AND NOT hp THEN 1 ELSE 0 END) AS metric_only,
       SUM(CASE WHEN hp AND NOT mp THEN 1 ELSE 0 END) AS humans_only,
       SUM(CASE WHEN NOT mp AND NOT hp THEN 1 ELSE 0 END) AS neither_pass
FROM (SELECT m.metric, c.dimension, m.iteration,
             CASE WHEN t.lower THEN m.value <= t.pass ELSE m.value >= t.pass END AS mp,
             CASE WHEN h.lower THEN c.y <= h.pass ELSE c.y >= h.pass END AS hp
      FROM metrics m
      JOIN evalbook_consensus c ON c.item = m.item AND c.iteration = m.iteration
      JOIN metric_passes t ON t.metric = m.metric
      JOIN dimension_passes h ON h.dimension = c.dimension
      WHERE m.value IS NOT NULL) u
GROUP BY metric, dimension, iteration;

-- evalbook_weights: the Poisson(1) weight of each item in each replicate,
-- a pure function of the two that evalbook computes the same way
-- (stats.PoissonWeight): h, the first six hex digits of
-- MD5(item || ':' || replicate) read as a 24-bit number, gives the weight
-- k for the first cut point above it (round(2^24 P(X <= k)), X ~
-- Poisson(1)). The digits are read with instr, which both dialects have.
CREATE OR REPLACE TEMP VIEW evalbook_weights AS
SELECT item, replicate,
       CASE WHEN h < 6171993 THEN 0 WHEN h < 12343986 THEN 1 WHEN h < 15429982 THEN 2
            WHEN h < 16458648 THEN 3 WHEN h < 16715814 THEN 4 WHEN h < 16767247 THEN 5
            WHEN h < 16775819 THEN 6 WHEN h < 16777044 THEN 7 WHEN h < 16777197 THEN 8
            WHEN h < 16777214 THEN 9 ELSE 10 END AS w
FROM (SELECT item, replicate,
             (instr('0123456789abcdef', substr(d, 1, 1)) - 1) * 1048576 +
             (instr('0123456789abcdef', substr(d, 2, 1)) - 1) * 65536 +
             (instr('0123456789abcdef', substr(d, 3, 1)) - 1) * 4096 +
             (instr('0123456789abcdef', substr(d, 4, 1)) - 1) * 256 +
             (instr('0123456789abcdef', substr(d, 5, 1)) - 1) * 16 +
             (instr('0123456789abcdef', substr(d, 6, 1)) - 1) AS h
      FROM (SELECT i.item, r.replicate, md5(i.item || ':' || CAST(r.replicate AS STRING)) AS d
            FROM (SELECT DISTINCT item FROM metrics WHERE item IS NOT NULL AND item <> '') i
            CROSS JOIN replicates r) x) y;

-- metric_replicates: per metric, iteration and replicate the Poisson
-- bootstrap sums of the iteration's item values: n = Σ w, sum = Σ w·x.
CREATE OR REPLACE TEMP VIEW metric_replicates AS
SELECT m.metric, m.iteration, w.replicate, SUM(w.w) AS n, SUM(w.w * m.value) AS sum
FROM metrics m
JOIN evalbook_weights w ON w.item = m.item
WHERE m.value IS NOT NULL
GROUP BY m.metric, m.iteration, w.replicate;
