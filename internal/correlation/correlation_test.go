package correlation

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat"
)

func TestRanks(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		x    []float64
		want []float64
	}{
		{"empty", nil, []float64{}},
		{"distinct", []float64{3, 1, 2}, []float64{3, 1, 2}},
		{"ties", []float64{10, 20, 20, 30}, []float64{1, 2.5, 2.5, 4}},
		{"all tied", []float64{7, 7, 7}, []float64{2, 2, 2}},
		{"three-way tie", []float64{2, 1, 2, 2, 0}, []float64{4, 2, 4, 4, 1}},
		{"missing", []float64{5, nan, 1, math.Inf(1), 5}, []float64{2.5, nan, 1, nan, 2.5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Ranks(tt.x)
			eq := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
			if !slices.EqualFunc(got, tt.want, eq) {
				t.Errorf("Ranks(%v) = %v, want %v", tt.x, got, tt.want)
			}
		})
	}
}

// TestKnownValues checks the three coefficients against hand-worked
// examples and against scipy.stats 1.10.1 (pearsonr, spearmanr, kendalltau
// with its default tau-b), run on the same data.
func TestKnownValues(t *testing.T) {
	tests := []struct {
		name             string
		x, y             []float64
		r, rho, tau, tol float64
	}{
		// By hand: one swapped pair in each half of 1..5 leaves C = 8 and
		// D = 2 of 10 pairs, tau = 0.6; Σd² = 4, rho = 1 - 24/120 = 0.8,
		// which equals r since the values are their own ranks.
		{"by hand", []float64{1, 2, 3, 4, 5}, []float64{2, 1, 4, 3, 5}, 0.8, 0.8, 0.6, 1e-15},
		// By hand, the gonum trap: of 10 pairs, C = 6, D = 2, and two are
		// tied in x and two in y, so tau_b = 4/sqrt(8·8) = 0.5. Deviations
		// from the means 1.8 give Σdxdy = 1.8 and Σdx² = Σdy² = 2.8, so
		// r = 9/14; the ranks 1.5, 1.5, 3.5, 3.5, 5 and 1.5, 3.5, 3.5, 1.5, 5
		// give Σdxdy = 5 and Σdx² = Σdy² = 9, so rho = 5/9.
		{"ties in both", []float64{1, 1, 2, 2, 3}, []float64{1, 2, 2, 1, 3}, 9.0 / 14, 5.0 / 9, 0.5, 1e-15},
		{"perfect", []float64{1, 2, 3, 4}, []float64{10, 20, 30, 40}, 1, 1, 1, 0},
		{"perfect negative", []float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}, -1, -1, -1, 0},
		{"scipy likert", []float64{1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 1, 2}, []float64{2, 2, 3, 3, 4, 3, 5, 4, 4, 5, 1, 1},
			0.8645418326693228, 0.8872727272727272, 0.7894736842105263, 1e-14},
		{"scipy anti", []float64{1, 2, 3, 4, 5, 6, 7}, []float64{7, 6, 5, 5, 3, 2, 1},
			-0.9850365626224085, -0.9910312089651149, -0.9759000729485332, 1e-14},
		{"scipy mixed", []float64{0.5, 1.5, 1.5, 2.0, 7.0, 3.25, 3.25, 3.25, 9.0, -1.0}, []float64{3, 1, 2, 2, 5, 4, 4, 1, 5, 0},
			0.7928436038796822, 0.7538977392473305, 0.6341463414634148, 1e-14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := All(tt.x, tt.y, 0.95)
			for _, c := range []struct {
				name      string
				got, want float64
			}{{"pearson", p.Pearson.Coef, tt.r}, {"spearman", p.Spearman.Coef, tt.rho}, {"kendall", p.Kendall.Coef, tt.tau}} {
				if !near(c.got, c.want, tt.tol) {
					t.Errorf("%s = %.17g, want %.17g", c.name, c.got, c.want)
				}
			}
			if p.Pearson.N != len(tt.x) || !p.Pearson.OK || !p.Spearman.OK || !p.Kendall.OK {
				t.Errorf("All = %+v, want N = %d and every coefficient defined", p, len(tt.x))
			}
			if got := Pearson(tt.x, tt.y, 0.95); got != p.Pearson && !near(got.Coef, p.Pearson.Coef, 1e-14) {
				t.Errorf("Pearson = %+v, All gives %+v", got, p.Pearson)
			}
			if got := Spearman(tt.x, tt.y, 0.95); got != p.Spearman {
				t.Errorf("Spearman = %+v, All gives %+v", got, p.Spearman)
			}
			if got := KendallTauB(tt.x, tt.y, 0.95); got != p.Kendall {
				t.Errorf("KendallTauB = %+v, All gives %+v", got, p.Kendall)
			}
		})
	}
}

