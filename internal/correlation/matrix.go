package correlation

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Matrix returns Pearson's r, Spearman's rho and Kendall's tau-b with their
// intervals for every pair of a metric and a dimension: result[i][j]
// correlates metrics[i] with dims[j]. All samples must have the same
// length, one value per item; each pair is computed over its complete cases.
//
// Each sample is prepared once (one sort, see Variable), so the cost is
// O((m + d) n log n) for the preparation plus, per pair, two dot products
// and Knight's algorithm for Kendall. Preparation and pairs are spread over
// runtime.GOMAXPROCS goroutines, each with its own scratch space; the result
// does not depend on their number. It panics when the samples differ in
// length or level is outside (0, 1).
func Matrix(metrics, dims [][]float64, level float64) [][]Pair {
	q := normalQuantile(level)
	all := append(append([][]float64(nil), metrics...), dims...)
	for _, s := range all {
		if len(s) != len(all[0]) {
			panic("correlation: samples of different lengths")
		}
	}
	vars := make([]*Variable, len(all))
	parallel(len(all), func(int) func(int) {
		return func(i int) { vars[i] = NewVariable(all[i]) }
	})
	mv, dv := vars[:len(metrics)], vars[len(metrics):]
	out := make([][]Pair, len(metrics))
	for i := range out {
		out[i] = make([]Pair, len(dims))
	}
	parallel(len(metrics)*len(dims), func(int) func(int) {
		var b kendallBuffers
		return func(k int) {
			i, j := k/len(dims), k%len(dims)
			out[i][j] = correlate(mv[i], dv[j], q, &b)
		}
	})
	return out
}

// parallel runs jobs 0..n-1 on up to GOMAXPROCS goroutines. newWorker is
// called once per goroutine (with its number) and returns the function that
// runs a job, so each goroutine can own scratch space.
func parallel(n int, newWorker func(w int) func(job int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		run := newWorker(w)
		wg.Go(func() {
			for {
				k := int(next.Add(1)) - 1
				if k >= n {
					return
				}
				run(k)
			}
		})
	}
	wg.Wait()
}
