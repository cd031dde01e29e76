package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/route"
	"github.com/evalbook/evalbook/templates"
)

// kbHostile is the render tests' knowledge base of n case studies
// (kbInput) with documents whose titles, summaries, tags, owners,
// statuses and decision kinds hold markup, quotes, "&", "+", NUL and
// non-ASCII text, dated and undated, so the timeline lists some without a
// date and the taxonomies have hostile terms.
func kbHostile(n int) Input {
	in := kbInput(n)
	p := *in.Project
	hostile := `<script>"a"&'b'+c</script>` + "\x00"
	odd := []string{hostile, "données é ü 数据", "a&b", `"quoted"`, "x > y < z", "it's"}
	for i, s := range odd {
		date := time.Time{}
		if i%2 == 0 {
			date = day("2025-06-01").AddDate(0, 0, i)
		}
		p.CaseStudies = append(p.CaseStudies, project.Document{Kind: project.CaseStudy,
			Source: fmt.Sprintf("casestudies/odd%d.md", i), Slug: fmt.Sprintf("casestudies/odd%d", i),
			Meta: project.FrontMatter{Title: s, Summary: s, Date: date, Status: s, Owner: s, Tags: []string{s, "common"}},
			HTML: template.HTML("<p>" + template.HTMLEscapeString(s) + "</p>\n")})
		p.Pages = append(slices.Clone(p.Pages), project.Document{Kind: project.Decision,
			Source: fmt.Sprintf("decisions/odd%d.md", i), Slug: fmt.Sprintf("decisions/odd%d", i),
			Meta: project.FrontMatter{Title: s, Decision: s, Date: date, Owner: "ann", Tags: []string{s}},
			HTML: template.HTML("<p>Decided.</p>\n")})
	}
	in.Project = &p
	return in
}

// sameListpager redefines the "listpager" partial as the default one does,
// which writes the same pages but keeps Go from writing the pages that
// call it (goContents): their templates write them.
func sameListpager(t *testing.T) fs.FS {
	t.Helper()
	b, err := fs.ReadFile(templates.FS, "partials/figures.html")
	if err != nil {
		t.Fatal(err)
	}
	def := regexp.MustCompile(`(?s)\{\{define "listpager" -\}\}.*?\n\{\{- end\}\}\n\{\{- end\}\}\n`).Find(b)
	if def == nil {
		t.Fatal(`partials/figures.html defines no "listpager" as this test expects`)
	}
	return Overlay(fstest.MapFS{"partials/zz-listpager.html": {Data: def}}, testTemplates())
}

// callsListpager are the page types of goContents whose templates call
// the "listpager" partial.
var callsListpager = map[string]bool{"casestudies": true, "timeline": true, "taxonomy": true}

// TestKBPagesGoEqualTemplates renders the test project and a knowledge
// base of 300 case studies with hostile documents twice: with the default
// templates, where Go writes the timeline's, the taxonomies' and the
// case-study index's pages (goContents), and with a copy of the
// "listpager" partial beside them, where their templates do. Every file
// of the two sites is the same.
func TestKBPagesGoEqualTemplates(t *testing.T) {
	t.Parallel() // renders of its own inputs only
	for name, in := range map[string]Input{"test project": testInput(), "knowledge base": kbHostile(300)} {
		viaGo := renderTest(t, in)
		in.Templates = sameListpager(t)
		for _, g := range goContents {
			if callsListpager[g.kind] && g.apart(in.Templates) {
				t.Fatalf("%s: Go still writes the %s pages beside a second listpager", name, g.kind)
			}
		}
		viaTmpl := renderTest(t, in)
		if len(viaGo) != len(viaTmpl) {
			t.Errorf("%s: %d files via Go, %d via the templates", name, len(viaGo), len(viaTmpl))
		}
		kinds := map[string]int{}
		for _, p := range slices.Sorted(maps.Keys(viaTmpl)) {
			switch {
			case strings.HasPrefix(p, "timeline"):
				kinds["timeline"]++
			case strings.HasPrefix(p, route.TaxTags+"/"), strings.HasPrefix(p, route.TaxStatus+"/"), strings.HasPrefix(p, route.TaxOwners+"/"), strings.HasPrefix(p, route.TaxKinds+"/"):
				kinds["taxonomy"]++
			}
			if !bytes.Equal(viaGo[p], viaTmpl[p]) {
				t.Errorf("%s: %s differs:\nGo:       %.2000q\ntemplate: %.2000q", name, p, viaGo[p], viaTmpl[p])
			}
		}
		if kinds["timeline"] == 0 || kinds["taxonomy"] < 8 {
			t.Errorf("%s: compared %v pages, want the timeline's and the taxonomies'", name, kinds)
		}
	}
}

