package render

import (
	"fmt"
	"github.com/evalbook/evalbook/internal/route"
	"html/template"
	"io/fs"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/evalbook/evalbook/internal/chart"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/trend"
)

// page is the data of every template execution.
type page struct {
	Site      *site
	Title     string // the page's own title; the layout adds the site title
	Path      string // site path of the page, for example "metrics/rouge_l.html"
	Root      string // relative path from the page to the site root: "", "../", ...
	Section   string // the nav entry this page belongs to
	Charts    bool   // the page draws charts, so the layout loads echarts
	Canonical string // absolute URL of the page when Config.BaseURL is set
	Data      any    // the page type's data (the *Data types below)

	kind string // the template set executing the page (set by execute)

	assets *assets
	parts  *parts // the layout's per-site parts, executed once (Part)
}

// parts caches the template executions that depend only on the site, the
// page's depth and section, and (for a row) one value: the layout's
// navigation and footer (Part), a document's line in a list (Row). Each is
// executed once per template set, Root, Section and value in a render
// instead of once per page, which on a site of thousands of documents was
// most of the template time.
type parts struct {
	mu   sync.Mutex
	sets map[string]*template.Template
	done map[partKey]template.HTML
	// docRows: the templates (of fsys) write a doclist's lines as docRow
	// does, so Row writes them in Go, once per depth and document; found
	// out on the first docrow, so a render without one does not read the
	// templates again.
	fsys        fs.FS
	docRowsOnce sync.Once
	docRows     bool
	// goBases: the page types Go writes whole (goBases), found out once.
	goBasesOnce sync.Once
	goBases     map[string]func(*page, *pageBuf)
	// sizes are, by page type of goBases, the size of the last page of
	// the type written (noteSize), which sizes the next one's builder.
	sizes map[string]*atomic.Int64
}

// firstPageSize is what a page type's first page is given room for: a
// case study's page is about 7 KB.
const firstPageSize = 16 << 10

// sizeHint returns the room to give the builder of a page of the type
// kind, one of goBases: the size of the last page of the type and an
// eighth more, so that pages a little larger than the last are written
// without the builder growing (a copy of all written so far), and the
// estimates the Go writers grow by are met as they were.
func (c *parts) sizeHint(kind string) int {
	n := int(c.sizes[kind].Load())
	if n == 0 {
		return firstPageSize
	}
	return n + n/8 + 512
}

// noteSize records the size n of a page of the type kind just written.
func (c *parts) noteSize(kind string, n int) { c.sizes[kind].Store(int64(n)) }

// goBase returns the writer of the content of the page type kind when Go
// writes its pages whole (goBases), else nil.
func (c *parts) goBase(kind string) func(*page, *pageBuf) {
	c.goBasesOnce.Do(func() {
		if builtIn(c.fsys) {
			c.goBases = builtInGoBases() // read only
		} else {
			c.goBases = goBases(c.fsys)
		}
		c.sizes = make(map[string]*atomic.Int64, len(c.goBases))
		for kind := range c.goBases {
			c.sizes[kind] = new(atomic.Int64)
		}
	})
	return c.goBases[kind]
}

// docRowsApart is docRowsApart of the templates, found out once.
func (c *parts) docRowsApart() bool {
	c.docRowsOnce.Do(func() { c.docRows = docRowsApart(c.fsys) })
	return c.docRows
}

// partKey names one execution of a part: v is nil for Part and the row's
// value (a pointer) for Row.
type partKey struct {
	kind, name, root, section string
	v                         any
}

// newParts returns an empty cache over the template sets.
func newParts(sets map[string]*template.Template) *parts {
	return &parts{sets: sets, done: map[partKey]template.HTML{}}
}

// Part returns the template name of this page's set executed with this
// page, from the cache when a page of the same set, Root and Section has
// executed it. So a part may read only .Site, .Root, .Section and the link
// methods (Rel, Asset, Current): base.html writes the "nav" and "footer"
// parts this way.
func (pg *page) Part(name string) (template.HTML, error) {
	return pg.cached(partKey{pg.kind, name, pg.Root, pg.Section, nil}, pg)
}

// Row returns the template name executed with (args page v), from the
// cache when a page of the same set and Root has executed it with the same
// v, which must be a pointer: the row may read only v and the page's link
// methods. The doclist partial writes each document's line ("docrow") so.
func (pg *page) Row(name string, v any) (template.HTML, error) {
	if d, ok := v.(*docView); ok && name == "docrow" && pg.parts != nil && pg.parts.docRowsApart() {
		c := pg.parts
		k := partKey{"", name, pg.Root, "", v}
		c.mu.Lock()
		h, ok := c.done[k]
		c.mu.Unlock()
		if !ok {
			h = docRow(pg.Root, d)
			c.mu.Lock()
			c.done[k] = h
			c.mu.Unlock()
		}
		return h, nil
	}
	return pg.cached(partKey{pg.kind, name, pg.Root, "", v}, argPack{pg, []any{v}})
}

