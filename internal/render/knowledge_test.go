package render

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	pathpkg "path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/route"
)

// TestFollowUpsOrder checks the follow-ups page: open items only, overdue
// first (most overdue first), then by due date, undated last, with days
// overdue counted from the project's newest date, not the clock.
func TestFollowUpsOrder(t *testing.T) {
	files := testSite(t)
	page := string(files["followups.html"])
	rows := regexp.MustCompile(`<span class="what">([^<]*)</span>`).FindAllStringSubmatch(page, -1)
	var got []string
	for _, r := range rows {
		got = append(got, r[1])
	}
	want := []string{"Tell support", "Watch latency", "Re-rate &lt;v3&gt;"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("follow-ups in order %q; want %q (overdue first, undated last, done ones left out)", got, want)
	}
	for _, s := range []string{"overdue 14 d", "before 2026-02-03", "overdue 4 d</span> Escalated to <strong>Legal &lt;team&gt;</strong>"} {
		if !strings.Contains(page, s) {
			t.Errorf("followups.html lacks %q", s)
		}
	}
	if strings.Contains(page, "CTO") {
		t.Error("followups.html lists a resolved escalation")
	}
	var api struct {
		Reference string `json:"reference_date"`
		FollowUps []struct {
			Text     string `json:"text"`
			Overdue  bool   `json:"overdue"`
			DaysOver int    `json:"days_overdue"`
		} `json:"open_follow_ups"`
		Done       int                        `json:"follow_ups_done"`
		Taxonomies map[string][]termCount     `json:"taxonomies"`
		Guidelines []struct{ Version string } `json:"guidelines"`
	}
	if err := json.Unmarshal(files["api/documents.json"], &api); err != nil {
		t.Fatal(err)
	}
	if api.Reference != "2026-02-03" || len(api.FollowUps) != 3 || !api.FollowUps[0].Overdue || api.FollowUps[0].DaysOver != 14 || api.Done != 1 {
		t.Errorf("documents.json: reference %s, follow-ups %+v, done %d; want 2026-02-03, 3 open with the first 14 days overdue, 1 done",
			api.Reference, api.FollowUps, api.Done)
	}
	if tags := api.Taxonomies["tags"]; len(tags) != 2 || tags[0].Term != "retrieval" || tags[0].Count != 2 {
		t.Errorf("documents.json tags = %+v; want retrieval (2) and ship <it> (1)", tags)
	}
	if len(api.Guidelines) != 3 || api.Guidelines[2].Version != "3" {
		t.Errorf("documents.json guidelines = %+v; want 1, 2, then the pending 3", api.Guidelines)
	}
}

// TestTaxonomyPages checks the index and term pages: counts, links, and
// that a term that needs a hashed slug is escaped and still found.
func TestTaxonomyPages(t *testing.T) {
	files := testSite(t)
	idx := string(files["tags/index.html"])
	for _, s := range []string{
		`<a class="pill" href="../tags/retrieval.html">retrieval <span class="count">2</span></a>`,
		`ship &lt;it&gt; <span class="count">1</span>`,
		`<a href="../kinds/index.html">Decision kinds</a>`,
	} {
		if !strings.Contains(idx, s) {
			t.Errorf("tags/index.html lacks %q", s)
		}
	}
	term := string(files["tags/retrieval.html"])
	for _, s := range []string{`<h1>Tags: retrieval</h1>`, `href="../casestudies/retrieval.html"`, `href="../decisions/ship-v3.html"`} {
		if !strings.Contains(term, s) {
			t.Errorf("tags/retrieval.html lacks %q", s)
		}
	}
	for _, p := range []string{"kinds/ship.html", "kinds/hold.html", "status/done.html"} {
		if _, ok := files[p]; !ok {
			t.Errorf("no %s", p)
		}
	}
	if !strings.Contains(string(files["casestudies/retrieval.html"]), `<a class="pill" href="../tags/retrieval.html">retrieval</a>`) {
		t.Error("the case study has no tag pill")
	}
}

