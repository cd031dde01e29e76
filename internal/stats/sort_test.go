package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortFloatsIsSlicesSort: SortFloats leaves what slices.Sort leaves,
// bit for bit, on samples short and long, of few and of many distinct
// values, negative and positive, with infinities, and with the NaN and -0
// it hands to slices.Sort (found at the start, the middle, the end).
func TestSortFloatsIsSlicesSort(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	gens := map[string]func() float64{
		"rough":      func() float64 { return (rng.Float64() - 0.3) * math.Pow(10, float64(rng.IntN(40)-20)) },
		"3 decimals": func() float64 { return float64(int(1000*(0.5+0.2*rng.NormFloat64()))) / 1000 },
		"0 or 1":     func() float64 { return float64(rng.IntN(2)) },
		"one value":  func() float64 { return 0.25 },
		"integers":   func() float64 { return float64(rng.IntN(4000) - 2000) },
		"infinite": func() float64 {
			return []float64{math.Inf(-1), math.Inf(1), 0, -1.5, 2, math.MaxFloat64, -math.SmallestNonzeroFloat64}[rng.IntN(7)]
		},
	}
	for name, gen := range gens {
		for _, n := range []int{0, 1, 2, 100, radixMin - 1, radixMin, 5000, 70_000} {
			for _, odd := range []float64{0, math.NaN(), math.Copysign(0, -1)} {
				for _, at := range []int{0, n / 2, n - 1} {
					if testing.Short() && odd == 0 && at != 0 {
						continue // no odd value: one sample of each size
					}
					x := make([]float64, n)
					for i := range x {
						x[i] = gen()
					}
					if odd == odd && math.Signbit(odd) && n > 0 {
						x[at] = odd
					} else if odd != odd && n > 0 {
						x[at] = odd
					}
					want := slices.Clone(x)
					slices.Sort(want)
					SortFloats(x)
					for i := range x {
						if math.Float64bits(x[i]) != math.Float64bits(want[i]) && !(x[i] != x[i] && want[i] != want[i]) {
							t.Fatalf("%s, n %d, odd %v at %d: position %d is %v, slices.Sort %v", name, n, odd, at, i, x[i], want[i])
						}
					}
				}
			}
		}
	}
}

func BenchmarkSortFloats(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, 200_000)
	for i := range x {
		x[i] = float64(int(1000*(0.5+0.2*rng.NormFloat64()))) / 1000
	}
	y := make([]float64, len(x))
	for _, bm := range []struct {
		name string
		sort func([]float64)
	}{{"slices.Sort", slices.Sort[[]float64]}, {"SortFloats", SortFloats}} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				copy(y, x)
				bm.sort(y)
			}
		})
	}
}
