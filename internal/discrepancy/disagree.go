package discrepancy

import (
	"cmp"
	"slices"

	"github.com/evalbook/evalbook/internal/correlation"
	"github.com/evalbook/evalbook/internal/project"
)

// disagreements ranks the units of one joined pair by the gap between their
// metric rank and consensus rank.
func disagreements(m *project.Metric, dim string, j joined, top int) Disagreements {
	out := Disagreements{Metric: m.Name, Dimension: dim, MetricHighHumansLow: []Disagreement{}, MetricLowHumansHigh: []Disagreement{}}
	n := len(j.units)
	if n < 2 {
		return out
	}
	oriented := j.metric
	if m.Direction == project.LowerIsBetter {
		oriented = make([]float64, n)
		for i, v := range j.metric {
			oriented[i] = -v
		}
	}
	mr, hr := normalisedRanks(oriented), normalisedRanks(j.consensus)
	var high, low []int
	for i := range n {
		switch gap := mr[i] - hr[i]; {
		case gap > 0:
			high = append(high, i)
		case gap < 0:
			low = append(low, i)
		}
	}
	list := func(idx []int) []Disagreement {
		// idx is in unit order, so a stable sort by |gap| breaks ties by
		// iteration order, then item.
		slices.SortStableFunc(idx, func(a, b int) int {
			return cmp.Compare(abs(mr[b]-hr[b]), abs(mr[a]-hr[a]))
		})
		res := []Disagreement{}
		for _, i := range idx[:min(top, len(idx))] {
			u := j.units[i]
			res = append(res, Disagreement{Item: u.item, Iteration: u.iteration, Metric: j.metric[i], Consensus: j.consensus[i],
				MetricRank: mr[i], HumanRank: hr[i], Gap: mr[i] - hr[i]})
		}
		return res
	}
	out.MetricHighHumansLow, out.MetricLowHumansHigh = list(high), list(low)
	return out
}

// normalisedRanks returns the average ranks of x scaled to [0, 1]; x has at
// least two values and none missing.
func normalisedRanks(x []float64) []float64 {
	r := correlation.Ranks(x)
	for i := range r {
		r[i] = (r[i] - 1) / float64(len(r)-1)
	}
	return r
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
