package stats

import (
	"math"
	"slices"
	"testing"
)

// TestQuantileSelect compares quantileSelect with Quantile of the sorted
// data, on data with and without ties.
func TestQuantileSelect(t *testing.T) {
	rng := NewRand(4)
	for _, tc := range []struct {
		name string
		gen  func() float64
		n    int
	}{
		{"continuous", rng.NormFloat64, 1000},
		{"three values", func() float64 { return float64(rng.IntN(3)) / 2 }, 1000},
		{"constant", func() float64 { return 1 }, 50},
		{"two", rng.Float64, 2},
		{"one", rng.Float64, 1},
		{"odd", rng.ExpFloat64, 101},
	} {
		x := make([]float64, tc.n)
		for i := range x {
			x[i] = tc.gen()
		}
		sorted := slices.Sorted(slices.Values(x))
		for _, p := range []float64{0, 0.005, 0.025, 0.1, 0.5, 0.9, 0.975, 0.995, 1} {
			want := Quantile(sorted, p)
			got := quantileSelect(slices.Clone(x), p)
			if got != want {
				t.Errorf("%s: p=%v: got %v, want %v", tc.name, p, got, want)
			}
		}
	}
	if got := quantileSelect(nil, 0.5); !math.IsNaN(got) {
		t.Errorf("empty: got %v, want NaN", got)
	}
	if got := quantileSelect([]float64{1, math.NaN(), 2}, 0.5); !math.IsNaN(got) {
		t.Errorf("NaN in data: got %v, want NaN", got)
	}
}

func TestSelectRankPartitions(t *testing.T) {
	rng := NewRand(6)
	x := make([]float64, 500)
	for i := range x {
		x[i] = float64(rng.IntN(40))
	}
	sorted := slices.Sorted(slices.Values(x))
	for _, k := range []int{0, 1, 17, 250, 498, 499} {
		y := slices.Clone(x)
		v := selectRank(y, k)
		if v != sorted[k] || y[k] != v {
			t.Fatalf("k=%d: got %v, want %v", k, v, sorted[k])
		}
		if slices.Max(y[:k+1]) != v || slices.Min(y[k:]) != v {
			t.Errorf("k=%d: not partitioned around %v", k, v)
		}
	}
}

// TestQuantileSelectTails compares quantileSelect with Quantile of the
// sorted data where it keeps a heap (the tails, with more than 64 kept
// values for the largest n) and where it does not.
func TestQuantileSelectTails(t *testing.T) {
	rng := NewRand(9)
	for _, n := range []int{16, 17, 100, 1000, 1001, 5000} {
		x := make([]float64, n)
		for i := range x {
			x[i] = math.Round(rng.NormFloat64()*20) / 4 // ties
		}
		sorted := slices.Sorted(slices.Values(x))
		for _, p := range []float64{0, 1e-4, 0.01, 0.025, 0.05, 0.0625, 0.07, 0.5, 0.93, 0.95, 0.975, 0.99, 1 - 1e-4, 1} {
			if got, want := quantileSelect(slices.Clone(x), p), Quantile(sorted, p); got != want {
				t.Errorf("n=%d p=%v: got %v, want %v", n, p, got, want)
			}
		}
	}
	// Distinct values of all magnitudes, bit for bit, through
	// PercentileRange (both tails of one sample), heaps on the stack
	// (k <= 64) and not.
	for _, n := range []int{100, 1000, 4099} {
		x := make([]float64, n)
		for i := range x {
			x[i] = (rng.Float64() - 0.4) * math.Pow(10, float64(rng.IntN(9)-4))
		}
		sorted := slices.Sorted(slices.Values(x))
		for _, p := range []float64{1e-4, 0.01, 0.025, 0.05, 0.0571} {
			lo, hi := PercentileRange(slices.Clone(x), p, 1-p)
			wlo, whi := Quantile(sorted, p), Quantile(sorted, 1-p)
			if math.Float64bits(lo) != math.Float64bits(wlo) || math.Float64bits(hi) != math.Float64bits(whi) {
				t.Errorf("n=%d p=%v: range %v, %v; want %v, %v", n, p, lo, hi, wlo, whi)
			}
		}
	}
	// Infinities are values like any other (only NaN is refused).
	x := make([]float64, 200)
	for i := range x {
		x[i] = float64(i % 7)
	}
	x[3], x[50], x[120] = math.Inf(1), math.Inf(-1), math.Inf(1)
	sorted := slices.Sorted(slices.Values(x))
	for _, p := range []float64{0, 0.004, 0.01, 0.5, 0.99, 0.996, 1} {
		got, want := quantileSelect(slices.Clone(x), p), Quantile(sorted, p)
		if got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("with infinities, p=%v: got %v, want %v", p, got, want)
		}
	}
}

