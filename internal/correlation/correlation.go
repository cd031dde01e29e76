// Package correlation measures how closely two paired samples agree: an
// automated metric and the human consensus of a dimension, scored on the
// same items. It offers Pearson's r, Spearman's rho and Kendall's tau-b, each
// with its sample size and a confidence interval at any level; a percentile
// bootstrap interval for any of the three; partial correlation controlling
// for a grouping variable (a system or iteration); and Matrix, which
// computes all three coefficients for every metric-dimension pair of large
// samples in parallel.
//
// Every function is pure: it reads plain []float64 slices, never modifies
// them, does no I/O and returns plain structs.
//
// # Missing and degenerate input
//
// A value that is NaN or infinite is missing: a pair (x_i, y_i) in which
// either value is missing is left out (complete-case analysis), and N counts
// the pairs that remain. No result holds a NaN. A coefficient is undefined
// when fewer than three pairs remain or when either variable is constant
// over them; an interval is undefined when the sample is too small for its
// standard error (see each function). Undefined figures are reported by
// Estimate.OK and Estimate.CIOK being false, with zero values in their
// place, so a caller can render "undefined" rather than a number.
//
// # Conventions
//
// Ranks are average ranks: tied values share the mean of the positions they
// occupy, as in scipy.stats.rankdata's default and R's rank. Intervals are
// two-sided at the given level (0.95 for a 95 % interval), with the normal
// quantile z = Φ⁻¹(1 - (1 - level)/2) from gonum's distuv.Normal. Arguments
// that can only be wrong through a programming error (slices of unequal
// length, a level outside (0, 1)) cause a panic.
package correlation

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Estimate is one correlation coefficient of a paired sample with its
// confidence interval.
type Estimate struct {
	// Coef is the coefficient, in [-1, 1]; zero when OK is false.
	Coef float64
	// Low and High bound the confidence interval; zero when CIOK is false.
	Low, High float64
	// N is the number of complete pairs the estimate rests on.
	N int
	// OK reports whether the coefficient is defined: at least three
	// complete pairs and neither variable constant over them.
	OK bool
	// CIOK reports whether the interval is defined.
	CIOK bool
}

// Pair holds the three coefficients of one pair of variables.
type Pair struct {
	Pearson, Spearman, Kendall Estimate
}

// Coefficient names one of the three coefficients, for Bootstrap.
type Coefficient int

// The coefficients.
const (
	R    Coefficient = iota // Pearson's r
	Rho                     // Spearman's rho
	TauB                    // Kendall's tau-b
)

// String returns the coefficient's name as it appears in reports:
// "pearson", "spearman" or "kendall_tau_b".
func (c Coefficient) String() string {
	switch c {
	case R:
		return "pearson"
	case Rho:
		return "spearman"
	case TauB:
		return "kendall_tau_b"
	}
	return "coefficient(?)"
}

// minPairs is the smallest sample for which a coefficient is reported.
const minPairs = 3

// normalQuantile returns Φ⁻¹(1 - (1-level)/2), the multiplier of a
// two-sided normal interval at the given level. It panics when level is not
// strictly between 0 and 1.
func normalQuantile(level float64) float64 {
	if !(level > 0 && level < 1) {
		panic("correlation: confidence level outside (0, 1)")
	}
	return distuv.Normal{Mu: 0, Sigma: 1}.Quantile(1 - (1-level)/2)
}

// fisherInterval returns the interval tanh(atanh(r) ± q·se), the Fisher
// (1921) z-transform interval of a correlation whose transform has standard
// error se. A coefficient of ±1 gives the degenerate interval [r, r].
func fisherInterval(r, se, q float64) (low, high float64) {
	z := math.Atanh(r)
	return math.Tanh(z - q*se), math.Tanh(z + q*se)
}

// clamp keeps a coefficient inside [-1, 1] against rounding error.
func clamp(r float64) float64 {
	return max(-1, min(1, r))
}

// estimate assembles an Estimate of coefficient r over n pairs whose
// Fisher-z standard error is sqrt(variance/(n - lost)), where lost is the
// number of degrees of freedom the variance formula gives up; the interval
// is defined when n - lost > 0.
func estimate(r float64, n int, variance float64, lost int, q float64) Estimate {
	e := Estimate{Coef: clamp(r), N: n, OK: true}
	if df := n - lost; df > 0 {
		e.Low, e.High = fisherInterval(e.Coef, math.Sqrt(variance/float64(df)), q)
		e.CIOK = true
	}
	return e
}

// pearsonEstimate is Pearson's r with its Fisher interval: the variance of
// atanh(r) is 1/(n - 3) (Fisher 1921). covariates is the number of
// variables partialled out, each of which costs one degree of freedom.
func pearsonEstimate(r float64, n, covariates int, q float64) Estimate {
	return estimate(r, n, 1, 3+covariates, q)
}

// spearmanEstimate is Spearman's rho with the interval of Bonett and Wright
// (2000), who give atanh(rho) the variance (1 + rho²/2)/(n - 3).
func spearmanEstimate(rho float64, n, covariates int, q float64) Estimate {
	return estimate(rho, n, 1+rho*rho/2, 3+covariates, q)
}

// kendallEstimate is Kendall's tau-b with the interval of Fieller, Hartley
// and Pearson (1957), who give atanh(tau) the variance 0.437/(n - 4).
func kendallEstimate(tau float64, n, covariates int, q float64) Estimate {
	return estimate(tau, n, 0.437, 4+covariates, q)
}

// undefined is the Estimate of a coefficient that cannot be computed.
func undefined(n int) Estimate {
	return Estimate{N: n}
}
