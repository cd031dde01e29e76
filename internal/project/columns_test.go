package project

import (
	"reflect"
	"testing"
	"time"
)

// TestRatingsRoundTrip wants every rating back from its columns as it was
// appended, with the time and comment columns made only when a rating has
// one (and earlier ratings then reading as zero and "").
func TestRatingsRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	utc := time.Date(2026, 3, 1, 8, 30, 0, 123, time.UTC)
	tests := []struct {
		name              string
		rows              []Rating
		wantTime, wantCmt bool
		compact           bool // the times as Unix nanoseconds
	}{
		{"none", nil, false, false, false},
		{"plain", []Rating{
			{Item: "q1", Rater: "ann", Iteration: "v1", Value: 4, Label: "4", Pos: Pos{"a.csv", 2}},
			{Item: "q1", Rater: "bob", Iteration: "v1", Value: 3, Label: "3", Pos: Pos{"a.csv", 3}},
			{Item: "q2", Rater: "ann", Value: 4, Label: "4.0", Pos: Pos{"b.csv", 2}},
		}, false, false, false},
		{"UTC times, one missing", []Rating{
			{Item: "q1", Rater: "ann", Label: "ok", Time: utc, Pos: Pos{"a.csv", 2}},
			{Item: "q2", Rater: "ann", Label: "ok", Pos: Pos{"a.csv", 3}},
			{Item: "q3", Rater: "ann", Label: "ok", Time: utc.Add(1500 * time.Millisecond), Pos: Pos{"a.csv", 4}},
		}, true, false, true},
		{"a zone after UTC times", []Rating{
			{Item: "q1", Rater: "ann", Label: "ok", Time: utc, Pos: Pos{"a.csv", 2}},
			{Item: "q2", Rater: "ann", Label: "ok", Time: at, Pos: Pos{"a.csv", 3}},
			{Item: "q3", Rater: "ann", Label: "ok", Pos: Pos{"a.csv", 4}},
		}, true, false, false},
		{"before 1678", []Rating{
			{Item: "q1", Rater: "ann", Label: "ok", Time: time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC), Pos: Pos{"a.csv", 2}},
		}, true, false, false},
		{"time and comment later", []Rating{
			{Item: "q1", Rater: "ann", Label: "ok", Pos: Pos{"a.jsonl", 1}},
			{Item: "q2", Rater: "ann", Label: "bad", Time: at, Comment: "too <b>long</b>", Pos: Pos{"a.jsonl", 2}},
			{Item: "q3", Rater: "cy", Label: "ok", Pos: Pos{"a.jsonl", 3}},
		}, true, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := RatingsOf(tt.rows)
			if c.Len() != len(tt.rows) {
				t.Fatalf("Len %d, want %d", c.Len(), len(tt.rows))
			}
			if got := c.Slice(); len(tt.rows) > 0 && !reflect.DeepEqual(got, tt.rows) {
				t.Errorf("got %+v\nwant %+v", got, tt.rows)
			}
			if (c.Time != nil || c.Times != nil) != tt.wantTime || (c.Comment != nil) != tt.wantCmt {
				t.Errorf("time column %v, comment column %v; want %v, %v", c.Time != nil || c.Times != nil, c.Comment != nil, tt.wantTime, tt.wantCmt)
			}
			if tt.wantTime && (c.Time != nil) != tt.compact {
				t.Errorf("times as nanoseconds %v, want %v", c.Time != nil, tt.compact)
			}
		})
	}
}

// TestRatingsIDs wants each distinct string interned once, in order of
// first appearance.
func TestRatingsIDs(t *testing.T) {
	c := RatingsOf([]Rating{{Item: "q2", Rater: "b"}, {Item: "q1", Rater: "b"}, {Item: "q2", Rater: "a"}})
	if got := c.Items.Names(); !reflect.DeepEqual(got, []string{"q2", "q1"}) {
		t.Errorf("items %v", got)
	}
	if !reflect.DeepEqual(c.Item, []int32{0, 1, 0}) || !reflect.DeepEqual(c.Rater, []int32{0, 0, 1}) {
		t.Errorf("item ids %v, rater ids %v", c.Item, c.Rater)
	}
	if id, ok := c.Raters.Lookup("a"); !ok || id != 1 {
		t.Errorf("Lookup(a) = %d, %v", id, ok)
	}
	if _, ok := c.Raters.Lookup("z"); ok {
		t.Error("Lookup(z) found")
	}
}

// TestRatingsFilter wants the kept ratings in order, new columns, and the
// original unchanged.
func TestRatingsFilter(t *testing.T) {
	rows := []Rating{{Item: "a", Iteration: "v1"}, {Item: "b", Iteration: "v2"}, {Item: "c", Iteration: "v1", Comment: "x"}}
	c := RatingsOf(rows)
	f := c.Filter(func(i int) bool { return c.Iterations.Name(c.Iteration[i]) == "v1" })
	if got, want := f.Slice(), []Rating{rows[0], rows[2]}; !reflect.DeepEqual(got, want) {
		t.Errorf("filtered %+v, want %+v", got, want)
	}
	if !reflect.DeepEqual(c.Slice(), rows) {
		t.Error("Filter changed the original")
	}
	if f.Same(&c) || !c.Same(&c) {
		t.Errorf("Same: filtered %v, itself %v", f.Same(&c), c.Same(&c))
	}
	if none := c.Filter(func(int) bool { return false }); none.Len() != 0 {
		t.Errorf("nothing kept: Len %d", none.Len())
	}
}

