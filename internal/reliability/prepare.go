package reliability

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/evalbook/evalbook/internal/agreement"
	"github.com/evalbook/evalbook/internal/project"
)

// unit is one (item, iteration) pair: the thing a rater judges.
type unit struct{ item, iteration string }

// obs is one rating of a dimension with dense unit and rater indexes.
type obs struct {
	unit, rater int32
	label       int32   // the value as written: its id in dimInput.labels
	value       float64 // the number, or the label's code
}

// iterationObs is the ratings of one iteration.
type iterationObs struct {
	id  string
	obs []obs
}

// dimInput is one dimension's ratings, indexed for analysis. obs is sorted
// by unit, then rater, with one rating per unit and rater; units are sorted
// by item, then iteration, and raters by name, so every order derived from
// the indexes is the order of the names.
type dimInput struct {
	name       string
	scale      project.Scale
	numeric    bool
	levels     []agreement.Level // the alphas computed, in Level order
	level      agreement.Level   // the alpha the CI, status and alerts use
	raters     []string
	labels     []string // the values as written, by obs.label
	units      []unit
	obs        []obs
	cols       columns        // obs as columns (columnsOf), which the pooled record and the rater pairs read
	iterations []iterationObs // in series order, only those with ratings
	gold       map[string]string
}

// prepare indexes the ratings of d; series is the project's iterations.
// It works on the id columns of d.Ratings: no string is hashed per rating.
func prepare(d *project.Dimension, series []project.Iteration) *dimInput {
	in := &dimInput{name: d.Name, numeric: d.Numeric, scale: scaleOf(d), gold: d.Gold}
	in.levels, in.level = levelsOf(in.scale, d.Numeric)
	rs := &d.Ratings
	unitOf, raterRank := in.index(rs)
	var codes []float64 // by label id
	if !d.Numeric {
		codes = labelCodes(d)
	}
	in.labels = rs.Labels.Names()
	in.obs = make([]obs, rs.Len())
	for i := range in.obs {
		v := rs.Value[i]
		if codes != nil {
			v = codes[rs.Label[i]]
		}
		in.obs[i] = obs{unit: unitOf[i], rater: int32(raterRank[rs.Rater[i]]), label: rs.Label[i], value: v}
	}
	in.obs = lastPerRater(in.obs, len(in.units))
	in.cols = columnsOf(in.obs)
	in.iterations = splitIterations(in.obs, in.units, series)
	return in
}

// index sets in.units and in.raters to the sorted distinct units and raters
// of ratings and returns the index of each rating's unit and of each
// rater id's rater.
func (in *dimInput) index(rs *project.Ratings) (unitOf []int32, raterRank []int) {
	n := rs.Len()
	var itemRank, iterRank []int
	in.raters, raterRank = rankUsed(rs.Raters, rs.Rater)
	items, itemRank := rankUsed(rs.Items, rs.Item)
	iters, iterRank := rankUsed(rs.Iterations, rs.Iteration)
	// A unit's key orders units as their names: by item, then
	// iteration, both ranked by name.
	keys := make([]int, n)
	for i := range keys {
		keys[i] = itemRank[rs.Item[i]]*len(iters) + iterRank[rs.Iteration[i]]
	}
	unitOf = make([]int32, n)
	var present []int // the distinct keys, sorted
	if space := len(items) * len(iters); space <= 8*n+1024 {
		at := make([]int, space) // key -> its unit + 1; 0 for none
		for _, k := range keys {
			at[k] = 1
		}
		for k, seen := range at {
			if seen != 0 {
				present = append(present, k)
				at[k] = len(present)
			}
		}
		for i, k := range keys {
			unitOf[i] = int32(at[k] - 1)
		}
	} else {
		present = slices.Compact(slices.Sorted(slices.Values(keys)))
		for i, k := range keys {
			u, _ := slices.BinarySearch(present, k)
			unitOf[i] = int32(u)
		}
	}
	in.units = make([]unit, len(present))
	for u, k := range present {
		in.units[u] = unit{items[k/len(iters)], iters[k%len(iters)]}
	}
	return unitOf, raterRank
}

// rankUsed returns the names of t that col uses, sorted, and for each id
// of t its position among them (-1 for a name col does not use).
func rankUsed(t *project.Intern, col []int32) ([]string, []int) {
	rank := make([]int, t.Len())
	for _, id := range col {
		rank[id] = 1
	}
	var ids []int32
	for id, used := range rank {
		if used != 0 {
			ids = append(ids, int32(id))
		}
	}
	slices.SortFunc(ids, func(a, b int32) int { return strings.Compare(t.Name(a), t.Name(b)) })
	names := make([]string, len(ids))
	for i := range rank {
		rank[i] = -1
	}
	for pos, id := range ids {
		names[pos], rank[id] = t.Name(id), pos
	}
	return names, rank
}

// scaleOf is the dimension's scale, defaulted as ingest defaults it.
func scaleOf(d *project.Dimension) project.Scale {
	switch {
	case d.Scale != "":
		return d.Scale
	case d.Numeric:
		return project.Interval
	}
	return project.Nominal
}

// levelsOf returns the levels at which alpha is computed and the one the
// scale selects.
func levelsOf(s project.Scale, numeric bool) ([]agreement.Level, agreement.Level) {
	level, err := agreement.ParseLevel(string(s))
	if err != nil {
		level = agreement.Nominal
	}
	switch {
	case numeric:
		return []agreement.Level{agreement.Nominal, agreement.Ordinal, agreement.Interval, agreement.Ratio}, level
	case s == project.Ordinal:
		return []agreement.Level{agreement.Nominal, agreement.Ordinal}, level
	}
	return []agreement.Level{agreement.Nominal}, level
}

