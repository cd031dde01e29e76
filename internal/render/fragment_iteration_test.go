package render

import (
	"html/template"
	"strconv"
	"testing"
	"testing/fstest"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/experiment"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/trend"
	"github.com/evalbook/evalbook/templates"
)

// hostileText has every character html/template escapes, a NUL and
// non-ASCII.
// hostileIterations gives the fixture an iteration whose id, baseline and
// description are hostile, compared with v1 by slices with hostile names
// (one a reversal, one possible), hostile metric, dimension and slice
// labels, and alerts about it with hostile messages.
func hostileIterations(in Input) Input {
	const id = `v<4>&"'+ é`
	p := *in.Project
	p.Iterations = append(p.Iterations[:len(p.Iterations):len(p.Iterations)],
		project.Iteration{ID: id, Order: 3, Baseline: "<none>", Description: hostileText, Date: day("2026-02-01")})
	p.Metrics = append(p.Metrics[:0:0], p.Metrics...)
	p.Metrics[0].Label = hostileText
	p.Dimensions = append(p.Dimensions[:0:0], p.Dimensions...)
	p.Dimensions[1].Label = hostileText
	in.Project = &p
	for i := range in.Trends.Metrics[0].Points {
		pt := &in.Trends.Metrics[0].Points[i]
		pt.Slices = append(pt.Slices, trend.SliceStat{Slice: hostileText, N: 1, Mean: 0.25})
	}
	in.Trends.Metrics[0].Points = append(in.Trends.Metrics[0].Points, trend.MetricPoint{Iteration: id, N: 2, Mean: 0.5,
		DeltaPrev: f(-0.2), Baseline: hostileText, DeltaBaseline: f(0), Slices: []trend.SliceStat{{Slice: "zz", N: 1, Mean: 0.5}}})
	in.Trends.Dimensions[1].Points = append(in.Trends.Dimensions[1].Points, trend.DimensionPoint{Iteration: id, Ratings: 1, Raters: 1,
		Method: "aggregate", Distribution: []trend.Count{{Value: "appropriate", N: 1, Share: 1}, {Value: "too_formal"}}})
	in.Experiments.Comparisons = append(in.Experiments.Comparisons[:len(in.Experiments.Comparisons):len(in.Experiments.Comparisons)],
		experiment.Comparison{Iteration: id, Against: "v1", Target: "previous", Subject: "accuracy", Kind: "metric", Direction: "higher",
			Method: hostileText, N: 2, NAgainst: 3, Mean: 0.5, MeanAgainst: 0.6, Delta: -0.1, Verdict: "no change",
			Slices: []experiment.SliceComparison{
				{Slice: hostileText, N: 1, Delta: -0.3, PAdjusted: f(0.01), Significant: true, Verdict: "worse", Reversal: true},
				{Slice: "b<'>", N: 1, Delta: -0.2, PAdjusted: f(0.2), Verdict: "possibly worse", PossibleReversal: true},
			}},
		experiment.Comparison{Iteration: id, Against: hostileText, Target: "reference", Subject: "latency p95", Kind: "metric",
			Direction: "lower", Paired: true, N: 1, Delta: 3, Verdict: "possibly better",
			Slices: []experiment.SliceComparison{{Slice: "c", N: 1, Delta: 0.2, PAdjusted: f(0.2), Verdict: "possibly worse", PossibleReversal: true}}},
		experiment.Comparison{Iteration: id, Against: "v1", Target: "previous", Subject: "tone", Kind: "dimension", Direction: "higher",
			N: 1, Delta: 0.5, Verdict: "better", Significant: true})
	in.Alerts = append(in.Alerts[:len(in.Alerts):len(in.Alerts)],
		alert.Alert{Kind: "threshold", Severity: alert.Warning, Subject: alert.Metric("accuracy"), Iteration: id, Message: hostileText, Link: "metrics/accuracy.html"},
		alert.Alert{Kind: "sentinel", Severity: alert.Info, Subject: alert.Metric(hostileText), Iteration: id, Message: hostileText})
	return in
}

// iterationSites are variants of a page's site that change what the
// iteration page writes: as it is, unordered (a system's page), without a
// correction and with none named, and with hostile labels.
func iterationSites(s *site) []*site {
	unordered, none, unnamed, hostile := *s, *s, *s, *s
	unordered.Unordered = true
	none.Correction = "none"
	unnamed.Correction = ""
	hostile.CI, hostile.Correction, hostile.Alpha = hostileText, hostileText, 1e-7
	return []*site{s, &unordered, &none, &unnamed, &hostile}
}

// TestIterationContent checks iterationData.Content against the content
// of pages/iteration.html with the default partials on every iteration
// page of the fixture, of the fixture with hostile iterations, labels,
// slices and alerts, and of the fixture with enough documents to page
// them, each with the site variants of iterationSites; and that the set
// of parseSets calls it. The build package compares the pages of the
// example projects and the benchmark corpus (TestGoPagesEqualTemplates).
func TestIterationContent(t *testing.T) {
	n := compareGoContent(t, "iteration", map[string]Input{"fixture": testInput(), "hostile": hostileIterations(testInput()), "documents": kbInput(300)},
		func(pg *page) []*page { return []*page{pg} })
	if n < 5*(3+4+3) {
		t.Fatalf("compared %d pages, want every iteration's", n)
	}
}

