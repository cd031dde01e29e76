package render

import (
	"html/template"
	"slices"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
)

// TestSearchSourceMemo checks that a search source is taken as the last
// one (its text and fingerprint reused) only when everything its entry is
// made from is equal: a change to any field of a document's text, its
// title or kind, or an item's parts makes it new; and that docs with the
// memo gives the entries docs without it gives.
func TestSearchSourceMemo(t *testing.T) {
	doc := func(edit func(d *project.Document)) *project.Document {
		d := &project.Document{Kind: project.CaseStudy, Slug: "cs", HTML: template.HTML("<p>body text</p>")}
		d.Meta.Title, d.Meta.Summary, d.Meta.Hypothesis, d.Meta.Outcome = "T", "sum", "hyp", "out"
		d.Meta.Tags = []string{"a", "b"}
		if edit != nil {
			edit(d)
		}
		return d
	}
	base := docSource(doc(nil))
	item := searchSource{title: "Item q1", kind: "Item", path: "items/q1.html", parts: []string{"in", "out", "ref"}}
	for _, tc := range []struct {
		name string
		last searchSource
		now  searchSource
		same bool
	}{
		{"document unchanged", base, docSource(doc(nil)), true},
		{"body", base, docSource(doc(func(d *project.Document) { d.HTML += "!" })), false},
		{"summary", base, docSource(doc(func(d *project.Document) { d.Meta.Summary = "x" })), false},
		{"hypothesis", base, docSource(doc(func(d *project.Document) { d.Meta.Hypothesis = "x" })), false},
		{"outcome", base, docSource(doc(func(d *project.Document) { d.Meta.Outcome = "x" })), false},
		{"tags", base, docSource(doc(func(d *project.Document) { d.Meta.Tags = []string{"a"} })), false},
		{"title", base, docSource(doc(func(d *project.Document) { d.Meta.Title = "U" })), false},
		{"kind", base, docSource(doc(func(d *project.Document) { d.Kind = project.Decision })), false},
		{"item unchanged", item, searchSource{title: "Item q1", kind: "Item", path: "items/q1.html", parts: []string{"in", "out", "ref"}}, true},
		{"item part", item, searchSource{title: "Item q1", kind: "Item", path: "items/q1.html", parts: []string{"in", "out", "ref2"}}, false},
		{"item as document", item, docSource(doc(nil)), false},
	} {
		m := memoOf(&tc.last, [32]byte{1})
		if got := m.same(&tc.now); got != tc.same {
			t.Errorf("%s: same = %v; want %v", tc.name, got, tc.same)
		}
		// Through docs: the entry made with the last render's memo is the
		// one made without.
		memo := &searchMemo{}
		memo.docs([]searchSource{tc.last})
		got := (&searchMemo{last: memo.next, lastSrc: memo.nextSrc}).docs([]searchSource{tc.now})
		want := (*searchMemo)(nil).docs([]searchSource{tc.now})
		if !searchDocsEqual(got, want) {
			t.Errorf("%s: docs with the memo = %+v; want %+v", tc.name, got, want)
		}
	}
}

// searchDocsEqual reports whether a and b are the same entries.
func searchDocsEqual(a, b []searchDoc) bool {
	return slices.Equal(a, b)
}
