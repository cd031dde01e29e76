package experiment

import (
	"reflect"
	"runtime"
	"slices"
	"sync"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/project"
)

// Plan is a project's values indexed for comparison and its comparisons
// grouped into families: the units of Analyse. A family is the tests
// adjusted together (one iteration against its target in a timeline, a
// round's comparisons for unordered systems), so its result depends on
// every subject's values in the iterations it compares and on nothing
// else (see Fingerprint). Analyse is NewPlan, Compare of every family and
// Report.
type Plan struct {
	p     *project.Project
	c     *comparer
	tasks []pairTask
	fams  [][]int // task indexes by family, in Analyse's order
	// values are the fingerprints of each subject's values in each
	// iteration (valueSums), made once for every family's Fingerprint.
	values     [][]fingerprint.Sum
	valuesOnce sync.Once
	// lastValues are the last plan's values fingerprints of the subjects
	// taken from it, by subject (nil where none; NewPlanFrom).
	lastValues [][]fingerprint.Sum
}

// FamilyResult is the comparisons of one family, verdicts and adjusted
// p-values set, with the regression and slice alerts they raise (not yet
// sorted).
type FamilyResult struct {
	Comparisons []Comparison
	Alerts      []alert.Alert
	// batches are the groups' paired bootstraps it used, for CompareFrom.
	batches map[fingerprint.Sum]batchOut
}

// NewPlan indexes the values of p and lists its comparisons.
func NewPlan(p *project.Project, opt Options) *Plan { return NewPlanFrom(p, opt, nil) }

// NewPlanFrom is NewPlan that takes from last, the plan of an earlier
// project (nil: none), each subject whose values are the very same
// arrays, with its values' fingerprints, where the index numbers its
// items as it did then (reindex.go). The plan is NewPlan's.
func NewPlanFrom(p *project.Project, opt Options, last *Plan) *Plan {
	opt = opt.withDefaults()
	var lastX *index
	if last != nil && reflect.DeepEqual(last.c.opt, opt) {
		lastX = last.c.x
	}
	x := newIndex(p, opt, lastX)
	c := &comparer{x: x, opt: opt, ids: make([]string, len(p.Iterations))}
	for i, it := range p.Iterations {
		c.ids[i] = it.ID
	}
	tasks := targets(p, x)
	pl := &Plan{p: p, c: c, tasks: tasks, fams: families(tasks)}
	if lastX != nil {
		pl.lastValues = reusableSums(x, lastX, last)
	}
	return pl
}

// reusableSums returns, by subject of x, the last plan's fingerprints of
// its values where x took the subject from lastX (reindex.go) and every
// item has the slice it had then (a slice is set by the first subject
// that gives one, a pairwise dimension's after the others'); nil where
// they must be made.
func reusableSums(x, lastX *index, last *Plan) [][]fingerprint.Sum {
	if !slices.Equal(x.items, lastX.items) || !slices.Equal(x.itemSlice, lastX.itemSlice) {
		return nil
	}
	sums := last.valueSums()
	out := make([][]fingerprint.Sum, len(x.subjects))
	for n := range x.made {
		if x.made[n].reused {
			out[n] = sums[n]
		}
	}
	return out
}

// Families returns the number of families.
func (pl *Plan) Families() int { return len(pl.fams) }

// Pairs reports whether every family is a single pair of iterations (a
// timeline's), so that a family can be called a pair in messages.
func (pl *Plan) Pairs() bool { return len(pl.fams) == len(pl.tasks) }

// Fingerprint returns the fingerprint of everything family k reads: the
// options (defaults applied), its pairs (iterations, target, family name)
// and, for every subject in order, its name, kind, direction and
// thresholds and its values in both iterations of each pair, each per-item
// value with its item and the item's slice, in the index order the paired
// resampling follows; for a pairwise dimension, the per-item scores of
// each pair's candidate over its target (so the judgements of that pair
// and nothing else). A change to one subject's values in one iteration
// changes the families that compare that iteration, and no other.
func (pl *Plan) Fingerprint(k int) fingerprint.Sum {
	c, x := pl.c, pl.c.x
	h := fingerprint.New("experiment family").JSON(c.opt)
	h.Int(len(pl.fams[k]))
	for _, ti := range pl.fams[k] {
		t := pl.tasks[ti]
		h.String(c.ids[t.cand]).String(c.ids[t.against]).String(t.target).String(t.family)
	}
	h.Int(len(x.subjects))
	values := pl.valueSums()
	for n, s := range x.subjects {
		h.String(s.name).String(s.kind).Int(int(s.dir)).JSON(s.th)
		for _, ti := range pl.fams[k] {
			for _, it := range []int{pl.tasks[ti].cand, pl.tasks[ti].against} {
				h.Sum(values[n][it])
			}
			if s.paired != nil {
				t := pl.tasks[ti]
				pm := s.paired[[2]string{c.ids[t.cand], c.ids[t.against]}]
				h.Float(pm.N).Float(pm.SumA).Float(pm.SumB).Float(pm.SumD).Float(pm.SumSqD)
			}
			if s.kind == KindPairwise {
				t := pl.tasks[ti]
				v := s.pairs[[2]int{min(t.cand, t.against), max(t.cand, t.against)}]
				h.Int(len(v)).Bool(t.cand < t.against)
				for _, o := range v {
					h.String(x.items[o.item]).String(x.itemSlice[o.item]).Float(o.v)
				}
			}
		}
	}
	return h.Done()
}

