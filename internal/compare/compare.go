package compare

import (
	"math"
)

// Options configures the resampling behind a comparison.
type Options struct {
	// Level is the confidence level of intervals, for example 0.95.
	Level float64
	// Resamples is the number of bootstrap resamples, and of random
	// arrangements drawn by a Monte Carlo test.
	Resamples int
	// Seed identifies the comparison's random streams (see the package
	// documentation).
	Seed uint64
}

// check panics when o cannot be used.
func (o Options) check() {
	if o.Resamples < 1 {
		panic("compare: need at least one resample")
	}
	checkLevel(o.Level)
}

func checkLevel(level float64) {
	if !(level > 0 && level < 1) {
		panic("compare: confidence level outside (0, 1)")
	}
}

// The names of the random streams a comparison draws from.
const (
	streamBootstrap   = "bootstrap"
	streamPermutation = "permutation"
)

// Interval is a confidence interval. Both ends are NaN when it is undefined.
type Interval struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

func nanInterval() Interval { return Interval{math.NaN(), math.NaN()} }

// Method names the procedures behind a Result, in words fit for a page.
type Method string

// The methods of this package's comparisons.
const (
	MethodPaired       Method = "paired bootstrap, sign-flip test"
	MethodUnpaired     Method = "unpaired bootstrap, permutation test"
	MethodProportions  Method = "Newcombe interval, two-proportion z test"
	MethodPairedBinary Method = "paired bootstrap, McNemar exact test"
)

// Result is the comparison of a candidate (a) with a baseline (b).
type Result struct {
	Method Method `json:"method"`
	// Paired is true when a and b were measured on the same items.
	Paired bool `json:"paired"`
	// N is the number of pairs (paired) or of candidate values; NB the
	// number of baseline values, equal to N when paired.
	N  int `json:"n"`
	NB int `json:"n_b"`
	// Diff is the estimated difference a - b: the mean difference, or the
	// difference of proportions.
	Diff float64 `json:"diff"`
	// CI is the confidence interval of Diff at Options.Level.
	CI Interval `json:"ci"`
	// P is the two-sided p-value of the hypothesis of no difference.
	P float64 `json:"p"`
	// Exact is true when P comes from every arrangement of the data rather
	// than from random draws or a normal approximation.
	Exact bool `json:"exact"`
	// PMethod says in a few words which p-value P is: PExactSignFlip,
	// "sign-flip, 1,000 random signs", PPairedTFloor, "permutation, 1,000
	// random splits", PWelchTFloor, PMcNemar or PTwoPropZ; "" when P is NaN
	// because there is no data.
	PMethod string `json:"p_method"`
	// Effect is the standardised effect size: Cohen's dz (paired), Hedges'
	// g (unpaired) or Cohen's h (proportions).
	Effect float64 `json:"effect"`
}

// nanResult returns a Result whose figures are all NaN.
func nanResult(m Method, paired bool, n, nb int) Result {
	return Result{
		Method: m, Paired: paired, N: n, NB: nb,
		Diff: math.NaN(), CI: nanInterval(), P: math.NaN(), Effect: math.NaN(),
	}
}

func hasNaN(x []float64) bool {
	for _, v := range x {
		if v != v { // math.IsNaN, inline: a function call per value costs more
			return true
		}
	}
	return false
}

// sumTolerance bounds the rounding error of a sum of ±x[i] (or of weighted
// sums with weights of size at most w) computed in any order: 8 n ε w Σ|x|
// (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., §4.2,
// with a safety factor). Tests count an arrangement as at least as extreme
// as the data when its statistic is within this distance of the data's, so
// that equal statistics computed along different paths are never told
// apart by rounding.
func sumTolerance(x []float64, w float64) float64 {
	var s float64
	for _, v := range x {
		s += math.Abs(v)
	}
	return 8 * float64(len(x)) * 0x1p-52 * w * s
}

// mcP returns the Monte Carlo p-value (count+1)/(draws+1) of Phipson and
// Smyth, "Permutation p-values should never be zero", Statistical
// Applications in Genetics and Molecular Biology 9(1), 2010: the observed
// arrangement counts as one of the draws, so p is never below
// 1/(draws+1) and the test keeps its level.
func mcP(count, draws int) float64 {
	return float64(count+1) / float64(draws+1)
}

// floorP returns the p-value of a Monte Carlo test that found count of
// draws arrangements at least as extreme as the data: mcP with the method
// mc when count reaches MinExceedances, else the test's asymptotic p-value
// asym() with the method floor (unless that is NaN).
func floorP(count, draws int, mc, floor string, asym func() float64) (float64, string) {
	if count < MinExceedances {
		if p := asym(); !math.IsNaN(p) {
			return p, floor
		}
	}
	return mcP(count, draws), mc
}
