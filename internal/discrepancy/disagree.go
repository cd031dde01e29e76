package discrepancy

import (
	"cmp"
	"slices"

	"github.com/evalbook/evalbook/internal/project"
)

// disagreements ranks the units of one joined pair by the gap between their
// metric rank and consensus rank; mr is the average ranks of its metric
// oriented so that higher is better (orientedRanks), hr those of its
// consensus.
func disagreements(m *project.Metric, dim string, j joined, mr, hr []float64, top int, invs []Investigation) Disagreements {
	out := Disagreements{Metric: m.Name, Dimension: dim, MetricHighHumansLow: []Disagreement{}, MetricLowHumansHigh: []Disagreement{}}
	n := j.Len()
	if n < 2 {
		return out
	}
	// Average ranks are multiples of one half, so their differences are
	// exact and equal gaps compare equal once divided by the same n - 1.
	scale := float64(n - 1)
	gap := make([]float64, n)
	var high, low []int
	for i := range n {
		gap[i] = (mr[i] - hr[i]) / scale
		switch {
		case gap[i] > 0:
			high = append(high, i)
		case gap[i] < 0:
			low = append(low, i)
		}
	}
	list := func(idx []int) []Disagreement {
		res := []Disagreement{}
		for _, i := range widest(idx, gap, top) {
			d := Disagreement{Item: j.Item(i), Iteration: j.Iteration(i), Metric: j.metric[i], Consensus: j.consensus[i],
				MetricRank: (mr[i] - 1) / scale, HumanRank: (hr[i] - 1) / scale, Gap: gap[i]}
			if j.labels != nil {
				d.Label = j.labels[i]
			}
			d.Investigations = examining(invs, m.Name, dim, d)
			res = append(res, d)
		}
		return res
	}
	out.MetricHighHumansLow, out.MetricLowHumansHigh = list(high), list(low)
	return out
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// widest returns the at most top indexes of idx (in unit order) with the
// largest |gap|, largest first, ties in unit order: what a stable sort of
// idx by |gap| would put first, without sorting them all.
func widest(idx []int, gap []float64, top int) []int {
	if top <= 0 {
		return nil
	}
	var best []int // sorted, at most top
	for _, i := range idx {
		g := abs(gap[i])
		if len(best) == top && g <= abs(gap[best[top-1]]) {
			continue // a later index never beats an equal gap
		}
		// Insert after every kept index whose gap is at least g.
		at, _ := slices.BinarySearchFunc(best, g, func(j int, g float64) int {
			return cmp.Compare(g, abs(gap[j])) // kept order: descending |gap|
		})
		for at < len(best) && abs(gap[best[at]]) == g {
			at++
		}
		if len(best) < top {
			best = append(best, 0)
		}
		copy(best[at+1:], best[at:len(best)-1])
		best[at] = i
	}
	return best
}
