package build

import (
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/project"
)

// TestRatingsKey checks that ratingsKey tells apart ratings that differ in
// what the dimension units read (item, rater, iteration, value, label),
// and not ratings that differ only in what they do not read (time,
// comment, position) or in names interned beside them in shared tables.
func TestRatingsKey(t *testing.T) {
	base := []project.Rating{
		{Item: "i1", Rater: "r1", Iteration: "it1", Value: 1, Label: "1"},
		{Item: "i2", Rater: "r2", Iteration: "it1", Value: 2, Label: "2"},
	}
	edit := func(f func(r *project.Rating)) project.Ratings {
		rs := append([]project.Rating(nil), base...)
		f(&rs[1])
		return project.RatingsOf(rs)
	}
	// Columns of the same records whose tables hold other names too,
	// interned after theirs, as tables shared by several dimensions do.
	shared := project.RatingsOf(append(append([]project.Rating(nil), base...), project.Rating{Item: "i0", Rater: "r0", Iteration: "it0", Label: "x"}))
	grown := shared.Filter(func(i int) bool { return i < len(base) })
	want := ratingsKey(new(project.RatingsOf(base)))
	tests := []struct {
		name string
		rs   project.Ratings
		same bool
	}{
		{"equal records", project.RatingsOf(base), true},
		{"tables that hold other names", grown, true},
		{"a time", edit(func(r *project.Rating) { r.Time = time.Unix(1, 0).UTC() }), true},
		{"a comment", edit(func(r *project.Rating) { r.Comment = "why" }), true},
		{"a position", edit(func(r *project.Rating) { r.Pos.Line = 9 }), true},
		{"an item", edit(func(r *project.Rating) { r.Item = "i3" }), false},
		{"a rater", edit(func(r *project.Rating) { r.Rater = "r3" }), false},
		{"an iteration", edit(func(r *project.Rating) { r.Iteration = "it2" }), false},
		{"a value", edit(func(r *project.Rating) { r.Value = 3 }), false},
		{"a label", edit(func(r *project.Rating) { r.Label = "two" }), false},
		{"one rating fewer", project.RatingsOf(base[:1]), false},
	}
	for _, tt := range tests {
		if same := ratingsKey(&tt.rs) == want; same != tt.same {
			t.Errorf("%s: key equal %v; want %v", tt.name, same, tt.same)
		}
	}
}
