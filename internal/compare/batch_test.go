package compare

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/evalbook/evalbook/internal/stats"
)

// batchColumns returns m columns of paired differences on n items with
// different shapes: normal, integer-valued with many ties, skewed, 0/±1,
// and one constant column.
func batchColumns(n int, seed uint64) [][]float64 {
	z := normal(5*n, 0, 1, seed)
	cols := make([][]float64, 5)
	for j := range cols {
		cols[j] = make([]float64, n)
	}
	for i := range n {
		cols[0][i] = 0.1 + z[i]
		cols[1][i] = math.Round(2 * z[n+i])
		cols[2][i] = math.Exp(z[2*n+i]) - 1.2
		cols[3][i] = float64(int(z[3*n+i]*1.5) % 2)
		cols[4][i] = 0.125
	}
	return cols
}

// TestBatchEqualsSingle checks that every metric of a batch gets what the
// one-metric path gives for the same seed, although the two add up their
// resamples in different ways (a matrix product against one element at a
// time).
func TestBatchEqualsSingle(t *testing.T) {
	for _, n := range []int{2, 10, MaxExact, MaxExact + 1, 300, 3*chunkItems + 5} {
		cols := batchColumns(n, uint64(n))
		opt := Options{Level: 0.9, Resamples: 500, Seed: 7}
		got := PairedBatch(cols, opt)
		if len(got) != len(cols) {
			t.Fatalf("n %d: %d results for %d metrics", n, len(got), len(cols))
		}
		for j, d := range cols {
			want := PairedDiffs(d, opt)
			if !sameResult(got[j], want, 1e-12) {
				t.Errorf("n %d metric %d: batch %+v, single %+v", n, j, got[j], want)
			}
		}
	}
}

// TestBatchNaNColumn checks that a metric with NaN gets NaN figures and
// leaves the others as they would be without it.
func TestBatchNaNColumn(t *testing.T) {
	cols := batchColumns(40, 3)
	cols[2][5] = math.NaN()
	got := PairedBatch(cols, opt95)
	if !identical(got[2], nanResult(MethodPaired, true, 40, 40)) {
		t.Errorf("NaN metric: %+v", got[2])
	}
	for _, j := range []int{0, 1, 3, 4} {
		if want := PairedDiffs(cols[j], opt95); !sameResult(got[j], want, 1e-12) {
			t.Errorf("metric %d: batch %+v, single %+v", j, got[j], want)
		}
	}
}

func TestBatchDeterministic(t *testing.T) {
	cols := batchColumns(100, 5)
	r1, r2 := PairedBatch(cols, opt95), PairedBatch(cols, opt95)
	for j := range r1 {
		if !identical(r1[j], r2[j]) {
			t.Errorf("metric %d: %+v then %+v", j, r1[j], r2[j])
		}
	}
}

func TestBatchEdges(t *testing.T) {
	if got := PairedBatch(nil, opt95); got != nil {
		t.Errorf("no metrics: %v", got)
	}
	got := PairedBatch([][]float64{{}, {}}, opt95)
	for j, r := range got {
		if !identical(r, nanResult(MethodPaired, true, 0, 0)) {
			t.Errorf("no items, metric %d: %+v", j, r)
		}
	}
	mustPanic(t, "ragged", func() { PairedBatch([][]float64{{1, 2}, {1}}, opt95) })
	mustPanic(t, "options", func() { PairedBatch([][]float64{{1, 2}}, Options{}) })
}

// TestBatchOnWorkers: PairedBatchSlicesOn gives what the one-goroutine
// path gives, bit for bit, metric by metric and slice by slice, for any
// number of workers: with and without slices, on both of the drawer's
// lane widths, and a number of resamples that leaves a short last block
// (under -short, the wide lanes on 3 workers only).
func TestBatchOnWorkers(t *testing.T) {
	t.Parallel()
	for _, n := range []int{MaxExact + 1, 3*chunkItems + 5, 1<<16 + 9} {
		cols := batchColumns(n, uint64(n))
		pos := make([][]int, 3) // items i with i mod 5 = s; 3 and 4 in none
		for i := range n {
			if s := i % 5; s < 3 {
				pos[s] = append(pos[s], i)
			}
		}
		for _, sl := range [][][]int{nil, pos} {
			opt := Options{Level: 0.9, Resamples: 203, Seed: 11}
			want, wantS := PairedBatchSlices(cols, sl, opt)
			for _, workers := range []int{2, 3, 4} {
				if testing.Short() && n > 1<<16 && workers != 3 {
					continue // the wide lanes on 3 workers only
				}
				got, gotS := PairedBatchSlicesOn(cols, sl, opt, workers)
				for j := range want {
					if !identical(got[j], want[j]) {
						t.Errorf("n %d, %d slices, %d workers, metric %d: %+v; one goroutine %+v", n, len(sl), workers, j, got[j], want[j])
					}
					for s := range wantS {
						if !identical(gotS[s][j], wantS[s][j]) {
							t.Errorf("n %d, %d workers, slice %d metric %d: %+v; one goroutine %+v", n, workers, s, j, gotS[s][j], wantS[s][j])
						}
					}
				}
			}
		}
	}
}

