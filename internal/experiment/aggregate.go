package experiment

import (
	"math"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// MethodAggregate is the Method of a comparison computed from paired
// moments (project.PairedMoments) instead of per-item values.
const MethodAggregate = "aggregate: paired t from moments"

// PTAggregate is its PMethod.
const PTAggregate = "paired t"

// aggregatedMetric indexes a metric given as aggregates: each iteration's
// moments (slice "", for thresholds and anomalies) and its paired moments.
func (x *index) aggregatedMetric(s *subject, m *project.Metric) {
	s.paired = map[[2]string]project.PairedMoments{}
	for _, mm := range m.Moments {
		it, ok := x.iterID[mm.Iteration]
		if !ok || mm.Slice != "" {
			continue
		}
		v := &s.iters[it]
		if v.agg == nil {
			v.agg = &stats.Moments{}
		}
		v.agg.N, v.agg.Sum, v.agg.SumSq = v.agg.N+mm.N, v.agg.Sum+mm.Sum, v.agg.SumSq+mm.SumSq
		s.hasValues = true
	}
	for _, pm := range m.Paired {
		k := [2]string{pm.Iteration, pm.Against}
		if old, ok := s.paired[k]; ok {
			pm.N, pm.SumA, pm.SumB = pm.N+old.N, pm.SumA+old.SumA, pm.SumB+old.SumB
			pm.SumD, pm.SumSqD = pm.SumD+old.SumD, pm.SumSqD+old.SumSqD
		}
		s.paired[k] = pm
	}
}

// fromMoments is the paired comparison cmp from the paired moments pm:
// Mean and MeanAgainst the two sides' means on the paired items, Delta the
// mean difference, CI its Student t interval, P the paired t test and
// Effect Cohen's d_z = mean / SD of the differences (stats.Moments). The
// bootstrap, the sign-flip and McNemar tests and the slices need per-item
// rows. Verdicts and adjusted p-values are left to finish, as for rows.
func (c *comparer) fromMoments(cmp Comparison, pm project.PairedMoments) result {
	d := stats.Moments{N: pm.N, Sum: pm.SumD, SumSq: pm.SumSqD}
	cmp.Paired, cmp.Method = true, MethodAggregate
	cmp.N, cmp.NAgainst = int(pm.N), int(pm.N)
	cmp.Mean, cmp.MeanAgainst, cmp.Delta = pm.SumA/pm.N, pm.SumB/pm.N, d.Mean()
	if lo, hi, ok := d.TInterval(c.opt.Confidence); ok && stats.IsFinite(lo) && stats.IsFinite(hi) {
		cmp.CI = &Interval{Low: lo, High: hi}
	}
	if p, ok := d.TTest(); ok {
		cmp.P, cmp.PMethod = stats.Finite(p), PTAggregate
	}
	if sd := d.StdDev(); sd > 0 {
		cmp.Effect = stats.Finite(d.Mean() / sd)
	}
	return result{c: cmp, sd: d.StdDev(), sdA: math.NaN(), sdB: math.NaN()}
}