// cached executes the template k.name of this page's set with data once
// per key.
func (pg *page) cached(k partKey, data any) (template.HTML, error) {
	c := pg.parts
	if c == nil {
		return "", fmt.Errorf("template %q: the page is not being rendered", k.name)
	}
	c.mu.Lock()
	h, ok := c.done[k]
	c.mu.Unlock()
	if ok {
		return h, nil
	}
	var b pageBuf
	if err := c.sets[k.kind].ExecuteTemplate(&b, k.name, data); err != nil {
		return "", err
	}
	h = template.HTML(b.String())
	c.mu.Lock()
	c.done[k] = h
	c.mu.Unlock()
	return h, nil
}

// Rel returns the path to the site path p from this page. Absolute URLs
// and the empty string are returned as they are.
func (pg *page) Rel(p string) string {
	if p == "" || strings.Contains(p, "://") {
		return p
	}
	return pg.Root + p
}

// Asset returns the path from this page to the asset name, a path below
// the templates' assets/ folder such as "style.css"; the file name carries
// the content hash.
func (pg *page) Asset(name string) (string, error) {
	p, err := pg.assets.path(name)
	if err != nil {
		return "", err
	}
	return pg.Root + p, nil
}

// Current reports whether a nav entry is the one of this page.
func (pg *page) Current(l navLink) bool { return l.Section == pg.Section }

// jobs lists every page of the site, one per page of the route table.
func (r *renderer) jobs() []job {
	js := make([]job, 0, len(r.pages))
	for _, pg := range r.pages {
		js = append(js, r.job(pg))
	}
	return js
}

