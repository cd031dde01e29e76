package agreement

import (
	"fmt"
	"math"
	"slices"
)

// Coincidences is a coincidence matrix of Krippendorff's alpha over the V
// values Values (ascending): O[c][k] is o_ck, the number of pairable
// value pairs (c, k) in units, each unit's pairs weighted 1/(m_u - 1)
// (see the package documentation). It is what an engine can sum over
// units without keeping them: o_ck = sum_u n_uc (n_uk - [c = k]) /
// (m_u - 1). The matrix is symmetric and its total is n, the number of
// pairable values.
type Coincidences struct {
	Values []float64
	O      [][]float64
}

// CoincidencesOf returns the coincidence matrix of ratings (the matrix
// New's profiles sum to), for tests and for writing aggregates.
func CoincidencesOf(ratings []Rating) Coincidences {
	r := New(ratings)
	V := len(r.values)
	c := Coincidences{Values: slices.Clone(r.values), O: make([][]float64, V)}
	for i := range c.O {
		c.O[i] = make([]float64, V)
	}
	for p := range r.m {
		val, cnt, m := r.profile(p)
		w := r.mult[p] / (m - 1)
		for i, a := range val {
			for j, b := range val {
				n := cnt[i] * cnt[j]
				if i == j {
					n = cnt[i] * (cnt[i] - 1)
				}
				c.O[a][b] += w * n
			}
		}
	}
	return c
}

// Check returns an error when c is not a coincidence matrix: not square
// over its values, values not strictly ascending, a negative or non-finite
// entry, or o_ck != o_kc beyond rounding (a relative 1e-9 of the total).
func (c Coincidences) Check() error {
	V := len(c.Values)
	if len(c.O) != V {
		return fmt.Errorf("coincidence matrix has %d rows for %d values", len(c.O), V)
	}
	for i := 1; i < V; i++ {
		if !(c.Values[i-1] < c.Values[i]) {
			return fmt.Errorf("values %v and %v are not in ascending order", c.Values[i-1], c.Values[i])
		}
	}
	var n float64
	for i, row := range c.O {
		if len(row) != V {
			return fmt.Errorf("coincidence matrix row %d has %d entries for %d values", i, len(row), V)
		}
		for _, o := range row {
			if math.IsNaN(o) || math.IsInf(o, 0) || o < 0 {
				return fmt.Errorf("coincidence %v is not a finite non-negative count", o)
			}
			n += o
		}
	}
	for i := range V {
		for k := i + 1; k < V; k++ {
			if math.Abs(c.O[i][k]-c.O[k][i]) > 1e-9*max(n, 1) {
				return fmt.Errorf("not symmetric: o(%v, %v) = %v but o(%v, %v) = %v",
					c.Values[i], c.Values[k], c.O[i][k], c.Values[k], c.Values[i], c.O[k][i])
			}
		}
	}
	return nil
}

// Alpha returns Krippendorff's alpha at level l from the coincidence
// matrix (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability",
// section E):
//
//	n_c = sum_k o_ck,  n = sum_c n_c
//	alpha = 1 - (n - 1) sum_ck o_ck d_ck / sum_ck n_c n_k d_ck
//
// with d_ck the squared difference of the level (package documentation);
// the ordinal d_ck uses the mid-ranks of the marginals. It is false when
// alpha is undefined: n < 2, no expected disagreement, or l not a level.
// It costs O(V^2).
func (c Coincidences) Alpha(l Level) (float64, bool) {
	V := len(c.Values)
	nc := make([]float64, V)
	var n float64
	for i, row := range c.O {
		for _, o := range row {
			nc[i] += o
		}
		n += nc[i]
	}
	var d func(i, k int) float64
	switch l {
	case Nominal:
		d = func(i, k int) float64 { return 1 }
	case Ordinal:
		g := make([]float64, V)
		midRanks(g, nc)
		d = func(i, k int) float64 { x := g[i] - g[k]; return x * x }
	case Interval:
		d = func(i, k int) float64 { x := c.Values[i] - c.Values[k]; return x * x }
	case Ratio:
		d = func(i, k int) float64 { return ratioD(c.Values[i], c.Values[k]) }
	default:
		return 0, false
	}
	var do, de float64
	for i := range V {
		for k := range V {
			if i == k {
				continue // d_cc = 0 at every level
			}
			dik := d(i, k)
			do += c.O[i][k] * dik
			de += nc[i] * nc[k] * dik
		}
	}
	if l == Interval && de <= 1e-12*n*n*maxSquare(c.Values) {
		de = 0
	}
	if n < 2 || !(de > 0) {
		return 0, false
	}
	return 1 - (n-1)*do/de, true
}

// maxSquare returns the largest x^2 of values, a scale for rounding.
func maxSquare(values []float64) float64 {
	var m float64
	for _, v := range values {
		m = max(m, v*v)
	}
	return m
}

// Pairable returns n, the total of the matrix: the pairable values.
func (c Coincidences) Pairable() float64 {
	var n float64
	for _, row := range c.O {
		for _, o := range row {
			n += o
		}
	}
	return n
}

// IntervalMoments are the sums interval alpha needs, which an engine can
// compute without a V x V matrix when values are continuous: over the
// pairable values (units with m_u >= 2 ratings), N = sum_u m_u, Sum and
// SumSq the sum of the values and of their squares, and Within =
// sum_u m_u s_u^2, where s_u^2 is the sample variance (m_u - 1 in the
// denominator) of unit u's values.
type IntervalMoments struct {
	N, Sum, SumSq, Within float64
}

// Alpha returns interval alpha from the moments. With d_ck = (x_c - x_k)^2,
// sum_ck n_c n_k d_ck = 2 (n SumSq - Sum^2) and the observed disagreement
// sum_u sum_ck n_uc n_uk d_ck / (m_u - 1) = 2 Within (the identity in the
// package documentation), so
//
//	alpha = 1 - (n - 1) Within / (n SumSq - Sum^2).
//
// It is false when n < 2 or the values do not vary (within rounding).
func (m IntervalMoments) Alpha() (float64, bool) {
	de := m.N*m.SumSq - m.Sum*m.Sum
	if de <= 1e-12*m.N*m.SumSq {
		de = 0
	}
	if m.N < 2 || !(de > 0) {
		return 0, false
	}
	return 1 - (m.N-1)*m.Within/de, true
}