// TestTimelineContent checks timelineData.Content against the content of
// pages/timeline.html with the default partials: empty, the first page
// with chart, index and undated events, and a later page, with hostile
// values and links, at two depths; and that the timeline set of parseSets
// calls it.
func TestTimelineContent(t *testing.T) {
	tmpl, sets := defaultTemplates(t)
	hostile := `<script>"a"&'b'+c</script>` + "\x00"
	date := time.Date(2026, 3, 4, 23, 30, 0, 0, time.FixedZone("x", -5*3600))
	evs := []timelineEvent{
		{Date: date, Lane: 0, Kind: "iteration", Title: "v1", Path: "iterations/v1.html", Note: "First."},
		{Date: date, Lane: 5, Kind: hostile, Title: hostile, Path: "alerts.html#iteration=v1&severity=error", Note: hostile},
		{Date: date, Lane: 2, Kind: "decision", Title: "données é", Path: "javascript:alert(1)"},
		{Date: date, Lane: 1, Kind: "case study", Title: "No page"},
		{Date: date, Lane: 3, Kind: "guidelines", Title: "x y", Path: "https://example.com/a b?c=<d>"},
	}
	months := []timelineMonth{
		{Key: "2026-03", Label: "March 2026", Cells: []int{1, 2, 0}, Total: 3, Link: "timeline.html#m2026-03"},
		{Key: hostile, Label: hostile, Cells: []int{0, 0, 12}, Total: 12, Link: "timeline/page-2.html#m<x>"},
	}
	pager := &pagerView{Number: 2, Count: 3, From: 101, To: 200, Total: 250, Prev: "timeline.html", Next: "timeline/page-3.html",
		Pages: []pageLink{{Number: 1, Path: "timeline.html"}, {Number: 2, Path: "timeline/page-2.html", Current: true}, {Number: 3, Path: "timeline/page-3.html"}}}
	first := &pagerView{Number: 1, Count: 3, From: 1, To: 100, Total: 250, Next: "timeline/page-2.html",
		Pages: []pageLink{{Number: 1, Path: "timeline.html", Current: true}, {Number: 2, Path: "timeline/page-2.html"}, {}, {Number: 3, Path: "timeline/page-3.html"}}}
	cases := []*timelineData{
		{Lead: "Nothing yet."},
		{Lead: hostile, Undated: evs[1:3]},
		{Lead: "All.", Chart: `<div class="chart">x</div>`, Months: months, Kinds: []string{"Iterations", hostile, "Decisions"},
			Groups: []timelineGroup{{ID: "m2026-03", Label: "March 2026", Events: evs}, {Label: hostile, Events: evs[3:]}}, Undated: evs[:1], Pager: first},
		{Lead: "Later.", Groups: []timelineGroup{{Label: "March 2026", Events: evs[2:]}}, Pager: pager},
	}
	for _, root := range []string{"", "../"} {
		for i, d := range cases {
			pg := &page{Root: root, Data: d}
			var want, viaSet pageBuf
			if err := tmpl["timeline"].ExecuteTemplate(&want, "content", pg); err != nil {
				t.Fatal(err)
			}
			if got := string(d.Content(pg)); got != want.String() {
				t.Errorf("root %q, case %d:\nContent:  %q\ntemplate: %q", root, i, got, want.String())
			}
			if err := sets["timeline"].ExecuteTemplate(&viaSet, "content", pg); err != nil {
				t.Fatal(err)
			}
			if viaSet.String() != want.String() {
				t.Errorf("root %q, case %d: the set of parseSets writes another content", root, i)
			}
		}
	}
}

