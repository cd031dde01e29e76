package correlation

import (
	"math"
	"math/rand/v2"
	"testing"
)

// near reports whether a and b agree to within tol.
func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol
}

// bruteTauB is the O(n²) definition of Kendall's tau-b, counting every pair
// of items, as the independent reference for Knight's algorithm.
func bruteTauB(x, y []float64) float64 {
	var c, d, tx, ty float64
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			sx := math.Copysign(1, x[i]-x[j]) * b2f(x[i] != x[j])
			sy := math.Copysign(1, y[i]-y[j]) * b2f(y[i] != y[j])
			switch {
			case sx == 0 && sy == 0:
			case sx == 0:
				tx++
			case sy == 0:
				ty++
			case sx == sy:
				c++
			default:
				d++
			}
		}
	}
	return (c - d) / math.Sqrt((c+d+tx)*(c+d+ty))
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// tiedSample returns n pairs on small integer scales (many ties) with a
// positive association.
func tiedSample(rng *rand.Rand, n, levels int) (x, y []float64) {
	x, y = make([]float64, n), make([]float64, n)
	for i := range x {
		t := rng.IntN(levels)
		x[i] = float64(t)
		y[i] = float64((t + rng.IntN(3)) % (levels + 1))
	}
	return x, y
}

// checkFinite fails t if any figure of e is NaN or infinite.
func checkFinite(t *testing.T, name string, e Estimate) {
	t.Helper()
	for _, v := range []float64{e.Coef, e.Low, e.High} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("%s: %+v holds a non-finite figure", name, e)
		}
	}
}
