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
		got, err := Adjust(tc.c, p, nil)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, %v", tc.c, got, err)
		}
	}
	w := []float64{3, 3, 1, 1}
	for _, tc := range []struct {
		c    Correction
		want []float64
	}{
		{CorrectionHolm, WeightedHolm(p, w)},
		{CorrectionBH, WeightedBH(p, w)},
		{CorrectionNone, p},
	} {
		got, err := Adjust(tc.c, p, w)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%s weighted: %v, %v", tc.c, got, err)
		}
	}
	if _, err := Adjust("bonferroni", p, nil); err == nil {
		t.Error("unknown correction: no error")
	}
}

// TestWeightedWorked checks WeightedHolm and WeightedBH on examples worked
// by hand (ranks by p/w, W the total weight of the tests from a rank on).
func TestWeightedWorked(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name     string
		p, w     []float64
		holm, bh []float64
	}{
		// p/w = 0.01/3, 0.04/3, 0.03, 0.005: ranks 1, 3, 4, 2; W in rank
		// order 8, 5, 4, 1. Holm: 0.01·8/3 = 0.08/3, 0.005·5 = 0.025 (max
		// keeps 0.08/3), 0.04·4/3 = 0.16/3, 0.03·1 (max keeps 0.16/3).
		// BH (W = 8): p·8/(j·w) in rank order 0.08/3, 0.02, 0.32/9, 0.06;
		// the minimum from the top gives 0.02, 0.02, 0.32/9, 0.06.
		{"3311", []float64{0.01, 0.04, 0.03, 0.005}, []float64{3, 3, 1, 1},
			[]float64{0.08 / 3, 0.16 / 3, 0.16 / 3, 0.08 / 3}, []float64{0.02, 0.32 / 9, 0.06, 0.02}},
		// Only the ratios matter: the same weights summing to 1.
		{"3311 scaled", []float64{0.01, 0.04, 0.03, 0.005}, []float64{0.375, 0.375, 0.125, 0.125},
			[]float64{0.08 / 3, 0.16 / 3, 0.16 / 3, 0.08 / 3}, []float64{0.02, 0.32 / 9, 0.06, 0.02}},
		// A test of weight 0 is never rejected, however small its p; the
		// others are adjusted as if it were not there (Holm and BH of
		// 0.02, 0.04 give 0.04, 0.04).
		{"zero weight", []float64{0.001, 0.02, 0.04}, []float64{0, 1, 1},
			[]float64{1, 0.04, 0.04}, []float64{1, 0.04, 0.04}},
		{"all zero", []float64{0.001, 0.02}, []float64{0, 0}, []float64{1, 1}, []float64{1, 1}},
		// The evalbook family shape: two comparisons sharing 0.8, four
		// slices 0.2 (weights 0.4, 0.4, 0.05 × 4; scaled by the largest,
		// 1, 1, 1/8 × 4; W = 2.5). p/w ranks the comparison 0.004 first
		// (0.004), the slice 0.001 second (0.008), then the comparison 0.03
		// (0.03) and the slices 0.02 (0.16), 0.3 (2.4) and 0.5 (4); W in
		// rank order is 2.5, 1.5, 1.375, 0.375, 0.25, 0.125. Holm:
		// 0.004·2.5 = 0.01; 0.001·1.5·8 = 0.012; 0.03·1.375 = 0.04125;
		// 0.02·0.375·8 = 0.06; 0.3·0.25·8 = 0.6; 0.5·0.125·8 = 0.5, which
		// the running maximum lifts to 0.6. Plain Holm over the six tests
		// gives the comparison 0.03 4·0.03 = 0.12.
		// BH: 2.5·p/(j·w) in rank order 0.01, 0.01, 0.025, 0.1, 1.2,
		// 1.67 → from the top 1, 1, 0.1, 0.025, 0.01, 0.01.
		{"family", []float64{0.004, 0.03, 0.001, 0.02, 0.3, 0.5}, []float64{0.4, 0.4, 0.05, 0.05, 0.05, 0.05},
			[]float64{0.01, 0.04125, 0.012, 0.06, 0.6, 0.6}, []float64{0.01, 0.025, 0.01, 0.1, 1, 1}},
		// NaN is no test, and its weight does not count.
		{"NaN", []float64{0.02, nan, 0.04}, []float64{1, 5, 1}, []float64{0.04, nan, 0.04}, []float64{0.04, nan, 0.04}},
	} {
		in := slices.Clone(tc.p)
		for _, c := range []struct {
			name string
			f    func(p, w []float64) []float64
			want []float64
		}{{"holm", WeightedHolm, tc.holm}, {"bh", WeightedBH, tc.bh}} {
			got := c.f(tc.p, tc.w)
			if len(got) != len(c.want) {
				t.Fatalf("%s %s: %v, want %v", tc.name, c.name, got, c.want)
			}
			for i := range got {
				if !near(got[i], c.want[i], 1e-12) {
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

// TestWeightedEqualWeights checks that equal weights, whatever their
// value, give plain Holm and Benjamini-Hochberg bit for bit, against the
// unweighted formulas written out here.
func TestWeightedEqualWeights(t *testing.T) {
	rng := normal(600, 0, 1, 78)
	for k := 0; k+30 <= len(rng); k += 30 {
		p := make([]float64, 30)
		for i := range p {
			p[i] = math.Round(math.Abs(rng[k+i])*1000) / 4000 // ties
		}
		p[k%30] = math.NaN()
		holm, bh := unweighted(p)
		for _, v := range []float64{1, 0.8 / 7, 0.2 / 28, 3} {
			w := make([]float64, len(p))
			for i := range w {
				w[i] = v
			}
			same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
			if got := WeightedHolm(p, w); !slices.EqualFunc(got, holm, same) {
				t.Fatalf("weights %v: WeightedHolm %v, Holm %v", v, got, holm)
			}
			if got := WeightedBH(p, w); !slices.EqualFunc(got, bh, same) {
				t.Fatalf("weights %v: WeightedBH %v, BH %v", v, got, bh)
			}
		}
	}
}

// unweighted is Holm and Benjamini-Hochberg as R's p.adjust computes them.
func unweighted(p []float64) (holm, bh []float64) {
	var order []int
	holm, bh = slices.Clone(p), slices.Clone(p)
	for i, v := range p {
		if !math.IsNaN(v) {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(i, j int) int {
		if p[i] < p[j] {
			return -1
		}
		if p[i] > p[j] {
			return 1
		}
		return 0
	})
	m := float64(len(order))
	running := 0.0
	for i, k := range order {
		running = math.Max(running, math.Min(1, (m-float64(i))*p[k]))
		holm[k] = running
	}
	running = 1
	for i := len(order) - 1; i >= 0; i-- {
		running = math.Min(running, p[order[i]]*(m/float64(i+1)))
		bh[order[i]] = running
	}
	return holm, bh
}

// TestWeightedRejects checks the definition of the adjusted p-values: at
// every alpha, the tests with adjusted p at most alpha are exactly those
// the weighted procedures, run step by step as published, reject.
func TestWeightedRejects(t *testing.T) {
	rng := normal(1200, 0, 1, 79)
	for k := 0; k+24 <= len(rng); k += 24 {
		p, w := make([]float64, 12), make([]float64, 12)
		for i := range p {
			p[i] = math.Abs(rng[k+i]) / 40
			w[i] = math.Floor(math.Abs(rng[k+12+i]) * 3) // some 0
		}
		holm, bh := WeightedHolm(p, w), WeightedBH(p, w)
		for a := 0.001; a < 0.3; a += 0.001 {
			stepDown, stepUp := holmRejects(p, w, a), bhRejects(p, w, a)
			for i := range p {
				if near(holm[i], a, 1e-9) || near(bh[i], a, 1e-9) {
					continue
				}
				if (holm[i] <= a) != stepDown[i] || (bh[i] <= a) != stepUp[i] {
					t.Fatalf("p %v w %v alpha %v: test %d holm %v rejects %v; bh %v rejects %v",
						p, w, a, i, holm[i], stepDown[i], bh[i], stepUp[i])
				}
			}
		}
	}
}

// holmRejects runs Holm's weighted procedure at level a: among the tests
// not yet rejected, reject the one with the smallest p/w when p ≤ a w / W,
// W their total weight; stop at the first that is not rejected.
func holmRejects(p, w []float64, a float64) []bool {
	rejected := make([]bool, len(p))
	for {
		best, rest := -1, 0.0
		for i := range p {
			if rejected[i] {
				continue
			}
			rest += w[i]
			if w[i] > 0 && (best < 0 || p[i]/w[i] < p[best]/w[best]) {
				best = i
			}
		}
		if best < 0 || p[best] > a*w[best]/rest {
			return rejected
		}
		rejected[best] = true
	}
}

// bhRejects runs the weighted step-up procedure of Genovese, Roeder and
// Wasserman at level a: with weights scaled to mean 1, reject every test
// with p/w at most the largest p/w (as j-th smallest) that is at most j a / m.
func bhRejects(p, w []float64, a float64) []bool {
	m, total := float64(len(p)), 0.0
	for _, v := range w {
		total += v
	}
	q := make([]float64, len(p))
	for i := range p {
		q[i] = math.Inf(1)
		if w[i] > 0 {
			q[i] = p[i] / (w[i] * m / total)
		}
	}
	sorted := slices.Sorted(slices.Values(q))
	cut := math.Inf(-1)
	for j, v := range sorted {
		if v <= float64(j+1)*a/m {
			cut = v
		}
	}
	rejected := make([]bool, len(p))
	for i := range p {
		rejected[i] = q[i] <= cut
	}
	return rejected
}

func TestWeightedPanics(t *testing.T) {
	for _, w := range [][]float64{{1}, {1, -1}, {1, math.NaN()}, {1, math.Inf(1)}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("weights %v: no panic", w)
				}
			}()
			WeightedHolm([]float64{0.1, 0.2}, w)
		}()
	}
}
