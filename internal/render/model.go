package render

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/markdown"
	"github.com/evalbook/evalbook/internal/preference"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/reliability"
	"github.com/evalbook/evalbook/internal/route"
	"github.com/evalbook/evalbook/internal/trend"
)

// renderer is the model of one Render: the read-only views every page
// builder picks its inputs from. newRendererMemo builds it once, view by
// view, each view by a constructor that takes the views it reads as
// arguments (newIterViews, newMetricViews, newDimViews, newItemSite,
// newDocViews, newDiscSite, newAlertIndex, newPwSite, newExpIndex,
// newBoards, newKnowledge, newNav); afterwards it is only read, so pages
// render in parallel. The page builders are plain functions of the frame
// and of the inputs they read (see job in pages.go), never of the
// renderer; its few methods are the site-wide outputs (jobs, api, feeds,
// the search index).
type renderer struct {
	frame // the site, the assets and the base URL every page reads
	cfg   *config.Config
	p     *project.Project

	routes route.Site        // the names that decide the site's pages
	pages  []route.Page      // every page of the site, in job order
	known  map[string]string // site path of every page -> a short title (pageTitles)

	iters   []*iterView
	metrics []*metricView
	dims    []*dimView
	iterBy  iterIndex
	metric  metricIndex
	dim     dimIndex
	docs    map[string]*docView // by slug
	byIter  map[string][]*docView
	byMetrc map[string][]*docView
	byDim   map[string][]*docView
	// caseStudies returns the case studies' views in the project's order
	// (docsOf), made once for every page of their list.
	caseStudies func() []*docView

	*itemSite              // the item pages' views (items.go)
	searchMemo *searchMemo // nil: every search entry is made anew
	alertIndex             // every alert, most severe first, by subject and iteration
	// timeline returns the timeline's events and index, made the first
	// time a page of it or its JSON needs them (newTimelineSet).
	timeline func() *timelineSet

	expIndex // comparisons by iteration and subject, verdicts

	boards []*boardView // leaderboards, one per round; none for a timeline
	// current is the iteration the dashboard and the alerts page open with
	// and `evalbook check` gates by default: the latest iteration of a
	// timeline, the reference system of a project of systems (nil without
	// one), the reference of the last round of a project of rounds.
	current *iterView

	discRep *discrepancy.Report // the discrepancy analysis
	disc    *discSite           // its views; nil when the site has no discrepancy pages

	prefRep preference.Report // the pairwise analysis
	pw      *pwSite           // its views
	search  *searchIndex      // the search index (search.go); read it through awaitSearch()
	// searchDone is closed when search and searchErr are set (startSearch).
	searchDone chan struct{}
	searchErr  error
	figs       *sync.Map // the documents' inline figures made so far (figureInputs.memo)
	// The knowledge base (knowledge.go): taxonomies and their terms, the
	// versions of the guidelines, the date overdue is measured against.
	knowledgeIndex
	guides  []project.Guideline
	refDate time.Time
}

// site is what every page shows of the site as a whole.
type site struct {
	Title       string
	Description string
	BaseURL     string
	CI          string  // the label of every confidence interval, such as "95% CI"
	Correction  string  // the p-value correction of the comparisons, such as "Holm"
	SliceWeight float64 // the share of the correction's weight the slice comparisons get
	Alpha       float64 // significance level of the comparisons
	Power       float64 // power of the minimum detectable effects
	// Unordered is set for a project of systems or rounds: pages say
	// "system", never "previous" or "latest" (see project.Shape).
	Unordered bool
	Nav       []navLink
	// Pairwise is set when the site has pairwise pages (and
	// api/pairwise.json).
	Pairwise bool
}

// navLink is one entry of the navigation bar.
type navLink struct {
	Title   string
	Path    string // site path
	Section string // matched against page.Section to mark the current entry
}

// iterView is an iteration with its page.
type iterView struct {
	project.Iteration
	// ID is Iteration.ID, a field of its own: templates read it on every
	// link to an iteration, and html/template finds a promoted field by
	// a search of the embedded structs (reflect's FieldByNameFunc, which
	// allocates) on every read, a field of the struct itself by a scan.
	ID       string
	Path     string
	NMetrics int       // metrics with values in this iteration
	Base     *iterView // the baseline, nil when none or unknown
	Prev     *iterView
	Next     *iterView
}

// metricView is a metric with its settings, page and trend.
type metricView struct {
	Name, Label, Description, Unit string
	Direction                      string // "higher" or "lower"
	Headline                       bool
	Path                           string
	Trend                          trend.MetricTrend
	Latest                         *trend.MetricPoint // last point, nil when none
	at                             map[string]*trend.MetricPoint
}