// TestPercentileRange checks the uneven tails against Quantile of the
// sorted values: for 1..100, type 7 puts p at 1 + 99p.
func TestPercentileRange(t *testing.T) {
	x := make([]float64, 100)
	for i := range x {
		x[i] = float64(100 - i)
	}
	for _, tc := range []struct{ lo, hi, wantLo, wantHi float64 }{
		{0.025, 0.975, 3.475, 97.525},
		{0.0132, 0.9868, 2.3068, 98.6932},
		{0, 1, 1, 100},
	} {
		lo, hi := PercentileRange(slices.Clone(x), tc.lo, tc.hi)
		if math.Abs(lo-tc.wantLo) > 1e-9 || math.Abs(hi-tc.wantHi) > 1e-9 {
			t.Errorf("PercentileRange(%v, %v) = %v, %v; want %v, %v", tc.lo, tc.hi, lo, hi, tc.wantLo, tc.wantHi)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("no panic for a probability above 1")
		}
	}()
	PercentileRange(x, 0.1, 1.1)
}

// TestTailsOnePass checks PercentileRange's one pass over both tails
// (tails) against a tail of each, bit for bit: on continuous values, on
// many ties, and on zeros of both signs, where only the sign tells which
// of two equal values a heap kept.
func TestTailsOnePass(t *testing.T) {
	rng := NewRand(11)
	gens := map[string]func() float64{
		"normal": rng.NormFloat64,
		"ties":   func() float64 { return float64(rng.IntN(9) - 4) },
		"zeros": func() float64 {
			v := 0.0
			if rng.IntN(100) == 0 {
				v = 1
			}
			return math.Copysign(v, rng.Float64()-0.5)
		},
	}
	for name, gen := range gens {
		for _, n := range []int{64, 100, 1000, 2001, 5000} {
			x := make([]float64, n)
			for i := range x {
				x[i] = gen()
			}
			for _, kk := range [][2]int{{2, 1}, {2, 5}, {27, 26}, {n / 16, 3}, {4, n / 16}, {70, 80}} {
				kLo, kHi := kk[0], kk[1]
				if kLo > n/16 || kHi > n/16 {
					continue
				}
				lastLo, nextLo, lastHi, nextHi := tails(slices.Clone(x), kLo, kHi)
				wLast, wNext := tail(slices.Clone(x), kLo, false)
				hLast, hNext := tail(slices.Clone(x), kHi, true)
				for _, pair := range [][2]float64{{lastLo, wLast}, {nextLo, wNext}, {lastHi, hLast}, {nextHi, hNext}} {
					if math.Float64bits(pair[0]) != math.Float64bits(pair[1]) {
						t.Fatalf("%s, n=%d, k=%d,%d: tails %v %v %v %v; tail %v %v %v %v", name, n, kLo, kHi,
							lastLo, nextLo, lastHi, nextHi, wLast, wNext, hLast, hNext)
					}
				}
			}
			for _, p := range []float64{0.0001, 0.005, 0.0132, 0.025, 0.05} {
				lo, hi := PercentileRange(slices.Clone(x), p, 1-p)
				wlo, whi := quantileOf(slices.Clone(x), p), quantileOf(slices.Clone(x), 1-p)
				if math.Float64bits(lo) != math.Float64bits(wlo) || math.Float64bits(hi) != math.Float64bits(whi) {
					t.Errorf("%s, n=%d, p=%v: range %v, %v; quantiles %v, %v", name, n, p, lo, hi, wlo, whi)
				}
			}
		}
	}
}

// BenchmarkPercentileInterval measures the 95% interval of 1,000
// unsorted values, both tails in one pass.
func BenchmarkPercentileInterval(b *testing.B) {
	x := benchData(1000)
	for b.Loop() {
		PercentileInterval(x, 0.95)
	}
}