// job returns the job of one page of the route table.
func (r *renderer) job(pg route.Page) job {
	p := pg.Path
	j := job{pg: pg, path: p, kind: string(pg.Kind), deps: DepsOf(pg)}
	switch pg.Kind {
	case route.KindDashboard:
		j.page = func() (*page, error) { return dashboardPage(r.frame, p, dashboardInputsOf(r)) }
	case route.KindIterations:
		j.page = func() (*page, error) { return iterationIndexPage(r.frame, p, r.iters, r.p.Shape), nil }
	case route.KindMetrics:
		j.page = func() (*page, error) { return metricIndexPage(r.frame, p, r.metrics, cardInputsOf(r)) }
	case route.KindDimensions:
		j.page = func() (*page, error) { return dimensionIndexPage(r.frame, p, r.dims), nil }
	case route.KindCaseStudies:
		n := pg.Number
		j.page = func() (*page, error) {
			return caseStudyIndex(r.frame, p, n, r.caseStudies(), r.taxes), nil
		}
	case route.KindDecisions:
		j.page = func() (*page, error) {
			return decisionIndex(r.frame, p, docsOf(r.docs, r.p.Decisions()), r.taxes, followUps(allDocs(r.p, r.docs), r.refDate)), nil
		}
	case route.KindNotFound:
		j.page = func() (*page, error) { return notFoundPage(r.frame, p), nil }
	case route.KindItems:
		j.page = func() (*page, error) { return itemIndexPage(r.frame, p, r.itemSite), nil }
	case route.KindAlerts:
		j.page = func() (*page, error) { return alertsPage(r.frame, p, alertsInputsOf(r)) }
	case route.KindSources:
		j.page = func() (*page, error) { return sourcesPage(r.frame, p, r.p.Sources), nil }
	case route.KindSearch:
		j.page = func() (*page, error) {
			ix, err := r.awaitSearch()
			if err != nil {
				return nil, err
			}
			return searchPage(r.frame, p, ix), nil
		}
	case route.KindTimeline:
		n := pg.Number
		j.page = func() (*page, error) { return timelinePage(r.frame, p, n, r.timeline()) }
	case route.KindFollowUps:
		j.page = func() (*page, error) { return followUpsPage(r.frame, p, allDocs(r.p, r.docs), r.refDate), nil }
	case route.KindTaxonomy, route.KindTerm:
		j.kind = "taxonomy"
		j.page = func() (*page, error) {
			return taxonomyPage(r.frame, p, pg.Name, pg.Term, pg.Number, r.knowledgeIndex), nil
		}
	case route.KindIteration:
		if n := pg.Number; n > 1 {
			j.kind = "iterdocs"
			j.page = func() (*page, error) {
				return iterationDocs(r.frame, r.byIter, guidesOf(r), r.iterBy[pg.Name], p, n), nil
			}
			break
		}
		j.page = func() (*page, error) { return iterationPage(r.frame, iterationInputsOf(r, pg.Name)) }
	case route.KindMetric:
		j.page = func() (*page, error) { return metricPage(r.frame, metricInputsOf(r, pg.Name)) }
	case route.KindDimension:
		j.page = func() (*page, error) { return dimensionPage(r.frame, dimensionInputsOf(r, pg.Name)) }
	case route.KindItem:
		j.page = func() (*page, error) { return itemPage(r.frame, r.itemSite, pg.Name, r.p.Shape), nil }
	case route.KindDoc:
		v := r.docs[pg.Name]
		j.deps = DocDeps(v.Document)
		j.kind = "page"
		if v.Kind == project.CaseStudy {
			j.kind = "casestudy"
		}
		j.page = func() (*page, error) { return docPage(r.frame, v, r.disc.investigates(v.Slug), figureInputsOf(r)) }
	case route.KindRounds:
		j.kind = "leaderboard"
		j.page = func() (*page, error) { return roundsPage(r.frame, p, r.boards), nil }
	case route.KindLeaderboard:
		j.page = func() (*page, error) { return leaderboardPage(r.frame, p, r.boards) }
	case route.KindDiscrepancyIndex:
		j.kind = "discrepancies"
		j.page = func() (*page, error) { return discMatrixPage(r.frame, r.disc, discInputsOf(r), p, matrixPooled, "") }
	case route.KindDiscrepancySystem:
		j.kind = "discrepancies"
		j.page = func() (*page, error) { return discMatrixPage(r.frame, r.disc, discInputsOf(r), p, matrixSystem, "") }
	case route.KindDiscrepancyIter:
		j.kind = "discrepancies"
		j.page = func() (*page, error) {
			return discMatrixPage(r.frame, r.disc, discInputsOf(r), p, matrixIteration, pg.Name)
		}
	case route.KindDiscrepancyPair:
		j.kind = "discrepancy"
		j.page = func() (*page, error) {
			return pairPage(r.frame, r.disc.pair[[2]string{pg.Name, pg.Dimension}], discInputsOf(r))
		}
	case route.KindPairwise:
		j.page = func() (*page, error) { return pwPage(r.frame, r.pw.byDim[pg.Name]), nil }
	case route.KindPairwiseItem:
		j.page = func() (*page, error) {
			return pwItemPage(r.frame, pg.Name, pwItemInputs{
				dim: r.pw.byDim[pg.Dimension], item: projectItem(r.p.Items, pg.Name), itemPage: r.item[pg.Name] != nil,
				raters: r.p.Raters, iterBy: r.iterBy,
			}), nil
		}
	default:
		j.page = func() (*page, error) { return nil, fmt.Errorf("no page builder for pages of kind %q", pg.Kind) }
	}
	return j
}

// docsOf returns the views of docs, in the same order.
func docsOf(by map[string]*docView, docs []project.Document) []*docView {
	out := make([]*docView, 0, len(docs))
	for _, d := range docs {
		out = append(out, by[d.Slug])
	}
	return out
}

