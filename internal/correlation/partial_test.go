package correlation

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/evalbook/evalbook/internal/stats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

func TestResiduals(t *testing.T) {
	nan := math.NaN()
	x := []float64{1, 2, 3, 10, 20, nan, 0.1, 0.1, 0.1}
	g := []int{7, 7, 7, 2, 2, 2, 5, 5, 5}
	want := []float64{-1, 0, 1, -5, 5, nan, 0, 0, 0}
	got := Residuals(x, g)
	eq := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
	if !slices.EqualFunc(got, want, eq) {
		t.Errorf("Residuals = %v, want %v", got, want)
	}
}

// lsResiduals returns the residuals of the least-squares regression of x on
// the indicator variables of the groups, by gonum's QR solver: the
// independent route to what Residuals computes by group means.
func lsResiduals(x []float64, g []int, groups int) []float64 {
	a := mat.NewDense(len(x), groups, nil)
	for i, k := range g {
		a.Set(i, k, 1)
	}
	b := mat.NewVecDense(len(x), x)
	var beta, fit mat.VecDense
	if err := beta.SolveVec(a, b); err != nil {
		panic(err)
	}
	fit.MulVec(a, &beta)
	r := make([]float64, len(x))
	for i := range r {
		r[i] = x[i] - fit.AtVec(i)
	}
	return r
}

// TestPartialMatchesRegression checks Partial against correlations of
// least-squares residuals, on data where the groups' means alone create a
// strong correlation that vanishes within groups.
func TestPartialMatchesRegression(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const n, groups = 600, 6
	x, y, g := make([]float64, n), make([]float64, n), make([]int, n)
	for i := range x {
		g[i] = rng.IntN(groups)
		shift := 3 * float64(g[i])
		x[i] = shift + rng.NormFloat64()
		y[i] = shift + 0.2*(x[i]-shift) + rng.NormFloat64()
	}
	rx, ry := lsResiduals(x, g, groups), lsResiduals(y, g, groups)
	p := Partial(x, y, g, 0.95)
	if want := stat.Correlation(rx, ry, nil); !near(p.Pearson.Coef, want, 1e-10) {
		t.Errorf("partial Pearson %.17g, regression residuals give %.17g", p.Pearson.Coef, want)
	}
	if want := stat.Correlation(Ranks(rx), Ranks(ry), nil); !near(p.Spearman.Coef, want, 1e-10) {
		t.Errorf("partial Spearman %.17g, ranks of regression residuals give %.17g", p.Spearman.Coef, want)
	}
	if want := bruteTauB(rx, ry); !near(p.Kendall.Coef, want, 1e-10) {
		t.Errorf("partial Kendall %.17g, regression residuals give %.17g", p.Kendall.Coef, want)
	}
	if pooled := Pearson(x, y, 0.95).Coef; pooled < 0.9 || p.Pearson.Coef > 0.4 {
		t.Errorf("pooled r %.3f and partial r %.3f: the group effect should dominate only the pooled figure", pooled, p.Pearson.Coef)
	}
	// The interval widens by the 5 degrees of freedom the means spend.
	want := pearsonEstimate(p.Pearson.Coef, n-(groups-1), 0, normalQuantile(0.95))
	if !near(p.Pearson.Low, want.Low, 1e-14) || !near(p.Pearson.High, want.High, 1e-14) || p.Pearson.N != n {
		t.Errorf("partial interval %+v, want [%v, %v] over %d", p.Pearson, want.Low, want.High, n)
	}
}

func TestPartialDegenerate(t *testing.T) {
	// Every group holds one item: nothing varies within groups.
	p := Partial([]float64{1, 2, 3, 4}, []float64{4, 2, 3, 1}, []int{1, 2, 3, 4}, 0.95)
	if p.Pearson.OK || p.Spearman.OK || p.Kendall.OK || p.Pearson.N != 4 {
		t.Errorf("Partial with singleton groups = %+v, want undefined over 4", p)
	}
	// x is constant within each group.
	p = Partial([]float64{0.1, 0.1, 0.7, 0.7}, []float64{1, 2, 3, 4}, []int{0, 0, 1, 1}, 0.95)
	if p.Pearson.OK {
		t.Errorf("Partial of a group-constant x = %+v, want undefined", p)
	}
	for _, e := range []Estimate{p.Pearson, p.Spearman, p.Kendall} {
		checkFinite(t, "partial", e)
	}
}

