package render

import (
	"bytes"
	"html/template"
	"slices"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/route"
)

// TestDepsCoverEdits edits one input of the fixture at a time, renders
// again and checks that every page whose bytes changed declares the edited
// input in its Deps (see the contract there), and that the edit did change
// some page, so the check has something to check.
func TestDepsCoverEdits(t *testing.T) {
	t.Parallel() // renders of its own inputs only
	base := testSite(t)
	type edit struct {
		name  string
		apply func(p *project.Project)
		reads func(d Deps) []string
		key   string
	}
	var edits []edit
	in := testInput()
	for _, d := range slices.Concat(in.Project.CaseStudies, in.Project.Pages) {
		if d.Meta.Weight != 0 {
			continue // in the nav: a title edit changes the frame
		}
		slug := d.Slug
		find := func(p *project.Project) *project.Document {
			for _, list := range [][]project.Document{p.CaseStudies, p.Pages} {
				for j := range list {
					if list[j].Slug == slug {
						return &list[j]
					}
				}
			}
			t.Fatalf("no document %s", slug)
			return nil
		}
		edits = append(edits,
			edit{"body of " + slug, func(p *project.Project) { find(p).HTML = template.HTML("<p>edited</p>") }, func(d Deps) []string { return d.DocBodies }, slug},
			edit{"title of " + slug, func(p *project.Project) { find(p).Meta.Title = "Edited title" }, func(d Deps) []string { return d.Docs }, slug},
		)
	}
	for i, m := range in.Project.Metrics {
		edits = append(edits, edit{"label of metric " + m.Name, func(p *project.Project) { p.Metrics[i].Label = "Edited" }, func(d Deps) []string { return settings(d, d.Metrics) }, m.Name})
	}
	for i, dm := range in.Project.Dimensions {
		edits = append(edits, edit{"label of dimension " + dm.Name, func(p *project.Project) { p.Dimensions[i].Label = "Edited" }, func(d Deps) []string { return settings(d, d.Dimensions) }, dm.Name})
	}
	if len(edits) < 4 {
		t.Fatalf("only %d edits; the fixture lost its documents or subjects", len(edits))
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			in := testInput()
			e.apply(in.Project)
			files := renderTest(t, in)
			pages, err := routeSite(in.Project, in).Pages()
			if err != nil {
				t.Fatal(err)
			}
			changed := 0
			for _, pg := range pages {
				if bytes.Equal(files[pg.Path], base[pg.Path]) {
					continue
				}
				changed++
				deps := pageDeps(in.Project, pg)
				names := e.reads(deps)
				if !slices.Contains(names, e.key) && !slices.Contains(names, All) {
					t.Errorf("%s changed, but its Deps %+v do not name %q", pg.Path, deps, e.key)
				}
			}
			if changed == 0 {
				t.Errorf("the edit changed no page")
			}
		})
	}
}

// settings returns the names of one kind whose settings a page with deps
// d reads: names, or every one when the page shows an item's data
// (ItemData covers the settings of every metric and dimension) or names
// SettingsPart.
func settings(d Deps, names []string) []string {
	if len(d.ItemData) > 0 || slices.Contains(d.Parts, SettingsPart) {
		return all
	}
	return names
}

// pageDeps returns the Deps the renderer uses for pg: DocDeps for a
// document's page, DepsOf for the others.
func pageDeps(p *project.Project, pg route.Page) Deps {
	if pg.Kind == route.KindDoc {
		for _, d := range slices.Concat(p.CaseStudies, p.Pages) {
			if d.Slug == pg.Name {
				return DocDeps(&d)
			}
		}
	}
	return DepsOf(pg)
}
