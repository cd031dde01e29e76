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
	items []obs     // one per item, sorted by item index
	level []float64 // iteration-level values (metric values with no item)
}

// empty reports whether the iteration has no value of the subject.
func (v *iterValues) empty() bool { return len(v.items) == 0 && len(v.level) == 0 }

// all returns every value: the per-item values, then the iteration-level
// ones.
func (v *iterValues) all() []float64 {
	out := make([]float64, 0, len(v.items)+len(v.level))
	for _, o := range v.items {
		out = append(out, o.v)
	}
	return append(out, v.level...)
}

// mean returns the mean of all values, and false when there are none.
func (v *iterValues) mean() (float64, bool) {
	n := len(v.items) + len(v.level)
	if n == 0 {
		return 0, false
	}
	var s float64
	for _, o := range v.items {
		s += o.v
	}
	for _, x := range v.level {
		s += x
	}
	return s / float64(n), true
}

// subject is one metric or numeric dimension, its values by iteration.
type subject struct {
	name      string
	kind      string // "metric" or "dimension"
	dir       project.Direction
	th        config.Thresholds
	iters     []iterValues // by iteration index
	hasValues bool
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
	itemSlice []string   // the item's slice: the first non-empty slice a metric value gives it
	subjects  []*subject // metrics in project order, then numeric dimensions
}

func newIndex(p *project.Project, opt Options) *index {
	x := &index{
		iterID:  make(map[string]int, len(p.Iterations)),
		itemIdx: make(map[string]int32, len(p.Items)),
	}
	for i, it := range p.Iterations {
		x.iterID[it.ID] = i
	}
	for i := range p.Metrics {
		x.subjects = append(x.subjects, x.metric(&p.Metrics[i], opt))
	}
	for i := range p.Dimensions {
		if d := &p.Dimensions[i]; d.Numeric {
			x.subjects = append(x.subjects, x.dimension(d, opt))
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

// iteration returns the index of an iteration ID, remembering the last
// lookup: values come in long runs of one iteration.
type iterCache struct {
	x    *index
	last string
	idx  int
	ok   bool
}

func (c *iterCache) lookup(id string) (int, bool) {
	if id != c.last || c.idx < 0 {
		c.last = id
		c.idx, c.ok = c.x.iterID[id]
	}
	return c.idx, c.ok
}

func (x *index) metric(m *project.Metric, opt Options) *subject {
	s := &subject{name: m.Name, kind: "metric", dir: m.Direction, th: opt.MetricThresholds[m.Name]}
	s.iters = make([]iterValues, len(x.iterID))
	c := iterCache{x: x, idx: -1}
	for i := range m.Values {
		v := &m.Values[i]
		it, ok := c.lookup(v.Iteration)
		if !ok || !stats.IsFinite(v.Value) {
			continue
		}
		s.hasValues = true
		if v.Item == "" {
			s.iters[it].level = append(s.iters[it].level, v.Value)
			continue
		}
		item := x.item(v.Item)
		if x.itemSlice[item] == "" {
			x.itemSlice[item] = v.Slice
		}
		s.iters[it].items = append(s.iters[it].items, obs{item, v.Value})
	}
	s.settle()
	return s
}

func (x *index) dimension(d *project.Dimension, opt Options) *subject {
	s := &subject{name: d.Name, kind: "dimension", th: opt.DimensionThresholds[d.Name]}
	if opt.DimensionDirection[d.Name] == "lower" {
		s.dir = project.LowerIsBetter
	}
	s.iters = make([]iterValues, len(x.iterID))
	c := iterCache{x: x, idx: -1}
	for i := range d.Ratings {
		r := &d.Ratings[i]
		it, ok := c.lookup(r.Iteration)
		if !ok || r.Item == "" || !stats.IsFinite(r.Value) {
			continue
		}
		s.hasValues = true
		s.iters[it].items = append(s.iters[it].items, obs{x.item(r.Item), r.Value})
	}
	s.settle()
	return s
}

// settle sorts every iteration's per-item values by item and replaces the
// values of an item seen more than once by their mean: the consensus of a
// dimension's ratings, or repeated runs of a metric.
func (s *subject) settle() {
	for i := range s.iters {
		v := s.iters[i].items
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
		s.iters[i].items = out
	}
}
