package render

import (
	"bytes"
	"fmt"
	"html/template"
	"maps"
	"reflect"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/templates"
)

// TestRenderCached renders the fixture through one Cache after edits of
// different reach and checks, after each, that the files are those of a
// full Render and that the number of pages rendered is what the Deps of
// the edited input say.
func TestRenderCached(t *testing.T) {
	t.Parallel() // renders of its own inputs only
	var c Cache
	steps := []struct {
		name     string
		edit     func(in *Input)
		rendered func(total int) int // pages expected rendered, of total
		api      bool
	}{
		{"first render", func(*Input) {}, func(n int) int { return n }, true},
		{"nothing changed", func(*Input) {}, func(int) int { return 0 }, false},
		{"a case study's body", func(in *Input) {
			in.Project.CaseStudies[0].HTML = template.HTML("<p>edited</p>")
		}, func(int) int { return 2 }, false}, // its page and search.html (the index is named by its hash)
		{"a metric's label", func(in *Input) {
			in.Project.CaseStudies[0].HTML = template.HTML("<p>edited</p>")
			in.Project.Metrics[0].Label = "Edited"
		}, nil, true},
		{"the site title", func(in *Input) {
			in.Project.CaseStudies[0].HTML = template.HTML("<p>edited</p>")
			in.Project.Metrics[0].Label = "Edited"
			in.Config.Title = "Edited"
		}, func(n int) int { return n }, true},
		{"a new alert about a metric", func(in *Input) {
			in.Project.CaseStudies[0].HTML = template.HTML("<p>edited</p>")
			in.Project.Metrics[0].Label = "Edited"
			in.Config.Title = "Edited"
			in.Alerts = append(in.Alerts, alert.Alert{Kind: "threshold", Severity: alert.Warning,
				Subject: alert.Metric(in.Project.Metrics[0].Name), Message: "A new alert."})
		}, nil, true}, // the nav counts it: the pages that show no alert only get the new nav
	}
	for _, st := range steps {
		in := testInput()
		st.edit(&in)
		got, err := RenderCached(in, &c)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		want := renderTest(t, in)
		for _, name := range slices.Sorted(maps.Keys(want)) {
			if !bytes.Equal(got[name], want[name]) {
				t.Errorf("%s: %s differs from a full render", st.name, name)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d files; a full render has %d", st.name, len(got), len(want))
		}
		s := c.Stats()
		if st.rendered != nil && s.Rendered != st.rendered(s.Pages) {
			t.Errorf("%s: %s; want %d rendered", st.name, s, st.rendered(s.Pages))
		}
		if st.rendered == nil && (s.Rendered == 0 || s.Rendered == s.Pages) {
			t.Errorf("%s: %s; want some pages rendered, not all", st.name, s)
		}
		if st.name == "a new alert about a metric" && s.NavOnly == 0 {
			t.Errorf("%s: %s; want the pages not rendered given the new nav", st.name, s)
		}
		if s.API != st.api {
			t.Errorf("%s: %s; want the API rendered: %v", st.name, s, st.api)
		}
	}
}

// TestNavApart checks when the nav is kept apart from the pages'
// fingerprints: with the default templates, and not when a template other
// than the nav reads the nav or the site whole, or the nav is another.
func TestNavApart(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  bool
	}{
		{"defaults", nil, true},
		{"a page reads the nav", map[string]string{"pages/item.html": `{{define "content"}}{{len .Site.Nav}}{{end}}`}, false},
		{"a page passes the site whole", map[string]string{"pages/item.html": `{{define "content"}}{{template "x" .Site}}{{end}}`}, false},
		{"another nav", map[string]string{"partials/nav.html": `{{define "nav"}}{{.Title}}{{end}}`}, false},
		{"another page", map[string]string{"pages/item.html": `{{define "content"}}{{.Site.Title}}{{end}}`}, true},
	} {
		fsys := fstest.MapFS{}
		for name, text := range tc.files {
			fsys[name] = &fstest.MapFile{Data: []byte(text)}
		}
		got, err := navApart(Overlay(fsys, templates.FS))
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%s: navApart %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestRenderCachedReuse renders through one Cache inputs that share their
// data arrays and results (one ResultsID), as a session's builds after a
// prose edit do, and checks that an edit of bodies only reuses the last
// model and renders only the pages that show the bodies, that any other
// edit does not reuse it, and that every render equals a full Render.
//
// It runs twice: with projects that carry no fingerprint of their
// documents (Project.DocsFront), so that render compares the documents,
// and with one made as ingest makes it, which render then trusts.
func TestRenderCachedReuse(t *testing.T) {
	t.Parallel() // renders of its own inputs only
	for _, fronts := range []bool{false, true} {
		t.Run(fmt.Sprintf("DocsFront %v", fronts), func(t *testing.T) { testRenderCachedReuse(t, fronts) })
	}
}

// docsFront fingerprints p's documents but their bodies, as ingest does.
func docsFront(p *project.Project) [32]byte {
	h := fingerprint.New("documents")
	for _, docs := range [][]project.Document{p.CaseStudies, p.Pages} {
		h.Int(len(docs))
		for _, d := range docs {
			d.HTML = ""
			h.Value(d)
		}
	}
	return h.Done()
}

func testRenderCachedReuse(t *testing.T, fronts bool) {
	base := testInput()
	base.ResultsID = 1
	withDocs := func(edit func(p *project.Project)) Input {
		in := base
		p := *base.Project
		p.CaseStudies, p.Pages = slices.Clone(p.CaseStudies), slices.Clone(p.Pages)
		edit(&p)
		if fronts {
			p.DocsFront = docsFront(&p)
		}
		in.Project = &p
		return in
	}
	base = withDocs(func(*project.Project) {})
	var c Cache
	steps := []struct {
		name     string
		in       Input
		reused   bool
		rendered int // -1: any
	}{
		{"first render", base, false, -1},
		{"a case study's body", withDocs(func(p *project.Project) { p.CaseStudies[0].HTML = "<p>edited</p>" }), true, 2},
		{"the same again", withDocs(func(p *project.Project) { p.CaseStudies[0].HTML = "<p>edited</p>" }), true, 0},
		{"a page's body", withDocs(func(p *project.Project) {
			p.CaseStudies[0].HTML = "<p>edited</p>"
			p.Pages[0].HTML = "<p>edited too</p>"
		}), true, 2},
		{"a case study's title", withDocs(func(p *project.Project) {
			p.CaseStudies[0].HTML = "<p>edited</p>"
			p.Pages[0].HTML = "<p>edited too</p>"
			p.CaseStudies[0].Meta.Title = "Edited"
		}), false, -1},
		{"a body after a model was rebuilt", withDocs(func(p *project.Project) {
			p.CaseStudies[0].HTML = "<p>edited again</p>"
			p.Pages[0].HTML = "<p>edited too</p>"
			p.CaseStudies[0].Meta.Title = "Edited"
		}), true, 2},
		{"other results", func() Input {
			in := withDocs(func(p *project.Project) {
				p.CaseStudies[0].HTML = "<p>edited again</p>"
				p.Pages[0].HTML = "<p>edited too</p>"
				p.CaseStudies[0].Meta.Title = "Edited"
			})
			in.ResultsID = 2
			return in
		}(), false, 0},
		// The items' sums are kept while the array is the same (every step
		// above): a new array with one input edited renders its page.
		{"an item's input", func() Input {
			in := withDocs(func(p *project.Project) {
				p.CaseStudies[0].HTML = "<p>edited again</p>"
				p.Pages[0].HTML = "<p>edited too</p>"
				p.CaseStudies[0].Meta.Title = "Edited"
				p.Items = slices.Clone(p.Items)
				p.Items[0].Input = "an edited input"
			})
			in.ResultsID = 2
			return in
		}(), false, -1},
	}
	// The files a render returns are never changed by the next (serve
	// keeps serving them while the next render patches a copy).
	var last, lastCopy Files
	for _, st := range steps {
		got, err := RenderCached(st.in, &c)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if !maps.EqualFunc(last, lastCopy, bytes.Equal) {
			t.Errorf("%s: the last render's files changed", st.name)
		}
		last, lastCopy = got, maps.Clone(got)
		want := renderTest(t, st.in)
		for _, name := range slices.Sorted(maps.Keys(want)) {
			if !bytes.Equal(got[name], want[name]) {
				t.Errorf("%s: %s differs from a full render", st.name, name)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d files; a full render has %d", st.name, len(got), len(want))
		}
		s := c.Stats()
		if s.Reused != st.reused || (st.rendered >= 0 && s.Rendered != st.rendered) {
			t.Errorf("%s: %s, model reused %v; want reused %v, %d rendered", st.name, s, s.Reused, st.reused, st.rendered)
		}
	}
}

// TestRenderCachedResults edits one analysis result at a time, renders it
// through a Cache that holds the fixture's render, and checks that the
// files are those of a full Render (no page that the edit changed was
// kept), and which pages were rendered again: the aggregate pages name the
// parts of the results they read (Deps.Parts), so an edit to one
// dimension's or one iteration's results leaves the other subjects' and
// iterations' pages alone.
func TestRenderCachedResults(t *testing.T) {
	t.Parallel() // renders of its own inputs only
	edits := []struct {
		name    string
		edit    func(in *Input)
		want    []string // pages that must be rendered
		wantNot []string // pages that must not be
	}{
		{"a dimension's comparison in v3", func(in *Input) {
			for i := range in.Experiments.Comparisons {
				if c := &in.Experiments.Comparisons[i]; c.Kind == "dimension" && c.Subject == "helpfulness" && c.Iteration == "v3" {
					c.Delta += 0.25
					c.Mean += 0.25
				}
			}
		}, []string{"dimensions/helpfulness.html", "iterations/v3.html"},
			[]string{"dimensions/tone.html", "metrics/accuracy.html", "iterations/v1.html", "iterations/v2.html", "items/index.html", "casestudies/index.html", "timeline.html"}},
		{"a dimension's reliability record in v1", func(in *Input) {
			d := &in.Reliability.Dimensions[0]
			for i := range d.Iterations {
				if d.Iterations[i].Iteration == "v1" {
					d.Iterations[i].NItems++
				}
			}
		}, []string{"dimensions/helpfulness.html", "iterations/v1.html"},
			[]string{"dimensions/tone.html", "iterations/v2.html", "iterations/v3.html", "metrics/accuracy.html"}},
		{"a case study's verdict", func(in *Input) {
			for i := range in.Experiments.Verdicts {
				if v := &in.Experiments.Verdicts[i]; v.CaseStudy == "casestudies/tone-guide" {
					v.Outcome = "supported"
				}
			}
		}, []string{"casestudies/tone-guide.html", "casestudies/index.html"}, []string{"dimensions/tone.html"}},
		{"the verdict of a case study naming a metric and a dimension", func(in *Input) {
			for i := range in.Experiments.Verdicts {
				if v := &in.Experiments.Verdicts[i]; v.CaseStudy == "casestudies/retrieval" {
					v.Outcome = "refuted"
				}
			}
		}, []string{"casestudies/retrieval.html", "metrics/accuracy.html", "dimensions/helpfulness.html"}, []string{"dimensions/tone.html", "iterations/v1.html"}},
		{"a discrepancy record of accuracy vs helpfulness", func(in *Input) {
			for i := range in.Discrepancy.Records {
				if r := &in.Discrepancy.Records[i]; r.Metric == "accuracy" && r.Dimension == "helpfulness" && r.Iteration == "v2" {
					r.Coefficients.N++
				}
			}
		}, nil, []string{"dimensions/tone.html", "iterations/v1.html", "iterations/v2.html", "iterations/v3.html"}},
		{"an error alert in v2", func(in *Input) {
			in.Alerts = append(in.Alerts, alert.Alert{Kind: "threshold", Severity: alert.Error, Iteration: "v2",
				Subject: alert.Metric(in.Project.Metrics[0].Name), Message: "A new error."})
		}, []string{"timeline.html", "iterations/v2.html"}, []string{"casestudies/index.html", "iterations/v1.html"}},
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			// The render before the edit; with the front matter of an
			// edit of a case study's verdict (withExperiment).
			var c Cache
			before := testInput()
			withExperiment(&before)
			if _, err := RenderCached(before, &c); err != nil {
				t.Fatal(err)
			}
			in := testInput()
			withExperiment(&in)
			e.edit(&in)
			got, err := RenderCached(in, &c)
			if err != nil {
				t.Fatal(err)
			}
			want := renderTest(t, in)
			for _, name := range slices.Sorted(maps.Keys(want)) {
				if !bytes.Equal(got[name], want[name]) {
					t.Errorf("%s differs from a full render", name)
				}
			}
			s := c.Stats()
			rendered := map[string]bool{}
			for _, p := range s.Paths {
				rendered[p] = true
			}
			t.Logf("%s: %v", s, s.Paths)
			if s.Rendered == 0 {
				t.Errorf("the edit rendered no page")
			}
			for _, p := range e.want {
				if !rendered[p] {
					t.Errorf("%s was not rendered", p)
				}
			}
			for _, p := range e.wantNot {
				if rendered[p] {
					t.Errorf("%s was rendered", p)
				}
			}
		})
	}
}

// withExperiment gives the case study casestudies/retrieval the front
// matter of the experiment its verdict in the fixture evaluates, as a
// case study with a verdict has.
func withExperiment(in *Input) {
	for i := range in.Project.CaseStudies {
		if m := &in.Project.CaseStudies[i].Meta; in.Project.CaseStudies[i].Slug == "casestudies/retrieval" {
			m.Baseline, m.Candidate, m.Primary = "v1", "v3", "accuracy"
		}
	}
}

// TestRenderCachedLastGrids edits one rating of item q5 on helpfulness and
// checks that the item page rendered again copies its tone grid from its
// last bytes (lastGrid) only when tone's grids are as they were: the
// last page's tone grid is marked first, so a copy shows. Every file
// equals a full render's when nothing is marked.
func TestRenderCachedLastGrids(t *testing.T) {
	t.Parallel() // renders of its own inputs only
	const page, mark = "items/q5.html", "MARKED"
	editRating := func(in *Input) {
		d := &in.Project.Dimensions[slices.IndexFunc(in.Project.Dimensions, func(d project.Dimension) bool { return d.Name == "helpfulness" })]
		rs := &d.Ratings
		x := slices.IndexFunc(rs.Item, func(id int32) bool { return rs.Items.Name(id) == "q5" })
		y := slices.IndexFunc(rs.Label, func(l int32) bool { return l != rs.Label[x] })
		rs.Label, rs.Value = slices.Clone(rs.Label), slices.Clone(rs.Value) // never changed in place
		rs.Label[x], rs.Value[x] = rs.Label[y], rs.Value[y]
	}
	for _, tt := range []struct {
		name   string
		edit   func(in *Input)
		copied bool // the tone grid is copied
	}{
		{"a rating of helpfulness", editRating, true},
		{"and tone's consensus rule", func(in *Input) {
			editRating(in)
			d := in.Config.Dimension("tone")
			d.Consensus = "unanimous"
			in.Config.Dimensions = maps.Clone(in.Config.Dimensions)
			in.Config.Dimensions["tone"] = d
		}, false},
		{"and an iteration's description", func(in *Input) {
			editRating(in)
			in.Project.Iterations[0].Description = "Edited"
		}, false},
	} {
		for _, marked := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, marked %v", tt.name, marked), func(t *testing.T) {
				var c Cache
				if _, err := RenderCached(testInput(), &c); err != nil {
					t.Fatal(err)
				}
				if marked {
					cp := c.pages[page]
					at := bytes.Index(cp.body, []byte(`id="ratings-tone"`))
					td := bytes.Index(cp.body[at:], []byte("<td>"))
					if at < 0 || td < 0 {
						t.Fatalf("%s has no tone grid with a rating", page)
					}
					cp.body = slices.Concat(cp.body[:at+td+4], []byte(mark), cp.body[at+td+4:])
					c.pages[page] = cp
				}
				in := testInput()
				tt.edit(&in)
				got, err := RenderCached(in, &c)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Contains(c.Stats().Paths, page) {
					t.Fatalf("%s not rendered again: %v", page, c.Stats().Paths)
				}
				if marked {
					if copied := bytes.Contains(got[page], []byte(mark)); copied != tt.copied {
						t.Errorf("tone grid copied from the last page: %v, want %v", copied, tt.copied)
					}
					return
				}
				want := renderTest(t, in)
				for _, name := range slices.Sorted(maps.Keys(want)) {
					if !bytes.Equal(got[name], want[name]) {
						t.Errorf("%s differs from a full render", name)
					}
				}
			})
		}
	}
}

