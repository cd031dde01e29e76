package project

import (
	"fmt"
	"math"
	"time"
	"unsafe"
)

// Intern is a table of distinct strings, each numbered by a small integer
// id in order of first appearance: the names of a column (items, raters,
// iterations, labels, files) held once, however many rows name them. The
// zero value is an empty table, ready to use. A table is filled while its
// columns are built and read-only from then on.
type Intern struct {
	names []string
	ids   map[string]int32
	last  int32 // 1 + the id ID returned last, 0 before the first
	// recent holds ids with the address of the bytes of the string they
	// were looked up with: readers intern their names once per file, so
	// a name that comes back (a row's dimension, a scale's labels) is
	// the same string, found without hashing it.
	recent [internRecent]internSlot
}

// internRecent is the size of Intern.recent, a power of two.
const internRecent = 16

// internSlot is an entry of Intern.recent: a string's bytes and length,
// and 1 + its id (0: empty). Holding the pointer keeps those bytes alive,
// so the address names the same text for as long as the slot holds it.
type internSlot struct {
	p  *byte
	n  int
	id int32
}

// recentSlot returns the slot of Intern.recent for s: from its length and
// its first and last bytes, so that a table's state depends on the
// strings it was given and not on where they are in memory.
func recentSlot(s string) int {
	if s == "" {
		return 0
	}
	return (len(s) + int(s[0]) + 3*int(s[len(s)-1])) & (internRecent - 1)
}

// ID returns the id of s, adding s when it is new. Columns are filled in
// runs (an item's ratings, an iteration's values), so the id returned last
// is tried before the map, and then the ids of the strings at the same
// address as s (recent). Like every change to a table, ID is for the one
// goroutine that fills it.
func (t *Intern) ID(s string) int32 {
	if t.last > 0 && t.names[t.last-1] == s {
		return t.last - 1
	}
	p := unsafe.StringData(s)
	e := &t.recent[recentSlot(s)]
	if e.id > 0 && e.p == p && e.n == len(s) {
		t.last = e.id
		return e.id - 1
	}
	id, ok := t.ids[s]
	if !ok {
		if t.ids == nil {
			t.ids = map[string]int32{}
		}
		id = int32(len(t.names))
		t.names = append(t.names, s)
		t.ids[s] = id
	}
	*e = internSlot{p: p, n: len(s), id: id + 1}
	t.last = id + 1
	return id
}

// Lookup returns the id of s and whether the table has it.
func (t *Intern) Lookup(s string) (int32, bool) {
	if t == nil {
		return 0, false
	}
	id, ok := t.ids[s]
	return id, ok
}

// Name returns the string numbered id.
func (t *Intern) Name(id int32) string { return t.names[id] }

// Len returns the number of distinct strings.
func (t *Intern) Len() int {
	if t == nil {
		return 0
	}
	return len(t.names)
}

// Names returns the strings in id order; the caller must not modify it.
func (t *Intern) Names() []string {
	if t == nil {
		return nil
	}
	return t.names
}

// Ratings is a dimension's ratings as columns: one entry per rating in each
// column, in input order (files by name, then rows), with the strings
// interned once per dimension. A rating is about 32 bytes instead of a
// Rating's 136 plus what its strings point to; analyses that only count,
// group or sum use the id columns directly, everything else reads a
// Rating view with At.
//
// The zero value holds no ratings. Build one with Append (or RatingsOf);
// once built it is read-only, like the rest of a Project, and copying the
// value shares the columns.
type Ratings struct {
	Items, Raters, Iterations, Labels *Intern
	Files, Comments                   *Intern

	Item, Rater, Iteration []int32 // ids in Items, Raters, Iterations
	// Label holds the id in Labels of the value as written; Value the
	// number (numeric dimensions), the label's position in
	// Dimension.Labels (ordinal label dimensions) or 0.
	Label []int32
	Value []float64
	// Time holds each rating's time as Unix nanoseconds (NoTime for
	// none) while every time is UTC and within the years 1678 to 2261
	// (what readers make); Times holds them as they are from the first one
	// that is not, and Time is then nil. Both are nil when no rating has a
	// time; use TimeAt. Comment (ids in Comments) is nil when no rating
	// has a comment.
	Time    []int64
	Times   []time.Time
	Comment []int32
	File    []int32  // ids in Files
	Line    []uint32 // 1-based
}

// RatingsOf returns rs as columns.
func RatingsOf(rs []Rating) Ratings {
	var c Ratings
	c.Grow(len(rs))
	for _, r := range rs {
		c.Append(r)
	}
	return c
}

// Len returns the number of ratings.
func (c *Ratings) Len() int { return len(c.Item) }

