package correlation

import (
	"math"
	"strings"
	"testing"
)

// TestSumsPearson checks r from sums against r from the pairs, and a
// worked example: x = 1..5, y = 2, 4, 5, 4, 5 has Σ(x-x̄)(y-ȳ) = 6,
// Σ(x-x̄)² = 10, Σ(y-ȳ)² = 6, so r = 6/√60 = 0.7745966692414834.
func TestSumsPearson(t *testing.T) {
	for _, tt := range []struct {
		x, y []float64
		want float64 // 0: compare with Pearson of the pairs only
	}{
		{[]float64{1, 2, 3, 4, 5}, []float64{2, 4, 5, 4, 5}, 6 / math.Sqrt(60)},
		{[]float64{0.1, 0.5, 0.9, 0.3, 0.7, 0.2}, []float64{3, 4, 5, 3.5, 4.5, 2}, 0},
		{[]float64{10, 20, 30, 40}, []float64{4, 3, 2, 1}, -1},
	} {
		got := SumsOf(tt.x, tt.y).Pearson(0.95)
		want := Pearson(tt.x, tt.y, 0.95)
		if !got.OK || math.Abs(got.Coef-want.Coef) > 1e-12 || got.N != want.N || got.CIOK != want.CIOK ||
			math.Abs(got.Low-want.Low) > 1e-9 || math.Abs(got.High-want.High) > 1e-9 {
			t.Errorf("%v, %v: %+v; want %+v", tt.x, tt.y, got, want)
		}
		if tt.want != 0 && math.Abs(got.Coef-tt.want) > 1e-12 {
			t.Errorf("%v, %v: r = %.16f; want %.16f", tt.x, tt.y, got.Coef, tt.want)
		}
	}
	if e := SumsOf([]float64{1, 2, 3}, []float64{5, 5, 5}).Pearson(0.95); e.OK {
		t.Error("r of a constant variable is defined")
	}
	a, b := SumsOf([]float64{1, 2}, []float64{3, 5}), SumsOf([]float64{3, 4, 5}, []float64{4, 6, 5})
	if got, want := a.Add(b), SumsOf([]float64{1, 2, 3, 4, 5}, []float64{3, 5, 4, 6, 5}); got != want {
		t.Errorf("Add = %+v; want %+v", got, want)
	}
}

func TestSumsCheck(t *testing.T) {
	for _, tt := range []struct {
		s    Sums
		want string
	}{
		{Sums{N: -1}, "non-negative"},
		{Sums{N: 0, SX: 1}, "count 0"},
		{Sums{N: 2, SX: 4, SXX: 7, SY: 2, SYY: 2}, "negative"},
		{Sums{N: 2, SX: 3, SXX: 5, SY: 3, SYY: 5, SXY: 9}, "beyond"},
	} {
		if err := tt.s.Check(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v; want an error with %q", tt.s, err, tt.want)
		}
	}
	if err := SumsOf([]float64{1, 2, 3}, []float64{2, 1, 3}).Check(); err != nil {
		t.Error(err)
	}
}
