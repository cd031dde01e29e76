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

// TestResampleMeansPCG checks that resampleMeansPCG and resampleMeans
// (for more than 2^16 values) take the means of the resamples that
// referenceDraws draws from NewRand(seed), rejected lanes and tails of
// fewer than four draws included, and that resampleMeansPCG leaves the
// generator where the reference does. The values are integers, so their
// sums are exact in any order.
func TestResampleMeansPCG(t *testing.T) {
	for _, n := range []int{2, 3, 5, 100, 1001, 40000, 1 << 16, 1<<16 + 1, 70000} {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(i * i % 1000)
		}
		seed := Seed(3, "n", fmt.Sprint(n))
		got := make([]float64, 20)
		p := newPCG(seed)
		if n <= 1<<16 {
			resampleMeansPCG(got, x, &p)
		} else {
			resampleMeans(got, x, seed)
		}
		rng := NewRand(seed)
		for i := range got {
			var s float64
			for _, j := range referenceDraws(rng.Uint64, n, n) {
				s += x[j]
			}
			if want := s / float64(n); got[i] != want {
				t.Fatalf("n %d, resample %d: %v, want %v", n, i, got[i], want)
			}
		}
		if n <= 1<<16 && p.Uint64() != rng.Uint64() {
			t.Fatalf("n %d: generator state differs after the resamples", n)
		}
	}
}

// TestBootstrapMeanCISeed checks that BootstrapMeanCISeed is the
// percentile interval of the reference resample means, on both sides of
// 2^16 values (200 resamples, 50 under -short).
func TestBootstrapMeanCISeed(t *testing.T) {
	t.Parallel()
	B := 200
	if testing.Short() {
		B = 50
	}
	for _, n := range []int{37, 40000, 70000} {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(i * 7 % 11)
		}
		for _, seed := range []uint64{1, 99} {
			lo, hi := BootstrapMeanCISeed(x, B, 0.9, seed)
			rng := NewRand(seed)
			means := make([]float64, B)
			for b := range means {
				var s float64
				for _, j := range referenceDraws(rng.Uint64, n, n) {
					s += x[j]
				}
				means[b] = s / float64(n)
			}
			wlo, whi := PercentileInterval(means, 0.9)
			if math.Float64bits(lo) != math.Float64bits(wlo) || math.Float64bits(hi) != math.Float64bits(whi) {
				t.Errorf("n %d, seed %d: (%v, %v), want (%v, %v)", n, seed, lo, hi, wlo, whi)
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

// BenchmarkCount16 draws rows of counts of 200,000 items (the 32-bit lanes,
// a 400 KB row) and of 40,000 items (the 16-bit lanes).
func BenchmarkCount16(b *testing.B) {
	for _, n := range []int{200000, 40000} {
		counts := make([]uint16, n)
		d := NewIndexDrawerSeed(1, n)
		b.Run(fmt.Sprintf("seed/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				clear(counts)
				d.Count16(counts, n)
			}
		})
	}
}

// referenceDraws returns k draws from [0, n) by the definition of
// IndexDrawer, one generator output at a time and lane by lane: Lemire's
// multiply-and-reject on the 16-bit lanes of each output (low lane first)
// when n ≤ 2^16, else on its two 32-bit lanes, the lanes left over after
// the k-th draw discarded.
func referenceDraws(next func() uint64, n, k int) []uint32 {
	w, lanes := uint(16), 4
	if n > 1<<16 {
		w, lanes = 32, 2
	}
	mask := uint64(1)<<w - 1
	thresh := (mask + 1) % uint64(n)
	var out []uint32
	for len(out) < k {
		r := next()
		for range lanes {
			m := (r & mask) * uint64(n)
			r >>= w
			if m&mask >= thresh && len(out) < k {
				out = append(out, uint32(m>>w))
			}
		}
	}
	return out
}

// TestDrawsMatchReference checks every way of drawing (Fill, Count,
// Count16, CountBy) and two drawers sharing a generator (Over) against
// referenceDraws from NewRand(seed), call after call on one drawer: the
// draws and where each leaves the generator. The lengths end on and off a
// whole output, and n = 40,000 rejects about 39% of the 16-bit lanes.
func TestDrawsMatchReference(t *testing.T) {
	lengths := []int{0, 1, 3, 4, 5, 8, 1023, 1024, 1025, 513, 12345}
	for _, n := range []int{1, 3, 40000, 1 << 16, 1<<16 + 1, 70000} {
		class := make([]int32, n)
		for i := range class {
			class[i] = int32(i % 5)
		}
		for _, seeded := range []bool{false, true} {
			ref := NewRand(21)
			d := NewIndexDrawerSeed(21, n)
			if seeded {
				d = NewIndexDrawerSeed(21, n)
			}
			for _, k := range lengths {
				want := referenceDraws(ref.Uint64, n, k)
				wantCounts := make([]uint32, n)
				wantBy := make([]uint32, 5)
				for _, i := range want {
					wantCounts[i]++
					wantBy[class[i]]++
				}
				var method string
				var ok bool
				switch k % 4 { // each method in turn, on the same stream
				case 0:
					method = "Fill"
					got := make([]uint32, k)
					d.Fill(got)
					ok = slices.Equal(got, want)
				case 1:
					method = "Count"
					got := make([]uint32, n)
					d.Count(got, k)
					ok = slices.Equal(got, wantCounts)
				case 2:
					method = "Count16"
					got := make([]uint16, n)
					d.Count16(got, k)
					ok = true
					for i := range got {
						ok = ok && uint32(got[i]) == wantCounts[i]
					}
				case 3:
					method = "CountBy"
					got := make([]uint32, 5)
					d.CountBy(got, class, k)
					ok = slices.Equal(got, wantBy)
				}
				if !ok {
					t.Fatalf("n %d, k %d: %s draws other indexes than the reference", n, k, method)
				}
			}
			// Where the generator is left, and Over: a drawer over [0, 3)
			// sharing d's generator draws on from there.
			e := d.Over(3)
			got := make([]uint32, 9)
			e.Fill(got)
			if want := referenceDraws(ref.Uint64, 3, 9); !slices.Equal(got, want) {
				t.Errorf("n %d: Over draws %v, want %v", n, got, want)
			}
		}
	}
}
