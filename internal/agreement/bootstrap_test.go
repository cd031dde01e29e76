package agreement

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/evalbook/evalbook/internal/stats"
)

// naiveBootstrap draws the same resamples as Bootstrap, as the number of
// drawn units of each profile (stats.ClassDrawer, whose distribution
// TestClassDrawerMultinomial checks), and recomputes alpha from scratch
// (naiveAlpha) on each resample made of that many copies of the profile's
// first unit in the data, renumbered 0..U-1.
func naiveBootstrap(rs []Rating, l Level, resamples int, seed uint64) []float64 {
	byUnit := map[int][]Rating{}
	maxUnit := 0
	for _, x := range rs {
		if !math.IsNaN(x.Value) {
			byUnit[x.Unit] = append(byUnit[x.Unit], x)
			maxUnit = max(maxUnit, x.Unit)
		}
	}
	r := New(rs)
	first := make([][]Rating, len(r.m)) // a unit of each profile
	k := 0
	for u := 0; u <= maxUnit; u++ {
		if len(byUnit[u]) >= 2 {
			if p := r.unitProfile[k]; first[p] == nil {
				first[p] = byUnit[u]
			}
			k++
		}
	}
	d := stats.NewClassDrawerSeed(seed, r.unitProfile, len(r.m))
	counts := make([]uint32, len(r.m))
	var alphas []float64
	for range resamples {
		d.Draw(counts)
		var sample []Rating
		k := 0
		for p, c := range counts {
			for range c {
				for _, x := range first[p] {
					sample = append(sample, Rating{k, x.Rater, x.Value})
				}
				k++
			}
		}
		if a, ok := naiveAlpha(sample, l); ok {
			alphas = append(alphas, a)
		}
	}
	return alphas
}

func TestBootstrapMatchesNaive(t *testing.T) {
	for _, tt := range []struct {
		name string
		rs   []Rating
	}{
		{"Krippendorff 2011", matrixRatings(krippendorff2011)},
		{"likert with missing values", randomRatings(3, 30, 5, 0.3, likert)},
		{"continuous", randomRatings(4, 25, 3, 0.1, continuous)},
		{"three values, 400 units", randomRatings(9, 400, 3, 0, three)}, // profiles of 32 units and more
	} {
		r := New(tt.rs)
		all := r.BootstrapAll(300, 0.9, 7)
		for l := Nominal; l <= Ratio; l++ {
			lo, hi := quantiles(naiveBootstrap(tt.rs, l, 300, 7), 0.9)
			glo, ghi, ok := r.Bootstrap(l, 300, 0.9, 7)
			if !ok || !near(glo, lo, 1e-12) || !near(ghi, hi, 1e-12) {
				t.Errorf("%s, %s: Bootstrap = [%v, %v] %v; naive bootstrap = [%v, %v]", tt.name, l, glo, ghi, ok, lo, hi)
			}
			if all[l] != (CI{glo, ghi, ok}) {
				t.Errorf("%s, %s: BootstrapAll = %v; Bootstrap = [%v, %v] %v", tt.name, l, all[l], glo, ghi, ok)
			}
			if point, _ := r.Alpha(l); glo > point || ghi < point || glo == ghi {
				t.Errorf("%s, %s: interval [%v, %v] is empty or excludes the estimate %v", tt.name, l, glo, ghi, point)
			}
		}
	}
}

func TestBootstrapSeed(t *testing.T) {
	r := New(randomRatings(8, 50, 4, 0.2, likert))
	lo1, hi1, _ := r.Bootstrap(Ordinal, 200, 0.95, 11)
	lo2, hi2, _ := r.Bootstrap(Ordinal, 200, 0.95, 11)
	lo3, hi3, _ := r.Bootstrap(Ordinal, 200, 0.95, 12)
	if lo1 != lo2 || hi1 != hi2 {
		t.Errorf("same seed, different intervals: [%v, %v] and [%v, %v]", lo1, hi1, lo2, hi2)
	}
	if lo1 == lo3 && hi1 == hi3 {
		t.Errorf("seeds 11 and 12 gave the same interval [%v, %v]", lo1, hi1)
	}
	wlo, whi, _ := r.Bootstrap(Ordinal, 200, 0.99, 11)
	if wlo > lo1 || whi < hi1 {
		t.Errorf("99%% interval [%v, %v] narrower than 95%% [%v, %v]", wlo, whi, lo1, hi1)
	}
}

