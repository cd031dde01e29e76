package correlation

import (
	"math/rand/v2"
	"testing"

	"github.com/evalbook/evalbook/internal/stats"
)

// correlatedNormal returns n pairs of a bivariate normal sample with
// correlation rho.
func correlatedNormal(rng *rand.Rand, n int, rho float64) (x, y []float64) {
	x, y = make([]float64, n), make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
		y[i] = rho*x[i] + (1-rho*rho)*rng.NormFloat64()
	}
	return x, y
}

func TestBootstrapReproducible(t *testing.T) {
	x, y := correlatedNormal(rand.New(rand.NewPCG(1, 1)), 200, 0.4)
	for _, c := range []Coefficient{R, Rho, TauB} {
		seed := stats.Seed(42, c.String())
		l1, h1, ok1 := Bootstrap(x, y, c, 300, 0.95, stats.NewRand(seed))
		l2, h2, ok2 := Bootstrap(x, y, c, 300, 0.95, stats.NewRand(seed))
		if !ok1 || !ok2 || l1 != l2 || h1 != h2 {
			t.Errorf("%v: [%v, %v] then [%v, %v] from one seed", c, l1, h1, l2, h2)
		}
	}
}

// TestBootstrapAgreesWithFisher checks that on a bivariate normal sample of
// 500 pairs, where the Fisher-z intervals are accurate, the percentile
// bootstrap intervals land close to them and surround the estimate.
func TestBootstrapAgreesWithFisher(t *testing.T) {
	x, y := correlatedNormal(rand.New(rand.NewPCG(2, 2)), 500, 0.5)
	p := All(x, y, 0.95)
	for _, c := range []struct {
		c Coefficient
		e Estimate
	}{{R, p.Pearson}, {Rho, p.Spearman}, {TauB, p.Kendall}} {
		lo, hi, ok := Bootstrap(x, y, c.c, 1000, 0.95, stats.NewRand(stats.Seed(1, c.c.String())))
		if !ok || !(lo < c.e.Coef && c.e.Coef < hi) {
			t.Errorf("%v: bootstrap [%v, %v] (ok %v) does not surround %v", c.c, lo, hi, ok, c.e.Coef)
		}
		if !near(lo, c.e.Low, 0.03) || !near(hi, c.e.High, 0.03) {
			t.Errorf("%v: bootstrap [%.3f, %.3f], Fisher [%.3f, %.3f]", c.c, lo, hi, c.e.Low, c.e.High)
		}
	}
}

func TestBootstrapDegenerate(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	tests := []struct {
		name string
		x, y []float64
	}{
		{"two pairs", []float64{1, 2}, []float64{2, 1}},
		{"constant", []float64{1, 1, 1, 1}, []float64{1, 2, 3, 4}},
	}
	for _, tt := range tests {
		if lo, hi, ok := Bootstrap(tt.x, tt.y, TauB, 100, 0.95, rng); ok || lo != 0 || hi != 0 {
			t.Errorf("%s: [%v, %v] ok %v, want undefined", tt.name, lo, hi, ok)
		}
	}
	// Three distinct pairs: some resamples are constant and are left out.
	lo, hi, ok := Bootstrap([]float64{1, 2, 3}, []float64{1, 3, 2}, Rho, 200, 0.95, rng)
	if !ok || lo < -1 || hi > 1 || lo > hi {
		t.Errorf("three pairs: [%v, %v] ok %v", lo, hi, ok)
	}
}
