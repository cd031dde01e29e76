package stats

import (
	"math"

	"github.com/evalbook/evalbook/internal/parallel"
)

// BootstrapMeanCIsSeedOn returns the percentile bootstrap confidence intervals of
// the means of several samples of the same size n at the given level, with
// resamples they share: each resample draws n indexes in [0, n) with
// replacement (IndexDrawer), counts how often each index was drawn, and
// takes every sample's mean weighted by the counts. For each sample this is
// exactly BootstrapMeanCISeed's bootstrap (a resample of n values with
// replacement, each equally likely; the interval as there), but the draws
// are made once for all samples instead of once per sample, and each
// sample's resample mean is a dot product over its values in order instead
// of a gather at random places. The intervals of different samples are not
// independent of each other; each one alone is a bootstrap interval.
//
// The products are taken batchRows resamples at a time and batchChunk
// values at a time, so that each sample is read from memory once per
// batchRows resamples rather than once per resample; a resample's sum is
// added up chunk by chunk.
//
// It runs on up to workers goroutines, with the same intervals bit for
// bit: the resamples are drawn on one goroutine in the same order (the
// next block's while the current block is multiplied), and each block's
// rows are shared out among the workers in groups of batchRows; a
// resample's means do not depend on which goroutine takes its row or on
// how the rows are grouped. One large batch (a metric of many items in
// many iterations) so uses every core.
//
// Degenerate samples are treated as BootstrapMeanCISeed treats them: an
// empty sample (n = 0) gives NaN, a sample of equal values that value. The
// random numbers come from NewRand(seed)'s generator only (taken from its
// state in registers, NewIndexDrawerSeed). BootstrapMeanCIsSeedOn panics when
// resamples < 1, level is not strictly between 0 and 1, the samples differ
// in size, or n is 2³² or more.
func BootstrapMeanCIsSeedOn(samples [][]float64, resamples int, level float64, seed uint64, workers int) (low, high []float64) {
	return bootstrapMeanCIs(samples, resamples, level, func(n int) IndexDrawer { return NewIndexDrawerSeed(seed, n) }, workers)
}

// bootstrapMeanCIs is BootstrapMeanCIsSeedOn with the drawer of indexes in
// [0, n) made by drawer.
func bootstrapMeanCIs(samples [][]float64, resamples int, level float64, drawer func(n int) IndexDrawer, workers int) (low, high []float64) {
	if resamples < 1 {
		panic("stats: bootstrap needs at least one resample")
	}
	if !(level > 0 && level < 1) {
		panic("stats: confidence level outside (0, 1)")
	}
	low, high = make([]float64, len(samples)), make([]float64, len(samples))
	if len(samples) == 0 {
		return low, high
	}
	n := len(samples[0])
	if uint64(n) > math.MaxUint32 {
		panic("stats: bootstrap sample too large")
	}
	var todo [][]float64 // samples that need resampling
	var at []int
	for j, x := range samples {
		switch {
		case len(x) != n:
			panic("stats: batch bootstrap samples of different sizes")
		case n == 0:
			low[j], high[j] = math.NaN(), math.NaN()
		case allEqual(x):
			low[j], high[j] = x[0], x[0]
		default:
			todo, at = append(todo, x), append(at, j)
		}
	}
	if len(todo) == 0 {
		return low, high
	}
	means := batchMeans(todo, resamples, drawer(n), max(workers, 1))
	for k, j := range at {
		low[j], high[j] = PercentileInterval(means[k], level)
	}
	return low, high
}

// Blocks of BootstrapMeanCIs' products (see there): batchRows resamples'
// counts are drawn, then multiplied with every sample batchChunk values at
// a time; the block's rows of a chunk (batchRows × batchChunk float64s,
// 128 KiB) stay in the second-level cache.
const (
	batchRows  = 32
	batchChunk = 512
)

