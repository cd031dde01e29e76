package render

import (
	"cmp"
	"fmt"
	"github.com/evalbook/evalbook/internal/alert"
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

// renderer holds the views shared by every page of one Render. It is built
// once and only read afterwards, so pages render in parallel.
type renderer struct {
	cfg    *config.Config
	p      *project.Project
	site   *site
	assets *assets

	routes route.Site        // the names that decide the site's pages
	pages  []route.Page      // every page of the site, in job order
	known  map[string]string // site path of every page -> a short title (pageTitles)

	iters   []*iterView
	metrics []*metricView
	dims    []*dimView
	iterBy  map[string]*iterView
	metric  map[string]*metricView
	dim     map[string]*dimView
	docs    map[string]*docView // by slug
	byIter  map[string][]*docView
	byMetrc map[string][]*docView
	byDim   map[string][]*docView

	items []*itemView          // item pages, sorted by ID
	item  map[string]*itemView // by item ID
	// itemMetrics are the metrics with per-item values, the columns of the
	// item pages' tables (a metric measured per iteration has no column);
	// itemColumn maps a metric's index in p.Metrics to its column, or -1.
	itemMetrics []*metricView
	itemColumn  []int
	// itemRows gathers the item views' rows, grids, gold answers and
	// counts (gatherRows) the first time a page needs them: a render that
	// redoes no item page and not the item index never walks the values
	// and ratings for them.
	itemRows sync.Once
	// itemsWanted, when not nil, limits the rows and grids gathered to
	// the items it names: the item pages a cached render redoes (the
	// counts are gathered for every item).
	itemsWanted map[string]bool
	// timeline holds the timeline's events, index and chart, made the
	// first time a page of it or its JSON needs them (timeline.go).
	timeline     timelineSet
	timelineOnce sync.Once
	searchMemo   *searchMemo // nil: every search entry is made anew
	alerts       []alertView // every alert, most severe first
	// alertsBySubject and alertsByIteration index alerts, in that order,
	// by Subject and by Iteration.
	alertsBySubject   map[alert.Subject][]alertView
	alertsByIteration map[string][]alertView

	compIter map[string][]*compView // comparisons by iteration ID, in report order
	compSubj map[string][]*compView // comparisons by subjectKey, in report order
	verdicts []*verdictView         // case-study verdicts, in report order

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
	search  *searchIndex      // the search index (search.go)
	// The knowledge base (knowledge.go): taxonomies and their terms, the
	// versions of the guidelines, the date overdue is measured against.
	taxes   []*taxView
	taxBy   map[string]*taxView
	term    map[[2]string]*termView
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
	r := &renderer{cfg: in.Config, p: in.Project, searchMemo: search}
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
	r.discRep = &in.Discrepancy
	r.routes = routeSite(r.p, in)
	if r.pages, err = r.routes.Pages(); err != nil {
		return nil, err
	}
	r.known = pageTitles(r.p, r.pages)
	r.buildIterations()
	r.buildMetrics(in.Trends)
	r.buildDimensions(in.Trends)
	r.attachReliability(in.Reliability)
	r.buildItems()
	r.buildDocs()
	r.buildDiscrepancy()
	r.buildAlerts(slices.Concat(in.Reliability.Alerts, in.Alerts))
	r.buildPairwise(in.Preference)
	r.attachExperiments(in.Experiments)
	r.buildLeaderboards(in.Leaderboard)
	r.prefRep = in.Preference
	if r.search, err = r.buildSearch(); err != nil {
		return nil, err
	}
	r.buildKnowledge()
	r.site = &site{
		Unordered:   r.p.Shape.Unordered(),
		Title:       r.cfg.Title,
		Description: r.cfg.Description,
		BaseURL:     r.cfg.BaseURL,
		CI:          bandName(r.cfg.Analysis.Confidence),
		Correction:  correctionName(r.cfg.Experiment.Correction),
		SliceWeight: sliceWeight(r.cfg.Experiment),
		Alpha:       r.cfg.Experiment.Alpha,
		Power:       r.cfg.Experiment.Power,
		Nav:         r.nav(),
		Pairwise:    len(r.routes.Pairwise) > 0,
	}
	return r, nil
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

// buildIterations makes the iteration views and links each to its
// neighbours and baseline.
func (r *renderer) buildIterations() {
	r.iterBy = make(map[string]*iterView, len(r.p.Iterations))
	for i, it := range r.p.Iterations {
		v := &iterView{Iteration: it, Path: route.Iteration(it.ID)}
		if i > 0 {
			v.Prev = r.iters[i-1]
			v.Prev.Next = v
		}
		r.iters = append(r.iters, v)
		r.iterBy[it.ID] = v
	}
	for _, v := range r.iters {
		v.Base = r.iterBy[v.Baseline]
	}
	r.current = currentOf(r.p, r.iters)
}

// buildMetrics makes the metric views, pairing each metric with its trend
// by name, and counts the metrics of each iteration.
func (r *renderer) buildMetrics(rep trend.Report) {
	trends := make(map[string]trend.MetricTrend, len(rep.Metrics))
	for _, t := range rep.Metrics {
		trends[t.Metric] = t
	}
	r.metric = make(map[string]*metricView, len(r.p.Metrics))
	for _, m := range r.p.Metrics {
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
			if it := r.iterBy[pt.Iteration]; it != nil {
				it.NMetrics++
			}
		}
		r.metrics = append(r.metrics, v)
		r.metric[m.Name] = v
	}
}

// buildDimensions makes the dimension views, pairing each dimension with
// its trend by name.
func (r *renderer) buildDimensions(rep trend.Report) {
	trends := make(map[string]trend.DimensionTrend, len(rep.Dimensions))
	for _, t := range rep.Dimensions {
		trends[t.Dimension] = t
	}
	r.dim = make(map[string]*dimView, len(r.p.Dimensions))
	for _, d := range r.p.Dimensions {
		dc := r.cfg.Dimension(d.Name)
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
		r.dims = append(r.dims, v)
		r.dim[d.Name] = v
	}
}

// raters returns the distinct raters of ratings, sorted.
func raters(d *project.Dimension) []string {
	seen := map[string]bool{}
	var out []string
	for _, rt := range d.Ratings {
		if !seen[rt.Rater] {
			seen[rt.Rater] = true
			out = append(out, rt.Rater)
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

// buildDocs makes the document views, newest first, resolves their
// references and indexes them by the iterations, metrics and dimensions
// their front matter names.
func (r *renderer) buildDocs() {
	r.docs = map[string]*docView{}
	r.byIter = map[string][]*docView{}
	r.byMetrc = map[string][]*docView{}
	r.byDim = map[string][]*docView{}
	all := slices.Concat(r.p.CaseStudies, r.p.Pages)
	project.SortNewestFirst(all)
	for i := range all {
		d := &all[i]
		v := &docView{Document: d, Path: route.Doc(d.Slug)}
		v.Iterations = r.iterRefs(d.Meta.Iterations)
		for _, name := range d.Meta.Metrics {
			v.Metrics = append(v.Metrics, r.metricRef(name))
		}
		for _, name := range d.Meta.Dimensions {
			v.Dimensions = append(v.Dimensions, r.dimRef(name))
		}
		index(r.byIter, d.Meta.Iterations, v)
		index(r.byMetrc, d.Meta.Metrics, v)
		index(r.byDim, d.Meta.Dimensions, v)
		r.docs[d.Slug] = v
	}
	for _, v := range r.docs {
		for _, e := range v.Meta.Evidence {
			v.Evidence = append(v.Evidence, evidenceRef(e, r.known))
		}
	}
}

// index lists v under each distinct name of names.
func index(by map[string][]*docView, names []string, v *docView) {
	names = slices.Clone(names)
	slices.Sort(names)
	for _, name := range slices.Compact(names) {
		by[name] = append(by[name], v)
	}
}

// iterRefs links iteration IDs to their pages.
func (r *renderer) iterRefs(ids []string) []ref {
	out := make([]ref, 0, len(ids))
	for _, id := range ids {
		x := ref{Name: id, Label: id}
		if it := r.iterBy[id]; it != nil {
			x.Path = it.Path
		}
		out = append(out, x)
	}
	return out
}

// metricRef links a metric name to its page.
func (r *renderer) metricRef(name string) ref {
	if m := r.metric[name]; m != nil {
		return ref{Name: name, Label: m.Label, Path: m.Path}
	}
	return ref{Name: name, Label: name}
}

// dimRef links a dimension name to its page.
func (r *renderer) dimRef(name string) ref {
	if d := r.dim[name]; d != nil {
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

// nav returns the navigation bar: the generated sections, then the content
// pages (not decisions) that have a non-zero weight, lighter first.
func (r *renderer) nav() []navLink {
	nav := []navLink{
		{"Dashboard", route.Dashboard, "dashboard"},
		{"Iterations", route.Iterations, "iterations"},
	}
	if r.p.Shape.Unordered() {
		nav[1].Title = "Systems"
	}
	if r.routes.Boards > 0 {
		nav = append(nav, navLink{"Leaderboard", route.Leaderboards, "leaderboard"})
	}
	nav = append(nav, []navLink{
		{"Metrics", route.Metrics, "metrics"},
		{"Human ratings", route.Dimensions, "dimensions"},
	}...)
	if r.routes.Discrepancy {
		nav = append(nav, navLink{"Discrepancy", route.DiscrepancyIndex, "discrepancy"})
	}
	if len(r.routes.Pairwise) > 0 {
		nav = append(nav, navLink{"Side by side", route.Pairwise(r.routes.Pairwise[0]), "pairwise"})
	}
	nav = append(nav,
		navLink{"Case studies", route.CaseStudies, "casestudies"},
		navLink{"Decisions", route.Decisions, "decisions"},
	)
	if len(r.routes.Items) > 0 {
		nav = append(nav, navLink{"Items", route.Items, "items"})
	}
	if r.routes.Sources {
		nav = append(nav, navLink{"Data", route.Sources, "sources"})
	}
	if n := len(r.alerts); n > 0 {
		nav = append(nav, navLink{fmt.Sprintf("Alerts (%d)", n), route.Alerts, "alerts"})
	}
	nav = append(nav, navLink{"Timeline", route.Timeline, "timeline"}, navLink{"Search", route.Search, "search"})
	var pages []project.Document
	for _, d := range r.p.Pages {
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
