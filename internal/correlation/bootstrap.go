package correlation

import (
	"math/rand/v2"
	"slices"

	"github.com/evalbook/evalbook/internal/stats"
	"gonum.org/v1/gonum/stat"
)

// Bootstrap returns the percentile bootstrap interval of coefficient c of
// the complete pairs of x and y (Efron and Tibshirani, "An Introduction to
// the Bootstrap", 1993, §13.3): it draws resamples samples of n pairs with
// replacement, keeping each x_i with its y_i, computes the coefficient of
// each (re-ranking for Spearman and Kendall), and returns the (1-level)/2
// and 1-(1-level)/2 sample quantiles of those coefficients by
// stats.Quantile (Hyndman and Fan's type 7).
//
// The random numbers come from rng alone, so a fixed seed (stats.NewRand of
// stats.Seed) gives the same interval on every run. Resamples in which
// either variable is constant have no coefficient and are left out; ok is
// false when the coefficient of the sample itself is undefined or no
// resample has one. It panics when resamples < 1, level is outside (0, 1),
// or x and y differ in length.
func Bootstrap(x, y []float64, c Coefficient, resamples int, level float64, rng *rand.Rand) (low, high float64, ok bool) {
	if resamples < 1 {
		panic("correlation: fewer than one bootstrap resample")
	}
	normalQuantile(level) // checks level
	cx, cy := complete(checkLen(x, y))
	n := len(cx)
	if n < minPairs || isConstant(cx) || isConstant(cy) {
		return 0, 0, false
	}
	xs, ys := make([]float64, n), make([]float64, n)
	coefs := make([]float64, 0, resamples)
	var b kendallBuffers
	for range resamples {
		for i := range xs {
			j := rng.IntN(n)
			xs[i], ys[i] = cx[j], cy[j]
		}
		if r, ok := coefficient(xs, ys, c, &b); ok {
			coefs = append(coefs, r)
		}
	}
	if len(coefs) == 0 {
		return 0, 0, false
	}
	slices.Sort(coefs)
	a := (1 - level) / 2
	return stats.Quantile(coefs, a), stats.Quantile(coefs, 1-a), true
}

// coefficient returns coefficient c of complete samples x and y, and
// whether it is defined.
func coefficient(x, y []float64, c Coefficient, b *kendallBuffers) (float64, bool) {
	if isConstant(x) || isConstant(y) {
		return 0, false
	}
	switch c {
	case R:
		return clamp(stat.Correlation(x, y, nil)), true
	case Rho:
		return clamp(dot(NewVariable(x).zr, NewVariable(y).zr)), true
	case TauB:
		tau, ok := kendallTauB(NewVariable(x), NewVariable(y), b)
		return clamp(tau), ok
	}
	panic("correlation: unknown coefficient")
}
