package stats

import (
	"math"
	"testing"
)

// TestBootstrapMeanCIsIsTheBootstrap: a sample alone in a batch has the
// interval BootstrapMeanCI gives it with the same seed (the same index
// draws, added as counts: equal but for rounding), on both of
// IndexDrawer's lane widths; and in a batch it has the interval it has
// alone, so sharing the draws changes no sample's bootstrap.
func TestBootstrapMeanCIsIsTheBootstrap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		n    int
	}{
		{"small", 5},
		{"odd", 103},
		{"wide lanes", 1<<16 + 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, y := make([]float64, tt.n), make([]float64, tt.n)
			for i := range x {
				x[i] = math.Sin(float64(i)) * 3
				y[i] = float64(i%7) - 0.5*float64(i%3)
			}
			B, level := 200, 0.9
			if testing.Short() {
				B = 50
			}
			lo, hi := BootstrapMeanCISeed(x, B, level, Seed(1, "t"))
			los, his := BootstrapMeanCIsSeedOn([][]float64{x}, B, level, Seed(1, "t"), 1)
			if !near(los[0], lo) || !near(his[0], hi) {
				t.Errorf("alone: [%v, %v]; BootstrapMeanCI [%v, %v]", los[0], his[0], lo, hi)
			}
			ylo, yhi := BootstrapMeanCIsSeedOn([][]float64{y}, B, level, Seed(1, "t"), 1)
			blo, bhi := BootstrapMeanCIsSeedOn([][]float64{x, y}, B, level, Seed(1, "t"), 1)
			if blo[0] != los[0] || bhi[0] != his[0] || blo[1] != ylo[0] || bhi[1] != yhi[0] {
				t.Errorf("batch [%v, %v] [%v, %v]; alone [%v, %v] [%v, %v]", blo[0], bhi[0], blo[1], bhi[1], los[0], his[0], ylo[0], yhi[0])
			}
		})
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

func TestBootstrapMeanCIsDegenerate(t *testing.T) {
	lo, hi := BootstrapMeanCIsSeedOn([][]float64{{2, 2, 2}, {1, 2, 3}}, 100, 0.95, 1, 1)
	if lo[0] != 2 || hi[0] != 2 {
		t.Errorf("equal values: [%v, %v]; want [2, 2]", lo[0], hi[0])
	}
	if !(lo[1] >= 1 && lo[1] < hi[1] && hi[1] <= 3) {
		t.Errorf("1, 2, 3: [%v, %v]; want inside [1, 3]", lo[1], hi[1])
	}
	lo, hi = BootstrapMeanCIsSeedOn([][]float64{{}}, 100, 0.95, 1, 1)
	if !math.IsNaN(lo[0]) || !math.IsNaN(hi[0]) {
		t.Errorf("empty: [%v, %v]; want NaN", lo[0], hi[0])
	}
}

// TestBootstrapMeanCIsOnWorkers: on any number of workers the intervals
// are those of one goroutine bit for bit, for resample counts that fill
// the blocks and that leave a short last block, on both lane widths (under
// -short, the wide lanes on 2 and 5 workers only).
func TestBootstrapMeanCIsOnWorkers(t *testing.T) {
	t.Parallel()
	for _, n := range []int{7, 1000, 1<<16 + 3} {
		samples := make([][]float64, 5)
		for k := range samples {
			samples[k] = make([]float64, n)
			for i := range samples[k] {
				samples[k][i] = math.Sin(float64(i*(k+1))) * math.Pow(10, float64(i%7-3))
			}
		}
		for _, B := range []int{1, 64, 203} {
			lo, hi := BootstrapMeanCIsSeedOn(samples, B, 0.9, Seed(3, "w"), 1)
			for _, workers := range []int{2, 3, 5} {
				if testing.Short() && n > 1<<16 && workers == 3 {
					continue
				}
				glo, ghi := BootstrapMeanCIsSeedOn(samples, B, 0.9, Seed(3, "w"), workers)
				for k := range samples {
					if math.Float64bits(glo[k]) != math.Float64bits(lo[k]) || math.Float64bits(ghi[k]) != math.Float64bits(hi[k]) {
						t.Errorf("n %d, %d resamples, %d workers, sample %d: [%v, %v]; one goroutine [%v, %v]", n, B, workers, k, glo[k], ghi[k], lo[k], hi[k])
					}
				}
			}
		}
	}
}
