package agreement

import (
	"slices"

	"github.com/evalbook/evalbook/internal/stats"
	"math"
	"math/rand/v2"
	"testing"
)

// TestResamplerMatchesAlpha compares the resampler's alpha with
// Reliability.alpha's for the profiles' multiplicities and for random
// weights (a third of them zero, as in a resample of few units), at every
// level.
func TestResamplerMatchesAlpha(t *testing.T) {
	sixteen := func(rng *rand.Rand) float64 { return float64(rng.IntN(16)) }
	for _, tt := range []struct {
		name string
		rs   []Rating
	}{
		{"Krippendorff 2011", matrixRatings(krippendorff2011)},
		{"likert with missing values", randomRatings(3, 30, 5, 0.3, likert)},
		{"likert, many units", randomRatings(5, 2000, 10, 0.1, likert)},
		{"sixteen values", randomRatings(6, 200, 6, 0.1, sixteen)},
	} {
		r := New(tt.rs)
		z := r.newResampler()
		if z == nil {
			t.Fatalf("%s: no resampler for %d values", tt.name, len(r.values))
		}
		s := r.newScratch()
		rng := rand.New(rand.NewPCG(1, 2))
		for trial := range 20 {
			w := r.mult
			if trial > 0 {
				w = make([]float64, len(r.m))
				for p := range w {
					if rng.IntN(3) > 0 {
						w[p] = float64(rng.IntN(9))
					}
				}
			}
			for l := Nominal; l <= Ratio; l++ {
				want, wok := r.alpha(l, w, &s)
				got, ok := z.alpha(l, w)
				if ok != wok || math.Abs(got-want) > 1e-12*max(1, math.Abs(want)) {
					t.Errorf("%s, trial %d, %s: resampler alpha = %v %v; alpha = %v %v", tt.name, trial, l, got, ok, want, wok)
				}
			}
		}
	}
	if z := New(randomRatings(4, 25, 3, 0.1, continuous)).newResampler(); z != nil {
		t.Errorf("continuous values: a resampler over %d values; want none", len(z.s.nc))
	}
}

// ratingsPer makes ratings of units whose numbers of ratings cycle through
// per, each value drawn by value, agreeing with the unit's first value
// six times in ten.
func ratingsPer(seed uint64, units int, per []int, value func(*rand.Rand) float64) []Rating {
	rng := rand.New(rand.NewPCG(seed, 7))
	var rs []Rating
	for u := range units {
		truth := value(rng)
		for r := range per[u%len(per)] {
			v := truth
			if rng.Float64() < 0.4 {
				v = value(rng)
			}
			rs = append(rs, Rating{u, r, v})
		}
	}
	return rs
}

// packCase is a data set and whether its resampler packs its terms.
type packCase struct {
	name string
	rs   []Rating
	lane uint // bits of a lane; 0: no packed rows
}

// packCases returns data sets whose resampler packs its terms (m - 1 of
// 1, 2, 4 or 8 ratings a unit; the largest lane sum within 8 bits for
// five values, 16 for three, 32 for two) and some whose resampler does
// not.
func packCases() []packCase {
	two := func(rng *rand.Rand) float64 { return float64(rng.IntN(2)) }
	return []packCase{
		{"25 units x 5 raters, likert (the benchmark corpus's records)", ratingsPer(1, 25, []int{5}, likert), 8},
		{"25 units x 5 raters, three labels", ratingsPer(2, 25, []int{5}, three), 8},
		{"12 units of 2, 3, 5 and 9 ratings", ratingsPer(4, 12, []int{2, 3, 5, 9}, likert), 8},
		{"300 units x 3 raters, three labels", ratingsPer(9, 300, []int{3}, three), 16},
		{"2,000 units x 2 raters, two values (large profiles)", ratingsPer(5, 2000, []int{2}, two), 16},
		{"30,000 units x 3 raters, two values", ratingsPer(6, 30000, []int{3}, two), 32},
		{"5,000 units x 5 raters, likert (a pooled record: lanes too wide)", ratingsPer(3, 5000, []int{5}, likert), 0},
		{"4 ratings a unit (thirds)", ratingsPer(7, 40, []int{4}, likert), 0},
		{"likert with missing values", randomRatings(3, 30, 5, 0.3, likert), 0},
		{"seven values", ratingsPer(8, 20, []int{5}, func(rng *rand.Rand) float64 { return float64(rng.IntN(7)) }), 0},
	}
}

