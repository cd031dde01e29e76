package compare

import (
	"math"
	"slices"
	"testing"
)

// TestAdjustWorked checks Holm and Benjamini-Hochberg on examples worked by
// hand in the comments (m is the number of p-values, i the rank).
func TestAdjustWorked(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name     string
		p        []float64
		holm, bh []float64
	}{
		// Sorted 0.005, 0.01, 0.03, 0.04. Holm: 4·0.005 = 0.02,
		// 3·0.01 = 0.03, 2·0.03 = 0.06, 1·0.04 = 0.04 → running max 0.06.
		// BH: 4/1·0.005 = 0.02, 4/2·0.01 = 0.02, 4/3·0.03 = 0.04,
		// 4/4·0.04 = 0.04, running min from the top changes nothing.
		{"four", []float64{0.01, 0.04, 0.03, 0.005},
			[]float64{0.03, 0.06, 0.06, 0.02}, []float64{0.02, 0.04, 0.04, 0.02}},
		// Holm: 0.05, 0.08, 0.09, 0.08, 0.05 → running max 0.05, 0.08,
		// 0.09, 0.09, 0.09. BH: 5/i·(i/100) = 0.05 for every i.
		{"steps", []float64{0.01, 0.02, 0.03, 0.04, 0.05},
			[]float64{0.05, 0.08, 0.09, 0.09, 0.09}, []float64{0.05, 0.05, 0.05, 0.05, 0.05}},
		// Holm: 2·0.5 = 1, 1·0.6 → running max 1. BH: 2·0.5 = 1 and
		// 2/2·0.6 = 0.6; running min from the top gives 0.6 to both.
		{"cap", []float64{0.6, 0.5}, []float64{1, 1}, []float64{0.6, 0.6}},
		// NaN is no test: m = 2.
		{"NaN", []float64{0.02, nan, 0.04}, []float64{0.04, nan, 0.04}, []float64{0.04, nan, 0.04}},
		{"empty", []float64{}, []float64{}, []float64{}},
		// Holm's bound exceeds 1 and is capped.
		{"one big", []float64{0.9, 0.9, 0.9}, []float64{1, 1, 1}, []float64{0.9, 0.9, 0.9}},
	} {
		in := slices.Clone(tc.p)
		for _, c := range []struct {
			name string
			f    func([]float64) []float64
			want []float64
		}{{"holm", Holm, tc.holm}, {"bh", BenjaminiHochberg, tc.bh}} {
			got := c.f(tc.p)
			if len(got) != len(c.want) {
				t.Fatalf("%s %s: %v, want %v", tc.name, c.name, got, c.want)
			}
			for i := range got {
				if !near(got[i], c.want[i], 1e-15) {
					t.Errorf("%s %s: %v, want %v", tc.name, c.name, got, c.want)
					break
				}
			}
		}
		if !slices.EqualFunc(in, tc.p, func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }) {
			t.Errorf("%s: input changed to %v", tc.name, tc.p)
		}
	}
}

// TestAdjustProperties checks what every adjustment must satisfy on
// random p-values with ties: adjusted p is at least p, at most 1, in the
// same order as p, and BH never exceeds Holm.
func TestAdjustProperties(t *testing.T) {
	rng := normal(400, 0, 1, 77)
	for k := 0; k < len(rng); k += 20 {
		p := make([]float64, 20)
		for i := range p {
			p[i] = math.Round(math.Abs(rng[k+i])*100) / 400 // ties, some above 1/2
		}
		h, b := Holm(p), BenjaminiHochberg(p)
		for i := range p {
			if h[i] < p[i] || h[i] > 1 || b[i] < p[i] || b[i] > 1 || b[i] > h[i] {
				t.Fatalf("p %v: holm %v bh %v", p, h, b)
			}
			for j := range p {
				if p[i] <= p[j] && (h[i] > h[j] || b[i] > b[j]) {
					t.Fatalf("order broken at %d, %d: p %v, holm %v, bh %v", i, j, p, h, b)
				}
			}
		}
	}
}

func TestAdjust(t *testing.T) {
	p := []float64{0.01, 0.04, 0.03, 0.005}
	for _, tc := range []struct {
		c    Correction
		want []float64
	}{
		{CorrectionHolm, Holm(p)},
		{CorrectionBH, BenjaminiHochberg(p)},
		{CorrectionNone, p},
	} {
		got, err := Adjust(tc.c, p)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, %v", tc.c, got, err)
		}
	}
	if _, err := Adjust("bonferroni", p); err == nil {
		t.Error("unknown correction: no error")
	}
}
