package experiment

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// rowDimension is index.dimension as it was written over rating rows
// (Ratings.At), kept to check the column version against.
func (x *index) rowDimension(d *project.Dimension, opt Options) *subject {
	s := &subject{name: d.Name, kind: "dimension", th: opt.DimensionThresholds[d.Name]}
	if opt.DimensionDirection[d.Name] == "lower" {
		s.dir = project.LowerIsBetter
	}
	s.iters = make([]iterValues, len(x.iterID))
	for i := range d.Ratings.Len() {
		r := d.Ratings.At(i)
		it, ok := x.iterID[r.Iteration]
		if !ok || r.Item == "" || !stats.IsFinite(r.Value) {
			continue
		}
		s.hasValues = true
		s.iters[it].items = append(s.iters[it].items, obs{x.item(r.Item), r.Value})
	}
	s.settle()
	return s
}

// TestIndexDimension checks that the index reads a dimension's rating
// columns as it read their rows: the same values per iteration and item,
// items numbered in the same order, ratings with no item, no finite value
// or an iteration outside the series left out, repeated ratings averaged.
func TestIndexDimension(t *testing.T) {
	p, opt := loadExample(t)
	odd := project.Dimension{Name: "odd", Numeric: true, Ratings: project.RatingsOf([]project.Rating{
		{Item: "z-new", Rater: "a", Iteration: p.Iterations[1].ID, Value: 2},
		{Item: "", Rater: "a", Iteration: p.Iterations[1].ID, Value: 5},
		{Item: "z-new", Rater: "b", Iteration: p.Iterations[1].ID, Value: 3},
		{Item: "y-new", Rater: "a", Iteration: "not-in-series", Value: 4},
		{Item: "x-new", Rater: "a", Iteration: p.Iterations[0].ID, Value: math.NaN()},
		{Item: "w-new", Rater: "a", Iteration: "", Value: 1},
		{Item: "a-new", Rater: "a", Iteration: p.Iterations[0].ID, Value: 1},
		{Item: "z-new", Rater: "c", Iteration: p.Iterations[0].ID, Value: math.Inf(1)},
	})}
	dims := append([]project.Dimension{odd, {Name: "empty", Numeric: true}}, p.Dimensions...)
	build := func(dim func(x *index, d *project.Dimension) *subject) *index {
		x := &index{iterID: map[string]int{}, itemIdx: map[string]int32{}}
		for i, it := range p.Iterations {
			x.iterID[it.ID] = i
		}
		for i := range p.Metrics {
			x.subjects = append(x.subjects, x.metric(&p.Metrics[i], opt))
		}
		for i := range dims {
			if dims[i].Numeric {
				x.subjects = append(x.subjects, dim(x, &dims[i]))
			}
		}
		return x
	}
	cols := build(func(x *index, d *project.Dimension) *subject { return x.dimension(d, opt) })
	rows := build(func(x *index, d *project.Dimension) *subject { return x.rowDimension(d, opt) })
	if !reflect.DeepEqual(cols.items, rows.items) || !reflect.DeepEqual(cols.itemSlice, rows.itemSlice) {
		t.Errorf("items numbered differently: %d and %d items", len(cols.items), len(rows.items))
	}
	if len(cols.subjects) != len(rows.subjects) || len(cols.subjects) < len(p.Metrics)+2 {
		t.Fatalf("%d and %d subjects", len(cols.subjects), len(rows.subjects))
	}
	for i := range cols.subjects {
		c, r := cols.subjects[i], rows.subjects[i]
		for it := range c.iters {
			c.iters[it].items, r.iters[it].items = normal(c.iters[it].items), normal(r.iters[it].items)
		}
		if !reflect.DeepEqual(c, r) {
			t.Errorf("subject %s: the columns give %+v, the rows %+v", c.name, c.iters, r.iters)
		}
	}
	odds := cols.subjects[len(p.Metrics)]
	if got := odds.iters[1]; len(got.item) != 1 || got.v[0] != 2.5 || cols.items[got.item[0]] != "z-new" {
		t.Errorf("odd in %s: %+v, want z-new at 2.5", p.Iterations[1].ID, got)
	}
}

// normal returns v with nil for empty, so that capacity and nil-ness do
// not count.
func normal(v []obs) []obs {
	if len(v) == 0 {
		return nil
	}
	return v
}

// TestIndexColumnView: a metric whose rows of an iteration are adjacent,
// in item order, is read in place (its values are a part of the value
// column, its item list shared with the other iteration's), and indexes
// as the same rows in another order do, which are copied and sorted.
func TestIndexColumnView(t *testing.T) {
	var rows []project.MetricValue
	for _, it := range []string{"a", "b"} {
		for i := range 50 {
			rows = append(rows, project.MetricValue{Iteration: it, Item: fmt.Sprintf("q%02d", i), Value: float64(i*i%7) + 0.5})
		}
	}
	var shuffled []project.MetricValue // the iterations' rows interleaved, in reverse
	for i := 49; i >= 0; i-- {
		shuffled = append(shuffled, rows[50+i], rows[i])
	}
	opt := Options{}.withDefaults()
	inOrder := project.Metric{Name: "m", Values: project.ValuesOf(rows)}
	x := newIndex(twoIterations(inOrder), opt, nil)
	y := newIndex(twoIterations(project.Metric{Name: "m", Values: project.ValuesOf(shuffled)}), opt, nil)
	a, b := x.subjects[0].iters, y.subjects[0].iters
	if &a[1].v[0] != &inOrder.Values.Value[50] || &a[0].item[0] != &a[1].item[0] {
		t.Error("the ordered rows were copied, not read in place")
	}
	if &b[1].v[0] == &inOrder.Values.Value[50] || b[0].items != nil {
		t.Error("the interleaved rows were not copied and settled")
	}
	for it := range a {
		na, nb := byName(x, a[it]), byName(y, b[it])
		if !reflect.DeepEqual(na, nb) {
			t.Errorf("iteration %d: in place %v, copied %v", it, na, nb)
		}
	}
}

// byName returns an iteration's values by item ID.
func byName(x *index, v iterValues) map[string]float64 {
	out := map[string]float64{}
	for k, it := range v.item {
		out[x.items[it]] = v.v[k]
	}
	return out
}
