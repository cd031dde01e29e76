package correlation

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortIndexes checks both sorts against a stable sort of the indexes
// by value (ties in order of index, -0 tied with 0), on short samples
// (compareSort) and longer ones (the radix sorts on 8-bit and 16-bit
// digits), with many ties, negative
// values, zeros of both signs and extremes.
func TestSortIndexes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	draws := map[string]func() float64{
		"continuous": func() float64 { return r.NormFloat64() },
		"ties":       func() float64 { return float64(r.IntN(5)) / 3 },
		"signed zeros and extremes": func() float64 {
			return []float64{0, math.Copysign(0, -1), -1, 1, math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64}[r.IntN(8)]
		},
	}
	for name, draw := range draws {
		for _, n := range []int{0, 1, 2, 17, 100, radixSmall - 1, radixSmall, 1000, radixMin - 1, radixMin + 5} {
			x := make([]float64, n)
			for i := range x {
				x[i] = draw()
			}
			want := make([]int32, n)
			for i := range want {
				want[i] = int32(i)
			}
			got := slices.Clone(want)
			slices.SortStableFunc(want, func(a, b int32) int { return cmp.Compare(x[a]+0, x[b]+0) })
			sortIndexes(got, x)
			if !slices.Equal(got, want) {
				t.Errorf("%s, n=%d: sortIndexes differs from a stable sort by value", name, n)
			}
		}
	}
}
