package compare

import (
	"math"
	"testing"

	"github.com/evalbook/evalbook/internal/stats"
)

// near reports whether got is within tol of want; NaN is near NaN only.
func near(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	if math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= tol
}

// normal returns n draws from N(mu, sd²) with the given seed.
func normal(n int, mu, sd float64, seed uint64) []float64 {
	rng := stats.NewRand(seed)
	x := make([]float64, n)
	for i := range x {
		x[i] = mu + sd*rng.NormFloat64()
	}
	return x
}

func mustPanic(t *testing.T, name string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: no panic", name)
		}
	}()
	f()
}

// sameResult reports whether two results agree: integers and flags
// exactly, figures within tol (relative to their size, at least 1).
func sameResult(a, b Result, tol float64) bool {
	eq := func(x, y float64) bool { return near(x, y, tol*math.Max(1, math.Abs(y))) }
	return a.Method == b.Method && a.Paired == b.Paired && a.N == b.N && a.NB == b.NB &&
		a.Exact == b.Exact && a.PMethod == b.PMethod && eq(a.Diff, b.Diff) && eq(a.CI.Low, b.CI.Low) &&
		eq(a.CI.High, b.CI.High) && eq(a.P, b.P) && eq(a.Effect, b.Effect)
}

// identical reports whether two results are equal bit for bit (NaN equal
// to NaN).
func identical(a, b Result) bool { return sameResult(a, b, 0) }
