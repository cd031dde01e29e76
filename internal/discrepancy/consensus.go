package discrepancy

import (
	"cmp"
	"slices"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// consensusUnits is the consensus of one dimension by unit, as columns
// aligned and in unit order: each unit's iteration and item (ids in the
// dimension's tables), a number (the position of the label for a label
// dimension), and for a label dimension the label itself. Every pair of
// the dimension shares it (Units).
type consensusUnits struct {
	iterations, items *project.Intern
	iteration, item   []int32
	values            []float64
	labels            []string // nil for a numeric dimension
}

// Len returns the number of units.
func (c *consensusUnits) Len() int { return len(c.values) }

// consensus combines the ratings of d per unit by rule ("" for the
// dimension's default) and says how the dimension enters the analysis.
func consensus(d *project.Dimension, rule string, order map[string]int) (*consensusUnits, Dimension) {
	info := Dimension{Dimension: d.Name, Consensus: rule, Correlated: true}
	if !d.Numeric {
		info.Consensus = Majority
		if d.Scale != project.Ordinal {
			info.Correlated = false
			info.Reason = "its labels have no order, so it has no correlation with a metric, only verdict agreement where both have pass thresholds"
		}
	} else if rule == "" {
		info.Consensus = Mean
	}
	units, members, unplaced := ratingsByUnit(&d.Ratings)
	info.Unplaced = unplaced
	rs := &d.Ratings
	c := &consensusUnits{iterations: rs.Iterations, items: rs.Items}
	var values []float64
	var labels []string
	for k, u := range units {
		values, labels = values[:0], labels[:0]
		for _, i := range members[k] {
			if d.Numeric {
				values = append(values, rs.Value[i])
			} else {
				labels = append(labels, rs.Labels.Name(rs.Label[i]))
			}
		}
		v, label, ok := combine(d, values, labels, info.Consensus)
		if !ok {
			info.Ties++
			continue
		}
		c.iteration, c.item, c.values = append(c.iteration, u.iteration), append(c.item, u.item), append(c.values, v)
		if !d.Numeric {
			c.labels = append(c.labels, label)
		}
	}
	info.Units = c.Len()
	c.sort(order)
	return c, info
}

// ratingsByUnit groups the ratings rs by unit, leaving out and counting
// the ratings whose iteration is unknown: it returns the units in order of
// first appearance and, for each, the indexes of its ratings in rs, in
// their order there.
//
// It groups by the id columns, and lays the indexes out in one array, unit
// after unit, counted first, rather than appended to a slice per unit.
func ratingsByUnit(rs *project.Ratings) (units []unit, members [][]int32, unplaced int) {
	none, hasNone := rs.Iterations.Lookup("")
	place := map[uint64]int32{} // iteration id << 32 | item id -> the unit's place
	var counts []int
	of := make([]int32, rs.Len()) // the place of each rating's unit, -1 for none
	// A unit's ratings mostly come in a run (an item's raters, row after
	// row): the last rating's unit is tried before the map.
	lastKey, lastK := ^uint64(0), int32(-1)
	for i := range of {
		it := rs.Iteration[i]
		if hasNone && it == none {
			unplaced++
			of[i] = -1
			continue
		}
		key := uint64(it)<<32 | uint64(uint32(rs.Item[i]))
		k := lastK
		if key != lastKey {
			var seen bool
			k, seen = place[key]
			if !seen {
				k = int32(len(units))
				place[key] = k
				units = append(units, unit{it, rs.Item[i]})
				counts = append(counts, 0)
			}
			lastKey, lastK = key, k
		}
		counts[k]++
		of[i] = k
	}
	flat := make([]int32, rs.Len()-unplaced)
	next := make([]int, len(units)) // where the unit's next rating goes
	members = make([][]int32, len(units))
	for k := range units {
		if k > 0 {
			next[k] = next[k-1] + counts[k-1]
		}
		members[k] = flat[next[k] : next[k]+counts[k] : next[k]+counts[k]]
	}
	for i, k := range of {
		if k >= 0 {
			flat[next[k]] = int32(i)
			next[k]++
		}
	}
	return units, members, unplaced
}

// Combine returns the consensus of one unit's ratings of d by rule, as the
// analysis forms it: "" is the dimension's default (the mean of numbers,
// the majority label), and a label dimension always takes the majority. ok
// is false for a majority with no single most frequent value. Pages that
// show an item's consensus use it, so they show what the analysis
// correlates.
func Combine(d *project.Dimension, rs []project.Rating, rule string) (v float64, label string, ok bool) {
	values, labels := make([]float64, len(rs)), make([]string, len(rs))
	for i, r := range rs {
		values[i], labels[i] = r.Value, r.Label
	}
	return CombineValues(d, values, labels, rule)
}

// CombineValues is Combine of ratings given as their values (read for a
// numeric dimension, which it may reorder) and their labels (read for
// the others).
func CombineValues(d *project.Dimension, values []float64, labels []string, rule string) (v float64, label string, ok bool) {
	if !d.Numeric {
		rule = Majority
	} else if rule == "" {
		rule = Mean
	}
	return combine(d, values, labels, rule)
}

// combine returns the consensus of one unit's ratings, given as their
// values (a numeric dimension; combine may reorder them) or their labels;
// ok is false for a majority with no single most frequent value.
func combine(d *project.Dimension, values []float64, labels []string, rule string) (v float64, label string, ok bool) {
	if !d.Numeric {
		label, ok = majority(labels, func(l string) string { return l })
		return float64(slices.Index(d.Labels, label)), label, ok
	}
	switch rule {
	case Median:
		slices.Sort(values) // Quantile wants sorted data
		return stats.Quantile(values, 0.5), "", true
	case Majority:
		v, ok := majority(values, func(x float64) float64 { return x })
		return v, "", ok
	}
	return stats.Mean(values), "", true
}

// majority returns the most frequent key of xs; ok is false when two or
// more keys are equally frequent.
func majority[T any, K cmp.Ordered](xs []T, key func(T) K) (best K, ok bool) {
	counts := map[K]int{}
	for _, x := range xs {
		counts[key(x)]++
	}
	top := 0
	for k, n := range counts {
		switch {
		case n > top:
			best, top, ok = k, n, true
		case n == top:
			ok = false
		}
	}
	return best, ok
}