// sortedSet returns the keys of set, sorted.
func sortedSet(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// sliceAt finds a slice in a list sorted by slice name.
func sliceAt(s []trend.SliceStat, name string) *trend.SliceStat {
	i, ok := slices.BinarySearchFunc(s, name, func(x trend.SliceStat, n string) int { return strings.Compare(x.Slice, n) })
	if !ok {
		return nil
	}
	return &s[i]
}

// docsData is the data of the case-study and decision indexes.
type docsData struct {
	Documents []*docView
	// Taxonomies link the taxonomies' indexes; Open counts the open
	// follow-ups and unresolved escalations (decision index only).
	Taxonomies []*taxView
	Open       int
	// Pager is set on the pages of a case-study index of more than
	// route.PerPage case studies, whose Documents are one page's.
	Pager *pagerView
}

// caseStudyIndex builds page n (0 for the first) of the case-study index,
// casestudies/index.html and route.CaseStudiesPage(n), from the case
// studies' views and the taxonomies.
func caseStudyIndex(f frame, p string, n int, docs []*docView, taxes []*taxView) *page {
	pager := newPager(len(docs), n, route.CaseStudiesPage)
	title := "Case studies"
	if pager != nil {
		docs = docs[pager.From-1 : pager.To]
		if pager.Number > 1 {
			title = fmt.Sprintf("Case studies, page %d of %d", pager.Number, pager.Count)
		}
	}
	return f.newPage(p, title, "casestudies", &docsData{Documents: docs, Taxonomies: taxes, Pager: pager})
}

// pagerView is where a page of a paginated list (route.PerPage rows a
// page) stands: the rows it shows, numbered from 1, and links to the
// others.
type pagerView struct {
	Number, Count   int    // this page, from 1, and the number of pages
	From, To, Total int    // the rows shown, from 1 and inclusive, of Total
	Prev, Next      string // site paths of the neighbouring pages; "" at the ends
	Pages           []pageLink
}

// pageLink is one page of a paginated list, or with Number 0 a gap
// ("…") in their list, which names the first, the last and the two
// on either side of the current one.
type pageLink struct {
	Number  int
	Path    string
	Current bool
}

// abs is the absolute value of an int.
func abs(x int) int { return max(x, -x) }

// newPager returns page n (0 or 1 for the first) of a list of total rows
// whose n-th page is at path(n), or nil when the list fits on one page.
func newPager(total, n int, path func(int) string) *pagerView {
	count := route.ListPages(total)
	if count == 1 {
		return nil
	}
	n = max(n, 1)
	v := &pagerView{Number: n, Count: count, From: (n-1)*route.PerPage + 1, To: min(n*route.PerPage, total), Total: total}
	if n > 1 {
		v.Prev = path(n - 1)
	}
	if n < count {
		v.Next = path(n + 1)
	}
	for i := 1; i <= count; i++ {
		switch {
		case i == 1 || i == count || abs(i-n) <= 2:
			v.Pages = append(v.Pages, pageLink{Number: i, Path: path(i), Current: i == n})
		case len(v.Pages) > 0 && v.Pages[len(v.Pages)-1].Number != 0:
			v.Pages = append(v.Pages, pageLink{}) // a gap
		}
	}
	return v
}

// decisionIndex builds decisions/index.html from the decisions' views, the
// taxonomies and the open follow-ups (followUps).
func decisionIndex(f frame, p string, docs []*docView, taxes []*taxView, fu *followUpsData) *page {
	return f.newPage(p, "Decisions", "decisions", &docsData{Documents: docs, Taxonomies: taxes, Open: len(fu.FollowUps) + len(fu.Escalations)})
}

// docData is the data of a case study's or content page's page.
type docData struct {
	Doc          *docView
	Investigates []*invView // the discrepancies the document investigates
	// Body is the document's HTML with its shortcodes resolved to the
	// figures they name (figures.go).
	Body template.HTML
	// bodyBuf holds Body's bytes when it is not nil: a buffer of bodyBufs,
	// given back once the page is written (release).
	bodyBuf *pageBuf
}

// release gives Body's buffer back to bodyBufs once the page is written
// (execute); the data is not read after.
func (d *docData) release() {
	if b := d.bodyBuf; b != nil {
		d.Body, d.bodyBuf = "", nil
		bodyBufs.Put(b)
	}
}

// docPage builds the page of a case study or content page from its view,
// what it investigates and what its figures read (DocDeps).
func docPage(f frame, v *docView, investigates []*invView, fig figureInputs) (*page, error) {
	section := "page:" + v.Slug
	switch v.Kind {
	case project.CaseStudy:
		section = "casestudies"
	case project.Decision:
		section = "decisions"
	}
	d := &docData{Doc: v, Investigates: investigates}
	pg := f.newPage(v.Path, v.Meta.Title, section, d)
	var cp chart.Page
	var err error
	if d.Body, pg.Charts, d.bodyBuf, err = fig.body(v, &cp); err != nil {
		return nil, err
	}
	return pg, nil
}

// notFoundData is the data of 404.html.
type notFoundData struct {
	BasePath string // the path of Config.BaseURL with a final "/", or ""
}

// notFoundPage renders 404.html. A host serves it for any missing path, at any
// depth, so no link relative to the page can be right. Its links are
// relative to the site root, which is right from a file system and at the
// root; over http(s) the page's script finds the root (the path of
// Config.BaseURL first, then the folders above the address) and rewrites
// them (see templates/pages/notfound.html).
func notFoundPage(f frame, p string) *page {
	d := &notFoundData{}
	if u, err := url.Parse(f.baseURL); err == nil && f.baseURL != "" {
		d.BasePath = strings.TrimSuffix(u.Path, "/") + "/"
	}
	pg := f.newPage(p, "Page not found", "", d)
	pg.Canonical = ""
	return pg
}
