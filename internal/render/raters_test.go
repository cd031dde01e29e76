package render

import (
	"slices"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
)

// TestRaters checks a dimension's raters: distinct, sorted, those of its
// ratings only (not a rater its table keeps whose ratings a filter took
// away) and of its aggregates with ratings.
func TestRaters(t *testing.T) {
	rs := project.RatingsOf([]project.Rating{
		{Item: "q1", Rater: "zoe", Iteration: "v1", Value: 1},
		{Item: "q1", Rater: "ana", Iteration: "v1", Value: 2},
		{Item: "q2", Rater: "gone", Iteration: "v1", Value: 3},
		{Item: "q2", Rater: "zoe", Iteration: "v2", Value: 4},
	})
	filtered := rs.Filter(func(i int) bool { return i != 2 })
	for _, tc := range []struct {
		name string
		d    project.Dimension
		want []string
	}{
		{"none", project.Dimension{}, nil},
		{"ratings", project.Dimension{Ratings: rs}, []string{"ana", "gone", "zoe"}},
		{"filtered", project.Dimension{Ratings: filtered}, []string{"ana", "zoe"}},
		{"aggregates", project.Dimension{Ratings: filtered, RaterMoments: []project.RaterMoments{
			{Rater: "bo", N: 2}, {Rater: "zoe", N: 1}, {Rater: "none", N: 0},
		}}, []string{"ana", "bo", "zoe"}},
	} {
		if got := raters(&tc.d); !slices.Equal(got, tc.want) {
			t.Errorf("%s: raters = %q; want %q", tc.name, got, tc.want)
		}
	}
}
