package render

import (
	"encoding/json"
	"fmt"
	pathpkg "path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/route"
)

// withStudies returns the test project with n more case studies, the i-th
// dated 2025-01-01 plus 2i days, about iteration v2 and tagged "common".
func withStudies(n int) (Input, []project.Document) {
	in := testInput()
	p := *in.Project
	p.CaseStudies = slices.Clone(p.CaseStudies)
	var extra []project.Document
	for i := range n {
		d := project.Document{Kind: project.CaseStudy,
			Source: fmt.Sprintf("casestudies/x%03d.md", i), Slug: fmt.Sprintf("casestudies/x%03d", i),
			Meta: project.FrontMatter{Title: fmt.Sprintf("Study %03d", i), Date: day("2025-01-01").AddDate(0, 0, 2*i),
				Iterations: []string{"v2"}, Tags: []string{"common"}}, HTML: "<p>x</p>\n"}
		p.CaseStudies = append(p.CaseStudies, d)
		extra = append(extra, d)
	}
	in.Project = &p
	return in, extra
}

// TestTimelineAtScale checks the timeline's pages and api/timeline.json
// as the events grow: route.PerPage events a page, every case study on
// exactly one page, each month of the index linking a page that holds the
// month's anchor, the months' counts adding up to the events, and the
// chart drawing a lane of more than timelineMarkers events one point per
// month whose counts add up to the lane's events.
func TestTimelineAtScale(t *testing.T) {
	t.Parallel()       // renders of its own inputs only
	const fixture = 10 // dated events of the test project (golden timeline.html)
	tests := []struct {
		extra   int
		pages   int
		monthly bool // case studies drawn per month
	}{
		{0, 1, false},
		{timelineMarkers - 3, 1, false}, // 3 + 57 case studies: one point each
		{route.PerPage - fixture + 1, 2, true},
		{2*route.PerPage + 7, 3, true},
	}
	for _, tt := range tests {
		in, extra := withStudies(tt.extra)
		files := renderTest(t, in)
		var api apiTimeline
		if err := json.Unmarshal(files[route.APITimeline], &api); err != nil {
			t.Fatalf("%s: %v", route.APITimeline, err)
		}
		if api.Events != fixture+tt.extra || len(api.Pages) != tt.pages {
			t.Errorf("%d more: api has %d events on %d pages; want %d on %d", tt.extra, api.Events, len(api.Pages), fixture+tt.extra, tt.pages)
		}
		if f := files[route.TimelinePage(tt.pages+1)]; f != nil && tt.pages > 0 {
			t.Errorf("%d more: %s written; want %d pages", tt.extra, route.TimelinePage(tt.pages+1), tt.pages)
		}
		seen := map[string]int{}
		for n := 1; n <= tt.pages; n++ {
			page := string(files[route.TimelinePage(n)])
			if page == "" {
				t.Fatalf("%d more: no %s", tt.extra, route.TimelinePage(n))
			}
			rows := strings.Count(page, "<li class=\"lane-")
			if want := min(route.PerPage, api.Events-(n-1)*route.PerPage); rows != want {
				t.Errorf("%s lists %d events; want %d", route.TimelinePage(n), rows, want)
			}
			for _, d := range extra {
				if strings.Contains(page, `">`+d.Meta.Title+`</a>`) {
					seen[d.Slug]++
				}
			}
			if got := strings.Contains(page, `data-chart`); got != (n == 1) {
				t.Errorf("%s: chart shown %v", route.TimelinePage(n), got)
			}
		}
		for _, d := range extra {
			if seen[d.Slug] != 1 {
				t.Errorf("%d more: %s is on %d timeline pages; want 1", tt.extra, d.Slug, seen[d.Slug])
			}
		}
		total, kinds := 0, map[string]int{}
		for _, m := range api.Months {
			total += m.Total
			for k, n := range m.Counts {
				kinds[k] += n
			}
			file, anchor, _ := strings.Cut(m.Page, "#")
			if !strings.Contains(string(files[file]), `id="`+anchor+`"`) || anchor != "m"+m.Month {
				t.Errorf("%d more: month %s links %s, which has no such anchor", tt.extra, m.Month, m.Page)
			}
		}
		if total != api.Events || fmt.Sprint(kinds) != fmt.Sprint(api.Counts) {
			t.Errorf("%d more: months add up to %d events, %v; want %d, %v", tt.extra, total, kinds, api.Events, api.Counts)
		}
		if got := slices.Contains(api.Monthly, "case study"); got != tt.monthly {
			t.Errorf("%d more: case studies drawn per month %v; want %v", tt.extra, got, tt.monthly)
		}
		// The chart's case-study series: one point per event, or per month
		// with counts adding up to the case studies.
		m := regexp.MustCompile(`(?s)<script type="application/json" data-chart[^>]*>(.*?)</script>`).FindStringSubmatch(string(files[route.Timeline]))
		if m == nil {
			t.Fatalf("%d more: no chart", tt.extra)
		}
		var opts struct {
			Series []struct {
				Name string
				Data []struct {
					Count int `json:"count"`
				}
			}
		}
		if err := json.Unmarshal([]byte(m[1]), &opts); err != nil {
			t.Fatal(err)
		}
		var points []struct{ Count int }
		for _, s := range opts.Series {
			if s.Name == "Case studies" {
				for _, d := range s.Data {
					points = append(points, struct{ Count int }{d.Count})
				}
			}
		}
		sum := 0
		for _, p := range points {
			sum += max(p.Count, 1)
		}
		months := 0
		for _, x := range api.Months {
			if x.Counts["case study"] > 0 {
				months++
			}
		}
		want := api.Counts["case study"]
		if tt.monthly && len(points) != months || !tt.monthly && len(points) != want || sum != want {
			t.Errorf("%d more: %d case-study points standing for %d; want %d standing for %d", tt.extra, len(points), sum, map[bool]int{true: months, false: want}[tt.monthly], want)
		}
	}
}

