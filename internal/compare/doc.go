// Package compare holds the statistics of evalbook's iteration comparisons:
// an iteration (the candidate, a) against its baseline (b) on one metric,
// with an estimate, a confidence interval, a p-value, an effect size and the
// sample size behind them. It does no I/O and knows nothing of projects:
// values come in as plain slices, results go out as plain structs.
//
// # Comparisons
//
// Paired compares values measured on the same items (a[i] and b[i] belong
// to item i) through the differences d[i] = a[i] - b[i]:
//
//   - the estimate is the mean difference d̄;
//   - the interval is the percentile bootstrap interval of d̄, resampling
//     items with replacement;
//   - the p-value is that of a two-sided paired sign-flip (randomisation)
//     test of "no difference": exact when there are at most MaxExact pairs,
//     else Monte Carlo with the +1 correction of Phipson and Smyth;
//   - the effect size is Cohen's dz = d̄ / s_d.
//
// PairedBatch does the same for many metrics measured on the same items at
// once, sharing one set of bootstrap weights and one set of sign flips
// among them so that every resample of every metric is one matrix product.
// For the same Options it gives the same figures as Paired, up to rounding.
//
// Unpaired is the fallback when the two iterations were scored on different
// items: the difference of the two means, a bootstrap that resamples each
// group on its own, a permutation test of the group labels and Hedges' g.
//
// Metrics whose values are 0 or 1 have their own methods: Wilson's score
// interval for one proportion; for two independent groups the difference of
// proportions with Newcombe's hybrid score interval and the two-proportion
// z test (Proportions); for paired 0/1 values the paired bootstrap interval
// and McNemar's exact test (PairedBinary).
//
// # Many comparisons, anomalies and planning
//
// Holm and BenjaminiHochberg adjust the p-values of a family of tests (the
// comparisons of one iteration); Adjust chooses between them by name.
// RobustZ and RollingRobustZ score a value against a window of earlier
// values by median and median absolute deviation, for sentinel metrics.
// MDE and its variants give the minimum detectable effect of a test at a
// sample size, the smallest true effect it finds with the given power.
//
// # Randomness and reproducibility
//
// Every random number comes from generators seeded by Options.Seed through
// stats.Seed and stats.NewRand, one stream for the bootstrap ("bootstrap")
// and one for the test ("permutation"), so a result depends only on the
// data and the seed: not on the order of calls, on other metrics or on
// parallelism. Callers derive one seed per iteration pair, typically
// stats.Seed(projectSeed, iteration, baseline), and use it for every metric
// of the pair: then PairedBatch and one PairedDiffs per metric give the
// same figures, and a metric's figures do not change when metrics are
// added or removed.
//
// # Conventions
//
// As in package stats and gonum's stat: a figure that is undefined for the
// data (an interval from one value, an effect size when every difference
// is equal) is NaN, and an argument that can only be wrong through a
// programming error (slices of different lengths in a paired comparison, a
// confidence level outside (0, 1), no resamples) causes a panic. A NaN in
// the input makes every figure of the result NaN; callers drop missing
// values first. Percentile intervals use the type 7 quantile of
// stats.Quantile.
package compare
