package compare

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// zQuantile returns the standard normal quantile z_p.
func zQuantile(p float64) float64 { return distuv.UnitNormal.Quantile(p) }

// Wilson returns Wilson's score interval for a proportion with k successes
// in n trials at the given level (Wilson, "Probable inference, the law of
// succession, and statistical inference", JASA 22, 1927; Newcombe,
// "Two-sided confidence intervals for the single proportion: comparison of
// seven methods", Statistics in Medicine 17, 1998, method 3):
//
//	(p̂ + z²/2n ± z √(p̂(1-p̂)/n + z²/4n²)) / (1 + z²/n),
//
// with p̂ = k/n and z the (1+level)/2 standard normal quantile. Unlike the
// Wald interval p̂ ± z √(p̂(1-p̂)/n) it stays inside [0, 1] and does not
// collapse to a point when k is 0 or n. For example 81 of 263 gives
// 0.2553 to 0.3662 at 95%.
//
// Both ends are NaN when n is 0. Wilson panics when k is outside [0, n] or
// level outside (0, 1).
func Wilson(k, n int, level float64) Interval {
	checkLevel(level)
	checkCount(k, n)
	if n == 0 {
		return nanInterval()
	}
	z := zQuantile(1 - (1-level)/2)
	nf, p := float64(n), float64(k)/float64(n)
	z2 := z * z
	centre := p + z2/(2*nf)
	half := z * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	den := 1 + z2/nf
	lo, hi := (centre-half)/den, (centre+half)/den
	// At k = 0 and k = n the exact ends are 0 and 1; keep rounding from
	// moving them.
	if k == 0 {
		lo = 0
	}
	if k == n {
		hi = 1
	}
	return Interval{lo, hi}
}

func checkCount(k, n int) {
	if n < 0 || k < 0 || k > n {
		panic("compare: successes outside [0, n]")
	}
}

// NewcombeDiff returns Newcombe's hybrid score interval for the difference
// p₁ - p₂ of two independent proportions, k1 of n1 and k2 of n2 (Newcombe,
// "Interval estimation for the difference between independent
// proportions: comparison of eleven methods", Statistics in Medicine 17,
// 1998, method 10). With (l₁, u₁) and (l₂, u₂) the Wilson intervals of the
// two proportions at the same level,
//
//	low  = p̂₁ - p̂₂ - √((p̂₁ - l₁)² + (u₂ - p̂₂)²)
//	high = p̂₁ - p̂₂ + √((u₁ - p̂₁)² + (p̂₂ - l₂)²).
//
// For example 56/70 against 48/80 gives 0.0524 to 0.3339 at 95%. Both ends
// are NaN when n1 or n2 is 0. NewcombeDiff panics on counts outside
// [0, n] or a level outside (0, 1).
func NewcombeDiff(k1, n1, k2, n2 int, level float64) Interval {
	w1, w2 := Wilson(k1, n1, level), Wilson(k2, n2, level)
	if n1 == 0 || n2 == 0 {
		return nanInterval()
	}
	p1, p2 := float64(k1)/float64(n1), float64(k2)/float64(n2)
	d := p1 - p2
	return Interval{
		Low:  d - math.Hypot(p1-w1.Low, w2.High-p2),
		High: d + math.Hypot(w1.High-p1, p2-w2.Low),
	}
}

// TwoProportionZ returns the two-proportion z test of p₁ = p₂ for k1 of n1
// against k2 of n2 (Agresti, "Categorical Data Analysis", 3rd ed., 2013,
// §3.1.3), with the pooled proportion p̄ = (k1+k2)/(n1+n2) in the standard
// error:
//
//	z = (p̂₁ - p̂₂) / √(p̄(1-p̄)(1/n1 + 1/n2)),   p = 2 (1 - Φ(|z|)).
//
// It equals Pearson's chi-squared test of the 2 × 2 table without
// continuity correction (z² = X²). When p̄ is 0 or 1 both groups are
// identical, and z is 0 and p is 1. Both are NaN when n1 or n2 is 0.
// TwoProportionZ panics on counts outside [0, n].
func TwoProportionZ(k1, n1, k2, n2 int) (z, p float64) {
	checkCount(k1, n1)
	checkCount(k2, n2)
	if n1 == 0 || n2 == 0 {
		return math.NaN(), math.NaN()
	}
	if k1+k2 == 0 || k1+k2 == n1+n2 {
		return 0, 1
	}
	f1, f2 := float64(n1), float64(n2)
	pool := float64(k1+k2) / (f1 + f2)
	z = (float64(k1)/f1 - float64(k2)/f2) / math.Sqrt(pool*(1-pool)*(1/f1+1/f2))
	return z, 2 * distuv.UnitNormal.Survival(math.Abs(z))
}

