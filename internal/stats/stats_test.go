package stats

import (
	"math"
	"testing"
)

// nistNumAcc builds the NIST StRD univariate data sets NumAcc2 to NumAcc4:
// first, then 500 pairs (first-0.1, first+0.1). Their certified values are a
// mean of first and a standard deviation of 0.1.
func nistNumAcc(first float64) []float64 {
	x := []float64{first}
	for i := 0; i < 500; i++ {
		x = append(x, first-0.1, first+0.1)
	}
	return x
}

func TestMeanVariance(t *testing.T) {
	for _, tc := range []struct {
		name     string
		x        []float64
		mean, sd float64
		tol      float64 // relative
	}{
		{"single", []float64{3}, 3, math.NaN(), 0},
		// Worked example: population SD 2, so sample variance 32/7.
		{"textbook", []float64{2, 4, 4, 4, 5, 5, 7, 9}, 5, math.Sqrt(32.0 / 7), 1e-15},
		{"symmetric", []float64{-1, 1}, 0, math.Sqrt2, 1e-15},
		// NIST StRD univariate summary statistics, certified values.
		{"NumAcc1", []float64{10000001, 10000003, 10000002}, 10000002, 1, 1e-15},
		{"NumAcc2", nistNumAcc(1.2), 1.2, 0.1, 1e-13},
		{"NumAcc3", nistNumAcc(1000000.2), 1000000.2, 0.1, 1e-9},
		{"NumAcc4", nistNumAcc(10000000.2), 10000000.2, 0.1, 1e-8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Mean(tc.x); !close(got, tc.mean, tc.tol) {
				t.Errorf("Mean = %.17g, want %.17g", got, tc.mean)
			}
			if got := StdDev(tc.x); !close(got, tc.sd, tc.tol) {
				t.Errorf("StdDev = %.17g, want %.17g", got, tc.sd)
			}
			if got, want := Variance(tc.x), tc.sd*tc.sd; !close(got, want, 2*tc.tol) {
				t.Errorf("Variance = %.17g, want %.17g", got, want)
			}
		})
	}
}

func TestMeanEdgeCases(t *testing.T) {
	big := math.MaxFloat64
	for _, tc := range []struct {
		name string
		x    []float64
		want float64
	}{
		{"empty", nil, math.NaN()},
		{"overflowing sum", []float64{big, big, big}, big},
		{"overflowing negative sum", []float64{-big, -big}, -big},
		{"overflowing residuals", []float64{-big, big, big}, big / 3},
		{"infinity", []float64{1, math.Inf(1)}, math.Inf(1)},
		{"NaN", []float64{1, math.NaN()}, math.NaN()},
		// 0.1 added ten times is not 1 in float64; the refinement recovers 0.1.
		{"rounding", []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, 0.1},
	} {
		if got := Mean(tc.x); !close(got, tc.want, 0) {
			t.Errorf("%s: Mean = %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := Variance([]float64{0.1, 0.1, 0.1}); got != 0 {
		t.Errorf("Variance of constant data = %v, want 0", got)
	}
	if got := Variance(nil); !math.IsNaN(got) {
		t.Errorf("Variance(nil) = %v, want NaN", got)
	}
}

// close reports whether got is within relative tolerance tol of want, treating
// two NaNs as equal.
func close(got, want, tol float64) bool {
	if math.IsNaN(want) || math.IsNaN(got) {
		return math.IsNaN(want) && math.IsNaN(got)
	}
	if got == want {
		return true
	}
	return math.Abs(got-want) <= tol*math.Abs(want)
}

func benchData(n int) []float64 {
	rng := NewRand(1)
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	return x
}

func BenchmarkMean(b *testing.B) {
	x := benchData(10000)
	for b.Loop() {
		Mean(x)
	}
}

func BenchmarkVariance(b *testing.B) {
	x := benchData(10000)
	for b.Loop() {
		Variance(x)
	}
}