// batchMeans returns means[k][b], the mean of samples[k] weighted by the
// counts of resample b drawn by d, for resamples resamples, on up to
// workers goroutines: blocks of batchRows × workers resamples
// (CountBlocks), a group of batchRows rows a unit of work.
func batchMeans(samples [][]float64, resamples int, d IndexDrawer, workers int) [][]float64 {
	n := len(samples[0])
	means := make([][]float64, len(samples))
	for k := range means {
		means[k] = make([]float64, resamples)
	}
	block := min(batchRows*workers, resamples)
	ws := make([][]float64, (block+batchRows-1)/batchRows)
	for g := range ws {
		ws[g] = make([]float64, batchRows*batchChunk)
	}
	CountBlocks(&d, n, resamples, batchRows, workers, nil, func(g, b0, q0, q1 int, counts []uint16) {
		products(means, samples, counts[q0*n:], ws[g], b0+q0, q1-q0)
	})
	nf := float64(n)
	for _, m := range means {
		for b := range m {
			m[b] /= nf
		}
	}
	return means
}

// CountBlocks draws resamples rows of counts from d, each row the counts
// of n draws of indexes in [0, n) (Count16 on a cleared row), and hands
// them to work a block at a time: blocks of groupRows × workers rows
// (fewer for the last, or when there are fewer resamples), each split
// into groups of up to groupRows rows, and work(g, b0, q0, q1, counts)
// called for group g, the rows [q0, q1) of the block whose first row is
// resample b0, with row q at counts[q*n:(q+1)*n]. The groups of a block
// run on up to workers goroutines, beside one more unit that draws the
// next block into the other half of the buffer (two blocks of counts):
// the resamples are drawn on one goroutine in their order, so the
// counts are those of one goroutine drawing them all, whatever workers
// is, and the draws cost no time of their own while the products of the
// block before them take longer. buf is the buffer, reallocated when it
// is short; CountBlocks returns it for the next call.
//
// The bootstraps that resample shared weights (BootstrapMeanCIs, package
// compare's paired batches) take their blocks from it.
func CountBlocks(d *IndexDrawer, n, resamples, groupRows, workers int, buf []uint16, work func(g, b0, q0, q1 int, counts []uint16)) []uint16 {
	workers = max(workers, 1)
	block := min(groupRows*workers, resamples)
	if cap(buf) < 2*block*n {
		buf = make([]uint16, 2*block*n)
	}
	buf = buf[:2*block*n]
	draw := func(b0 int) {
		next := buf[(b0/block)%2*block*n:]
		for q := range min(block, resamples-b0) {
			c := next[q*n : (q+1)*n]
			clear(c) // integer increments are cheaper than float ones
			d.Count16(c, n)
		}
	}
	draw(0)
	for b0 := 0; b0 < resamples; b0 += block {
		rows := min(block, resamples-b0)
		cur := buf[(b0/block)%2*block*n:]
		groups := (rows + groupRows - 1) / groupRows
		first := 0
		if b0+block < resamples {
			first = 1 // the next block's draws, beside the products
		}
		parallel.ForN(first+groups, workers, func(t int) {
			if t < first {
				draw(b0 + block)
				return
			}
			g := t - first
			q0 := g * groupRows
			work(g, b0, q0, min(q0+groupRows, rows), cur)
		})
	}
	return buf
}

// products adds to means[k][b0+q] the dot products of the counts of row
// q < rows (counts[q*n:(q+1)*n]) with samples[k], batchChunk values at a
// time, each chunk of the rows converted to float64 in w.
func products(means, samples [][]float64, counts []uint16, w []float64, b0, rows int) {
	n := len(samples[0])
	for lo := 0; lo < n; lo += batchChunk {
		hi := min(lo+batchChunk, n)
		for q := range rows {
			wq := w[q*batchChunk : q*batchChunk+hi-lo]
			for i, c := range counts[q*n+lo : q*n+hi] {
				wq[i] = float64(c)
			}
		}
		for k, x := range samples {
			Dots(means[k][b0:b0+rows], w, batchChunk, x[lo:hi])
		}
	}
}
