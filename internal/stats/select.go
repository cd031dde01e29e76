package stats

import (
	"math"
	"slices"
)

// PercentileInterval returns the percentile interval of level (0.95 for a
// 95% interval) of the values x, such as bootstrap replicates: the type 7
// quantiles at (1-level)/2 and (1+level)/2. It finds them by selection in
// expected O(n) time instead of sorting, and reorders x in doing so. Both
// are NaN when x is empty or holds a NaN.
func PercentileInterval(x []float64, level float64) (low, high float64) {
	tail := (1 - level) / 2
	return quantileSelect(x, tail), quantileSelect(x, 1-tail)
}

// quantileSelect returns Quantile(sorted x, p) without sorting x: it finds
// the two order statistics the type 7 definition interpolates between by
// selection, in expected O(n) time, and reorders x in doing so. It returns
// NaN when x is empty or holds a NaN.
func quantileSelect(x []float64, p float64) float64 {
	if len(x) == 0 || slices.ContainsFunc(x, math.IsNaN) {
		return math.NaN()
	}
	h := float64(len(x)-1) * p
	j := int(h)
	g := h - float64(j)
	lo := selectRank(x, j)
	if g == 0 || j+1 >= len(x) {
		return lo
	}
	// selectRank left every element above index j no smaller than x[j], so
	// the next order statistic is their minimum.
	hi := slices.Min(x[j+1:])
	return lo + g*(hi-lo)
}

// selectRank reorders x so that x[k] is its k-th smallest element (0-based),
// no element before k is larger and none after it smaller, and returns
// x[k]. It is quickselect (Hoare, "Algorithm 65: Find", CACM 4(7), 1961)
// with a median-of-three pivot and a three-way partition, so that many
// equal values, common among bootstrap means of small samples, keep it
// linear. x must not hold NaN.
func selectRank(x []float64, k int) float64 {
	lo, hi := 0, len(x) // the k-th smallest lies in x[lo:hi]
	for hi-lo > 1 {
		pivot := median3(x[lo], x[lo+(hi-lo)/2], x[hi-1])
		// Partition x[lo:hi] into < pivot [lo, lt), == pivot [lt, i),
		// > pivot [gt, hi).
		lt, i, gt := lo, lo, hi
		for i < gt {
			switch v := x[i]; {
			case v < pivot:
				x[lt], x[i] = x[i], x[lt]
				lt++
				i++
			case v > pivot:
				gt--
				x[gt], x[i] = x[i], x[gt]
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt
		case k >= gt:
			lo = gt
		default:
			return x[k]
		}
	}
	return x[k]
}

func median3(a, b, c float64) float64 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	return max(a, b)
}
