package render

import (
	"fmt"
	"github.com/evalbook/evalbook/internal/route"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/evalbook/evalbook/internal/chart"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/reliability"
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
	var b strings.Builder
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

// newPage returns a page at the site path p.
func (r *renderer) newPage(p, title, section string, data any) *page {
	pg := &page{
		Site: r.site, Title: title, Path: p, Section: section, Data: data,
		Root: strings.Repeat("../", strings.Count(p, "/")), assets: r.assets,
	}
	if base := r.cfg.BaseURL; base != "" {
		pg.Canonical = strings.TrimSuffix(base, "/") + "/" + p
	}
	return pg
}

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
		j.page = func() (*page, error) { return r.dashboard(p) }
	case route.KindIterations:
		j.page = func() (*page, error) { return r.iterationIndex(p) }
	case route.KindMetrics:
		j.page = func() (*page, error) { return r.metricIndex(p) }
	case route.KindDimensions:
		j.page = func() (*page, error) { return r.dimensionIndex(p) }
	case route.KindCaseStudies:
		n := pg.Number
		j.page = func() (*page, error) { return r.caseStudyIndex(p, n) }
	case route.KindDecisions:
		j.page = func() (*page, error) { return r.decisionIndex(p) }
	case route.KindNotFound:
		j.page = func() (*page, error) { return r.notFound(p) }
	case route.KindItems:
		j.page = func() (*page, error) { return r.itemIndex(p) }
	case route.KindAlerts:
		j.page = func() (*page, error) { return r.alertsPage(p) }
	case route.KindSources:
		j.page = func() (*page, error) { return r.sourcesPage(p) }
	case route.KindSearch:
		j.page = func() (*page, error) { return r.searchPage(p), nil }
	case route.KindTimeline:
		n := pg.Number
		j.page = func() (*page, error) { return r.timelinePage(p, n) }
	case route.KindFollowUps:
		j.page = func() (*page, error) { return r.followUpsPage(p), nil }
	case route.KindTaxonomy, route.KindTerm:
		j.kind = "taxonomy"
		j.page = func() (*page, error) { return r.taxonomyPage(p, pg.Name, pg.Term, pg.Number), nil }
	case route.KindIteration:
		it := r.iterBy[pg.Name]
		if n := pg.Number; n > 1 {
			j.kind = "iterdocs"
			j.page = func() (*page, error) { return r.iterationDocs(it, p, n), nil }
			break
		}
		j.page = func() (*page, error) { return r.iteration(it) }
	case route.KindMetric:
		m := r.metric[pg.Name]
		j.page = func() (*page, error) { return r.metricPage(m) }
	case route.KindDimension:
		d := r.dim[pg.Name]
		j.page = func() (*page, error) { return r.dimensionPage(d) }
	case route.KindItem:
		v := r.item[pg.Name]
		j.page = func() (*page, error) { return r.itemPage(v), nil }
	case route.KindDoc:
		v := r.docs[pg.Name]
		j.deps = DocDeps(v.Document)
		j.kind = "page"
		if v.Kind == project.CaseStudy {
			j.kind = "casestudy"
		}
		j.page = func() (*page, error) { return r.docPage(v) }
	case route.KindRounds:
		j.kind = "leaderboard"
		j.page = func() (*page, error) {
			return r.newPage(p, "Rounds", "leaderboard", &leaderboardData{Rounds: r.boards}), nil
		}
	case route.KindLeaderboard:
		b := r.boardAt(p)
		j.page = func() (*page, error) {
			return r.newPage(b.Path, b.Title, "leaderboard", &leaderboardData{Board: b}), nil
		}
	case route.KindDiscrepancyIndex:
		j.kind = "discrepancies"
		j.page = func() (*page, error) { return r.discMatrixPage(p, matrixPooled, "") }
	case route.KindDiscrepancySystem:
		j.kind = "discrepancies"
		j.page = func() (*page, error) { return r.discMatrixPage(p, matrixSystem, "") }
	case route.KindDiscrepancyIter:
		j.kind = "discrepancies"
		j.page = func() (*page, error) { return r.discMatrixPage(p, matrixIteration, pg.Name) }
	case route.KindDiscrepancyPair:
		j.kind = "discrepancy"
		pair := r.disc.pair[[2]string{pg.Name, pg.Dimension}]
		j.page = func() (*page, error) { return r.pairPage(pair) }
	case route.KindPairwise:
		v := r.pw.byDim[pg.Name]
		j.page = func() (*page, error) {
			return r.newPage(v.Path, v.Label+": side by side", "pairwise", &pwData{Dim: v}), nil
		}
	case route.KindPairwiseItem:
		j.page = func() (*page, error) { return r.pwItemPage(pg.Dimension, pg.Name), nil }
	default:
		j.page = func() (*page, error) { return nil, fmt.Errorf("no page builder for pages of kind %q", pg.Kind) }
	}
	return j
}

