package experiment

import (
	"math"
	"runtime"
	"sync"

	"github.com/evalbook/evalbook/internal/compare"
	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// Targets of a comparison.
const (
	TargetBaseline = "baseline"
	TargetPrevious = "previous"
	// TargetReference: a system against its round's reference system
	// (project shapes "systems" and "rounds").
	TargetReference = "reference"
	// TargetPair: one pair of unordered systems, when their round has no
	// reference; the system listed first in the series is the Against.
	TargetPair = "pair"
)

// Analyse compares every iteration with its target and evaluates every
// stated experiment.
//
// The target of an iteration is its Baseline when set, else the iteration
// before it in series order; the first iteration without a baseline has
// none. A subject (metric, or dimension with numeric ratings; label
// dimensions are skipped) is compared when both iterations have values for
// it:
//
//   - Paired, on the items both have values for, when there is at least
//     one: compare.PairedBatch over all subjects with the same shared
//     items, so that they share one set of resamples drawn from
//     stats.Seed(Seed, "compare", "items", fingerprint of the items' IDs):
//     every comparison over the same items, in any pair of iterations,
//     draws the same resamples, and those of all pairs are computed
//     together (bootstrapShared, batches.go). Each interval is still the
//     percentile bootstrap of its own differences. Subjects whose
//     values are all 0 or 1 take McNemar's exact p-value instead of the
//     sign-flip test. A dimension's value on an item is its consensus, the
//     mean of the item's ratings in the iteration.
//
//   - Unpaired otherwise (no shared item, or iteration-level values):
//     Newcombe's interval and the two-proportion z test for 0/1 values,
//     else compare.Unpaired. One value on each side is no test: Delta only,
//     Verdict "no test".
//
//   - A pairwise dimension (Kind "pairwise") is compared when the two
//     iterations were judged against each other: each item's score is
//     the mean over its judgements of the probability that the candidate
//     is better (1 a win, 0.5 a tie, 0 a loss; a weighted judge's value
//     as it is), Mean the mean score (the win rate, items weighted
//     equally), MeanAgainst 0.5 (no preference), so Delta = win rate -
//     0.5. It is paired against that constant: compare.PairedBatch on the
//     scores minus 0.5, a paired bootstrap interval and the sign-flip
//     test, which is the exact randomisation test of no preference
//     (exchanging the two systems on an item turns its score s into
//     1 - s), and with one win or loss per item the two-sided sign test.
//     It joins the iteration's family, slices, alerts and case-study
//     verdicts like any comparison (min_effect in win-rate units); the
//     dimension's configured thresholds apply to Delta (min and max,
//     levels of one iteration, do not). Pairs of iterations never judged
//     head to head have no pairwise comparison.
//
// Every paired comparison is broken down by slice when its items fall into
// two slices or more; an item's slice is the first non-empty Slice a
// metric value gives it, else a pairwise judgement, and dimensions use the
// same. A slice reuses its comparison's resamples
// (compare.PairedBatchSlices): its interval is the bootstrap of a domain
// mean under the comparison's draws, its sign-flip test the comparison's
// sign patterns restricted to its items (exact up to compare.MaxExact
// items), so slices cost no draws of their own.
//
// The family of one iteration is every test that can raise an alert: its
// comparisons and all their slices. Their p-values are adjusted together
// with Experiment.Correction, weighted: with m comparisons and s slices
// that have a test, each comparison has weight (1 - SliceWeight) / m and
// each slice SliceWeight / s (each kind all the weight when the other has
// no test). "holm" is Holm's weighted step-down procedure
// (compare.WeightedHolm), which keeps the chance of any false significance
// in the family at most Alpha whatever the weights; "bh" the weighted
// Benjamini-Hochberg procedure (compare.WeightedBH), which keeps the
// expected share of false discoveries at most Alpha. PAdjusted is the
// smallest alpha at which the procedure rejects the test, and Significant
// is PAdjusted < Experiment.Alpha, for comparisons and slices alike. With
// the default SliceWeight 0.2 a comparison in a family of 7 comparisons
// and 28 slices is significant when the smallest p-value is below about
// 0.0057 (alpha times its weight 0.8/7), where equal weights over 35 tests
// would ask for 0.0014; a slice then needs p below about 0.00036. The Verdict, in the
// subject's direction, is "better" or "worse" when the interval excludes
// zero on that side and the test is significant; "possibly better" or
// "possibly worse" when only one of the two holds (or p < alpha before the
// correction); else "no change".
//
// A slice is a Reversal when the whole comparison is not "worse" (nor "no
// test") while the slice is "worse", or significant with a change in the
// bad direction beyond the subject's MaxRegression or MaxRegressionRel (of
// the target's mean on all compared items): the aggregate hides a
// regression the slice shows. A slice that is only "possibly worse", or
// beyond a limit without significance, is a PossibleReversal: shown, not
// alerted, since small slices are noisy and many.
//
// Alerts: Min and Max of the thresholds bound an iteration's mean over all
// its values (error, kind "threshold"). Each comparison raises at most one
// "regression" alert (see regressionAlert): error when the change in the
// bad direction exceeds MaxRegression or MaxRegressionRel and the Verdict
// is "worse" (or there is no test, one value each side); the severity
// SignificantRegression ("" is warning, "off" none) when it is "worse"
// within the limits; info, a possible regression, when a limit is exceeded
// but the change is not significant. A sentinel subject's iteration mean
// whose robust z-score against the means of up to AnomalyWindow earlier
// iterations (at least compare.MinHistory) exceeds AnomalyZ in size is an
// "anomaly" warning; a slice Reversal is a "slice" warning. Messages name
// subjects by Options.Labels and give figures in Options.Units.
//
// So on data with no true change, the share of iterations with any
// regression or slice warning or error stays at most Alpha under Holm's
// weighted correction (it controls the chance of any false significance in
// the family whatever the weights), however many metrics and slices there
// are; TestCalibration measures it, with the coverage of the intervals.
//
// # Systems and rounds
//
// When the project's shape is unordered (project.ShapeSystems, or the
// candidates of a project.ShapeRounds round), a system has no previous
// iteration. Each system of a round is compared with the round's reference
// (TargetReference), or, when the round has none, every pair of systems is
// compared once (TargetPair; k systems give k(k-1)/2 comparisons per
// subject, 190 for 20 systems). All comparisons of one round, with their
// slices, form one family for the correction, so that the chance of any
// false "better" or "worse" in the round stays at Alpha however many
// systems it has. In a rounds project, each round's reference is in
// addition compared with the previous round's reference (TargetPrevious,
// or TargetBaseline when the reference names a baseline), a timeline of
// what shipped, with its own family as above.
//
// Regression and slice alerts, and anomalies, are timeline notions: a
// system worse than the reference is a ranking, shown on the leaderboard
// and the system's page, not a regression. So reference and pair
// comparisons raise no alerts, and sentinels watch no unordered project
// (in a rounds project, the comparison of round references raises
// regression and slice alerts as a timeline does). Threshold alerts (min
// and max) hold for every system.
//
// Zero fields of opt take the defaults of config.Default. Analyse spreads
// the iteration pairs over GOMAXPROCS goroutines; the Report does not
// depend on how many there are. It holds no NaN: undefined figures are nil.
func Analyse(p *project.Project, opt Options) Report {
	return analyse(p, opt, runtime.GOMAXPROCS(0))
}

func analyse(p *project.Project, opt Options, workers int) Report {
	pl := NewPlan(p, opt)
	all := make([]int, pl.Families())
	for k := range all {
		all[k] = k
	}
	return pl.Report(pl.compare(all, workers, nil))
}

func (o Options) withDefaults() Options {
	d := config.Default()
	if o.Confidence == 0 {
		o.Confidence = d.Analysis.Confidence
	}
	if o.Resamples == 0 {
		o.Resamples = d.Analysis.Resamples
	}
	e, de := &o.Experiment, d.Experiment
	if e.Correction == "" {
		e.Correction = de.Correction
	}
	if e.Alpha == 0 {
		e.Alpha = de.Alpha
	}
	if e.Power == 0 {
		e.Power = de.Power
	}
	if e.AnomalyWindow == 0 {
		e.AnomalyWindow = de.AnomalyWindow
	}
	if e.AnomalyZ == 0 {
		e.AnomalyZ = de.AnomalyZ
	}
	if e.SliceWeight == nil {
		e.SliceWeight = de.SliceWeight
	}
	return o
}

// targets returns the comparisons of the project: for a timeline, that of
// every iteration that has a target, in series order; for unordered
// systems, those of each round (see Analyse), rounds in order. A baseline
// that names no iteration, or the iteration itself, gives none (ingest
// rejects both).
func targets(p *project.Project, x *index) []pairTask {
	if p.Shape.Unordered() {
		return systemTargets(p, x)
	}
	var out []pairTask
	for i, it := range p.Iterations {
		switch {
		case it.Baseline != "":
			if j, ok := x.iterID[it.Baseline]; ok && j != i {
				out = append(out, pairTask{cand: i, against: j, target: TargetBaseline})
			}
		case i > 0:
			out = append(out, pairTask{cand: i, against: i - 1, target: TargetPrevious})
		}
	}
	return out
}

// systemTargets returns the comparisons of an unordered project: in each
// round, every system against the reference, or every pair when there is
// none, as one family named after the round; and in a rounds project each
// round's reference against its baseline, else the previous round's
// reference, in a family of its own.
func systemTargets(p *project.Project, x *index) []pairTask {
	var out []pairTask
	prevRef := -1
	for _, r := range p.Rounds() {
		fam := "round " + r.ID
		if r.Reference >= 0 {
			for _, i := range r.Systems {
				if i != r.Reference {
					out = append(out, pairTask{cand: i, against: r.Reference, target: TargetReference, family: fam})
				}
			}
		} else {
			for a, i := range r.Systems {
				for _, j := range r.Systems[a+1:] {
					out = append(out, pairTask{cand: j, against: i, target: TargetPair, family: fam})
				}
			}
		}
		if p.Shape != project.ShapeRounds || r.Reference < 0 {
			continue
		}
		ref := p.Iterations[r.Reference]
		fam = "shipped " + ref.ID
		if j, ok := x.iterID[ref.Baseline]; ok && j != r.Reference {
			out = append(out, pairTask{cand: r.Reference, against: j, target: TargetBaseline, family: fam})
		} else if prevRef >= 0 {
			out = append(out, pairTask{cand: r.Reference, against: prevRef, target: TargetPrevious, family: fam})
		}
		prevRef = r.Reference
	}
	return out
}

// families groups the tasks by family, in order of first appearance; a
// task with no family name (a timeline's) is a family of its own.
func families(tasks []pairTask) [][]int {
	var out [][]int
	at := map[string]int{}
	for i, t := range tasks {
		if t.family == "" {
			out = append(out, []int{i})
			continue
		}
		k, ok := at[t.family]
		if !ok {
			k = len(out)
			at[t.family] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], i)
	}
	return out
}