// Grow makes room for n more ratings, in the time and comment columns
// too when they are made (a column made later takes the capacity of the
// others), so that appending n ratings never copies a column.
func (c *Ratings) Grow(n int) {
	c.Item = grow(c.Item, n)
	c.Rater = grow(c.Rater, n)
	c.Iteration = grow(c.Iteration, n)
	c.Label = grow(c.Label, n)
	c.Value = grow(c.Value, n)
	c.File = grow(c.File, n)
	c.Line = grow(c.Line, n)
	if c.Time != nil {
		c.Time = grow(c.Time, n)
	}
	if c.Times != nil {
		c.Times = grow(c.Times, n)
	}
	if c.Comment != nil {
		c.Comment = grow(c.Comment, n)
	}
}

func grow[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	out := make([]T, len(s), len(s)+n)
	copy(out, s)
	return out
}

// Append adds r at the end.
func (c *Ratings) Append(r Rating) {
	c.tables()
	c.Item = append(c.Item, c.Items.ID(r.Item))
	c.Rater = append(c.Rater, c.Raters.ID(r.Rater))
	c.Iteration = append(c.Iteration, c.Iterations.ID(r.Iteration))
	c.Label = append(c.Label, c.Labels.ID(r.Label))
	c.Value = append(c.Value, r.Value)
	c.File = append(c.File, c.Files.ID(r.Pos.File))
	c.Line = append(c.Line, uint32(r.Pos.Line))
	c.appendOptional(c.Len()-1, r.Time, r.Comment)
}

func (c *Ratings) tables() {
	if c.Items == nil {
		c.Items, c.Raters, c.Iterations, c.Labels = &Intern{}, &Intern{}, &Intern{}, &Intern{}
		c.Files, c.Comments = &Intern{}, &Intern{}
	}
}

// SetOptional makes the time and comment columns of ratings whose other
// columns are made whole (column by column rather than by Append), as
// Append makes them: at returns the time and comment of rating i.
func (c *Ratings) SetOptional(at func(i int) (time.Time, string)) {
	c.tables()
	for i := range c.Len() {
		t, comment := at(i)
		c.appendOptional(i, t, comment)
	}
}

// appendOptional appends to the time and comment columns of rating n,
// whose other columns are appended, making either column when the first
// rating has one.
func (c *Ratings) appendOptional(n int, t time.Time, comment string) {
	switch {
	case c.Times != nil:
		c.Times = append(c.Times, t)
	case t.IsZero() && c.Time == nil:
	case compactTime(t):
		if c.Time == nil {
			c.Time = make([]int64, n, cap(c.Item))
			for i := range c.Time {
				c.Time[i] = NoTime
			}
		}
		if t.IsZero() {
			c.Time = append(c.Time, NoTime)
		} else {
			c.Time = append(c.Time, t.UnixNano())
		}
	default:
		times := make([]time.Time, n, cap(c.Item))
		for i := range times {
			times[i] = c.TimeAt(i)
		}
		c.Time, c.Times = nil, append(times, t)
	}
	if comment != "" && c.Comment == nil {
		c.Comment = make([]int32, n, cap(c.Item))
		empty := c.Comments.ID("")
		for i := range c.Comment {
			c.Comment[i] = empty
		}
	}
	if c.Comment != nil {
		c.Comment = append(c.Comment, c.Comments.ID(comment))
	}
}

// Remap maps the ids of one table to those of another, adding each name
// to the other on its first use: one map lookup per name, not per row.
type Remap struct {
	from, to *Intern
	ids      []int32 // -1: not yet looked up
}

// NewRemap returns a Remap from the table from to the table to.
func NewRemap(from, to *Intern) *Remap {
	m := &Remap{from: from, to: to, ids: make([]int32, from.Len())}
	for i := range m.ids {
		m.ids[i] = -1
	}
	return m
}

// ID returns the id in the target table of the name numbered id in the
// source table.
func (m *Remap) ID(id int32) int32 {
	if m.ids[id] < 0 {
		m.ids[id] = m.to.ID(m.from.Name(id))
	}
	return m.ids[id]
}

// RatingsRemap maps every table of one Ratings to those of another, for
// AppendFrom.
type RatingsRemap struct {
	src                                 *Ratings
	item, rater, iteration, label, file *Remap
}

// RemapFrom returns the mapping of src's tables to c's.
func (c *Ratings) RemapFrom(src *Ratings) *RatingsRemap {
	c.tables()
	return &RatingsRemap{src: src,
		item: NewRemap(src.Items, c.Items), rater: NewRemap(src.Raters, c.Raters), iteration: NewRemap(src.Iterations, c.Iterations),
		label: NewRemap(src.Labels, c.Labels), file: NewRemap(src.Files, c.Files)}
}