// Proportions compares two independent proportions, k1 of n1 (candidate)
// against k2 of n2 (baseline): Diff is p̂₁ - p̂₂, CI the NewcombeDiff
// interval, P the TwoProportionZ p-value, and Effect Cohen's h,
//
//	h = 2 arcsin √p̂₁ - 2 arcsin √p̂₂
//
// (Cohen, 1988, §6.2), the difference on the variance-stabilising arcsine
// scale. Every figure is NaN when n1 or n2 is 0. Proportions panics on
// counts outside [0, n] or a level outside (0, 1).
func Proportions(k1, n1, k2, n2 int, level float64) Result {
	r := nanResult(MethodProportions, false, n1, n2)
	r.CI = NewcombeDiff(k1, n1, k2, n2, level)
	_, r.P = TwoProportionZ(k1, n1, k2, n2)
	if n1 == 0 || n2 == 0 {
		return r
	}
	r.PMethod = PTwoPropZ
	p1, p2 := float64(k1)/float64(n1), float64(k2)/float64(n2)
	r.Diff = p1 - p2
	r.Effect = 2*math.Asin(math.Sqrt(p1)) - 2*math.Asin(math.Sqrt(p2))
	return r
}

// McNemarExact returns the two-sided p-value of McNemar's exact test of
// paired 0/1 outcomes with b pairs where only the candidate succeeded and c
// where only the baseline did (McNemar, Psychometrika 12, 1947; the exact
// conditional form in Fagerland, Lydersen and Laake, "The McNemar test for
// binary matched-pairs data", BMC Medical Research Methodology 13:91,
// 2013). Given the b + c discordant pairs, b follows Binomial(b+c, 1/2)
// when the two iterations are equally good, and
//
//	p = min(1, 2 P(X ≤ min(b, c))),   X ~ Binomial(b+c, 1/2).
//
// Concordant pairs carry no information on the difference. With no
// discordant pairs p is 1. McNemarExact panics on negative counts.
func McNemarExact(b, c int) float64 {
	if b < 0 || c < 0 {
		panic("compare: negative count")
	}
	n := b + c
	if n == 0 {
		return 1
	}
	tail := distuv.Binomial{N: float64(n), P: 0.5}.CDF(float64(min(b, c)))
	return math.Min(1, 2*tail)
}

// PairedBinary compares paired 0/1 outcomes, a[i] and b[i] on item i
// (true is a success). Diff, CI and Effect are those of PairedDiffs on the
// differences a[i] - b[i] in {-1, 0, 1}: the difference of the two success
// rates, its paired bootstrap interval and Cohen's dz. P is McNemarExact on
// the discordant pairs, which is exact (Exact is set). PairedBinary panics
// when a and b differ in length or opt is invalid.
func PairedBinary(a, b []bool, opt Options) Result {
	if len(a) != len(b) {
		panic("compare: paired samples of different lengths")
	}
	d := make([]float64, len(a))
	var onlyA, onlyB int
	for i := range a {
		switch {
		case a[i] && !b[i]:
			d[i], onlyA = 1, onlyA+1
		case b[i] && !a[i]:
			d[i], onlyB = -1, onlyB+1
		}
	}
	opt.check()
	n := len(d)
	r := nanResult(MethodPairedBinary, true, n, n)
	if n == 0 {
		return r
	}
	r.Diff = float64(onlyA-onlyB) / float64(n)
	r.Effect = cohenDz(d, r.Diff)
	if n >= 2 {
		r.CI = bootstrapPaired(d, opt)
	}
	r.P, r.Exact, r.PMethod = McNemarExact(onlyA, onlyB), true, PMcNemar
	return r
}
