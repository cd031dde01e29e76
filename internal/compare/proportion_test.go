package compare

import (
	"math"
	"testing"
)

// TestWilson checks Wilson intervals against Newcombe (1998, "Two-sided
// confidence intervals for the single proportion", Table I, method 3),
// whose figures are given to four places.
func TestWilson(t *testing.T) {
	for _, tc := range []struct {
		k, n     int
		low, hig float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
		{1, 29, 0.0061, 0.1718},
	} {
		got := Wilson(tc.k, tc.n, 0.95)
		if !near(got.Low, tc.low, 5e-5) || !near(got.High, tc.hig, 5e-5) {
			t.Errorf("%d/%d: [%.5f, %.5f], want [%.4f, %.4f]", tc.k, tc.n, got.Low, got.High, tc.low, tc.hig)
		}
	}
	// All successes mirror no successes.
	lo, hi := Wilson(0, 20, 0.9), Wilson(20, 20, 0.9)
	if !near(hi.Low, 1-lo.High, 1e-15) || hi.High != 1 || lo.Low != 0 {
		t.Errorf("0/20 %v and 20/20 %v are not mirror images", lo, hi)
	}
	if got := Wilson(0, 0, 0.95); !math.IsNaN(got.Low) || !math.IsNaN(got.High) {
		t.Errorf("0/0: %v", got)
	}
	mustPanic(t, "k > n", func() { Wilson(3, 2, 0.95) })
	mustPanic(t, "level", func() { Wilson(1, 2, 0) })
}

// TestNewcombeDiff checks the hybrid score interval against Newcombe (1998,
// "Interval estimation for the difference between independent
// proportions", Table II, method 10), to four places.
func TestNewcombeDiff(t *testing.T) {
	for _, tc := range []struct {
		k1, n1, k2, n2 int
		low, hig       float64
	}{
		{56, 70, 48, 80, 0.0524, 0.3339},
		{9, 10, 3, 10, 0.1705, 0.8090},
		// Both proportions 0: the ends are the Wilson upper limits of
		// 0/20 and 0/10, z²/(n+z²) by hand.
		{0, 10, 0, 20, -0.1611, 0.2775},
	} {
		got := NewcombeDiff(tc.k1, tc.n1, tc.k2, tc.n2, 0.95)
		if !near(got.Low, tc.low, 5e-5) || !near(got.High, tc.hig, 5e-5) {
			t.Errorf("%d/%d - %d/%d: [%.5f, %.5f], want [%.4f, %.4f]", tc.k1, tc.n1, tc.k2, tc.n2, got.Low, got.High, tc.low, tc.hig)
		}
	}
	if got := NewcombeDiff(0, 0, 1, 2, 0.95); !math.IsNaN(got.Low) || !math.IsNaN(got.High) {
		t.Errorf("empty candidate: %v", got)
	}
	mustPanic(t, "1 of 0", func() { NewcombeDiff(1, 0, 1, 2, 0.95) })
}

// TestTwoProportionZ checks that z² equals Pearson's X² computed from the
// 2 × 2 table's expected counts, and p = P(χ²₁ > X²) = 2(1 - Φ(|z|)).
func TestTwoProportionZ(t *testing.T) {
	for _, tc := range [][4]int{{56, 70, 48, 80}, {9, 10, 3, 10}, {5, 200, 12, 180}} {
		k1, n1, k2, n2 := tc[0], tc[1], tc[2], tc[3]
		obs := [4]float64{float64(k1), float64(n1 - k1), float64(k2), float64(n2 - k2)}
		N := float64(n1 + n2)
		succ, fail := float64(k1+k2), float64(n1+n2-k1-k2)
		exp := [4]float64{float64(n1) * succ / N, float64(n1) * fail / N, float64(n2) * succ / N, float64(n2) * fail / N}
		var x2 float64
		for i := range obs {
			x2 += (obs[i] - exp[i]) * (obs[i] - exp[i]) / exp[i]
		}
		z, p := TwoProportionZ(k1, n1, k2, n2)
		if !near(z*z, x2, 1e-10*x2) || (z > 0) != (float64(k1)/float64(n1) > float64(k2)/float64(n2)) {
			t.Errorf("%v: z = %v, z² = %v, X² = %v", tc, z, z*z, x2)
		}
		// P(χ²₁ > x) = erfc(√(x/2)).
		if want := math.Erfc(math.Sqrt(x2 / 2)); !near(p, want, 1e-12) {
			t.Errorf("%v: p = %v, want %v", tc, p, want)
		}
	}
	if z, p := TwoProportionZ(0, 10, 0, 5); z != 0 || p != 1 {
		t.Errorf("no successes: z %v p %v", z, p)
	}
	if z, p := TwoProportionZ(10, 10, 5, 5); z != 0 || p != 1 {
		t.Errorf("all successes: z %v p %v", z, p)
	}
}