// targetOf returns the task of iteration i, and false when it has none.
func targetOf(tasks []pairTask, i int) (pairTask, bool) {
	for _, t := range tasks {
		if t.cand == i {
			return t, true
		}
	}
	return pairTask{}, false
}

// parallel runs f(0) ... f(n-1) on up to workers goroutines.
func parallel(workers, n int, f func(i int)) {
	workers = max(1, min(workers, n))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// finish adjusts the p-values of one iteration's family together (every
// comparison and every slice of them, weighted by familyWeights) and sets
// weights, verdicts, significance and slice reversals.
func (c *comparer) finish(rs []result) {
	var ps []float64
	var slice []bool
	add := func(p *float64, isSlice bool) {
		ps, slice = append(ps, math.NaN()), append(slice, isSlice)
		if p != nil {
			ps[len(ps)-1] = *p
		}
	}
	for _, r := range rs {
		add(r.c.P, false)
		for _, sl := range r.c.Slices {
			add(sl.P, true)
		}
	}
	w, fam := familyWeights(ps, slice, *c.opt.Experiment.SliceWeight)
	adj, err := compare.Adjust(compare.Correction(c.opt.Experiment.Correction), ps, w)
	if err != nil {
		adj = compare.WeightedHolm(ps, w) // config rejects unknown names; Holm is its default
	}
	alpha := c.opt.Experiment.Alpha
	next := 0
	take := func() (*float64, bool, float64) {
		a, wt := stats.Finite(adj[next]), w[next]
		next++
		return a, a != nil && *a < alpha, wt
	}
	for i := range rs {
		rs[i].family = fam
		cmp := &rs[i].c
		cmp.Tests = fam.tests
		cmp.PAdjusted, cmp.Significant, cmp.Weight = take()
		sign := rs[i].s.sign()
		cmp.Verdict = verdict(cmp.Delta, cmp.CI, cmp.P, cmp.Significant, alpha, sign)
		if cmp.Method == MethodNoTest {
			cmp.Verdict = NoTest
		}
		hides := cmp.Verdict != Worse && cmp.Verdict != NoTest
		for j := range cmp.Slices {
			sl := &cmp.Slices[j]
			sl.PAdjusted, sl.Significant, sl.Weight = take()
			sl.Verdict = verdict(sl.Delta, sl.CI, sl.P, sl.Significant, alpha, sign)
			bad := -sign * sl.Delta
			beyond := bad > 0 && beyondLimit(rs[i].s.th, bad, cmp.MeanAgainst)
			sl.Reversal = hides && (sl.Verdict == Worse || beyond && sl.Significant)
			sl.PossibleReversal = hides && !sl.Reversal && (sl.Verdict == PossiblyWorse || beyond)
		}
	}
}

// family describes the tests of one iteration's correction.
type family struct {
	tests, slices int // tests with a p-value, and how many of them are slices
	sliceWeight   float64
}

// familyWeights returns the weight of each test of a family, each a share
// of the whole: the comparisons (slice false) share 1 - sliceWeight
// equally and the slices sliceWeight, or either kind all of it when the
// other has no test. A NaN p-value (no test) has weight 0 and does not
// count.
func familyWeights(p []float64, slice []bool, sliceWeight float64) ([]float64, family) {
	var subjects int
	fam := family{sliceWeight: sliceWeight}
	for i, v := range p {
		if math.IsNaN(v) {
			continue
		}
		fam.tests++
		if slice[i] {
			fam.slices++
		} else {
			subjects++
		}
	}
	share := map[bool]float64{false: 1 - sliceWeight, true: sliceWeight}
	switch {
	case fam.slices == 0:
		share[false] = 1
	case subjects == 0:
		share[true] = 1
	}
	count := map[bool]int{false: subjects, true: fam.slices}
	w := make([]float64, len(p))
	for i, v := range p {
		if !math.IsNaN(v) {
			w[i] = share[slice[i]] / float64(count[slice[i]])
		}
	}
	return w, fam
}

// beyondLimit reports whether a change of bad in the bad direction exceeds
// MaxRegression, or MaxRegressionRel of |against|.
func beyondLimit(th config.Thresholds, bad, against float64) bool {
	return th.MaxRegression != nil && bad > *th.MaxRegression ||
		th.MaxRegressionRel != nil && against != 0 && bad > *th.MaxRegressionRel*math.Abs(against)
}

// subject returns the indexed subject of a comparison.
func (x *index) subject(name, kind string) *subject {
	for _, s := range x.subjects {
		if s.name == name && s.kind == kind {
			return s
		}
	}
	return nil
}
