package compare

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func TestScaleConstants(t *testing.T) {
	if want := 1 / distuv.UnitNormal.Quantile(0.75); !near(MADScale, want, 1e-14) {
		t.Errorf("MADScale %v, want %v", MADScale, want)
	}
	if want := math.Sqrt(math.Pi / 2); !near(MeanADScale, want, 1e-15) {
		t.Errorf("MeanADScale %v, want %v", MeanADScale, want)
	}
}

func TestRobustZ(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		name   string
		x      float64
		window []float64
		want   float64
	}{
		// Median 3; deviations 2, 1, 0, 1, 97: MAD 1. The 100 does not
		// move either.
		{"outlier in window", 10, []float64{1, 2, 3, 4, 100}, 7 / MADScale},
		{"below", 0, []float64{4, 1, 3, 2, 100}, -3 / MADScale},
		// Even count: median 2.5, deviations 1.5, 0.5, 0.5, 1.5: MAD 1.
		{"even", 4.5, []float64{1, 2, 3, 4}, 2 / MADScale},
		// Median 5, deviations 0, 0, 0, 1, 4: MAD 0, mean deviation 1.
		{"MAD zero", 7, []float64{5, 5, 5, 6, 9}, 2 / MeanADScale},
		{"constant, same", 2, []float64{2, 2, 2}, 0},
		{"constant, above", 2.001, []float64{2, 2, 2}, inf},
		{"constant, below", 1.999, []float64{2, 2, 2}, -inf},
		{"NaN ignored", 10, []float64{1, math.NaN(), 2, 3, 4, 100}, 7 / MADScale},
		{"NaN x", math.NaN(), []float64{1, 2, 3}, math.NaN()},
		{"empty", 1, nil, math.NaN()},
	} {
		if got := RobustZ(tc.x, tc.window); !near(got, tc.want, 1e-12) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRollingRobustZ(t *testing.T) {
	s := []float64{1, 2, 3, 2, 20, 2, math.NaN(), 3}
	got := RollingRobustZ(s, 4)
	want := []float64{
		math.NaN(), math.NaN(), math.NaN(), // fewer than MinHistory before
		RobustZ(2, []float64{1, 2, 3}),
		RobustZ(20, []float64{1, 2, 3, 2}), // median 2, MAD 0.5
		RobustZ(2, []float64{2, 3, 2, 20}),
		math.NaN(),                      // NaN value
		RobustZ(3, []float64{2, 20, 2}), // window 2, 20, 2, NaN without the NaN
	}
	for i := range want {
		if !near(got[i], want[i], 0) {
			t.Errorf("z[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	// The spike scores (20 - 2) / (1.4826 · 0.5).
	if !near(got[4], 18/(0.5*MADScale), 1e-12) {
		t.Errorf("spike z = %v, want %v", got[4], 18/(0.5*MADScale))
	}
	mustPanic(t, "short window", func() { RollingRobustZ(s, MinHistory-1) })
}