// TestSameItem checks that sameItem tells an item from a copy of it with
// any one field changed, and that it knows every field of project.Item
// and project.Output (a field added to them must be compared too).
func TestSameItem(t *testing.T) {
	if n, m := reflect.TypeFor[project.Item]().NumField(), reflect.TypeFor[project.Output]().NumField(); n != 7 || m != 3 {
		t.Fatalf("project.Item has %d fields and project.Output %d; sameItem compares 7 and 3", n, m)
	}
	base := func() project.Item {
		return project.Item{ID: "q1", Input: "in", Output: "out", Reference: "ref",
			Slices: map[string]string{"lang": "de"}, Pos: project.Pos{File: "items.jsonl", Line: 1},
			Outputs: []project.Output{{Iteration: "v1", Text: "a", Pos: project.Pos{File: "o.jsonl", Line: 2}}}}
	}
	edits := map[string]func(*project.Item){
		"nothing":   func(*project.Item) {},
		"ID":        func(it *project.Item) { it.ID = "q2" },
		"Input":     func(it *project.Item) { it.Input = "in2" },
		"Output":    func(it *project.Item) { it.Output = "" },
		"Reference": func(it *project.Item) { it.Reference = "ref2" },
		"Slices":    func(it *project.Item) { it.Slices = map[string]string{"lang": "fr"} },
		"Pos":       func(it *project.Item) { it.Pos.Line = 2 },
		"Outputs": func(it *project.Item) {
			it.Outputs = []project.Output{{Iteration: "v1", Text: "b", Pos: it.Outputs[0].Pos}}
		},
		"an output's place": func(it *project.Item) {
			it.Outputs = []project.Output{{Iteration: "v1", Text: "a", Pos: project.Pos{File: "o.jsonl", Line: 3}}}
		},
	}
	for name, edit := range edits {
		a, b := base(), base()
		edit(&b)
		if got := sameItem(&a, &b); got != (name == "nothing") {
			t.Errorf("%s changed: sameItem = %v", name, got)
		}
		if got := sameItems([]project.Item{a}, []project.Item{b}); got != (name == "nothing") {
			t.Errorf("%s changed: sameItems = %v", name, got)
		}
	}
}
