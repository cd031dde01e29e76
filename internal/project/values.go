package project

import (
	"fmt"
	"slices"
	"time"
)

// ValueTables are the intern tables value columns number their strings in.
// The metrics read from one file share one set, so that an item named in a
// row of five metrics is held once and has the same id in all five.
type ValueTables struct {
	Items, Iterations, Slices, Files *Intern
}

// NewValueTables returns empty tables.
func NewValueTables() ValueTables {
	return ValueTables{Items: &Intern{}, Iterations: &Intern{}, Slices: &Intern{}, Files: &Intern{}}
}

// Values is a metric's values as columns: one entry per value in each
// column, in input order (files by name, then rows), with the strings
// interned in the ValueTables. A value is 28 bytes (a time adds 24 when
// the input has times) instead of a MetricValue's 104; analyses that
// group, join or sum use the id columns directly, everything else reads a
// MetricValue view with At.
//
// The zero value holds no values. Build one with Append, AppendRow or
// AppendValues (or ValuesOf); once built it is read-only, like the rest of
// a Project, and copying the value shares the columns.
type Values struct {
	ValueTables
	Item, Iteration, Slice []int32 // ids in Items, Iterations, Slices
	Value                  []float64
	// Time is nil when no value has a time.
	Time []time.Time
	File []int32  // ids in Files
	Line []uint32 // 1-based
}

// ValuesOf returns vs as columns.
func ValuesOf(vs []MetricValue) Values {
	var c Values
	c.Grow(len(vs))
	for _, v := range vs {
		c.Append(v)
	}
	return c
}

// Len returns the number of values.
func (c *Values) Len() int { return len(c.Value) }

// Grow makes room for n more values.
func (c *Values) Grow(n int) {
	c.Item = grow(c.Item, n)
	c.Iteration = grow(c.Iteration, n)
	c.Slice = grow(c.Slice, n)
	c.Value = grow(c.Value, n)
	c.File = grow(c.File, n)
	c.Line = grow(c.Line, n)
	if c.Time != nil {
		c.Time = grow(c.Time, n)
	}
}

// ValueRow is one row's ids in a set of ValueTables, interned once and
// appended to each metric the row has a value of.
type ValueRow struct {
	Item, Iteration, Slice, File int32
	Line                         uint32
	Time                         time.Time
}

// Row interns the strings of v (but its Value) in t.
func (t ValueTables) Row(v MetricValue) ValueRow {
	return ValueRow{Item: t.Items.ID(v.Item), Iteration: t.Iterations.ID(v.Iteration), Slice: t.Slices.ID(v.Slice),
		File: t.Files.ID(v.Pos.File), Line: uint32(v.Pos.Line), Time: v.Time}
}

// Append adds vs at the end.
func (c *Values) Append(vs ...MetricValue) {
	if c.Items == nil {
		c.ValueTables = NewValueTables()
	}
	for _, v := range vs {
		c.AppendRow(c.Row(v), v.Value)
	}
}

// AppendRow adds the value x of row r, whose ids are in c's tables.
func (c *Values) AppendRow(r ValueRow, x float64) {
	n := c.Len()
	c.Item = append(c.Item, r.Item)
	c.Iteration = append(c.Iteration, r.Iteration)
	c.Slice = append(c.Slice, r.Slice)
	c.Value = append(c.Value, x)
	c.File = append(c.File, r.File)
	c.Line = append(c.Line, r.Line)
	if !r.Time.IsZero() && c.Time == nil {
		c.Time = make([]time.Time, n, cap(c.Value))
	}
	if c.Time != nil {
		c.Time = append(c.Time, r.Time)
	}
}

