package stats

import (
	"math"
	"slices"
)

// Quantile returns the p-quantile of the ascending sorted sample x by the
// definition of Hyndman and Fan's type 7 ("Sample quantiles in statistical
// packages", The American Statistician 50(4), 1996, pp. 361-365):
//
//	h = (n - 1) p,   j = ⌊h⌋,   Q(p) = x[j] + (h - j) (x[j+1] - x[j])
//
// with 0-based indexes, so Q(0) is the minimum, Q(1) the maximum, and the
// quantiles in between interpolate linearly between adjacent order
// statistics. This is the default of R's quantile and of numpy's quantile
// and percentile, so the figures evalbook shows match what users get when
// they check them in those tools. For example the median of 1, 2, 3, 4 is
// 2.5, and its quartiles are 1.75 and 3.25.
//
// gonum's stat.Quantile is not used because it offers only the empirical
// (type 1) and linear-interpolation-of-the-CDF (type 4) definitions, under
// which the median of 1, 2, 3, 4 is 2: a figure that would disagree with R
// and numpy.
//
// Quantile returns NaN when x is empty or holds a NaN. It panics when p is
// outside [0, 1] or x is not sorted.
func Quantile(x []float64, p float64) float64 {
	if !(p >= 0 && p <= 1) {
		panic("stats: quantile probability outside [0, 1]")
	}
	if len(x) == 0 {
		return math.NaN()
	}
	if slices.ContainsFunc(x, math.IsNaN) {
		return math.NaN()
	}
	if !slices.IsSorted(x) {
		panic("stats: quantile of unsorted data")
	}
	h := float64(len(x)-1) * p
	j := int(h)
	g := h - float64(j)
	if g == 0 || j+1 >= len(x) {
		return x[j]
	}
	return x[j] + g*(x[j+1]-x[j])
}

// RankQuantile returns the type 1 quantile at probability p of ranks
// counted in counts (counts[r-1] resamples gave rank r): the smallest rank
// whose cumulative share reaches p. It reads the rank ranges of the
// leaderboards and of Bradley-Terry strengths; it is 0 when nothing was
// counted.
func RankQuantile(counts []int, p float64) int {
	total := 0
	for _, c := range counts {
		total += c
	}
	if total == 0 {
		return 0
	}
	need := p * float64(total)
	cum := 0
	for r, c := range counts {
		cum += c
		if float64(cum) >= need-1e-9*float64(total) && cum > 0 {
			return r + 1
		}
	}
	return len(counts)
}