// TestAppendFrom wants AppendFrom to give the same ratings as Append of
// each view with the value given, from sources whose ids differ.
func TestAppendFrom(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	a := RatingsOf([]Rating{
		{Item: "q1", Rater: "ann", Iteration: "v1", Value: 4, Label: "4", Pos: Pos{"a.csv", 2}},
		{Item: "q2", Rater: "bob", Iteration: "v2", Value: 3, Label: "3", Pos: Pos{"a.csv", 3}},
	})
	b := RatingsOf([]Rating{
		{Item: "q2", Rater: "bob", Iteration: "v1", Value: 1, Label: "low", Time: at, Comment: "hm", Pos: Pos{"b.jsonl", 7}},
		{Item: "q3", Rater: "ann", Iteration: "v2", Value: 2, Label: "4", Pos: Pos{"b.jsonl", 8}},
	})
	var got, want Ratings
	ma, mb := got.RemapFrom(&a), got.RemapFrom(&b)
	for _, step := range []struct {
		m   *RatingsRemap
		src *Ratings
		i   int
		v   float64
	}{{ma, &a, 1, 3}, {mb, &b, 0, 9}, {ma, &a, 0, 4}, {mb, &b, 1, 2}, {mb, &b, 0, 1}} {
		got.AppendFrom(step.m, step.i, step.v)
		r := step.src.At(step.i)
		r.Value = step.v
		want.Append(r)
	}
	if !reflect.DeepEqual(got.Slice(), want.Slice()) {
		t.Errorf("got %+v\nwant %+v", got.Slice(), want.Slice())
	}
	if got.Items.Len() != 3 || got.Labels.Len() != 3 {
		t.Errorf("%d items, %d labels; want each name once (3, 3)", got.Items.Len(), got.Labels.Len())
	}
}

// TestRatingsGrow wants Grow to make room in every column a rating
// appends to, the time and comment columns included, so that appending
// the ratings it made room for copies no column.
func TestRatingsGrow(t *testing.T) {
	utc := time.Date(2026, 3, 1, 8, 30, 0, 0, time.UTC)
	zoned := time.Date(2026, 3, 1, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		name  string
		first Rating // appended before Grow, making the optional columns
		more  Rating // appended n times after it
	}{
		{"compact times and comments", Rating{Item: "q", Time: utc, Comment: "c"}, Rating{Item: "q", Time: utc, Comment: "d"}},
		{"zoned times", Rating{Item: "q", Time: zoned}, Rating{Item: "q", Time: zoned}},
		{"no time", Rating{Item: "q"}, Rating{Item: "q"}},
	}
	const n = 100
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Ratings
			c.Append(tt.first)
			c.Grow(n)
			addrs := func() []any { return []any{firstOf(c.Item), firstOf(c.Time), firstOf(c.Times), firstOf(c.Comment)} }
			before := addrs()
			for range n {
				c.Append(tt.more)
			}
			for k, a := range addrs() {
				if a != before[k] {
					t.Errorf("column %d (Item, Time, Times, Comment) moved while appending the %d ratings Grow made room for", k, n)
				}
			}
			if c.Len() != n+1 {
				t.Errorf("Len = %d, want %d", c.Len(), n+1)
			}
		})
	}
}

// firstOf returns the address of s's first element, nil for none.
func firstOf[T any](s []T) any {
	if len(s) == 0 {
		return (*T)(nil)
	}
	return &s[0]
}

// TestCompactTime checks the span of times kept as Unix nanoseconds
// against its definition: UTC, years 1678 to 2261, and so exactly what
// UnixNano holds.
func TestCompactTime(t *testing.T) {
	est := time.FixedZone("EST", -5*3600)
	for _, tc := range []struct {
		name string
		t    time.Time
		want bool
	}{
		{"zero", time.Time{}, true},
		{"now-ish", time.Date(2025, 6, 3, 15, 16, 43, 123456789, time.UTC), true},
		{"first second of 1678", time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"last nanosecond of 1677", time.Date(1677, 12, 31, 23, 59, 59, 999999999, time.UTC), false},
		{"last nanosecond of 2261", time.Date(2261, 12, 31, 23, 59, 59, 999999999, time.UTC), true},
		{"first second of 2262", time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"year 1", time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC), false},
		{"year 9999", time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"not UTC", time.Date(2025, 6, 3, 15, 16, 43, 0, est), false},
		{"local", time.Date(2025, 6, 3, 15, 16, 43, 0, time.Local), time.Local == time.UTC},
	} {
		if got := compactTime(tc.t); got != tc.want {
			t.Errorf("%s: compactTime(%v) = %v, want %v", tc.name, tc.t, got, tc.want)
		}
		if got, want := compactTime(tc.t), tc.t.IsZero() || tc.t.Location() == time.UTC && tc.t.Year() > 1677 && tc.t.Year() < 2262; got != want {
			t.Errorf("%s: compactTime(%v) = %v, the year test says %v", tc.name, tc.t, got, want)
		}
	}
}