// valueSums returns the fingerprints of every subject's values in every
// iteration (valuesSum), by subject and iteration index, made the
// first time on GOMAXPROCS goroutines.
func (pl *Plan) valueSums() [][]fingerprint.Sum {
	pl.valuesOnce.Do(func() {
		subs := pl.c.x.subjects
		pl.values = make([][]fingerprint.Sum, len(subs))
		parallel(runtime.GOMAXPROCS(0), len(subs), func(n int) {
			if n < len(pl.lastValues) && pl.lastValues[n] != nil {
				pl.values[n] = pl.lastValues[n]
				return
			}
			pl.values[n] = make([]fingerprint.Sum, len(subs[n].iters))
			for it := range subs[n].iters {
				pl.values[n][it] = pl.c.x.valuesSum(&subs[n].iters[it])
			}
		})
	})
	return pl.values
}

// valuesSum fingerprints a subject's values in one iteration: each
// per-item value with its item and the item's slice, in the index order
// the paired resampling follows, the iteration-level values and the
// aggregate.
func (x *index) valuesSum(v *iterValues) fingerprint.Sum {
	h := fingerprint.New("experiment values").Int(len(v.item))
	for k, it := range v.item {
		h.String(x.items[it]).String(x.itemSlice[it]).Float(v.v[k])
	}
	h.Int(len(v.level))
	for _, f := range v.level {
		h.Float(f)
	}
	h.Bool(v.agg != nil)
	if v.agg != nil {
		h.Float(v.agg.N).Float(v.agg.Sum).Float(v.agg.SumSq)
	}
	return h.Done()
}

// Compare computes the families at the indexes fams, in that order, over
// GOMAXPROCS goroutines.
func (pl *Plan) Compare(fams []int) []FamilyResult {
	return pl.compare(fams, runtime.GOMAXPROCS(0), nil)
}

// CompareFrom is Compare taking each group's paired bootstrap from the
// families of last (earlier results of this Plan's project, in any order)
// when one of them computed it from the same inputs (batches.go). The
// results are Compare's; each keeps the bootstraps it used, for the next
// CompareFrom.
func (pl *Plan) CompareFrom(fams []int, last []FamilyResult) []FamilyResult {
	prior := map[fingerprint.Sum]batchOut{}
	for _, r := range last {
		for k, b := range r.batches {
			prior[k] = b
		}
	}
	return pl.compare(fams, runtime.GOMAXPROCS(0), prior)
}

// compare computes the families fams on workers goroutines, with the
// groups' bootstraps from prior, or without keeping any when prior is nil.
func (pl *Plan) compare(fams []int, workers int, prior map[fingerprint.Sum]batchOut) []FamilyResult {
	var tasks []int
	for _, k := range fams {
		tasks = append(tasks, pl.fams[k]...)
	}
	work := make([]pairWork, len(tasks))
	used := make([]*batches, len(tasks))
	parallel(workers, len(tasks), func(i int) {
		if prior != nil {
			used[i] = &batches{prior: prior, used: map[fingerprint.Sum]batchOut{}}
		}
		work[i] = pl.c.prepare(pl.tasks[tasks[i]], pl.c.x.subjects, true)
	})
	pl.c.bootstrapShared(work, used, workers)
	done := make([][]result, len(tasks))
	parallel(workers, len(tasks), func(i int) {
		for _, g := range work[i].groups {
			pl.c.fill(work[i].out, g)
		}
		done[i] = work[i].out
	})
	out := make([]FamilyResult, len(fams))
	next := 0 // tasks holds the families' tasks one family after another
	for n, k := range fams {
		var rs []result
		for range pl.fams[k] {
			rs = append(rs, done[next]...)
			if used[next] != nil {
				out[n].batches = mergeInto(out[n].batches, used[next].used)
			}
			next++
		}
		pl.c.finish(rs)
		for _, r := range rs {
			out[n].Comparisons = append(out[n].Comparisons, r.c)
			if r.c.Target == TargetBaseline || r.c.Target == TargetPrevious {
				out[n].Alerts = append(out[n].Alerts, pl.c.comparisonAlerts(r)...)
			}
		}
	}
	return out
}

// mergeInto adds the entries of src to dst (made when nil) and returns it.
func mergeInto(dst, src map[fingerprint.Sum]batchOut) map[fingerprint.Sum]batchOut {
	if dst == nil {
		return src
	}
	for k, v := range src {
		dst[k] = v
	}
	return dst
}

// Report puts the results of every family, in order, together with what
// spans families: the threshold and anomaly alerts of every subject's
// iteration means and the case studies' verdicts (each one pair of one
// subject, cheap next to the families).
func (pl *Plan) Report(results []FamilyResult) Report {
	c, p := pl.c, pl.p
	rep := Report{Comparisons: []Comparison{}, Verdicts: []Verdict{}, Alerts: []alert.Alert{}}
	for _, r := range results {
		rep.Comparisons = append(rep.Comparisons, r.Comparisons...)
		rep.Alerts = append(rep.Alerts, r.Alerts...)
	}
	for _, s := range c.x.subjects {
		rep.Alerts = append(rep.Alerts, c.levelAlerts(s)...)
		if !p.Shape.Unordered() {
			rep.Alerts = append(rep.Alerts, c.anomalyAlerts(s)...)
		}
	}
	for _, d := range p.CaseStudies {
		if d.Meta.Candidate != "" && d.Meta.Primary != "" {
			rep.Verdicts = append(rep.Verdicts, c.verdict(p, d, pl.tasks))
		}
	}
	alert.Sort(rep.Alerts)
	return rep
}
