package build

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/experiment"
	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/leaderboard"
	"github.com/evalbook/evalbook/internal/preference"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/reliability"
	"github.com/evalbook/evalbook/internal/trend"
)

// analyses is the analyse stage's output: every analysis of one project.
type analyses struct {
	Trends      trend.Report
	Reliability reliability.Report
	Experiments experiment.Report
	Discrepancy discrepancy.Report
	Leaderboard leaderboard.Report
	Preference  preference.Report
	// id identifies these results among the analyses of one memo (see
	// render.Input.ResultsID); 0 for an analysis without a memo.
	id uint64
}

// analysisMemo keeps the last result of every analysis unit, keyed by the
// fingerprint of the unit's inputs, so that a rebuild recomputes only the
// units whose inputs changed: trends per metric and per dimension,
// reliability per dimension, experiments per comparison family (one
// iteration pair in a timeline), discrepancy per dimension and per
// metric-dimension pair, leaderboards per subject, pairwise preferences
// per pairwise dimension (fed into the leaderboards after the assembly
// every time). Each analysis package
// says what its units read (its Fingerprint functions); a unit's random
// streams are seeded from names (stats.Seed), so its result does not
// depend on which other units exist, and a reused result is the one a
// clean analysis would compute.
//
// The zero value is ready to use; a Session holds one across builds. It
// keeps only the units of the latest analysis, so it holds about one
// analysed project. A nil *analysisMemo analyses everything with the
// whole-report functions and computes no fingerprints: the cold path of
// `evalbook build`.
type analysisMemo struct {
	mu           sync.Mutex // one analyse at a time
	arraysMu     sync.Mutex // arrays, which the analyses of one analyse share
	trendMetrics map[fingerprint.Sum]trend.MetricTrend
	trendDims    map[fingerprint.Sum]trend.DimensionTrend
	reliability  map[fingerprint.Sum]reliability.DimensionResult
	experiment   map[fingerprint.Sum]experiment.FamilyResult
	expPlan      *experiment.Plan // the last analysis' plan, whose subjects the next may take (NewPlanFrom)
	discDims     map[fingerprint.Sum]discrepancy.Dimension
	discPairs    map[fingerprint.Sum]discrepancy.PairResult
	leaderboard  map[fingerprint.Sum]leaderboard.SubjectBoards
	preference   map[fingerprint.Sum][]preference.Unit
	// arrays are the last fingerprints of the trend and reliability units
	// by the data array each hashed (arraySum), by analysis and subject.
	arrays map[string]map[string]arrayEntry
	// last is the latest analysis whole, reused with no unit fingerprinted
	// when the project's data is the very data it analysed (see sameData)
	// and the config and the documents' front matter are unchanged: what a
	// prose edit leaves.
	last *lastAnalysis
	ids  uint64 // the id of the latest analysis assembled (analyses.id)
}

// lastAnalysis is one analysis and what it was made from.
type lastAnalysis struct {
	p      *project.Project // holds the data, so its memory is not reused
	inputs fingerprint.Sum  // the config, the shape and iterations, the documents but their bodies
	an     analyses
	sum    AnalysisSummary
}

// wholeInputs fingerprints what the analyses read beyond the data files'
// records: the config, the project's shape and iterations, and the
// documents (their front matter: verdicts, investigations) without their
// bodies, which no analysis reads: ingest's fingerprint of them
// (Project.DocsFront), or, for a project without one, every document.
func wholeInputs(cfg *config.Config, p *project.Project) fingerprint.Sum {
	h := fingerprint.New("analysis inputs").Value(*cfg).Value(p.Shape).Value(p.Iterations)
	if p.DocsFront != ([32]byte{}) {
		return h.Bool(true).Sum(p.DocsFront).Done()
	}
	h.Bool(false)
	for _, docs := range [][]project.Document{p.CaseStudies, p.Pages} {
		h.Int(len(docs))
		for _, d := range docs {
			d.HTML = ""
			h.Value(d)
		}
	}
	return h.Done()
}

