package project

import (
	"slices"
	"testing"
)

// TestDocuments checks that Documents yields the documents of
// slices.Concat(CaseStudies, Pages), in that order, as pointers into the
// project's own slices, and stops when the loop does.
func TestDocuments(t *testing.T) {
	docs := func(slugs ...string) []Document {
		var out []Document
		for _, s := range slugs {
			out = append(out, Document{Slug: s})
		}
		return out
	}
	tests := []struct {
		name         string
		cases, pages []Document
	}{
		{"none", nil, nil},
		{"case studies", docs("casestudies/a", "casestudies/b"), nil},
		{"pages", nil, docs("about", "decisions/x")},
		{"both", docs("casestudies/a"), docs("about", "decisions/x")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Project{CaseStudies: tt.cases, Pages: tt.pages}
			var got []string
			k := 0
			for d := range p.Documents() {
				want := &p.CaseStudies
				i := k
				if k >= len(p.CaseStudies) {
					want, i = &p.Pages, k-len(p.CaseStudies)
				}
				if d != &(*want)[i] {
					t.Errorf("document %d (%s) is not the project's own", k, d.Slug)
				}
				got = append(got, d.Slug)
				k++
			}
			var want []string
			for _, d := range slices.Concat(tt.cases, tt.pages) {
				want = append(want, d.Slug)
			}
			if !slices.Equal(got, want) {
				t.Errorf("Documents yields %q; want %q", got, want)
			}
			if len(want) > 1 {
				n := 0
				for range p.Documents() {
					n++
					break
				}
				if n != 1 {
					t.Errorf("a loop that breaks at once ran %d times", n)
				}
			}
		})
	}
}
