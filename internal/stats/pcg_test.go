package stats

import (
	"math"
	"testing"
)

// TestPCGMatchesNewRand checks that pcg gives the outputs of NewRand's
// generator for the same seed.
func TestPCGMatchesNewRand(t *testing.T) {
	for _, seed := range []uint64{0, 1, 42, 1 << 63, Seed(7, "metric values", "3")} {
		rng, p := NewRand(seed), newPCG(seed)
		for i := range 10000 {
			if got, want := p.Uint64(), rng.Uint64(); got != want {
				t.Fatalf("seed %d, output %d: %#x, want %#x", seed, i, got, want)
			}
		}
	}
}

// TestResampleMeansPCG checks that resampleMeansPCG draws the resample
// means of resampleMeans with NewRand's generator, bit for bit, rejected
// lanes and tails of fewer than four draws included, and leaves the
// generator in the same state.
func TestResampleMeansPCG(t *testing.T) {
	for _, n := range []int{2, 3, 5, 100, 1001, 40000, 1 << 16} {
		x := benchData(n)
		seed := Seed(3, "n", string(rune('a'+n%26)))
		want, got := make([]float64, 20), make([]float64, 20)
		rng, p := NewRand(seed), newPCG(seed)
		resampleMeans(want, x, rng)
		resampleMeansPCG(got, x, &p)
		for i := range want {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("n %d, resample %d: %v, want %v", n, i, got[i], want[i])
			}
		}
		if p.Uint64() != rng.Uint64() {
			t.Fatalf("n %d: generator state differs after the resamples", n)
		}
	}
}

// TestBootstrapMeanCISeed checks BootstrapMeanCISeed against
// BootstrapMeanCI with NewRand(seed), degenerate samples and samples of
// more than 2^16 values included.
func TestBootstrapMeanCISeed(t *testing.T) {
	for _, x := range [][]float64{nil, {4}, {2, 2, 2}, {1, 5}, benchData(37), benchData(40000), benchData(70000)} {
		for _, seed := range []uint64{1, 99} {
			lo, hi := BootstrapMeanCISeed(x, 200, 0.9, seed)
			wlo, whi := BootstrapMeanCI(x, 200, 0.9, NewRand(seed))
			if math.Float64bits(lo) != math.Float64bits(wlo) || math.Float64bits(hi) != math.Float64bits(whi) {
				t.Errorf("n %d, seed %d: (%v, %v), want (%v, %v)", len(x), seed, lo, hi, wlo, whi)
			}
		}
	}
}

func BenchmarkBootstrapMeanCISeed(b *testing.B) {
	x := benchData(100)
	b.ReportAllocs()
	for b.Loop() {
		BootstrapMeanCISeed(x, 1000, 0.95, 1)
	}
}
