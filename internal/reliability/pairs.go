package reliability

import (
	"cmp"
	"slices"

	"github.com/evalbook/evalbook/internal/stats"
)

// pairs returns the pooled agreement of every pair of raters, sorted by
// RaterA, then RaterB.
func (in *dimInput) pairs() []Pair {
	R := len(in.raters)
	shared := make([]int, R*R)
	equal := make([]int, R*R)
	spans(in.obs, func(us []obs) {
		for i, a := range us {
			for _, b := range us[i+1:] { // a.rater < b.rater
				shared[int(a.rater)*R+int(b.rater)]++
				if a.value == b.value {
					equal[int(a.rater)*R+int(b.rater)]++
				}
			}
		}
	})
	var out []Pair
	var cols columns
	for a := range R {
		for b := a + 1; b < R; b++ {
			p := Pair{RaterA: in.raters[a], RaterB: in.raters[b], NItems: shared[a*R+b]}
			if p.NItems > 0 {
				p.Agreement = finite(float64(equal[a*R+b])/float64(p.NItems), true)
				two := cols.reliability(in.obs, func(r int) bool { return r != a && r != b })
				p.Alpha = finite(two.Alpha(in.level))
			}
			out = append(out, p)
		}
	}
	return out
}

// disagreements returns the n pooled units with the widest spread of
// ratings, widest first, then by item and iteration; units whose ratings
// all agree are left out.
func (in *dimInput) disagreements(n int) []Disagreement {
	if n <= 0 {
		return nil
	}
	var out []Disagreement
	spans(in.obs, func(us []obs) {
		if len(us) < 2 {
			return
		}
		if s := in.spread(us); s > 0 {
			out = append(out, in.disagreement(us, s))
		}
	})
	slices.SortStableFunc(out, func(a, b Disagreement) int {
		return cmp.Or(cmp.Compare(b.Spread, a.Spread), cmp.Compare(a.Item, b.Item), cmp.Compare(a.Iteration, b.Iteration))
	})
	return out[:min(n, len(out))]
}

// spread is the sample standard deviation of the ratings us of one unit
// (numeric dimensions) or one minus the share of its most common label.
func (in *dimInput) spread(us []obs) float64 {
	if in.numeric {
		x := make([]float64, len(us))
		for i, o := range us {
			x[i] = o.value
		}
		return stats.StdDev(x)
	}
	counts := map[float64]int{}
	best := 0
	for _, o := range us {
		counts[o.value]++
		best = max(best, counts[o.value])
	}
	return 1 - float64(best)/float64(len(us))
}

// disagreement lists the ratings us of one unit by value (the label order
// for labels), then rater.
func (in *dimInput) disagreement(us []obs, spread float64) Disagreement {
	sorted := slices.Clone(us)
	slices.SortStableFunc(sorted, func(a, b obs) int {
		return cmp.Or(cmp.Compare(a.value, b.value), cmp.Compare(a.rater, b.rater))
	})
	u := in.units[us[0].unit]
	d := Disagreement{Item: u.item, Iteration: u.iteration, Spread: spread}
	for _, o := range sorted {
		d.Values = append(d.Values, in.labels[o.label])
		d.Raters = append(d.Raters, in.raters[o.rater])
	}
	return d
}
