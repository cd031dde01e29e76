package experiment

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/evalbook/evalbook/internal/compare"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// timeline returns iterations it0 ... it(k-1), each compared with the one
// before, scored on the same n items (four slices) by metrics metric
// values: item i's value in iteration t is base_i + shift(t) + noise.
func timeline(rng *rand.Rand, k, n, metrics int, shift func(t int) float64) *project.Project {
	p := &project.Project{}
	for t := range k {
		p.Iterations = append(p.Iterations, project.Iteration{ID: fmt.Sprintf("it%d", t), Order: t})
	}
	slice := func(i int) string { return []string{"de", "en", "es", "ja"}[i%4] }
	for j := range metrics {
		m := project.Metric{Name: fmt.Sprintf("m%d", j), Direction: project.HigherIsBetter}
		base := make([]float64, n)
		for i := range base {
			base[i] = 5 + rng.NormFloat64()
		}
		for t := range k {
			for i := range n {
				m.Values.Append(project.MetricValue{Iteration: fmt.Sprintf("it%d", t), Item: fmt.Sprintf("q%04d", i),
					Value: base[i] + shift(t) + 0.5*rng.NormFloat64(), Slice: slice(i)})
			}
		}
		p.Metrics = append(p.Metrics, m)
	}
	return p
}

// TestSharedResamples: the pairs of a timeline over the same items draw
// the same resamples (seeded by the items), each comparison gets exactly
// the batch of its own pair's differences under that seed, and the report
// does not depend on how many workers share the batches.
func TestSharedResamples(t *testing.T) {
	p := timeline(stats.NewRand(3), 4, 300, 3, func(t int) float64 { return 0.05 * float64(t) })
	opt := Options{}.withDefaults()
	rep := analyse(p, opt, 2)
	for _, w := range []int{1, 3} {
		if other := analyse(p, opt, w); !reflect.DeepEqual(rep, other) {
			t.Errorf("the report on %d workers differs from 2", w)
		}
	}
	pl := NewPlan(p, opt)
	ids := pl.c.x.subjects[0].iters[0].item
	seed := pl.c.pairedSeed(ids)
	_, pos := pl.c.sliceGroups(ids)
	for pair := 1; pair < 4; pair++ {
		var diffs [][]float64
		for _, s := range pl.c.x.subjects {
			diffs = append(diffs, join(&s.iters[pair], &s.iters[pair-1]).diffs)
		}
		want, wantSlices := compare.PairedBatchSlices(diffs, pos, pl.c.compareOptions(seed))
		for j := range diffs {
			c := rep.Comparisons[(pair-1)*len(diffs)+j]
			if c.CI.Low != want[j].CI.Low || c.CI.High != want[j].CI.High || *c.P != want[j].P {
				t.Errorf("%s %s: CI %v p %v; want the batch's %v p %v", c.Iteration, c.Subject, *c.CI, *c.P, want[j].CI, want[j].P)
			}
			for s, sl := range c.Slices {
				if sl.CI.Low != wantSlices[s][j].CI.Low || sl.CI.High != wantSlices[s][j].CI.High {
					t.Errorf("%s %s slice %s: CI %v; want %v", c.Iteration, c.Subject, sl.Slice, *sl.CI, wantSlices[s][j].CI)
				}
			}
		}
	}
}

// TestWholeBatchOnWorkers: a bucket compared as one batch on all the
// workers (as from wholeBatchItems items) gives the report the bucket
// split into one batch per worker gives, on any number of workers.
func TestWholeBatchOnWorkers(t *testing.T) {
	p := timeline(stats.NewRand(5), 4, 700, 3, func(t int) float64 { return 0.03 * float64(t) })
	opt := Options{Resamples: 300}.withDefaults()
	want := analyse(p, opt, 2)
	defer func(v int) { wholeBatchItems = v }(wholeBatchItems)
	wholeBatchItems = 1
	for _, w := range []int{1, 2, 3} {
		if got := analyse(p, opt, w); !reflect.DeepEqual(got, want) {
			t.Errorf("one batch on %d workers: the report differs from the split batches'", w)
		}
	}
}

