package agreement

import (
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
// the same) are left out. A resample is drawn as the number of drawn units
// of each profile (stats.ClassDrawer: a multinomial over the profiles, the
// distribution of a resample of units), not unit by unit.
//
// ok is false when alpha is undefined for the data, when there are fewer
// than two pairable units, when resamples < 1 or level is not in (0, 1), or
// when alpha is undefined in more than half of the resamples.
//
// Each resample costs a binomial draw per profile of at least 32 units and
// a draw per unit of the others, and one pass over the distinct unit
// profiles, without allocating; it also costs O(V^2) in the number V of
// distinct values, except at the interval level (see the package
// documentation).
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
	return r.bootstrapBy(levels, resamples, level, seed, true)
}

// bootstrapBy is bootstrap; with packed false it never takes the packed
// rows (see resampler.pack), which give the same figures: tests compare
// the two.
func (r *Reliability) bootstrapBy(levels []Level, resamples int, level float64, seed uint64, packed bool) []CI {
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
	d := stats.NewClassDrawerSeed(seed, r.unitProfile, len(r.m))
	alpha, z := r.resampleAlpha(levels)
	if packed && z != nil && z.rows != nil && !slices.ContainsFunc(todo, func(i int) bool { return levels[i] == Interval }) {
		// The resample's marginals and coincidences summed as integers
		// while its units are drawn: the same figures (see pack).
		rd := d.Rows(z.rows)
		var sum stats.Row
		for range resamples {
			rd.Draw(&sum)
			unpacked := false
			for _, i := range todo {
				var a float64
				var ok bool
				if l := levels[i]; z.exact && (l == Nominal || l == Ordinal) {
					a, ok = z.finishPacked(l, &sum)
				} else {
					if !unpacked {
						z.unpack(&sum)
						unpacked = true
					}
					a, ok = z.finish(l)
				}
				if ok {
					alphas[i] = append(alphas[i], a)
				}
			}
		}
	} else {
		w := make([]float64, len(r.m))
		hits := make([]uint32, len(r.m))
		for range resamples {
			drawWeights(d, hits, w)
			for _, i := range todo {
				if a, ok := alpha(levels[i], w); ok {
					alphas[i] = append(alphas[i], a)
				}
			}
		}
	}
	for _, i := range todo {
		a := alphas[i]
		if 2*len(a) < resamples {
			continue
		}
		low, high := stats.PercentileInterval(a, level)
		out[i] = CI{low, high, true}
	}
	return out
}

// resampleAlpha returns the function that computes a resample's alpha at
// the levels from its profile weights: a resampler's when one serves a
// level and r has one (it returns that resampler too), else
// Reliability.alpha.
func (r *Reliability) resampleAlpha(levels []Level) (func(Level, []float64) (float64, bool), *resampler) {
	if slices.ContainsFunc(levels, func(l Level) bool { return l != Interval }) {
		if z := r.newResampler(); z != nil {
			return z.alpha, z
		}
	}
	s := r.newScratch()
	return func(l Level, w []float64) (float64, bool) { return r.alpha(l, w, &s) }, nil
}

// drawWeights draws one resample of the units and sets w[p] to the number
// of drawn units with profile p; hits is scratch space of len(w).
func drawWeights(d *stats.ClassDrawer, hits []uint32, w []float64) {
	d.Draw(hits)
	for p, h := range hits {
		w[p] = float64(h)
	}
}