// TestGonumKendallTrap records why KendallTauB exists: gonum's stat.Kendall
// is a weighted tau-a that gives 0.6 on data whose tau-b is 0.5.
func TestGonumKendallTrap(t *testing.T) {
	x := []float64{1, 1, 2, 2, 3}
	y := []float64{1, 2, 2, 1, 3}
	if g := stat.Kendall(x, y, nil); !near(g, 0.6, 1e-12) {
		t.Errorf("stat.Kendall = %v; the trap this package avoids has changed", g)
	}
	if got := KendallTauB(x, y, 0.95).Coef; got != 0.5 {
		t.Errorf("KendallTauB = %v, want 0.5", got)
	}
}

// TestKendallMatchesDefinition compares Knight's algorithm with the O(n²)
// count of concordant, discordant and tied pairs on random samples with
// many ties, few ties and none.
func TestKendallMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		n := 3 + rng.IntN(200)
		levels := []int{2, 3, 5, 13, 1000}[trial%5]
		x, y := tiedSample(rng, n, levels)
		if trial%7 == 0 { // continuous y against tied x
			for i := range y {
				y[i] = x[i] + rng.NormFloat64()
			}
		}
		if isConstant(x) || isConstant(y) {
			continue
		}
		want := bruteTauB(x, y)
		if got := KendallTauB(x, y, 0.95).Coef; !near(got, want, 1e-12) {
			t.Fatalf("trial %d (n=%d, %d levels): tau-b = %.17g, definition gives %.17g", trial, n, levels, got, want)
		}
	}
}

// TestPearsonMatchesGonum checks the prepared-variable path (dot products
// of standardised values, used by Correlate and Matrix) against gonum's
// stat.Correlation, and Spearman against stat.Correlation of Ranks.
func TestPearsonMatchesGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 50 {
		n := 3 + rng.IntN(500)
		x, y := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i] = 100 + rng.NormFloat64()
			y[i] = x[i]*0.3 + rng.ExpFloat64()
		}
		p := Correlate(NewVariable(x), NewVariable(y), 0.95)
		if want := stat.Correlation(x, y, nil); !near(p.Pearson.Coef, want, 1e-12) {
			t.Errorf("n=%d: Pearson %.17g, stat.Correlation %.17g", n, p.Pearson.Coef, want)
		}
		if want := stat.Correlation(Ranks(x), Ranks(y), nil); !near(p.Spearman.Coef, want, 1e-12) {
			t.Errorf("n=%d: Spearman %.17g, stat.Correlation of ranks %.17g", n, p.Spearman.Coef, want)
		}
	}
}

// TestInvariance checks symmetry in x and y, invariance of Spearman and
// Kendall under strictly increasing transforms, of Pearson under positive
// affine maps, and the change of sign under reversal.
func TestInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	x, y := tiedSample(rng, 300, 7)
	for i := range y {
		y[i] += rng.Float64() / 2
	}
	base := All(x, y, 0.95)
	transform := func(v []float64, f func(float64) float64) []float64 {
		out := make([]float64, len(v))
		for i := range v {
			out[i] = f(v[i])
		}
		return out
	}
	swapped := All(y, x, 0.95)
	if !near(swapped.Pearson.Coef, base.Pearson.Coef, 1e-14) || swapped.Spearman.Coef != base.Spearman.Coef || swapped.Kendall.Coef != base.Kendall.Coef {
		t.Errorf("All(y, x) = %+v, All(x, y) = %+v", swapped, base)
	}
	mono := All(transform(x, math.Exp), transform(y, func(v float64) float64 { return v*v*v + 1 }), 0.95)
	if mono.Spearman != base.Spearman || mono.Kendall != base.Kendall {
		t.Errorf("after increasing transforms: Spearman %v, Kendall %v; before: %v, %v", mono.Spearman, mono.Kendall, base.Spearman, base.Kendall)
	}
	affine := All(transform(x, func(v float64) float64 { return 3*v - 7 }), transform(y, func(v float64) float64 { return 0.01*v + 1e3 }), 0.95)
	if !near(affine.Pearson.Coef, base.Pearson.Coef, 1e-12) {
		t.Errorf("after affine maps: Pearson %.17g, before %.17g", affine.Pearson.Coef, base.Pearson.Coef)
	}
	neg := All(transform(x, func(v float64) float64 { return -v }), y, 0.95)
	if !near(neg.Pearson.Coef, -base.Pearson.Coef, 1e-14) || !near(neg.Spearman.Coef, -base.Spearman.Coef, 1e-14) || !near(neg.Kendall.Coef, -base.Kendall.Coef, 1e-14) {
		t.Errorf("after reversing x: %+v, before: %+v", neg, base)
	}
	if !near(neg.Pearson.Low, -base.Pearson.High, 1e-14) {
		t.Errorf("reversing x should mirror the interval: %+v against %+v", neg.Pearson, base.Pearson)
	}
}