// dashboardData is the data of the dashboard.
type dashboardData struct {
	Alerts *alertPanel // the current iteration's warnings and errors (alerts.go); nil for none
	// Latest is renderer.current: the latest iteration of a timeline, the
	// reference of unordered systems; nil when there is none.
	Latest *iterView
	// Board is the leaderboard a project of systems opens with (the last
	// round's, for rounds), in place of the latest iteration and its
	// cards; nil for a timeline.
	Board       *boardView
	Cards       []metricCard
	Dimensions  []dimSummary
	Decisions   []*docView // newest first, at most latestDocs
	CaseStudies []*docView
	Discrepancy *discSummary // nil when the site has no discrepancy pages
	// Verdict is the latest iteration against its target; nil when it has
	// no comparisons.
	Verdict *verdictPanel
	// Sources notes skipped input, with a link to the data-quality page;
	// nil when nothing was skipped.
	Sources *sourcesNote
}

// metricCard is one headline metric on the dashboard.
type metricCard struct {
	Metric *metricView
	Point  *trend.MetricPoint // the metric's latest point, nil when it has none
	Comp   *compView          // the point's iteration against its target, nil when none
	Spark  template.HTML
}

// dimSummary is one dimension's state in one iteration.
type dimSummary struct {
	Dim   *dimView
	Point *trend.DimensionPoint // nil when the iteration has no ratings
	Top   *trend.Count          // most frequent value of a label dimension
	// Comp is the iteration against its target on this dimension, nil when
	// not compared; Rel the dimension's agreement record in the iteration,
	// nil when none.
	Comp *compView
	Rel  *reliability.Record
}

// latestDocs is how many decisions and case studies the dashboard lists.
const latestDocs = 5

// dashboard builds index.html.
func (r *renderer) dashboard(p string) (*page, error) {
	d := &dashboardData{Alerts: r.alertPanel(), Discrepancy: r.dashboardDisc(), Latest: r.current, Sources: r.sourcesNote()}
	if n := len(r.boards); n > 0 {
		d.Board = r.boards[n-1]
	}
	head := slices.DeleteFunc(slices.Clone(r.metrics), func(m *metricView) bool { return !m.Headline })
	if len(head) == 0 {
		head = r.metrics
	}
	if d.Latest != nil {
		v, err := r.verdictPanel(d.Latest)
		if err != nil {
			return nil, err
		}
		d.Verdict = v
	}
	pg := r.newPage(p, "Dashboard", "dashboard", d)
	var cp chart.Page
	for _, m := range head {
		c := r.card(m)
		if len(m.Trend.Points) > 1 {
			h, err := sparkline(&cp, m)
			if err != nil {
				return nil, err
			}
			c.Spark = h // inline SVG: no echarts
		}
		d.Cards = append(d.Cards, c)
	}
	for _, dm := range r.dims {
		d.Dimensions = append(d.Dimensions, r.summarise(dm, dm.Latest))
	}
	d.Decisions = r.docsOf(r.p.Decisions())
	d.CaseStudies = r.docsOf(r.p.CaseStudies)
	d.Decisions = d.Decisions[:min(len(d.Decisions), latestDocs)]
	d.CaseStudies = d.CaseStudies[:min(len(d.CaseStudies), latestDocs)]
	return pg, nil
}