// labelCodes numbers the labels of a label dimension d by their position
// in d.Labels; a label missing there follows in order of first appearance.
// It returns the code of each label id of d.Ratings.
func labelCodes(d *project.Dimension) []float64 {
	pos := make(map[string]int, len(d.Labels))
	for i, l := range d.Labels {
		if _, ok := pos[l]; !ok {
			pos[l] = i
		}
	}
	rs := &d.Ratings
	codes := make([]float64, rs.Labels.Len())
	done := make([]bool, len(codes))
	next := len(d.Labels)
	for _, id := range rs.Label {
		if done[id] {
			continue
		}
		done[id] = true
		l := rs.Labels.Name(id)
		if i, ok := pos[l]; ok {
			codes[id] = float64(i)
			continue
		}
		codes[id] = float64(next)
		pos[l] = next
		next++
	}
	return codes
}

// lastPerRater sorts obs (whose units are below units) by unit and rater
// and keeps, of several ratings by one rater of one unit, the one that
// came last in input order. The sort is stable: a counting sort by unit,
// then each unit's few ratings by rater.
func lastPerRater(in []obs, units int) []obs {
	start := make([]int, units+1)
	for _, o := range in {
		start[o.unit+1]++
	}
	for u := range units {
		start[u+1] += start[u]
	}
	sorted := make([]obs, len(in))
	next := slices.Clone(start[:units])
	for _, o := range in {
		sorted[next[o.unit]] = o
		next[o.unit]++
	}
	for u := range units {
		sortByRater(sorted[start[u]:start[u+1]])
	}
	out := sorted[:0]
	for i, o := range sorted {
		if i+1 < len(sorted) && sorted[i+1].unit == o.unit && sorted[i+1].rater == o.rater {
			continue
		}
		out = append(out, o)
	}
	return out
}

// sortByRater sorts the ratings of one unit by rater, stably: an insertion
// sort for the usual handful.
func sortByRater(us []obs) {
	if len(us) > 32 {
		slices.SortStableFunc(us, func(a, b obs) int { return cmp.Compare(a.rater, b.rater) })
		return
	}
	for i := 1; i < len(us); i++ {
		for j := i; j > 0 && us[j].rater < us[j-1].rater; j-- {
			us[j], us[j-1] = us[j-1], us[j]
		}
	}
}

// splitIterations groups obs by the iteration of their unit, in series
// order; iterations outside the series follow by name. Ratings without an
// iteration belong to none.
func splitIterations(all []obs, units []unit, series []project.Iteration) []iterationObs {
	slot := map[string]int{} // iteration -> its number, in order of first unit
	var ids []string
	unitSlot := make([]int, len(units))
	for u, un := range units {
		unitSlot[u] = -1
		if un.iteration == "" {
			continue
		}
		k, ok := slot[un.iteration]
		if !ok {
			k = len(ids)
			slot[un.iteration] = k
			ids = append(ids, un.iteration)
		}
		unitSlot[u] = k
	}
	counts := make([]int, len(ids))
	for _, o := range all {
		if k := unitSlot[o.unit]; k >= 0 {
			counts[k]++
		}
	}
	// One array for all, iteration after iteration, in the order of all.
	flat := make([]obs, 0, len(all))
	start := make([]int, len(ids))
	for k := range ids {
		start[k] = len(flat)
		flat = flat[:len(flat)+counts[k]]
	}
	next := slices.Clone(start)
	for _, o := range all {
		if k := unitSlot[o.unit]; k >= 0 {
			flat[next[k]] = o
			next[k]++
		}
	}
	of := func(k int) []obs { return flat[start[k] : start[k]+counts[k] : start[k]+counts[k]] }
	var out []iterationObs
	for _, it := range series {
		if k, ok := slot[it.ID]; ok {
			out = append(out, iterationObs{it.ID, of(k)})
			delete(slot, it.ID)
		}
	}
	rest := make([]string, 0, len(slot))
	for id := range slot {
		rest = append(rest, id)
	}
	slices.Sort(rest)
	for _, id := range rest {
		out = append(out, iterationObs{id, of(slot[id])})
	}
	return out
}

// spans calls f with each run of obs that share a unit; obs must be sorted
// by unit.
func spans(all []obs, f func(us []obs)) {
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].unit == all[i].unit {
			j++
		}
		f(all[i:j])
		i = j
	}
}

// columns are the ratings of a record (sorted by unit) as the columns
// package agreement reads: units, values and raters.
type columns struct {
	units, raters []int32
	values        []float64
}

// columnsOf returns the columns of all.
func columnsOf(all []obs) columns {
	c := columns{units: make([]int32, len(all)), raters: make([]int32, len(all)), values: make([]float64, len(all))}
	for i, o := range all {
		c.units[i], c.raters[i], c.values[i] = o.unit, o.rater, o.value
	}
	return c
}

// goldMatch reports whether o is the known answer g.
func (in *dimInput) goldMatch(o obs, g string) bool {
	if in.numeric {
		if x, err := strconv.ParseFloat(strings.TrimSpace(g), 64); err == nil {
			return o.value == x
		}
	}
	return in.labels[o.label] == g
}
