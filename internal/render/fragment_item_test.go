package render

import (
	"maps"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/evalbook/evalbook/internal/project"
)

// hostileItems gives the fixture (with outputs, withOutputs) an item whose
// id, texts, slices and output are hostile, with metric values in an
// iteration outside the series and none, and ratings by hostile raters with
// hostile labels and comments in iterations in and outside the series.
func hostileItems(in Input) Input {
	const h = `<script>"a"&'b'+c</script>` + "\x00"
	id := `q<9>&"'+ é`
	p := in.Project
	p.Items = append(p.Items,
		project.Item{ID: id, Input: h, Output: h, Reference: h, Slices: map[string]string{h: h, "lang": "de"},
			Outputs: []project.Output{{Iteration: "v1", Text: h}, {Iteration: "v2", Text: strings.Repeat("long words ", 400) + h}, {Iteration: h, Text: h}}},
		project.Item{ID: "q-empty"})
	p.Metrics[0].Values.Append(project.MetricValue{Iteration: "v1", Item: id, Value: 0.5},
		project.MetricValue{Iteration: h, Item: id, Value: 0.25}, project.MetricValue{Item: id, Value: 1})
	for k := range p.Dimensions {
		d := &p.Dimensions[k]
		d.Ratings = project.RatingsOf(append(d.Ratings.Slice(),
			project.Rating{Item: id, Rater: h, Iteration: "v2", Value: 3, Label: "3"},
			project.Rating{Item: id, Rater: h, Iteration: "v2", Value: 5, Label: "<5>"},
			project.Rating{Item: id, Rater: "amy", Iteration: h, Value: 2, Label: h, Comment: h},
			project.Rating{Item: "q1", Rater: "amy é", Value: 1, Label: "'1'"}))
	}
	return in
}

// TestItemContent checks itemData.Content against the content of
// pages/item.html on every item page of the fixture with outputs and
// hostile items, raters, labels, comments and iterations, at three depths,
// in a timeline and a project of systems or rounds: equal once
// scrollRegions has labelled the template's scroll boxes, and left as it
// is by scrollRegions. And that the item set of parseSets calls it.
func TestItemContent(t *testing.T) {
	tmpl, sets := defaultTemplates(t)
	r, err := newRenderer(hostileItems(withOutputs(testInput())))
	if err != nil {
		t.Fatal(err)
	}
	// The loop below moves the item views to other paths; the search
	// index reads them on a goroutine of its own, so let it finish first.
	if _, err := r.awaitSearch(); err != nil {
		t.Fatal(err)
	}
	s := r.itemSite
	n := 0
	for _, v := range s.items {
		path := v.Path
		for _, p := range []string{"x.html", path, "a/b/x.html"} {
			v.Path = p
			for _, shape := range []project.Shape{r.p.Shape, project.ShapeSystems, project.ShapeRounds} {
				pg := itemPage(r.frame, s, v.ID, shape)
				st := *pg.Site
				st.Unordered = shape.Unordered()
				pg.Site = &st
				var want, viaSet pageBuf
				if err := tmpl["item"].ExecuteTemplate(&want, "content", pg); err != nil {
					t.Fatal(err)
				}
				w := string(scrollRegions([]byte(want.String())))
				got := string(pg.Data.(*itemData).Content(pg))
				if got != w {
					t.Errorf("item %q, path %q, shape %v:\nContent:  %q\ntemplate: %q", v.ID, p, shape, got, w)
				}
				if string(scrollRegions([]byte(got))) != got {
					t.Errorf("item %q, path %q: scrollRegions changes Content", v.ID, p)
				}
				if err := sets["item"].ExecuteTemplate(&viaSet, "content", pg); err != nil {
					t.Fatal(err)
				}
				if viaSet.String() != got {
					t.Errorf("item %q, path %q: the set of parseSets writes another content", v.ID, p)
				}
				n++
			}
		}
		v.Path = path
	}
	if n < 3*3*8 {
		t.Fatalf("compared %d pages, want every item's", n)
	}
}