// card returns a metric's card: its latest point, and that iteration
// against its target; for unordered systems, the point of the system the
// last leaderboard ranks first (none when no board ranks the metric).
func (r *renderer) card(m *metricView) metricCard {
	c := metricCard{Metric: m, Point: m.Latest}
	if r.p.Shape.Unordered() {
		c.Point = nil
		if n := len(r.boards); n > 0 {
			for _, s := range r.boards[n-1].Subjects {
				if s.Kind == kindMetric && s.Name == m.Name && len(s.Rows) > 0 {
					c.Point = m.At(s.Rows[0].System)
				}
			}
		}
	}
	if m.Latest != nil {
		c.Comp = r.compOf(m.Latest.Iteration, kindMetric, m.Name)
	}
	return c
}

// compOf returns the comparison of iteration id against its target on one
// subject, or nil.
func (r *renderer) compOf(id, kind, name string) *compView {
	for _, c := range r.compIter[id] {
		if c.Kind == kind && c.Subject == name {
			return c
		}
	}
	return nil
}

// summarise describes a dimension's point: the top label, the iteration's
// comparison with its target and its agreement record.
func (r *renderer) summarise(d *dimView, pt *trend.DimensionPoint) dimSummary {
	s := summarise(d, pt)
	if pt == nil || pt.Iteration == "" {
		return s
	}
	s.Comp = r.compOf(pt.Iteration, kindDimension, d.Name)
	if d.Rel != nil {
		s.Rel = iterationRecord(d.Rel, pt.Iteration)
	}
	return s
}

// summarise describes a dimension's point, picking the top label.
func summarise(d *dimView, pt *trend.DimensionPoint) dimSummary {
	s := dimSummary{Dim: d, Point: pt}
	if pt == nil {
		return s
	}
	for i := range pt.Distribution {
		c := &pt.Distribution[i]
		if c.N > 0 && (s.Top == nil || c.N > s.Top.N) {
			s.Top = c
		}
	}
	return s
}

// docsOf returns the views of docs, in the same order.
func (r *renderer) docsOf(docs []project.Document) []*docView {
	out := make([]*docView, 0, len(docs))
	for _, d := range docs {
		out = append(out, r.docs[d.Slug])
	}
	return out
}

// iterationsData is the data of the iteration index.
type iterationsData struct {
	Iterations []*iterView
	Rounds     bool // the project's shape is rounds: show each system's round
}

// iterationIndex builds iterations/index.html: "Systems" for an unordered
// project.
func (r *renderer) iterationIndex(p string) (*page, error) {
	title := "Iterations"
	if r.p.Shape.Unordered() {
		title = "Systems"
	}
	return r.newPage(p, title, "iterations", &iterationsData{r.iters, r.p.Shape == project.ShapeRounds}), nil
}

// iterationData is the data of an iteration's page.
type iterationData struct {
	Iteration   *iterView
	Alerts      []alertView // about this iteration, most severe first
	Verdict     *verdictPanel
	Comparisons *compTable // nil when the iteration has no comparisons
	Metrics     []metricRow
	SliceNames  []string   // columns of the slice table, sorted
	Slices      []sliceRow // one per metric with slices
	Dimensions  []dimSummary
	Documents   []*docView // newest first
	// Knowledge groups the documents about the iteration: case studies,
	// decisions, investigations, guideline versions in force from it.
	Knowledge []docGroup
	// Pager is set when the documents about the iteration take more than
	// route.PerPage rows; Knowledge then holds the first page's
	// (route.IterationPage).
	Pager *pagerView
	// Board is the leaderboard that ranks the system (unordered projects;
	// nil otherwise), Ranks the system's row on each of its subjects.
	Board *boardView
	Ranks []systemRank
	// Pairwise is the iteration's head-to-head record against each
	// opponent on every pairwise dimension.
	Pairwise []pwSystemRow
}

// systemRank is a system's place on one subject's ranking.
type systemRank struct {
	Subject *subjectBoard
	Row     boardRow
}

// metricRow is a metric's point on an iteration page.
type metricRow struct {
	Metric *metricView
	Point  *trend.MetricPoint
	Prev   string // the iteration Point.DeltaPrev is against, "" when none
}

// sliceRow is one row of a slice table: a label and one cell per column,
// nil where the column has no value.
type sliceRow struct {
	Label string
	Path  string
	Unit  string
	Cells []*trend.SliceStat
}

