package discrepancy

import (
	"cmp"
	"slices"

	"github.com/evalbook/evalbook/internal/correlation"
	"github.com/evalbook/evalbook/internal/project"
)

// disagreements ranks the units of one joined pair by the gap between their
// metric rank and consensus rank.
func disagreements(m *project.Metric, dim string, j joined, top int, invs []Investigation) Disagreements {
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
	// Average ranks are multiples of one half, so their differences are
	// exact and equal gaps compare equal once divided by the same n - 1.
	mr, hr := correlation.Ranks(oriented), correlation.Ranks(j.consensus)
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
		// idx is in unit order, so a stable sort by |gap| breaks ties by
		// iteration order, then item.
		slices.SortStableFunc(idx, func(a, b int) int {
			return cmp.Compare(abs(gap[b]), abs(gap[a]))
		})
		res := []Disagreement{}
		for _, i := range idx[:min(top, len(idx))] {
			u := j.units[i]
			d := Disagreement{Item: u.item, Iteration: u.iteration, Metric: j.metric[i], Consensus: j.consensus[i],
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