// TestItemApart checks when the templates let Go write an item page's
// content: the default templates, not a changed item page; other
// partials, and other pages' templates, do not matter, since the page
// calls none.
func TestItemApart(t *testing.T) {
	item := goContentFor(t, "item")
	page := defaultFiles(t)["pages/item.html"].Data
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		want  bool
	}{
		{"default", nil, true},
		{"page changed", fstest.MapFS{"pages/item.html": {Data: append([]byte("x"), page...)}}, false},
		{"page's content redefined in it", fstest.MapFS{"pages/item.html": {Data: []byte(`{{define "content"}}x{{end}}`)}}, false},
		{"a partial added", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{define "grid"}}x{{end}}`)}}, true},
		{"another page's content", fstest.MapFS{"pages/x.html": {Data: []byte(`{{define "content"}}x{{end}}`)}}, true},
	} {
		fsys := defaultFiles(t)
		maps.Copy(fsys, tc.files)
		if got := item.apart(fsys); got != tc.want {
			t.Errorf("%s: apart = %v, want %v", tc.name, got, tc.want)
		}
		if _, whole := goBases(fsys)["item"]; whole != tc.want {
			t.Errorf("%s: Go writes the whole page = %v, want %v", tc.name, whole, tc.want)
		}
	}
}

// TestItemPageLayoutBox: an item page written whole by Go skips
// scrollRegions' scan only while the layout's parts hold no plain scroll
// box; a footer with one still gets the box its attributes, named by the
// heading above it.
func TestItemPageLayoutBox(t *testing.T) {
	in := testInput()
	in.Templates = Overlay(fstest.MapFS{
		"partials/footer.html": {Data: []byte(`{{define "footer" -}}
<footer class="site"><h2>Footer links</h2><div class="scroll"><table><tr><td>x</td></tr></table></div></footer>
{{- end}}`)},
	}, testTemplates())
	if goBases(in.Templates)["item"] == nil {
		t.Fatal("item pages are not written by Go with this footer; the test tests nothing")
	}
	files := renderTest(t, in)
	page := string(files["items/q1.html"])
	if page == "" {
		t.Fatal("no page items/q1.html")
	}
	if strings.Contains(page, `<div class="scroll">`) {
		t.Error("the footer's scroll box was left plain on an item page")
	}
	if !strings.Contains(page, `<div class="scroll" tabindex="0" role="region" aria-label="Table: Footer links">`) {
		t.Error("the footer's scroll box lacks scrollRegions' attributes")
	}
}

// TestItemIndexContent compares the item index Go writes with
// pages/items.html's (scrollRegions done), at three depths, with hostile
// items and with none, and as a whole page (samePages) on the example
// project and the benchmark corpus.
func TestItemIndexContent(t *testing.T) {
	tmpl, sets := defaultTemplates(t)
	for _, in := range []Input{hostileItems(withOutputs(testInput())), emptyInput()} {
		r, err := newRenderer(in)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"x.html", "items/index.html", "a/b/x.html"} {
			pg := itemIndexPage(r.frame, p, r.itemSite)
			pg.kind = "items"
			var want, viaSet pageBuf
			if err := tmpl["items"].ExecuteTemplate(&want, "content", pg); err != nil {
				t.Fatal(err)
			}
			w := string(scrollRegions([]byte(want.String())))
			got := string(pg.Data.(*itemsData).Content(pg))
			if got != w {
				t.Errorf("%d items, path %q:\nContent:  %q\ntemplate: %q", len(r.itemSite.items), p, got, w)
			}
			if err := sets["items"].ExecuteTemplate(&viaSet, "content", pg); err != nil {
				t.Fatal(err)
			}
			if viaSet.String() != got {
				t.Errorf("path %q: the set of parseSets writes another content", p)
			}
		}
	}
	for name, in := range corpora(t) {
		if n := samePages(t, in, "items"); n != 1 {
			t.Errorf("%s: compared %d item indexes; want 1", name, n)
		}
	}
}