// AppendValues adds o's values at the end, numbering their strings in c's
// tables (o's ids as they are when both share the tables). c never takes
// o's tables: they may be shared with a cached parse.
func (c *Values) AppendValues(o *Values) {
	if o.Len() == 0 {
		return
	}
	if c.Items == nil {
		c.ValueTables = NewValueTables()
	}
	n := c.Len()
	c.Grow(o.Len())
	if c.ValueTables == o.ValueTables {
		c.Item = append(c.Item, o.Item...)
		c.Iteration = append(c.Iteration, o.Iteration...)
		c.Slice = append(c.Slice, o.Slice...)
		c.File = append(c.File, o.File...)
	} else {
		c.Item = appendMapped(c.Item, o.Item, o.Items, c.Items)
		c.Iteration = appendMapped(c.Iteration, o.Iteration, o.Iterations, c.Iterations)
		c.Slice = appendMapped(c.Slice, o.Slice, o.Slices, c.Slices)
		c.File = appendMapped(c.File, o.File, o.Files, c.Files)
	}
	c.Value = append(c.Value, o.Value...)
	c.Line = append(c.Line, o.Line...)
	switch {
	case o.Time != nil && c.Time == nil:
		c.Time = append(make([]time.Time, n, cap(c.Value)), o.Time...)
	case o.Time != nil:
		c.Time = append(c.Time, o.Time...)
	case c.Time != nil:
		c.Time = append(c.Time, make([]time.Time, o.Len())...)
	}
}

// appendMapped appends ids of the table from to dst, numbered in to.
func appendMapped(dst, ids []int32, from, to *Intern) []int32 {
	m := make([]int32, from.Len())
	for i, s := range from.Names() {
		m[i] = to.ID(s)
	}
	for _, id := range ids {
		dst = append(dst, m[id])
	}
	return dst
}

// At returns the i-th value. Its strings are the tables' own, so it
// allocates nothing.
func (c *Values) At(i int) MetricValue {
	v := MetricValue{
		Iteration: c.Iterations.names[c.Iteration[i]],
		Item:      c.Items.names[c.Item[i]],
		Slice:     c.Slices.names[c.Slice[i]],
		Value:     c.Value[i],
		Pos:       Pos{File: c.Files.names[c.File[i]], Line: int(c.Line[i])},
	}
	if c.Time != nil {
		v.Time = c.Time[i]
	}
	return v
}

// Pos returns the position of the i-th value.
func (c *Values) Pos(i int) Pos {
	return Pos{File: c.Files.names[c.File[i]], Line: int(c.Line[i])}
}

// ItemName, IterationName and SliceName return the i-th value's item,
// iteration and slice.
func (c *Values) ItemName(i int) string { return c.Items.names[c.Item[i]] }

// IterationName returns the i-th value's iteration.
func (c *Values) IterationName(i int) string { return c.Iterations.names[c.Iteration[i]] }

// SliceName returns the i-th value's slice ("" for none).
func (c *Values) SliceName(i int) string { return c.Slices.names[c.Slice[i]] }

// Filter returns the values for which keep is true, as new columns that
// share c's tables (c is not changed).
func (c *Values) Filter(keep func(i int) bool) Values {
	var idx []int
	for i := range c.Len() {
		if keep(i) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return Values{}
	}
	out := Values{ValueTables: c.ValueTables}
	out.Item = pick(c.Item, idx)
	out.Iteration = pick(c.Iteration, idx)
	out.Slice = pick(c.Slice, idx)
	out.Value = pick(c.Value, idx)
	out.File = pick(c.File, idx)
	out.Line = pick(c.Line, idx)
	if c.Time != nil {
		out.Time = pick(c.Time, idx)
	}
	return out
}

// Same reports whether c and o are the very same columns (not merely equal
// ones): a cheap test that a metric's values are unchanged.
func (c *Values) Same(o *Values) bool {
	if c.Len() != o.Len() {
		return false
	}
	return c.Len() == 0 || &c.Value[0] == &o.Value[0]
}

// Rows returns the values as one MetricValue each, for code that wants
// rows (tests, the cache's files).
func (c *Values) Rows() []MetricValue {
	out := make([]MetricValue, c.Len())
	for i := range out {
		out[i] = c.At(i)
	}
	return out
}

// String formats the values as rows, so that printing a Metric shows them
// rather than the columns' pointers.
func (c Values) String() string { return fmt.Sprintf("%+v", c.Rows()) }

// Clip removes the unused capacity of the columns, so that appending to a
// copy of c never writes into c's arrays.
func (c *Values) Clip() {
	c.Item, c.Iteration, c.Slice = slices.Clip(c.Item), slices.Clip(c.Iteration), slices.Clip(c.Slice)
	c.Value, c.File, c.Line, c.Time = slices.Clip(c.Value), slices.Clip(c.File), slices.Clip(c.Line), slices.Clip(c.Time)
}