// TestPackedMatchesAlpha checks that a resample's marginals and
// coincidences from the packed rows are those of the resampler's float
// pass bit for bit, and so is alpha at every level it serves, for random
// resamples of the units (weights summing to the units, as pack's bound
// assumes), and that the cases pack or not as expected.
func TestPackedMatchesAlpha(t *testing.T) {
	for _, tt := range packCases() {
		r := New(tt.rs)
		z := r.newResampler()
		if z == nil {
			t.Fatalf("%s: no resampler", tt.name)
		}
		if lane := z.lane * uint(min(1, len(z.rows))); lane != tt.lane {
			t.Fatalf("%s: lanes of %d bits; want %d (0: no packed rows)", tt.name, lane, tt.lane)
		}
		if z.rows == nil {
			continue
		}
		U := r.Units()
		rng := rand.New(rand.NewPCG(3, 4))
		w := make([]float64, len(r.m))
		for trial := range 30 {
			clear(w)
			for range U {
				w[r.unitProfile[rng.IntN(U)]]++
			}
			if trial == 0 { // every unit in one profile: the largest lane sums
				clear(w)
				w[0] = float64(U)
			}
			var sum stats.Row
			for p, wp := range w {
				for i := range sum {
					sum[i] += uint64(wp) * z.rows[p][i]
				}
			}
			for _, l := range []Level{Nominal, Ordinal, Ratio} {
				want, wok := z.alpha(l, w)
				wantAcc := slices.Clone(z.acc)
				z.unpack(&sum)
				if !slices.EqualFunc(z.acc, wantAcc, func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }) {
					t.Fatalf("%s, trial %d: unpacked %v; the float pass %v", tt.name, trial, z.acc, wantAcc)
				}
				got, ok := z.finish(l)
				if ok != wok || math.Float64bits(got) != math.Float64bits(want) {
					t.Errorf("%s, trial %d, %s: packed alpha = %v %v; float pass %v %v", tt.name, trial, l, got, ok, want, wok)
				}
				if l == Ratio {
					continue
				}
				if !z.exact {
					if tt.lane == 8 {
						t.Fatalf("%s: 8-bit lanes without exact integer sums", tt.name)
					}
					continue
				}
				got, ok = z.finishPacked(l, &sum)
				if ok != wok || math.Float64bits(got) != math.Float64bits(want) {
					t.Errorf("%s, trial %d, %s: finishPacked = %v %v; float pass %v %v", tt.name, trial, l, got, ok, want, wok)
				}
			}
		}
	}
}

// TestBootstrapPacked checks that the bootstrap intervals through the
// packed rows (stats.RowDrawer) are those of the profile weights
// (ClassDrawer.Draw and the float pass) bit for bit, at one level and at
// three from one set of resamples, including data whose profiles are
// drawn as binomials.
func TestBootstrapPacked(t *testing.T) {
	for _, tt := range packCases() {
		if tt.lane == 0 {
			continue
		}
		r := New(tt.rs)
		resamples := 1000
		if r.Units() > 1000 {
			resamples = 100
		}
		for _, levels := range [][]Level{{Nominal}, {Ordinal}, {Ratio}, {Nominal, Ordinal, Ratio}} {
			got := r.bootstrapBy(levels, resamples, 0.95, 5, true)
			want := r.bootstrapBy(levels, resamples, 0.95, 5, false)
			for i := range got {
				if got[i].OK != want[i].OK || math.Float64bits(got[i].Low) != math.Float64bits(want[i].Low) || math.Float64bits(got[i].High) != math.Float64bits(want[i].High) {
					t.Errorf("%s, %v: packed interval %v; float pass %v", tt.name, levels[i], got[i], want[i])
				}
				if !want[i].OK {
					t.Errorf("%s, %v: no interval", tt.name, levels[i])
				}
			}
		}
	}
}

// TestLanesOf checks lanesOf's constant shifts against reading the lanes
// one by one, low lanes first, on random words of each lane width.
func TestLanesOf(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for _, lane := range []uint{8, 16, 32} {
		per := 64 / lane
		for range 1000 {
			sum := stats.Row{rng.Uint64(), rng.Uint64()}
			var got [16]int64
			lanesOf(&got, &sum, lane)
			for s := range 2 * per {
				want := int64(sum[s/per] >> (s % per * lane) & (1<<lane - 1))
				if got[s] != want {
					t.Fatalf("%d-bit lanes of %x: lane %d = %d; want %d", lane, sum, s, got[s], want)
				}
			}
		}
	}
}

// TestFinishPackedResamples checks finishPacked against the float pass
// (finish of the resample's weights), bit for bit, on many resamples of
// every data set whose sums are exact, nominal and ordinal: the pairs of
// z.pairs are the slots' pairs, and the integer sums in any order are
// the float pass's.
func TestFinishPackedResamples(t *testing.T) {
	tested := 0
	for _, tt := range packCases() {
		r := New(tt.rs)
		z := r.newResampler()
		if z == nil || z.rows == nil || !z.exact {
			continue
		}
		tested++
		for i, p := range z.pairs {
			if s := slotOf(len(r.values), int(p[0]), int(p[1])); s != len(r.values)+i {
				t.Fatalf("%s: pair %d is %v, slot %d", tt.name, i, p, s)
			}
		}
		U := r.Units()
		rng := rand.New(rand.NewPCG(10, uint64(tested)))
		w := make([]float64, len(r.m))
		for trial := range 500 {
			clear(w)
			for range U - trial%3 { // some resamples of fewer units
				w[r.unitProfile[rng.IntN(U)]]++
			}
			var sum stats.Row
			for p, wp := range w {
				for i := range sum {
					sum[i] += uint64(wp) * z.rows[p][i]
				}
			}
			for _, l := range []Level{Nominal, Ordinal} {
				want, wok := z.alpha(l, w)
				got, ok := z.finishPacked(l, &sum)
				if ok != wok || math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("%s, trial %d, %s: finishPacked = %v %v; float pass %v %v", tt.name, trial, l, got, ok, want, wok)
				}
			}
		}
	}
	if tested < 4 {
		t.Fatalf("%d data sets with exact packed sums; want at least 4", tested)
	}
}
