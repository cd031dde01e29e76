package compare

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func TestMDE(t *testing.T) {
	// z(0.975) = 1.959964, z(0.8) = 0.841621 (standard normal tables).
	const factor = 1.959963984540054 + 0.8416212335729143
	for _, tc := range []struct {
		name string
		got  float64
		want float64
	}{
		{"se", MDE(0.1, 0.05, 0.8), factor * 0.1},
		{"paired", MDEPaired(2, 100, 0.05, 0.8), factor * 2 / 10},
		{"unpaired", MDEUnpaired(3, 50, 4, 200, 0.05, 0.8), factor * math.Sqrt(9.0/50+16.0/200)},
		{"proportions", MDEProportions(0.5, 100, 100, 0.05, 0.8), factor * math.Sqrt(0.25*0.02)},
		{"power ½", MDE(1, 0.05, 0.5), 1.959963984540054},
		{"no pairs", MDEPaired(1, 0, 0.05, 0.8), math.NaN()},
		{"no values", MDEProportions(0.5, 0, 10, 0.05, 0.8), math.NaN()},
	} {
		if !near(tc.got, tc.want, 1e-12) {
			t.Errorf("%s: %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	mustPanic(t, "alpha", func() { MDE(1, 0, 0.8) })
	mustPanic(t, "power", func() { MDE(1, 0.05, 1) })
	mustPanic(t, "p", func() { MDEProportions(1.5, 10, 10, 0.05, 0.8) })
}

// TestMDEPower checks the definition: a true effect of size MDE is
// detected by the two-sided z test with the stated power,
// Φ(MDE/se - z_{1-α/2}) + Φ(-MDE/se - z_{1-α/2}) = power, up to the
// negligible far tail.
func TestMDEPower(t *testing.T) {
	for _, tc := range []struct{ alpha, power float64 }{{0.05, 0.8}, {0.01, 0.9}, {0.1, 0.5}} {
		se := 0.37
		m := MDE(se, tc.alpha, tc.power)
		z := distuv.UnitNormal.Quantile(1 - tc.alpha/2)
		got := distuv.UnitNormal.CDF(m/se-z) + distuv.UnitNormal.CDF(-m/se-z)
		if !near(got, tc.power, 1e-3) {
			t.Errorf("alpha %v: power %v, want %v", tc.alpha, got, tc.power)
		}
	}
}
