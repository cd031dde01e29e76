package compare

import (
	"math"

	"github.com/evalbook/evalbook/internal/stats"
)

// MaxExact is the largest number of pairs for which the sign-flip test
// enumerates all 2^n sign patterns instead of drawing random ones.
const MaxExact = 16

// Paired compares candidate values a with baseline values b measured on the
// same items, a[i] and b[i] on item i, through the differences
// d[i] = a[i] - b[i]. It is PairedDiffs of those differences; see there.
// Paired panics when a and b differ in length or opt is invalid.
func Paired(a, b []float64, opt Options) Result {
	if len(a) != len(b) {
		panic("compare: paired samples of different lengths")
	}
	d := make([]float64, len(a))
	for i := range a {
		d[i] = a[i] - b[i]
	}
	return PairedDiffs(d, opt)
}

// PairedDiffs compares two iterations through the differences d of their
// values on the same n items.
//
// Diff is the mean difference d̄ = (1/n) Σ d_i.
//
// CI is the expanded percentile bootstrap interval of d̄ (Efron and
// Tibshirani, "An Introduction to the Bootstrap", 1993, §13.3; Hesterberg,
// 2015, see expandedTail): opt.Resamples resamples of n items drawn with
// replacement, and the α'/2 and 1 - α'/2 quantiles of their mean
// differences, with α'/2 = Φ(-√(n/(n-1)) t_{1-α/2, n-1}) in place of the
// plain percentile interval's α/2, so that the interval keeps its coverage
// at small n (2.5% becomes 1.32% at n = 15, 2.40% at n = 200). Resampling
// whole items keeps each item's pairing. It is NaN when n < 2.
//
// P is the two-sided p-value of the paired sign-flip test (Fisher's
// randomisation test for paired data; Good, "Permutation, Parametric and
// Bootstrap Tests of Hypotheses", 3rd ed., 2005, §3.7.2). Under the
// hypothesis that the two iterations are exchangeable on every item, each
// d_i is as likely to have the opposite sign, so the statistic |Σ s_i d_i|
// with random signs s_i = ±1 has a known null distribution. When
// n ≤ MaxExact, P is the fraction of the 2^n sign patterns whose statistic
// is at least the observed |Σ d_i| (Exact is set); otherwise it counts the
// opt.Resamples random patterns that are, c, and is (c+1)/(Resamples+1)
// (see Phipson and Smyth, 2010) when c ≥ MinExceedances, else the paired
// t test's p-value (PairedT), which has no floor. PMethod says which.
// Differences of zero take part but never change the statistic.
//
// Effect is Cohen's dz = d̄ / s_d, with s_d the sample standard deviation
// of the differences (Cohen, "Statistical Power Analysis for the
// Behavioral Sciences", 2nd ed., 1988, §2.3.5; Lakens, Frontiers in
// Psychology 4:863, 2013, eq. 5). It is NaN when n < 2 or s_d = 0.
//
// With n = 0 every figure is NaN. PairedDiffs panics when opt is invalid.
func PairedDiffs(d []float64, opt Options) Result {
	opt.check()
	n := len(d)
	if n == 0 || hasNaN(d) {
		return nanResult(MethodPaired, true, n, n)
	}
	r := Result{Method: MethodPaired, Paired: true, N: n, NB: n}
	r.Diff = stats.Mean(d)
	r.Effect = cohenDz(d, r.Diff)
	r.CI = nanInterval()
	if n >= 2 {
		r.CI = bootstrapPaired(d, opt)
	}
	if n <= MaxExact {
		r.P, r.Exact, r.PMethod = exactSignFlip(d), true, PExactSignFlip
	} else {
		r.P, r.PMethod = signFlipP(d, signFlip(d, opt), opt.Resamples)
	}
	return r
}

func cohenDz(d []float64, mean float64) float64 {
	sd := stats.StdDev(d)
	if !(sd > 0) {
		return math.NaN()
	}
	return mean / sd
}

// bootstrapPaired returns the expanded percentile bootstrap interval of
// the mean of d, adding the drawn elements one at a time.
func bootstrapPaired(d []float64, opt Options) Interval {
	dr := stats.NewIndexDrawerSeed(stats.Seed(opt.Seed, streamBootstrap), len(d))
	idx := make([]uint32, len(d))
	means := make([]float64, opt.Resamples)
	n := float64(len(d))
	for b := range means {
		dr.Fill(idx)
		var s float64
		for _, i := range idx {
			s += d[i]
		}
		means[b] = s / n
	}
	return expanded(means, pairedTail(opt.Level, len(d)))
}

// signFlipP returns the p-value of the Monte Carlo sign-flip test of d
// whose B random patterns had count at least as extreme as the data, and
// its method (see floorP).
func signFlipP(d []float64, count, B int) (float64, string) {
	return floorP(count, B, pSignFlip(B), PPairedTFloor, func() float64 {
		_, p := PairedT(d)
		return p
	})
}

// signFlip returns how many of opt.Resamples random sign patterns of d are
// at least as extreme as d itself.
func signFlip(d []float64, opt Options) int {
	rng := stats.NewRand(stats.Seed(opt.Seed, streamPermutation))
	signs := make([]uint64, (len(d)+63)/64)
	obs := math.Abs(sum(d)) - sumTolerance(d, 1)
	count := 0
	for range opt.Resamples {
		fillSigns(rng, signs)
		var s float64
		for i, v := range d {
			if flipped(signs, i) {
				s -= v
			} else {
				s += v
			}
		}
		if math.Abs(s) >= obs {
			count++
		}
	}
	return count
}

// exactSignFlip returns the exact p-value of the sign-flip test of d, which
// has at most MaxExact elements, by enumerating every sign pattern. Pattern
// 0 (no flips) is the data itself.
func exactSignFlip(d []float64) float64 {
	obs := math.Abs(sum(d)) - sumTolerance(d, 1)
	return float64(extremeSigns(d, 0, obs)) / float64(int(1)<<len(d))
}

// extremeSigns counts the sign patterns of d whose sum, s ± d[0] ± d[1] ...
// added in that order, is at least obs in absolute value. Patterns that
// agree on their first signs share those partial sums: 2^(n+1) additions
// instead of n·2^n, while each pattern's sum is still the same additions
// in the same order, so the count is bit for bit that of summing each
// pattern on its own (TestExtremeSignsMatchesEnumeration).
func extremeSigns(d []float64, s, obs float64) int {
	switch len(d) {
	case 0:
		return btoi(math.Abs(s) >= obs)
	case 1:
		return btoi(math.Abs(s+d[0]) >= obs) + btoi(math.Abs(s-d[0]) >= obs)
	}
	return extremeSigns(d[1:], s+d[0], obs) + extremeSigns(d[1:], s-d[0], obs)
}

// btoi is 1 for true and 0 for false.
func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func sum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}
