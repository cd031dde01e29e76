package agreement

import (
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