// TestTaxonomyContent checks taxonomyData.Content against the content of
// pages/taxonomy.html with the default partials: a taxonomy's index, a
// term's page without and with a pager, and a term without documents,
// with hostile names and links, at two depths, with and without the
// render's parts cache (page.Row); and that the taxonomy set of parseSets
// calls it.
func TestTaxonomyContent(t *testing.T) {
	tmpl, sets := defaultTemplates(t)
	hostile := `<script>"a"&'b'+c</script>` + "\x00"
	docs := []*docView{
		{Document: &project.Document{Meta: project.FrontMatter{Title: "Plain"}}, Path: "casestudies/plain.html"},
		{Document: &project.Document{Meta: project.FrontMatter{Title: hostile, Decision: hostile, Status: "données", Summary: hostile,
			Date: time.Date(2026, 3, 4, 23, 30, 0, 0, time.UTC)}}, Path: "decisions/x y é?.html"},
	}
	one := &termView{Taxonomy: "tags", Name: "one", Path: "tags/one/index.html", Docs: docs[:1]}
	odd := &termView{Taxonomy: "tags", Name: hostile, Path: "tags/<x>/index.html", Docs: docs}
	none := &termView{Taxonomy: "tags", Name: "none", Path: "https://example.com/a b"}
	tags := &taxView{Name: "tags", Label: "Tags", Path: "tags/index.html", Terms: []*termView{one, odd, none}}
	owners := &taxView{Name: "owners", Label: hostile, Path: "javascript:alert(1)", Terms: []*termView{{Name: "ann", Path: "owners/ann/index.html", Docs: docs}}}
	taxes := []*taxView{tags, owners}
	pager := &pagerView{Number: 2, Count: 2, From: 101, To: 102, Total: 102, Prev: "tags/odd/index.html",
		Pages: []pageLink{{Number: 1, Path: "tags/odd/index.html"}, {Number: 2, Path: "tags/odd/page-2.html", Current: true}}}
	cases := []*taxonomyData{
		{Taxonomies: taxes, Tax: tags},
		{Taxonomies: taxes, Tax: owners},
		{Taxonomies: taxes[:1], Tax: tags, Term: one, Docs: one.Docs},
		{Taxonomies: taxes, Tax: tags, Term: odd, Docs: docs[1:], Pager: pager},
		{Taxonomies: taxes, Tax: owners, Term: none},
	}
	for _, cached := range []bool{false, true} {
		for _, root := range []string{"", "../../"} {
			for i, d := range cases {
				pg := &page{Root: root, Data: d}
				var want, viaSet pageBuf
				pg.parts, pg.kind = newParts(tmpl), "taxonomy" // no fsys: the "docrow" template writes the lines
				if err := tmpl["taxonomy"].ExecuteTemplate(&want, "content", pg); err != nil {
					t.Fatal(err)
				}
				pg.parts = nil
				if cached {
					pg.parts = newParts(tmpl)
					pg.parts.fsys = templates.FS
				}
				if got := string(d.Content(pg)); got != want.String() {
					t.Errorf("cached %v, root %q, case %d:\nContent:  %q\ntemplate: %q", cached, root, i, got, want.String())
				}
				if err := sets["taxonomy"].ExecuteTemplate(&viaSet, "content", pg); err != nil {
					t.Fatal(err)
				}
				if viaSet.String() != want.String() {
					t.Errorf("cached %v, root %q, case %d: the set of parseSets writes another content", cached, root, i)
				}
			}
		}
	}
}

// TestKBApart checks when the templates let Go write the timeline's and
// the taxonomies' pages: the default templates, not a changed page, a
// changed figures partial or a partial they call defined anew; partials
// they do not call may change.
func TestKBApart(t *testing.T) {
	byKind := map[string]goContent{}
	for _, g := range goContents {
		byKind[g.kind] = g
	}
	for _, tc := range []struct {
		name          string
		files         fstest.MapFS
		timeline, tax bool
	}{
		{"default", nil, true, true},
		{"timeline changed", fstest.MapFS{"pages/timeline.html": {Data: []byte(`{{define "content"}}x{{end}}`)}}, false, true},
		{"taxonomy changed", fstest.MapFS{"pages/taxonomy.html": {Data: []byte(`{{define "content"}}x{{end}}`)}}, true, false},
		{"figures changed", fstest.MapFS{"partials/figures.html": {Data: []byte(`{{define "doclist"}}x{{end}}`)}}, false, false},
		{"listpager redefined", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{ define  "listpager"}}x{{end}}`)}}, false, false},
		{"docrow as a block", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{block "docrow" .}}x{{end}}`)}}, true, false},
		{"outcome redefined", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{define "outcome"}}x{{end}}`)}}, true, false},
		// A page file is parsed into its own type's set only (parseTemplates).
		{"outcome redefined by another page", fstest.MapFS{"pages/casestudy.html": {Data: []byte(`{{define "content"}}{{end}}{{define "outcome"}}x{{end}}`)}}, true, true},
		{"doclist called only", fstest.MapFS{"pages/x.html": {Data: []byte(`{{template "doclist" .}}`)}}, true, true},
		{"discrepancy partial changed", fstest.MapFS{"partials/discrepancy.html": {Data: []byte(`{{define "investigates"}}{{end}}`)}}, true, true},
	} {
		fsys := defaultFiles(t)
		maps.Copy(fsys, tc.files)
		if got := byKind["timeline"].apart(fsys); got != tc.timeline {
			t.Errorf("%s: timeline apart = %v, want %v", tc.name, got, tc.timeline)
		}
		if got := byKind["taxonomy"].apart(fsys); got != tc.tax {
			t.Errorf("%s: taxonomy apart = %v, want %v", tc.name, got, tc.tax)
		}
	}
}
