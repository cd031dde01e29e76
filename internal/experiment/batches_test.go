package experiment

import (
	"reflect"
	"slices"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
)

// TestCompareFrom checks that a family computed again from the last
// results of the families takes the bootstraps of the groups whose inputs
// did not change and gives exactly what a clean Compare gives: after a
// rating of one dimension, a metric's value, and with nothing changed.
func TestCompareFrom(t *testing.T) {
	p, opt := loadExample(t)
	all := func(pl *Plan) []int {
		fams := make([]int, pl.Families())
		for k := range fams {
			fams[k] = k
		}
		return fams
	}
	first := NewPlan(p, opt)
	last := first.CompareFrom(all(first), nil)
	cases := []struct {
		name string
		edit func(*project.Project) *project.Project
		// fresh says some groups must be computed again.
		fresh bool
	}{
		{"nothing changed", func(p *project.Project) *project.Project { return p }, false},
		{"one rating", func(p *project.Project) *project.Project {
			q := *p
			q.Dimensions = slices.Clone(p.Dimensions)
			for k := range q.Dimensions {
				if d := &q.Dimensions[k]; d.Numeric {
					rs := d.Ratings.Slice()
					for i := range rs {
						if rs[i].Iteration != "" && rs[i].Item != "" {
							rs[i].Value++
							d.Ratings = project.RatingsOf(rs)
							return &q
						}
					}
				}
			}
			t.Fatal("no numeric rating with an iteration and an item")
			return nil
		}, true},
		{"one value", func(p *project.Project) *project.Project {
			q := *p
			q.Metrics = slices.Clone(p.Metrics)
			m := &q.Metrics[0]
			vs := m.Values.Rows()
			for i := range vs {
				if vs[i].Item != "" && vs[i].Iteration != "" {
					vs[i].Value += 0.25
					m.Values = project.ValuesOf(vs)
					return &q
				}
			}
			t.Fatal("no per-item value with an iteration")
			return nil
		}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := c.edit(p)
			pl := NewPlan(q, opt)
			want := NewPlan(q, opt).Compare(all(pl))
			got := pl.CompareFrom(all(pl), last)
			reused, fresh := 0, 0
			for k := range got {
				if !reflect.DeepEqual(got[k].Comparisons, want[k].Comparisons) {
					t.Errorf("family %d: comparisons differ from a clean Compare", k)
				}
				if !reflect.DeepEqual(got[k].Alerts, want[k].Alerts) {
					t.Errorf("family %d: alerts differ from a clean Compare", k)
				}
				for key, b := range got[k].batches {
					if old, ok := last[k].batches[key]; ok && &old.res[0] == &b.res[0] {
						reused++
					} else {
						fresh++
					}
				}
			}
			if reused == 0 {
				t.Error("no bootstrap taken from the last results")
			}
			if (fresh > 0) != c.fresh {
				t.Errorf("%d bootstraps computed again, %d reused; want some computed: %v", fresh, reused, c.fresh)
			}
		})
	}
}
