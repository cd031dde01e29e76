package compare

import (
	"math/rand/v2"
	"testing"
)

// TestBatchIndependentOfOtherMetrics: a metric's figures, and its slices',
// are the same bit for bit whatever other metrics share its batch, so that
// batches of several iteration pairs over the same items give each pair
// what it gets alone.
func TestBatchIndependentOfOtherMetrics(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 3000
	mk := func() []float64 {
		d := make([]float64, n)
		for i := range d {
			d[i] = rng.NormFloat64()
		}
		return d
	}
	var all [][]float64
	for range 45 {
		all = append(all, mk())
	}
	pos := [][]int{}
	for s := range 5 {
		var p []int
		for i := s; i < n; i += 7 {
			p = append(p, i)
		}
		pos = append(pos, p)
	}
	opt := Options{Level: 0.95, Resamples: 200, Seed: 7}
	full, fs := PairedBatchSlices(all, pos, opt)
	for g := 0; g < 45; g += 5 {
		for _, sz := range []int{1, 3, 5} {
			part, ps := PairedBatchSlices(all[g:g+sz], pos, opt)
			for j := range part {
				if part[j] != full[g+j] {
					t.Errorf("g %d sz %d j %d: %+v vs %+v", g, sz, j, part[j], full[g+j])
				}
				for s := range ps {
					if ps[s][j] != fs[s][g+j] {
						t.Errorf("slice g %d sz %d j %d", g, sz, j)
					}
				}
			}
		}
	}
}
