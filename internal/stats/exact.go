package stats

import (
	"math"
	"math/big"
	"slices"
)

// maxDenominator bounds the denominators ExactMean recognises: a value
// within a few units in the last place of p/q, q <= maxDenominator, is taken
// to be p/q. Means of ratings (k/3 from three raters, k/7 from seven) are
// such fractions.
const maxDenominator = 1024

// ExactMean returns the mean of x computed so that samples whose sums are
// equal in exact arithmetic get the same mean, whatever the order of x and
// however its terms were rounded: (1/n) Σ x_i, or NaN when x is empty.
//
// Each value is read as the fraction p/q (q <= 1024) it rounds, within 4
// units in the last place, when there is one, since values such as the mean
// of three ratings (7/3) are fractions whose float64 is not exact; any
// other value as the exact binary fraction it is. The sum is exact
// (math/big.Rat) and the mean is rounded once, to the nearest float64. So
// two systems whose per-item consensus values sum to 347/48 each get equal
// means even though the naive float sums differ in the last bit, and a rank
// correlation sees the tie that exact arithmetic has. A value that is not
// finite makes the result that of Mean.
//
// The cost is one map entry per distinct value and a rational addition per
// distinct value: cheap for ratings, which take few values.
func ExactMean(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	counts := make(map[float64]int64)
	for _, v := range x {
		if !IsFinite(v) {
			return Mean(x)
		}
		counts[v]++
	}
	keys := make([]float64, 0, len(counts))
	for v := range counts {
		keys = append(keys, v)
	}
	slices.Sort(keys) // the sum is exact; sorting only keeps the work reproducible
	sum, term, c := new(big.Rat), new(big.Rat), new(big.Rat)
	for _, v := range keys {
		fraction(term, v)
		c.SetInt64(counts[v])
		sum.Add(sum, term.Mul(term, c))
	}
	sum.Quo(sum, c.SetInt64(int64(len(x))))
	m, _ := sum.Float64()
	return m
}

// fraction sets r to the fraction v stands for: p/q with q <= maxDenominator
// when v is within 4 units in the last place of one (the convergents of its
// continued fraction are tried, smallest denominator first), else v's exact
// binary value.
func fraction(r *big.Rat, v float64) *big.Rat {
	if v == math.Trunc(v) || math.Abs(v) >= 1<<31 {
		return r.SetFloat64(v)
	}
	tol := 4 * (math.Nextafter(math.Abs(v), math.Inf(1)) - math.Abs(v))
	h0, h1 := int64(0), int64(1) // numerators of the convergents
	k0, k1 := int64(1), int64(0) // denominators
	a := v
	for range 64 {
		ai := math.Floor(a)
		h0, h1 = h1, int64(ai)*h1+h0
		k0, k1 = k1, int64(ai)*k1+k0
		if k1 > maxDenominator {
			break
		}
		if math.Abs(float64(h1)/float64(k1)-v) <= tol {
			return r.SetFrac64(h1, k1)
		}
		f := a - ai
		if f == 0 {
			break
		}
		a = 1 / f
	}
	return r.SetFloat64(v)
}
