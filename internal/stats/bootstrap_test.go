package stats

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func TestBootstrapMeanCIReproducible(t *testing.T) {
	x := benchData(50)
	lo1, hi1 := BootstrapMeanCISeed(x, 1000, 0.95, 7)
	lo2, hi2 := BootstrapMeanCISeed(x, 1000, 0.95, 7)
	if lo1 != lo2 || hi1 != hi2 {
		t.Errorf("same seed gave [%v, %v] and [%v, %v]", lo1, hi1, lo2, hi2)
	}
	lo3, hi3 := BootstrapMeanCISeed(x, 1000, 0.95, 8)
	if lo1 == lo3 && hi1 == hi3 {
		t.Errorf("seeds 7 and 8 gave the same interval [%v, %v]", lo1, hi1)
	}
	if !(lo1 < Mean(x) && Mean(x) < hi1) {
		t.Errorf("interval [%v, %v] misses the sample mean %v", lo1, hi1, Mean(x))
	}
}

// TestBootstrapMeanCINormal compares the bootstrap interval with Student's t
// interval mean ± t(1-α/2, n-1) s/√n, which it approximates for normal data
// of moderate size. The percentile interval is a little narrower (it uses
// the plug-in spread and normal rather than t tails: about 1.5% at n=200),
// and its ends carry Monte Carlo error of about 1.4% of the half-width
// with 10,000 resamples, so a 10% tolerance is several standard errors.
func TestBootstrapMeanCINormal(t *testing.T) {
	const n, level = 200, 0.95
	for seed := uint64(1); seed <= 5; seed++ {
		rng := NewRand(seed)
		x := make([]float64, n)
		for i := range x {
			x[i] = 10 + 2*rng.NormFloat64()
		}
		m, s := Mean(x), StdDev(x)
		tq := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(1 - (1-level)/2)
		half := tq * s / math.Sqrt(n)
		lo, hi := BootstrapMeanCISeed(x, 10000, level, Seed(seed, "bootstrap"))
		if math.Abs(lo-(m-half)) > 0.1*half || math.Abs(hi-(m+half)) > 0.1*half {
			t.Errorf("seed %d: bootstrap [%.4f, %.4f], t interval [%.4f, %.4f]", seed, lo, hi, m-half, m+half)
		}
	}
}

// TestBootstrapMeanCITwoPoints checks a case whose bootstrap distribution is
// known exactly: a resample of {0, 1} has mean 0, 0.5 or 1 with
// probabilities 1/4, 1/2 and 1/4. The 2.5% and 97.5% quantiles are then 0
// and 1, and the 30% and 70% quantiles both 0.5.
func TestBootstrapMeanCITwoPoints(t *testing.T) {
	x := []float64{0, 1}
	for _, tc := range []struct {
		level    float64
		low, hig float64
	}{
		{0.95, 0, 1},
		{0.4, 0.5, 0.5},
	} {
		lo, hi := BootstrapMeanCISeed(x, 10000, tc.level, 3)
		if lo != tc.low || hi != tc.hig {
			t.Errorf("level %v: [%v, %v], want [%v, %v]", tc.level, lo, hi, tc.low, tc.hig)
		}
	}
}

func TestBootstrapMeanCIDegenerate(t *testing.T) {
	for _, tc := range []struct {
		name      string
		x         []float64
		low, high float64
	}{
		{"empty", nil, math.NaN(), math.NaN()},
		{"one value", []float64{4.5}, 4.5, 4.5},
		{"constant", []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, 0.1, 0.1},
	} {
		lo, hi := BootstrapMeanCISeed(tc.x, 1000, 0.95, 1)
		if !close(lo, tc.low, 0) || !close(hi, tc.high, 0) {
			t.Errorf("%s: [%v, %v], want [%v, %v]", tc.name, lo, hi, tc.low, tc.high)
		}
	}
}

func TestBootstrapMeanCIPanics(t *testing.T) {
	for _, tc := range []struct {
		name      string
		resamples int
		level     float64
	}{
		{"no resamples", 0, 0.95},
		{"level 0", 100, 0},
		{"level 1", 100, 1},
		{"level NaN", 100, math.NaN()},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tc.name)
				}
			}()
			BootstrapMeanCISeed([]float64{1, 2}, tc.resamples, tc.level, 1)
		}()
	}
}

// TestIndexDrawerUniform applies Pearson's chi-squared test to the index
// draws of both lane widths, including sizes where many lanes are rejected:
// about 39% of the 16-bit lanes for n = 40,000 (2^16 mod 40,000 = 25,536)
// and 30% of the 32-bit lanes for n = 3e9 (2^32 mod 3e9 ≈ 1.29e9). The seeds
// are fixed, so the test is deterministic; the critical value is the 99.9%
// point of the chi-squared distribution.
func TestIndexDrawerUniform(t *testing.T) {
	const draws, bins = 200000, 10
	for _, n := range []uint32{1, 7, 10, 40000, 70000, 3_000_000_000} {
		d := NewIndexDrawerSeed(uint64(n), int(n))
		idx := make([]uint32, draws)
		d.Fill(idx)
		k := min(bins, int(n))
		counts := make([]float64, k)
		for _, v := range idx {
			if v >= n {
				t.Fatalf("n=%d: drew %d", n, v)
			}
			counts[int(uint64(v)*uint64(k)/uint64(n))]++
		}
		if n == 1 {
			continue
		}
		// Expected count per bin: bins of [0, n) split by v*k/n.
		var chi2 float64
		for b := range counts {
			lo := (uint64(b)*uint64(n) + uint64(k) - 1) / uint64(k)
			hi := (uint64(b+1)*uint64(n) + uint64(k) - 1) / uint64(k)
			e := draws * float64(hi-lo) / float64(n)
			chi2 += (counts[b] - e) * (counts[b] - e) / e
		}
		crit := distuv.ChiSquared{K: float64(k - 1)}.Quantile(0.999)
		if chi2 > crit {
			t.Errorf("n=%d: chi-squared %.1f above %.1f (counts %v)", n, chi2, crit, counts)
		}
	}
}