// At returns the metric's point in the iteration id, or nil.
func (m *metricView) At(id string) *trend.MetricPoint { return m.at[id] }

// prevOf returns the iteration of the point before pt in the metric's
// series (the one pt.DeltaPrev is against), or "".
func (m *metricView) prevOf(pt *trend.MetricPoint) string {
	for i := range m.Trend.Points {
		if &m.Trend.Points[i] == pt && i > 0 {
			return m.Trend.Points[i-1].Iteration
		}
	}
	return ""
}

// dimView is a rating dimension with its settings, page and trend.
type dimView struct {
	Name, Label, Description, Scale string
	Direction                       string // "higher" or "lower" is better
	Numeric                         bool
	Labels                          []string
	Min, Max                        *float64
	Path                            string
	Raters                          []string // every rater of the dimension, sorted
	Trend                           trend.DimensionTrend
	Latest                          *trend.DimensionPoint // last point of an iteration, else last point
	at                              map[string]*trend.DimensionPoint
	// Rel is the dimension's reliability, nil when the report has none.
	Rel *reliability.Dimension
}

// At returns the dimension's point in the iteration id, or nil.
func (d *dimView) At(id string) *trend.DimensionPoint { return d.at[id] }

// ref is a link to a named thing of the project; Path is "" when the name
// is unknown, and the template then shows the name without a link.
type ref struct {
	Name, Label, Path string
}

// docView is a Markdown document with its page and resolved references.
type docView struct {
	*project.Document
	Path       string
	Iterations []ref
	Metrics    []ref
	Dimensions []ref
	Evidence   []ref        // Path is site-relative, or an absolute URL, or ""
	Verdict    *verdictView // the evaluation of a case study's experiment, nil when none

	// The knowledge base (knowledge.go): links to the document's terms,
	// its source's edit page ("" without config repository), the decision
	// it supersedes and those that supersede it, and its evidence with
	// the figures behind it (decisions).
	Tags                []ref
	StatusRef, OwnerRef *ref
	KindRef             *ref
	Edit                string
	Supersedes          *docView
	SupersededBy        []*docView
	Figures             []evidenceView
}

// newRenderer builds the views of in, filling a nil Config or Project with
// defaults, and checks that no two pages share a path.
func newRenderer(in Input) (*renderer, error) { return newRendererMemo(in, nil) }

// newRendererMemo is newRenderer that takes the search index's entries
// from search (nil: none) where their text is unchanged.
func newRendererMemo(in Input, search *searchMemo) (*renderer, error) {
	r := &renderer{cfg: in.Config, p: in.Project, searchMemo: search, figs: &sync.Map{}}
	if r.cfg == nil {
		r.cfg = config.Default()
	}
	if r.p == nil {
		r.p = &project.Project{}
	}
	a, err := loadAssets(in.Templates)
	if err != nil {
		return nil, err
	}
	r.assets = a
	r.baseURL = r.cfg.BaseURL
	r.discRep = &in.Discrepancy
	r.routes = routeSite(r.p, in)
	// The page list and its titles are made on a goroutine of their own
	// while the views below (to the item views) are made, which read
	// neither: on 200,000 items each half is a third of a second of one
	// core's time, with the other core idle.
	var pagesErr error
	listed := make(chan struct{})
	go func() {
		defer close(listed)
		if r.pages, pagesErr = r.routes.Pages(); pagesErr == nil {
			r.known = pageTitles(r.p, r.pages)
		}
	}()
	// Each view is made from the views before it. Three constructors also
	// attach to views made earlier, which fixes their order: newDiscSite
	// tells item views where they appear in disagreement lists,
	// newExpIndex gives case studies their verdicts and pairwise views
	// their comparisons, newKnowledge gives documents their terms, links
	// and evidence figures.
	r.iters, r.iterBy = newIterViews(r.p, in.Trends)
	r.current = currentOf(r.p, r.iters)
	r.metrics, r.metric = newMetricViews(r.p, in.Trends)
	r.dims, r.dim = newDimViews(r.p, r.cfg, in.Trends, in.Reliability)
	r.itemSite = newItemSite(r.routes.Items, r.p.Items, itemInputs{
		metricData: r.p.Metrics, dimData: r.p.Dimensions, cfg: r.cfg, unordered: r.p.Shape.Unordered(),
		iters: r.iters, iterBy: r.iterBy, metrics: r.metrics, dims: r.dims, templates: in.Templates,
	})
	// The search index reads the documents and the views above only: it
	// is built on goroutines of its own while the other views, and in
	// RenderTo the pages, are made.
	if <-listed; pagesErr != nil {
		return nil, pagesErr
	}
	r.startSearch()
	r.docs, r.byIter, r.byMetrc, r.byDim = newDocViews(r.p, r.iterBy, r.metric, r.dim, r.known)
	r.caseStudies = sync.OnceValue(func() []*docView { return docsOf(r.docs, r.p.CaseStudies) })
	r.disc = newDiscSite(discInputsOf(r))
	r.alertIndex = newAlertIndex(slices.Concat(in.Reliability.Alerts, in.Alerts), r.iterBy, r.metric, r.dim, r.known)
	r.pw = newPwSite(in.Preference, r.p.Pairwise, r.iterBy)
	r.expIndex = newExpIndex(in.Experiments, r.iterBy, r.metric, r.dim, r.pw, r.docs, r.alertIndex)
	r.boards = newBoards(in.Leaderboard, r.p.Shape, r.iterBy, r.metric, r.dim, r.pw.byDim)
	r.prefRep = in.Preference
	r.guides, r.refDate = r.p.Guidelines(), r.p.ReferenceDate()
	r.knowledgeIndex = newKnowledge(r.routes.Terms, allDocs(r.p, r.docs), r.docs, r.cfg,
		evidenceInputs{metrics: r.metrics, dims: r.dims, docs: r.docs, iters: r.iters, compIter: r.compIter})
	r.site = newSite(r.cfg, r.p, r.routes, len(r.alerts))
	r.timeline = sync.OnceValue(func() *timelineSet { return newTimelineSet(r.site, r.p, r.alerts) })
	return r, nil
}

