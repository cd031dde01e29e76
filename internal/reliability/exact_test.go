package reliability

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSmallIntegers checks which ratings take raterFigures' exact sums.
func TestSmallIntegers(t *testing.T) {
	for _, tc := range []struct {
		values []float64
		want   bool
	}{
		{nil, true},
		{[]float64{1, 2, 5, -3, 0, math.Copysign(0, -1)}, true},
		{[]float64{1 << 26, -(1 << 26)}, true},
		{[]float64{1<<26 + 1}, false},
		{[]float64{1, 2.5}, false},
		{[]float64{math.NaN()}, false},
		{[]float64{math.Inf(1)}, false},
	} {
		all := make([]obs, len(tc.values))
		for i, v := range tc.values {
			all[i].value = v
		}
		if got := smallIntegers(all); got != tc.want {
			t.Errorf("smallIntegers(%v) = %v; want %v", tc.values, got, tc.want)
		}
	}
}

// TestExactOthersMean checks that, over small integers, a unit's sum less
// one rating, divided, is othersMean bit for bit, for units of up to 40
// ratings of integers of every size smallIntegers allows.
func TestExactOthersMean(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		us := make([]obs, 2+rng.IntN(39))
		span := []int64{5, 1000, 1 << 26}[rng.IntN(3)]
		for i := range us {
			us[i].value = float64(rng.Int64N(2*span+1) - span)
		}
		if !smallIntegers(us) {
			t.Fatalf("%v: not small integers", us)
		}
		var total float64
		for _, o := range us {
			total += o.value
		}
		for i, o := range us {
			got, want := (total-o.value)/float64(len(us)-1), othersMean(us, i)
			if math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("unit %v, rating %d: %v; othersMean %v", us, i, got, want)
			}
		}
	}
}

// TestIntIndex checks intIndex against a binary search of the categories.
func TestIntIndex(t *testing.T) {
	for _, cats := range [][]float64{
		{1, 2, 3, 4, 5}, {-2, 0, 7}, {0}, {-300, -100}, {3, 200, 258},
	} {
		index := intIndex(cats)
		if index == nil {
			t.Fatalf("intIndex(%v) = nil", cats)
		}
		for _, c := range cats {
			want, _ := slices.BinarySearch(cats, c)
			if got := int(index[int(c-cats[0])]); got != want {
				t.Errorf("intIndex(%v) at %v = %d; want %d", cats, c, got, want)
			}
		}
	}
	for _, cats := range [][]float64{nil, {0, 256}, {1, 1.5}, {math.NaN(), 1}, {0, math.Inf(1)}} {
		if index := intIndex(cats); index != nil {
			t.Errorf("intIndex(%v) = %v; want nil", cats, index)
		}
	}
}