// AppendFrom adds the i-th rating of m's source (see RemapFrom) with the
// value v: what Append(src.At(i)) with that value does, without a map
// lookup per rating.
func (c *Ratings) AppendFrom(m *RatingsRemap, i int, v float64) {
	src := m.src
	c.Item = append(c.Item, m.item.ID(src.Item[i]))
	c.Rater = append(c.Rater, m.rater.ID(src.Rater[i]))
	c.Iteration = append(c.Iteration, m.iteration.ID(src.Iteration[i]))
	c.Label = append(c.Label, m.label.ID(src.Label[i]))
	c.Value = append(c.Value, v)
	c.File = append(c.File, m.file.ID(src.File[i]))
	c.Line = append(c.Line, src.Line[i])
	t := src.TimeAt(i)
	comment := ""
	if src.Comment != nil {
		comment = src.Comments.Name(src.Comment[i])
	}
	c.appendOptional(c.Len()-1, t, comment)
}

// At returns the i-th rating. Its strings are the tables' own, so it
// allocates nothing.
func (c *Ratings) At(i int) Rating {
	r := Rating{
		Item:      c.Items.names[c.Item[i]],
		Rater:     c.Raters.names[c.Rater[i]],
		Iteration: c.Iterations.names[c.Iteration[i]],
		Value:     c.Value[i],
		Label:     c.Labels.names[c.Label[i]],
		Pos:       Pos{File: c.Files.names[c.File[i]], Line: int(c.Line[i])},
	}
	r.Time = c.TimeAt(i)
	if c.Comment != nil {
		r.Comment = c.Comments.names[c.Comment[i]]
	}
	return r
}

// Pos returns the position of the i-th rating.
func (c *Ratings) Pos(i int) Pos {
	return Pos{File: c.Files.names[c.File[i]], Line: int(c.Line[i])}
}

// Filter returns the ratings for which keep is true, as new columns that
// share c's tables (c is not changed).
func (c *Ratings) Filter(keep func(i int) bool) Ratings {
	out := Ratings{Items: c.Items, Raters: c.Raters, Iterations: c.Iterations, Labels: c.Labels, Files: c.Files, Comments: c.Comments}
	var idx []int
	for i := range c.Len() {
		if keep(i) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return Ratings{}
	}
	out.Item = pick(c.Item, idx)
	out.Rater = pick(c.Rater, idx)
	out.Iteration = pick(c.Iteration, idx)
	out.Label = pick(c.Label, idx)
	out.Value = pick(c.Value, idx)
	out.File = pick(c.File, idx)
	out.Line = pick(c.Line, idx)
	if c.Time != nil {
		out.Time = pick(c.Time, idx)
	}
	if c.Times != nil {
		out.Times = pick(c.Times, idx)
	}
	if c.Comment != nil {
		out.Comment = pick(c.Comment, idx)
	}
	return out
}

func pick[T any](s []T, idx []int) []T {
	out := make([]T, len(idx))
	for k, i := range idx {
		out[k] = s[i]
	}
	return out
}

// Same reports whether c and o are the very same columns (not merely equal
// ones): a cheap test that a dimension's ratings are unchanged.
func (c *Ratings) Same(o *Ratings) bool {
	if c.Len() != o.Len() {
		return false
	}
	return c.Len() == 0 || &c.Item[0] == &o.Item[0]
}

// Slice returns the ratings as one Rating each, for code that wants rows
// (tests, small dimensions).
func (c *Ratings) Slice() []Rating {
	out := make([]Rating, c.Len())
	for i := range out {
		out[i] = c.At(i)
	}
	return out
}

// String formats the ratings as rows, so that printing a Dimension shows
// them rather than the columns' pointers.
func (c Ratings) String() string { return fmt.Sprintf("%+v", c.Slice()) }

// NoTime is the Time of a rating without a time.
const NoTime = math.MinInt64

// compactTime reports whether t (not zero) is kept exactly as Unix
// nanoseconds: UTC, within what they span.
func compactTime(t time.Time) bool {
	if t.IsZero() {
		return true
	}
	// Years 1678 to 2261 in UTC, compared as Unix seconds: t.Year() costs
	// a calendar computation per rating.
	sec := t.Unix()
	return t.Location() == time.UTC && sec >= compactFrom && sec < compactTo && t.Equal(time.Unix(0, t.UnixNano()))
}

// compactFrom and compactTo are the Unix seconds of 1678-01-01 and
// 2262-01-01 UTC, the span of years compactTime keeps.
var (
	compactFrom = time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	compactTo   = time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
)

// TimeAt returns the time of the i-th rating; zero for none.
func (c *Ratings) TimeAt(i int) time.Time {
	switch {
	case c.Times != nil:
		return c.Times[i]
	case c.Time == nil || c.Time[i] == NoTime:
		return time.Time{}
	}
	return time.Unix(0, c.Time[i]).UTC()
}
