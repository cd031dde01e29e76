package discrepancy

import (
	"cmp"
	"slices"

	"github.com/evalbook/evalbook/internal/correlation"
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
	out := make([]sliceSide, 0, len(idx))
	for name, at := range idx {
		s := sliceSide{name: name, at: at, y: make([]float64, len(at)), group: make([]int, len(at))}
		for n, i := range at {
			s.y[n], s.group[n] = j.consensus[i], j.group[i]
		}
		s.v = correlation.NewVariable(s.y)
		if opt.Partial {
			s.partial = correlation.NewGrouped(s.y, s.group)
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b sliceSide) int { return cmp.Compare(a.name, b.name) })
	return out
}
