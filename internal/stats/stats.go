// Package stats provides the numeric building blocks of evalbook's analyses:
// the mean, the sample variance and standard deviation, sample quantiles, a
// percentile bootstrap confidence interval of the mean, and reproducible
// seeds for the bootstrap's random numbers.
//
// Every function is pure: it reads its arguments, never modifies them, and
// does no I/O. Estimators follow published definitions, named in each
// function's documentation together with a reference, and are tested against
// published values or worked examples.
//
// Conventions follow gonum's stat package: an estimate that is undefined for
// the given sample size (the mean of nothing, the variance of one value) is
// NaN, and arguments that can only be wrong through a programming error (a
// probability outside [0, 1], unsorted input where sorted input is required)
// cause a panic.
package stats

import (
	"math"
	"math/bits"
)

// Mean returns the arithmetic mean of x,
//
//	mean = (1/n) Σ x_i,
//
// or NaN when x is empty.
//
// The plain sum is refined by a second pass that adds the mean of the
// residuals x_i - mean, which recovers most of the rounding error of the
// first pass (Higham, "Accuracy and Stability of Numerical Algorithms",
// 2nd ed., 2002, §1.9 and ch. 4). When the sum of finite values overflows,
// the terms are divided by n before they are added, so the mean of values
// near the largest float64 is still finite.
func Mean(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	n := float64(len(x))
	var s float64
	for _, v := range x {
		s += v
	}
	m := s / n
	if math.IsInf(m, 0) {
		m = scaledMean(x)
		if math.IsInf(m, 0) {
			return m // x holds an infinity; no refinement applies
		}
	}
	var r float64
	for _, v := range x {
		r += v - m
	}
	if math.IsInf(r, 0) {
		return m // residuals too large to represent: keep the first pass
	}
	return m + r/n
}

// Variance returns the unbiased sample variance of x,
//
//	s² = Σ (x_i - mean)² / (n - 1),
//
// or NaN when x has fewer than two values.
//
// It uses the corrected two-pass algorithm of Chan, Golub and LeVeque,
// "Algorithms for computing the sample variance: analysis and
// recommendations", The American Statistician 37(3), 1983, eq. 1.7:
//
//	s² = (Σ d_i² - (Σ d_i)² / n) / (n - 1),   d_i = x_i - mean,
//
// whose second term removes the error left in the computed mean. Unlike the
// one-pass textbook formula (Σ x² - n mean²) it does not lose accuracy when
// the mean is large compared with the spread.
func Variance(x []float64) float64 {
	if len(x) < 2 {
		return math.NaN()
	}
	m := Mean(x)
	var ss, c float64
	for _, v := range x {
		d := v - m
		ss += d * d
		c += d
	}
	n := float64(len(x))
	return (ss - c*c/n) / (n - 1)
}

// scaledMean returns the mean of x computed from the values scaled down by
// a power of two at least len(x), so the sum cannot overflow. Scaling by a
// power of two is exact for all but subnormal values, which are too small to
// matter next to a sum that overflowed.
func scaledMean(x []float64) float64 {
	k := bits.Len(uint(len(x)))
	var s float64
	for _, v := range x {
		s += math.Ldexp(v, -k)
	}
	return math.Ldexp(s/float64(len(x)), k)
}

// StdDev returns the sample standard deviation of x, the square root of
// Variance(x), or NaN when x has fewer than two values.
func StdDev(x []float64) float64 {
	return math.Sqrt(Variance(x))
}
