package agreement

import (
	"math"
	"math/rand/v2"
	"testing"
)

// subsetCase is a set of ratings as columns, with each rating's group.
type subsetCase struct {
	name          string
	units, groups []int32
	values        []float64
	packed        bool // whether the one-pass form applies
}

// subsetCases are ratings for the one-pass forms (Likert points, with a
// group rating a unit twice, a group rating alone, a value only one group
// gives) and for the fallback (continuous values, nine numbers, units out
// of order).
func subsetCases() []subsetCase {
	cols := func(name string, rs []Rating, groups int, packed bool) subsetCase {
		c := subsetCase{name: name, packed: packed}
		for _, x := range rs {
			c.units = append(c.units, int32(x.Unit))
			c.groups = append(c.groups, int32(x.Rater%groups))
			c.values = append(c.values, x.Value)
		}
		return c
	}
	wide := func(rng *rand.Rand) float64 { return float64(rng.IntN(9)) }
	twice := cols("a group rates a unit twice", randomRatings(4, 300, 6, 0.2, likert), 4, true)
	lone := cols("one group alone in some units", randomRatings(5, 200, 5, 0.6, likert), 5, true)
	lone.units = append(lone.units, 500, 501)
	lone.groups = append(lone.groups, 4, 4)
	lone.values = append(lone.values, 7, 0) // numbers only group 4 gives, in units of its own
	shuffled := cols("units out of order", randomRatings(6, 100, 4, 0.1, likert), 4, false)
	shuffled.units[0], shuffled.units[len(shuffled.units)-1] = shuffled.units[len(shuffled.units)-1], shuffled.units[0]
	return []subsetCase{
		cols("likert", randomRatings(1, 400, 8, 0.15, likert), 8, true),
		cols("complete", randomRatings(2, 100, 10, 0, likert), 10, true),
		twice, lone,
		cols("continuous", randomRatings(3, 200, 6, 0.2, continuous), 6, false),
		cols("nine numbers", randomRatings(7, 200, 6, 0.2, wide), 6, false),
		shuffled,
	}
}

// sameAlpha reports whether a is bit for bit alpha of FromColumns on the
// ratings i with keep(i).
func sameAlpha(c subsetCase, l Level, a Alpha, keep func(i int) bool) bool {
	var u []int32
	var v []float64
	for i := range c.units {
		if keep(i) {
			u, v = append(u, c.units[i]), append(v, c.values[i])
		}
	}
	want, ok := FromColumns(u, v).Alpha(l)
	return a.OK == ok && math.Float64bits(a.Value) == math.Float64bits(want) || !ok && !a.OK
}

func TestAlphasWithout(t *testing.T) {
	for _, c := range subsetCases() {
		if _, ok := packColumns(c.units, c.values); ok != c.packed {
			t.Errorf("%s: one-pass form %v, want %v", c.name, ok, c.packed)
		}
		G := int(maxGroup(c.groups)) + 2 // the last group has no ratings
		for l := Nominal; l <= Ratio; l++ {
			got := AlphasWithout(c.units, c.values, c.groups, G, l)
			for g := range G {
				if !sameAlpha(c, l, got[g], func(i int) bool { return c.groups[i] != int32(g) }) {
					t.Errorf("%s, %v, without %d: %+v differs from FromColumns", c.name, l, g, got[g])
				}
			}
		}
	}
}

func TestPairAlphas(t *testing.T) {
	for _, c := range subsetCases() {
		G := int(maxGroup(c.groups)) + 2 // the last group has no ratings
		for l := Nominal; l <= Ratio; l++ {
			got := PairAlphas(c.units, c.values, c.groups, G, l)
			defined := 0
			for a := range int32(G) {
				for b := a + 1; b < int32(G); b++ {
					x := got[int(a)*G+int(b)]
					if x.OK {
						defined++
					}
					if !sameAlpha(c, l, x, func(i int) bool { return c.groups[i] == a || c.groups[i] == b }) {
						t.Errorf("%s, %v, pair %d %d: %+v differs from FromColumns", c.name, l, a, b, x)
					}
				}
			}
			if defined == 0 {
				t.Errorf("%s, %v: no pair has an alpha", c.name, l)
			}
		}
	}
}

func maxGroup(g []int32) int32 {
	m := int32(0)
	for _, x := range g {
		m = max(m, x)
	}
	return m
}

// TestAlphasWithoutAllocations checks that the subsets of the one-pass
// form share their arrays (subsetArena, the profiles' keys): leaving out
// each of 5 raters of 25 units, the size of a benchmark corpus record,
// allocated 287 times before they did, and now a fixed few dozen times
// whatever the number of raters.
func TestAlphasWithoutAllocations(t *testing.T) {
	for _, raters := range []int{5, 10} {
		rs := ratingsPer(1, 25, []int{raters}, likert)
		var u, g []int32
		var v []float64
		for _, x := range rs {
			u, g, v = append(u, int32(x.Unit)), append(g, int32(x.Rater)), append(v, x.Value)
		}
		for _, l := range []Level{Nominal, Ordinal} {
			if n := testing.AllocsPerRun(20, func() { AlphasWithout(u, v, g, raters, l) }); n > 30+4*float64(raters) {
				t.Errorf("%d raters, %v: %v allocations; want at most %d", raters, l, n, 30+4*raters)
			}
		}
	}
}
