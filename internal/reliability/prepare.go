package reliability

import (
	"cmp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/evalbook/evalbook/internal/agreement"
	"github.com/evalbook/evalbook/internal/project"
)

// unit is one (item, iteration) pair: the thing a rater judges.
type unit struct{ item, iteration string }

// obs is one rating of a dimension with dense unit and rater indexes.
type obs struct {
	unit, rater int
	value       float64 // the number, or the label's code
	label       string  // as written
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
	units      []unit
	obs        []obs
	iterations []iterationObs // in series order, only those with ratings
	gold       map[string]string
}

// prepare indexes the ratings of d; series is the project's iterations.
func prepare(d *project.Dimension, series []project.Iteration) *dimInput {
	in := &dimInput{name: d.Name, numeric: d.Numeric, scale: scaleOf(d), gold: d.Gold}
	in.levels, in.level = levelsOf(in.scale, d.Numeric)
	unitOf, raterOf := in.index(&d.Ratings)
	codes := labelCodes(d)
	in.obs = make([]obs, d.Ratings.Len())
	for i := range d.Ratings.Len() {
		r := d.Ratings.At(i)
		v := r.Value
		if !d.Numeric {
			v = float64(codes[r.Label])
		}
		in.obs[i] = obs{unit: unitOf[i], rater: raterOf[i], value: v, label: r.Label}
	}
	in.obs = lastPerRater(in.obs)
	in.iterations = splitIterations(in.obs, in.units, series)
	return in
}

// index sets in.units and in.raters to the sorted distinct units and raters
// of ratings and returns the index of each rating's unit and rater.
func (in *dimInput) index(ratings *project.Ratings) (unitOf, raterOf []int) {
	units, raters := map[unit]int{}, map[string]int{}
	unitOf, raterOf = make([]int, ratings.Len()), make([]int, ratings.Len())
	for i := range ratings.Len() {
		r := ratings.At(i)
		unitOf[i] = intern(units, unit{r.Item, r.Iteration})
		raterOf[i] = intern(raters, r.Rater)
	}
	var unitRank, raterRank []int
	in.units, unitRank = sortedKeys(units, compareUnits)
	in.raters, raterRank = sortedKeys(raters, strings.Compare)
	for i := range ratings.Len() {
		unitOf[i], raterOf[i] = unitRank[unitOf[i]], raterRank[raterOf[i]]
	}
	return unitOf, raterOf
}

// intern returns the number of k in m, numbering new keys in order of
// first appearance.
func intern[K comparable](m map[K]int, k K) int {
	i, ok := m[k]
	if !ok {
		i = len(m)
		m[k] = i
	}
	return i
}

// sortedKeys returns the keys of m sorted by compare and, for each key's
// number in m, its position among them.
func sortedKeys[K comparable](m map[K]int, compare func(a, b K) int) ([]K, []int) {
	keys := make([]K, len(m))
	for k, i := range m {
		keys[i] = k
	}
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return compare(keys[a], keys[b]) })
	sorted, rank := make([]K, len(keys)), make([]int, len(keys))
	for pos, i := range order {
		sorted[pos], rank[i] = keys[i], pos
	}
	return sorted, rank
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

// labelCodes numbers the labels of d by their position in d.Labels; a label
// missing there follows in order of first appearance.
func labelCodes(d *project.Dimension) map[string]int {
	codes := make(map[string]int, len(d.Labels))
	for i, l := range d.Labels {
		if _, ok := codes[l]; !ok {
			codes[l] = i
		}
	}
	if d.Numeric {
		return codes
	}
	next := len(d.Labels)
	for ri := range d.Ratings.Len() {
		r := d.Ratings.At(ri)
		if _, ok := codes[r.Label]; !ok {
			codes[r.Label] = next
			next++
		}
	}
	return codes
}

func compareUnits(a, b unit) int {
	return cmp.Or(cmp.Compare(a.item, b.item), cmp.Compare(a.iteration, b.iteration))
}

// lastPerRater sorts obs by unit and rater and keeps, of several ratings by
// one rater of one unit, the one that came last in input order.
func lastPerRater(in []obs) []obs {
	slices.SortStableFunc(in, func(a, b obs) int {
		return cmp.Or(cmp.Compare(a.unit, b.unit), cmp.Compare(a.rater, b.rater))
	})
	out := in[:0]
	for i, o := range in {
		if i+1 < len(in) && in[i+1].unit == o.unit && in[i+1].rater == o.rater {
			continue
		}
		out = append(out, o)
	}
	return out
}

// splitIterations groups obs by the iteration of their unit, in series
// order; iterations outside the series follow by name. Ratings without an
// iteration belong to none.
func splitIterations(all []obs, units []unit, series []project.Iteration) []iterationObs {
	byID := map[string][]obs{}
	for _, o := range all {
		if it := units[o.unit].iteration; it != "" {
			byID[it] = append(byID[it], o)
		}
	}
	var out []iterationObs
	for _, it := range series {
		if o, ok := byID[it.ID]; ok {
			out = append(out, iterationObs{it.ID, o})
			delete(byID, it.ID)
		}
	}
	rest := make([]string, 0, len(byID))
	for id := range byID {
		rest = append(rest, id)
	}
	slices.Sort(rest)
	for _, id := range rest {
		out = append(out, iterationObs{id, byID[id]})
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

// columns is reusable space for the unit and value columns that
// agreement.FromColumns reads.
type columns struct {
	units  []int32
	values []float64
}

// reliability returns the coincidence data of all (sorted by unit), leaving
// out the raters for which skip is true (skip may be nil).
func (c *columns) reliability(all []obs, skip func(rater int) bool) *agreement.Reliability {
	c.units, c.values = c.units[:0], c.values[:0]
	for _, o := range all {
		if skip == nil || !skip(o.rater) {
			c.units = append(c.units, int32(o.unit))
			c.values = append(c.values, o.value)
		}
	}
	return agreement.FromColumns(c.units, c.values)
}

// goldMatch reports whether o is the known answer g.
func (in *dimInput) goldMatch(o obs, g string) bool {
	if in.numeric {
		if x, err := strconv.ParseFloat(strings.TrimSpace(g), 64); err == nil {
			return o.value == x
		}
	}
	return o.label == g
}

// parallel runs f(0) ... f(n-1) on up to GOMAXPROCS goroutines.
func parallel(n int, f func(i int)) {
	workers := min(n, runtime.GOMAXPROCS(0))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
