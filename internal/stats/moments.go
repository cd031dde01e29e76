package stats

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Moments are the sufficient statistics of a sample's mean and variance
// that an engine sums without keeping the values: the count N, the sum
// Sum = Σ x_i and the sum of squares SumSq = Σ x_i².
type Moments struct {
	N          float64
	Sum, SumSq float64
}

// Check returns an error when m cannot be the moments of a sample: a
// negative or fractional count, a count of zero with a non-zero sum or sum
// of squares, a negative sum of squares, or a variance below zero beyond
// rounding (Σ x² < (Σ x)²/n by more than a relative 1e-9).
func (m Moments) Check() error {
	switch {
	case math.IsNaN(m.N) || m.N < 0 || m.N != math.Trunc(m.N):
		return fmt.Errorf("count %v is not a non-negative whole number", m.N)
	case !IsFinite(m.Sum) || !IsFinite(m.SumSq):
		return fmt.Errorf("sum %v or sum of squares %v is not finite", m.Sum, m.SumSq)
	case m.N == 0 && (m.Sum != 0 || m.SumSq != 0):
		return fmt.Errorf("count 0 with sum %v and sum of squares %v", m.Sum, m.SumSq)
	case m.SumSq < 0:
		return fmt.Errorf("sum of squares %v is negative", m.SumSq)
	case m.N > 0 && m.SumSq-m.Sum*m.Sum/m.N < -1e-9*m.SumSq:
		return fmt.Errorf("sum of squares %v is below sum²/count = %v: the variance would be negative", m.SumSq, m.Sum*m.Sum/m.N)
	}
	return nil
}

// Mean returns Sum/N, or NaN when N is 0.
func (m Moments) Mean() float64 {
	if m.N == 0 {
		return math.NaN()
	}
	return m.Sum / m.N
}

// Variance returns the unbiased sample variance from the moments,
//
//	s² = (Σ x² - (Σ x)²/n) / (n - 1),
//
// clamped at 0 (rounding can take the textbook formula a hair below), or
// NaN when N < 2. It loses accuracy when the mean is large compared with
// the spread (Chan, Golub and LeVeque 1983); Variance of the values is the
// accurate form when the values are at hand.
func (m Moments) Variance() float64 {
	if m.N < 2 {
		return math.NaN()
	}
	return max(0, (m.SumSq-m.Sum*m.Sum/m.N)/(m.N-1))
}

// StdDev returns the square root of Variance.
func (m Moments) StdDev() float64 { return math.Sqrt(m.Variance()) }

// TInterval returns the Student t interval of the mean at level conf
// (0.95 for 95%),
//
//	mean ± t_{(1+conf)/2, n-1} s / √n,
//
// and false when N < 2. The quantile is gonum's distuv.StudentsT.
func (m Moments) TInterval(conf float64) (lo, hi float64, ok bool) {
	if m.N < 2 {
		return 0, 0, false
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: m.N - 1}.Quantile((1 + conf) / 2)
	h := t * m.StdDev() / math.Sqrt(m.N)
	mean := m.Mean()
	return mean - h, mean + h, true
}

// MomentsOf returns the moments of x.
func MomentsOf(x []float64) Moments {
	m := Moments{N: float64(len(x))}
	for _, v := range x {
		m.Sum += v
		m.SumSq += v * v
	}
	return m
}

// TTest returns the two-sided p-value of Student's one-sample t test of
// mean 0 (for paired differences, the paired t test),
//
//	t = mean / (s / √n),  p = 2 (1 - F_{n-1}(|t|)),
//
// and false when N < 2 or the values do not vary. F is gonum's
// distuv.StudentsT.
func (m Moments) TTest() (p float64, ok bool) {
	sd := m.StdDev()
	if m.N < 2 || !(sd > 0) {
		return 0, false
	}
	t := m.Mean() / (sd / math.Sqrt(m.N))
	return 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: m.N - 1}.Survival(math.Abs(t)), true
}
