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
//   - the interval is the expanded percentile bootstrap interval of d̄,
//     resampling items with replacement (see Intervals below);
//   - the p-value is that of a two-sided paired sign-flip (randomisation)
//     test of "no difference": exact when there are at most MaxExact pairs,
//     else Monte Carlo with the +1 correction of Phipson and Smyth, or the
//     paired t test when the Monte Carlo p is at its floor (see P-values);
//   - the effect size is Cohen's dz = d̄ / s_d.
//
// PairedBatch does the same for many metrics measured on the same items at
// once, sharing one set of bootstrap weights and one set of sign flips
// among them so that every resample of every metric is one matrix product.
// For the same Options it gives the same figures as Paired, up to rounding.
//
// Unpaired is the fallback when the two iterations were scored on different
// items: the difference of the two means, a bootstrap that resamples each
// group on its own, a permutation test of the group labels (Welch's t test
// at the Monte Carlo floor) and Hedges' g.
//
// Metrics whose values are 0 or 1 have their own methods: Wilson's score
// interval for one proportion; for two independent groups the difference of
// proportions with Newcombe's hybrid score interval and the two-proportion
// z test (Proportions); for paired 0/1 values the paired bootstrap interval
// and McNemar's exact test (PairedBinary).
//
// # Intervals
//
// The plain percentile bootstrap interval undercovers at small n: its
// spread is the plug-in one, too small by √((n-1)/n), and its tails are
// normal where Student's t is right. On 15 paired items each tail of a
// nominal 95% interval was missed 4.6% of the time instead of 2.5%. Every
// bootstrap interval here is therefore Hesterberg's expanded percentile
// interval (Hesterberg, "What teachers should know about the bootstrap",
// The American Statistician 69(4), 2015, §3.2 and §4): the same
// resamples, read at the tails α'/2 = Φ(-√(n/(n-1)) t_{1-α/2, n-1})
// instead of α/2 (1.32% and 98.68% at n = 15 and 95%; nearly α/2 from a
// few hundred items on). Two independent groups use the ratio of the
// unbiased to the plug-in standard error in place of √(n/(n-1)) and
// Welch's degrees of freedom. BCa (Efron, JASA 82, 1987) was the
// alternative; it needs a jackknife per metric and corrects skewness
// rather than the small-n narrowness that caused the misses, and its own
// small-n coverage is no better than the percentile interval's
// (Hesterberg 2015, §4.1).
//
// # P-values
//
// A Monte Carlo test with B draws cannot give a p-value below 1/(B+1),
// and a correction for m tests multiplies that floor by up to m: with
// 1,000 draws Holm's procedure could declare none of 51 tests significant,
// however large the effects. When fewer than MinExceedances draws are at
// least as extreme as the data, a Monte Carlo test therefore reports the
// p-value of its asymptotic form instead: the paired t test (PairedT) for
// the sign-flip test, which keeps its level under the same symmetry
// hypothesis (Efron 1969), and Welch's t test (WelchT) for the
// permutation test. Result.PMethod says which p-value was used: "exact
// sign-flip", "sign-flip, 1,000 random signs", "paired t (Monte Carlo
// floor)", "permutation, 1,000 random splits", "Welch t (Monte Carlo
// floor)", "McNemar exact" or "two-proportion z".
//
// # Many comparisons, anomalies and planning
//
// Holm and BenjaminiHochberg adjust the p-values of a family of tests (the
// comparisons of one iteration and their slices); WeightedHolm and
// WeightedBH do the same with a weight per test, so that some tests get
// more of the error budget than others while the family keeps its
// guarantee (Holm 1979, §4; Genovese, Roeder and Wasserman 2006), and with
// equal weights they are Holm and BenjaminiHochberg exactly. Adjust
// chooses between them by name.
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