// newSite returns what every page shows of the site: the config's title
// and analysis settings, and the nav of the route table.
func newSite(cfg *config.Config, p *project.Project, routes route.Site, alerts int) *site {
	return &site{
		Unordered:   p.Shape.Unordered(),
		Title:       cfg.Title,
		Description: cfg.Description,
		BaseURL:     cfg.BaseURL,
		CI:          bandName(cfg.Analysis.Confidence),
		Correction:  correctionName(cfg.Experiment.Correction),
		SliceWeight: sliceWeight(cfg.Experiment),
		Alpha:       cfg.Experiment.Alpha,
		Power:       cfg.Experiment.Power,
		Nav:         newNav(p, routes, alerts),
		Pairwise:    len(routes.Pairwise) > 0,
	}
}

// currentOf returns the iteration a project's pages open with (see
// renderer.current).
func currentOf(p *project.Project, iters []*iterView) *iterView {
	if !p.Shape.Unordered() {
		if len(iters) == 0 {
			return nil
		}
		return iters[len(iters)-1]
	}
	var cur *iterView
	for _, r := range p.Rounds() {
		cur = nil
		if r.Reference >= 0 {
			cur = iters[r.Reference]
		}
	}
	return cur
}

// iterIndex, metricIndex and dimIndex look views up by ID or name.
type (
	iterIndex   map[string]*iterView
	metricIndex map[string]*metricView
	dimIndex    map[string]*dimView
)

// newIterViews makes the iteration views, links each to its neighbours
// and baseline, and counts the metrics of rep with a point in each.
func newIterViews(p *project.Project, rep trend.Report) ([]*iterView, iterIndex) {
	var iters []*iterView
	by := make(iterIndex, len(p.Iterations))
	for i, it := range p.Iterations {
		v := &iterView{Iteration: it, ID: it.ID, Path: route.Iteration(it.ID)}
		if i > 0 {
			v.Prev = iters[i-1]
			v.Prev.Next = v
		}
		iters = append(iters, v)
		by[it.ID] = v
	}
	for _, v := range iters {
		v.Base = by[v.Baseline]
	}
	trends := metricTrends(rep)
	for _, m := range p.Metrics {
		for _, pt := range trends[m.Name].Points {
			if it := by[pt.Iteration]; it != nil {
				it.NMetrics++
			}
		}
	}
	return iters, by
}

// metricTrends indexes the metric trends of rep by name.
func metricTrends(rep trend.Report) map[string]trend.MetricTrend {
	trends := make(map[string]trend.MetricTrend, len(rep.Metrics))
	for _, t := range rep.Metrics {
		trends[t.Metric] = t
	}
	return trends
}

