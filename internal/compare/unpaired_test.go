package compare

import (
	"math"
	"testing"

	"github.com/evalbook/evalbook/internal/stats"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestHedgesG checks g on a sample worked by hand: a = 1..5 and b = 3..7
// have means 3 and 5 and variances 2.5, so s_p = √2.5 and d = -2/√2.5;
// ν = 8 and J(8) = Γ(4) / (2 Γ(3.5)) with Γ(3.5) = (15/8) √π.
func TestHedgesG(t *testing.T) {
	a := []float64{1, 2, 3, 4, 5}
	b := []float64{3, 4, 5, 6, 7}
	j := 6 / (2 * 15.0 / 8 * math.Sqrt(math.Pi))
	want := j * -2 / math.Sqrt(2.5)
	r := Unpaired(a, b, opt95)
	if !near(r.Effect, want, 1e-13) || r.Diff != -2 || r.N != 5 || r.NB != 5 || r.Paired {
		t.Errorf("%+v, want diff -2, g %v", r, want)
	}
	// Hedges and Olkin's approximation J ≈ 1 - 3/(4ν - 1) is within 1e-3
	// of the exact factor from ν = 8 on.
	for _, nu := range []float64{8, 20, 100, 1e4} {
		if got, approx := hedgesJ(nu), 1-3/(4*nu-1); !near(got, approx, 1e-3) {
			t.Errorf("J(%v) = %v, approximation %v", nu, got, approx)
		}
	}
}

// TestPermutationTest checks the Monte Carlo permutation p-value against
// one counted by hand: 10, 11, 12 against 1, 2, 3 is the most extreme of
// the C(6, 3) = 20 splits of the pooled values, with its mirror image, so
// the exact p is 2/20.
func TestPermutationTest(t *testing.T) {
	const B = 20000
	r := Unpaired([]float64{10, 11, 12}, []float64{1, 2, 3}, Options{Level: 0.95, Resamples: B, Seed: 3})
	se := math.Sqrt(0.1 * 0.9 / B)
	if math.Abs(r.P-0.1) > 4*se {
		t.Errorf("p = %v, want 0.1 ± %.4f", r.P, 4*se)
	}
	// Groups of different sizes: a = {5}, b = {1, 2, 3, 4}. A split is
	// fixed by the lone value; |ā* - b̄*| for lone value v is
	// |v - (15 - v)/4| = |5v - 15|/4: 2.5 for 1 and 5, smaller otherwise.
	// So p = 2/5.
	r = Unpaired([]float64{5}, []float64{1, 2, 3, 4}, Options{Level: 0.95, Resamples: B, Seed: 4})
	se = math.Sqrt(0.4 * 0.6 / B)
	if math.Abs(r.P-0.4) > 4*se || !math.IsNaN(r.CI.Low) || !math.IsNaN(r.Effect) {
		t.Errorf("%+v, want p 0.4 ± %.4f, CI and g NaN", r, 4*se)
	}
}

// TestUnpairedBootstrapNormal compares the two-sample bootstrap interval
// with Welch's t interval on normal data (see TestPairedBootstrapNormal
// for the tolerance).
func TestUnpairedBootstrapNormal(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		a, b := normal(150, 0.7, 0.2, 10+seed), normal(250, 0.65, 0.3, 20+seed)
		va, vb := stats.Variance(a)/150, stats.Variance(b)/250
		nu := (va + vb) * (va + vb) / (va*va/149 + vb*vb/249)
		half := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: nu}.Quantile(0.975) * math.Sqrt(va+vb)
		d := stats.Mean(a) - stats.Mean(b)
		r := Unpaired(a, b, Options{Level: 0.95, Resamples: 10000, Seed: seed})
		if math.Abs(r.CI.Low-(d-half)) > 0.1*half || math.Abs(r.CI.High-(d+half)) > 0.1*half {
			t.Errorf("seed %d: bootstrap [%.5f, %.5f], Welch [%.5f, %.5f]", seed, r.CI.Low, r.CI.High, d-half, d+half)
		}
	}
}

func TestUnpairedDegenerate(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b []float64
	}{
		{"empty a", nil, []float64{1, 2}},
		{"empty b", []float64{1, 2}, nil},
		{"NaN", []float64{1, math.NaN()}, []float64{1, 2}},
	} {
		r := Unpaired(tc.a, tc.b, opt95)
		if !identical(r, nanResult(MethodUnpaired, false, len(tc.a), len(tc.b))) {
			t.Errorf("%s: %+v", tc.name, r)
		}
	}
	// Equal constant groups: no difference, every split alike.
	r := Unpaired([]float64{2, 2, 2}, []float64{2, 2}, opt95)
	if r.Diff != 0 || r.CI != (Interval{0, 0}) || r.P != 1 || !math.IsNaN(r.Effect) {
		t.Errorf("constant groups: %+v", r)
	}
}

func TestUnpairedDeterministic(t *testing.T) {
	a, b := normal(30, 0, 1, 1), normal(40, 0.3, 1, 2)
	if r1, r2 := Unpaired(a, b, opt95), Unpaired(a, b, opt95); !identical(r1, r2) {
		t.Errorf("same seed: %+v and %+v", r1, r2)
	}
}
