package compare

import (
	"math"
	"sync"

	"github.com/evalbook/evalbook/internal/parallel"
	"github.com/evalbook/evalbook/internal/stats"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
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
// The product is taken blockRows rows of W or S at a time, right after
// they are drawn, and chunkItems items at a time (see batch.products): each
// chunk of D is read once for the block's rows while they are in cache,
// and W and S are never stored whole. Each row's sum is therefore added up
// chunk by chunk, in another order than PairedDiffs' (hence the rounding).
// For 1,000 items, 20 metrics and 1,000 resamples it is 4·10⁷
// multiply-adds for each of the two matrices. PairedBatch runs on one
// goroutine; callers compare iteration pairs in parallel.
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
// slice are left out). res is what PairedBatch returns, up to rounding in
// the last digits (the sums are added in slice order); bySlice[s][j]
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
// A slice costs no draws and no products of its own: the batch keeps the
// differences in slice order (each slice's items adjacent, then the items
// in no slice), and every chunk of its products lies in one slice, so a
// slice's sums are the sums of its chunks. PairedBatchSlices panics as
// PairedBatch does, and when a position is out of range or in two slices.
func PairedBatchSlices(diffs [][]float64, slices [][]int, opt Options) (res []Result, bySlice [][]Result) {
	return PairedBatchSlicesOn(diffs, slices, opt, 1)
}

// PairedBatchSlicesOn is PairedBatchSlices on up to workers goroutines,
// with the same results bit for bit: one batch's resamples are drawn
// once, on one goroutine (the next block's counts while the products of
// the block before are taken), and each block's rows are shared out
// among the workers in groups of blockRows, so that a large batch uses
// every core without drawing its resamples once per core. A row's sums
// are added up segment by segment in the same order whichever goroutine
// takes it and however the rows are grouped.
func PairedBatchSlicesOn(diffs [][]float64, slices [][]int, opt Options, workers int) (res []Result, bySlice [][]Result) {
	return PairedBatchSlicesTested(diffs, slices, opt, workers, nil)
}

// PairedBatchSlicesTested is PairedBatchSlicesOn that takes the sign-flip
// test of metric j (its own p-value and its slices') only when test[j]
// holds (test nil: every metric): the others keep P NaN, PMethod "" and
// Exact false, for a caller that replaces their p-values by another test
// (the experiment analysis takes McNemar's exact test for 0/1 values). A
// metric's figures do not depend on the other metrics of a batch, so the
// tested metrics' p-values and every metric's other figures are
// PairedBatchSlicesOn's, bit for bit; the untested ones cost no products
// of sign patterns.
func PairedBatchSlicesTested(diffs [][]float64, slices [][]int, opt Options, workers int, test []bool) (res []Result, bySlice [][]Result) {
	opt.check()
	workers = max(workers, 1)
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
	bt := batchPool.Get().(*batch)
	defer batchPool.Put(bt)
	bt.lay(diffs, slices)
	if n == 0 {
		return res, bt.sliceResults()
	}
	if n >= 2 {
		bt.bootstrap(res, diffs, opt, workers)
	}
	bySlice = bt.sliceResults()
	var js []int // the tested metrics, when some are not
	if test != nil {
		if len(test) != len(diffs) {
			panic("compare: a test flag for each metric")
		}
		for j, t := range test {
			if t {
				js = append(js, j)
			}
		}
		if len(js) == len(diffs) {
			test = nil
		}
	}
	if test == nil {
		bt.tests(res, diffs, opt, workers)
		return res, bySlice
	}
	if len(js) == 0 {
		return res, bySlice
	}
	// The tested metrics laid out as a batch of their own, whose p-values
	// are copied into res and bySlice.
	sub := make([][]float64, len(js))
	for k, j := range js {
		sub[k] = diffs[j]
	}
	bt.lay(sub, slices)
	subRes := make([]Result, len(js))
	for k := range subRes {
		subRes[k] = Result{P: math.NaN()}
	}
	bt.tests(subRes, sub, opt, workers)
	for k, j := range js {
		res[j].P, res[j].Exact, res[j].PMethod = subRes[k].P, subRes[k].Exact, subRes[k].PMethod
		for s := range bySlice {
			r := &bt.res[s][k]
			bySlice[s][j].P, bySlice[s][j].Exact, bySlice[s][j].PMethod = r.P, r.Exact, r.PMethod
		}
	}
	return res, bySlice
}

// tests sets the sign-flip p-values of res and of the slices: from random
// patterns over more than MaxExact items, else exact.
func (bt *batch) tests(res []Result, diffs [][]float64, opt Options, workers int) {
	if bt.n > MaxExact {
		bt.signFlip(res, diffs, opt, workers)
	} else {
		for j, d := range diffs {
			if !hasNaN(d) {
				res[j].P, res[j].Exact, res[j].PMethod = exactSignFlip(d), true, PExactSignFlip
			}
		}
	}
	bt.exact()
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

// Blocks of the products: the rows of blockRows resamples are drawn, then
// multiplied with the differences chunkItems items at a time, so that each
// chunk of the differences (megabytes for a large comparison) is read once
// for the block, not once per row, while the block's rows of a chunk
// (32 KiB) stay in cache.
const (
	blockRows  = 8
	chunkItems = 512
)

// batch holds the working arrays of one PairedBatchSlices call, reused
// from one call to the next through batchPool: the experiment analysis
// calls it for every iteration pair. Every array is overwritten before it
// is read.
type batch struct {
	m, n, B int
	rows    int // rows of dt: m, at least four (the others zero)
	// dt is the m × n matrix whose row j is metric j's differences in the
	// batch's order: slice by slice, then the items in no slice. Item i is
	// at position at[i], and position k holds item perm[k]; without slices
	// (sliced false) the order is the items' and both are unused.
	dt       []float64
	sliced   bool
	at, perm []int32
	// Slice s is at [off[s], off[s+1]); the items in no slice follow.
	off  []int
	segs []segment
	d    [][][]float64 // d[s][j]: metric j's differences on slice s, a part of dt
	res  [][]Result    // res[s][j]; nil without slices
	// sums[b*m+j] is row b's sum of metric j over every item; slice
	// sums[(b*S+s)*m+j] its sum over slice s, and weights[b*S+s] the
	// row's total weight of slice s (a bootstrap row's count of its items
	// drawn).
	sums, sliceSums, weights []float64
	// The current block: its rows' counts (bootstrap, n each; two
	// blocks' worth, the next one drawn while the current one is
	// multiplied) or sign words (sign flips), and the working arrays of
	// each group of blockRows rows.
	counts []uint16
	signs  []uint64
	groups []rowGroup
	// The bootstrap means of a block of metrics (blockMeans): bmeans[k]
	// those of metric blockJs[k].
	bmeans  [meansBlock][]float64
	blockJs []int
}

// rowGroup is the working arrays of one group of at most blockRows rows
// of a block, taken by one goroutine: one chunk of each row as float64,
// and one segment's products.
type rowGroup struct {
	xs   []float64 // blockRows × chunkItems
	out  []float64 // m
	out1 []float64 // m, the second row's of a pair (stats.PairDots)
	out4 [4]float64
}

// segment is a run of at most chunkItems positions [lo, hi) of the batch's
// order within one slice s (-1: the items in no slice). first marks the
// first segment of the batch (for the rows' sums) and of its slice (for
// the slice's sums): products sets the sums there rather than adding to
// them, so they need not be cleared.
type segment struct {
	lo, hi, s     int
	first, sFirst bool
}

var batchPool = sync.Pool{New: func() any { return new(batch) }}

// grow returns s[:n], reallocated when its capacity is short.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// lay sets the batch's order, differences, segments and slice results
// (their point figures) for diffs and slices.
func (bt *batch) lay(diffs [][]float64, slices [][]int) {
	m, n := len(diffs), len(diffs[0])
	bt.m, bt.n = m, n
	bt.off = append(bt.off[:0], 0)
	if bt.sliced = len(slices) > 0; bt.sliced {
		bt.order(slices)
	}
	bt.rows = max(m, 4)
	bt.dt = grow(bt.dt, bt.rows*n)
	clear(bt.dt[m*n:])
	for j, d := range diffs {
		row := bt.dt[j*n : (j+1)*n]
		if !bt.sliced {
			copy(row, d)
			continue
		}
		for k, i := range bt.perm {
			row[k] = d[i]
		}
	}
	bt.segs = bt.segs[:0]
	S := len(slices)
	for s := range S + 1 { // the slices, then the items in none (-1)
		lo, hi, label := bt.off[s], n, -1
		if s < S {
			hi, label = bt.off[s+1], s
		}
		for ; lo < hi; lo += chunkItems {
			bt.segs = append(bt.segs, segment{lo, min(lo+chunkItems, hi), label, len(bt.segs) == 0, lo == bt.off[s]})
		}
	}
	bt.d, bt.res = nil, nil
	if S > 0 {
		bt.d, bt.res = make([][][]float64, S), make([][]Result, S)
		for s := range S {
			bt.d[s], bt.res[s] = make([][]float64, m), make([]Result, m)
			for j := range m {
				ds := bt.dt[j*n+bt.off[s] : j*n+bt.off[s+1]]
				bt.d[s][j], bt.res[s][j] = ds, pairedPoint(ds)
			}
		}
	}
}

// order sets at, perm and off for slices: the slices' items in order,
// then the items in none, in item order.
func (bt *batch) order(slices [][]int) {
	n := bt.n
	bt.at = grow(bt.at, n)
	for i := range bt.at {
		bt.at[i] = -1
	}
	bt.perm = grow(bt.perm, n)[:0]
	for s, pos := range slices {
		for k, i := range pos {
			if bt.at[i] >= 0 {
				panic("compare: an item in two slices")
			}
			bt.at[i] = int32(bt.off[s] + k)
			bt.perm = append(bt.perm, int32(i))
		}
		bt.off = append(bt.off, bt.off[s]+len(pos))
	}
	for i, k := range bt.at {
		if k < 0 {
			bt.at[i] = int32(len(bt.perm))
			bt.perm = append(bt.perm, int32(i))
		}
	}
}

// start readies the sums of B resampling rows, and the working arrays of
// groups groups of rows.
func (bt *batch) start(B, groups int) {
	S, m := len(bt.res), bt.m
	bt.B = B
	bt.sums = grow(bt.sums, B*m)
	bt.sliceSums = grow(bt.sliceSums, B*S*m)
	bt.weights = grow(bt.weights, B*S)
	bt.groups = grow(bt.groups, groups)
	for g := range bt.groups {
		bt.groups[g].xs = grow(bt.groups[g].xs, blockRows*chunkItems)
		bt.groups[g].out = grow(bt.groups[g].out, bt.m)
		bt.groups[g].out1 = grow(bt.groups[g].out1, bt.m)
	}
}

// block runs the products of rows [b0, b0+rows), a group of blockRows
// rows a unit (group g of the block in bt.groups[g]), on up to workers
// goroutines.
func (bt *batch) block(b0, rows, workers int, fill func(q int, sg segment, x []float64)) {
	parallel.ForN((rows+blockRows-1)/blockRows, workers, func(g int) {
		q0 := g * blockRows
		bt.products(&bt.groups[g], b0, q0, min(q0+blockRows, rows), fill)
	})
}

// products adds the products of rows [b0+q0, b0+q1) (at most blockRows)
// with the differences to the sums, segment by segment, in g's working
// arrays: fill(q, sg, x) sets x to the positions [sg.lo, sg.hi) of row
// b0+q, in the batch's order. A segment's m × w block of the differences
// stays in cache for the group's rows.
func (bt *batch) products(g *rowGroup, b0, q0, q1 int, fill func(q int, sg segment, x []float64)) {
	m, S := bt.m, len(bt.res)
	for _, sg := range bt.segs {
		w := sg.hi - sg.lo
		for q := q0; q < q1; q++ {
			fill(q, sg, g.xs[(q-q0)*chunkItems:(q-q0)*chunkItems+w])
		}
		add := func(q int, out []float64) {
			b := b0 + q
			put(bt.sums[b*m:b*m+m], out, sg.first)
			if sg.s >= 0 {
				put(bt.sliceSums[(b*S+sg.s)*m:(b*S+sg.s)*m+m], out, sg.sFirst)
			}
		}
		for q := q0; q < q1; q++ {
			x := g.xs[(q-q0)*chunkItems : (q-q0)*chunkItems+w]
			if q+1 < q1 {
				// Two rows at once, each metric's sum in the order
				// segmentProducts adds it: Gemv's on long segments
				// (stats.PairDots), the plain loop's on short ones
				// (stats.PairDotsPlain).
				x1 := g.xs[(q+1-q0)*chunkItems : (q+1-q0)*chunkItems+w]
				pair := stats.PairDotsPlain
				if w >= 64 {
					pair = stats.PairDots
				}
				if pair(g.out, g.out1, bt.dt[sg.lo:], bt.n, x, x1) {
					add(q, g.out)
					add(q+1, g.out1)
					q++
					continue
				}
			}
			bt.segmentProducts(g, sg, x)
			add(q, g.out)
		}
	}
}

// put adds out to the sums dst, or, first, sets them to 0 + out: what
// adding to cleared sums gives, bit for bit (a sum of -0 is +0).
func put(dst, out []float64, first bool) {
	if !first {
		floats.Add(dst, out)
		return
	}
	for j, v := range out[:len(dst)] {
		dst[j] = 0 + v
	}
}

// segmentProducts sets out[j] to the dot product of x with metric j's
// differences at the segment's positions: gonum's Gemv (assembly, four
// metrics per pass over x) on long segments, plain loops on the short
// segments of small slices, where a call's checks cost more than the sums.
// products takes segments two rows at a time with stats.PairDots and
// stats.PairDotsPlain instead where it can: the same sums, bit for bit,
// twice as fast.
func (bt *batch) segmentProducts(g *rowGroup, sg segment, x []float64) {
	m, n, w := bt.m, bt.n, len(x)
	if w >= 64 {
		// Gemv sums a row in another order when it is one of the last
		// m mod 4 rows than in a block of four: every row is taken in a
		// block of four (the last block overlapping the one before it;
		// dt has at least four rows), so that a metric's figures do not
		// depend on the other metrics of the batch.
		for r0 := 0; r0 < m; r0 += 4 {
			lo := min(r0, bt.rows-4)
			a := blas64.General{Rows: 4, Cols: w, Stride: n, Data: bt.dt[lo*n+sg.lo:]}
			blas64.Gemv(blas.NoTrans, 1, a, blas64.Vector{N: w, Inc: 1, Data: x}, 0, blas64.Vector{N: 4, Inc: 1, Data: g.out4[:]})
			copy(g.out[r0:min(r0+4, m)], g.out4[r0-lo:])
		}
		return
	}
	for j := range m {
		y := bt.dt[j*n+sg.lo : j*n+sg.hi]
		var s0, s1 float64
		i := 0
		for ; i+2 <= w; i += 2 {
			s0 += x[i] * y[i]
			s1 += x[i+1] * y[i+1]
		}
		if i < w {
			s0 += x[i] * y[i]
		}
		g.out[j] = s0 + s1
	}
}

// bootstrap fills in the bootstrap intervals of res and of the slices
// from the same weights. Row b of the weights draws the same items as
// resample b of bootstrapPaired for the same seed. The rows are taken
// blockRows × workers a block, the next block drawn while the current
// one is multiplied (stats.CountBlocks), a group of blockRows rows a
// unit of work.
func (bt *batch) bootstrap(res []Result, diffs [][]float64, opt Options, workers int) {
	m, n, B, S := bt.m, bt.n, opt.Resamples, len(bt.res)
	dr := stats.NewIndexDrawerSeed(stats.Seed(opt.Seed, streamBootstrap), n)
	bt.start(B, workers)
	clear(bt.weights)
	bt.counts = stats.CountBlocks(&dr, n, B, blockRows, workers, bt.counts, func(g, b0, q0, q1 int, counts []uint16) {
		bt.products(&bt.groups[g], b0, q0, q1, func(q int, sg segment, x []float64) {
			c := counts[q*n : (q+1)*n]
			if !bt.sliced {
				for k, v := range c[sg.lo:sg.hi] {
					x[k] = float64(v)
				}
				return
			}
			var w uint64 // whole counts: exact in any order
			for k, i := range bt.perm[sg.lo:sg.hi] {
				w += uint64(c[i])
				x[k] = float64(c[i])
			}
			if sg.s >= 0 {
				bt.weights[(b0+q)*S+sg.s] += float64(w)
			}
		})
	})
	tail := pairedTail(opt.Level, n)
	for j0 := 0; j0 < m; j0 += meansBlock {
		js := bt.blockMeans(j0, min(j0+meansBlock, m), meanRows{sums: bt.sums, stride: m, w: float64(n)}, diffs)
		for k, j := range js {
			res[j].CI = expanded(bt.bmeans[k], tail)
		}
	}
	bt.intervals(opt.Level)
}

// signFlip fills in the sign-flip p-values of res (see signFlipP), and of
// the slices with more than MaxExact items from the same patterns. Row b
// of the signs is the pattern signFlip draws as its b-th for the same
// seed.
func (bt *batch) signFlip(res []Result, diffs [][]float64, opt Options, workers int) {
	m, n, B := bt.m, bt.n, opt.Resamples
	rng := stats.NewRand(stats.Seed(opt.Seed, streamPermutation))
	words := (n + 63) / 64
	block := blockRows * workers
	bt.start(B, workers)
	bt.signs = grow(bt.signs, block*words)
	for b0 := 0; b0 < B; b0 += block {
		rows := min(block, B-b0)
		for q := range rows {
			fillSigns(rng, bt.signs[q*words:(q+1)*words])
		}
		bt.block(b0, rows, workers, func(q int, sg segment, x []float64) {
			signs := bt.signs[q*words : (q+1)*words]
			if !bt.sliced {
				for k := sg.lo; k < sg.hi; k++ {
					x[k-sg.lo] = signOf[signs[k>>6]>>(uint(k)&63)&1]
				}
				return
			}
			for k, i := range bt.perm[sg.lo:sg.hi] {
				x[k] = signOf[signs[i>>6]>>(uint(i)&63)&1]
			}
		})
	}
	var js []int
	var obs []float64
	for j, d := range diffs {
		if !hasNaN(d) {
			js, obs = append(js, j), append(obs, observed(d))
		}
	}
	counts := exceedingEach(bt.sums, m, js, obs)
	for k, j := range js {
		res[j].P, res[j].PMethod = signFlipP(diffs[j], counts[k], B)
	}
	bt.signFlips()
}

// observed is the data d's sign-flip statistic |sum d| less a plain sum's
// rounding tolerance (weights ±1): a pattern's statistic at least this is
// at least as extreme.
func observed(d []float64) float64 {
	return math.Abs(sum(d)) - sumTolerance(d, 1)
}

// exceedingEach counts, for each k, the sign-flip statistics
// |sums[b*stride+at[k]]| of the patterns b (every row of sums) that are at
// least obs[k], in one pass over the rows rather than one strided pass per
// column (which TestExceedingEach counts as the reference): a batch's slice sums
// are a few hundred kilobytes, and a column's pass read a cache line per
// value.
func exceedingEach(sums []float64, stride int, at []int, obs []float64) []int {
	counts := make([]int, len(at))
	if n := len(at); n > 0 && at[n-1]-at[0] == n-1 {
		// Columns at[0] ... at[0]+n-1, every one: a row's run of them read
		// as one slice, without the column indexes.
		a0 := at[0]
		obs = obs[:n]
		for b := 0; b+stride <= len(sums); b += stride {
			row := sums[b+a0 : b+a0+n]
			for k, v := range row {
				var c int
				if math.Abs(v) >= obs[k] {
					c = 1
				}
				counts[k] += c
			}
		}
		return counts
	}
	for b := 0; b+stride <= len(sums); b += stride {
		row := sums[b : b+stride]
		for k, i := range at {
			var c int // no branch: whether a pattern exceeds is a coin flip
			if math.Abs(row[i]) >= obs[k] {
				c = 1
			}
			counts[k] += c
		}
	}
	return counts
}
