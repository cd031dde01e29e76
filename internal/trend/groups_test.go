package trend

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// TestGroupRatingsByIDs checks groupRatings and distributionKeys, which
// work on the id columns, against grouping every rating by its names: numeric ratings
// with -0 and 0, NaN and infinite values, ratings without an iteration,
// a label dimension, and items dense and sparse among the ids.
func TestGroupRatingsByIDs(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct {
		name                       string
		numeric                    bool
		iterations, items, ratings int
	}{
		{"numeric dense", true, 4, 30, 2000},
		{"numeric sparse", true, 40, 3000, 500},
		{"labels", false, 5, 50, 1500},
	} {
		d := project.Dimension{Name: "d", Numeric: tc.numeric, Labels: []string{"bad", "ok", "good"}}
		values := []float64{1, 2, 2.5, 0, math.Copysign(0, -1), math.NaN(), math.Inf(1), 1e-7}
		for range tc.ratings {
			r := project.Rating{Item: fmt.Sprintf("i%d", rng.IntN(tc.items)),
				Rater: fmt.Sprintf("r%d", rng.IntN(7))}
			if it := rng.IntN(tc.iterations + 1); it < tc.iterations {
				r.Iteration = fmt.Sprintf("v%d", it)
			}
			if tc.numeric {
				r.Value = values[rng.IntN(len(values))]
				r.Label = fmt.Sprint(r.Value)
			} else {
				r.Label = []string{"bad", "ok", "good", "unlisted"}[rng.IntN(4)]
			}
			d.Ratings.Append(r)
		}
		if got, want := distributionKeys(&d), keysByNames(&d); !slices.Equal(got, want) {
			t.Errorf("%s: distribution keys %q, want %q", tc.name, got, want)
		}
		got, want := groupRatings(&d), groupByNames(&d)
		if !reflect.DeepEqual(got, want) {
			for id := range want {
				if !reflect.DeepEqual(got[id], want[id]) {
					t.Errorf("%s: iteration %q: %+v, want %+v", tc.name, id, got[id], want[id])
				}
			}
			t.Errorf("%s: %d groups, want %d", tc.name, len(got), len(want))
		}
	}
}

// groupByNames is groupRatings over every rating's names, with a map per
// iteration for the raters, items and distribution keys.
func groupByNames(d *project.Dimension) map[string]*dimGroup {
	type sum struct {
		s float64
		n int
	}
	raters, items := map[string]map[string]bool{}, map[string]map[string]*sum{}
	out := map[string]*dimGroup{}
	for i := range d.Ratings.Len() {
		r := d.Ratings.At(i)
		key := r.Label
		if d.Numeric {
			if !stats.IsFinite(r.Value) {
				continue
			}
			key = numericKey(r.Value)
		}
		g := out[r.Iteration]
		if g == nil {
			g = &dimGroup{counts: map[string]int{}}
			out[r.Iteration], raters[r.Iteration], items[r.Iteration] = g, map[string]bool{}, map[string]*sum{}
		}
		g.ratings++
		g.counts[key]++
		raters[r.Iteration][r.Rater] = true
		if items[r.Iteration][r.Item] == nil {
			items[r.Iteration][r.Item] = &sum{}
		}
		s := items[r.Iteration][r.Item]
		s.s += r.Value
		s.n++
	}
	for id, g := range out {
		g.raters, g.items = len(raters[id]), len(items[id])
		if d.Numeric {
			g.means = []float64{}
			for _, s := range items[id] {
				g.means = append(g.means, s.s/float64(s.n))
			}
			slices.Sort(g.means)
		}
	}
	return out
}

// keysByNames is distributionKeys over every rating's value and label.
func keysByNames(d *project.Dimension) []string {
	var keys []string
	seen := map[string]bool{}
	if d.Numeric {
		var vals []float64
		for i := range d.Ratings.Len() {
			if v := d.Ratings.At(i).Value; stats.IsFinite(v) && !seen[numericKey(v)] {
				seen[numericKey(v)] = true
				vals = append(vals, v)
			}
		}
		slices.Sort(vals)
		for _, v := range vals {
			keys = append(keys, numericKey(v))
		}
		return keys
	}
	for _, l := range d.Labels {
		keys, seen[l] = append(keys, l), true
	}
	for i := range d.Ratings.Len() {
		if l := d.Ratings.At(i).Label; !seen[l] {
			keys, seen[l] = append(keys, l), true
		}
	}
	return keys
}
