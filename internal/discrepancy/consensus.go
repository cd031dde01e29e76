package discrepancy

import (
	"cmp"
	"slices"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// consensusUnits is the consensus of one dimension by unit: a number for
// every unit (the position of the label for a label dimension), and for a
// label dimension the label itself; order lists the units in unit order.
type consensusUnits struct {
	values unitValues
	labels map[unit]string
	order  []unit
}

// consensus combines the ratings of d per unit by rule ("" for the
// dimension's default) and says how the dimension enters the analysis.
func consensus(d *project.Dimension, rule string, order map[string]int) (consensusUnits, Dimension) {
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
	byUnit, unplaced := ratingsByUnit(d)
	info.Unplaced = unplaced
	c := consensusUnits{values: unitValues{}}
	if !d.Numeric {
		c.labels = map[unit]string{}
	}
	for u, rs := range byUnit {
		v, label, ok := combine(d, rs, info.Consensus)
		if !ok {
			info.Ties++
			continue
		}
		c.values[u] = v
		if c.labels != nil {
			c.labels[u] = label
		}
	}
	info.Units = len(c.values)
	c.order = sortUnits(c.values, order)
	return c, info
}

// ratingsByUnit groups the ratings of d by unit, leaving out and counting
// the ratings whose iteration is unknown.
//
// Each unit's ratings keep their order in d; they are laid out in one
// array, unit after unit, counted first, rather than appended to a slice
// per unit.
func ratingsByUnit(d *project.Dimension) (byUnit map[unit][]project.Rating, unplaced int) {
	place := map[unit]int{}
	var units []unit
	var counts []int
	of := make([]int, d.Ratings.Len()) // the place of each rating's unit, -1 for none
	for i := range d.Ratings.Len() {
		r := d.Ratings.At(i)
		if r.Iteration == "" {
			unplaced++
			of[i] = -1
			continue
		}
		u := unit{r.Iteration, r.Item}
		k, seen := place[u]
		if !seen {
			k = len(units)
			place[u] = k
			units, counts = append(units, u), append(counts, 0)
		}
		counts[k]++
		of[i] = k
	}
	next := make([]int, len(units)) // where the unit's next rating goes
	for k := 1; k < len(units); k++ {
		next[k] = next[k-1] + counts[k-1]
	}
	start := slices.Clone(next)
	flat := make([]project.Rating, d.Ratings.Len()-unplaced)
	for i, k := range of {
		if k >= 0 {
			flat[next[k]] = d.Ratings.At(i)
			next[k]++
		}
	}
	byUnit = make(map[unit][]project.Rating, len(units))
	for k, u := range units {
		byUnit[u] = flat[start[k] : start[k]+counts[k] : start[k]+counts[k]]
	}
	return byUnit, unplaced
}

// Combine returns the consensus of one unit's ratings of d by rule, as the
// analysis forms it: "" is the dimension's default (the mean of numbers,
// the majority label), and a label dimension always takes the majority. ok
// is false for a majority with no single most frequent value. Pages that
// show an item's consensus use it, so they show what the analysis
// correlates.
func Combine(d *project.Dimension, rs []project.Rating, rule string) (v float64, label string, ok bool) {
	if !d.Numeric {
		rule = Majority
	} else if rule == "" {
		rule = Mean
	}
	return combine(d, rs, rule)
}

// combine returns the consensus of one unit's ratings; ok is false for a
// majority with no single most frequent value.
func combine(d *project.Dimension, rs []project.Rating, rule string) (v float64, label string, ok bool) {
	if !d.Numeric {
		label, ok = majority(rs, func(r project.Rating) string { return r.Label })
		return float64(slices.Index(d.Labels, label)), label, ok
	}
	values := make([]float64, len(rs))
	for i, r := range rs {
		values[i] = r.Value
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
