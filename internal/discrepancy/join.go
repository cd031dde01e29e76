package discrepancy

import (
	"cmp"
	"slices"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// unit is an (item, iteration) pair.
type unit struct {
	iteration, item string
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

// get returns the mean on u and whether the metric has a value there.
func (mm *metricMeans) get(u unit) (float64, bool) {
	it, ok1 := mm.vals.Iterations.Lookup(u.iteration)
	item, ok2 := mm.vals.Items.Lookup(u.item)
	if !ok1 || !ok2 {
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

// iterationOrder gives each iteration of p its position in the series.
func iterationOrder(p *project.Project) map[string]int {
	order := make(map[string]int, len(p.Iterations))
	for i, it := range p.Iterations {
		order[it.ID] = i
	}
	return order
}

// joined is one metric and one dimension on the units that have both, in
// unit order; group numbers the iterations of the units 0, 1, ... in order.
type joined struct {
	units      []unit
	metric     []float64
	consensus  []float64
	labels     []string // consensus labels of a label dimension, else nil
	group      []int
	iterations []string // by group number
}

// join pairs the metric values m with the consensus c, in c's unit order.
func join(m *metricMeans, c consensusUnits) joined {
	var j joined
	var units []unit
	var means, cons []float64
	for k, u := range c.order {
		if x, ok := m.get(u); ok {
			units, means, cons = append(units, u), append(means, x), append(cons, c.values[k])
			if c.labels != nil {
				j.labels = append(j.labels, c.labels[k])
			}
		}
	}
	j.units, j.metric, j.consensus, j.group = units, means, cons, make([]int, len(units))
	if means == nil {
		j.metric, j.consensus = []float64{}, []float64{}
	}
	for i, u := range units {
		if i == 0 || u.iteration != units[i-1].iteration {
			j.iterations = append(j.iterations, u.iteration)
		}
		j.group[i] = len(j.iterations) - 1
	}
	return j
}

// pair returns j as the exported Pair.
func (j joined) pair(metric, dim string, correlated bool) Pair {
	out := Pair{Metric: metric, Dimension: dim, Correlated: correlated, Units: make([]Point, len(j.units))}
	for i, u := range j.units {
		out.Units[i] = Point{Item: u.item, Iteration: u.iteration, Metric: j.metric[i], Consensus: j.consensus[i]}
		if j.labels != nil {
			out.Units[i].Label = j.labels[i]
		}
	}
	return out
}

// sort puts the units of c in unit order: by the iteration's position in
// order (unknown iterations last, by ID), then by item.
func (c *consensusUnits) sort(order map[string]int) {
	// Sort by a precomputed position: looking iterations up in order for
	// every comparison would dominate on long series.
	type keyed struct {
		pos int32 // the iteration's position; len(order) for unknown ones
		at  int32 // the unit's place in c
	}
	ks := make([]keyed, len(c.order))
	for i, u := range c.order {
		pos, known := order[u.iteration]
		if !known {
			pos = len(order)
		}
		ks[i] = keyed{int32(pos), int32(i)}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		ua, ub := &c.order[a.at], &c.order[b.at]
		return cmp.Or(cmp.Compare(a.pos, b.pos), cmp.Compare(ua.iteration, ub.iteration), cmp.Compare(ua.item, ub.item))
	})
	sorted := consensusUnits{order: make([]unit, len(ks)), values: make([]float64, len(ks))}
	if c.labels != nil {
		sorted.labels = make([]string, len(ks))
	}
	for i, k := range ks {
		sorted.order[i], sorted.values[i] = c.order[k.at], c.values[k.at]
		if c.labels != nil {
			sorted.labels[i] = c.labels[k.at]
		}
	}
	*c = sorted
}
