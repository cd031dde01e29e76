package render

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/evalbook/evalbook/internal/discrepancy"
)

// hostileText has every character html/template escapes in text and
// attributes, a NUL, and non-ASCII letters.
const hostileText = `<script>"a"&'b'+c</script> é 日本` + "\x00"

// hostileDisc gives the fixture hostile metric and dimension labels,
// item texts (long ones, which the disagreement lists fold) and
// investigation titles, and its discrepancy analysis and alerts anew;
// with shape "systems", a project of systems.
func hostileDisc(t *testing.T, in Input, shape string) Input {
	t.Helper()
	p := *in.Project
	p.Metrics, p.Dimensions = slices.Clone(p.Metrics), slices.Clone(p.Dimensions)
	p.Items, p.Pages = slices.Clone(p.Items), slices.Clone(p.Pages)
	for i := range p.Metrics {
		p.Metrics[i].Label = hostileText + " " + p.Metrics[i].Name
	}
	for i := range p.Dimensions {
		p.Dimensions[i].Label = hostileText + " " + p.Dimensions[i].Name
	}
	for i := range p.Items {
		it := &p.Items[i]
		it.Input = hostileText + " " + it.Input
		if i%2 == 0 {
			it.Output = strings.Repeat(hostileText+" ", 30)
		}
	}
	for i := range p.Pages {
		p.Pages[i].Meta.Title = hostileText + p.Pages[i].Meta.Title
	}
	if shape != "" {
		if err := p.SetShape(shape, "v2"); err != nil {
			t.Fatal(err)
		}
	}
	in.Project = &p
	in.Discrepancy = discrepancy.Analyse(&p, testDiscOptions())
	in.Alerts = slices.Concat(testAlerts(), testAlertsExperiment(), in.Discrepancy.Alerts)
	return in
}

// pageInputs are the render fixture as it is, with hostile values, with
// hostile values in a project of systems, and with the records of its
// first pair marked as computed from aggregates.
func pageInputs(t *testing.T) map[string]Input {
	return map[string]Input{
		"fixture":         testInput(),
		"hostile":         hostileDisc(t, testInput(), ""),
		"hostile systems": hostileDisc(t, testInput(), "systems"),
		"aggregate":       aggregated(hostileDisc(t, testInput(), "")),
	}
}

// aggregated marks the records of the first pair of in's discrepancy
// analysis as computed from Pearson sums (docs/aggregates.md).
func aggregated(in Input) Input {
	rep := in.Discrepancy
	rep.Records = slices.Clone(rep.Records)
	first := rep.Records[0]
	for i := range rep.Records {
		if r := &rep.Records[i]; r.Metric == first.Metric && r.Dimension == first.Dimension {
			r.Method = discrepancy.MethodAggregate
		}
	}
	in.Discrepancy = rep
	return in
}

// TestDiscMatrixContent checks the overview and matrix pages Go writes
// (discMatrixData.writeMatrixContent, through writeBase) against
// pages/discrepancies.html with the default partials, byte for byte:
// every such page of the render fixture, of the fixture with hostile
// labels, texts and titles (also as a project of systems), of the example
// project and of the benchmark corpus.
func TestDiscMatrixContent(t *testing.T) {
	for name, in := range pageInputs(t) {
		if n := samePages(t, in, "discrepancies"); n < 5 {
			t.Errorf("%s: compared %d matrix pages, want the overview, the iteration level and one per iteration", name, n)
		}
	}
	for name, in := range corpora(t) {
		if n := samePages(t, in, "discrepancies"); n < 8 {
			t.Errorf("%s: compared %d matrix pages", name, n)
		}
	}
}

