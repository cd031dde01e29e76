package stats

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat"
)

func TestQuantile(t *testing.T) {
	// Nine values worked by hand with h = (n-1)p = 8p.
	primes := []float64{2, 3, 5, 7, 11, 13, 17, 19, 23}
	for _, tc := range []struct {
		name string
		x    []float64
		p    float64
		want float64
	}{
		// R: quantile(c(1,2,3,4)) gives 1, 1.75, 2.5, 3.25, 4.
		{"R 0%", []float64{1, 2, 3, 4}, 0, 1},
		{"R 25%", []float64{1, 2, 3, 4}, 0.25, 1.75},
		{"R 50%", []float64{1, 2, 3, 4}, 0.5, 2.5},
		{"R 75%", []float64{1, 2, 3, 4}, 0.75, 3.25},
		{"R 100%", []float64{1, 2, 3, 4}, 1, 4},
		// numpy's documentation: np.percentile([[10, 7, 4], [3, 2, 1]], 50) is 3.5.
		{"numpy median", []float64{1, 2, 3, 4, 7, 10}, 0.5, 3.5},
		{"primes 10%", primes, 0.1, 2.8},   // h 0.8: 2 + 0.8*(3-2)
		{"primes 25%", primes, 0.25, 5},    // h 2: x[2]
		{"primes 33%", primes, 0.33, 6.28}, // h 2.64: 5 + 0.64*(7-5)
		{"primes 50%", primes, 0.5, 11},    // h 4: x[4]
		{"primes 90%", primes, 0.9, 19.8},  // h 7.2: 19 + 0.2*(23-19)
		{"single", []float64{7}, 0.3, 7},
		{"empty", nil, 0.5, math.NaN()},
		{"NaN", []float64{1, math.NaN()}, 0.5, math.NaN()},
		{"infinite top", []float64{1, math.Inf(1)}, 1, math.Inf(1)},
	} {
		if got := Quantile(tc.x, tc.p); !close(got, tc.want, 1e-14) {
			t.Errorf("%s: Quantile(%v, %v) = %v, want %v", tc.name, tc.x, tc.p, got, tc.want)
		}
	}
}

// TestQuantileDiffersFromGonum records why Quantile exists: gonum's
// definitions put the median of 1, 2, 3, 4 at 2, where R and numpy say 2.5.
func TestQuantileDiffersFromGonum(t *testing.T) {
	x := []float64{1, 2, 3, 4}
	for _, kind := range []stat.CumulantKind{stat.Empirical, stat.LinInterp} {
		if got := stat.Quantile(0.5, kind, x, nil); got != 2 {
			t.Errorf("gonum Quantile kind %v = %v; the documentation of Quantile assumes 2", kind, got)
		}
	}
	if got := Quantile(x, 0.5); got != 2.5 {
		t.Errorf("Quantile = %v, want 2.5", got)
	}
}

func TestQuantilePanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    []float64
		p    float64
	}{
		{"p below 0", []float64{1, 2}, -0.1},
		{"p above 1", []float64{1, 2}, 1.1},
		{"p NaN", []float64{1, 2}, math.NaN()},
		{"unsorted", []float64{2, 1}, 0.5},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tc.name)
				}
			}()
			Quantile(tc.x, tc.p)
		}()
	}
}

func BenchmarkQuantile(b *testing.B) {
	x := make([]float64, 1000)
	for i := range x {
		x[i] = float64(i)
	}
	for b.Loop() {
		Quantile(x, 0.975)
	}
}

// BenchmarkQuantileSelect measures the two quantiles of 1,000 unsorted
// values that BootstrapMeanCI takes by selection instead of sorting.
func BenchmarkQuantileSelect(b *testing.B) {
	x := benchData(1000)
	y := make([]float64, len(x))
	for b.Loop() {
		copy(y, x)
		quantileSelect(y, 0.025)
		quantileSelect(y, 0.975)
	}
}

func TestRankQuantile(t *testing.T) {
	for _, c := range []struct {
		counts []int
		p      float64
		want   int
	}{
		{[]int{3, 1}, 0.025, 1},  // rank 1 in 3 of 4 resamples
		{[]int{3, 1}, 0.975, 2},  // the top 2.5% reach rank 2
		{[]int{3, 1}, 0.75, 1},   // exactly the cumulative share of rank 1
		{[]int{0, 5, 0}, 0.5, 2}, // leading empty ranks are skipped
		{[]int{0, 0}, 0.5, 0},    // nothing counted
	} {
		if got := RankQuantile(c.counts, c.p); got != c.want {
			t.Errorf("RankQuantile(%v, %v) = %d, want %d", c.counts, c.p, got, c.want)
		}
	}
}
