package correlation

import "gonum.org/v1/gonum/stat"

// Pearson returns Pearson's product-moment correlation of the complete pairs
// of x and y,
//
//	r = Σ (x_i - x̄)(y_i - ȳ) / sqrt(Σ (x_i - x̄)² Σ (y_i - ȳ)²),
//
// computed by gonum's stat.Correlation, with the interval tanh(atanh(r) ±
// z/sqrt(n - 3)) of Fisher (1921, "On the 'probable error' of a coefficient
// of correlation deduced from a small sample", Metron 1), defined for n > 3.
// It panics when x and y differ in length.
func Pearson(x, y []float64, level float64) Estimate {
	q := normalQuantile(level)
	cx, cy := complete(checkLen(x, y))
	n := len(cx)
	if n < minPairs || isConstant(cx) || isConstant(cy) {
		return undefined(n)
	}
	return pearsonEstimate(stat.Correlation(cx, cy, nil), n, 0, q)
}

// Spearman returns Spearman's rank correlation of the complete pairs of x
// and y: Pearson's r of their average ranks (Spearman 1904, "The proof and
// measurement of association between two things", Am. J. Psychol. 15), which
// stays exact with ties where the textbook 1 - 6Σd²/(n(n²-1)) does not. The
// interval is tanh(atanh(rho) ± z·sqrt((1 + rho²/2)/(n - 3))) of Bonett and
// Wright (2000, "Sample size requirements for estimating Pearson, Kendall
// and Spearman correlations", Psychometrika 65(1)), defined for n > 3.
// It panics when x and y differ in length.
func Spearman(x, y []float64, level float64) Estimate {
	return All(x, y, level).Spearman
}

// KendallTauB returns Kendall's tau-b of the complete pairs of x and y,
//
//	tau_b = (C - D) / sqrt((n0 - n1)(n0 - n2)),
//
// where C and D count the concordant and discordant pairs of items, n0 =
// n(n-1)/2, and n1 and n2 count the pairs tied in x and in y (Kendall 1945,
// "The treatment of ties in ranking problems", Biometrika 33(3)); it is
// exact with ties and equals scipy.stats.kendalltau's default. The
// computation is Knight's O(n log n) algorithm (see Variable). The interval
// is tanh(atanh(tau) ± z·sqrt(0.437/(n - 4))) of Fieller, Hartley and
// Pearson (1957, "Tests for rank correlation coefficients. I", Biometrika
// 44(3/4)), defined for n > 4; their variance was derived for untied data,
// and with many ties it is an approximation.
//
// gonum's stat.Kendall is not used: it computes a weighted tau-a in O(n²)
// time and counts some tied pairs as concordant, so for x = 1, 1, 2, 2, 3
// and y = 1, 2, 2, 1, 3 it gives 0.6 where tau-b is 0.5.
// It panics when x and y differ in length.
func KendallTauB(x, y []float64, level float64) Estimate {
	return All(x, y, level).Kendall
}

// All returns Pearson's r, Spearman's rho and Kendall's tau-b of the
// complete pairs of x and y with their intervals, as Pearson, Spearman and
// KendallTauB define them. It panics when x and y differ in length.
func All(x, y []float64, level float64) Pair {
	cx, cy := complete(checkLen(x, y))
	return Correlate(NewVariable(cx), NewVariable(cy), level)
}

// Correlate returns the three coefficients of two prepared variables of the
// same length. It panics when their lengths differ.
func Correlate(x, y *Variable, level float64) Pair {
	var b kendallBuffers
	return correlate(x, y, normalQuantile(level), &b)
}

// correlate is Correlate with the normal quantile q computed and scratch
// space supplied by the caller.
func correlate(x, y *Variable, q float64, b *kendallBuffers) Pair {
	if x.n != y.n {
		panic("correlation: variables of different lengths")
	}
	if x.missing || y.missing {
		cx, cy := complete(x.x, y.x)
		x, y = NewVariable(cx), NewVariable(cy)
	}
	n := x.n
	if n < minPairs || x.constant || y.constant {
		u := undefined(n)
		return Pair{u, u, u}
	}
	tau, _ := kendallTauB(x, y, b)
	return Pair{
		Pearson:  pearsonEstimate(dot(x.z, y.z), n, 0, q),
		Spearman: spearmanEstimate(dot(x.zr, y.zr), n, 0, q),
		Kendall:  kendallEstimate(tau, n, 0, q),
	}
}

// checkLen panics unless x and y have the same length, and returns them.
func checkLen(x, y []float64) ([]float64, []float64) {
	if len(x) != len(y) {
		panic("correlation: samples of different lengths")
	}
	return x, y
}

// isConstant reports whether x holds fewer than two distinct values.
func isConstant(x []float64) bool {
	for _, v := range x[min(1, len(x)):] {
		if v != x[0] {
			return false
		}
	}
	return true
}
