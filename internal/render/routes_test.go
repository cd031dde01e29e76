package render

import (
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/route"
)

// TestEveryFileHasOneRoute checks that the site is the route table: every
// page written is one page of the table, every page of the table is
// written, every JSON document is one of the table's, and the rest are
// assets.
func TestEveryFileHasOneRoute(t *testing.T) {
	for name, in := range map[string]Input{"fixture": testInput(), "empty": emptyInput(), "triage": triageInput()} {
		t.Run(name, func(t *testing.T) {
			files := renderTest(t, in)
			p := in.Project
			s := routeSite(p, in)
			pages, err := s.Pages()
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{}
			for _, pg := range pages {
				want[pg.Path] = true
			}
			for _, api := range s.API() {
				want[api] = true
			}
			for _, f := range s.Feeds() {
				want[f] = true
			}
			for name := range files {
				if strings.HasPrefix(name, "assets/") {
					continue
				}
				if h := strings.TrimSuffix(strings.TrimPrefix(name, "search/index."), ".js"); len(h) == 8 && route.SearchIndex(h) == name {
					continue // the search index: one per site, named by its hash
				}
				if !want[name] {
					t.Errorf("%s is written but has no route", name)
				}
				delete(want, name)
			}
			for name := range want {
				t.Errorf("%s has a route but is not written", name)
			}
		})
	}
}