// TestPut checks that the first segment's sums are what adding to cleared
// sums gives, bit for bit, also for -0 (0 + -0 is +0), and that later
// segments add.
func TestPut(t *testing.T) {
	dst := []float64{7, 7, 7}
	put(dst, []float64{math.Copysign(0, -1), 1.5, -2}, true)
	if math.Float64bits(dst[0]) != 0 || dst[1] != 1.5 || dst[2] != -2 {
		t.Errorf("first: %v (bits of the zero %x)", dst, math.Float64bits(dst[0]))
	}
	put(dst, []float64{1, 1, 1}, false)
	if dst[0] != 1 || dst[1] != 2.5 || dst[2] != -1 {
		t.Errorf("then: %v", dst)
	}
}

// TestExceedingEach checks the one-pass count of extreme sign-flip
// statistics against a strided pass per column (each column's count of
// rows b with |sums[b*stride+i]| >= obs), on random sums with ties at the
// observed values.
func TestExceedingEach(t *testing.T) {
	rng := stats.NewRand(4)
	for _, shape := range [][2]int{{1000, 5}, {1000, 20}, {7, 1}, {0, 3}} {
		B, stride := shape[0], shape[1]
		sums := make([]float64, B*stride)
		for i := range sums {
			sums[i] = float64(rng.IntN(41) - 20)
		}
		// Every other column, then a run of adjacent columns (the
		// one-slice pass) from a third of the row on.
		for _, run := range []bool{false, true} {
			var at []int
			var obs []float64
			lo, step := 0, 2
			if run {
				lo, step = stride/3, 1
			}
			for i := lo; i < stride; i += step {
				at, obs = append(at, i), append(obs, float64(rng.IntN(22)))
			}
			got := exceedingEach(sums, stride, at, obs)
			for k, i := range at {
				want := 0
				for b := i; b < len(sums); b += stride {
					if math.Abs(sums[b]) >= obs[k] {
						want++
					}
				}
				if got[k] != want {
					t.Errorf("%d rows of %d, run %v, column %d: %d at least %v; a strided pass counts %d", B, stride, run, i, got[k], obs[k], want)
				}
			}
		}
	}
}

// TestBatchTested: PairedBatchSlicesTested gives every figure of
// PairedBatchSlicesOn bit for bit, metric by metric and slice by slice,
// except the p-values of the metrics not tested, which stay NaN (PMethod
// "", Exact false): on random test flags (none, some, all), with and
// without slices, a NaN column, exact and random-pattern sizes, slices of
// at most and of more than MaxExact items, on one worker and two.
func TestBatchTested(t *testing.T) {
	rng := stats.NewRand(12)
	for _, n := range []int{2, MaxExact, MaxExact + 1, 100, 3*chunkItems + 5} {
		cols := batchColumns(n, uint64(n)+1)
		cols = append(cols, normal(n, 0.3, 1, uint64(n)+2), normal(n, 0, 2, uint64(n)+3))
		cols[5][n/2] = math.NaN()
		pos := make([][]int, 4) // slice 0 small (at most MaxExact items), 3 in none
		for i := range n {
			s := rng.IntN(4)
			if s == 0 && len(pos[0]) >= MaxExact {
				s = 1
			}
			pos[s] = append(pos[s], i)
		}
		pos = pos[:3]
		if len(pos[0]) == 0 {
			pos = pos[1:]
		}
		for _, sl := range [][][]int{nil, pos} {
			for _, workers := range []int{1, 2} {
				opt := Options{Level: 0.95, Resamples: 301, Seed: uint64(n)}
				want, wantS := PairedBatchSlicesOn(cols, sl, opt, workers)
				for _, mode := range []string{"none", "random", "all", "one"} {
					test := make([]bool, len(cols))
					for j := range test {
						switch mode {
						case "random":
							test[j] = rng.IntN(2) == 0
						case "all":
							test[j] = true
						case "one":
							test[j] = j == 4
						}
					}
					got, gotS := PairedBatchSlicesTested(cols, sl, opt, workers, test)
					untested := func(r Result) Result {
						r.P, r.PMethod, r.Exact = math.NaN(), "", false
						return r
					}
					for j := range cols {
						w := want[j]
						if !test[j] {
							w = untested(w)
						}
						if !identical(got[j], w) {
							t.Errorf("n %d, %d slices, %d workers, %s, metric %d (tested %v): %+v; want %+v", n, len(sl), workers, mode, j, test[j], got[j], w)
						}
						for s := range wantS {
							w := wantS[s][j]
							if !test[j] {
								w = untested(w)
							}
							if !identical(gotS[s][j], w) {
								t.Errorf("n %d, %d workers, %s, slice %d metric %d (tested %v): %+v; want %+v", n, workers, mode, s, j, test[j], gotS[s][j], w)
							}
						}
					}
				}
			}
		}
	}
	mustPanic(t, "flags", func() { PairedBatchSlicesTested([][]float64{{1, 2}}, nil, opt95, 1, []bool{true, false}) })
}