// sameData reports whether p and q hold the very same data (not equal
// data: the same arrays), as two loads through one ingest.Cache do when no
// data file and no setting changed. The arrays are never changed once
// merged, and last holds q's, so equal addresses mean equal contents.
func sameData(p, q *project.Project) bool {
	return sameSlice(p.Metrics, q.Metrics) && sameSlice(p.Dimensions, q.Dimensions) &&
		sameSlice(p.Pairwise, q.Pairwise) && sameSlice(p.Items, q.Items) &&
		sameSlice(p.Raters, q.Raters) && sameSlice(p.Sources, q.Sources)
}

func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// sameRatings and sameValues report whether a and b are the same columns.
func sameRatings(a, b project.Ratings) bool { return a.Same(&b) }
func sameValues(a, b project.Values) bool   { return a.Same(&b) }

// Redone counts the units of one kind an analysis recomputed.
type Redone struct {
	Units  string // "metrics", "dimensions", "pairs", ...
	Redone int
	Total  int
}

// AnalysisRedone is what one analysis recomputed.
type AnalysisRedone struct {
	Analysis string // "trend", "reliability", ...
	Units    []Redone
}

// AnalysisSummary says what an analysis with a memo recomputed, analysis
// by analysis; String gives the line `serve` prints.
type AnalysisSummary []AnalysisRedone

// String returns the summary as one line, for example "trend: 0 of 4
// metrics, 1 of 3 dimensions; reliability: 1 of 3 dimensions; experiment:
// 0 of 5 pairs; ...".
func (s AnalysisSummary) String() string {
	parts := make([]string, len(s))
	for i, a := range s {
		units := make([]string, len(a.Units))
		for j, u := range a.Units {
			units[j] = fmt.Sprintf("%d of %d %s", u.Redone, u.Total, u.Units)
		}
		parts[i] = a.Analysis + ": " + strings.Join(units, ", ")
	}
	return strings.Join(parts, "; ")
}

// Counts returns the units recomputed and the units in all, over every
// analysis.
func (s AnalysisSummary) Counts() (redone, total int) {
	for _, a := range s {
		for _, u := range a.Units {
			redone, total = redone+u.Redone, total+u.Total
		}
	}
	return redone, total
}

// analyse runs every analysis of p under cfg, the analyses side by side.
// With a memo it reuses every unit whose fingerprint it holds and reports
// what it recomputed; with none (m nil) it computes everything and the
// summary is nil.
func (m *analysisMemo) analyse(cfg *config.Config, p *project.Project) (analyses, AnalysisSummary) {
	return m.analyseCounted(cfg, p, nil)
}