// TestLinksBothWays checks that an iteration page groups its documents and
// the guideline versions in force from it, and that a superseded decision
// names its successor.
func TestLinksBothWays(t *testing.T) {
	files := testSite(t)
	v3 := string(files["iterations/v3.html"])
	for _, s := range []string{"<h3>Case studies</h3>", "<h3>Decisions</h3>", "<h3>Guideline changes</h3>", `href="../guidelines/v2.html"`} {
		if !strings.Contains(v3, s) {
			t.Errorf("iterations/v3.html lacks %q", s)
		}
	}
	if !strings.Contains(string(files["decisions/hold-v2.html"]), `Superseded by <a href="../decisions/ship-v3.html">Ship v3</a>`) {
		t.Error("hold-v2 does not name the decision that supersedes it")
	}
}

// TestFeedAndSitemap checks that the feed is well-formed Atom listing
// decisions and case studies newest first, that the sitemap is written
// only with a baseURL, and the edit links.
func TestFeedAndSitemap(t *testing.T) {
	in := testInput()
	in.Config.Repository = "https://github.com/org/repo/"
	in.Config.EditBranch = "trunk"
	files := renderTest(t, in)
	var feed struct {
		Entries []struct {
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(files["feed.xml"], &feed); err != nil {
		t.Fatalf("feed.xml: %v", err)
	}
	var titles []string
	for _, e := range feed.Entries {
		titles = append(titles, e.Title)
	}
	want := []string{"Ship v3", "Retrieval", "A response cache", "Tone guide", "Hold v2"}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Errorf("feed entries %q; want %q", titles, want)
	}
	if e := feed.Entries[0]; e.Updated != "2026-02-03T00:00:00Z" || e.Link.Href != "https://example.org/proj/decisions/ship-v3.html" {
		t.Errorf("first entry updated %s, link %s", e.Updated, e.Link.Href)
	}
	if !strings.Contains(string(files["sitemap.xml"]), "<loc>https://example.org/proj/metrics/accuracy.html</loc>") {
		t.Error("sitemap.xml lacks a metric page")
	}
	if !strings.Contains(string(files["decisions/ship-v3.html"]), `<a href="https://github.com/org/repo/edit/trunk/content/decisions/ship-v3.md" rel="nofollow">Edit this page</a>`) {
		t.Error("no edit link on the decision")
	}
	in = testInput()
	in.Config.BaseURL = ""
	files = renderTest(t, in)
	if _, ok := files["sitemap.xml"]; ok {
		t.Error("sitemap.xml written without a baseURL")
	}
	if !strings.Contains(string(files["feed.xml"]), "<id>urn:evalbook:") || strings.Contains(string(files["decisions/ship-v3.html"]), "Edit this page") {
		t.Error("without baseURL and repository: want URN ids and no edit link")
	}
}

// TestCaseStudyPages checks the paginated case-study index: route.PerPage
// case studies a page, in the index's order, every case study on exactly
// one page, every page in the route table, and each page's previous, next
// and numbered links leading to the pages that exist.
func TestCaseStudyPages(t *testing.T) {
	tests := []struct {
		extra, pages int // case studies added to the fixture's three, index pages
	}{
		{0, 1},
		{route.PerPage - 3, 1},
		{route.PerPage - 2, 2},
		{2*route.PerPage + 7, 3},
	}
	for _, tt := range tests {
		in := testInput()
		p := *in.Project
		p.CaseStudies = slices.Clone(p.CaseStudies)
		for i := range tt.extra {
			p.CaseStudies = append(p.CaseStudies, project.Document{Kind: project.CaseStudy,
				Source: fmt.Sprintf("casestudies/x%03d.md", i), Slug: fmt.Sprintf("casestudies/x%03d", i),
				Meta: project.FrontMatter{Title: fmt.Sprintf("Study %03d", i)}, HTML: "<p>x</p>\n"})
		}
		in.Project = &p
		files := renderTest(t, in)
		seen := map[string]int{}
		for n := 1; n <= tt.pages+1; n++ {
			path := route.CaseStudiesPage(n)
			b, ok := files[path]
			if n > tt.pages {
				if ok && n > 1 {
					t.Errorf("%d case studies: %s written; want %d pages", len(p.CaseStudies), path, tt.pages)
				}
				continue
			}
			if !ok {
				t.Fatalf("%d case studies: no %s", len(p.CaseStudies), path)
			}
			page := string(b)
			if got := strings.Contains(page, `class="listpager"`); got != (tt.pages > 1) {
				t.Errorf("%s: pager shown %v with %d pages", path, got, tt.pages)
			}
			rows := 0
			for _, d := range p.CaseStudies {
				if strings.Contains(page, `<th scope="row"><a href="../`+route.Doc(d.Slug)+`">`) {
					seen[d.Slug]++
					rows++
				}
			}
			if want := min(route.PerPage, len(p.CaseStudies)-(n-1)*route.PerPage); rows != want {
				t.Errorf("%s lists %d case studies; want %d", path, rows, want)
			}
			for _, rel := range []string{"prev", "next"} {
				m := regexp.MustCompile(`rel="`+rel+`" href="([^"]+)"`).FindAllStringSubmatch(page, -1)
				want := 0
				if (rel == "prev" && n > 1) || (rel == "next" && n < tt.pages) {
					want = 2 // above and below the table
				}
				if len(m) != want {
					t.Errorf("%s has %d %s links; want %d", path, len(m), rel, want)
				}
				for _, x := range m {
					if target := pathpkg.Join("casestudies", x[1]); files[target] == nil {
						t.Errorf("%s: %s link to %s, which is not written", path, rel, target)
					}
				}
			}
			if tt.pages > 1 && !strings.Contains(page, fmt.Sprintf(`<a aria-current="page" href="../%s">%d</a>`, path, n)) {
				t.Errorf("%s does not mark itself as the current page", path)
			}
		}
		for _, d := range p.CaseStudies {
			if seen[d.Slug] != 1 {
				t.Errorf("%d case studies: %s is on %d index pages; want 1", len(p.CaseStudies), d.Slug, seen[d.Slug])
			}
		}
	}
}

// TestPagerWindow checks which pages a pager links: the first, the last,
// two on either side of the current one, and one gap (0) for each run
// left out; rows From and To of Total.
func TestPagerWindow(t *testing.T) {
	tests := []struct {
		total, n   int
		pages      []int
		from, to   int
		prev, next string
	}{
		{50 * route.PerPage, 2, []int{1, 2, 3, 4, 0, 50}, route.PerPage + 1, 2 * route.PerPage, "casestudies/index.html", "casestudies/page-3.html"},
		{50 * route.PerPage, 25, []int{1, 0, 23, 24, 25, 26, 27, 0, 50}, 24*route.PerPage + 1, 25 * route.PerPage, "casestudies/page-24.html", "casestudies/page-26.html"},
		{50*route.PerPage - 1, 50, []int{1, 0, 48, 49, 50}, 49*route.PerPage + 1, 50*route.PerPage - 1, "casestudies/page-49.html", ""},
		{4 * route.PerPage, 0, []int{1, 2, 3, 4}, 1, route.PerPage, "", "casestudies/page-2.html"},
	}
	for _, tt := range tests {
		v := newPager(tt.total, tt.n, route.CaseStudiesPage)
		var got []int
		for _, p := range v.Pages {
			got = append(got, p.Number)
		}
		if !slices.Equal(got, tt.pages) || v.From != tt.from || v.To != tt.to || v.Prev != tt.prev || v.Next != tt.next {
			t.Errorf("newPager(%d, %d) = pages %v, rows %d-%d, prev %q, next %q; want %v, %d-%d, %q, %q",
				tt.total, tt.n, got, v.From, v.To, v.Prev, v.Next, tt.pages, tt.from, tt.to, tt.prev, tt.next)
		}
	}
	if v := newPager(route.PerPage, 1, route.CaseStudiesPage); v != nil {
		t.Errorf("newPager(%d, 1) = %+v; want nil (one page)", route.PerPage, v)
	}
}