// newMetricViews makes the metric views, pairing each metric with its
// trend by name.
func newMetricViews(p *project.Project, rep trend.Report) ([]*metricView, metricIndex) {
	trends := metricTrends(rep)
	var metrics []*metricView
	by := make(metricIndex, len(p.Metrics))
	for _, m := range p.Metrics {
		v := &metricView{
			Name: m.Name, Label: cmp.Or(m.Label, m.Name), Description: m.Description, Unit: m.Unit,
			Direction: m.Direction.String(), Headline: m.Headline,
			Path: route.Metric(m.Name), Trend: trends[m.Name],
			at: map[string]*trend.MetricPoint{},
		}
		for i := range v.Trend.Points {
			pt := &v.Trend.Points[i]
			v.at[pt.Iteration] = pt
			v.Latest = pt
		}
		metrics = append(metrics, v)
		by[m.Name] = v
	}
	return metrics, by
}

// newDimViews makes the dimension views, pairing each dimension with its
// settings, its trend and its reliability by name.
func newDimViews(p *project.Project, cfg *config.Config, rep trend.Report, rel reliability.Report) ([]*dimView, dimIndex) {
	trends := make(map[string]trend.DimensionTrend, len(rep.Dimensions))
	for _, t := range rep.Dimensions {
		trends[t.Dimension] = t
	}
	var dims []*dimView
	by := make(dimIndex, len(p.Dimensions))
	for _, d := range p.Dimensions {
		dc := cfg.Dimension(d.Name)
		v := &dimView{
			Name: d.Name, Label: cmp.Or(d.Label, d.Name), Description: d.Description,
			Scale: string(d.Scale), Direction: cmp.Or(dc.Direction, "higher"), Numeric: d.Numeric, Labels: d.Labels, Min: dc.Min, Max: dc.Max,
			Path: route.Dimension(d.Name), Trend: trends[d.Name],
			Raters: raters(&d), at: map[string]*trend.DimensionPoint{},
		}
		for i := range v.Trend.Points {
			pt := &v.Trend.Points[i]
			v.at[pt.Iteration] = pt
			if pt.Iteration != "" || v.Latest == nil {
				v.Latest = pt
			}
		}
		dims = append(dims, v)
		by[d.Name] = v
	}
	for i := range rel.Dimensions {
		if d := by[rel.Dimensions[i].Dimension]; d != nil {
			d.Rel = &rel.Dimensions[i]
		}
	}
	return dims, by
}

// raters returns the distinct raters of ratings, sorted.
// The rater column's ids are marked, not each rating's view made (At) and
// looked up by name: a table may name raters no rating has left (a filter
// keeps the tables whole), and those are not the dimension's.
func raters(d *project.Dimension) []string {
	seen := map[string]bool{}
	var out []string
	rs := &d.Ratings
	if rs.Len() > 0 {
		names := rs.Raters.Names()
		has := make([]bool, len(names))
		for _, id := range rs.Rater {
			has[id] = true
		}
		for id, ok := range has {
			if ok && !seen[names[id]] {
				seen[names[id]] = true
				out = append(out, names[id])
			}
		}
	}
	for _, rm := range d.RaterMoments { // a dimension given as aggregates
		if !seen[rm.Rater] && rm.N > 0 {
			seen[rm.Rater] = true
			out = append(out, rm.Rater)
		}
	}
	slices.Sort(out)
	return out
}

// newDocViews makes the document views, newest first, resolves their
// references against the views and the known pages, and indexes them by
// slug and by the iterations, metrics and dimensions their front matter
// names.
func newDocViews(p *project.Project, iterBy iterIndex, metric metricIndex, dim dimIndex,
	known map[string]string) (docs map[string]*docView, byIter, byMetric, byDim map[string][]*docView) {
	docs = map[string]*docView{}
	byIter = map[string][]*docView{}
	byMetric = map[string][]*docView{}
	byDim = map[string][]*docView{}
	// Pointers to the documents, sorted as project.SortNewestFirst sorts
	// them: the documents are large, and not copied.
	all := slices.AppendSeq(make([]*project.Document, 0, len(p.CaseStudies)+len(p.Pages)), p.Documents())
	slices.SortStableFunc(all, project.NewestFirst)
	for _, d := range all {
		v := &docView{Document: d, Path: route.Doc(d.Slug)}
		v.Iterations = iterBy.refs(d.Meta.Iterations)
		for _, name := range d.Meta.Metrics {
			v.Metrics = append(v.Metrics, metric.ref(name))
		}
		for _, name := range d.Meta.Dimensions {
			v.Dimensions = append(v.Dimensions, dim.ref(name))
		}
		index(byIter, d.Meta.Iterations, v)
		index(byMetric, d.Meta.Metrics, v)
		index(byDim, d.Meta.Dimensions, v)
		docs[d.Slug] = v
	}
	for _, v := range docs {
		for _, e := range v.Meta.Evidence {
			v.Evidence = append(v.Evidence, evidenceRef(e, known))
		}
	}
	return docs, byIter, byMetric, byDim
}

