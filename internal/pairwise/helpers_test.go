package pairwise

import (
	"math"
	"testing"
)

// near reports whether got is within tol of want; NaN is near NaN only.
func near(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol
}

// judged returns n copies of the judgement of a against b with outcome p
// on item item.
func judged(item, a, b int32, p float64, n int) []Judgement {
	out := make([]Judgement, n)
	for i := range out {
		out[i] = Judgement{Item: item, A: a, B: b, P: p}
	}
	return out
}

func cat(parts ...[]Judgement) []Judgement {
	var out []Judgement
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
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
