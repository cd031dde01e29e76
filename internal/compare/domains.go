package compare

import (
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
)

// domains holds the slices of a PairedBatchSlices call and what the
// batch's resamples give each of them. A nil *domains has no slices.
type domains struct {
	m, B int
	// Slice s's items are at [off[s], off[s+1]) of the slices' own order,
	// in which item i is at[i] (-1: in no slice).
	off []int
	at  []int32
	// dt is the m × L matrix whose row j is metric j's differences in the
	// slices' order, so that each slice's items are adjacent.
	dt  []float64
	d   [][][]float64 // d[s][j]: metric j's differences on slice s, a part of dt
	res [][]Result    // res[s][j]
	// xs holds up to domainBlock resampling rows in the slices' order,
	// from row b0 on, whose products with dt are still to be taken (see
	// flush).
	xs     []float64
	b0, nx int
	// sums[(b*S+s)*m+j] is row b's weighted sum of metric j over slice s;
	// weights[b*S+s] is row b's total weight of slice s.
	sums, weights []float64
}

// Blocks of the slices' products: the rows of domainBlock resamples are
// multiplied with dt domainChunk items at a time, so that each chunk of
// dt is read once for the block, not once per row (dt is megabytes for a
// large comparison, and reading it was most of the slices' cost).
const (
	domainBlock = 8
	domainChunk = 2048
)

// newDomains returns the domains of slices over diffs, each slice's
// results set to pairedPoint of its differences; nil without slices.
func newDomains(diffs [][]float64, slices [][]int) *domains {
	if len(slices) == 0 {
		return nil
	}
	m := len(diffs)
	dom := &domains{m: m, off: []int{0}, at: make([]int32, len(diffs[0])),
		d: make([][][]float64, len(slices)), res: make([][]Result, len(slices))}
	for i := range dom.at {
		dom.at[i] = -1
	}
	for s, pos := range slices {
		for k, i := range pos {
			if dom.at[i] >= 0 {
				panic("compare: an item in two slices")
			}
			dom.at[i] = int32(dom.off[s] + k)
		}
		dom.off = append(dom.off, dom.off[s]+len(pos))
	}
	L := dom.off[len(slices)]
	dom.dt = make([]float64, m*L)
	for s, pos := range slices {
		dom.d[s] = make([][]float64, m)
		dom.res[s] = make([]Result, m)
		for j, d := range diffs {
			ds := dom.dt[j*L+dom.off[s] : j*L+dom.off[s+1]]
			for k, i := range pos {
				ds[k] = d[i]
			}
			dom.d[s][j], dom.res[s][j] = ds, pairedPoint(ds)
		}
	}
	dom.xs = make([]float64, domainBlock*L)
	return dom
}

// results returns the slices' results, nil without slices.
func (dom *domains) results() [][]Result {
	if dom == nil {
		return nil
	}
	return dom.res
}

// start readies the sums of B resampling rows.
func (dom *domains) start(B int) {
	if dom == nil {
		return
	}
	S := len(dom.res)
	dom.B, dom.b0, dom.nx = B, 0, 0
	dom.sums = grow(dom.sums, B*S*dom.m)
	dom.weights = grow(dom.weights, B*S)
	clear(dom.sums)
	clear(dom.weights)
}

// row takes resampling row b, x over every item (rows come in order);
// weights says it is a bootstrap row, whose slice totals are needed.
func (dom *domains) row(b int, x []float64, weights bool) {
	if dom == nil {
		return
	}
	L := len(dom.dt) / dom.m
	xp := dom.xs[dom.nx*L : (dom.nx+1)*L]
	for i, k := range dom.at { // in item order: x is read once, in order
		if k >= 0 {
			xp[k] = x[i]
		}
	}
	if weights {
		for s := range dom.res {
			dom.weights[b*len(dom.res)+s] = floats.Sum(xp[dom.off[s]:dom.off[s+1]]) // whole counts: exact in any order
		}
	}
	if dom.nx++; dom.nx == domainBlock || b == dom.B-1 {
		dom.flush()
	}
}

// flush adds the products of the rows held with dt to the sums: for each
// slice, chunk by chunk, every row's dot product with every metric's
// differences.
func (dom *domains) flush() {
	S, m, L := len(dom.res), dom.m, len(dom.dt)/dom.m
	for s := range S {
		for lo := dom.off[s]; lo < dom.off[s+1]; lo += domainChunk {
			hi := min(lo+domainChunk, dom.off[s+1])
			for q := range dom.nx {
				xq := dom.xs[q*L+lo : q*L+hi]
				k := (dom.b0+q)*S + s
				x := blas64.Vector{N: hi - lo, Inc: 1, Data: xq}
				out := dom.sums[k*m : k*m+m]
				for j := range out {
					out[j] += blas64.Dot(x, blas64.Vector{N: hi - lo, Inc: 1, Data: dom.dt[j*L+lo : j*L+hi]})
				}
			}
		}
	}
	dom.b0 += dom.nx
	dom.nx = 0
}

// intervals sets the slices' bootstrap intervals from the bootstrap rows
// (see PairedBatchSlices).
func (dom *domains) intervals(level float64, sc *scratch) {
	if dom == nil {
		return
	}
	S, m := len(dom.res), dom.m
	for s := range S {
		ns := dom.off[s+1] - dom.off[s]
		if ns < 2 {
			continue
		}
		for j, d := range dom.d[s] {
			if hasNaN(d) {
				continue
			}
			sc.means = sc.means[:0]
			for b := range dom.B {
				if w := dom.weights[b*S+s]; w > 0 {
					sc.means = append(sc.means, dom.sums[(b*S+s)*m+j]/w)
				}
			}
			if len(sc.means) > 0 {
				dom.res[s][j].CI = expanded(sc.means, pairedTail(level, ns))
			}
		}
	}
}

// signFlips sets the sign-flip p-values of the slices with more than
// MaxExact items from the sign rows.
func (dom *domains) signFlips() {
	if dom == nil {
		return
	}
	S, m := len(dom.res), dom.m
	for s := range S {
		if dom.off[s+1]-dom.off[s] <= MaxExact {
			continue
		}
		for j, d := range dom.d[s] {
			if !hasNaN(d) {
				r := &dom.res[s][j]
				r.P, r.PMethod = signFlipP(d, exceeding(d, dom.sums[s*m+j:], S*m), dom.B)
			}
		}
	}
}

// exact sets the exact sign-flip p-values of the slices with at most
// MaxExact items.
func (dom *domains) exact() {
	if dom == nil {
		return
	}
	for s := range dom.res {
		if dom.off[s+1]-dom.off[s] > MaxExact {
			continue
		}
		for j, d := range dom.d[s] {
			if !hasNaN(d) {
				r := &dom.res[s][j]
				r.P, r.Exact, r.PMethod = exactSignFlip(d), true, PExactSignFlip
			}
		}
	}
}