// index lists v under each distinct name of names.
func index(by map[string][]*docView, names []string, v *docView) {
	names = slices.Clone(names)
	slices.Sort(names)
	for _, name := range slices.Compact(names) {
		by[name] = append(by[name], v)
	}
}

// refs links iteration IDs to their pages.
func (by iterIndex) refs(ids []string) []ref {
	out := make([]ref, 0, len(ids))
	for _, id := range ids {
		x := ref{Name: id, Label: id}
		if it := by[id]; it != nil {
			x.Path = it.Path
		}
		out = append(out, x)
	}
	return out
}

// ref links a metric name to its page.
func (by metricIndex) ref(name string) ref {
	if m := by[name]; m != nil {
		return ref{Name: name, Label: m.Label, Path: m.Path}
	}
	return ref{Name: name, Label: name}
}

// ref links a dimension name to its page.
func (by dimIndex) ref(name string) ref {
	if d := by[name]; d != nil {
		return ref{Name: name, Label: d.Label, Path: d.Path}
	}
	return ref{Name: name, Label: name}
}

// evidenceRef turns an evidence entry of a decision into a link: a
// site-rooted path ("/casestudies/grounding.md") or a URL. The Path of a
// site-rooted entry is relative to the site root, and Markdown paths become
// their pages, as in Markdown bodies; a path to no page of the site is shown
// without a link.
func evidenceRef(e string, known map[string]string) ref {
	x := ref{Name: e, Label: e}
	switch {
	case strings.HasPrefix(e, "/") && !strings.HasPrefix(e, "//"):
		x.Label = strings.TrimPrefix(e, "/")
		p := strings.TrimPrefix(markdown.RewriteURL(e, "", true), "./")
		if title, ok := known[strings.SplitN(p, "#", 2)[0]]; ok {
			x.Path, x.Label = p, title
		}
	case strings.HasPrefix(e, "https://") || strings.HasPrefix(e, "http://"):
		x.Name = "url"
		x.Path = e
	}
	return x
}

// newNav returns the navigation bar: the generated sections the route
// table has, the alerts with their count, then the content pages (not
// decisions) of p that have a non-zero weight, lighter first.
func newNav(p *project.Project, routes route.Site, alerts int) []navLink {
	nav := []navLink{
		{"Dashboard", route.Dashboard, "dashboard"},
		{"Iterations", route.Iterations, "iterations"},
	}
	if p.Shape.Unordered() {
		nav[1].Title = "Systems"
	}
	if routes.Boards > 0 {
		nav = append(nav, navLink{"Leaderboard", route.Leaderboards, "leaderboard"})
	}
	nav = append(nav, []navLink{
		{"Metrics", route.Metrics, "metrics"},
		{"Human ratings", route.Dimensions, "dimensions"},
	}...)
	if routes.Discrepancy {
		nav = append(nav, navLink{"Discrepancy", route.DiscrepancyIndex, "discrepancy"})
	}
	if len(routes.Pairwise) > 0 {
		nav = append(nav, navLink{"Side by side", route.Pairwise(routes.Pairwise[0]), "pairwise"})
	}
	nav = append(nav,
		navLink{"Case studies", route.CaseStudies, "casestudies"},
		navLink{"Decisions", route.Decisions, "decisions"},
	)
	if len(routes.Items) > 0 {
		nav = append(nav, navLink{"Items", route.Items, "items"})
	}
	if routes.Sources {
		nav = append(nav, navLink{"Data", route.Sources, "sources"})
	}
	if n := alerts; n > 0 {
		nav = append(nav, navLink{fmt.Sprintf("Alerts (%d)", n), route.Alerts, "alerts"})
	}
	nav = append(nav, navLink{"Timeline", route.Timeline, "timeline"}, navLink{"Search", route.Search, "search"})
	var pages []project.Document
	for _, d := range p.Pages {
		if d.Kind != project.Decision && d.Meta.Weight != 0 {
			pages = append(pages, d)
		}
	}
	slices.SortStableFunc(pages, func(a, b project.Document) int {
		return cmp.Or(cmp.Compare(a.Meta.Weight, b.Meta.Weight),
			strings.Compare(a.Meta.Title, b.Meta.Title), strings.Compare(a.Slug, b.Slug))
	})
	for _, d := range pages {
		nav = append(nav, navLink{d.Meta.Title, route.Doc(d.Slug), "page:" + d.Slug})
	}
	return nav
}
