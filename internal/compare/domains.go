package compare

// The slices' figures from the batch's sums (see PairedBatchSlices).

// sliceResults returns the slices' results, nil without slices.
func (bt *batch) sliceResults() [][]Result {
	return bt.res
}

// intervals sets the slices' bootstrap intervals from the bootstrap rows'
// sums and weights. Row b's sums of slice s are adjacent, metric by
// metric, and a row's sums lie far from the next row's, so the means of
// up to meansBlock metrics are gathered in one pass over the rows (each
// cache line of the sums read once, not once per metric).
func (bt *batch) intervals(level float64) {
	S, m := len(bt.res), bt.m
	for s := range S {
		ns := bt.off[s+1] - bt.off[s]
		if ns < 2 {
			continue
		}
		tail := pairedTail(level, ns)
		for j0 := 0; j0 < m; j0 += meansBlock {
			js := bt.blockMeans(j0, min(j0+meansBlock, m), meanRows{
				sums: bt.sliceSums[s*m:], stride: S * m, weights: bt.weights[s:], wStride: S,
			}, bt.d[s])
			for k, j := range js {
				if len(bt.bmeans[k]) > 0 {
					bt.res[s][j].CI = expanded(bt.bmeans[k], tail)
				}
			}
		}
	}
}

// meansBlock is the number of metrics whose bootstrap means blockMeans
// gathers in one pass over the rows.
const meansBlock = 8

// meanRows says where blockMeans reads each row's sums and weight: row
// b's sum of metric j is sums[b*stride+j], its weight weights[b*wStride],
// or w for every row when weights is nil.
type meanRows struct {
	sums    []float64
	stride  int
	weights []float64
	wStride int
	w       float64
}

// blockMeans sets bt.bmeans[k] to the bootstrap means of the k-th metric
// of those in [j0, j1) whose differences d[j] hold no NaN, and returns
// those metrics: for every row b whose weight w is above 0, the row's sum
// of the metric divided by w, in row order. Each mean is stored at its
// place rather than appended (an append a value read and wrote back the
// slice's header), and the rows are read without a call each.
func (bt *batch) blockMeans(j0, j1 int, r meanRows, d [][]float64) []int {
	js := bt.blockJs[:0]
	for j := j0; j < j1; j++ {
		if !hasNaN(d[j]) {
			js = append(js, j)
		}
	}
	bt.blockJs = js
	var out [meansBlock][]float64
	for k := range js {
		out[k] = grow(bt.bmeans[k], bt.B)
	}
	if len(js) == meansBlock && js[meansBlock-1]-js[0] == meansBlock-1 {
		c := bt.blockMeans8(js[0], r, &out)
		for k := range js {
			bt.bmeans[k] = out[k][:c]
		}
		return js
	}
	c := 0
	for b := range bt.B {
		w := r.w
		if r.weights != nil {
			w = r.weights[b*r.wStride]
		}
		if !(w > 0) {
			continue
		}
		row := r.sums[b*r.stride:]
		for k, j := range js {
			out[k][c] = row[j] / w
		}
		c++
	}
	for k := range js {
		bt.bmeans[k] = out[k][:c]
	}
	return js
}

// blockMeans8 is blockMeans' pass over the rows for the meansBlock
// metrics from j0 on, every one of them taken: the same divisions, in the
// same order, into out (each of length bt.B), with each row's sums read
// as one slice and every metric's mean written in the same pass, without
// a loop over the metrics. It returns the number of means (rows of weight
// above 0).
func (bt *batch) blockMeans8(j0 int, r meanRows, out *[meansBlock][]float64) int {
	o0, o1, o2, o3 := out[0], out[1], out[2], out[3]
	o4, o5, o6, o7 := out[4], out[5], out[6], out[7]
	c := 0
	for b := range bt.B {
		w := r.w
		if r.weights != nil {
			w = r.weights[b*r.wStride]
		}
		if !(w > 0) {
			continue
		}
		at := b*r.stride + j0
		row := r.sums[at : at+meansBlock : at+meansBlock]
		o0[c], o1[c], o2[c], o3[c] = row[0]/w, row[1]/w, row[2]/w, row[3]/w
		o4[c], o5[c], o6[c], o7[c] = row[4]/w, row[5]/w, row[6]/w, row[7]/w
		c++
	}
	return c
}

// signFlips sets the sign-flip p-values of the slices with more than
// MaxExact items from the sign rows' sums.
func (bt *batch) signFlips() {
	S, m := len(bt.res), bt.m
	var at []int
	var obs []float64
	for s := range S {
		if bt.off[s+1]-bt.off[s] <= MaxExact {
			continue
		}
		for j, d := range bt.d[s] {
			if !hasNaN(d) {
				at, obs = append(at, s*m+j), append(obs, observed(d))
			}
		}
	}
	if len(at) == 0 {
		return
	}
	counts := exceedingEach(bt.sliceSums[:bt.B*S*m], S*m, at, obs)
	for k, i := range at {
		s, j := i/m, i%m
		r := &bt.res[s][j]
		r.P, r.PMethod = signFlipP(bt.d[s][j], counts[k], bt.B)
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
