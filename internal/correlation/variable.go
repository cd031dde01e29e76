package correlation

import (
	"math"
	"slices"

	"github.com/evalbook/evalbook/internal/stats"
)

// Ranks returns the average ranks of x: the value of rank 1 is the smallest,
// and values that tie share the mean of the ranks they occupy, so the ranks
// of 10, 20, 20, 30 are 1, 2.5, 2.5, 4 (scipy.stats.rankdata's "average"
// method; Kendall and Gibbons, "Rank Correlation Methods", 5th ed., 1990,
// §3.1). Missing values (NaN, ±Inf) are ranked among themselves not at all:
// their rank is NaN and the others are ranked as if they were absent.
func Ranks(x []float64) []float64 {
	idx := make([]int32, 0, len(x))
	for i, v := range x {
		if finite(v) {
			idx = append(idx, int32(i))
		}
	}
	sortIndexes(idx, x)
	r := make([]float64, len(x))
	for i := range r {
		r[i] = math.NaN()
	}
	forEachTie(idx, x, func(lo, hi int) {
		avg := float64(lo+hi+1) / 2 // mean of the 1-based ranks lo+1 .. hi
		for _, j := range idx[lo:hi] {
			r[j] = avg
		}
	})
	return r
}

// finite reports whether v is a value rather than a missing one.
func finite(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0)
}

// forEachTie calls f(lo, hi) for each run idx[lo:hi] of equal values of x
// in the sorted index slice idx.
func forEachTie(idx []int32, x []float64, f func(lo, hi int)) {
	for lo := 0; lo < len(idx); {
		hi := lo + 1
		for hi < len(idx) && x[idx[hi]] == x[idx[lo]] {
			hi++
		}
		f(lo, hi)
		lo = hi
	}
}

// A Variable is one sample prepared for correlation: its values and average
// ranks standardised, its dense ranks and its sort order. Preparing a
// variable costs one sort; correlating two prepared variables then costs a
// dot product for Pearson and Spearman and a linear pass plus a merge sort
// for Kendall. Matrix prepares each metric and dimension once and reuses it
// for every pair it belongs to.
//
// A Variable keeps a reference to its data, which must not be modified
// while the Variable is in use: when either variable of a pair has missing
// values, the pair is computed afresh over its complete cases.
type Variable struct {
	n        int
	x        []float64 // the data
	missing  bool      // whether any value is missing
	constant bool

	z     []float64 // (x_i - mean)/sqrt(Σ(x - mean)²)
	zr    []float64 // the same for the average ranks
	dense []int32   // dense rank 0..k-1 of each value
	order []int32   // indexes in ascending order of value, ties by index
	sizes []int32   // number of values of each dense rank
	ties  int64     // Σ t(t-1)/2 over groups of t tied values
}

// NewVariable prepares x for correlation.
func NewVariable(x []float64) *Variable {
	v := &Variable{n: len(x), x: x}
	if slices.ContainsFunc(x, func(f float64) bool { return !finite(f) }) {
		v.missing = true
		return v
	}
	v.order = make([]int32, len(x))
	for i := range v.order {
		v.order[i] = int32(i)
	}
	sortIndexes(v.order, x)
	v.dense = make([]int32, len(x))
	ranks := make([]float64, len(x))
	forEachTie(v.order, x, func(lo, hi int) {
		avg := float64(lo+hi+1) / 2
		d := int32(len(v.sizes))
		for _, j := range v.order[lo:hi] {
			ranks[j] = avg
			v.dense[j] = d
		}
		t := int64(hi - lo)
		v.sizes = append(v.sizes, int32(t))
		v.ties += t * (t - 1) / 2
	})
	v.constant = len(v.sizes) < 2
	if !v.constant {
		v.z = standardise(x, stats.Mean(x))
		v.zr = standardise(ranks, float64(len(x)+1)/2)
	}
	return v
}

// standardise returns (x_i - mean)/sqrt(Σ(x_j - mean)²), so that Pearson's
// r of two standardised samples is their dot product.
func standardise(x []float64, mean float64) []float64 {
	z := make([]float64, len(x))
	var ss float64
	for i, v := range x {
		d := v - mean
		z[i] = d
		ss += d * d
	}
	s := 1 / math.Sqrt(ss)
	for i := range z {
		z[i] *= s
	}
	return z
}

// dot returns Σ a_i b_i.
func dot(a, b []float64) float64 {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// complete returns the pairs of x and y in which neither value is missing.
func complete(x, y []float64) (cx, cy []float64) {
	cx = make([]float64, 0, len(x))
	cy = make([]float64, 0, len(y))
	for i := range x {
		if finite(x[i]) && finite(y[i]) {
			cx = append(cx, x[i])
			cy = append(cy, y[i])
		}
	}
	return cx, cy
}
