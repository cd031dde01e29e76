package reliability

import (
	"cmp"
	"slices"

	"github.com/evalbook/evalbook/internal/agreement"
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
	alphas := agreement.PairAlphas(in.cols.units, in.cols.values, in.cols.raters, R, in.level)
	for a := range R {
		for b := a + 1; b < R; b++ {
			p := Pair{RaterA: in.raters[a], RaterB: in.raters[b], NItems: shared[a*R+b]}
			if p.NItems > 0 {
				p.Agreement = finite(float64(equal[a*R+b])/float64(p.NItems), true)
				p.Alpha = finite(alphas[a*R+b].Value, alphas[a*R+b].OK)
			}
			out = append(out, p)
		}
	}
	return out
}

// disagreements returns the n pooled units with the widest spread of
// ratings, widest first, then by item and iteration; units whose ratings
// all agree are left out. It ranks every unit by its span of in.obs and
// formats only the n it returns.
func (in *dimInput) disagreements(n int) []Disagreement {
	if n <= 0 {
		return nil
	}
	type wide struct {
		start, end int32 // the unit's ratings: in.obs[start:end]
		spread     float64
	}
	var found []wide
	var scratch []float64
	at := 0
	spans(in.obs, func(us []obs) {
		start := at
		at += len(us)
		if len(us) < 2 {
			return
		}
		var s float64
		s, scratch = in.spread(us, scratch)
		if s > 0 {
			found = append(found, wide{int32(start), int32(at), s})
		}
	})
	// Units are sorted by item, then iteration, and found is in unit
	// order, so a stable sort by spread breaks ties by item and iteration.
	slices.SortStableFunc(found, func(a, b wide) int { return cmp.Compare(b.spread, a.spread) })
	out := make([]Disagreement, min(n, len(found)))
	for i := range out {
		out[i] = in.disagreement(in.obs[found[i].start:found[i].end], found[i].spread)
	}
	return out
}

// spread is the sample standard deviation of the ratings us of one unit
// (numeric dimensions) or one minus the share of its most common label.
// scratch is reusable space, returned grown.
func (in *dimInput) spread(us []obs, scratch []float64) (float64, []float64) {
	if in.numeric {
		x := scratch[:0]
		for _, o := range us {
			x = append(x, o.value)
		}
		return stats.StdDev(x), x
	}
	best := 0
	if len(us) > 32 {
		counts := map[float64]int{}
		for _, o := range us {
			counts[o.value]++
			best = max(best, counts[o.value])
		}
		return 1 - float64(best)/float64(len(us)), scratch
	}
	// A unit has few ratings: count each value by a scan of those before.
	for i, o := range us {
		n := 1
		for _, p := range us[:i] {
			if p.value == o.value {
				n++
			}
		}
		best = max(best, n)
	}
	return 1 - float64(best)/float64(len(us)), scratch
}

// disagreement lists the ratings us of one unit by value (the label order
// for labels), then rater.
func (in *dimInput) disagreement(us []obs, spread float64) Disagreement {
	sorted := slices.Clone(us)
	slices.SortStableFunc(sorted, func(a, b obs) int {
		return cmp.Or(cmp.Compare(a.value, b.value), cmp.Compare(a.rater, b.rater))
	})
	u := in.units[us[0].unit]
	d := Disagreement{Item: u.item, Iteration: u.iteration, Spread: spread,
		Values: make([]string, 0, len(us)), Raters: make([]string, 0, len(us))}
	for _, o := range sorted {
		d.Values = append(d.Values, in.labels[o.label])
		d.Raters = append(d.Raters, in.raters[o.rater])
	}
	return d
}
