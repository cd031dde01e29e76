package trend

import (
	"cmp"
	"maps"
	"slices"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// Method of a point computed from pre-aggregated moments rather than rows.
const MethodAggregate = "aggregate"

// Why figures of an aggregated point are missing.
const (
	noBootstrap = "bootstrap interval needs per-item rows; CI is a Student t interval from the moments"
	// poissonBootstrap is what an aggregated point with replicates lacks.
	poissonBootstrap = "CI is a percentile interval over Poisson bootstrap replicates computed where the rows are"
	noConsensus      = "consensus mean, items and distribution need per-item rows"
)

// metricFromMoments is the trend of a metric given as moments
// (project.Metric.Aggregated): per iteration the moments of slice "" give
// N, Mean = Sum/N, SD from the sum of squares and the Student t interval
// of the mean (stats.Moments), or, where the iteration has Poisson
// bootstrap replicates, the percentile interval of their means
// (stats.ReplicateMeansCI; rows of one replicate add up); the rows with a
// slice give Slices.
func (a *analysis) metricFromMoments(m *project.Metric) MetricTrend {
	reps := replicatesByIteration(m.Replicates)
	whole := map[string]stats.Moments{}
	bySlice := map[string]map[string]stats.Moments{}
	for _, mm := range m.Moments {
		s := stats.Moments{N: mm.N, Sum: mm.Sum, SumSq: mm.SumSq}
		if mm.Slice == "" {
			whole[mm.Iteration] = add(whole[mm.Iteration], s)
			continue
		}
		if bySlice[mm.Iteration] == nil {
			bySlice[mm.Iteration] = map[string]stats.Moments{}
		}
		bySlice[mm.Iteration][mm.Slice] = add(bySlice[mm.Iteration][mm.Slice], s)
	}
	for id, s := range whole {
		if s.N == 0 {
			delete(whole, id)
		}
	}
	ids := seriesOrder(a, whole)
	t := MetricTrend{Metric: m.Name, Direction: m.Direction.String(), Points: make([]MetricPoint, len(ids))}
	for k, id := range ids {
		s := whole[id]
		pt := &t.Points[k]
		*pt = MetricPoint{Iteration: id, N: int(s.N), Mean: s.Mean(), Method: MethodAggregate, Unavailable: noBootstrap}
		if s.N >= 2 {
			pt.SD = stats.Finite(s.StdDev())
			if r := reps[id]; r != nil {
				pt.Unavailable, pt.Replicates = poissonBootstrap, len(r.sums)
				if lo, hi := stats.ReplicateMeansCI(r.sums, r.counts, a.opt.Confidence); stats.IsFinite(lo) && stats.IsFinite(hi) {
					pt.CI = &Interval{Low: lo, High: hi}
				}
			} else if lo, hi, ok := s.TInterval(a.opt.Confidence); ok && stats.IsFinite(lo) && stats.IsFinite(hi) {
				pt.CI = &Interval{Low: lo, High: hi}
			}
		}
		for name, sm := range bySlice[id] {
			if sm.N > 0 {
				pt.Slices = append(pt.Slices, SliceStat{Slice: name, N: int(sm.N), Mean: sm.Mean()})
			}
		}
		slices.SortFunc(pt.Slices, func(x, y SliceStat) int { return cmp.Compare(x.Slice, y.Slice) })
	}
	a.metricDeltas(t.Points, m.Direction)
	return t
}

// replicateSums are one iteration's replicate sums, in replicate order.
type replicateSums struct{ sums, counts []float64 }

// replicatesByIteration gathers replicates per iteration, adding the rows
// of one replicate, in replicate order.
func replicatesByIteration(rs []project.MetricReplicate) map[string]*replicateSums {
	type key struct {
		iteration string
		replicate int
	}
	sum := map[key]project.MetricReplicate{}
	for _, r := range rs {
		k := key{r.Iteration, r.Replicate}
		t := sum[k]
		t.N, t.Sum = t.N+r.N, t.Sum+r.Sum
		sum[k] = t
	}
	keys := slices.SortedFunc(maps.Keys(sum), func(x, y key) int {
		return cmp.Or(cmp.Compare(x.iteration, y.iteration), cmp.Compare(x.replicate, y.replicate))
	})
	out := map[string]*replicateSums{}
	for _, k := range keys {
		r := out[k.iteration]
		if r == nil {
			r = &replicateSums{}
			out[k.iteration] = r
		}
		r.sums = append(r.sums, sum[k].Sum)
		r.counts = append(r.counts, sum[k].N)
	}
	return out
}

func add(a, b stats.Moments) stats.Moments {
	return stats.Moments{N: a.N + b.N, Sum: a.Sum + b.Sum, SumSq: a.SumSq + b.SumSq}
}

// dimensionFromAggregates is the trend of a dimension given as aggregates
// (project.Dimension.Aggregated): per iteration the number of ratings and
// of raters from its rater moments. The consensus over items needs the
// rows, so Mean, SD, CI, Items and Distribution are left out.
func (a *analysis) dimensionFromAggregates(d *project.Dimension) DimensionTrend {
	type group struct {
		ratings float64
		raters  map[string]bool
	}
	groups := map[string]*group{}
	for _, r := range d.RaterMoments {
		g := groups[r.Iteration]
		if g == nil {
			g = &group{raters: map[string]bool{}}
			groups[r.Iteration] = g
		}
		g.ratings += r.N
		if r.N > 0 {
			g.raters[r.Rater] = true
		}
	}
	ids := seriesOrder(a, groups)
	if _, known := a.iters[""]; !known && groups[""] != nil {
		ids = slices.Insert(slices.DeleteFunc(ids, func(id string) bool { return id == "" }), 0, "")
	}
	t := DimensionTrend{Dimension: d.Name, Scale: string(d.Scale), Numeric: d.Numeric, Points: make([]DimensionPoint, len(ids))}
	for k, id := range ids {
		g := groups[id]
		t.Points[k] = DimensionPoint{Iteration: id, Ratings: int(g.ratings), Raters: len(g.raters),
			Method: MethodAggregate, Unavailable: noConsensus}
	}
	return t
}
