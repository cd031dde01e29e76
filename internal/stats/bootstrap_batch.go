package stats

import (
	"math"
	"math/rand/v2"
)

// BootstrapMeanCIs returns the percentile bootstrap confidence intervals of
// the means of several samples of the same size n at the given level, with
// resamples they share: each resample draws n indexes in [0, n) with
// replacement (IndexDrawer), counts how often each index was drawn, and
// takes every sample's mean weighted by the counts. For each sample this is
// exactly BootstrapMeanCI's bootstrap (a resample of n values with
// replacement, each equally likely; the interval as there), but the draws
// are made once for all samples instead of once per sample, and each
// sample's resample mean is a dot product over its values in order instead
// of a gather at random places. The intervals of different samples are not
// independent of each other; each one alone is a bootstrap interval.
//
// Degenerate samples are treated as BootstrapMeanCI treats them: an empty
// sample (n = 0) gives NaN, a sample of equal values that value. The
// random numbers come from rng only. BootstrapMeanCIs panics when
// resamples < 1, level is not strictly between 0 and 1, the samples differ
// in size, or n is 2³² or more.
func BootstrapMeanCIs(samples [][]float64, resamples int, level float64, rng *rand.Rand) (low, high []float64) {
	if resamples < 1 {
		panic("stats: bootstrap needs at least one resample")
	}
	if !(level > 0 && level < 1) {
		panic("stats: confidence level outside (0, 1)")
	}
	low, high = make([]float64, len(samples)), make([]float64, len(samples))
	if len(samples) == 0 {
		return low, high
	}
	n := len(samples[0])
	if uint64(n) > math.MaxUint32 {
		panic("stats: bootstrap sample too large")
	}
	var todo []int // samples that need resampling
	for j, x := range samples {
		switch {
		case len(x) != n:
			panic("stats: batch bootstrap samples of different sizes")
		case n == 0:
			low[j], high[j] = math.NaN(), math.NaN()
		case allEqual(x):
			low[j], high[j] = x[0], x[0]
		default:
			todo = append(todo, j)
		}
	}
	if len(todo) == 0 {
		return low, high
	}
	means := make([][]float64, len(todo))
	for k := range means {
		means[k] = make([]float64, resamples)
	}
	d := NewIndexDrawer(rng, n)
	counts := make([]uint32, n)
	w := make([]float64, n)
	nf := float64(n)
	for b := range resamples {
		clear(counts)
		d.Count(counts, n)
		for i, c := range counts {
			w[i] = float64(c)
		}
		for k, j := range todo {
			means[k][b] = dot(w, samples[j]) / nf
		}
	}
	for k, j := range todo {
		low[j], high[j] = PercentileInterval(means[k], level)
	}
	return low, high
}

// dot returns the dot product of w and x (of equal length) in four partial
// sums, which lets the processor overlap the additions.
func dot(w, x []float64) float64 {
	x = x[:len(w)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(w); i += 4 {
		s0 += w[i] * x[i]
		s1 += w[i+1] * x[i+1]
		s2 += w[i+2] * x[i+2]
		s3 += w[i+3] * x[i+3]
	}
	for ; i < len(w); i++ {
		s0 += w[i] * x[i]
	}
	return (s0 + s1) + (s2 + s3)
}
