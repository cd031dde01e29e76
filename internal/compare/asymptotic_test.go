package compare

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// sleep is Student's sleep data (Cushny and Peebles, 1905; R's sleep): the
// extra hours of sleep of ten patients under two drugs.
var sleep1 = []float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0}
var sleep2 = []float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4}

// TestPairedTPublished checks PairedT against R's
// t.test(sleep1, sleep2, paired = TRUE): t = -4.0621, df = 9,
// p-value = 0.002833 (scipy.stats.ttest_rel gives the same).
func TestPairedTPublished(t *testing.T) {
	d := make([]float64, len(sleep1))
	for i := range d {
		d[i] = sleep1[i] - sleep2[i]
	}
	tt, p := PairedT(d)
	if !near(tt, -4.0621, 5e-5) || !near(p, 0.002833, 5e-7) {
		t.Errorf("PairedT(sleep) = %v, %v; want -4.0621, 0.002833", tt, p)
	}
	for _, tc := range []struct {
		name  string
		d     []float64
		t, p  float64
		check string
	}{
		// d = 1, 2, 3, 4: mean 2.5, s = √(5/3), t = 2.5/(s/2) = 3.8730 on
		// 3 df; the p-value from gonum's t distribution.
		{"1..4", []float64{1, 2, 3, 4}, 2.5 / (math.Sqrt(5.0/3) / 2), 0, "t3"},
		{"constant", []float64{0.5, 0.5, 0.5}, math.Inf(1), 0, ""},
		{"zeros", []float64{0, 0, 0}, math.NaN(), math.NaN(), ""},
		{"one", []float64{1}, math.NaN(), math.NaN(), ""},
	} {
		want := tc.p
		if tc.check == "t3" {
			want = 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: 3}.Survival(tc.t)
		}
		tt, p := PairedT(tc.d)
		if !near(tt, tc.t, 1e-12) || !near(p, want, 1e-15) {
			t.Errorf("%s: t %v p %v; want %v, %v", tc.name, tt, p, tc.t, want)
		}
	}
}

// TestWelchTPublished checks WelchT against R's t.test(sleep1, sleep2):
// t = -1.8608, df = 17.776, p-value = 0.07939 (scipy.stats.ttest_ind with
// equal_var=False gives the same).
func TestWelchTPublished(t *testing.T) {
	tt, df, p := WelchT(sleep1, sleep2)
	if !near(tt, -1.8608, 5e-5) || !near(df, 17.776, 5e-4) || !near(p, 0.07939, 5e-6) {
		t.Errorf("WelchT(sleep) = %v, %v, %v; want -1.8608, 17.776, 0.07939", tt, df, p)
	}
	// Two constant groups: infinitely far apart, or the same.
	if tt, _, p := WelchT([]float64{1, 1}, []float64{2, 2, 2}); !math.IsInf(tt, -1) || p != 0 {
		t.Errorf("constant groups: t %v p %v; want -Inf, 0", tt, p)
	}
	if _, _, p := WelchT([]float64{1}, []float64{2, 3}); !math.IsNaN(p) {
		t.Errorf("one value: p %v; want NaN", p)
	}
}

