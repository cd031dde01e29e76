package experiment

import (
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
	if got := odds.iters[1].items; len(got) != 1 || got[0].v != 2.5 || cols.items[got[0].item] != "z-new" {
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
