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

// unitValues maps units to the mean of the values observed on them.
type unitValues map[unit]float64

// meanBy averages values per unit.
// One map lookup per value: the map gives each unit its place in sums
// and counts, in order of first appearance, and each unit's values are
// added in the order they come, as they always were.
func meanBy(n int, at func(int) (unit, float64, bool)) unitValues { return meanByCap(n, n, at) }

// meanByCap is meanBy with room made for size units.
func meanByCap(n, size int, at func(int) (unit, float64, bool)) unitValues {
	place := make(map[unit]int, size) // a metric has one value per unit, mostly
	units, sums, counts := make([]unit, 0, size), make([]float64, 0, size), make([]int, 0, size)
	for i := 0; i < n; i++ {
		u, v, ok := at(i)
		if !ok {
			continue
		}
		k, seen := place[u]
		if !seen {
			k = len(units)
			place[u] = k
			units, sums, counts = append(units, u), append(sums, 0), append(counts, 0)
		}
		sums[k] += v
		counts[k]++
	}
	out := make(unitValues, len(units))
	for k, u := range units {
		out[u] = sums[k] / float64(counts[k])
	}
	return out
}

// metricUnits returns the per-item values of m by unit.
func metricUnits(m *project.Metric) unitValues {
	return meanBy(len(m.Values), func(i int) (unit, float64, bool) {
		v := m.Values[i]
		return unit{v.Iteration, v.Item}, v.Value, v.Item != "" && v.Iteration != "" && stats.IsFinite(v.Value)
	})
}

// metricUnitsIn returns the per-item values of m by unit for the units of
// only, the ones a join with only meets: each unit's mean is the one
// metricUnits gives, added in the same order.
func metricUnitsIn(m *project.Metric, only unitValues) unitValues {
	return meanByCap(len(m.Values), min(len(m.Values), len(only)), func(i int) (unit, float64, bool) {
		v := &m.Values[i]
		if v.Item == "" || v.Iteration == "" || !stats.IsFinite(v.Value) {
			return unit{}, 0, false
		}
		u := unit{v.Iteration, v.Item}
		_, ok := only[u]
		return u, v.Value, ok
	})
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
func join(m unitValues, c consensusUnits) joined {
	var units []unit
	for _, u := range c.order {
		if _, ok := m[u]; ok {
			units = append(units, u)
		}
	}
	j := joined{units: units, metric: make([]float64, len(units)), consensus: make([]float64, len(units)), group: make([]int, len(units))}
	for i, u := range units {
		j.metric[i], j.consensus[i] = m[u], c.values[u]
		if c.labels != nil {
			j.labels = append(j.labels, c.labels[u])
		}
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

// sortUnits returns the units of c in unit order: by the iteration's
// position in order (unknown iterations last, by ID), then by item.
func sortUnits(c unitValues, order map[string]int) []unit {
	// Sort by a precomputed position: looking iterations up in order for
	// every comparison would dominate on long series.
	type keyed struct {
		pos  int // the iteration's position; len(order) for unknown ones
		unit unit
	}
	ks := make([]keyed, 0, len(c))
	for u := range c {
		pos, known := order[u.iteration]
		if !known {
			pos = len(order)
		}
		ks = append(ks, keyed{pos, u})
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.pos, b.pos), cmp.Compare(a.unit.iteration, b.unit.iteration), cmp.Compare(a.unit.item, b.unit.item))
	})
	units := make([]unit, len(ks))
	for i, k := range ks {
		units[i] = k.unit
	}
	return units
}
