package build

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/ingest"
	"github.com/evalbook/evalbook/internal/project"
)

// loadProject reads the project at src as Analyse does.
func loadProject(t *testing.T, src string) (*config.Config, *project.Project) {
	t.Helper()
	cfg, err := LoadConfig(Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := ingest.Load(cfg, os.DirFS(cfg.Root))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.SetShape(cfg.Project.Shape, cfg.Project.Reference); err != nil {
		t.Fatal(err)
	}
	return cfg, p
}

// sameAnalyses fails unless got equals want field by field (nil and empty
// slices told apart) and as JSON byte for byte.
func sameAnalyses(t *testing.T, step string, got, want analyses) {
	t.Helper()
	for _, part := range []struct {
		name      string
		got, want any
	}{
		{"trend", got.Trends, want.Trends},
		{"reliability", got.Reliability, want.Reliability},
		{"experiment", got.Experiments, want.Experiments},
		{"discrepancy", got.Discrepancy, want.Discrepancy},
		{"discrepancy pairs", got.Discrepancy.Pairs, want.Discrepancy.Pairs},
		{"leaderboard", got.Leaderboard, want.Leaderboard},
	} {
		gj, err := json.Marshal(part.got)
		if err != nil {
			t.Fatal(err)
		}
		wj, _ := json.Marshal(part.want)
		if string(gj) != string(wj) {
			t.Errorf("%s: %s: memoised JSON differs from a clean analysis", step, part.name)
		} else if !reflect.DeepEqual(part.got, part.want) {
			t.Errorf("%s: %s: memoised result differs from a clean analysis (same JSON)", step, part.name)
		}
	}
	// Pairwise units hold NaN for undefined figures, which JSON cannot
	// write and DeepEqual never finds equal: compared as gob.
	var g, w bytes.Buffer
	if err := gob.NewEncoder(&g).Encode(got.Preference); err != nil {
		t.Fatal(err)
	}
	if err := gob.NewEncoder(&w).Encode(want.Preference); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(g.Bytes(), w.Bytes()) {
		t.Errorf("%s: pairwise: memoised result differs from a clean analysis", step)
	}
}

// editJudgement returns a copy of p with the first judgement of the first
// pairwise dimension turned round (P becomes 1 - P, off 0.5 by a little
// so a tie changes too), and the judgement's two systems.
func editJudgement(t *testing.T, p *project.Project) (*project.Project, [2]string) {
	q := *p
	q.Pairwise = slices.Clone(p.Pairwise)
	d := &q.Pairwise[0]
	d.Judgements = slices.Clone(d.Judgements)
	j := &d.Judgements[0]
	j.P = 1 - j.P
	if j.P == 0.5 {
		j.P = 0.75
	}
	return &q, [2]string{j.SystemA, j.SystemB}
}

// comparing counts the experiment families of a timeline that compare
// the two iterations of pair with each other.
func comparing(p *project.Project, pair [2]string) int {
	n := 0
	for i, it := range p.Iterations {
		target := it.Baseline
		if target == "" && i > 0 {
			target = p.Iterations[i-1].ID
		}
		if (it.ID == pair[0] && target == pair[1]) || (it.ID == pair[1] && target == pair[0]) {
			n++
		}
	}
	return n
}

// redone returns the summary's counts as "analysis units" -> recomputed.
func redone(s AnalysisSummary) map[string]int {
	out := map[string]int{}
	for _, a := range s {
		for _, u := range a.Units {
			out[a.Analysis+" "+u.Units] = u.Redone
		}
	}
	return out
}

// involving counts the experiment families that compare iteration id: in a
// timeline each iteration with a target against it (its baseline, else
// the one before); for unordered systems the one round of the fixtures.
func involving(p *project.Project, id string) int {
	if p.Shape.Unordered() {
		return 1
	}
	n := 0
	for i, it := range p.Iterations {
		target := it.Baseline
		if target == "" && i > 0 {
			target = p.Iterations[i-1].ID
		}
		if target != "" && (it.ID == id || target == id) {
			n++
		}
	}
	return n
}

// editRating returns a copy of p with the first placed rating of the
// first numeric dimension raised by one, and the rating's iteration.
func editRating(t *testing.T, p *project.Project) (*project.Project, string) {
	q := *p
	q.Dimensions = slices.Clone(p.Dimensions)
	for k := range q.Dimensions {
		d := &q.Dimensions[k]
		if !d.Numeric {
			continue
		}
		rs := d.Ratings.Slice()
		for i := range rs {
			if r := &rs[i]; r.Iteration != "" && r.Item != "" {
				r.Value++
				r.Label = "edited"
				d.Ratings = project.RatingsOf(rs)
				return &q, r.Iteration
			}
		}
	}
	t.Fatal("no numeric rating with an iteration and an item")
	return nil, ""
}

// editValue returns a copy of p with the first per-item value of the last
// metric changed, and that value's iteration.
func editValue(t *testing.T, p *project.Project) (*project.Project, string) {
	q := *p
	q.Metrics = slices.Clone(p.Metrics)
	m := &q.Metrics[len(q.Metrics)-1]
	vs := m.Values.Rows()
	for i := range vs {
		if v := &vs[i]; v.Item != "" && v.Iteration != "" {
			v.Value += 0.25
			m.Values = project.ValuesOf(vs)
			return &q, v.Iteration
		}
	}
	t.Fatal("no per-item metric value")
	return nil, ""
}

// TestMemo analyses projects with a memo, edits them one input at a time,
// and checks after every step that the memo recomputed exactly the units
// whose inputs changed and that the result equals a clean analysis of the
// same inputs (so the per-unit assembly equals each whole-report Analyse).
func TestMemo(t *testing.T) {
	t.Parallel()
	projects := []struct{ name, src string }{
		{"example", repoRoot},
		{"systems with a reference", systemsFixture(t, systemsConfig)},
		{"systems without a reference", systemsFixture(t, "[project]\nshape = \"systems\"\n")},
	}
	for _, pr := range projects {
		t.Run(pr.name, func(t *testing.T) {
			cfg, p := loadProject(t, pr.src)
			var m analysisMemo
			nm, nd := len(p.Metrics), len(p.Dimensions)
			numeric := 0
			for _, d := range p.Dimensions {
				if d.Numeric {
					numeric++
				}
			}
			families := 1 // the fixtures of unordered systems have one round
			if !p.Shape.Unordered() {
				families = 0
				for i, it := range p.Iterations {
					if it.Baseline != "" || i > 0 {
						families++
					}
				}
			}
			all := map[string]int{
				"trend metrics": nm, "trend dimensions": nd, "reliability dimensions": nd,
				"discrepancy dimensions": nd, "discrepancy pairs": nm * nd, "leaderboard subjects": nm + nd,
				"pairwise dimensions": len(p.Pairwise),
			}
			expUnits := "experiment pairs"
			if p.Shape.Unordered() {
				expUnits = "experiment families"
			}
			all[expUnits] = families
			none := map[string]int{}
			for k := range all {
				none[k] = 0
			}
			with := func(base map[string]int, set map[string]int) map[string]int {
				out := map[string]int{}
				for k, v := range base {
					out[k] = v
				}
				for k, v := range set {
					out[k] = v
				}
				return out
			}

			ratingEdit, ratingIter := editRating(t, p)
			valueEdit, valueIter := editValue(t, p)
			lowerWarn := *cfg
			lowerWarn.Agreement.Warn -= 0.05
			alpha := *cfg
			alpha.Experiment.Alpha /= 2
			fewer := *p
			fewer.Metrics = p.Metrics[:nm-1]
			// Back to the first config, after the alpha step: the
			// leaderboards, which read alpha, are redone, and the units of
			// the remaining metrics and dimensions are reused (a unit's
			// result does not depend on which other units exist), except
			// the experiment's families, which span every subject.
			fewerAll := with(none, map[string]int{expUnits: families, "leaderboard subjects": choose(p.Shape.Unordered(), nm-1+nd, 0)})

			steps := []struct {
				name string
				cfg  *config.Config
				p    *project.Project
				want map[string]int
			}{
				{"first analysis", cfg, p, all},
				{"nothing changed", cfg, p, none},
				{"one rating", cfg, ratingEdit, with(none, map[string]int{
					"trend dimensions": 1, "reliability dimensions": 1, expUnits: choose(numeric > 0, involving(p, ratingIter), 0),
					"discrepancy dimensions": 1, "discrepancy pairs": nm, "leaderboard subjects": choose(p.Shape.Unordered(), 1, 0)})},
				{"rating back", cfg, p, with(none, map[string]int{
					"trend dimensions": 1, "reliability dimensions": 1, expUnits: involving(p, ratingIter),
					"discrepancy dimensions": 1, "discrepancy pairs": nm, "leaderboard subjects": choose(p.Shape.Unordered(), 1, 0)})},
				{"one metric value", cfg, valueEdit, with(none, map[string]int{
					"trend metrics": 1, expUnits: involving(p, valueIter), "discrepancy pairs": nd,
					"leaderboard subjects": choose(p.Shape.Unordered(), 1, 0)})},
				{"agreement threshold", &lowerWarn, valueEdit, with(none, map[string]int{"reliability dimensions": nd})},
				{"experiment alpha", &alpha, valueEdit, with(none, map[string]int{
					"reliability dimensions": nd, expUnits: families, "leaderboard subjects": choose(p.Shape.Unordered(), nm+nd, 0)})},
				{"a metric removed", cfg, &fewer, fewerAll},
			}
			if len(p.Pairwise) > 0 && !p.Shape.Unordered() {
				judged, pair := editJudgement(t, &fewer)
				steps = append(steps,
					struct {
						name string
						cfg  *config.Config
						p    *project.Project
						want map[string]int
					}{"one judgement", cfg, judged, with(none, map[string]int{"pairwise dimensions": 1, expUnits: comparing(p, pair)})})
			}
			for _, st := range steps {
				got, sum := m.analyse(st.cfg, st.p)
				want, clean := (*analysisMemo)(nil).analyse(st.cfg, st.p)
				if clean != nil {
					t.Fatalf("%s: a nil memo returned a summary", st.name)
				}
				sameAnalyses(t, st.name, got, want)
				if g := redone(sum); !reflect.DeepEqual(g, st.want) {
					t.Errorf("%s: redid %v (%s), want %v", st.name, g, sum, st.want)
				}
			}
		})
	}
}

// TestAnalysisSummary checks the line serve prints.
func TestAnalysisSummary(t *testing.T) {
	s := AnalysisSummary{
		{"trend", []Redone{{"metrics", 0, 4}, {"dimensions", 1, 3}}},
		{"reliability", []Redone{{"dimensions", 1, 3}}},
		{"experiment", []Redone{{"pairs", 1, 5}}},
	}
	want := "trend: 0 of 4 metrics, 1 of 3 dimensions; reliability: 1 of 3 dimensions; experiment: 1 of 5 pairs"
	if got := s.String(); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if r, n := s.Counts(); r != 3 || n != 15 {
		t.Errorf("Counts() = %d, %d; want 3, 15", r, n)
	}
}

func choose[T any](cond bool, yes, no T) T {
	if cond {
		return yes
	}
	return no
}

// TestDiscrepancySums checks that the discrepancy fingerprints the memo
// keeps by data array change between two steps wherever the plan's own
// change, and are equal wherever the inputs are (a step back to the first
// inputs), after each edit, including a slice changed in the first
// metric, which the other metrics' parts read (their items' slices come
// from every metric's values).
func TestDiscrepancySums(t *testing.T) {
	cfg, p := loadProject(t, repoRoot)
	if len(p.Metrics) < 2 {
		t.Fatal("the example has fewer than two metrics")
	}
	ratingEdit, _ := editRating(t, p)
	valueEdit, _ := editValue(t, p)
	sliced := *p
	sliced.Metrics = slices.Clone(p.Metrics)
	vs := sliced.Metrics[0].Values.Rows()
	for i := range vs {
		vs[i].Slice = "edited-" + vs[i].Slice
	}
	sliced.Metrics[0].Values = project.ValuesOf(vs)
	lower := *cfg
	lower.Analysis.Confidence /= 2
	var m analysisMemo
	steps := []struct {
		name string
		cfg  *config.Config
		p    *project.Project
	}{
		{"first", cfg, p}, {"same", cfg, p}, {"one rating", cfg, ratingEdit}, {"back", cfg, p},
		{"one value", cfg, valueEdit}, {"slices of the first metric", cfg, &sliced}, {"back again", cfg, p},
		{"config", &lower, p},
	}
	type sums struct{ memo, plan []fingerprint.Sum } // the dimensions' then the pairs'
	got := make([]sums, len(steps))
	changed := 0
	for i, st := range steps {
		opt := discrepancy.OptionsFrom(st.cfg)
		pl := discrepancy.NewPlan(st.p, opt)
		gd, gp := m.discrepancySums(st.p, opt, pl, newDimKeys(st.p))
		wd, wp := pl.Fingerprints()
		got[i] = sums{slices.Concat(gd, gp), slices.Concat(wd, wp)}
		if i > 0 && !slices.Equal(got[i-1].plan[len(wd):], wp) {
			changed++
		}
	}
	for i := range got {
		for j := range i {
			for k := range got[i].plan {
				if got[i].plan[k] != got[j].plan[k] && got[i].memo[k] == got[j].memo[k] {
					t.Errorf("%s against %s: unit %d changed, its memo fingerprint did not", steps[i].name, steps[j].name, k)
				}
				if steps[i].cfg == steps[j].cfg && steps[i].p == steps[j].p && got[i].memo[k] != got[j].memo[k] {
					t.Errorf("%s against %s: the same inputs, unit %d's memo fingerprint changed", steps[i].name, steps[j].name, k)
				}
			}
		}
	}
	if changed != 6 { // every step but "same" changes some pair
		t.Errorf("%d steps changed the pairs' fingerprints, want 6", changed)
	}
}