// TestBlockMeans checks the bootstrap means blockMeans gathers against
// the plain definition (each row's sum over its weight, rows of weight 0
// left out, in row order), bit for bit: for the whole sums (one weight
// for every row) and for each slice's (a weight per row, some 0), on
// blocks of meansBlock metrics all taken (blockMeans8) and with a NaN
// metric left out, a short last block, and a batch
// reused for a smaller one.
func TestBlockMeans(t *testing.T) {
	rng := stats.NewRand(8)
	bt := new(batch)
	for _, shape := range [][3]int{{300, 13, 3}, {120, 20, 4}, {50, 4, 2}, {7, 9, 1}} {
		B, m, S := shape[0], shape[1], shape[2]
		bt.B = B
		sums, sliceSums, weights := make([]float64, B*m), make([]float64, B*S*m), make([]float64, B*S)
		for i := range sums {
			sums[i] = rng.NormFloat64() * 40
		}
		for i := range sliceSums {
			sliceSums[i] = rng.NormFloat64() * 10
		}
		for i := range weights {
			weights[i] = float64(rng.IntN(4)) // 0 a quarter of the time
		}
		d := make([][]float64, m)
		for j := range d {
			d[j] = []float64{1, 2}
		}
		d[m/2] = []float64{1, math.NaN()}
		check := func(what string, r meanRows, sum func(b, j int) float64, w func(b int) float64) {
			for j0 := 0; j0 < m; j0 += meansBlock {
				js := bt.blockMeans(j0, min(j0+meansBlock, m), r, d)
				var want []int
				for j := j0; j < min(j0+meansBlock, m); j++ {
					if j != m/2 {
						want = append(want, j)
					}
				}
				if !slices.Equal(js, want) {
					t.Fatalf("%s, block %d: metrics %v; want %v", what, j0, js, want)
				}
				for k, j := range js {
					var means []float64
					for b := range B {
						if w := w(b); w > 0 {
							means = append(means, sum(b, j)/w)
						}
					}
					got := bt.bmeans[k]
					if len(got) != len(means) {
						t.Fatalf("%s, metric %d: %d means; want %d", what, j, len(got), len(means))
					}
					for i := range means {
						if math.Float64bits(got[i]) != math.Float64bits(means[i]) {
							t.Fatalf("%s, metric %d, mean %d: %v; want %v", what, j, i, got[i], means[i])
						}
					}
				}
			}
		}
		n := 37.0
		check(fmt.Sprintf("B %d, whole", B), meanRows{sums: sums, stride: m, w: n},
			func(b, j int) float64 { return sums[b*m+j] }, func(int) float64 { return n })
		for s := range S {
			check(fmt.Sprintf("B %d, slice %d", B, s), meanRows{sums: sliceSums[s*m:], stride: S * m, weights: weights[s:], wStride: S},
				func(b, j int) float64 { return sliceSums[(b*S+s)*m+j] }, func(b int) float64 { return weights[b*S+s] })
		}
	}
}