// TestSortedTails checks the sorted-array tails (tailsOf, sortedTails)
// against the heaps of tails: tailsOf bit for bit, sortedTails in value,
// on continuous values, values in sorted and reversed order, many ties,
// zeros of both signs (where only the sign tells which of two equal
// values a method kept, and tailsOf must take tails' zeros), and every
// pair of tail lengths up to sortedTailMax for short inputs; x is left
// as it was.
func TestSortedTails(t *testing.T) {
	rng := NewRand(12)
	gens := map[string]func(i, n int) float64{
		"normal":     func(int, int) float64 { return rng.NormFloat64() },
		"ascending":  func(i, _ int) float64 { return float64(i) / 7 },
		"descending": func(i, n int) float64 { return float64(n-i) / 3 },
		"ties":       func(int, int) float64 { return float64(rng.IntN(9) - 4) },
		"fewTies":    func(int, int) float64 { return float64(rng.IntN(200)) / 8 },
		"zeros": func(int, int) float64 {
			v := 0.0
			if rng.IntN(20) == 0 {
				v = rng.NormFloat64()
			}
			return math.Copysign(v, rng.Float64()-0.5)
		},
		"uniform":     func(int, int) float64 { return rng.Float64() },
		"exponential": func(int, int) float64 { return rng.ExpFloat64() },
		"bimodal": func(int, int) float64 {
			if rng.IntN(2) == 0 {
				return rng.NormFloat64() - 10
			}
			return 3 * rng.NormFloat64()
		},
		"heavyTails": func(int, int) float64 { return rng.NormFloat64() / (rng.Float64() + 1e-3) },
		"withInf": func(i, _ int) float64 {
			if i%97 == 5 {
				return math.Inf(1 - 2*(i%2))
			}
			return rng.NormFloat64()
		},
		"large": func(int, int) float64 { return 1e9 + rng.NormFloat64()*1e-3 },
		"signedZerosInTail": func(int, int) float64 {
			if rng.IntN(3) == 0 {
				return math.Copysign(0, rng.Float64()-0.5)
			}
			return rng.NormFloat64()
		},
	}
	same := func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }
	for name, gen := range gens {
		for _, n := range []int{1, 2, 3, 5, 17, 64, 65, 100, 1000, 2001} {
			x := make([]float64, n)
			for i := range x {
				x[i] = gen(i, n)
			}
			orig := slices.Clone(x)
			sorted := slices.Clone(x)
			slices.Sort(sorted)
			for kLo := 1; kLo <= min(n, sortedTailMax); kLo++ {
				for kHi := 1; kHi <= min(n, sortedTailMax); kHi++ {
					if n > 100 && kLo%5 != 1 && kHi%7 != 1 && kLo != 26 && kHi != 26 {
						continue
					}
					wLast, wNext, hLast, hNext := tails(x, kLo, kHi)
					lastLo, nextLo, lastHi, nextHi, ok := tailsOf(x, kLo, kHi)
					if !ok {
						t.Fatalf("%s, n=%d, k=%d,%d: tailsOf found a NaN", name, n, kLo, kHi)
					}
					if !same(lastLo, wLast) || !same(nextLo, wNext) || !same(lastHi, hLast) || !same(nextHi, hNext) {
						t.Fatalf("%s, n=%d, k=%d,%d: tailsOf %v %v %v %v; tails %v %v %v %v", name, n, kLo, kHi,
							lastLo, nextLo, lastHi, nextHi, wLast, wNext, hLast, hNext)
					}
					sLast, sNext, sHLast, sHNext := sortedTails(x, kLo, kHi)
					want := [4]float64{sorted[kLo-1], sorted[max(kLo-2, 0)], sorted[n-kHi], sorted[min(n-kHi+1, n-1)]}
					if kHi == 1 {
						want[3] = want[2]
					}
					if got := [4]float64{sLast, sNext, sHLast, sHNext}; got != want {
						t.Fatalf("%s, n=%d, k=%d,%d: sortedTails %v, sorted values %v", name, n, kLo, kHi, got, want)
					}
					if !slices.Equal(x, orig) && !slices.ContainsFunc(x, func(v float64) bool { return v != v }) {
						t.Fatalf("%s, n=%d: x changed", name, n)
					}
				}
			}
		}
	}
}

