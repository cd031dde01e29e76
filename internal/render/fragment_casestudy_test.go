package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"maps"
	"math"
	"testing"
	"testing/fstest"
	"time"

	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/experiment"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/templates"
)

// TestCaseStudyContent checks docData.Content against the content of
// pages/casestudy.html with the default partials, on a bare case study,
// one with every fact, verdict and investigation, and hostile values
// (markup, quotes, "+", NUL, javascript: and spaced links, NaN, nil
// pointers), at three depths; and that the page type's set parseSets
// returns calls it.
func TestCaseStudyContent(t *testing.T) {
	tmpl, sets := defaultTemplates(t)
	min, zero, p := 0.02, 0.0, 0.0004
	nan := math.NaN()
	hostile := `<script>"a"&'b'+c</script>` + "\x00"
	full := &docView{
		Document: &project.Document{Source: "casestudies/full.md", Meta: project.FrontMatter{
			Title: "Full", Summary: "A summary.", Hypothesis: "It helps.", Outcome: "It helped.", StoppingRule: "200 items",
			Date: time.Date(2026, 3, 4, 23, 30, 0, 0, time.FixedZone("x", -5*3600))}},
		Path:       "casestudies/full.html",
		Iterations: []ref{{Name: "v1", Label: "v1", Path: "iterations/v1.html"}, {Name: "v9", Label: "v9"}},
		Metrics:    []ref{{Name: "acc", Label: "Accuracy", Path: "metrics/acc.html"}},
		Dimensions: []ref{{Name: "help", Label: "Helpfulness", Path: "dimensions/help.html"}},
		Tags:       []ref{{Label: "retrieval", Path: "tags/retrieval/index.html"}, {Label: "no page"}},
		StatusRef:  &ref{Label: "done", Path: "status/done/index.html"},
		OwnerRef:   &ref{Label: "ana"},
		Edit:       "https://github.com/o/r/edit/main/casestudies/full.md",
		Verdict: &verdictView{Verdict: experiment.Verdict{Baseline: "v1", Candidate: "v2", MinEffect: &min, PlannedN: 300, N: 200,
			Delta: 0.031, CI: &experiment.Interval{Low: 0.01, High: 0.05}, P: &p, MDE: &min, Outcome: "supported", Reason: "The interval lies above."},
			Base: &iterView{ID: "v1", Path: "iterations/v1.html"}, Cand: &iterView{ID: "v2", Path: "iterations/v2.html"},
			Primary: ref{Label: "Accuracy", Path: "metrics/acc.html"}, Unit: "%", BelowPlan: true},
	}
	odd := &docView{
		Document: &project.Document{Source: hostile, Meta: project.FrontMatter{Title: hostile, Summary: hostile, Hypothesis: hostile,
			Outcome: hostile, StoppingRule: hostile}},
		Path:       "casestudies/x y é?.html",
		Iterations: []ref{{Label: hostile, Path: "javascript:alert(1)"}, {Label: "b", Path: "iterations/a b?.html"}},
		Tags:       []ref{{Label: hostile, Path: "tags/<x>/index.html"}},
		StatusRef:  &ref{Label: hostile, Path: "https://example.com/a b?c=<d>"},
		Edit:       "javascript:alert(1)",
		Verdict: &verdictView{Verdict: experiment.Verdict{Baseline: hostile, Candidate: hostile, PlannedN: 5, N: 3, Delta: nan,
			MinEffect: &zero, Outcome: `"bad"<`, Reason: hostile},
			Primary: ref{Label: hostile}, Unit: hostile},
	}
	noBase := &docView{Document: &project.Document{Meta: project.FrontMatter{Title: "No base"}}, Path: "casestudies/nb.html",
		Verdict: &verdictView{Verdict: experiment.Verdict{Delta: -0.2}}}
	bare := &docView{Document: &project.Document{}, Path: "casestudies/bare.html"}
	invs := []*invView{
		{Investigation: discrepancy.Investigation{Cause: "label noise", Items: []string{"i1", "i2"}},
			Pair: &discPair{Path: "discrepancies/acc-help.html", Metric: ref{Label: "Accuracy"}, Dim: ref{Label: "Helpful <x>"}}, Metric: ref{Label: "acc"}, Dim: ref{Label: "help"},
			Iters: []ref{{Label: "v1", Path: "iterations/v1.html"}}},
		{Investigation: discrepancy.Investigation{Cause: hostile, Items: []string{"i1"}}, Metric: ref{Label: hostile}, Dim: ref{Label: hostile}},
	}
	cases := []*docData{
		{Doc: bare},
		{Doc: full, Investigates: invs, Body: "<p>Body with a <em>figure</em>.</p>"},
		{Doc: odd, Investigates: invs[1:], Body: template.HTML(hostile)},
		{Doc: noBase},
	}
	for _, g := range goContents {
		if !g.apart(templates.FS) {
			t.Errorf("Go does not write the %s content with the default templates", g.kind)
		}
	}
	for _, root := range []string{"", "../", "../../"} {
		for i, d := range cases {
			pg := &page{Root: root, Data: d, Site: &site{CI: "95% CI <x>", Alpha: 0.05, Power: 0.8}}
			var want, viaSet pageBuf
			if err := tmpl["casestudy"].ExecuteTemplate(&want, "content", pg); err != nil {
				t.Fatal(err)
			}
			if got := string(d.Content(pg)); got != want.String() {
				t.Errorf("root %q, case %d:\nContent:  %q\ntemplate: %q", root, i, got, want.String())
			}
			if err := sets["casestudy"].ExecuteTemplate(&viaSet, "content", pg); err != nil {
				t.Fatal(err)
			}
			if viaSet.String() != want.String() {
				t.Errorf("root %q, case %d: the set of parseSets writes another content", root, i)
			}
		}
	}
}

