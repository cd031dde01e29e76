package render

import (
	"bytes"
	"html/template"
	"maps"
	"slices"
	"testing"
)

// TestRenderCached renders the fixture through one Cache after edits of
// different reach and checks, after each, that the files are those of a
// full Render and that the number of pages rendered is what the Deps of
// the edited input say.
func TestRenderCached(t *testing.T) {
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
		if s.API != st.api {
			t.Errorf("%s: %s; want the API rendered: %v", st.name, s, st.api)
		}
	}
}
