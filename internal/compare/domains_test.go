package compare

import (
	"math"
	"testing"

	"github.com/evalbook/evalbook/internal/stats"
)

// sliceOf returns the positions of n items in k slices, item i in slice
// i%k, leaving out every seventh item (items with no slice).
func sliceOf(n, k int) [][]int {
	out := make([][]int, k)
	for i := range n {
		if i%7 != 6 {
			out[i%k] = append(out[i%k], i)
		}
	}
	return out
}

// TestSlicesByHand checks every figure of a slice against the same
// procedure written out one item at a time: the batch's own results are
// PairedBatch's up to rounding (the sums are added in slice order); a
// slice's point figures are PairedDiffs' on its items;
// its interval is the expanded percentile interval of the domain means of
// the batch's bootstrap draws (resamples that draw none of its items left
// out); its p-value exact up to MaxExact items, else the batch's sign
// patterns restricted to its items. 400 resamples, 100 under -short.
func TestSlicesByHand(t *testing.T) {
	t.Parallel()
	resamples := 400
	if testing.Short() {
		resamples = 100
	}
	for _, tc := range []struct{ n, k int }{{12, 3}, {40, 2}, {300, 4}, {300, 40}, {1500, 2}} {
		cols := batchColumns(tc.n, uint64(tc.n+tc.k))
		pos := sliceOf(tc.n, tc.k)
		opt := Options{Level: 0.9, Resamples: resamples, Seed: 11}
		res, bySlice := PairedBatchSlices(cols, pos, opt)
		for j, r := range PairedBatch(cols, opt) {
			if !sameResult(res[j], r, 1e-12) {
				t.Errorf("n %d metric %d: %+v, PairedBatch %+v", tc.n, j, res[j], r)
			}
		}
		draws := make([][]uint32, opt.Resamples)
		dr := stats.NewIndexDrawerSeed(stats.Seed(opt.Seed, streamBootstrap), tc.n)
		for b := range draws {
			draws[b] = make([]uint32, tc.n)
			dr.Fill(draws[b])
		}
		signs := make([][]uint64, opt.Resamples)
		rng := stats.NewRand(stats.Seed(opt.Seed, streamPermutation))
		for b := range signs {
			signs[b] = make([]uint64, (tc.n+63)/64)
			fillSigns(rng, signs[b])
		}
		for s, p := range pos {
			in := map[int]bool{}
			for _, i := range p {
				in[i] = true
			}
			for j, d := range cols {
				ds := at(d, p)
				want := PairedDiffs(ds, opt)
				want.CI = nanInterval()
				if len(p) >= 2 {
					var means []float64
					for _, idx := range draws {
						var sum, w float64
						for _, i := range idx {
							if in[int(i)] {
								sum, w = sum+d[i], w+1
							}
						}
						if w > 0 {
							means = append(means, sum/w)
						}
					}
					want.CI = expanded(means, pairedTail(opt.Level, len(p)))
				}
				if len(p) > MaxExact {
					count := 0
					obs := math.Abs(sum(ds)) - sumTolerance(ds, 1)
					for _, sg := range signs {
						var x float64
						for _, i := range p {
							x += signOf[sg[i>>6]>>(uint(i)&63)&1] * d[i]
						}
						if math.Abs(x) >= obs {
							count++
						}
					}
					want.P, want.PMethod = signFlipP(ds, count, opt.Resamples)
				}
				if got := bySlice[s][j]; !sameResult(got, want, 1e-12) {
					t.Errorf("n %d, slice %d of %d (%d items), metric %d: %+v, want %+v", tc.n, s, tc.k, len(p), j, got, want)
				}
			}
		}
	}
}

func at(x []float64, pos []int) []float64 {
	out := make([]float64, len(pos))
	for k, i := range pos {
		out[k] = x[i]
	}
	return out
}

// TestSlicesEdges checks that no slices give no slice results, that a
// slice of one item has a p-value and no interval, and that an item in two
// slices or out of range panics.
func TestSlicesEdges(t *testing.T) {
	cols := batchColumns(30, 1)
	if _, bySlice := PairedBatchSlices(cols, nil, opt95); bySlice != nil {
		t.Errorf("no slices: %v", bySlice)
	}
	_, bySlice := PairedBatchSlices(cols, [][]int{{4}, {0, 1, 2}}, opt95)
	if r := bySlice[0][0]; r.N != 1 || !math.IsNaN(r.CI.Low) || r.P != 1 || !r.Exact || r.Diff != cols[0][4] {
		t.Errorf("one item: %+v", r)
	}
	mustPanic(t, "two slices", func() { PairedBatchSlices(cols, [][]int{{1, 2}, {2, 3}}, opt95) })
	mustPanic(t, "out of range", func() { PairedBatchSlices(cols, [][]int{{1, 30}}, opt95) })
}

// TestSliceCoverage checks that the domain-mean bootstrap keeps its
// coverage: over 400 samples of n = 200 normal differences with mean 0.3
// in four slices (about 43 items each), each 95% slice interval misses the
// true mean on either side about 2.5% of the time (3 binomial standard
// errors), as the t interval does.
func TestSliceCoverage(t *testing.T) {
	const n, tail = 200, 0.025
	runs := 400
	if testing.Short() {
		runs = 100
	}
	var below, above, total int
	for r := range runs {
		d := normal(n, 0.3, 1, uint64(1000+r))
		_, bySlice := PairedBatchSlices([][]float64{d}, sliceOf(n, 4), Options{Level: 0.95, Resamples: 1000, Seed: uint64(r)})
		for _, sl := range bySlice {
			total++
			below += btoi(sl[0].CI.High < 0.3)
			above += btoi(sl[0].CI.Low > 0.3)
		}
	}
	se := math.Sqrt(tail * (1 - tail) / float64(total))
	for _, c := range []struct {
		side string
		k    int
	}{{"below", below}, {"above", above}} {
		if got := float64(c.k) / float64(total); math.Abs(got-tail) > 3*se {
			t.Errorf("%d of %d slice intervals wholly %s the true mean (%.4f); want %v ± %.4f", c.k, total, c.side, got, tail, 3*se)
		}
	}
}
