package stats

import (
	"math"
	"testing"
)

func TestFinite(t *testing.T) {
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if IsFinite(x) || Finite(x) != nil {
			t.Errorf("%v counted as finite", x)
		}
	}
	for _, x := range []float64{0, -1.5, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		if p := Finite(x); !IsFinite(x) || p == nil || *p != x {
			t.Errorf("Finite(%v) = %v", x, p)
		}
	}
}