// TestIntervals checks the Fisher-z intervals against values computed with
// numpy's tanh/arctanh and scipy.stats.norm.ppf for r = 0.5 and n = 28.
func TestIntervals(t *testing.T) {
	q := normalQuantile(0.95)
	tests := []struct {
		name      string
		e         Estimate
		low, high float64
	}{
		{"pearson", pearsonEstimate(0.5, 28, 0, q), 0.15602836252908606, 0.7358184794439376},
		{"pearson 90%", pearsonEstimate(0.5, 28, 0, normalQuantile(0.90)), 0.21683773274503065, 0.7055550296135784},
		{"spearman", spearmanEstimate(0.5, 28, 0, q), 0.1327469037222987, 0.7465330578415452},
		{"kendall", kendallEstimate(0.5, 28, 0, q), 0.27737130059914056, 0.6716703657351457},
		// Partialling out 5 covariates leaves the df of n = 28.
		{"partial pearson", pearsonEstimate(0.5, 33, 5, q), 0.15602836252908606, 0.7358184794439376},
	}
	for _, tt := range tests {
		if !tt.e.CIOK || !near(tt.e.Low, tt.low, 1e-12) || !near(tt.e.High, tt.high, 1e-12) {
			t.Errorf("%s: interval %+v, want [%.17g, %.17g]", tt.name, tt.e, tt.low, tt.high)
		}
	}
	if e := pearsonEstimate(1, 10, 0, q); e.Low != 1 || e.High != 1 {
		t.Errorf("r = 1: interval [%v, %v], want [1, 1]", e.Low, e.High)
	}
}

// TestDegenerate checks that undefined coefficients and intervals are
// reported as such, with no NaN anywhere.
func TestDegenerate(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name     string
		x, y     []float64
		n        int
		ok       bool
		pCI, kCI bool
	}{
		{"empty", nil, nil, 0, false, false, false},
		{"one pair", []float64{1}, []float64{2}, 1, false, false, false},
		{"two pairs", []float64{1, 2}, []float64{2, 1}, 2, false, false, false},
		{"three pairs", []float64{1, 2, 3}, []float64{2, 1, 3}, 3, true, false, false},
		{"four pairs", []float64{1, 2, 3, 4}, []float64{2, 1, 3, 4}, 4, true, true, false},
		{"five pairs", []float64{1, 2, 3, 4, 5}, []float64{2, 1, 3, 5, 4}, 5, true, true, true},
		{"constant x", []float64{3, 3, 3, 3, 3}, []float64{1, 2, 3, 4, 5}, 5, false, false, false},
		{"constant y", []float64{1, 2, 3, 4, 5}, []float64{0, 0, 0, 0, 0}, 5, false, false, false},
		{"all missing", []float64{nan, nan, nan}, []float64{1, 2, 3}, 0, false, false, false},
		{"missing leaves two", []float64{1, nan, 3, 4}, []float64{1, 2, math.Inf(-1), 5}, 2, false, false, false},
		{"missing leaves four", []float64{1, nan, 3, 4, 9, 2}, []float64{1, 2, 4, 5, 0, nan}, 4, true, true, false},
		{"constant after missing", []float64{1, 2, 2, 2}, []float64{nan, 3, 4, 5}, 3, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := All(tt.x, tt.y, 0.95)
			for name, e := range map[string]Estimate{"pearson": p.Pearson, "spearman": p.Spearman, "kendall": p.Kendall} {
				checkFinite(t, name, e)
				wantCI := tt.pCI
				if name == "kendall" {
					wantCI = tt.kCI
				}
				if e.N != tt.n || e.OK != tt.ok || e.CIOK != wantCI {
					t.Errorf("%s = %+v, want N %d, OK %v, CIOK %v", name, e, tt.n, tt.ok, wantCI)
				}
				if !e.OK && (e.Coef != 0 || e.Low != 0 || e.High != 0) {
					t.Errorf("%s undefined but %+v holds figures", name, e)
				}
			}
			m := Matrix([][]float64{tt.x}, [][]float64{tt.y}, 0.95)
			if m[0][0] != p {
				t.Errorf("Matrix = %+v, All = %+v", m[0][0], p)
			}
		})
	}
}