// analyseCounted is analyse that calls finished (nil: nothing) as each of
// the six analyses ends, for the progress line.
func (m *analysisMemo) analyseCounted(cfg *config.Config, p *project.Project, finished func()) (analyses, AnalysisSummary) {
	var an analyses
	trendOpt := trend.Options{Confidence: cfg.Analysis.Confidence, Resamples: cfg.Analysis.Resamples, Seed: cfg.Analysis.Seed}
	relOpt, expOpt := reliability.OptionsFrom(cfg), experiment.OptionsFrom(cfg)
	discOpt, lbOpt := discrepancy.OptionsFrom(cfg), leaderboard.SettingsFrom(cfg)
	prefOpt := preference.OptionsFrom(cfg)
	// The analyses are pure functions of the read-only project, so they run
	// side by side and fill the cores while one of them waits on its slowest
	// part.
	wg := countedGroup{done: finished}
	if m == nil {
		wg.Go(func() { an.Trends = trend.Analyse(p, trendOpt) })
		wg.Go(func() { an.Reliability = reliability.Analyse(p, relOpt) })
		wg.Go(func() { an.Experiments = experiment.Analyse(p, expOpt) })
		wg.Go(func() { an.Discrepancy = discrepancy.Analyse(p, discOpt) })
		wg.Go(func() { an.Leaderboard = leaderboard.Analyse(p, lbOpt) })
		wg.Go(func() { an.Preference = preference.Analyse(p, prefOpt) })
		wg.Wait()
		preference.Feed(&an.Leaderboard, an.Preference, p.Shape == project.ShapeRounds)
		return an, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	inputs := wholeInputs(cfg, p)
	if l := m.last; l != nil && l.inputs == inputs && sameData(p, l.p) {
		l.p = p
		return l.an, noneRedone(l.sum)
	}
	sum := make(AnalysisSummary, 6)
	keys := newDimKeys(p) // the dimensions' ratings, hashed once for trend, reliability and discrepancy
	wg.Go(func() { an.Trends, sum[0] = m.trend(p, trendOpt, keys) })
	wg.Go(func() { an.Reliability, sum[1] = m.reliabilityUnits(p, relOpt, keys) })
	wg.Go(func() { an.Experiments, sum[2] = m.experimentUnits(p, expOpt) })
	wg.Go(func() { an.Discrepancy, sum[3] = m.discrepancyUnits(p, discOpt, keys) })
	wg.Go(func() { an.Leaderboard, sum[4] = m.leaderboardUnits(p, lbOpt) })
	wg.Go(func() { an.Preference, sum[5] = m.preferenceUnits(p, prefOpt) })
	wg.Wait()
	preference.Feed(&an.Leaderboard, an.Preference, p.Shape == project.ShapeRounds)
	m.ids++
	an.id = m.ids
	m.last = &lastAnalysis{p: p, inputs: inputs, an: an, sum: sum}
	return an, sum
}

// noneRedone returns s with no unit redone.
func noneRedone(s AnalysisSummary) AnalysisSummary {
	out := make(AnalysisSummary, len(s))
	for i, a := range s {
		out[i] = AnalysisRedone{a.Analysis, slices.Clone(a.Units)}
		for j := range out[i].Units {
			out[i].Units[j].Redone = 0
		}
	}
	return out
}

// reuse returns, for every unit's fingerprint in sums, the result last
// holds for it, and the indexes of the units it holds none for.
func reuse[R any](last map[fingerprint.Sum]R, sums []fingerprint.Sum) ([]R, []int) {
	out := make([]R, len(sums))
	var todo []int
	for i, s := range sums {
		r, ok := last[s]
		if !ok {
			todo = append(todo, i)
			continue
		}
		out[i] = r
	}
	return out, todo
}

// fill puts the results computed for the units todo into out and returns
// the memo's next map: every unit of this analysis by fingerprint (units
// that are gone are dropped).
func fill[R any](out []R, todo []int, computed []R, sums []fingerprint.Sum) map[fingerprint.Sum]R {
	for n, i := range todo {
		out[i] = computed[n]
	}
	next := make(map[fingerprint.Sum]R, len(sums))
	for i, s := range sums {
		next[s] = out[i]
	}
	return next
}

// arrayEntry is a unit's fingerprint with the data array it hashed (held,
// so that its address is not reused) and the sum of everything else the
// unit's fingerprint function read (arraySum).
type arrayEntry struct {
	data      any
	rest, sum fingerprint.Sum
}

// arraySum returns f(), a unit's fingerprint, or the last one of the
// subject name in last when it was made from the very array data (the
// project's data is never changed in place once loaded, and a load
// through one ingest.Cache keeps the arrays of the subjects whose files
// did not change) and an equal rest, which must cover everything f reads
// but the array. It keeps this one in next. So a rebuild after new
// ratings of one dimension hashes that dimension's ratings alone.
func arraySum[T any](last, next map[string]arrayEntry, name string, data T, same func(a, b T) bool, rest fingerprint.Sum, f func() fingerprint.Sum) fingerprint.Sum {
	e, ok := last[name]
	if old, typed := e.data.(T); !ok || !typed || !same(old, data) || e.rest != rest {
		e = arrayEntry{data: data, rest: rest, sum: f()}
	}
	next[name] = e
	return e.sum
}

// unitRest fingerprints what the trend and reliability fingerprints of a
// subject read besides its values or ratings: the options, the project's
// shape, iterations and raters, and the subject itself, its data array
// left out (subject is a copy with it nil).
func unitRest(p *project.Project, opt, subject any) fingerprint.Sum {
	return fingerprint.New("unit rest").JSON(opt).Value(p.Shape).Value(p.Iterations).Value(p.Raters).Value(subject).Done()
}

// arrayMaps returns the last array fingerprints of analysis kind and a
// new map for this analysis' (arraySum), which it keeps.
func (m *analysisMemo) arrayMaps(kind string) (last, next map[string]arrayEntry) {
	m.arraysMu.Lock()
	defer m.arraysMu.Unlock()
	if m.arrays == nil {
		m.arrays = map[string]map[string]arrayEntry{}
	}
	last, next = m.arrays[kind], map[string]arrayEntry{}
	m.arrays[kind] = next
	return last, next
}

func (m *analysisMemo) trend(p *project.Project, opt trend.Options, keys dimKeys) (trend.Report, AnalysisRedone) {
	ms, ds := make([]fingerprint.Sum, len(p.Metrics)), make([]fingerprint.Sum, len(p.Dimensions))
	lastM, nextM := m.arrayMaps("trend metrics")
	for i := range p.Metrics {
		mt := &p.Metrics[i]
		shallow := *mt
		shallow.Values = project.Values{}
		ms[i] = arraySum(lastM, nextM, mt.Name, mt.Values, sameValues, unitRest(p, opt, shallow), func() fingerprint.Sum { return trend.MetricFingerprint(p, mt, opt) })
	}
	lastD, nextD := m.arrayMaps("trend dimensions")
	for k := range p.Dimensions {
		d := &p.Dimensions[k]
		shallow := *d
		shallow.Ratings = project.Ratings{}
		rest := unitRest(p, opt, shallow)
		ds[k] = arraySum(lastD, nextD, d.Name, d.Ratings, sameRatings, rest, func() fingerprint.Sum { return keys.unitSum("trend dimension", rest, k) })
	}
	rep := trend.Report{}
	var todoM, todoD []int
	rep.Metrics, todoM = reuse(m.trendMetrics, ms)
	rep.Dimensions, todoD = reuse(m.trendDims, ds)
	newM, newD := trend.AnalyseUnits(p, opt, todoM, todoD)
	m.trendMetrics, m.trendDims = fill(rep.Metrics, todoM, newM, ms), fill(rep.Dimensions, todoD, newD, ds)
	return rep, AnalysisRedone{"trend", []Redone{{"metrics", len(todoM), len(ms)}, {"dimensions", len(todoD), len(ds)}}}
}

func (m *analysisMemo) reliabilityUnits(p *project.Project, opt reliability.Options, keys dimKeys) (reliability.Report, AnalysisRedone) {
	sums := make([]fingerprint.Sum, len(p.Dimensions))
	last, next := m.arrayMaps("reliability")
	for k := range p.Dimensions {
		d := &p.Dimensions[k]
		shallow := *d
		shallow.Ratings = project.Ratings{}
		rest := unitRest(p, opt, shallow)
		sums[k] = arraySum(last, next, d.Name, d.Ratings, sameRatings, rest, func() fingerprint.Sum { return keys.unitSum("reliability dimension", rest, k) })
	}
	out, todo := reuse(m.reliability, sums)
	m.reliability = fill(out, todo, reliability.AnalyseDimensions(p, opt, todo), sums)
	return reliability.Assemble(out), AnalysisRedone{"reliability", []Redone{{"dimensions", len(todo), len(sums)}}}
}

func (m *analysisMemo) experimentUnits(p *project.Project, opt experiment.Options) (experiment.Report, AnalysisRedone) {
	pl := experiment.NewPlanFrom(p, opt, m.expPlan)
	m.expPlan = pl
	sums := make([]fingerprint.Sum, pl.Families())
	for k := range sums {
		sums[k] = pl.Fingerprint(k)
	}
	out, todo := reuse(m.experiment, sums)
	last := slices.Collect(maps.Values(m.experiment))
	m.experiment = fill(out, todo, pl.CompareFrom(todo, last), sums)
	units := "families"
	if pl.Pairs() {
		units = "pairs"
	}
	return pl.Report(out), AnalysisRedone{"experiment", []Redone{{units, len(todo), len(sums)}}}
}

func (m *analysisMemo) discrepancyUnits(p *project.Project, opt discrepancy.Options, keys dimKeys) (discrepancy.Report, AnalysisRedone) {
	pl := discrepancy.NewPlan(p, opt)
	dsums, psums := m.discrepancySums(p, opt, pl, keys)
	dims, todoD := reuse(m.discDims, dsums)
	pairs, todoP := reuse(m.discPairs, psums)
	newD, newP := pl.Compute(todoD, todoP)
	m.discDims, m.discPairs = fill(dims, todoD, newD, dsums), fill(pairs, todoP, newP, psums)
	return pl.Report(dims, pairs), AnalysisRedone{"discrepancy", []Redone{{"dimensions", len(todoD), len(dsums)}, {"pairs", len(todoP), len(psums)}}}
}

// discrepancySums returns pl.Fingerprints(), the dimensions' and metrics'
// parts kept by data array (arraySum). A metric's part reads the slices of
// its items, which every metric's values decide, so its array is all the
// metrics' values.
func (m *analysisMemo) discrepancySums(p *project.Project, opt discrepancy.Options, pl *discrepancy.Plan, keys dimKeys) (dims, pairs []fingerprint.Sum) {
	dims = make([]fingerprint.Sum, len(p.Dimensions))
	lastD, nextD := m.arrayMaps("discrepancy dimensions")
	for k := range p.Dimensions {
		d := &p.Dimensions[k]
		shallow := *d
		shallow.Ratings = project.Ratings{}
		rest := unitRest(p, opt, shallow)
		dims[k] = arraySum(lastD, nextD, d.Name, d.Ratings, sameRatings, rest, func() fingerprint.Sum { return keys.unitSum("discrepancy dimension", rest, k) })
	}
	all := make([]project.Values, len(p.Metrics))
	for i := range p.Metrics {
		all[i] = p.Metrics[i].Values
	}
	metrics := make([]fingerprint.Sum, len(p.Metrics))
	lastM, nextM := m.arrayMaps("discrepancy metrics")
	for i := range p.Metrics {
		shallow := p.Metrics[i]
		shallow.Values = project.Values{}
		metrics[i] = arraySum(lastM, nextM, shallow.Name, all, sameAllValues, unitRest(p, opt, shallow), func() fingerprint.Sum { return pl.MetricFingerprint(i) })
	}
	return dims, pl.PairFingerprints(dims, metrics)
}

// sameAllValues reports whether a and b are the same columns, one by one.
func sameAllValues(a, b []project.Values) bool {
	return slices.EqualFunc(a, b, sameValues)
}

func (m *analysisMemo) leaderboardUnits(p *project.Project, s leaderboard.Settings) (leaderboard.Report, AnalysisRedone) {
	sums := make([]fingerprint.Sum, leaderboard.Subjects(p))
	for n := range sums {
		sums[n] = leaderboard.SubjectFingerprint(p, s, n)
	}
	out, todo := reuse(m.leaderboard, sums)
	m.leaderboard = fill(out, todo, leaderboard.AnalyseSubjects(p, s, todo), sums)
	return leaderboard.Assemble(p, s, out), AnalysisRedone{"leaderboard", []Redone{{"subjects", len(todo), len(sums)}}}
}

func (m *analysisMemo) preferenceUnits(p *project.Project, opt preference.Options) (preference.Report, AnalysisRedone) {
	sums := make([]fingerprint.Sum, len(p.Pairwise))
	for i := range p.Pairwise {
		sums[i] = preference.Fingerprint(p, &p.Pairwise[i], opt)
	}
	out, todo := reuse(m.preference, sums)
	m.preference = fill(out, todo, preference.AnalyseDimensions(p, opt, todo), sums)
	return preference.Assemble(out), AnalysisRedone{"pairwise", []Redone{{"dimensions", len(todo), len(sums)}}}
}

// countedGroup is a sync.WaitGroup whose Go calls done (when not nil) as
// each function returns.
type countedGroup struct {
	sync.WaitGroup
	done func()
}

func (g *countedGroup) Go(f func()) {
	g.WaitGroup.Go(func() {
		f()
		if g.done != nil {
			g.done()
		}
	})
}
