package compare

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// domains holds the slices of a PairedBatchSlices call and what the
// batch's resamples give each of them. A nil *domains has no slices.
type domains struct {
	m, B int
	perm []int // positions in the differences, slice by slice
	off  []int // slice s holds perm[off[s]:off[s+1]]
	// dt is the m × L matrix whose row j is metric j's differences at
	// perm, so that each slice's columns are adjacent.
	dt  []float64
	d   [][][]float64 // d[s][j]: metric j's differences on slice s
	res [][]Result    // res[s][j]
	x   []float64     // the current resampling row at perm
	// sums[(b*S+s)*m+j] is row b's weighted sum of metric j over slice s;
	// weights[b*S+s] is row b's total weight of slice s (bootstrap rows).
	sums, weights []float64
}

// newDomains returns the domains of slices over diffs, each slice's
// results set to pairedPoint of its differences; nil without slices.
func newDomains(diffs [][]float64, slices [][]int) *domains {
	if len(slices) == 0 {
		return nil
	}
	m := len(diffs)
	dom := &domains{m: m, off: []int{0}, d: make([][][]float64, len(slices)), res: make([][]Result, len(slices))}
	for s, pos := range slices {
		dom.perm = append(dom.perm, pos...)
		dom.off = append(dom.off, len(dom.perm))
		dom.d[s] = make([][]float64, m)
		dom.res[s] = make([]Result, m)
		for j, d := range diffs {
			ds := make([]float64, len(pos))
			for k, i := range pos {
				ds[k] = d[i]
			}
			dom.d[s][j], dom.res[s][j] = ds, pairedPoint(ds)
		}
	}
	L := len(dom.perm)
	dom.dt = make([]float64, m*L)
	for s := range slices {
		for j := range m {
			copy(dom.dt[j*L+dom.off[s]:], dom.d[s][j])
		}
	}
	dom.x = make([]float64, L)
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
	dom.B = B
	dom.sums = grow(dom.sums, B*S*dom.m)
	dom.weights = grow(dom.weights, B*S)
}

// row adds resampling row b, x over every item, to the sums of every
// slice; weights says it is a bootstrap row, whose slice totals are kept.
func (dom *domains) row(b int, x []float64, weights bool) {
	if dom == nil {
		return
	}
	for k, i := range dom.perm {
		dom.x[k] = x[i]
	}
	S, m, L := len(dom.res), dom.m, len(dom.perm)
	for s := range S {
		lo, hi := dom.off[s], dom.off[s+1]
		a := blas64.General{Rows: m, Cols: hi - lo, Stride: L, Data: dom.dt[lo:]}
		out := dom.sums[(b*S+s)*m : (b*S+s+1)*m]
		blas64.Gemv(blas.NoTrans, 1, a, blas64.Vector{N: hi - lo, Inc: 1, Data: dom.x[lo:hi]},
			0, blas64.Vector{N: m, Inc: 1, Data: out})
		if weights {
			var w float64
			for _, v := range dom.x[lo:hi] {
				w += v
			}
			dom.weights[b*S+s] = w
		}
	}
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