func TestProportions(t *testing.T) {
	// p1 = 1/2, p2 = 1/4: h = 2 asin √½ - 2 asin ½ = π/2 - π/3 = π/6.
	r := Proportions(20, 40, 10, 40, 0.95)
	_, p := TwoProportionZ(20, 40, 10, 40)
	ci := NewcombeDiff(20, 40, 10, 40, 0.95)
	if !near(r.Effect, math.Pi/6, 1e-15) || r.Diff != 0.25 || r.P != p || r.CI != ci ||
		r.N != 40 || r.NB != 40 || r.Paired || r.Method != MethodProportions {
		t.Errorf("%+v", r)
	}
	if r := Proportions(1, 2, 0, 0, 0.95); !math.IsNaN(r.Diff) || !math.IsNaN(r.P) || !math.IsNaN(r.CI.Low) {
		t.Errorf("empty baseline: %+v", r)
	}
}

// TestMcNemarExact checks the exact test on tables worked by hand. The
// first is the airway hyper-responsiveness example of Fagerland, Lydersen
// and Laake (2013): 1 and 7 discordant pairs, p = 2 (C(8,0) + C(8,1)) / 2^8
// = 18/256 = 0.0703 (0.070 in the paper).
func TestMcNemarExact(t *testing.T) {
	for _, tc := range []struct {
		b, c int
		p    float64
	}{
		{1, 7, 18.0 / 256},
		{7, 1, 18.0 / 256},
		{0, 5, 2.0 / 32},
		{3, 3, 1},            // 2 P(X ≤ 3) with X ~ Bin(6, ½) = 2·42/64 > 1: capped
		{2, 8, 112.0 / 1024}, // 2 (1 + 10 + 45) / 1024
		{0, 0, 1},
	} {
		if got := McNemarExact(tc.b, tc.c); !near(got, tc.p, 1e-13) {
			t.Errorf("b %d c %d: p = %v, want %v", tc.b, tc.c, got, tc.p)
		}
	}
	mustPanic(t, "negative", func() { McNemarExact(-1, 2) })
}

func TestPairedBinary(t *testing.T) {
	// 10 items: 6 concordant, 3 where only a succeeds, 1 where only b does.
	a := []bool{true, true, true, true, true, true, false, false, false, false}
	b := []bool{true, true, false, false, false, true, true, false, false, false}
	r := PairedBinary(a, b, opt95)
	d := []float64{0, 0, 1, 1, 1, 0, -1, 0, 0, 0}
	want := PairedDiffs(d, opt95)
	if r.Diff != 0.2 || r.P != McNemarExact(3, 1) || !r.Exact || r.CI != want.CI ||
		!near(r.Effect, want.Effect, 1e-15) || r.Method != MethodPairedBinary || !r.Paired {
		t.Errorf("%+v; want diff 0.2, p %v, CI %v, dz %v", r, McNemarExact(3, 1), want.CI, want.Effect)
	}
	mustPanic(t, "lengths", func() { PairedBinary(a, b[:3], opt95) })
}
