package compare

import (
	"math"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/evalbook/evalbook/internal/stats"
	"gonum.org/v1/gonum/stat/distuv"
)

// MinExceedances is the fewest random arrangements at least as extreme as
// the data for which a Monte Carlo test reports its own p-value. With
// fewer, its p-value (c+1)/(B+1) says little more than "below 11/(B+1)"
// and has a floor of 1/(B+1) that a multiple-comparison correction
// multiplies past alpha (with 1,000 draws, Holm can declare none of 51
// tests significant); the test's asymptotic p-value takes its place (see
// PairedT and WelchT). Ten exceedances give the Monte Carlo p a relative
// standard error of about 1/√10 ≈ 0.32, the coarsest we report.
const MinExceedances = 10

// The p-value methods of a Result, in words fit for a page (PMethod).
const (
	PExactSignFlip = "exact sign-flip"
	PPairedTFloor  = "paired t (Monte Carlo floor)"
	PMcNemar       = "McNemar exact"
	PWelchTFloor   = "Welch t (Monte Carlo floor)"
	PTwoPropZ      = "two-proportion z"
)

// pSignFlip and pPermutation word the Monte Carlo p-values of B draws, as
// "sign-flip, 1,000 random signs". The words of the last B are kept
// (worded): a batch words thousands of p-values, all with one B.
func pSignFlip(b int) string    { return signFlipWords.of(b) }
func pPermutation(b int) string { return permutationWords.of(b) }

var (
	signFlipWords    = wording{pre: "sign-flip, ", post: " random signs"}
	permutationWords = wording{pre: "permutation, ", post: " random splits"}
)

// wording words counts as pre + thousands(b) + post, keeping the last.
type wording struct {
	pre, post string
	last      atomic.Pointer[worded]
}

// worded is a count and its words.
type worded struct {
	b     int
	words string
}

// of returns the words of b.
func (w *wording) of(b int) string {
	if l := w.last.Load(); l != nil && l.b == b {
		return l.words
	}
	l := &worded{b, w.pre + thousands(b) + w.post}
	w.last.Store(l)
	return l.words
}

// thousands formats a count with comma separators, 1000 as "1,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// PairedT returns the paired (one-sample) t test of mean zero for the
// differences d: t = d̄ / (s_d/√n) with n - 1 degrees of freedom and its
// two-sided p-value 2 P(T_{n-1} ≥ |t|) (scipy.stats.ttest_rel, R's
// t.test(paired = TRUE)). For Student's sleep data (R's sleep, group 1
// minus group 2) t = -4.0621 and p = 0.002833.
//
// It is the large-sample form of the sign-flip test: under the sign-flip
// hypothesis (differences symmetric about zero) the t test keeps its level
// (Efron, "Student's t-test under symmetry conditions", JASA 64, 1969), and
// the sign-flip distribution of Σ d_i approaches the normal. When every
// difference is equal and not zero, t is infinite and p is 0; when they
// are all zero, t and p are NaN. Both are NaN when n < 2.
func PairedT(d []float64) (t, p float64) {
	n := float64(len(d))
	if n < 2 || hasNaN(d) {
		return math.NaN(), math.NaN()
	}
	t = stats.Mean(d) / (stats.StdDev(d) / math.Sqrt(n))
	return t, tTwoSided(t, n-1)
}

// WelchT returns Welch's t test of equal means for two independent groups
// (Welch, "The generalization of 'Student's' problem when several different
// population variances are involved", Biometrika 34, 1947):
//
//	t = (ā - b̄) / √(s_a²/n_a + s_b²/n_b),
//	ν = (s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)²/(n_a-1) + (s_b²/n_b)²/(n_b-1)),
//
// with the two-sided p-value 2 P(T_ν ≥ |t|) (scipy.stats.ttest_ind with
// equal_var=False; R's t.test). For Student's sleep data as two groups
// t = -1.8608, ν = 17.776 and p = 0.07939. It is the large-sample form of
// the permutation test of Unpaired. When both groups are constant, t is
// infinite (different means, p 0) or NaN (equal means). Every figure is
// NaN when a group has fewer than two values.
func WelchT(a, b []float64) (t, df, p float64) {
	na, nb := float64(len(a)), float64(len(b))
	if na < 2 || nb < 2 || hasNaN(a) || hasNaN(b) {
		return math.NaN(), math.NaN(), math.NaN()
	}
	va, vb := stats.Variance(a)/na, stats.Variance(b)/nb
	t = (stats.Mean(a) - stats.Mean(b)) / math.Sqrt(va+vb)
	df = welchDF(va, na, vb, nb)
	return t, df, tTwoSided(t, df)
}