func TestBootstrapUndefined(t *testing.T) {
	r := New(matrixRatings(krippendorff2011))
	oneUnit := New([]Rating{{0, 0, 1}, {0, 1, 2}, {0, 2, 2}})
	for _, tt := range []struct {
		name      string
		r         *Reliability
		resamples int
		level     float64
	}{
		{"no resamples", r, 0, 0.95},
		{"level 0", r, 100, 0},
		{"level 1", r, 100, 1},
		{"level NaN", r, 100, math.NaN()},
		{"one unit", oneUnit, 100, 0.95},
	} {
		if lo, hi, ok := tt.r.Bootstrap(Interval, tt.resamples, tt.level, 1); ok {
			t.Errorf("%s: interval [%v, %v]; want undefined", tt.name, lo, hi)
		}
	}
	// Two units each with a single value: most resamples draw one value only.
	rare := New([]Rating{{0, 0, 1}, {0, 1, 1}, {1, 0, 2}, {1, 1, 2}})
	if _, ok := rare.Alpha(Nominal); !ok {
		t.Fatal("alpha of two agreeing units with different values is undefined")
	}
	if lo, hi, ok := rare.Bootstrap(Nominal, 1000, 0.95, 3); !ok || lo != 1 || hi != 1 {
		t.Errorf("bootstrap of two units = [%v, %v] %v; want [1, 1] from the half of the resamples that draw both", lo, hi, ok)
	}
}

func TestBootstrapAllocations(t *testing.T) {
	r := New(randomRatings(2, 200, 5, 0.1, likert))
	alpha, _ := r.resampleAlpha([]Level{Nominal, Ordinal, Interval, Ratio})
	w := make([]float64, len(r.m))
	hits := make([]uint32, len(r.m))
	d := stats.NewClassDrawerSeed(1, r.unitProfile, len(r.m))
	allocs := testing.AllocsPerRun(50, func() {
		drawWeights(d, hits, w)
		for l := Nominal; l <= Ratio; l++ {
			alpha(l, w)
		}
	})
	if allocs != 0 {
		t.Errorf("one resample at four levels allocates %v times; want 0", allocs)
	}
	z := New(ratingsPer(1, 25, []int{5}, likert)).newResampler()
	if z.rows == nil {
		t.Fatal("25 units x 5 raters: no packed rows")
	}
	rd := stats.NewClassDrawerSeed(1, z.r.unitProfile, len(z.r.m)).Rows(z.rows)
	var sum stats.Row
	allocs = testing.AllocsPerRun(50, func() {
		rd.Draw(&sum)
		z.unpack(&sum)
		for _, l := range []Level{Nominal, Ordinal, Ratio} {
			z.finish(l)
		}
	})
	if allocs != 0 {
		t.Errorf("one packed resample at three levels allocates %v times; want 0", allocs)
	}
}

func three(rng *rand.Rand) float64 { return float64(rng.IntN(3)) }

// unitBootstrap is Bootstrap's interval drawn unit by unit
// (stats.IndexDrawer.CountBy), the resampling that ClassDrawer replaces.
func unitBootstrap(r *Reliability, l Level, resamples int, level float64, seed uint64) (float64, float64) {
	alpha, _ := r.resampleAlpha([]Level{l})
	d := stats.NewIndexDrawerSeed(seed, r.Units())
	hits, w := make([]uint32, len(r.m)), make([]float64, len(r.m))
	var alphas []float64
	for range resamples {
		clear(hits)
		d.CountBy(hits, r.unitProfile, r.Units())
		for p, h := range hits {
			w[p] = float64(h)
		}
		if a, ok := alpha(l, w); ok {
			alphas = append(alphas, a)
		}
	}
	return stats.PercentileInterval(alphas, level)
}

// TestBootstrapCoverage draws 400 samples of 500 units from one population
// (three raters, three values, agreement when a rater keeps the unit's
// value) and checks how often the 90% interval of nominal alpha covers the
// population's alpha (that of 200,000 units). Bootstrap's intervals (profile
// counts drawn as a multinomial, nearly all as binomials here: ten profiles
// of about 50 units) and the unit-by-unit bootstrap's on the same samples
// must both cover about 90% (0.85 to 0.95; the standard error of a coverage
// is 1.5 points), within two points of each other.
func TestBootstrapCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("a simulation of 400 samples")
	}
	truth, _ := New(randomRatings(100, 200000, 3, 0, three)).Alpha(Nominal)
	const samples = 400
	var byClass, byUnit int
	for i := range samples {
		r := New(randomRatings(uint64(1000+i), 500, 3, 0, three))
		if lo, hi, ok := r.Bootstrap(Nominal, 500, 0.9, uint64(i)); ok && lo <= truth && truth <= hi {
			byClass++
		}
		if lo, hi := unitBootstrap(r, Nominal, 500, 0.9, uint64(i)); lo <= truth && truth <= hi {
			byUnit++
		}
	}
	c, u := float64(byClass)/samples, float64(byUnit)/samples
	t.Logf("coverage of alpha %.4f: %.3f drawing profile counts, %.3f drawing units", truth, c, u)
	if c < 0.85 || c > 0.95 || u < 0.85 || u > 0.95 || math.Abs(c-u) > 0.02 {
		t.Errorf("coverage of the 90%% interval: %.3f drawing profile counts, %.3f drawing units; want both in [0.85, 0.95], within 0.02", c, u)
	}
}
