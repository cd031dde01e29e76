package compare

// The slices' figures from the batch's sums (see PairedBatchSlices).

// sliceResults returns the slices' results, nil without slices.
func (bt *batch) sliceResults() [][]Result {
	return bt.res
}

// intervals sets the slices' bootstrap intervals from the bootstrap rows'
// sums and weights.
func (bt *batch) intervals(level float64) {
	S, m := len(bt.res), bt.m
	for s := range S {
		ns := bt.off[s+1] - bt.off[s]
		if ns < 2 {
			continue
		}
		for j, d := range bt.d[s] {
			if hasNaN(d) {
				continue
			}
			bt.means = bt.means[:0]
			for b := range bt.B {
				if w := bt.weights[b*S+s]; w > 0 {
					bt.means = append(bt.means, bt.sliceSums[(b*S+s)*m+j]/w)
				}
			}
			if len(bt.means) > 0 {
				bt.res[s][j].CI = expanded(bt.means, pairedTail(level, ns))
			}
		}
	}
}

// signFlips sets the sign-flip p-values of the slices with more than
// MaxExact items from the sign rows' sums.
func (bt *batch) signFlips() {
	S, m := len(bt.res), bt.m
	for s := range S {
		if bt.off[s+1]-bt.off[s] <= MaxExact {
			continue
		}
		for j, d := range bt.d[s] {
			if !hasNaN(d) {
				r := &bt.res[s][j]
				r.P, r.PMethod = signFlipP(d, exceeding(d, bt.sliceSums[s*m+j:], S*m), bt.B)
			}
		}
	}
}

// exact sets the exact sign-flip p-values of the slices with at most
// MaxExact items.
func (bt *batch) exact() {
	for s := range bt.res {
		if bt.off[s+1]-bt.off[s] > MaxExact {
			continue
		}
		for j, d := range bt.d[s] {
			if !hasNaN(d) {
				r := &bt.res[s][j]
				r.P, r.Exact, r.PMethod = exactSignFlip(d), true, PExactSignFlip
			}
		}
	}
}
