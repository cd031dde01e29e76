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
const UnavailableAggregate = "bootstrap intervals, Spearman and Kendall at the item level, slices, disagreements and validity findings need per-item rows"

// aggregatedPair is the result of a pair whose metric or dimension is
// given as aggregates. From the metric's Pearson sums against the
// dimension, per iteration (in series order, then by ID), come the
// item-level Pearson's r with its Fisher interval in each iteration and
// pooled (the sum of the iterations' sums), and the iteration-level record
// over the iterations' means (SX/N, SY/N) with all three coefficients, as
// for rows. From its verdict counts, where both sides have a pass
// threshold, come the verdict agreement per iteration and pooled, as
// verdicts gives for rows. A pair with neither is not joined.
func (pl *Plan) aggregatedPair(m *project.Metric, d *project.Dimension, correlated bool) PairResult {
	r := PairResult{Pair: Pair{Metric: m.Name, Dimension: d.Name, Correlated: correlated}}
	if correlated {
		r.Records = pl.aggregatedRecords(m, d)
	}
	_, dimHasPass := pl.opt.DimensionPass[d.Name]
	if _, ok := pl.opt.MetricPass[m.Name]; ok && dimHasPass {
		r.Verdicts = pl.aggregatedVerdicts(m, d)
	}
	r.Joined = len(r.Records)+len(r.Verdicts) > 0
	if !r.Joined {
		return PairResult{}
	}
	return r
}

// aggregatedRecords are the correlation records of m's Pearson sums
// against d (see aggregatedPair); none without sums.
func (pl *Plan) aggregatedRecords(m *project.Metric, d *project.Dimension) []Record {
	by := map[string]correlation.Sums{}
	for _, s := range m.Pearson {
		if s.Dimension == d.Name && s.N > 0 {
			by[s.Iteration] = by[s.Iteration].Add(correlation.Sums{N: s.N, SX: s.SX, SY: s.SY, SXX: s.SXX, SYY: s.SYY, SXY: s.SXY})
		}
	}
	if len(by) == 0 {
		return nil
	}
	iters := inSeriesOrder(pl, by)
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
	return append(out, rec("", IterationLevel, coefficients(correlation.All(meanX, meanY, pl.opt.Confidence))))
}

// aggregatedVerdicts is the verdict agreement of m's verdict counts
// against d: pooled (the iterations' counts added), then per iteration in
// series order; none without counts.
func (pl *Plan) aggregatedVerdicts(m *project.Metric, d *project.Dimension) []Verdict {
	by := map[string]Verdict{}
	for _, c := range m.Verdicts {
		if c.Dimension != d.Name {
			continue
		}
		v := by[c.Iteration]
		v.BothPass += int(c.BothPass)
		v.MetricOnly += int(c.MetricOnly)
		v.HumansOnly += int(c.HumansOnly)
		v.NeitherPass += int(c.NeitherPass)
		by[c.Iteration] = v
	}
	if len(by) == 0 {
		return nil
	}
	out := []Verdict{{Metric: m.Name, Dimension: d.Name}}
	for _, it := range inSeriesOrder(pl, by) {
		v := by[it]
		v.Metric, v.Dimension, v.Iteration = m.Name, d.Name, it
		out = append(out, v)
		out[0].BothPass += v.BothPass
		out[0].MetricOnly += v.MetricOnly
		out[0].HumansOnly += v.HumansOnly
		out[0].NeitherPass += v.NeitherPass
	}
	for i := range out {
		v := &out[i]
		v.N = v.BothPass + v.MetricOnly + v.HumansOnly + v.NeitherPass
		v.finish(pl.opt.Confidence)
	}
	return out
}

// inSeriesOrder returns by's iterations in series order, those outside
// the series last by ID.
func inSeriesOrder[V any](pl *Plan, by map[string]V) []string {
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
	return iters
}

func pick[T any](cond bool, yes, no T) T {
	if cond {
		return yes
	}
	return no
}
