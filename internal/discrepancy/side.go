package discrepancy

import (
	"cmp"
	"slices"

	"github.com/evalbook/evalbook/internal/correlation"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// consensusSide is the consensus half of a joined pair's statistics: what
// every metric joined on the same units computes alike (the consensus
// prepared for correlation pooled, per iteration and per slice, its
// residuals from the iteration means, its ranks, its iteration means, and
// which units fall in which slice). A pair on every unit of its dimension
// reads the dimension's side, formed once (sharedSide); a pair missing
// some units forms its own.
type consensusSide struct {
	pooled  *correlation.Variable
	partial *correlation.Grouped // nil without Options.Partial
	ranks   []float64            // the average ranks of the consensus
	groups  []groupSide          // by group (joined.group), in unit order
	slices  []sliceSide          // by slice name, when there are two or more
}

// groupSide is the consensus of one iteration's units, joined[start:end].
type groupSide struct {
	start, end int
	y          *correlation.Variable
	mean       float64 // stats.ExactMean of the consensus
}

// sliceSide is the consensus of one slice's units (at, in unit order).
type sliceSide struct {
	name    string
	at      []int
	y       []float64
	group   []int
	v       *correlation.Variable
	partial *correlation.Grouped // nil without Options.Partial
}

// newSide forms the consensus side of the joined units j, whose items
// fall in slices by bySlice.
func newSide(j joined, bySlice map[string]string, opt Options) *consensusSide {
	s := &consensusSide{pooled: correlation.NewVariable(j.consensus), ranks: correlation.Ranks(j.consensus)}
	if opt.Partial {
		s.partial = correlation.NewGrouped(j.consensus, j.group)
	}
	for start := 0; start < len(j.group); {
		end := start
		for end < len(j.group) && j.group[end] == j.group[start] {
			end++
		}
		y := j.consensus[start:end]
		s.groups = append(s.groups, groupSide{start, end, correlation.NewVariable(y), stats.ExactMean(y)})
		start = end
	}
	s.slices = sliceSides(j, bySlice, opt)
	return s
}

// sliceSides returns the consensus of the joined units of j by slice, by
// slice name, when they fall into two slices or more; units of items
// without a slice are left out.
func sliceSides(j joined, bySlice map[string]string, opt Options) []sliceSide {
	members := sliceMembers(j, bySlice)
	if members == nil {
		return nil
	}
	out := make([]sliceSide, len(members))
	for k, m := range members {
		s := sliceSide{name: m.name, at: m.at, y: make([]float64, len(m.at)), group: make([]int, len(m.at))}
		for n, i := range m.at {
			s.y[n], s.group[n] = j.consensus[i], j.group[i]
		}
		s.v = correlation.NewVariable(s.y)
		if opt.Partial {
			s.partial = correlation.NewGrouped(s.y, s.group)
		}
		out[k] = s
	}
	return out
}

// sliceAt is the joined units of one slice: their indexes, in unit order.
type sliceAt struct {
	name string
	at   []int
}

// sliceMembers returns the joined units of j by slice, by slice name, when
// they fall into two slices or more, else nil; units of items without a
// slice are left out. It reads the units' items only, so the sides of a
// metric and of a dimension on the same units have the same slices.
func sliceMembers(j joined, bySlice map[string]string) []sliceAt {
	sliceOf := make([]string, j.cons.items.Len()) // by item id
	for id := range sliceOf {
		sliceOf[id] = bySlice[j.cons.items.Name(int32(id))]
	}
	idx := map[string][]int{}
	for i := range j.Len() {
		if s := sliceOf[j.itemID(i)]; s != "" {
			idx[s] = append(idx[s], i)
		}
	}
	if len(idx) < 2 {
		return nil
	}
	out := make([]sliceAt, 0, len(idx))
	for name, at := range idx {
		out = append(out, sliceAt{name, at})
	}
	slices.SortFunc(out, func(a, b sliceAt) int { return cmp.Compare(a.name, b.name) })
	return out
}

// metricSide is the metric half of a joined pair's statistics, what every
// dimension on the same units (sameUnits) computes alike: the metric
// prepared for correlation pooled, per iteration and per slice, its
// residuals from the iteration means, its ranks oriented so that higher
// is better (for the disagreements), and its iteration means. The pairs
// of a metric with the dimensions on the same units read one, formed once
// (sharedHalf).
type metricSide struct {
	pooled  *correlation.Variable
	partial *correlation.Grouped // nil without Options.Partial
	ranks   []float64            // the average ranks of the oriented metric
	groups  []*correlation.Variable
	means   []float64 // by group: stats.ExactMean of the metric
	slices  []metricSlice
}

// metricSlice is the metric on one slice's units (sliceMembers).
type metricSlice struct {
	x       []float64
	v       *correlation.Variable
	partial *correlation.Grouped // nil without Options.Partial
}

// newMetricSide forms the metric side of the joined units j of a metric
// with the direction dir, whose items fall in slices by bySlice.
func newMetricSide(j joined, dir project.Direction, bySlice map[string]string, opt Options) *metricSide {
	s := &metricSide{pooled: correlation.NewVariable(j.metric), ranks: orientedRanks(j.metric, dir)}
	if opt.Partial {
		s.partial = correlation.NewGrouped(j.metric, j.group)
	}
	for start := 0; start < len(j.group); {
		end := start
		for end < len(j.group) && j.group[end] == j.group[start] {
			end++
		}
		x := j.metric[start:end]
		s.groups, s.means = append(s.groups, correlation.NewVariable(x)), append(s.means, stats.ExactMean(x))
		start = end
	}
	for _, m := range sliceMembers(j, bySlice) {
		ms := metricSlice{x: make([]float64, len(m.at))}
		group := make([]int, len(m.at))
		for n, i := range m.at {
			ms.x[n], group[n] = j.metric[i], j.group[i]
		}
		ms.v = correlation.NewVariable(ms.x)
		if opt.Partial {
			ms.partial = correlation.NewGrouped(ms.x, group)
		}
		s.slices = append(s.slices, ms)
	}
	return s
}

// orientedRanks returns the average ranks of the metric values x oriented
// so that higher is better: of -x for a metric where lower is better.
func orientedRanks(x []float64, dir project.Direction) []float64 {
	if dir == project.LowerIsBetter {
		neg := make([]float64, len(x))
		for i, v := range x {
			neg[i] = -v
		}
		x = neg
	}
	return correlation.Ranks(x)
}