// iteration builds the page of one iteration.
func (r *renderer) iteration(it *iterView) (*page, error) {
	d := &iterationData{Iteration: it, Documents: r.byIter[it.ID], Alerts: r.alertsIn(it.ID), Comparisons: r.comparisons(it.ID)}
	d.Knowledge, d.Pager = r.iterKnowledgePage(it.ID, 1)
	v, err := r.verdictPanel(it)
	if err != nil {
		return nil, err
	}
	d.Verdict = v
	d.Pairwise = r.pwOfSystem(it.ID)
	names := map[string]bool{}
	for _, m := range r.metrics {
		pt := m.At(it.ID)
		if pt == nil {
			continue
		}
		d.Metrics = append(d.Metrics, metricRow{m, pt, m.prevOf(pt)})
		for _, s := range pt.Slices {
			names[s.Slice] = true
		}
	}
	d.SliceNames = sortedSet(names)
	for _, row := range d.Metrics {
		if len(row.Point.Slices) == 0 {
			continue
		}
		sr := sliceRow{Label: row.Metric.Label, Path: row.Metric.Path, Unit: row.Metric.Unit}
		for _, name := range d.SliceNames {
			sr.Cells = append(sr.Cells, sliceAt(row.Point.Slices, name))
		}
		d.Slices = append(d.Slices, sr)
	}
	for _, dm := range r.dims {
		d.Dimensions = append(d.Dimensions, r.summarise(dm, dm.At(it.ID)))
	}
	if !r.p.Shape.Unordered() {
		return r.newPage(it.Path, "Iteration "+it.ID, "iterations", d), nil
	}
	if d.Board = r.boardOf(it.ID); d.Board != nil {
		for i := range d.Board.Subjects {
			s := &d.Board.Subjects[i]
			for _, row := range s.Rows {
				if row.System == it.ID {
					d.Ranks = append(d.Ranks, systemRank{s, row})
				}
			}
		}
	}
	return r.newPage(it.Path, "System "+it.ID, "iterations", d), nil
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

// metricsData is the data of the metric index.
type metricsData struct {
	Metrics []metricCard
}

// metricIndex builds metrics/index.html.
func (r *renderer) metricIndex(p string) (*page, error) {
	d := &metricsData{}
	pg := r.newPage(p, "Metrics", "metrics", d)
	var cp chart.Page
	for _, m := range r.metrics {
		c := r.card(m)
		if len(m.Trend.Points) > 1 {
			h, err := sparkline(&cp, m)
			if err != nil {
				return nil, err
			}
			c.Spark = h // inline SVG: no echarts
		}
		d.Metrics = append(d.Metrics, c)
	}
	return pg, nil
}

// metricData is the data of a metric's page.
type metricData struct {
	Metric      *metricView
	Chart       template.HTML
	Thresholds  thresholdView
	Alerts      []alertView // about this metric, most severe first
	Comparisons []*compView // this metric's comparisons, iterations in series order
	Points      []pointRow
	Columns     []*iterView // iterations of the slice table, in series order
	Slices      []sliceRow  // one per slice value
	Documents   []*docView  // documents whose front matter names the metric
	Pairs       []pairLink  // the metric's pairs with rating dimensions
}

// pointRow is one iteration's point in a metric's table.
type pointRow struct {
	Iteration *iterView // nil for an iteration outside the series
	ID        string
	Point     *trend.MetricPoint
	Prev      string // the iteration Point.DeltaPrev is against, "" when none
}

// metricPage builds the page of one metric.
func (r *renderer) metricPage(m *metricView) (*page, error) {
	d := &metricData{
		Metric: m, Documents: r.byMetrc[m.Name], Alerts: r.alertsAbout(kindMetric, m.Name),
		Thresholds:  thresholdView{Thresholds: r.cfg.Metric(m.Name).Thresholds, Unit: m.Unit},
		Comparisons: r.compSubj[subjectKey(kindMetric, m.Name)], Pairs: r.metricPairs(m.Name),
	}
	pg := r.newPage(m.Path, m.Label, "metrics", d)
	names := map[string]bool{}
	for i := range m.Trend.Points {
		pt := &m.Trend.Points[i]
		d.Points = append(d.Points, pointRow{r.iterBy[pt.Iteration], pt.Iteration, pt, m.prevOf(pt)})
		for _, s := range pt.Slices {
			names[s.Slice] = true
		}
	}
	if len(names) > 0 {
		d.Columns, d.Slices = r.sliceTable(m, sortedSet(names))
	}
	if len(m.Trend.Points) > 0 {
		var cp chart.Page
		h, err := metricChart(&cp, m, r.cfg.Analysis.Confidence, thresholdLines(d.Thresholds.Thresholds), marks(d.Alerts))
		if err != nil {
			return nil, err
		}
		d.Chart, pg.Charts = h, true
	}
	return pg, nil
}

// sliceTable lays a metric's slice means out with slices as rows and the
// iterations that have slices as columns.
func (r *renderer) sliceTable(m *metricView, names []string) ([]*iterView, []sliceRow) {
	var cols []*iterView
	var pts []*trend.MetricPoint
	for i := range m.Trend.Points {
		pt := &m.Trend.Points[i]
		if len(pt.Slices) == 0 {
			continue
		}
		it := r.iterBy[pt.Iteration]
		if it == nil {
			it = &iterView{Iteration: project.Iteration{ID: pt.Iteration}}
		}
		cols, pts = append(cols, it), append(pts, pt)
	}
	rows := make([]sliceRow, 0, len(names))
	for _, name := range names {
		row := sliceRow{Label: name, Unit: m.Unit}
		for _, pt := range pts {
			row.Cells = append(row.Cells, sliceAt(pt.Slices, name))
		}
		rows = append(rows, row)
	}
	return cols, rows
}

// dimensionsData is the data of the dimension index.
type dimensionsData struct {
	Dimensions []dimSummary // each with its latest point
}

// dimensionIndex builds dimensions/index.html.
func (r *renderer) dimensionIndex(p string) (*page, error) {
	d := &dimensionsData{}
	for _, dm := range r.dims {
		d.Dimensions = append(d.Dimensions, summarise(dm, dm.Latest))
	}
	return r.newPage(p, "Human ratings", "dimensions", d), nil
}

// dimensionData is the data of a dimension's page.
type dimensionData struct {
	Dim          *dimView
	MeanChart    template.HTML // numeric dimensions with points in the series
	DistChart    template.HTML
	Values       []string // the distribution's values, the table's last columns
	Points       []dimRow
	Documents    []*docView
	NoIterations bool      // some ratings name no iteration
	Rel          *relPanel // nil when the dimension has no reliability figures
	Thresholds   thresholdView
	Alerts       []alertView // about this dimension, most severe first
	Comparisons  []*compView // numeric dimensions: the comparisons, iterations in series order
	Pairs        []pairLink  // the dimension's pairs with metrics
	// Guides are the runs of iterations rated under each version of the
	// guidelines (nil when the project states none for the dimension);
	// PendingGuides the versions not in force yet.
	Guides        []guideRun
	PendingGuides []*docView
}

// dimRow is one point of a dimension's table.
type dimRow struct {
	Iteration *iterView // nil for ratings without an iteration, or one outside the series
	ID        string
	Point     *trend.DimensionPoint
	Prev      string // the iteration Point.DeltaPrev is against, "" when none
}

// dimensionPage builds the page of one rating dimension.
func (r *renderer) dimensionPage(dm *dimView) (*page, error) {
	d := &dimensionData{
		Dim: dm, Alerts: r.alertsAbout(kindDimension, dm.Name),
		Comparisons: r.compSubj[subjectKey(kindDimension, dm.Name)], Pairs: r.dimPairs(dm.Name),
	}
	if dm.Numeric {
		d.Thresholds = thresholdView{Thresholds: r.cfg.Dimension(dm.Name).Thresholds()}
	}
	pg := r.newPage(dm.Path, dm.Label, "dimensions", d)
	prev := ""
	for i := range dm.Trend.Points {
		pt := &dm.Trend.Points[i]
		row := dimRow{r.iterBy[pt.Iteration], pt.Iteration, pt, ""}
		if pt.DeltaPrev != nil {
			row.Prev = prev
		}
		if pt.Iteration != "" && pt.Mean != nil {
			prev = pt.Iteration
		}
		d.Points = append(d.Points, row)
		d.NoIterations = d.NoIterations || pt.Iteration == ""
	}
	if len(dm.Trend.Points) > 0 {
		for _, c := range dm.Trend.Points[0].Distribution {
			d.Values = append(d.Values, c.Value)
		}
	}
	d.Documents = r.byDim[dm.Name]
	var ids []string
	for _, pt := range dm.Trend.Points {
		if pt.Iteration != "" {
			ids = append(ids, pt.Iteration)
		}
	}
	d.Guides, d.PendingGuides = r.guideRuns(dm.Name, ids), r.pendingGuides(dm.Name)
	var cp chart.Page
	var err error
	if d.MeanChart, err = dimMeanChart(&cp, dm, r.cfg.Analysis.Confidence, thresholdLines(d.Thresholds.Thresholds), marks(d.Alerts)); err != nil {
		return nil, err
	}
	if d.DistChart, err = dimDistChart(&cp, dm); err != nil {
		return nil, err
	}
	if d.Rel, err = r.reliabilityPanel(&cp, dm); err != nil {
		return nil, err
	}
	pg.Charts = d.MeanChart != "" || d.DistChart != "" || d.Rel.hasCharts()
	return pg, nil
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
// casestudies/index.html and route.CaseStudiesPage(n).
func (r *renderer) caseStudyIndex(p string, n int) (*page, error) {
	docs := r.docsOf(r.p.CaseStudies)
	pager := newPager(len(docs), n, route.CaseStudiesPage)
	title := "Case studies"
	if pager != nil {
		docs = docs[pager.From-1 : pager.To]
		if pager.Number > 1 {
			title = fmt.Sprintf("Case studies, page %d of %d", pager.Number, pager.Count)
		}
	}
	return r.newPage(p, title, "casestudies", &docsData{Documents: docs, Taxonomies: r.taxes, Pager: pager}), nil
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

// decisionIndex builds decisions/index.html.
func (r *renderer) decisionIndex(p string) (*page, error) {
	f := r.followUps()
	return r.newPage(p, "Decisions", "decisions", &docsData{Documents: r.docsOf(r.p.Decisions()), Taxonomies: r.taxes, Open: len(f.FollowUps) + len(f.Escalations)}), nil
}

// docData is the data of a case study's or content page's page.
type docData struct {
	Doc          *docView
	Investigates []*invView // the discrepancies the document investigates
	// Body is the document's HTML with its shortcodes resolved to the
	// figures they name (figures.go).
	Body template.HTML
}

// docPage builds the page of a case study or content page.
func (r *renderer) docPage(v *docView) (*page, error) {
	section := "page:" + v.Slug
	switch v.Kind {
	case project.CaseStudy:
		section = "casestudies"
	case project.Decision:
		section = "decisions"
	}
	d := &docData{Doc: v, Investigates: r.investigates(v.Slug)}
	pg := r.newPage(v.Path, v.Meta.Title, section, d)
	var cp chart.Page
	var err error
	if d.Body, pg.Charts, err = r.body(v, &cp); err != nil {
		return nil, err
	}
	return pg, nil
}

// notFoundData is the data of 404.html.
type notFoundData struct {
	BasePath string // the path of Config.BaseURL with a final "/", or ""
}

// notFound renders 404.html. A host serves it for any missing path, at any
// depth, so no link relative to the page can be right. Its links are
// relative to the site root, which is right from a file system and at the
// root; over http(s) the page's script finds the root (the path of
// Config.BaseURL first, then the folders above the address) and rewrites
// them (see templates/pages/notfound.html).
func (r *renderer) notFound(p string) (*page, error) {
	d := &notFoundData{}
	if u, err := url.Parse(r.cfg.BaseURL); err == nil && r.cfg.BaseURL != "" {
		d.BasePath = strings.TrimSuffix(u.Path, "/") + "/"
	}
	pg := r.newPage(p, "Page not found", "", d)
	pg.Canonical = ""
	return pg, nil
}