// TestResampleMeansMatchesIndexes checks that each resample mean is the mean
// of the values at the indexes indexDrawer draws from the same generator. The
// values are integers, so their sums are exact in any order. n = 40,000
// rejects about 39% of the 16-bit lanes (2^16 mod 40,000 = 25,536) and
// n = 70,000 takes the 32-bit path.
func TestResampleMeansMatchesIndexes(t *testing.T) {
	for _, n := range []int{2, 5, 40000, 70000} {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(i * i % 1000)
		}
		got := make([]float64, 5)
		resampleMeans(got, x, 5)
		d := NewIndexDrawerSeed(5, int(n))
		idx := make([]uint32, n)
		for i := range got {
			d.Fill(idx)
			var s float64
			for _, j := range idx {
				s += x[j]
			}
			if want := s / float64(n); got[i] != want {
				t.Fatalf("n=%d, resample %d: mean %v, want %v", n, i, got[i], want)
			}
		}
		if slices.Min(got) == slices.Max(got) {
			t.Errorf("n=%d: all resample means equal: %v", n, got)
		}
	}
}

// TestCountMatchesFill checks that Count (and Count16) draws what Fill draws from the
// same state, lane rejections included (n = 40,000 rejects about 39% of
// the 16-bit lanes, n = 70,000 takes the 32-bit path), for lengths that
// end on and off a whole generator output, and leaves the generator in the
// same state.
func TestCountMatchesFill(t *testing.T) {
	for _, n := range []int{1, 3, 40000, 70000} {
		for _, k := range []int{0, 1, 5, 8, n, 3*n + 1} {
			a, b := NewIndexDrawerSeed(9, n), NewIndexDrawerSeed(9, n)
			idx := make([]uint32, k)
			a.Fill(idx)
			want := make([]uint32, n)
			for _, i := range idx {
				want[i]++
			}
			got := make([]uint32, n)
			b.Count(got, k)
			if !slices.Equal(got, want) {
				t.Errorf("n %d, k %d: counts differ", n, k)
			}
			if x, y := a.src.Uint64(), b.src.Uint64(); x != y {
				t.Errorf("n %d, k %d: generator left at %d, Fill leaves it at %d", n, k, y, x)
			}
			c := NewIndexDrawerSeed(9, n)
			got16 := make([]uint16, n)
			c.Count16(got16, k)
			for i := range want {
				if uint32(got16[i]) != want[i] {
					t.Fatalf("n %d, k %d: Count16 differs at %d", n, k, i)
				}
			}
		}
	}
}

// TestCount16Overflow: a 16-bit count that would wrap panics instead, on
// both lane widths, wherever in the row it is; counts just below the
// limit do not.
func TestCount16Overflow(t *testing.T) {
	for _, n := range []int{3, 40000, 70000, -3, -40000, -70000} {
		// A negative n: the same test on a drawer of NewIndexDrawerSeed.
		d := NewIndexDrawerSeed(1, max(n, -n))
		if n < 0 {
			n = -n
			d = NewIndexDrawerSeed(1, n)
		}
		counts := make([]uint16, n)
		for i := range counts {
			counts[i] = 65534
		}
		d.Count16(counts, 1) // one count reaches 65,535: no wrap
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("n %d: no panic on a wrapped count", n)
				}
			}()
			for i := range counts {
				counts[i] = 65535
			}
			d.Count16(counts, 5)
		}()
	}
}

// TestCountByMatchesFill checks that CountBy tallies by class what Fill
// draws from the same state, rejections included, and leaves the
// generator in the same state.
func TestCountByMatchesFill(t *testing.T) {
	for _, n := range []int{1, 3, 40000, 70000} {
		class := make([]int32, n)
		for i := range class {
			class[i] = int32(i % 7)
		}
		for _, k := range []int{0, 1, 5, 8, n, 3*n + 1} {
			a, b := NewIndexDrawerSeed(9, n), NewIndexDrawerSeed(9, n)
			idx := make([]uint32, k)
			a.Fill(idx)
			want := make([]uint32, 7)
			for _, i := range idx {
				want[class[i]]++
			}
			got := make([]uint32, 7)
			b.CountBy(got, class, k)
			if !slices.Equal(got, want) {
				t.Errorf("n %d, k %d: counts %v, want %v", n, k, got, want)
			}
			if x, y := a.src.Uint64(), b.src.Uint64(); x != y {
				t.Errorf("n %d, k %d: generator left at %d, Fill leaves it at %d", n, k, y, x)
			}
		}
	}
}
