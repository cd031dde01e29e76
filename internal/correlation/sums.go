package correlation

import (
	"fmt"
	"math"
)

// Sums are the sufficient statistics of Pearson's r that an engine sums
// without keeping the pairs: N pairs, SX = Σ x, SY = Σ y, SXX = Σ x²,
// SYY = Σ y² and SXY = Σ xy.
type Sums struct {
	N             float64
	SX, SY        float64
	SXX, SYY, SXY float64
}

// SumsOf returns the sums of the pairs of x and y (of equal length).
func SumsOf(x, y []float64) Sums {
	checkLen(x, y)
	s := Sums{N: float64(len(x))}
	for i := range x {
		s.SX += x[i]
		s.SY += y[i]
		s.SXX += x[i] * x[i]
		s.SYY += y[i] * y[i]
		s.SXY += x[i] * y[i]
	}
	return s
}

// Check returns an error when s cannot be the sums of real pairs: a
// negative or fractional count, a count of zero with non-zero sums, or a
// negative variance or a correlation beyond ±1 beyond rounding (a relative
// 1e-9).
func (s Sums) Check() error {
	sxx, syy, sxy := s.centred()
	switch {
	case math.IsNaN(s.N) || s.N < 0 || s.N != math.Trunc(s.N):
		return fmt.Errorf("count %v is not a non-negative whole number", s.N)
	case s.N == 0 && (s.SX != 0 || s.SY != 0 || s.SXX != 0 || s.SYY != 0 || s.SXY != 0):
		return fmt.Errorf("count 0 with non-zero sums")
	case sxx < -1e-9*s.SXX || syy < -1e-9*s.SYY:
		return fmt.Errorf("a sum of squares is below sum²/count: a variance would be negative")
	case sxy*sxy > max(sxx, 0)*max(syy, 0)*(1+1e-9)+1e-300:
		return fmt.Errorf("the cross sum gives a correlation beyond ±1")
	}
	return nil
}

// centred returns N times the variances and the covariance:
// Σ(x-x̄)² = SXX - SX²/N, Σ(y-ȳ)² = SYY - SY²/N, Σ(x-x̄)(y-ȳ) = SXY - SX·SY/N.
func (s Sums) centred() (sxx, syy, sxy float64) {
	if s.N == 0 {
		return 0, 0, 0
	}
	return s.SXX - s.SX*s.SX/s.N, s.SYY - s.SY*s.SY/s.N, s.SXY - s.SX*s.SY/s.N
}

// Add returns the sums of the union of the two samples.
func (s Sums) Add(o Sums) Sums {
	return Sums{N: s.N + o.N, SX: s.SX + o.SX, SY: s.SY + o.SY, SXX: s.SXX + o.SXX, SYY: s.SYY + o.SYY, SXY: s.SXY + o.SXY}
}

// Pearson returns Pearson's r from the sums,
//
//	r = (SXY - SX·SY/N) / sqrt((SXX - SX²/N)(SYY - SY²/N)),
//
// with the Fisher interval of Pearson (defined for N > 3). It is undefined
// for fewer than three pairs or a variable that does not vary (within a
// relative 1e-12, as rounding leaves it). The textbook formula loses
// accuracy when a mean is large compared with its spread; Pearson of the
// pairs is the accurate form when they are at hand.
func (s Sums) Pearson(level float64) Estimate {
	n := int(s.N)
	sxx, syy, sxy := s.centred()
	if n < minPairs || sxx <= 1e-12*s.SXX || syy <= 1e-12*s.SYY {
		return undefined(n)
	}
	return pearsonEstimate(sxy/math.Sqrt(sxx*syy), n, 0, normalQuantile(level))
}