// welchDF returns the Welch-Satterthwaite degrees of freedom from the
// squared standard errors va = s_a²/n_a and vb = s_b²/n_b; NaN when both
// are 0.
func welchDF(va, na, vb, nb float64) float64 {
	return (va + vb) * (va + vb) / (va*va/(na-1) + vb*vb/(nb-1))
}

// tTwoSided returns 2 P(T_df ≥ |t|): 0 for an infinite t, NaN for a NaN t.
// When df is NaN (no spread at all) an infinite t still gives 0.
func tTwoSided(t, df float64) float64 {
	switch {
	case math.IsNaN(t):
		return math.NaN()
	case math.IsInf(t, 0):
		return 0
	}
	return 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t))
}

// expandedTail returns the lower tail probability α'/2 of Hesterberg's
// expanded percentile interval (Hesterberg, "What teachers should know
// about the bootstrap: resampling in the undergraduate statistics
// curriculum", The American Statistician 69(4), 2015, §3.2 and §4):
//
//	α'/2 = Φ(-f t_{1-α/2, ν}),   α = 1 - level,
//
// which widens the percentile interval by the two things it misses at
// small n: the bootstrap's plug-in variance is too small by the factor
// f², and the normal quantile too short against Student's t with ν
// degrees of freedom. For a mean, f = √(n/(n-1)) and ν = n - 1; at n = 15
// and 95% the tails become 1.32% and 98.68%. When f or ν is not a positive
// number (no spread) it returns the plain tail (1-level)/2.
func expandedTail(level, f, nu float64) float64 {
	plain := (1 - level) / 2
	if !(f > 0) || !(nu > 0) || math.IsInf(f, 0) || math.IsInf(nu, 0) {
		return plain
	}
	tq := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: nu}.Quantile(1 - plain)
	return distuv.UnitNormal.CDF(-f * tq)
}

// pairedTail is expandedTail for the mean of n paired differences. It
// depends on level and n alone and costs a Student t quantile, so the
// values are kept (pairedTails): a build asks for a few sizes thousands of
// times.
func pairedTail(level float64, n int) float64 {
	key := tailKey{level, n}
	if t, ok := pairedTails.Load(key); ok {
		return t.(float64)
	}
	nf := float64(n)
	t := expandedTail(level, math.Sqrt(nf/(nf-1)), nf-1)
	pairedTails.Store(key, t)
	return t
}

// tailKey is the key of pairedTails.
type tailKey struct {
	level float64
	n     int
}

// pairedTails maps a tailKey to its pairedTail.
var pairedTails sync.Map

// unpairedTail is expandedTail for a difference of two means: f² is the
// ratio of the unbiased squared standard error s_a²/n_a + s_b²/n_b to the
// bootstrap's plug-in s_a²(n_a-1)/n_a² + s_b²(n_b-1)/n_b², and ν Welch's
// degrees of freedom. With equal variances and sizes this is the paired
// rule's √(n/(n-1)); with one group much noisier it tends to that group's.
func unpairedTail(level float64, a, b []float64) float64 {
	na, nb := float64(len(a)), float64(len(b))
	va, vb := stats.Variance(a)/na, stats.Variance(b)/nb
	plug := va*(na-1)/na + vb*(nb-1)/nb
	return expandedTail(level, math.Sqrt((va+vb)/plug), welchDF(va, na, vb, nb))
}

// expanded returns the interval of the resample estimates x between the
// tail and 1-tail quantiles (type 7). It reorders x.
func expanded(x []float64, tail float64) Interval {
	low, high := stats.PercentileRange(x, tail, 1-tail)
	return Interval{low, high}
}
