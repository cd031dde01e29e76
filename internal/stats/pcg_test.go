package stats

import (
	"fmt"
	"math"
	"slices"
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

// TestIndexDrawerSeed checks that a drawer of NewIndexDrawerSeed draws
// what one of NewIndexDrawer over NewRand(seed) draws, call after call and
// whichever method draws (Count and Count16 from the inlined generator,
// Fill and CountBy through its rand.Rand, sharing the state), rejections
// and both lane widths included.
func TestIndexDrawerSeed(t *testing.T) {
	for _, n := range []int{1, 3, 40000, 70000} {
		a, b := NewIndexDrawer(NewRand(9), n), NewIndexDrawerSeed(9, n)
		class := make([]int32, n)
		for i := range class {
			class[i] = int32(i % 5)
		}
		for _, k := range []int{0, 1, 5, 8, n, 3*n + 1, 7} {
			w32, g32 := make([]uint32, n), make([]uint32, n)
			a.Count(w32, k)
			b.Count(g32, k)
			w16, g16 := make([]uint16, n), make([]uint16, n)
			a.Count16(w16, k)
			b.Count16(g16, k)
			wi, gi := make([]uint32, k), make([]uint32, k)
			a.Fill(wi)
			b.Fill(gi)
			wc, gc := make([]uint32, 5), make([]uint32, 5)
			a.CountBy(wc, class, k)
			b.CountBy(gc, class, k)
			if !slices.Equal(w32, g32) || !slices.Equal(w16, g16) || !slices.Equal(wi, gi) || !slices.Equal(wc, gc) {
				t.Fatalf("n %d, k %d: the draws differ", n, k)
			}
		}
		if x, y := a.rng.Uint64(), b.rng.Uint64(); x != y {
			t.Errorf("n %d: generator left at %d, want %d", n, y, x)
		}
	}
}

// BenchmarkCount16 draws rows of counts of 200,000 items (the 32-bit lanes,
// a 400 KB row) and of 40,000 items (the 16-bit lanes), through a
// *rand.Rand (NewIndexDrawer) and from the inlined generator
// (NewIndexDrawerSeed).
func BenchmarkCount16(b *testing.B) {
	for _, n := range []int{200000, 40000} {
		counts := make([]uint16, n)
		for _, d := range []struct {
			name string
			d    IndexDrawer
		}{{"rand", NewIndexDrawer(NewRand(1), n)}, {"seed", NewIndexDrawerSeed(1, n)}} {
			b.Run(fmt.Sprintf("%s/n=%d", d.name, n), func(b *testing.B) {
				for b.Loop() {
					clear(counts)
					d.d.Count16(counts, n)
				}
			})
		}
	}
}