// TestCaseStudyApart checks when the templates let Go write a case
// study's content (goContents[0]): the default templates, not a changed page or partial
// or a partial the page calls defined anew elsewhere.
func TestCaseStudyApart(t *testing.T) {
	page, _ := fs.ReadFile(templates.FS, "pages/casestudy.html")
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		want  bool
	}{
		{"default", nil, true},
		{"page changed", fstest.MapFS{"pages/casestudy.html": {Data: append([]byte("x"), page...)}}, false},
		{"discrepancy partial changed", fstest.MapFS{"partials/discrepancy.html": {Data: []byte(`{{define "investigates"}}{{end}}`)}}, false},
		{"refs redefined", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{ define  "refs"}}x{{end}}`)}}, false},
		{"tagpills as a block", fstest.MapFS{"layout/base.html": {Data: []byte(`{{define "base"}}{{block "tagpills" .}}x{{end}}{{end}}`)}}, false},
		{"refs called only", fstest.MapFS{"pages/x.html": {Data: []byte(`{{template "refs" .}}`)}}, true},
		{"verdictpanel defined by a partial too", fstest.MapFS{"partials/z.html": {Data: []byte(`{{define "verdictpanel"}}x{{end}}`)}}, true},
		{"another page's content", fstest.MapFS{"pages/x.html": {Data: []byte(`{{define "content"}}x{{end}}`)}}, true},
	} {
		fsys := defaultFiles(t)
		maps.Copy(fsys, tc.files)
		if got := goContents[0].apart(fsys); got != tc.want {
			t.Errorf("%s: apart = %v, want %v", tc.name, got, tc.want)
		}
	}
	if goContents[0].apart(fstest.MapFS{"pages/casestudy.html": {Data: page}}) {
		t.Error("apart holds without the partials")
	}
}

// TestCaseStudyList checks docsData.CaseStudyList against the content of
// pages/casestudies.html with the default partials: empty, one page and a
// page of a paginated list, with taxonomies, verdicts and hostile values,
// at two depths; and when the templates let Go write it.
func TestCaseStudyList(t *testing.T) {
	tmpl := plainSets(t, templateSource{fsys: templates.FS})
	hostile := `<script>"a"&'b'+c</script>` + "\x00"
	docs := []*docView{
		{Document: &project.Document{Meta: project.FrontMatter{Title: "Plain"}}, Path: "casestudies/plain.html"},
		{Document: &project.Document{Meta: project.FrontMatter{Title: "All", Status: "done", Outcome: "It helped.",
			Date: time.Date(2026, 3, 4, 23, 30, 0, 0, time.FixedZone("x", -5*3600))}},
			Path: "casestudies/all.html", Iterations: []ref{{Label: "v1", Path: "iterations/v1.html"}, {Label: "v2"}}},
		{Document: &project.Document{Meta: project.FrontMatter{Title: hostile, Status: hostile, Outcome: hostile}},
			Path: "casestudies/x y é?.html", Iterations: []ref{{Label: hostile, Path: "javascript:alert(1)"}}},
	}
	docs[1].Verdict = &verdictView{Verdict: experiment.Verdict{Outcome: "supported"}, Doc: docs[1]}
	docs[2].Verdict = &verdictView{Verdict: experiment.Verdict{Outcome: `"bad"<`}, Doc: docs[2]}
	taxes := []*taxView{{Label: "Tags", Path: "tags/index.html"}, {Label: hostile, Path: "status/a b.html"}}
	pager := &pagerView{Number: 3, Count: 9, From: 201, To: 300, Total: 873, Prev: "casestudies/page-2.html", Next: "casestudies/page-4.html",
		Pages: []pageLink{{Number: 1, Path: "casestudies/index.html"}, {}, {Number: 3, Path: "casestudies/page-3.html", Current: true}, {Number: 9, Path: "casestudies/page-9.html"}}}
	first := &pagerView{Number: 1, Count: 2, From: 1, To: 100, Total: 150, Next: "casestudies/page-2.html",
		Pages: []pageLink{{Number: 1, Path: "casestudies/index.html", Current: true}, {Number: 2, Path: "casestudies/page-2.html"}}}
	cases := []*docsData{
		{},
		{Taxonomies: taxes},
		{Documents: docs},
		{Documents: docs, Taxonomies: taxes, Pager: pager},
		{Documents: docs[:1], Pager: first},
		{Pager: first},
	}
	for _, root := range []string{"", "../"} {
		for i, d := range cases {
			pg := &page{Root: root, Data: d}
			var want pageBuf
			if err := tmpl["casestudies"].ExecuteTemplate(&want, "content", pg); err != nil {
				t.Fatal(err)
			}
			if got := string(d.CaseStudyList(pg)); got != want.String() {
				t.Errorf("root %q, case %d:\nCaseStudyList: %q\ntemplate:      %q", root, i, got, want.String())
			}
		}
	}
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		want  bool
	}{
		{"default", nil, true},
		{"page changed", fstest.MapFS{"pages/casestudies.html": {Data: []byte(`{{define "content"}}x{{end}}`)}}, false},
		{"listpager redefined", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{define "listpager"}}x{{end}}`)}}, false},
		{"discrepancy partial changed", fstest.MapFS{"partials/discrepancy.html": {Data: []byte(`{{define "investigates"}}{{end}}`)}}, true},
	} {
		fsys := defaultFiles(t)
		maps.Copy(fsys, tc.files)
		if got := goContents[1].apart(fsys); got != tc.want {
			t.Errorf("%s: apart = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// defaultTemplates parses the embedded templates as Render does: the
// page templates and the sets the Go writers compare against.
func defaultTemplates(t *testing.T) (tmpl, sets map[string]*template.Template) {
	t.Helper()
	tmpl = plainSets(t, templateSource{fsys: templates.FS})
	sets, err := parseSets(templateSource{fsys: templates.FS})
	if err != nil {
		t.Fatal(err)
	}
	return tmpl, sets
}

// defaultFiles returns a copy of the default templates.
func defaultFiles(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	err := fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templates.FS, p)
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// TestWriteBase checks writeBase against layout/base.html on the page
// types Go writes whole (goBases): with and without charts, description
// and canonical link, hostile titles, at two depths; and when the
// templates let Go write them.
func TestWriteBase(t *testing.T) {
	tmpl := plainSets(t, templateSource{fsys: templates.FS})
	a, err := loadAssets(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	bases := goBases(templates.FS)
	if len(bases) != len(goContents) {
		t.Fatalf("goBases of the default templates = %d page types, want %d", len(bases), len(goContents))
	}
	hostile := `<script>"a"&'b'+c</script>` + "\x00"
	sites := []*site{
		{Title: "Evals", Nav: []navLink{{Title: "Case studies", Path: "casestudies/index.html", Section: "casestudies"}}},
		{Title: hostile, Description: hostile},
	}
	data := map[string]any{
		"casestudy":     &docData{Doc: &docView{Document: &project.Document{Meta: project.FrontMatter{Title: "T"}}, Path: "casestudies/t.html"}, Body: "<p>b</p>"},
		"casestudies":   &docsData{},
		"item":          &itemData{Item: &itemView{ID: "i1", Path: "items/i1.html"}},
		"items":         &itemsData{site: &itemSite{}}, // a box: TestItemIndexContent
		"discrepancies": &discMatrixData{Level: matrixPooled},
		"alerts":        &alertsData{},
		"discrepancy":   &pairData{Pair: &discPair{}},
		"timeline":      &timelineData{Lead: "L", Groups: []timelineGroup{{Label: "March 2026", Events: []timelineEvent{{Kind: "k", Title: "t"}}}}},
		"taxonomy":      &taxonomyData{Tax: &taxView{Name: "tags", Label: "Tags", Terms: []*termView{{Name: "a", Path: "tags/a/index.html"}}}},
		"iteration":     &iterationData{Iteration: &iterView{ID: "v1", Path: "iterations/v1.html"}},
		"metric":        &metricData{Metric: &metricView{Name: "m", Label: "M", Path: "metrics/m.html"}},
		"dimension":     &dimensionData{Dim: &dimView{Name: "d", Label: "D", Path: "dimensions/d.html"}},
	}
	for kind := range bases {
		for _, root := range []string{"", "../"} {
			for i, s := range sites {
				for _, charts := range []bool{false, true} {
					for _, canonical := range []string{"", "https://example.com/a b/t.html?x=<y>"} {
						mk := func(sets map[string]*template.Template) *page {
							return &page{Site: s, Title: hostile, Root: root, Section: "casestudies", Charts: charts, Canonical: canonical,
								Data: data[kind], kind: kind, assets: a, parts: newParts(sets)}
						}
						var want bytes.Buffer
						if err := tmpl[kind].ExecuteTemplate(&want, "base", mk(tmpl)); err != nil {
							t.Fatal(err)
						}
						pg := mk(tmpl)
						var got pageBuf
						if _, err := writeBase(&got, pg, bases[kind]); err != nil {
							t.Fatal(err)
						}
						if got.String() != want.String() {
							t.Errorf("%s, root %q, site %d, charts %v, canonical %q:\nwriteBase: %q\ntemplate:  %q",
								kind, root, i, charts, canonical, got.String(), want.String())
						}
					}
				}
			}
		}
	}
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		want  int
	}{
		{"default", nil, len(goContents)},
		{"base changed", fstest.MapFS{"layout/base.html": {Data: []byte(`{{define "base"}}{{template "content" .}}{{end}}`)}}, 0},
		{"csp defined by a partial", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{define "csp"}}{{end}}`)}}, 0},
		{"head defined by another page", fstest.MapFS{"pages/x.html": {Data: []byte(`{{define "head"}}x{{end}}`)}}, len(goContents)},
		{"csp as a block in a partial", fstest.MapFS{"partials/x.html": {Data: []byte(`{{block "csp" .}}x{{end}}`)}}, 0},
		{"case-study page changed", fstest.MapFS{"pages/casestudy.html": {Data: []byte(`{{define "content"}}x{{end}}`)}}, len(goContents) - 1},
	} {
		fsys := defaultFiles(t)
		maps.Copy(fsys, tc.files)
		if got := len(goBases(fsys)); got != tc.want {
			t.Errorf("%s: goBases = %d page types, want %d", tc.name, got, tc.want)
		}
	}
}