// TestExpandedTail checks Hesterberg's tails at 95%, worked out from
// tables of t and the normal distribution:
// Φ(-√(15/14) t_{0.975,14}) = Φ(-1.035098 × 2.144787) = Φ(-2.220063) = 0.013208,
// Φ(-√(50/49) t_{0.975,49}) = Φ(-1.010153 × 2.009575) = Φ(-2.029979) = 0.021179,
// Φ(-√(200/199) t_{0.975,199}) = Φ(-1.002509 × 1.971957) = Φ(-1.976905) = 0.024026;
// the tail tends to 0.025 as n grows.
func TestExpandedTail(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want float64
		tol  float64
	}{
		{15, 0.013208, 5e-6},
		{50, 0.021179, 5e-6},
		{200, 0.024026, 5e-6},
		{100000, 0.025, 1e-5},
	} {
		if got := pairedTail(0.95, tc.n); !near(got, tc.want, tc.tol) {
			t.Errorf("n %d: tail %.6f; want %.6f", tc.n, got, tc.want)
		}
	}
	// Two groups of equal size and spread: f = √(n/(n-1)), ν = 2(n-1).
	a, b := []float64{1, 2, 3, 4, 5}, []float64{2, 3, 4, 5, 6}
	if got, want := unpairedTail(0.9, a, b), expandedTail(0.9, math.Sqrt(5.0/4), 8); !near(got, want, 1e-15) {
		t.Errorf("unpaired tail %v; want %v", got, want)
	}
	// No spread: the plain tail.
	if got := unpairedTail(0.95, []float64{1, 1}, []float64{2, 2}); !near(got, 0.025, 1e-15) {
		t.Errorf("constant groups: tail %v; want 0.025", got)
	}
}

// TestUnpairedMonteCarloFloor checks that groups so far apart that no
// random split reaches them get Welch's p-value instead of 1/(B+1).
func TestUnpairedMonteCarloFloor(t *testing.T) {
	a, b := normal(30, 1, 1, 1), normal(40, 3, 1, 2)
	r := Unpaired(a, b, Options{Level: 0.95, Resamples: 1000, Seed: 5})
	_, _, want := WelchT(a, b)
	if r.P != want || r.PMethod != PWelchTFloor || !(r.P < 1e-9) {
		t.Errorf("p %v (%s); want Welch's %v < 1e-9", r.P, r.PMethod, want)
	}
	a = normal(30, 1, 1, 3)
	r = Unpaired(a, normal(40, 1, 1, 4), Options{Level: 0.95, Resamples: 1000, Seed: 5})
	if r.PMethod != "permutation, 1,000 random splits" || !(r.P > 11.0/1001) {
		t.Errorf("null: p %v (%s); want a Monte Carlo p", r.P, r.PMethod)
	}
}

// TestHolmHugeEffects is the case: 60 metrics whose t-test p-values
// are below 1e-25 must all be significant after Holm, which the Monte
// Carlo floor 1/1001 × 60 > 0.05 made impossible.
func TestHolmHugeEffects(t *testing.T) {
	const m, n = 60, 100
	diffs := make([][]float64, m)
	for j := range diffs {
		diffs[j] = normal(n, 2+0.01*float64(j), 1, uint64(j+1))
	}
	res := PairedBatch(diffs, Options{Level: 0.95, Resamples: 1000, Seed: 9})
	p := make([]float64, m)
	for j, r := range res {
		p[j] = r.P
		if r.PMethod != PPairedTFloor || !(r.P < 1e-25) {
			t.Errorf("metric %d: p %v (%s); want a paired t p below 1e-25", j, r.P, r.PMethod)
		}
	}
	for j, q := range Holm(p) {
		if !(q < 0.05) {
			t.Errorf("metric %d: Holm-adjusted p %v; want significant", j, q)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 20000: "20,000", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q; want %q", n, got, want)
		}
	}
}

// TestPWords checks the words of Monte Carlo p-values, kept for the last
// count, as the count changes back and forth.
func TestPWords(t *testing.T) {
	for _, b := range []int{1000, 1000, 200, 12345, 1000, 1000000} {
		if got, want := pSignFlip(b), "sign-flip, "+thousands(b)+" random signs"; got != want {
			t.Errorf("pSignFlip(%d) = %q; want %q", b, got, want)
		}
		if got, want := pPermutation(b), "permutation, "+thousands(b)+" random splits"; got != want {
			t.Errorf("pPermutation(%d) = %q; want %q", b, got, want)
		}
	}
	if got := pSignFlip(1000); got != "sign-flip, 1,000 random signs" {
		t.Errorf("pSignFlip(1000) = %q", got)
	}
}
