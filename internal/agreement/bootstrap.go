package agreement

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/evalbook/evalbook/internal/stats"
)

// CI is a bootstrap percentile interval; OK is false when it is undefined.
type CI struct {
	Low, High float64
	OK        bool
}

// Bootstrap returns the percentile interval at confidence level `level`
// (for example 0.95) of alpha at level l over `resamples` resamples of the
// pairable units drawn with replacement, by a generator seeded with seed
// (stats.NewRand, a PCG generator). The bounds are the (1-level)/2 and
// (1+level)/2 quantiles (stats.Quantile, Hyndman and Fan type 7) of the
// resampled alphas; resamples in which alpha is undefined (every drawn value
// the same) are left out.
//
// ok is false when alpha is undefined for the data, when there are fewer
// than two pairable units, when resamples < 1 or level is not in (0, 1), or
// when alpha is undefined in more than half of the resamples.
//
// Each resample costs Units() random draws and one pass over the distinct
// unit profiles, without allocating (see the package documentation).
func (r *Reliability) Bootstrap(l Level, resamples int, level float64, seed uint64) (low, high float64, ok bool) {
	ci := r.bootstrap([]Level{l}, resamples, level, seed)[0]
	return ci.Low, ci.High, ci.OK
}

// BootstrapAll returns the intervals of Bootstrap at all four levels,
// indexed by Level, from one set of resamples: BootstrapAll(k, c, s)[l]
// equals Bootstrap(l, k, c, s).
func (r *Reliability) BootstrapAll(resamples int, level float64, seed uint64) [4]CI {
	cis := r.bootstrap([]Level{Nominal, Ordinal, Interval, Ratio}, resamples, level, seed)
	return [4]CI(cis)
}

func (r *Reliability) bootstrap(levels []Level, resamples int, level float64, seed uint64) []CI {
	out := make([]CI, len(levels))
	U := len(r.unitProfile)
	if U < 2 || resamples < 1 || !(level > 0 && level < 1) {
		return out
	}
	var todo []int // indexes into levels of the defined alphas
	for i, l := range levels {
		if _, ok := r.Alpha(l); ok {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return out
	}
	alphas := make([][]float64, len(levels))
	for _, i := range todo {
		alphas[i] = make([]float64, 0, resamples)
	}
	s := r.newScratch()
	w := make([]float64, len(r.m))
	hits := make([]uint32, len(r.m))
	idx := make([]uint32, U)
	d := newUnitDrawer(stats.NewRand(seed), U)
	for range resamples {
		r.drawWeights(&d, idx, hits, w)
		for _, i := range todo {
			if a, ok := r.alpha(levels[i], w, &s); ok {
				alphas[i] = append(alphas[i], a)
			}
		}
	}
	tail := (1 - level) / 2
	for _, i := range todo {
		a := alphas[i]
		if 2*len(a) < resamples {
			continue
		}
		slices.Sort(a)
		out[i] = CI{stats.Quantile(a, tail), stats.Quantile(a, 1-tail), true}
	}
	return out
}

// drawWeights draws one resample of units into idx and sets w[p] to the
// number of drawn units with profile p; hits is scratch space of len(w).
func (r *Reliability) drawWeights(d *unitDrawer, idx []uint32, hits []uint32, w []float64) {
	d.fill(idx)
	clear(hits)
	prof := r.unitProfile
	for _, u := range idx {
		hits[prof[u]]++
	}
	for p, h := range hits {
		w[p] = float64(h)
	}
}

// unitDrawer draws uniform integers in [0, n) by Lemire's multiply-and-
// reject method ("Fast random integer generation in an interval", ACM TOMACS
// 29(1), 2019), applied to each 16-bit lane of a 64-bit output when n <=
// 2^16 and to each 32-bit lane otherwise, so the generator runs two to four
// times less often than with one call per draw. Rejection keeps every value
// exactly equally likely.
type unitDrawer struct {
	rng    *rand.Rand
	n      uint32
	thresh uint32 // 2^lane mod n: lanes whose low product bits fall below it are rejected
	wide   bool   // 32-bit lanes
}

func newUnitDrawer(rng *rand.Rand, n int) unitDrawer {
	if n > math.MaxUint32 {
		panic("agreement: too many units to resample")
	}
	if n > 1<<16 {
		return unitDrawer{rng: rng, n: uint32(n), thresh: -uint32(n) % uint32(n), wide: true}
	}
	return unitDrawer{rng: rng, n: uint32(n), thresh: (1 << 16) % uint32(n)}
}

// fill sets every element of idx to an independent uniform draw from
// [0, n). Lanes left over after the last element are discarded.
func (d *unitDrawer) fill(idx []uint32) {
	if d.wide {
		d.fill32(idx)
	} else {
		d.fill16(idx)
	}
}

func (d *unitDrawer) fill32(idx []uint32) {
	n, t := uint64(d.n), d.thresh
	for k := 0; k < len(idx); {
		x := d.rng.Uint64()
		for lane := 0; lane < 2 && k < len(idx); lane++ {
			m := (x & math.MaxUint32) * n
			x >>= 32
			if uint32(m) >= t {
				idx[k] = uint32(m >> 32)
				k++
			}
		}
	}
}

func (d *unitDrawer) fill16(idx []uint32) {
	n, t := d.n, d.thresh
	k := 0
	for k+4 <= len(idx) {
		x := d.rng.Uint64()
		m0 := uint32(x&0xffff) * n
		m1 := uint32(x>>16&0xffff) * n
		m2 := uint32(x>>32&0xffff) * n
		m3 := uint32(x>>48) * n
		if m0&0xffff >= t && m1&0xffff >= t && m2&0xffff >= t && m3&0xffff >= t {
			idx[k], idx[k+1], idx[k+2], idx[k+3] = m0>>16, m1>>16, m2>>16, m3>>16
			k += 4
			continue
		}
		// Some lane is rejected: keep the others in lane order.
		for _, m := range [4]uint32{m0, m1, m2, m3} {
			if m&0xffff >= t {
				idx[k] = m >> 16
				k++
			}
		}
	}
	for k < len(idx) {
		x := d.rng.Uint64()
		for lane := 0; lane < 4 && k < len(idx); lane++ {
			m := uint32(x&0xffff) * n
			x >>= 16
			if m&0xffff >= t {
				idx[k] = m >> 16
				k++
			}
		}
	}
}
