package reliability

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestValues checks that values gives the distinct values of the ratings,
// ascending, as sorting them all does: a few values in runs and
// interleaved, more values than it looks for in a list (so in a map),
// zero and minus zero (one value), a NaN, none.
func TestValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	of := func(xs ...float64) []obs {
		out := make([]obs, len(xs))
		for i, x := range xs {
			out[i].value = x
		}
		return out
	}
	draw := func(n, k int) []obs {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64(rng.IntN(k)) / 2
		}
		return of(xs...)
	}
	tests := []struct {
		name string
		all  []obs
		want []float64
	}{
		{"none", nil, nil},
		{"runs", of(3, 3, 1, 1, 1, 2, 2, 5), []float64{1, 2, 3, 5}},
		{"interleaved", of(4, 1, 4, 2, 1, 2, 4), []float64{1, 2, 4}},
		{"a scale", draw(1000, 5), []float64{0, 0.5, 1, 1.5, 2}},
		{"many values", draw(5000, 3*manyValues), nil},
		{"zero and minus zero", of(math.Copysign(0, -1), 1, 0), []float64{0, 1}},
		{"NaN", of(2, math.NaN(), 1), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, want := values(tt.all), sortedValues(tt.all)
			same := func(a, b float64) bool { return a == b || a != a && b != b }
			if !slices.EqualFunc(got, want, same) {
				t.Errorf("values = %v, want %v (sorting them all)", got, want)
			}
			if tt.want != nil && !slices.Equal(got, tt.want) {
				t.Errorf("values = %v, want %v", got, tt.want)
			}
			if tt.name == "many values" && len(got) <= manyValues {
				t.Errorf("%d distinct values, want more than %d", len(got), manyValues)
			}
		})
	}
}
