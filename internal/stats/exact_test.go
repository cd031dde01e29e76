package stats

import (
	"math"
	"testing"
)

// thirds returns k/3 for each k: the consensus of three integer ratings
// that sum to k.
func thirds(ks ...int) []float64 {
	out := make([]float64, len(ks))
	for i, k := range ks {
		out[i] = float64(k) / 3
	}
	return out
}

// naiveMean is the left-to-right float sum divided by n.
func naiveMean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func TestExactMean(t *testing.T) {
	// Two systems whose consensus values (k/3) sum to 62/3 each: equal
	// means in exact arithmetic, 31/9, but the naive float sums differ in
	// the last bit, as HANNA's equal complexity means did.
	a, b := thirds(15, 11, 4, 15, 13, 4), thirds(11, 3, 12, 13, 11, 12)
	if naiveMean(a) == naiveMean(b) {
		t.Fatalf("the case no longer shows the problem: naive means %v and %v are equal", naiveMean(a), naiveMean(b))
	}
	for _, tc := range []struct {
		name string
		x    []float64
		want float64
	}{
		{"thirds a", a, 31.0 / 9},
		{"thirds b", b, 31.0 / 9},
		{"thirds b reversed", []float64{b[5], b[4], b[3], b[2], b[1], b[0]}, 31.0 / 9},
		{"integers", []float64{1, 2, 2, 5}, 2.5},
		// 0.1, 0.2 and 0.3 are read as tenths: their exact mean is 0.2,
		// while the float sum 0.1+0.2+0.3 is 0.6000000000000001.
		{"tenths", []float64{0.1, 0.2, 0.3}, 0.2},
		{"sevenths", []float64{1.0 / 7, 2.0 / 7, 4.0 / 7}, 1.0 / 3},
		// A value that is no small fraction keeps its exact binary value.
		{"irrational", []float64{math.Pi, math.Pi, math.Pi}, math.Pi},
		{"large", []float64{1e300, 1e300}, 1e300},
		{"negative", []float64{-1.0 / 3, -2.0 / 3}, -0.5},
		// 0.1+0.2 in float64, one unit in the last place above 0.3, is read
		// as the 3/10 it stands for.
		{"rounded sum", []float64{0.30000000000000004}, 0.3},
		{"near a fraction but not within 4 ulp", []float64{0.3 + 1e-12}, 0.3 + 1e-12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ExactMean(tc.x); got != tc.want {
				t.Errorf("ExactMean = %.17g, want %.17g", got, tc.want)
			}
		})
	}
	if got := ExactMean(nil); !math.IsNaN(got) {
		t.Errorf("ExactMean(nil) = %v, want NaN", got)
	}
	if got := ExactMean([]float64{1, math.Inf(1)}); !math.IsInf(got, 1) {
		t.Errorf("ExactMean with +Inf = %v, want +Inf", got)
	}
}
