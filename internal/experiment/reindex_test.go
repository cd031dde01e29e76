package experiment

import (
	"reflect"
	"slices"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
)

// TestNewPlanFrom checks that a plan made from the last plan after an
// edit is the plan NewPlan makes: the same items, slices and subjects, the
// same fingerprints and comparisons; that it reuses the subjects whose
// values are the very same arrays while the index is in step (all of them
// with nothing changed, all but the edited one after a rating or a value
// changed), and none after an options change.
func TestNewPlanFrom(t *testing.T) {
	p, opt := loadExample(t)
	first := NewPlan(p, opt)
	numeric := -1
	for k, d := range p.Dimensions {
		if d.Numeric && numeric < 0 {
			numeric = k
		}
	}
	if numeric < 0 || len(p.Metrics) == 0 {
		t.Fatal("the example has no numeric dimension or no metric")
	}
	editRatings := func(f func(rs []project.Rating) []project.Rating) *project.Project {
		q := *p
		q.Dimensions = slices.Clone(p.Dimensions)
		d := &q.Dimensions[numeric]
		d.Ratings = project.RatingsOf(f(d.Ratings.Slice()))
		return &q
	}
	lower := opt
	lower.Confidence /= 2
	cases := []struct {
		name string
		q    *project.Project
		opt  Options
		// fresh is the number of subjects made anew, -1 for every one.
		fresh int
	}{
		{"nothing changed", p, opt, 0},
		{"one rating", editRatings(func(rs []project.Rating) []project.Rating {
			for i := range rs {
				if rs[i].Iteration != "" && rs[i].Item != "" {
					rs[i].Value++
					break
				}
			}
			return rs
		}), opt, 1},
		{"a rating of a new item", editRatings(func(rs []project.Rating) []project.Rating {
			r := rs[0]
			r.Item, r.Iteration = "a-new-item", p.Iterations[0].ID
			return append(rs, r)
		}), opt, -1},
		{"one value", func() *project.Project {
			q := *p
			q.Metrics = slices.Clone(p.Metrics)
			vs := q.Metrics[0].Values.Rows()
			vs[0].Value += 0.25
			q.Metrics[0].Values = project.ValuesOf(vs)
			return &q
		}(), opt, 1},
		{"the options", p, lower, -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, want := NewPlanFrom(c.q, c.opt, first), NewPlan(c.q, c.opt)
			gx, wx := got.c.x, want.c.x
			if !slices.Equal(gx.items, wx.items) || !slices.Equal(gx.itemSlice, wx.itemSlice) || !reflect.DeepEqual(gx.subjects, wx.subjects) {
				t.Fatal("the index differs from NewPlan's")
			}
			if got.Families() != want.Families() {
				t.Fatalf("%d families; NewPlan has %d", got.Families(), want.Families())
			}
			fams := make([]int, got.Families())
			for k := range fams {
				fams[k] = k
				if got.Fingerprint(k) != want.Fingerprint(k) {
					t.Errorf("family %d: fingerprint differs from NewPlan's", k)
				}
			}
			if !reflect.DeepEqual(got.Report(got.Compare(fams)), want.Report(want.Compare(fams))) {
				t.Error("the report differs from NewPlan's")
			}
			fresh := 0
			for _, m := range gx.made {
				if !m.reused {
					fresh++
				}
			}
			if c.fresh >= 0 && fresh != c.fresh || c.fresh < 0 && fresh == 0 {
				t.Errorf("%d of %d subjects made anew; want %d (-1: some)", fresh, len(gx.made), c.fresh)
			}
		})
	}
}
