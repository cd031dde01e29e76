package stats

import (
	"math"
	"sync"
)

// BootstrapMeanCISeed returns the percentile bootstrap confidence interval of the
// mean of values at the given level, for example 0.95 (Efron and Tibshirani,
// "An Introduction to the Bootstrap", 1993, §13.3).
//
// It draws resamples samples of len(values) values with replacement, each
// value equally likely, and computes the mean of each. With α = 1 - level,
// the interval runs from the α/2 to the 1 - α/2 quantile (type 7, see
// Quantile) of those resample means. The random numbers come from
// NewRand(seed)'s generator only (taken from its state in registers, pcg),
// so the same seed (see Seed) gives the same interval.
//
// Degenerate samples:
//   - empty values: low and high are NaN;
//   - one value, or values that are all equal: low and high are that value,
//     because every resample has the same mean. For a single value this is
//     no evidence of precision at all; callers that show intervals should
//     require at least two values.
//
// BootstrapMeanCISeed panics when resamples < 1, level is not strictly between
// 0 and 1, or values has 2³² or more elements.
func BootstrapMeanCISeed(values []float64, resamples int, level float64, seed uint64) (low, high float64) {
	return meanInterval(values, resamples, level, func(means []float64) {
		if len(values) > 1<<16 {
			resampleMeans(means, values, seed)
			return
		}
		p := newPCG(seed)
		resampleMeansPCG(means, values, &p)
	})
}

// meanInterval is the percentile interval at level of the means that
// draw writes into its argument, one per resample, with BootstrapMeanCISeed's
// checks and degenerate cases; draw is not called for those.
func meanInterval(values []float64, resamples int, level float64, draw func(means []float64)) (low, high float64) {
	if resamples < 1 {
		panic("stats: bootstrap needs at least one resample")
	}
	if !(level > 0 && level < 1) {
		panic("stats: confidence level outside (0, 1)")
	}
	if len(values) == 0 {
		return math.NaN(), math.NaN()
	}
	if allEqual(values) {
		return values[0], values[0]
	}
	buf := meansPool.Get().(*[]float64)
	defer meansPool.Put(buf)
	if cap(*buf) < resamples {
		*buf = make([]float64, resamples)
	}
	means := (*buf)[:resamples]
	draw(means)
	return PercentileInterval(means, level)
}

// meansPool holds BootstrapMeanCI's arrays of resample means, reused from
// one call to the next: an analysis asks for thousands of intervals.
var meansPool = sync.Pool{New: func() any { return new([]float64) }}

func allEqual(x []float64) bool {
	for _, v := range x[1:] {
		if v != x[0] {
			return false
		}
	}
	return true
}

// resampleMeans fills dst with the means of len(dst) resamples of x drawn
// with replacement, with the indexes of NewIndexDrawerSeed(seed, len(x)).
// Each resample's sum is accumulated in four independent partial sums,
// which lets the processor overlap the additions. Nothing is allocated per
// resample.
func resampleMeans(dst, x []float64, seed uint64) {
	if uint64(len(x)) > math.MaxUint32 {
		panic("stats: bootstrap sample too large")
	}
	d := NewIndexDrawerSeed(seed, len(x))
	idx := make([]uint32, len(x))
	n := float64(len(x))
	for i := range dst {
		d.Fill(idx)
		var s0, s1, s2, s3 float64
		k := 0
		for ; k+4 <= len(idx); k += 4 {
			s0 += x[idx[k]]
			s1 += x[idx[k+1]]
			s2 += x[idx[k+2]]
			s3 += x[idx[k+3]]
		}
		for ; k < len(idx); k++ {
			s0 += x[idx[k]]
		}
		dst[i] = ((s0 + s1) + (s2 + s3)) / n
	}
}

// resampleMeansPCG is resampleMeans for at most 2^16 values, drawing from
// p: it draws the indexes of IndexDrawer.Fill but adds the values as it
// draws them, without storing the indexes, with the generator's state in
// local variables for the whole call.
func resampleMeansPCG(dst, x []float64, p *pcg) {
	g := *p
	n := uint32(len(x))
	t := uint32(1<<16) % n
	nf := float64(len(x))
	for i := range dst {
		var s0, s1, s2, s3 float64
		k := 0
		for k+4 <= len(x) {
			r := g.Uint64()
			m0 := uint32(r&0xffff) * n
			m1 := uint32(r>>16&0xffff) * n
			m2 := uint32(r>>32&0xffff) * n
			m3 := uint32(r>>48) * n
			if m0&0xffff < t || m1&0xffff < t || m2&0xffff < t || m3&0xffff < t {
				for _, m := range [4]uint32{m0, m1, m2, m3} {
					if m&0xffff >= t {
						s0 += x[m>>16]
						k++
					}
				}
				continue
			}
			s0 += x[m0>>16]
			s1 += x[m1>>16]
			s2 += x[m2>>16]
			s3 += x[m3>>16]
			k += 4
		}
		for k < len(x) {
			r := g.Uint64()
			for lane := 0; lane < 4 && k < len(x); lane++ {
				m := uint32(r&0xffff) * n
				r >>= 16
				if m&0xffff >= t {
					s0 += x[m>>16]
					k++
				}
			}
		}
		dst[i] = ((s0 + s1) + (s2 + s3)) / nf
	}
	*p = g
}
