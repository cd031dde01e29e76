package route

import (
	"strings"
	"testing"
)

// tricky are names that imitate each other and the fixed pages: spellings
// that differ only in case or punctuation, folder and file names the
// layout uses, and names that are not safe file-name parts.
var tricky = []string{
	"index", "index-", "system", "iterations", "metrics", "api", "alerts", "sources", "404",
	"a b", "a-b", "A-B", "a/b", "../x", ".hidden", "", " ", "V1", "v1", "ä",
}

// trickySite uses every tricky name in every kind of page at once.
func trickySite() Site {
	s := Site{
		Iterations: tricky, Metrics: tricky, Dimensions: tricky, Items: tricky, Rounds: tricky,
		Boards: len(tricky), Sources: true, Discrepancy: true, DiscIterations: tricky,
	}
	for _, m := range tricky {
		for _, d := range tricky {
			s.Pairs = append(s.Pairs, Pair{m, d})
		}
	}
	for _, tax := range Taxonomies {
		s.Terms = append(s.Terms, TermSet{Taxonomy: tax, Terms: tricky})
	}
	return s
}

func TestPagesDoNotCollide(t *testing.T) {
	pages, err := trickySite().Pages()
	if err != nil {
		t.Fatalf("Pages: %v", err)
	}
	n := len(tricky)
	// 13 fixed pages with sources (search, timeline and follow-ups among
	// them); iterations, metrics, dimensions, items, rounds and iteration
	// matrices; the list of rounds, the discrepancy overview and iteration
	// level, the pairs, and each taxonomy's index and terms.
	if want := 13 + 6*n + 1 + 2 + n*n + len(Taxonomies)*(1+n); len(pages) != want {
		t.Errorf("%d pages; want %d", len(pages), want)
	}
	seen := map[string]Page{}
	for _, p := range pages {
		if other, dup := seen[p.Path]; dup {
			t.Errorf("%+v and %+v share %s", other, p, p.Path)
		}
		seen[p.Path] = p
		if !strings.HasSuffix(p.Path, ".html") || strings.HasPrefix(p.Path, "/") || strings.Contains(p.Path, "//") {
			t.Errorf("%+v: path %q does not name a file relative to the root", p, p.Path)
		}
		for _, part := range strings.Split(p.Path, "/") {
			if part == "" || strings.HasPrefix(part, ".") {
				t.Errorf("%+v: path %q has the part %q", p, p.Path, part)
			}
		}
	}
	for _, api := range trickySite().API() {
		if _, dup := seen[api]; dup || !strings.HasPrefix(api, "api/") {
			t.Errorf("API document %s collides with a page or is outside api/", api)
		}
	}
}

// TestPagesOneRoutePerName checks that each named page is found again by
// its route function, and that a name repeated within a kind is an error.
func TestPagesOneRoutePerName(t *testing.T) {
	pages, err := trickySite().Pages()
	if err != nil {
		t.Fatal(err)
	}
	path := map[Kind]func(string) string{
		KindIteration: Iteration, KindMetric: Metric, KindDimension: Dimension, KindItem: Item,
		KindLeaderboard: Leaderboard, KindDiscrepancyIter: DiscrepancyIteration,
	}
	for _, p := range pages {
		want := p.Path
		switch f := path[p.Kind]; {
		case f != nil:
			want = f(p.Name)
		case p.Kind == KindDiscrepancyPair:
			want = DiscrepancyPair(p.Name, p.Dimension)
		case p.Kind == KindTaxonomy:
			want = Taxonomy(p.Name)
		case p.Kind == KindTerm:
			want = Term(p.Name, p.Term)
		}
		if p.Path != want {
			t.Errorf("%+v: path %s; its route gives %s", p, p.Path, want)
		}
	}
	for _, s := range []Site{
		{Iterations: []string{"v1", "v1"}},
		{Metrics: []string{"a", "b", "a"}},
		{Dimensions: []string{"x", "x"}},
		{Items: []string{"i", "i"}},
	} {
		if _, err := s.Pages(); err == nil || !strings.Contains(err.Error(), "would both be written") {
			t.Errorf("%+v: error %v; want a collision", s, err)
		}
	}
}

func TestDocumentCannotReplacePage(t *testing.T) {
	s := Site{
		Iterations: []string{"v1"}, Metrics: []string{"acc"}, Dimensions: []string{"help"}, Items: []string{"q1"},
		Sources: true, Boards: 1, Rounds: []string{"r1"},
		Discrepancy: true, DiscIterations: []string{"v1"}, Pairs: []Pair{{"acc", "help"}},
		Terms:          []TermSet{{TaxTags, []string{"latency"}, []int{3}}, {TaxKinds, []string{"ship"}, nil}},
		IterationPages: []int{2}, TimelinePages: 2, CaseStudies: 150,
	}
	for _, slug := range []string{
		"index", "404", "alerts", "sources", "followups", "tags/index", "tags/latency", "kinds/index", "kinds/ship", "iterations/index", "iterations/v1", "metrics/acc",
		"dimensions/help", "items/q1", "casestudies/index", "decisions/index", "leaderboard/index",
		"leaderboard/r1", "discrepancy/index", "discrepancy/system", "discrepancy/v1/index", "discrepancy/acc/help",
		"timeline/page-2", "tags/latency/page-2", "tags/latency/page-3", "iterations/v1/page-2", "casestudies/page-2",
	} {
		s := s
		s.Docs = []DocName{{Slug: slug, Source: "content/x.md"}}
		if _, err := s.Pages(); err == nil || !strings.HasPrefix(err.Error(), "content/x.md: ") {
			t.Errorf("document with slug %q: error %v; want one naming content/x.md", slug, err)
		}
	}
	s.Docs = []DocName{{Slug: "casestudies/a", Source: "casestudies/a.md"}, {Slug: "casestudies/a", Source: "content/casestudies/a.md"}}
	if _, err := s.Pages(); err == nil || !strings.Contains(err.Error(), "would replace casestudies/a.md") {
		t.Errorf("two documents with one slug: error %v", err)
	}
	s.Docs = []DocName{{Slug: "metrics/other", Source: "content/metrics/other.md"}, {Slug: "about", Source: "content/about.md"}}
	if _, err := s.Pages(); err != nil {
		t.Errorf("documents beside generated pages: %v", err)
	}
}

func TestRoutes(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Iteration("v3"), "iterations/v3.html"},
		{Metric("rouge_l"), "metrics/rouge_l.html"},
		{Dimension("helpfulness"), "dimensions/helpfulness.html"},
		{Item("q-17"), "items/q-17.html"},
		{Doc("casestudies/grounding"), "casestudies/grounding.html"},
		{Leaderboard("r1"), "leaderboard/r1.html"},
		{DiscrepancyIteration("v2"), "discrepancy/v2/index.html"},
		{DiscrepancyPair("rouge_l", "helpfulness"), "discrepancy/rouge_l/helpfulness.html"},
		{Taxonomy(TaxTags), "tags/index.html"},
		{Term(TaxTags, "latency"), "tags/latency.html"},
	} {
		if c.got != c.want {
			t.Errorf("route %s; want %s", c.got, c.want)
		}
	}
	if p := Metric("Answer Accuracy"); !strings.HasPrefix(p, "metrics/answer-accuracy-") || len(p) != len("metrics/answer-accuracy-")+8+len(".html") {
		t.Errorf("Metric(Answer Accuracy) = %s; want a hashed slug", p)
	}
}
