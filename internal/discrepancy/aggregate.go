package discrepancy

import (
	"cmp"
	"slices"

	"github.com/evalbook/evalbook/internal/correlation"
	"github.com/evalbook/evalbook/internal/project"
)

// MethodAggregate marks a record computed from Pearson sums
// (project.PearsonSums) instead of joined units.
const MethodAggregate = "aggregate"

// UnavailableAggregate says what such a record lacks.
const UnavailableAggregate = "bootstrap intervals, Spearman and Kendall at the item level, slices, disagreements, verdicts and validity findings need per-item rows"

// aggregatedPair is the result of a pair whose metric or dimension is
// given as aggregates: from the metric's Pearson sums against the
// dimension, per iteration (in series order, then by ID), the item-level
// Pearson's r with its Fisher interval in each iteration and pooled (the
// sum of the iterations' sums), and the iteration-level record over the
// iterations' means (SX/N, SY/N) with all three coefficients, as for rows.
// A pair without sums is not joined.
func (pl *Plan) aggregatedPair(m *project.Metric, d *project.Dimension, correlated bool) PairResult {
	by := map[string]correlation.Sums{}
	for _, s := range m.Pearson {
		if s.Dimension == d.Name && s.N > 0 {
			by[s.Iteration] = by[s.Iteration].Add(correlation.Sums{N: s.N, SX: s.SX, SY: s.SY, SXX: s.SXX, SYY: s.SYY, SXY: s.SXY})
		}
	}
	if len(by) == 0 || !correlated {
		return PairResult{}
	}
	iters := make([]string, 0, len(by))
	for it := range by {
		iters = append(iters, it)
	}
	slices.SortFunc(iters, func(a, b string) int {
		oa, okA := pl.order[a]
		ob, okB := pl.order[b]
		switch {
		case okA && okB:
			return cmp.Compare(oa, ob)
		case okA != okB:
			return pick(okA, -1, 1)
		}
		return cmp.Compare(a, b)
	})
	rec := func(iteration, level string, c Coefficients) Record {
		return Record{Metric: m.Name, Dimension: d.Name, Iteration: iteration, Level: level, Coefficients: c,
			Method: MethodAggregate, Unavailable: UnavailableAggregate}
	}
	pearson := func(s correlation.Sums) Coefficients {
		e := s.Pearson(pl.opt.Confidence)
		c := Coefficients{N: e.N}
		c.Pearson, c.PearsonLow, c.PearsonHigh = pointers(e)
		return c
	}
	var total correlation.Sums
	for _, it := range iters {
		total = total.Add(by[it])
	}
	out := []Record{rec("", ItemLevel, pearson(total))}
	meanX, meanY := make([]float64, len(iters)), make([]float64, len(iters))
	for g, it := range iters {
		s := by[it]
		out = append(out, rec(it, ItemLevel, pearson(s)))
		meanX[g], meanY[g] = s.SX/s.N, s.SY/s.N
	}
	out = append(out, rec("", IterationLevel, coefficients(correlation.All(meanX, meanY, pl.opt.Confidence))))
	return PairResult{Joined: true, Pair: Pair{Metric: m.Name, Dimension: d.Name, Correlated: correlated}, Records: out}
}

func pick[T any](cond bool, yes, no T) T {
	if cond {
		return yes
	}
	return no
}