// residualsByMap is Residuals through groupMembers, the path for groups in
// any order.
func residualsByMap(x []float64, group []int) []float64 {
	r := slices.Clone(x)
	for _, idx := range groupMembers(x, group) {
		var vals []float64
		for _, i := range idx {
			vals = append(vals, x[i])
		}
		m := stats.Mean(vals)
		if isConstant(vals) {
			m = vals[0]
		}
		for _, i := range idx {
			r[i] = x[i] - m
		}
	}
	return r
}

// TestResidualsRuns checks that groups in runs (a group column that does
// not decrease, as discrepancy's joined units have) give bit for bit the
// residuals and group count of the general path, with missing values, a
// group of missing values only, constant groups and single members.
func TestResidualsRuns(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 50 {
		n := 1 + rng.IntN(200)
		x, group := make([]float64, n), make([]int, n)
		g := 0
		for i := range n {
			if rng.IntN(8) == 0 {
				g += 1 + rng.IntN(3)
			}
			group[i] = g
			switch k := rng.IntN(10); {
			case k == 0:
				x[i] = math.NaN()
			case k < 3:
				x[i] = float64(g) / 3 // constant within the group
			default:
				x[i] = rng.NormFloat64()*10 + float64(g)
			}
		}
		if trial%5 == 0 { // a group with missing values only
			for i := range n {
				if group[i] == group[n-1] {
					x[i] = math.NaN()
				}
			}
		}
		got, want := Residuals(x, group), residualsByMap(x, group)
		for i := range n {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("trial %d: residual %d = %v; the general path gives %v", trial, i, got[i], want[i])
			}
		}
		if k, want := groupCount(x, group), len(groupMembers(x, group)); k != want {
			t.Errorf("trial %d: %d groups; the general path counts %d", trial, k, want)
		}
	}
}

// TestPartialWith checks that PartialWith and Correlate with one side
// prepared once, and PartialGrouped with both, give, bit for bit, Partial and All of the two samples:
// groups in runs and interleaved, a missing value on either side, a
// constant sample, one group, too few pairs.
func TestPartialWith(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	sample := func(n, groups int, sorted bool) (x, y []float64, g []int) {
		x, y, g = make([]float64, n), make([]float64, n), make([]int, n)
		for i := range x {
			g[i] = rng.IntN(groups)
			if sorted {
				g[i] = i * groups / n
			}
			x[i] = float64(g[i]) + math.Round(4*rng.NormFloat64())/4 // ties
			y[i] = 0.5*x[i] + rng.NormFloat64()
		}
		return x, y, g
	}
	type tc struct {
		name string
		x, y []float64
		g    []int
	}
	var cases []tc
	for _, sorted := range []bool{true, false} {
		x, y, g := sample(500, 7, sorted)
		cases = append(cases, tc{fmt.Sprintf("sorted %v", sorted), x, y, g})
	}
	x, y, g := sample(300, 4, true)
	xm, ym := slices.Clone(x), slices.Clone(y)
	xm[17], ym[40] = math.NaN(), math.Inf(1)
	cases = append(cases,
		tc{"x missing", xm, y, g}, tc{"y missing", x, ym, g},
		tc{"constant y", x, make([]float64, len(x)), g},
		tc{"one group", x, y, make([]int, len(x))},
		tc{"two pairs", x[:2], y[:2], g[:2]})
	same := func(a, b Pair) bool {
		for i, e := range []Estimate{a.Pearson, a.Spearman, a.Kendall} {
			f := []Estimate{b.Pearson, b.Spearman, b.Kendall}[i]
			if e.OK != f.OK || e.CIOK != f.CIOK || e.N != f.N || math.Float64bits(e.Coef) != math.Float64bits(f.Coef) ||
				math.Float64bits(e.Low) != math.Float64bits(f.Low) || math.Float64bits(e.High) != math.Float64bits(f.High) {
				return false
			}
		}
		return true
	}
	for _, c := range cases {
		if got, want := PartialWith(c.x, NewGrouped(c.y, c.g), 0.9), Partial(c.x, c.y, c.g, 0.9); !same(got, want) {
			t.Errorf("%s: PartialWith %+v, Partial %+v", c.name, got, want)
		}
		if got, want := PartialGrouped(NewGrouped(c.x, c.g), NewGrouped(c.y, c.g), 0.9), Partial(c.x, c.y, c.g, 0.9); !same(got, want) {
			t.Errorf("%s: PartialGrouped %+v, Partial %+v", c.name, got, want)
		}
		if got, want := Correlate(NewVariable(c.x), NewVariable(c.y), 0.9), All(c.x, c.y, 0.9); !same(got, want) {
			t.Errorf("%s: Correlate %+v, All %+v", c.name, got, want)
		}
	}
}