func TestPanics(t *testing.T) {
	tests := []struct {
		name string
		f    func()
	}{
		{"lengths", func() { All([]float64{1, 2, 3}, []float64{1, 2}, 0.95) }},
		{"level 0", func() { Pearson([]float64{1, 2, 3}, []float64{1, 2, 3}, 0) }},
		{"level 1", func() { All([]float64{1, 2, 3}, []float64{1, 2, 3}, 1) }},
		{"level NaN", func() { All([]float64{1, 2, 3}, []float64{1, 2, 3}, math.NaN()) }},
		{"matrix lengths", func() { Matrix([][]float64{{1, 2, 3}}, [][]float64{{1, 2}}, 0.95) }},
		{"correlate lengths", func() { Correlate(NewVariable([]float64{1, 2, 3}), NewVariable([]float64{1, 2}), 0.95) }},
		{"partial groups", func() { Partial([]float64{1, 2, 3}, []float64{1, 2, 3}, []int{1, 2}, 0.95) }},
		{"no resamples", func() { Bootstrap([]float64{1, 2, 3}, []float64{1, 2, 3}, R, 0, 0.95, rand.New(rand.NewPCG(1, 1))) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("no panic")
				}
			}()
			tt.f()
		})
	}
}

// TestMatrix checks that every cell of Matrix equals All of its pair, with
// missing values in some samples, and that the result does not depend on
// the number of goroutines.
func TestMatrix(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const n = 400
	var metrics, dims [][]float64
	for range 3 {
		x, y := tiedSample(rng, n, 5)
		for i := range x {
			x[i] += rng.NormFloat64()
		}
		metrics = append(metrics, x)
		dims = append(dims, y)
	}
	metrics[1][17] = math.NaN()
	dims[2][3], dims[2][200] = math.NaN(), math.Inf(1)
	got := Matrix(metrics, dims, 0.9)
	for i := range metrics {
		for j := range dims {
			want := All(metrics[i], dims[j], 0.9)
			g := got[i][j]
			if g.Spearman != want.Spearman || g.Kendall != want.Kendall || !near(g.Pearson.Coef, want.Pearson.Coef, 1e-13) || g.Pearson.N != want.Pearson.N {
				t.Errorf("Matrix[%d][%d] = %+v, All = %+v", i, j, g, want)
			}
		}
	}
	if got[1][0].Pearson.N != n-1 || got[1][2].Kendall.N != n-3 {
		t.Errorf("complete-case counts %d and %d, want %d and %d", got[1][0].Pearson.N, got[1][2].Kendall.N, n-1, n-3)
	}
}

// TestRanksLong checks the radix sort behind Ranks and NewVariable on a
// sample long enough to use it, with negative values, both zeros, huge and
// tiny magnitudes and many ties, against average ranks counted directly.
func TestRanksLong(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	pool := []float64{-math.MaxFloat64, -1e300, -3.5, -1, -1e-300, math.Copysign(0, -1), 0, 1e-310, 2, 2.5, 1e300, math.MaxFloat64}
	x := make([]float64, radixMin+100)
	for i := range x {
		if i%3 == 0 {
			x[i] = rng.NormFloat64()
		} else {
			x[i] = pool[rng.IntN(len(pool))]
		}
	}
	got := Ranks(x)
	for i, v := range x[:1000] { // the first 1,000 ranks, counted in O(n) each
		var less, equal float64
		for _, w := range x {
			if w < v {
				less++
			} else if w == v {
				equal++
			}
		}
		if want := less + (equal+1)/2; got[i] != want {
			t.Fatalf("rank of x[%d] = %v is %v, want %v", i, v, got[i], want)
		}
	}
}

// TestKendallTableMatchesMerge checks that the contingency table and
// Knight's merge sort count the same joint ties and discordant pairs, on
// samples whose table is small and large, ties and no ties, x's values
// fewer or as many as y's.
func TestKendallTableMatchesMerge(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	var b kendallBuffers
	for trial := range 200 {
		n := 2 + rng.IntN(500)
		x, y := tiedSample(rng, n, []int{2, 3, 7, 41}[trial%4])
		if trial%3 == 0 {
			for i := range y {
				y[i] = math.Round(y[i]*10+rng.NormFloat64()*30) / 10
			}
		}
		vx, vy := NewVariable(x), NewVariable(y)
		if len(vy.sizes) < len(vx.sizes) {
			vx, vy = vy, vx
		}
		n3t, st := b.tableCounts(vx, vy)
		n3m, sm := b.mergeCounts(vx, vy)
		if n3t != n3m || st != sm {
			t.Fatalf("trial %d (n %d, %d x %d values): table n3 %d S %d, merge n3 %d S %d", trial, n, len(vx.sizes), len(vy.sizes), n3t, st, n3m, sm)
		}
	}
}