// compareGoContent checks the Content of the pages of type kind of each
// of inputs, and of the variants of each page, with each site of
// iterationSites, against the content of the kind's template and of the
// set of parseSets; it returns how many pages it compared.
func compareGoContent(t *testing.T, kind string, inputs map[string]Input, variants func(*page) []*page) int {
	t.Helper()
	tmpl, sets := defaultTemplates(t)
	n := 0
	for name, in := range inputs {
		r, err := newRenderer(in)
		if err != nil {
			t.Fatal(err)
		}
		for _, rp := range r.pages {
			j := r.job(rp)
			if j.kind != kind {
				continue
			}
			first, err := j.page()
			if err != nil {
				t.Fatal(err)
			}
			for k, pg := range variants(first) {
				pg.kind, pg.parts = kind, newParts(tmpl)
				for i, s := range iterationSites(pg.Site) {
					pg.Site = s
					var want, viaSet pageBuf
					if err := tmpl[kind].ExecuteTemplate(&want, "content", pg); err != nil {
						t.Fatal(err)
					}
					got := string(pg.Data.(interface{ Content(*page) template.HTML }).Content(pg))
					if got != want.String() {
						t.Errorf("%s, %s, variant %d, site %d:\n%s", name, rp.Path, k, i, showDiff(got, want.String()))
					}
					if err := sets[kind].ExecuteTemplate(&viaSet, "content", pg); err != nil {
						t.Fatal(err)
					}
					if viaSet.String() != got {
						t.Errorf("%s, %s: the set of parseSets writes another content", name, rp.Path)
					}
					n++
				}
			}
		}
	}
	return n
}

// showDiff shows where got and want part.
func showDiff(got, want string) string {
	i := firstDiff([]byte(got), []byte(want))
	from := max(0, i-200)
	return "Go:       " + quoteCut(got[from:]) + "\ntemplate: " + quoteCut(want[from:])
}

// quoteCut quotes the start of s.
func quoteCut(s string) string {
	if len(s) > 400 {
		s = s[:400]
	}
	return strconv.Quote(s)
}

// TestIterVerdictPanel checks writeIterVerdictPanel against the
// "verdictpanel" partial with and without the iteration's description
// (the dashboard's form), on the fixture's panels.
func TestIterVerdictPanel(t *testing.T) {
	tmpl := plainSets(t, templateSource{fsys: templates.FS})
	r, err := newRenderer(hostileIterations(testInput()))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, rp := range r.pages {
		j := r.job(rp)
		if j.kind != "iteration" {
			continue
		}
		pg, err := j.page()
		if err != nil {
			t.Fatal(err)
		}
		v := pg.Data.(*iterationData).Verdict
		if v == nil {
			continue
		}
		for _, describe := range []bool{false, true} {
			var want, got pageBuf
			if err := tmpl["iteration"].ExecuteTemplate(&want, "verdictpanel", args(pg, v, hostileText, describe)); err != nil {
				t.Fatal(err)
			}
			writeIterVerdictPanel(&got, pg, v, hostileText, describe)
			if got.String() != want.String() {
				t.Errorf("%s, describe %v:\n%s", rp.Path, describe, showDiff(got.String(), want.String()))
			}
			n++
		}
	}
	if n < 4 {
		t.Fatalf("compared %d panels", n)
	}
}

// goContentFor returns the entry of goContents of the page type kind.
func goContentFor(t *testing.T, kind string) goContent {
	t.Helper()
	for _, g := range goContents {
		if g.kind == kind {
			return g
		}
	}
	t.Fatalf("no %s in goContents", kind)
	return goContent{}
}

// TestIterationApart checks when the templates let Go write an iteration
// page's content: the default templates; not a changed page or partial it
// calls, nor a partial it calls defined anew elsewhere.
func TestIterationApart(t *testing.T) {
	g := goContentFor(t, "iteration")
	page := defaultFiles(t)["pages/iteration.html"].Data
	checkApart(t, g, false, []apartCase{
		{"default", nil, true},
		{"page changed", fstest.MapFS{"pages/iteration.html": {Data: append(page, "\n"...)}}, false},
		{"verdict partial changed", fstest.MapFS{"partials/verdict.html": {Data: []byte(`{{define "verdictpanel"}}x{{end}}`)}}, false},
		{"alerts partial changed", fstest.MapFS{"partials/alerts.html": {Data: []byte(`{{define "alertlist"}}x{{end}}`)}}, false},
		{"compnote redefined", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{define "compnote"}}x{{end}}`)}}, false},
		{"dimvalue as a block", fstest.MapFS{"layout/base.html": {Data: []byte(`{{define "base"}}{{block "dimvalue" .}}x{{end}}{{end}}`)}}, false},
		{"docrow redefined", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{define  "docrow"}}x{{end}}`)}}, false},
		{"another page's content", fstest.MapFS{"pages/x.html": {Data: []byte(`{{define "content"}}x{{end}}`)}}, true},
		{"a partial it does not call", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{define "termref"}}x{{end}}`)}}, true},
	})
}