// TestTermAndIterationPages checks the paginated lists of a tag's
// documents and of the documents about an iteration: every document on
// exactly one page, route.PerPage a page, and the pager's previous and
// next links leading to pages that are written.
func TestTermAndIterationPages(t *testing.T) {
	in, extra := withStudies(route.PerPage + 5)
	files := renderTest(t, in)
	for _, tc := range []struct {
		name  string
		path  func(int) string
		pages int
	}{
		{"tag common", func(n int) string { return route.TermPage(route.TaxTags, "common", n) }, 2},
		// v2: the extra case studies, Retrieval and Hold v2.
		{"iteration v2", func(n int) string { return route.IterationPage("v2", n) }, 2},
	} {
		seen := map[string]int{}
		for n := 1; n <= tc.pages+1; n++ {
			path := tc.path(n)
			page, ok := files[path]
			if n > tc.pages {
				if ok {
					t.Errorf("%s: %s written; want %d pages", tc.name, path, tc.pages)
				}
				continue
			}
			if !ok {
				t.Fatalf("%s: no %s", tc.name, path)
			}
			for _, d := range extra {
				if strings.Contains(string(page), `/`+route.Doc(d.Slug)+`">`) {
					seen[d.Slug]++
				}
			}
			for _, rel := range []string{"prev", "next"} {
				for _, x := range regexp.MustCompile(`rel="`+rel+`" href="([^"]+)"`).FindAllStringSubmatch(string(page), -1) {
					if target := pathpkg.Join(pathpkg.Dir(path), x[1]); files[target] == nil {
						t.Errorf("%s: %s link to %s, which is not written", path, rel, target)
					}
				}
			}
			if !strings.Contains(string(page), fmt.Sprintf(`page %d of %d`, n, tc.pages)) {
				t.Errorf("%s does not say it is page %d of %d", path, n, tc.pages)
			}
		}
		for _, d := range extra {
			if seen[d.Slug] != 1 {
				t.Errorf("%s: %s is on %d pages; want 1", tc.name, d.Slug, seen[d.Slug])
			}
		}
	}
	// The further pages are in the route table with the deps of their kind.
	r, err := newRenderer(in)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]route.Kind{route.TermPage(route.TaxTags, "common", 2): route.KindTerm, route.IterationPage("v2", 2): route.KindIteration}
	for _, pg := range r.pages {
		if k, ok := want[pg.Path]; ok {
			if pg.Kind != k || pg.Number != 2 || len(DepsOf(pg).Docs) == 0 {
				t.Errorf("%s: kind %s, number %d, deps %+v", pg.Path, pg.Kind, pg.Number, DepsOf(pg))
			}
			delete(want, pg.Path)
		}
	}
	if len(want) > 0 {
		t.Errorf("not in the route table: %v", want)
	}
}
