package agreement

import (
	"math/rand/v2"
	"testing"
)

// benchRatings makes units x raters integer ratings 1..5 with moderate
// agreement.
func benchRatings(units, raters int, seed uint64) []Rating {
	rng := rand.New(rand.NewPCG(seed, 1))
	rs := make([]Rating, 0, units*raters)
	for u := range units {
		truth := 1 + rng.IntN(5)
		for r := range raters {
			v := truth + rng.IntN(3) - 1
			rs = append(rs, Rating{u, r, float64(min(5, max(1, v)))})
		}
	}
	return rs
}

func BenchmarkAlphaAll(b *testing.B) {
	rs := benchRatings(10000, 10, 1)
	for b.Loop() {
		r := New(rs)
		for l := Nominal; l <= Ratio; l++ {
			r.Alpha(l)
		}
	}
}

func BenchmarkBootstrapInterval(b *testing.B) {
	r := New(benchRatings(10000, 10, 1))
	for b.Loop() {
		r.Bootstrap(Interval, 1000, 0.95, 1)
	}
}

// BenchmarkIssueTarget is the issue's target: 10 dimensions of 10,000 items
// x 10 raters, each with all four alphas and a 1,000-resample interval.
func BenchmarkIssueTarget(b *testing.B) {
	dims := make([][]Rating, 10)
	for d := range dims {
		dims[d] = benchRatings(10000, 10, uint64(d))
	}
	for b.Loop() {
		for _, rs := range dims {
			r := New(rs)
			for l := Nominal; l <= Ratio; l++ {
				r.Alpha(l)
			}
			r.Bootstrap(Interval, 1000, 0.95, 1)
		}
	}
}