// TestFilteredTails checks filteredTails on its own: when it answers, its
// four values are the order statistics of the sorted values; it answers
// for the normal samples it is made for (bootstrap means), and declines
// when a threshold keeps too few values (a constant sample) rather than
// answer wrongly; skewed samples and two values are checked whichever it
// does.
func TestFilteredTails(t *testing.T) {
	rng := NewRand(13)
	answered, tried := map[string]int{}, map[string]int{}
	for trial := range 400 {
		n := []int{100, 1000, 2000, 4000}[trial%4]
		x := make([]float64, n)
		shape := []string{"normal", "skewed", "constant", "twoPoints"}[trial/4%4]
		for i := range x {
			switch shape {
			case "normal":
				x[i] = 3 + 0.1*rng.NormFloat64()
			case "skewed":
				x[i] = math.Exp(2 * rng.NormFloat64())
			case "constant":
				x[i] = 7
			case "twoPoints":
				x[i] = float64(rng.IntN(2))
			}
		}
		sorted := slices.Clone(x)
		slices.Sort(sorted)
		for _, p := range []float64{0.025, 0.005, 0.05} {
			jLo, _ := rank(n, p)
			jHi, _ := rank(n, 1-p)
			kLo, kHi := jLo+2, n-jHi
			if kLo > sortedTailMax || kHi > sortedTailMax {
				continue
			}
			tried[shape]++
			lastLo, nextLo, lastHi, nextHi, ok := filteredTails(x, kLo, kHi)
			if !ok {
				continue
			}
			answered[shape]++
			want := [4]float64{sorted[kLo-1], sorted[max(kLo-2, 0)], sorted[n-kHi], sorted[min(n-kHi+1, n-1)]}
			if kHi == 1 {
				want[3] = want[2]
			}
			if got := [4]float64{lastLo, nextLo, lastHi, nextHi}; got != want {
				t.Fatalf("%s, n=%d, p=%v: filteredTails %v; sorted values %v", shape, n, p, got, want)
			}
		}
	}
	if answered["normal"] < tried["normal"]*95/100 {
		t.Errorf("filteredTails answered %d of %d normal tails; it is meant for them", answered["normal"], tried["normal"])
	}
	if answered["constant"] > 0 {
		t.Errorf("filteredTails answered for a constant sample, where no value passes a threshold: %v", answered)
	}
}

// TestPercentileRangeNaN checks that a NaN anywhere among values whose
// tails are short makes both bounds NaN, now that the scan for one waits
// until filteredTails declines.
func TestPercentileRangeNaN(t *testing.T) {
	rng := NewRand(14)
	for _, n := range []int{100, 1000, 2000} {
		for _, at := range []int{0, 1, n / 2, n - 1} {
			x := make([]float64, n)
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			x[at] = math.NaN()
			for _, level := range []float64{0.95, 0.99, 0.9} {
				if lo, hi := PercentileInterval(x, level); !math.IsNaN(lo) || !math.IsNaN(hi) {
					t.Errorf("n=%d, NaN at %d, level %v: %v, %v; want NaN, NaN", n, at, level, lo, hi)
				}
			}
		}
	}
}

// BenchmarkPercentileIntervals measures the 95% interval of 1,000
// unsorted values, 64 inputs in turn (so that no branch history learns
// one input).
func BenchmarkPercentileIntervals(b *testing.B) {
	rng := NewRand(3)
	xs := make([][]float64, 64)
	for i := range xs {
		xs[i] = make([]float64, 1000)
		for j := range xs[i] {
			xs[i][j] = rng.NormFloat64()
		}
	}
	i := 0
	for b.Loop() {
		PercentileInterval(xs[i%len(xs)], 0.95)
		i++
	}
}

// TestFilteredTailsFullCandidates checks filteredTails where as many
// values pass a threshold as it has room for, or about: the extreme value
// comes first, so a candidate array that wrapped round would lose it.
// Two clusters far from the mean of the rest make the count of values past
// each threshold the cluster's size, which runs past filterCap. (A
// fraction of values past a threshold z standard deviations from the
// mean is at most 1/(1+z^2): for the 51 of a 95% interval of 2,000 that
// leaves room for 256 of them, for the 26 of 1,000 not.)
func TestFilteredTailsFullCandidates(t *testing.T) {
	rng := NewRand(29)
	const n = 2000
	for m := filterCap - 8; m <= filterCap+8; m++ {
		for _, spread := range []float64{0.001, 0.01, 0.1} {
			x := make([]float64, 0, n)
			x = append(x, -300)
			for j := range m - 1 {
				x = append(x, -100-float64(j)*spread)
			}
			x = append(x, 300)
			for j := range m - 1 {
				x = append(x, 100+float64(j)*spread)
			}
			for len(x) < n {
				x = append(x, rng.NormFloat64())
			}
			sorted := slices.Clone(x)
			slices.Sort(sorted)
			jLo, _ := rank(n, 0.025)
			jHi, _ := rank(n, 0.975)
			kLo, kHi := jLo+2, n-jHi
			lastLo, nextLo, lastHi, nextHi, ok := filteredTails(x, kLo, kHi)
			if !ok {
				continue
			}
			want := [4]float64{sorted[kLo-1], sorted[kLo-2], sorted[n-kHi], sorted[n-kHi+1]}
			if got := [4]float64{lastLo, nextLo, lastHi, nextHi}; got != want {
				t.Fatalf("clusters of %d, spread %v: filteredTails %v; sorted values %v", m, spread, got, want)
			}
		}
	}
}
