package experiment

import (
	"cmp"
	"slices"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// obs is the value of one subject on one item in one iteration.
type obs struct {
	item int32 // index into index.items
	v    float64
}

// iterValues is everything one subject holds for one iteration.
type iterValues struct {
	// item lists the items with a value, ascending, and v their values.
	// For a metric whose rows of the iteration are adjacent in its columns,
	// in item order, once each, v is that part of the value column (never
	// written to) and item may be the same array as other metrics' and
	// iterations' with the same items (index.shareItems).
	item []int32
	v    []float64
	// items holds the per-item values while the index is made, before
	// settle sorts and averages them into item and v; nil after.
	items []obs
	level []float64 // iteration-level values (metric values with no item)
	// agg holds the moments of a metric given as aggregates (its values
	// are then empty); nil otherwise.
	agg *stats.Moments
}

// empty reports whether the iteration has no value of the subject.
func (v *iterValues) empty() bool { return len(v.item) == 0 && len(v.level) == 0 }

// all returns every value: the per-item values, then the iteration-level
// ones.
func (v *iterValues) all() []float64 {
	return append(append(make([]float64, 0, len(v.v)+len(v.level)), v.v...), v.level...)
}

// mean returns the mean of all values, and false when there are none.
func (v *iterValues) mean() (float64, bool) {
	if v.agg != nil {
		return v.agg.Mean(), v.agg.N > 0
	}
	n := len(v.v) + len(v.level)
	if n == 0 {
		return 0, false
	}
	var s float64
	for _, x := range v.v {
		s += x
	}
	for _, x := range v.level {
		s += x
	}
	return s / float64(n), true
}

// subject is one metric or numeric dimension, its values by iteration, or
// one pairwise dimension, its scores by pair of iterations.
type subject struct {
	name      string
	kind      string // "metric", "dimension" or "pairwise" (KindPairwise)
	dir       project.Direction
	th        config.Thresholds
	iters     []iterValues // by iteration index; empty for a pairwise dimension
	hasValues bool
	// pairs holds a pairwise dimension's scores: for iterations i < j,
	// pairs[[2]int{i, j}] is j's score over i on each item judged, the
	// mean over the item's judgements of P when j was shown as B and
	// 1 - P when it was A (1 a win, 0.5 a tie, 0 a loss), sorted by item.
	pairs map[[2]int][]obs
	// paired holds a metric given as aggregates: its paired moments by
	// (iteration, against); nil for a subject with values.
	paired map[[2]string]project.PairedMoments
}

// sign is +1 when higher is better and -1 when lower is.
func (s *subject) sign() float64 {
	if s.dir == project.LowerIsBetter {
		return -1
	}
	return 1
}

// index holds the project's values in the shape the comparisons need:
// item IDs interned to integers, values grouped by subject and iteration.
type index struct {
	iterID    map[string]int
	items     []string // item IDs by index
	itemIdx   map[string]int32
	itemSlice []string   // the item's slice: the first non-empty slice a metric value gives it, else a judgement
	subjects  []*subject // metrics in project order, then numeric dimensions, then pairwise dimensions
	itemLists [][]int32  // the last item lists made (shareItems)
	// made says how each subject but the pairwise ones was made, by
	// subjects (reindex.go); sliced lists the items whose slice a subject
	// set, in order.
	made   []made
	sliced []int32
}

// newIndex indexes the values of p, taking from last (nil: none) every
// subject it can reuse as it is (reindex.go).
func newIndex(p *project.Project, opt Options, last *index) *index {
	x := &index{
		iterID:  make(map[string]int, len(p.Iterations)),
		itemIdx: make(map[string]int32, len(p.Items)),
	}
	for i, it := range p.Iterations {
		x.iterID[it.ID] = i
	}
	r := newReindex(x, last)
	for i := range p.Metrics {
		m := &p.Metrics[i]
		r.add(metricSource(m), func() *subject { return x.metric(m, opt) })
	}
	for i := range p.Dimensions {
		if d := &p.Dimensions[i]; d.Numeric {
			r.add(dimensionSource(d), func() *subject { return x.dimension(d, opt) })
		}
	}
	// The pairwise dimensions, last, are made anew every time.
	for i := range p.Pairwise {
		if s := x.pairwise(&p.Pairwise[i], opt); s.hasValues {
			x.subjects = append(x.subjects, s)
		}
	}
	return x
}

// item returns the index of an item ID, interning it when new.
func (x *index) item(id string) int32 {
	if i, ok := x.itemIdx[id]; ok {
		return i
	}
	i := int32(len(x.items))
	x.itemIdx[id] = i
	x.items = append(x.items, id)
	x.itemSlice = append(x.itemSlice, "")
	return i
}

func (x *index) metric(m *project.Metric, opt Options) *subject {
	s := &subject{name: m.Name, kind: "metric", dir: m.Direction, th: opt.MetricThresholds[m.Name]}
	s.iters = make([]iterValues, len(x.iterID))
	if m.Aggregated() {
		x.aggregatedMetric(s, m)
		return s
	}
	vals := &m.Values
	// The metric's iteration and item ids as the index numbers them (-1:
	// not an iteration of the series; items are numbered on first use, in
	// value order, as they were when the index read rows).
	iters := make([]int, vals.Iterations.Len())
	for id, name := range vals.Iterations.Names() {
		if it, ok := x.iterID[name]; ok {
			iters[id] = it
		} else {
			iters[id] = -1
		}
	}
	items := make([]int32, vals.Items.Len())
	for id := range items {
		items[id] = -1
	}
	noItem := int32(-1)
	if id, ok := vals.Items.Lookup(""); ok {
		noItem = id
	}
	// One pass to count each iteration's item values, so that each array
	// is made once at its size, and to find the iterations whose rows are
	// adjacent, each with an item and a finite value: their values are
	// read in place (columnView).
	counts := make([]int, len(s.iters))
	lo, next := make([]int, len(s.iters)), make([]int, len(s.iters))
	view := make([]bool, len(s.iters))
	for i := range view {
		view[i] = true
	}
	for i, v := range vals.Value {
		it := iters[vals.Iteration[i]]
		if it < 0 {
			continue
		}
		if next[it] == 0 {
			lo[it] = i
		} else if i != next[it] {
			view[it] = false
		}
		next[it] = i + 1
		if vals.Item[i] == noItem || !stats.IsFinite(v) {
			view[it] = false
		}
		if vals.Item[i] != noItem && stats.IsFinite(v) {
			counts[it]++
		}
	}
	for it, c := range counts {
		switch {
		case c > 0 && view[it]:
			s.iters[it].item = make([]int32, 0, c)
		case c > 0:
			s.iters[it].items = make([]obs, 0, c)
		}
	}
	for i, v := range vals.Value {
		it := iters[vals.Iteration[i]]
		if it < 0 || !stats.IsFinite(v) {
			continue
		}
		s.hasValues = true
		id := vals.Item[i]
		if id == noItem {
			s.iters[it].level = append(s.iters[it].level, v)
			continue
		}
		item := items[id]
		if item < 0 {
			item = x.item(vals.Items.Name(id))
			items[id] = item
		}
		if x.itemSlice[item] == "" {
			x.itemSlice[item] = vals.SliceName(i)
			x.sliced = append(x.sliced, item)
		}
		if view[it] {
			s.iters[it].item = append(s.iters[it].item, item)
		} else {
			s.iters[it].items = append(s.iters[it].items, obs{item, v})
		}
	}
	for it := range s.iters {
		if counts[it] > 0 && view[it] {
			x.columnView(&s.iters[it], vals.Value[lo[it]:lo[it]+counts[it]])
		}
	}
	s.settle()
	return s
}

// columnView sets v's values to col, the values of its items v.item in
// the metric's value column, when the items ascend (each once): the
// column is read in place and the item list shared with any earlier one
// that equals it. Otherwise v's values are copied for settle.
func (x *index) columnView(v *iterValues, col []float64) {
	ascending := true
	for k := 1; k < len(v.item); k++ {
		if v.item[k] <= v.item[k-1] {
			ascending = false
			break
		}
	}
	if !ascending {
		v.items = make([]obs, len(col))
		for k, it := range v.item {
			v.items[k] = obs{it, col[k]}
		}
		v.item = nil
		return
	}
	v.v = col[:len(col):len(col)]
	v.item = x.shareItems(v.item)
}

// shareItems returns an item list equal to items made before (the
// metrics of one file, and iterations scoring the same items, have the
// same), else items, remembered for the next calls.
func (x *index) shareItems(items []int32) []int32 {
	for _, l := range x.itemLists {
		if slices.Equal(l, items) {
			return l
		}
	}
	if len(x.itemLists) == 8 {
		x.itemLists = x.itemLists[1:]
	}
	x.itemLists = append(x.itemLists, items)
	return items
}

func (x *index) dimension(d *project.Dimension, opt Options) *subject {
	s := &subject{name: d.Name, kind: "dimension", th: opt.DimensionThresholds[d.Name]}
	if opt.DimensionDirection[d.Name] == "lower" {
		s.dir = project.LowerIsBetter
	}
	s.iters = make([]iterValues, len(x.iterID))
	rs := &d.Ratings
	// The dimension's iteration and item ids as the index numbers them,
	// as metric does: items numbered on first use, in rating order.
	iters := make([]int, rs.Iterations.Len())
	for id, name := range rs.Iterations.Names() {
		if it, ok := x.iterID[name]; ok {
			iters[id] = it
		} else {
			iters[id] = -1
		}
	}
	items := make([]int32, rs.Items.Len())
	for id := range items {
		items[id] = -1
	}
	noItem := int32(-1)
	if id, ok := rs.Items.Lookup(""); ok {
		noItem = id
	}
	use := func(i int) int {
		if it := iters[rs.Iteration[i]]; it >= 0 && rs.Item[i] != noItem && stats.IsFinite(rs.Value[i]) {
			return it
		}
		return -1
	}
	// Count first, so that each iteration's array is made once at its
	// size rather than holding every rating in a grown slice.
	counts := make([]int, len(s.iters))
	for i := range rs.Len() {
		if it := use(i); it >= 0 {
			counts[it]++
		}
	}
	for it, c := range counts {
		if c > 0 {
			s.iters[it].items = make([]obs, 0, c)
		}
	}
	for i, v := range rs.Value {
		it := use(i)
		if it < 0 {
			continue
		}
		s.hasValues = true
		id := rs.Item[i]
		item := items[id]
		if item < 0 {
			item = x.item(rs.Items.Name(id))
			items[id] = item
		}
		s.iters[it].items = append(s.iters[it].items, obs{item, v})
	}
	s.settle()
	return s
}

// pairwise indexes a pairwise dimension's judgements of two iterations
// (judgements naming a system that is not an iteration, or no item, are
// left out). The thresholds are those configured for the dimension, in
// win-rate units; its items' slices fill in those no metric gave.
func (x *index) pairwise(d *project.PairwiseDimension, opt Options) *subject {
	s := &subject{name: d.Name, kind: KindPairwise, th: opt.DimensionThresholds[d.Name],
		iters: make([]iterValues, len(x.iterID)), pairs: map[[2]int][]obs{}}
	for i := range d.Judgements {
		j := &d.Judgements[i]
		a, okA := x.iterID[j.SystemA]
		b, okB := x.iterID[j.SystemB]
		if !okA || !okB || a == b || j.Item == "" || !stats.IsFinite(j.P) {
			continue
		}
		key, score := [2]int{a, b}, j.P
		if a > b {
			key, score = [2]int{b, a}, 1-j.P
		}
		item := x.item(j.Item)
		if x.itemSlice[item] == "" {
			x.itemSlice[item] = j.Slice
			x.sliced = append(x.sliced, item)
		}
		s.pairs[key] = append(s.pairs[key], obs{item, score})
		s.hasValues = true
	}
	for k, v := range s.pairs {
		s.pairs[k] = perItem(v)
	}
	return s
}

// preference returns the pairing of a pairwise subject for iteration cand
// against iteration against: cand's score over against on each item both
// were judged on (a), against the 0.5 of no preference (b); nil when the
// two were never judged against each other.
func (s *subject) preference(cand, against int) *pairing {
	key, flip := [2]int{against, cand}, false
	if cand < against {
		key, flip = [2]int{cand, against}, true
	}
	v := s.pairs[key]
	if len(v) == 0 {
		return nil
	}
	n := len(v)
	pr := &pairing{items: make([]int32, n), diffs: make([]float64, n), meanB: 0.5}
	a := make([]float64, n)
	for i, o := range v {
		w := o.v
		if flip {
			w = 1 - w
		}
		pr.items[i], a[i], pr.diffs[i] = o.item, w, w-0.5
	}
	pr.meanA = stats.Mean(a)
	return pr
}

// settle sorts every iteration's per-item values by item and replaces the
// values of an item seen more than once by their mean (the consensus of a
// dimension's ratings, or repeated runs of a metric), into item and v.
func (s *subject) settle() {
	for i := range s.iters {
		v := &s.iters[i]
		if v.items == nil {
			continue
		}
		o := perItem(v.items)
		v.item, v.v, v.items = make([]int32, len(o)), make([]float64, len(o)), nil
		for k, x := range o {
			v.item[k], v.v[k] = x.item, x.v
		}
	}
}

// perItem sorts values by item (stably) and replaces the values of an item
// seen more than once by their mean, in place.
func perItem(v []obs) []obs {
	byItem := func(a, b obs) int { return cmp.Compare(a.item, b.item) }
	if !slices.IsSortedFunc(v, byItem) {
		slices.SortStableFunc(v, byItem)
	}
	out := v[:0]
	for j := 0; j < len(v); {
		k, sum := j, 0.0
		for ; k < len(v) && v[k].item == v[j].item; k++ {
			sum += v[k].v
		}
		out = append(out, obs{v[j].item, sum / float64(k-j)})
		j = k
	}
	return out
}
