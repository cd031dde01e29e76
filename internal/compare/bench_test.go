package compare

import (
	"runtime"
	"sync"
	"testing"

	"github.com/evalbook/evalbook/internal/cputime"
	"github.com/evalbook/evalbook/internal/stats"
)

// The size of the performance target: 200 iteration pairs, 20
// metrics, 1,000 items, 1,000 resamples.
const (
	benchPairs     = 200
	benchMetrics   = 20
	benchItems     = 1000
	benchResamples = 1000
)

// benchDiffs returns pairs × metrics columns of paired differences.
func benchDiffs(pairs, metrics, items int) [][][]float64 {
	rng := stats.NewRand(1)
	out := make([][][]float64, pairs)
	for p := range out {
		out[p] = make([][]float64, metrics)
		for j := range out[p] {
			d := make([]float64, items)
			for i := range d {
				d[i] = 0.01 + 0.2*rng.NormFloat64()
			}
			out[p][j] = d
		}
	}
	return out
}

// BenchmarkComparePairs measures the target: a paired bootstrap
// interval and a sign-flip p-value, both with 1,000 resamples, for every
// one of 20 metrics on 1,000 items, for 200 iteration pairs (4,000,000
// differences). The pairs are shared among GOMAXPROCS workers, as an
// analysis would; each pair's seed depends only on its index.
func BenchmarkComparePairs(b *testing.B) {
	data := benchDiffs(benchPairs, benchMetrics, benchItems)
	workers := runtime.GOMAXPROCS(0)
	for b.Loop() {
		var wg sync.WaitGroup
		next := make(chan int)
		for range workers {
			wg.Go(func() {
				for p := range next {
					opt := Options{Level: 0.95, Resamples: benchResamples, Seed: uint64(p)}
					PairedBatch(data[p], opt)
				}
			})
		}
		for p := range data {
			next <- p
		}
		close(next)
		wg.Wait()
	}
}

// BenchmarkPairedBatch measures one iteration pair of BenchmarkComparePairs.
func BenchmarkPairedBatch(b *testing.B) {
	data := benchDiffs(1, benchMetrics, benchItems)[0]
	opt := Options{Level: 0.95, Resamples: benchResamples, Seed: 1}
	for b.Loop() {
		PairedBatch(data, opt)
	}
}

// BenchmarkPairedOneByOne measures the same pair as BenchmarkPairedBatch
// with PairedDiffs metric by metric, for comparison.
func BenchmarkPairedOneByOne(b *testing.B) {
	data := benchDiffs(1, benchMetrics, benchItems)[0]
	opt := Options{Level: 0.95, Resamples: benchResamples, Seed: 1}
	for b.Loop() {
		for _, d := range data {
			PairedDiffs(d, opt)
		}
	}
}

func BenchmarkUnpaired(b *testing.B) {
	x, y := normal(benchItems, 0, 1, 1), normal(benchItems, 0.1, 1, 2)
	opt := Options{Level: 0.95, Resamples: benchResamples, Seed: 1}
	for b.Loop() {
		Unpaired(x, y, opt)
	}
}

// BenchmarkExactSignFlip measures the largest exact test, 2^16 patterns.
func BenchmarkExactSignFlip(b *testing.B) {
	d := normal(MaxExact, 0, 1, 1)
	for b.Loop() {
		exactSignFlip(d)
	}
}

// BenchmarkPairedBatchSlicesScale measures one iteration pair of the 10M
// values scale project (scripts/bench/scale.sh): 200,000 items, 5 metrics,
// 5 slices, 1,000 resamples.
func BenchmarkPairedBatchSlicesScale(b *testing.B) {
	const items, metrics, slices = 200_000, 5, 5
	data := benchDiffs(1, metrics, items)[0]
	pos := make([][]int, slices)
	rng := stats.NewRand(2)
	for i := range items {
		s := rng.IntN(slices)
		pos[s] = append(pos[s], i)
	}
	benchPairedBatch(b, data, pos)
}

// BenchmarkPairedBatchSlicesCorpus measures one batch of the benchmark
// corpus's experiment analysis (go run ./cmd/examplegen -bench): the
// metrics of 25 iteration pairs (125 metrics) on the same 100 items in
// four slices of 40, 20, 20 and 20 items, 1,000 resamples, one worker.
func BenchmarkPairedBatchSlicesCorpus(b *testing.B) {
	data := benchDiffs(1, 125, 100)[0]
	pos := make([][]int, 4)
	for i := range 100 {
		s := min(i/20, 4) - 1
		pos[max(s, 0)] = append(pos[max(s, 0)], i)
	}
	benchPairedBatch(b, data, pos)
}

// benchPairedBatch times PairedBatchSlices over data in the slices pos,
// 1,000 resamples at 95 %, reporting allocations and CPU time per batch.
func benchPairedBatch(b *testing.B, data [][]float64, pos [][]int) {
	opt := Options{Level: 0.95, Resamples: benchResamples, Seed: 1}
	b.ReportAllocs()
	start := cputime.Process()
	for b.Loop() {
		PairedBatchSlices(data, pos, opt)
	}
	cputime.ReportPerOp(b, cputime.Process()-start, b.N)
}