// TestSharedResamplesAgreeWithPerPair compares the intervals of the shared
// resamples (one set per set of items) with those of the scheme before it
// (one set per iteration pair, seeded by the two iterations) on a known
// case: 2,000 items, differences of standard deviation 0.5·√2 ≈ 0.71, so
// the 95% interval of a mean is about ±0.031 and a slice's (500 items)
// ±0.062. Two bootstraps of the same data differ only by Monte Carlo
// error: with 1,000 resamples a percentile end's standard error is about
// 3% of the half-width, so the ends must agree to 15% of it (5 standard
// errors), and both must lie within 15% of the half-width of the t
// interval's ends.
func TestSharedResamplesAgreeWithPerPair(t *testing.T) {
	p := timeline(stats.NewRand(4), 3, 2000, 2, func(t int) float64 { return 0.1 * float64(t) })
	opt := Options{}.withDefaults()
	rep := analyse(p, opt, 2)
	pl := NewPlan(p, opt)
	ids := pl.c.x.subjects[0].iters[0].item
	_, pos := pl.c.sliceGroups(ids)
	for pair := 1; pair < 3; pair++ {
		var diffs [][]float64
		for _, s := range pl.c.x.subjects {
			diffs = append(diffs, join(&s.iters[pair], &s.iters[pair-1]).diffs)
		}
		old := stats.Seed(opt.Seed, "compare", pl.c.ids[pair], pl.c.ids[pair-1])
		want, wantSlices := compare.PairedBatchSlices(diffs, pos, pl.c.compareOptions(old))
		for j, d := range diffs {
			c := rep.Comparisons[(pair-1)*len(diffs)+j]
			check := func(what string, got *Interval, want compare.Interval, d []float64) {
				half := 1.96 * stats.StdDev(d) / math.Sqrt(float64(len(d)))
				m := stats.Mean(d)
				for _, e := range []struct{ got, old, t float64 }{{got.Low, want.Low, m - half}, {got.High, want.High, m + half}} {
					if math.Abs(e.got-e.old) > 0.15*half || math.Abs(e.got-e.t) > 0.15*half {
						t.Errorf("%s: end %.4f; per-pair scheme %.4f, t interval %.4f (half-width %.4f)", what, e.got, e.old, e.t, half)
					}
				}
			}
			check(c.Iteration+" "+c.Subject, c.CI, want[j].CI, d)
			for s, sl := range c.Slices {
				check(c.Iteration+" "+c.Subject+" "+sl.Slice, sl.CI, wantSlices[s][j].CI, at(d, pos[s]))
			}
		}
	}
}

// TestSharedResamplesCoverage: on null timelines of three iterations over
// the same items (no change, so both pairs' true difference is 0, and
// both draw the same resamples), the 95% intervals of every pair and
// slice cover 0 about 95% of the time, each tail missed about 2.5% (3
// binomial standard errors), at n = 40 and 200.
func TestSharedResamplesCoverage(t *testing.T) {
	t.Parallel()
	const tail = 0.025
	for _, n := range []int{40, 200} {
		runs := pick(testing.Short(), 80, 400)
		rng := stats.NewRand(stats.Seed(5, "coverage", fmt.Sprint(n)))
		var cis, below, above, slices, sBelow, sAbove int
		for range runs {
			rep := Analyse(timeline(rng, 3, n, 2, func(int) float64 { return 0 }), Options{Seed: rng.Uint64()})
			for _, c := range rep.Comparisons {
				cis++
				below += b2i(c.CI.High < 0)
				above += b2i(c.CI.Low > 0)
				for _, sl := range c.Slices {
					slices++
					sBelow += b2i(sl.CI != nil && sl.CI.High < 0)
					sAbove += b2i(sl.CI != nil && sl.CI.Low > 0)
				}
			}
		}
		t.Logf("n %d: %d intervals: below %.4f, above %.4f; %d slice intervals: below %.4f, above %.4f", n,
			cis, float64(below)/float64(cis), float64(above)/float64(cis), slices, float64(sBelow)/float64(slices), float64(sAbove)/float64(slices))
		if !within(below, cis, tail, 3, false) || !within(above, cis, tail, 3, false) {
			t.Errorf("n %d: intervals wholly below 0: %d, above: %d of %d; want %v each", n, below, above, cis, tail)
		}
		if !within(sBelow, slices, tail, 3, false) || !within(sAbove, slices, tail, 3, false) {
			t.Errorf("n %d: slice intervals wholly below 0: %d, above: %d of %d; want %v each", n, sBelow, sAbove, slices, tail)
		}
	}
}

