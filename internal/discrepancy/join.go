package discrepancy

import (
	"cmp"
	"slices"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// unit is an (item, iteration) pair, as ids in a dimension's tables.
type unit struct {
	iteration, item int32
}

// metricMeans is the mean of a metric's values on each unit, on the id
// columns: sums and counts per (iteration, item) id pair, in a dense array
// when the pairs are not many more than the values, else in a map. Each
// unit's values are added in the order they come, as they always were.
type metricMeans struct {
	vals   *project.Values
	dense  bool
	place  map[uint64]int32 // sparse: key -> index in sums and counts
	sums   []float64
	counts []int32
}

// metricUnits returns the per-item values of m by unit: its values with an
// item and an iteration, and a finite value.
func metricUnits(m *project.Metric) *metricMeans {
	vals := &m.Values
	nItems, nIters := vals.Items.Len(), vals.Iterations.Len()
	mm := &metricMeans{vals: vals, dense: nItems*nIters <= 4*vals.Len()+1024}
	if mm.dense {
		mm.sums, mm.counts = make([]float64, nItems*nIters), make([]int32, nItems*nIters)
	} else {
		mm.place = make(map[uint64]int32)
	}
	noItem, noIter := lookupOr(vals.Items, ""), lookupOr(vals.Iterations, "")
	for i, x := range vals.Value {
		item, it := vals.Item[i], vals.Iteration[i]
		if item == noItem || it == noIter || !stats.IsFinite(x) {
			continue
		}
		k := mm.key(it, item)
		if !mm.dense {
			at, ok := mm.place[uint64(k)]
			if !ok {
				at = int32(len(mm.sums))
				mm.place[uint64(k)] = at
				mm.sums, mm.counts = append(mm.sums, 0), append(mm.counts, 0)
			}
			k = int(at)
		}
		mm.sums[k] += x
		mm.counts[k]++
	}
	return mm
}

// lookupOr returns the id of s in t, or -1 when t has none.
func lookupOr(t *project.Intern, s string) int32 {
	if id, ok := t.Lookup(s); ok {
		return id
	}
	return -1
}

// key returns the dense index, or the sparse map key, of an id pair.
func (mm *metricMeans) key(it, item int32) int {
	if mm.dense {
		return int(it)*mm.vals.Items.Len() + int(item)
	}
	return int(uint64(uint32(it))<<32 | uint64(uint32(item)))
}

// at returns the mean on the unit of ids (iteration, item) in the
// metric's tables (-1: none there) and whether the metric has a value
// there.
func (mm *metricMeans) at(it, item int32) (float64, bool) {
	if it < 0 || item < 0 {
		return 0, false
	}
	k := mm.key(it, item)
	if !mm.dense {
		at, ok := mm.place[uint64(k)]
		if !ok {
			return 0, false
		}
		k = int(at)
	}
	if mm.counts[k] == 0 {
		return 0, false
	}
	return mm.sums[k] / float64(mm.counts[k]), true
}

// lookups maps the ids of the table from to those of to, -1 for a name
// to lacks: one map lookup per name, none when the tables are the same.
func lookups(from, to *project.Intern) []int32 {
	ids := make([]int32, from.Len())
	for id := range ids {
		if from == to {
			ids[id] = int32(id)
		} else {
			ids[id] = lookupOr(to, from.Name(int32(id)))
		}
	}
	return ids
}

// iterationOrder gives each iteration of p its position in the series.
func iterationOrder(p *project.Project) map[string]int {
	order := make(map[string]int, len(p.Iterations))
	for i, it := range p.Iterations {
		order[it.ID] = i
	}
	return order
}

// joined is one metric and one dimension on the units that have both, in
// unit order: the units as the Pair keeps them, and the columns the
// analysis reads. group numbers the iterations of the units 0, 1, ... in
// order.
type joined struct {
	Units
	consensus  []float64 // the consensus of each unit (c.values itself when every unit is joined)
	labels     []string  // consensus labels of a label dimension, else nil
	group      []int
	iterations []string // by group number
}

// metricHalf is a metric's half of its joined units with a dimension:
// the places in the consensus of the units the metric has a value on (nil
// when it has one on every unit), and those values, in unit order. It
// depends on the units alone, by name, so every dimension with the same
// units (sameUnits) has the same half of a metric.
type metricHalf struct {
	at     []int32
	metric []float64
}

// joinMetric returns the metric values m on the units of the consensus c,
// in c's unit order.
func joinMetric(m *metricMeans, c *consensusUnits) metricHalf {
	itOf, itemOf := lookups(c.iterations, m.vals.Iterations), lookups(c.items, m.vals.Items)
	metric := make([]float64, 0, c.Len())
	var at []int32 // the joined units' places in c, while some are missing
	for k := range c.Len() {
		x, ok := m.at(itOf[c.iteration[k]], itemOf[c.item[k]])
		switch {
		case ok && at != nil:
			at = append(at, int32(k))
		case !ok && at == nil:
			at = make([]int32, len(metric), c.Len())
			for i := range at {
				at[i] = int32(i)
			}
		}
		if ok {
			metric = append(metric, x)
		}
	}
	return metricHalf{at: at, metric: slices.Clip(metric)}
}

// join pairs the metric values m with the consensus c, in c's unit order.
func join(m *metricMeans, c *consensusUnits) joined { return joinOn(c, joinMetric(m, c)) }

// joinOn pairs a metric's half h, joined with the consensus c or with that
// of a dimension with the same units, with c.
func joinOn(c *consensusUnits, h metricHalf) joined {
	j := joined{Units: Units{cons: c, at: h.at, metric: h.metric}}
	j.consensus, j.labels = c.values, c.labels
	if h.at != nil {
		j.consensus = make([]float64, len(h.at))
		for i, k := range h.at {
			j.consensus[i] = c.values[k]
		}
		if c.labels != nil {
			j.labels = make([]string, len(h.at))
			for i, k := range h.at {
				j.labels[i] = c.labels[k]
			}
		}
	}
	j.group = make([]int, j.Len())
	for i := range j.group {
		if i == 0 || j.iterationID(i) != j.iterationID(i-1) {
			j.iterations = append(j.iterations, j.Iteration(i))
		}
		j.group[i] = len(j.iterations) - 1
	}
	return j
}

// sameUnits reports whether the consensus a and b are on the same units,
// by name, in the same order.
func sameUnits(a, b *consensusUnits) bool {
	if a == b {
		return true
	}
	if a.Len() != b.Len() {
		return false
	}
	itOf, itemOf := lookups(a.iterations, b.iterations), lookups(a.items, b.items)
	for k := range a.Len() {
		if itOf[a.iteration[k]] != b.iteration[k] || itemOf[a.item[k]] != b.item[k] {
			return false
		}
	}
	return true
}

// pair returns j as the exported Pair.
func (j joined) pair(metric, dim string, correlated bool) Pair {
	return Pair{Metric: metric, Dimension: dim, Correlated: correlated, Units: j.Units}
}

// sort puts the units of c in unit order: by the iteration's position in
// order (unknown iterations last, by ID), then by item.
func (c *consensusUnits) sort(order map[string]int) {
	// Sort by precomputed ranks: the iteration's position (unknown ones
	// after, by ID) and the item's place among the items by ID, so no
	// comparison looks a name up or compares strings.
	itRank := ranks(c.iterations, func(name string) (int, bool) {
		pos, ok := order[name]
		return pos, ok
	})
	itemRank := ranks(c.items, func(string) (int, bool) { return 0, false })
	type keyed struct {
		key uint64 // iteration rank << 32 | item rank: distinct per unit
		at  int32  // the unit's place in c
	}
	ks := make([]keyed, c.Len())
	for i := range ks {
		ks[i] = keyed{uint64(itRank[c.iteration[i]])<<32 | uint64(itemRank[c.item[i]]), int32(i)}
	}
	slices.SortFunc(ks, func(a, b keyed) int { return cmp.Compare(a.key, b.key) })
	sorted := consensusUnits{iterations: c.iterations, items: c.items,
		iteration: make([]int32, len(ks)), item: make([]int32, len(ks)), values: make([]float64, len(ks))}
	if c.labels != nil {
		sorted.labels = make([]string, len(ks))
	}
	for i, k := range ks {
		sorted.iteration[i], sorted.item[i], sorted.values[i] = c.iteration[k.at], c.item[k.at], c.values[k.at]
		if c.labels != nil {
			sorted.labels[i] = c.labels[k.at]
		}
	}
	*c = sorted
}

// ranks orders the names of t: those known (with a position, by known)
// by position first, then the others by name; it returns each id's rank.
func ranks(t *project.Intern, known func(string) (int, bool)) []uint32 {
	ids := make([]int32, t.Len())
	for i := range ids {
		ids[i] = int32(i)
	}
	slices.SortFunc(ids, func(a, b int32) int {
		na, nb := t.Name(a), t.Name(b)
		pa, okA := known(na)
		pb, okB := known(nb)
		switch {
		case okA != okB:
			return pick(okA, -1, 1)
		case okA:
			return cmp.Or(cmp.Compare(pa, pb), cmp.Compare(na, nb))
		}
		return cmp.Compare(na, nb)
	})
	rank := make([]uint32, len(ids))
	for r, id := range ids {
		rank[id] = uint32(r)
	}
	return rank
}
