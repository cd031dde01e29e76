package compare

import (
	"math"
	"sync"

	"github.com/evalbook/evalbook/internal/stats"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// PairedBatch compares two iterations on many metrics scored on the same
// items: diffs[j][i] is metric j's paired difference on item i, and every
// diffs[j] has the same length n, with items in the same order. Result j
// is what PairedDiffs(diffs[j], opt) returns, up to rounding in the last
// digits: the same seed draws the same resamples and sign patterns.
//
// All metrics share one set of resamples, which turns the work into a
// matrix product. Row b of the weight matrix W (Resamples × n) holds how
// many times resample b drew each item, and row b of the sign matrix S
// (Resamples × n) the signs ±1 of random pattern b; with D the n × m
// matrix of differences,
//
//	bootstrap means = W D / n,   sign-flip statistics = |S D|.
//
// The product is formed one row of W or S at a time, as Dᵀ w_b with
// gonum's BLAS (blas64.Gemv), right after the row is drawn: the row stays
// in cache and W and S are never stored whole. On the development machine
// this ran twice as fast as mat.Dense.Mul of the whole matrices, whose
// Dgemm calls a short dot-product kernel per 64 × 64 block. For 1,000
// items, 20 metrics and 1,000 resamples it is 4·10⁷ multiply-adds for each
// of the two matrices. PairedBatch runs on one goroutine; callers compare
// iteration pairs in parallel.
//
// A metric whose differences hold NaN gets a Result of NaN figures; the
// others are unaffected. PairedBatch panics when the diffs differ in length
// or opt is invalid. Metrics scored on different items cannot share
// resamples: compare them with PairedDiffs, or in batches by item set.
func PairedBatch(diffs [][]float64, opt Options) []Result {
	res, _ := PairedBatchSlices(diffs, nil, opt)
	return res
}

// PairedBatchSlices is PairedBatch with a breakdown of every metric by
// slice: slices[s] lists the positions in diffs[j] of the items of slice s
// (a slice has at least one item; no item is in two slices; items in no
// slice are left out). res is exactly what PairedBatch returns; bySlice[s][j]
// compares metric j on slice s's items alone, reusing the whole batch's
// resamples instead of drawing its own:
//
//   - Diff, Effect and N are those of PairedDiffs of the slice's
//     differences.
//   - CI is the bootstrap of a domain mean (a domain as in Lohr,
//     "Sampling: Design and Analysis", 2nd ed., 2010, §4.3): in each
//     resample of all n items, the slice's mean is the mean of its items
//     drawn, weighted by how often each was drawn, so the slice's size
//     varies from resample to resample as it would over repeated samples of
//     n items; resamples that draw none of its items are left out. The
//     interval is the expanded percentile interval of those means with the
//     slice's n_s (pairedTail), NaN when n_s < 2.
//   - P is the sign-flip test of the slice's differences: exact when
//     n_s ≤ MaxExact, else the batch's random sign patterns restricted to
//     the slice's items, which are themselves independent uniform patterns
//     of n_s signs, so the test is the same test with other draws.
//
// A slice costs no draws of its own: its sums are products of the batch's
// resampling rows with a copy of the differences in slice order, taken a
// block of rows at a time (see domains). PairedBatchSlices panics as
// PairedBatch does, and when a position is out of range or in two slices.
func PairedBatchSlices(diffs [][]float64, slices [][]int, opt Options) (res []Result, bySlice [][]Result) {
	opt.check()
	if len(diffs) == 0 {
		return nil, nil
	}
	n := len(diffs[0])
	for _, d := range diffs {
		if len(d) != n {
			panic("compare: batch differences of different lengths")
		}
	}
	res = make([]Result, len(diffs))
	for j, d := range diffs {
		res[j] = pairedPoint(d)
	}
	dom := newDomains(diffs, slices)
	if n == 0 {
		return res, dom.results()
	}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	dt := sc.packRows(diffs)
	if n >= 2 {
		batchBootstrap(res, diffs, dt, opt, sc, dom)
	}
	if n > MaxExact {
		batchSignFlip(res, diffs, dt, opt, sc, dom)
	} else {
		for j, d := range diffs {
			if !hasNaN(d) {
				res[j].P, res[j].Exact, res[j].PMethod = exactSignFlip(d), true, PExactSignFlip
			}
		}
	}
	dom.exact()
	return res, dom.results()
}

// pairedPoint returns the figures of PairedDiffs that need no resampling:
// n, the mean difference and the effect size, with CI and P NaN.
func pairedPoint(d []float64) Result {
	n := len(d)
	r := nanResult(MethodPaired, true, n, n)
	if n > 0 && !hasNaN(d) {
		r.Diff = stats.Mean(d)
		r.Effect = cohenDz(d, r.Diff)
	}
	return r
}

// scratch holds PairedBatch's working arrays, reused from one call to the
// next through scratchPool: the experiment analysis calls it for every
// iteration pair and slice, and the arrays were most of what it allocated.
// Every array is overwritten before it is read.
type scratch struct {
	dt, x, sums, means []float64
	counts             []uint32
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// grow returns s[:n], reallocated when its capacity is short.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// packRows returns the m × n matrix Dᵀ whose row j is diffs[j].
func (sc *scratch) packRows(diffs [][]float64) blas64.General {
	m, n := len(diffs), len(diffs[0])
	sc.dt = grow(sc.dt, m*n)
	for j, d := range diffs {
		copy(sc.dt[j*n:], d)
	}
	return blas64.General{Rows: m, Cols: n, Stride: n, Data: sc.dt}
}

// rowProducts sets out, a B × m row-major matrix, to the products Dᵀ x_b
// for b in [0, B), where fill(b, x) sets x to row b of the resampling
// matrix.
func (sc *scratch) rowProducts(dt blas64.General, out []float64, fill func(b int, x []float64)) {
	m := dt.Rows
	sc.x = grow(sc.x, dt.Cols)
	x := sc.x
	for row := 0; row < len(out); row += m {
		fill(row/m, x)
		blas64.Gemv(blas.NoTrans, 1, dt, blas64.Vector{N: dt.Cols, Inc: 1, Data: x},
			0, blas64.Vector{N: m, Inc: 1, Data: out[row : row+m]})
	}
}

// batchBootstrap fills in the bootstrap intervals of res, and of the
// slices of dom from the same weights. Row b of the weights draws the same
// items as resample b of bootstrapPaired for the same seed.
func batchBootstrap(res []Result, diffs [][]float64, dt blas64.General, opt Options, sc *scratch, dom *domains) {
	m, n, B := dt.Rows, dt.Cols, opt.Resamples
	dr := stats.NewIndexDrawer(stats.NewRand(stats.Seed(opt.Seed, streamBootstrap)), n)
	sc.counts = grow(sc.counts, n)
	counts := sc.counts // integer increments are cheaper than float ones
	sc.sums = grow(sc.sums, B*m)
	sums := sc.sums
	dom.start(B)
	sc.rowProducts(dt, sums, func(b int, w []float64) {
		clear(counts)
		dr.Count(counts, n)
		for i, c := range counts {
			w[i] = float64(c)
		}
		dom.row(b, w, true)
	})
	sc.means = grow(sc.means, B)
	means := sc.means
	for j, d := range diffs {
		if hasNaN(d) {
			continue
		}
		for b := range means {
			means[b] = sums[b*m+j] / float64(n)
		}
		res[j].CI = expanded(means, pairedTail(opt.Level, n))
	}
	dom.intervals(opt.Level, sc)
}

// batchSignFlip fills in the sign-flip p-values of res (see signFlipP), and
// of the slices of dom with more than MaxExact items from the same
// patterns. Row b of the signs is the pattern signFlip draws as its b-th
// for the same seed.
func batchSignFlip(res []Result, diffs [][]float64, dt blas64.General, opt Options, sc *scratch, dom *domains) {
	m, n, B := dt.Rows, dt.Cols, opt.Resamples
	rng := stats.NewRand(stats.Seed(opt.Seed, streamPermutation))
	signs := make([]uint64, (n+63)/64)
	sc.sums = grow(sc.sums, B*m)
	sums := sc.sums
	dom.start(B)
	sc.rowProducts(dt, sums, func(b int, x []float64) {
		fillSigns(rng, signs)
		for w, bits := range signs {
			for i := w * 64; i < min(w*64+64, n); i++ {
				x[i] = signOf[bits&1]
				bits >>= 1
			}
		}
		dom.row(b, x, false)
	})
	for j, d := range diffs {
		if hasNaN(d) {
			continue
		}
		res[j].P, res[j].PMethod = signFlipP(d, exceeding(d, sums[j:], m), B)
	}
	dom.signFlips()
}

// exceeding counts the sign-flip statistics |sums[b*stride]| of the B
// patterns that are at least as extreme as the data d's.
func exceeding(d, sums []float64, stride int) int {
	// Weights ±1: the tolerance of a plain sum applies.
	obs := math.Abs(sum(d)) - sumTolerance(d, 1)
	count := 0
	for b := 0; b < len(sums); b += stride {
		if math.Abs(sums[b]) >= obs {
			count++
		}
	}
	return count
}