// TestUntestedBinary: leaving the 0/1 pairings out of the batches'
// sign-flip tests (their p-values are McNemar's) changes nothing in the
// report, on a timeline with 0/1 and other metrics over the same items,
// on one worker and two; and the memo of CompareFrom does not hand a
// batch computed without a 0/1 metric's test to a pair whose metric has
// the very same differences but is not 0/1 (b in iterations 0, 1 and 2:
// 0 → 1 → 2 on some items, 1 → 1 → 1 on others).
func TestUntestedBinary(t *testing.T) {
	rng := stats.NewRand(21)
	const n = 120
	p := timeline(rng, 4, n, 2, func(t int) float64 { return 0.02 * float64(t) })
	flip := project.Metric{Name: "flip", Direction: project.HigherIsBetter}
	b := project.Metric{Name: "b", Direction: project.HigherIsBetter}
	slice := func(i int) string { return []string{"de", "en", "es", "ja"}[i%4] }
	for i := range n {
		up := float64(rng.IntN(2)) // b goes 0 → 1 → 2 when up, else stays 1
		for it := range 4 {
			id := fmt.Sprintf("it%d", it)
			flip.Values.Append(project.MetricValue{Iteration: id, Item: fmt.Sprintf("q%04d", i), Value: float64(rng.IntN(2)), Slice: slice(i)})
			v := 1.0
			if up == 1 {
				v = float64(min(it, 2))
			}
			b.Values.Append(project.MetricValue{Iteration: id, Item: fmt.Sprintf("q%04d", i), Value: v, Slice: slice(i)})
		}
	}
	p.Metrics = append(p.Metrics, flip)
	opt := Options{Resamples: 400}.withDefaults()
	defer func(v bool) { untestedBinary = v }(untestedBinary)
	untestedBinary = false
	want := analyse(p, opt, 2)
	untestedBinary = true
	for _, w := range []int{1, 2} {
		if got := analyse(p, opt, w); !reflect.DeepEqual(got, want) {
			t.Errorf("%d workers: the report without the 0/1 metrics' sign flips differs", w)
		}
	}
	nonBinary := 0
	for _, c := range want.Comparisons {
		if c.Subject == "flip" && c.PMethod != compare.PMcNemar || c.Subject != "flip" && c.PMethod == compare.PMcNemar {
			t.Errorf("%s %s: p-value by %q", c.Iteration, c.Subject, c.PMethod)
		}
		nonBinary += b2i(c.PMethod != compare.PMcNemar)
	}
	if nonBinary == 0 {
		t.Fatal("no comparison with a sign-flip test")
	}

	// b alone: pair it1/it0 is 0/1, pair it2/it1 has the same differences
	// but values 2.
	q := &project.Project{Iterations: p.Iterations, Metrics: []project.Metric{b}}
	untestedBinary = false
	pl := NewPlan(q, opt)
	fams := make([]int, pl.Families())
	for k := range fams {
		fams[k] = k
	}
	clean := NewPlan(q, opt).Compare(fams)
	untestedBinary = true
	last := pl.CompareFrom(fams, nil)
	again := NewPlan(q, opt).CompareFrom(fams, last)
	if !reflect.DeepEqual(again, last) || !reflect.DeepEqual(comparisonsOf(again), comparisonsOf(clean)) {
		t.Errorf("b: CompareFrom's comparisons differ from a clean Compare's")
	}
	if c := again[1].Comparisons[0]; c.P == nil || c.PMethod == compare.PMcNemar {
		t.Errorf("b, %s against %s (values 2): p %v by %q; want the sign-flip test's", c.Iteration, c.Against, c.P, c.PMethod)
	}
}

// comparisonsOf returns the comparisons of results, family by family.
func comparisonsOf(rs []FamilyResult) [][]Comparison {
	out := make([][]Comparison, len(rs))
	for k, r := range rs {
		out[k] = r.Comparisons
	}
	return out
}

// TestItemSets: a group's seed and slices, found once per items array,
// are pairedSeed's and sliceGroups' of its items, the same set for the
// same array and for its prefix a set of its own; McNemar's test at
// positions is the test of the values there.
func TestItemSets(t *testing.T) {
	p := timeline(stats.NewRand(9), 3, 50, 2, func(int) float64 { return 0 })
	pl := NewPlan(p, Options{}.withDefaults())
	c := pl.c
	items := c.x.subjects[0].iters[0].item
	for _, its := range [][]int32{items, items[:30], nil} {
		set := c.itemSetOf(its)
		names, pos := c.sliceGroups(its)
		if set.seed != c.pairedSeed(its) || !reflect.DeepEqual(set.names, names) || !reflect.DeepEqual(set.pos, pos) {
			t.Errorf("%d items: set %+v; want seed %x, slices %v %v", len(its), set, c.pairedSeed(its), names, pos)
		}
		if len(its) > 0 && c.itemSetOf(its) != set {
			t.Errorf("%d items: a second set for the same array", len(its))
		}
	}
	d := []float64{1, -1, 0, 1, 1, -1, 0, 1}
	for _, pos := range [][]int{{0, 3, 4, 7}, {1, 2, 5}, {}, {0, 1, 2, 3, 4, 5, 6, 7}} {
		if got, want := mcNemarAt(d, pos), mcNemar(at(d, pos)); got != want {
			t.Errorf("positions %v: %v; want %v", pos, got, want)
		}
	}
}