// TestDiscMatrixApart checks when the templates let Go write the matrix
// pages: the default templates; not a changed page or partial it reads,
// nor a partial it calls defined anew elsewhere.
func TestDiscMatrixApart(t *testing.T) {
	g := goContentOf(t, "discrepancies")
	page := defaultFiles(t)["pages/discrepancies.html"].Data
	checkApart(t, g, true, []apartCase{
		{"default", nil, true},
		{"page changed", fstest.MapFS{"pages/discrepancies.html": {Data: append(slices.Clone(page), '\n')}}, false},
		{"discrepancy partial changed", fstest.MapFS{"partials/discrepancy.html": {Data: []byte(`{{define "agreement"}}{{end}}`)}}, false},
		{"figures partial changed", fstest.MapFS{"partials/figures.html": {Data: []byte(`{{define "refs"}}{{end}}`)}}, false},
		{"findinglist redefined", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{ define  "findinglist"}}x{{end}}`)}}, false},
		{"coefcells as a block", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{block "coefcells" .}}x{{end}}`)}}, false},
		{"refs redefined", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{define "refs"}}x{{end}}`)}}, false},
		{"estimate called only", fstest.MapFS{"pages/x.html": {Data: []byte(`{{template "estimate" .}}`)}}, true},
		{"another page's content", fstest.MapFS{"pages/x.html": {Data: []byte(`{{define "content"}}x{{end}}`)}}, true},
	})
}

// apartCase is one set of templates for a TestXApart: files laid over
// the default ones, and whether Go may write the page under them.
type apartCase struct {
	name  string
	files fstest.MapFS
	want  bool
}

// checkApart checks g.apart under each case's templates and, when whole,
// that goBases lets Go write the whole page exactly when it holds.
func checkApart(t *testing.T, g goContent, whole bool, cases []apartCase) {
	t.Helper()
	for _, tc := range cases {
		fsys := defaultFiles(t)
		maps.Copy(fsys, tc.files)
		if got := g.apart(fsys); got != tc.want {
			t.Errorf("%s: apart = %v, want %v", tc.name, got, tc.want)
		}
		if _, w := goBases(fsys)[g.kind]; whole && w != tc.want {
			t.Errorf("%s: Go writes the whole page = %v, want %v", tc.name, w, tc.want)
		}
	}
}

// goContentOf returns the entry of goContents of the page type kind.
func goContentOf(t *testing.T, kind string) goContent {
	t.Helper()
	for _, g := range goContents {
		if g.kind == kind {
			return g
		}
	}
	t.Fatalf("goContents has no %s", kind)
	return goContent{}
}

// TestAlertsContent checks the alerts page Go writes
// (alertsData.writeContent, through writeBase) against pages/alerts.html
// with the default partials, byte for byte: on the render fixture, with
// hostile labels and titles (also as a project of systems), without
// alerts, and on the example project and the benchmark corpus.
func TestAlertsContent(t *testing.T) {
	ins := pageInputs(t)
	none := testInput()
	none.Alerts = nil
	ins["no alerts"] = none
	for name, in := range ins {
		if n := samePages(t, in, "alerts"); n != 1 {
			t.Errorf("%s: compared %d alerts pages, want 1", name, n)
		}
	}
	for name, in := range corpora(t) {
		if n := samePages(t, in, "alerts"); n != 1 {
			t.Errorf("%s: compared %d alerts pages, want 1", name, n)
		}
	}
}

// TestAlertsApart checks when the templates let Go write the alerts page:
// the default templates; not a changed page or alerts partial, nor a
// partial it calls defined anew elsewhere.
func TestAlertsApart(t *testing.T) {
	g := goContentOf(t, "alerts")
	page := defaultFiles(t)["pages/alerts.html"].Data
	checkApart(t, g, true, []apartCase{
		{"default", nil, true},
		{"page changed", fstest.MapFS{"pages/alerts.html": {Data: append(slices.Clone(page), '\n')}}, false},
		{"alerts partial changed", fstest.MapFS{"partials/alerts.html": {Data: []byte(`{{define "alertitem"}}{{end}}`)}}, false},
		{"alertfinding redefined", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{define "alertfinding"}}x{{end}}`)}}, false},
		{"decided as a block", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{block "decided" .}}x{{end}}`)}}, false},
		{"discrepancy partial changed", fstest.MapFS{"partials/discrepancy.html": {Data: []byte(`{{define "agreement"}}{{end}}`)}}, true},
		{"alertgroup called only", fstest.MapFS{"pages/x.html": {Data: []byte(`{{template "alertgroup" .}}`)}}, true},
	})
}

// TestPairContent checks the pair pages Go writes
// (pairData.writePairContent, through writeBase) against
// pages/discrepancy.html with the default partials, byte for byte: every
// pair's page of the render fixture, of the fixture with hostile labels,
// item texts and titles (also as a project of systems), of the example
// project and of the benchmark corpus.
func TestPairContent(t *testing.T) {
	for name, in := range pageInputs(t) {
		if n := samePages(t, in, "discrepancy"); n < 4 {
			t.Errorf("%s: compared %d pair pages, want every pair's", name, n)
		}
	}
	for name, in := range corpora(t) {
		if n := samePages(t, in, "discrepancy"); n < 8 {
			t.Errorf("%s: compared %d pair pages", name, n)
		}
	}
}

// TestPairApart checks when the templates let Go write the pair pages:
// the default templates; not a changed page or partial it reads, nor a
// partial it calls defined anew elsewhere; a dislist defined elsewhere
// does not matter, since the page's own wins.
func TestPairApart(t *testing.T) {
	g := goContentOf(t, "discrepancy")
	page := defaultFiles(t)["pages/discrepancy.html"].Data
	checkApart(t, g, true, []apartCase{
		{"default", nil, true},
		{"page changed", fstest.MapFS{"pages/discrepancy.html": {Data: append(slices.Clone(page), '\n')}}, false},
		{"discrepancy partial changed", fstest.MapFS{"partials/discrepancy.html": {Data: []byte(`{{define "agreement"}}{{end}}`)}}, false},
		{"estimate redefined", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{define "estimate"}}x{{end}}`)}}, false},
		{"refs as a block", fstest.MapFS{"layout/base.html": {Data: []byte(`{{define "base"}}{{block "refs" .}}x{{end}}{{end}}`)}}, false},
		{"dislist defined by a partial too", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{define "dislist"}}x{{end}}`)}}, true},
		{"alerts partial changed", fstest.MapFS{"partials/alerts.html": {Data: []byte(`{{define "alertitem"}}{{end}}`)}}, true},
	})
}

// TestDefines checks defines against the regexp matching the whole text,
// for the patterns of goContents and goBases, on every default template
// and on texts that name the templates in odd ways.
func TestDefines(t *testing.T) {
	texts := []string{
		``, `define`, `define "refs"`, `{{define "refs"}}`, `{{block	"refs" .}}x{{end}}`, "{{define\n\t \"refs\"}}",
		`{{define"refs"}}`, "{{define\v\"refs\"}}", `{{define "refs`, `{{define "refsx"}}`, `{{define "xrefs"}}`,
		`undefine "refs"`, `{{define "a"}}{{define "refs"}}`, `{{template "refs" .}}`, `"refs" define "base"`,
		`{{define "alertitem"}}`, `{{ block  "decided" . }}`, `{{define "csp"}}`, `{{define "head"}}`, `blockblock "head"`,
	}
	for p, f := range defaultFiles(t) {
		if strings.HasSuffix(p, ".html") {
			texts = append(texts, string(f.Data))
		}
	}
	res := []*regexp.Regexp{baseNames}
	for _, g := range goContents {
		if g.names != nil {
			res = append(res, g.names)
		}
	}
	for _, re := range res {
		for _, s := range texts {
			if got, want := defines(re, []byte(s)), re.MatchString(s); got != want {
				t.Errorf("defines(%s, %.60q) = %v, want %v", re, s, got, want)
			}
		}
	}
}
