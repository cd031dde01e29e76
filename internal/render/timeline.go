package render

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/chart"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/route"
)

// The timeline (timeline.html) puts on one time axis the iterations (by
// their date), the case studies and decisions, the investigations
// (documents that name discrepancies) and the error alerts (one event per
// iteration with any, at the iteration's date), and the versions of the
// annotation guidelines at the date of the iteration each is in force
// from (guidelineEvents). The chart is chart.Timeline; the list below it holds the same events,
// newest first, and is what a screen reader or keyboard uses.

// The timeline's lanes, top to bottom.
const (
	laneIterations = iota
	laneCaseStudies
	laneDecisions
	laneGuidelines
	laneInvestigations
	laneErrors
)

// timelineEvent is one event of the timeline.
type timelineEvent struct {
	Date  time.Time // zero: undated, listed last and not drawn
	Lane  int
	Kind  string // the lane's name, singular
	Title string
	Path  string // site path, "" for none
	Note  string // a short line under the title, such as a decision's kind
}

// timelineData is the data of timeline.html and of its further pages,
// route.TimelinePage(n).
type timelineData struct {
	Chart   template.HTML   // first page only
	Months  []timelineMonth // the index by month, newest first; first page only
	Kinds   []string        // the index's columns: the names of the lanes with events, in order
	Groups  []timelineGroup // this page's events by month, newest first
	Undated []timelineEvent // first page only
	Pager   *pagerView      // nil when every event fits on one page
	Lead    string          // what the timeline shows
}

// timelineMonth is one month of the timeline's index: its events by
// kind, and where its newest event is listed.
type timelineMonth struct {
	Key    string // "2006-01", the anchor of its first event
	Label  string // "January 2006"
	Counts []int  // by lane
	Cells  []int  // by kind of timelineData.Kinds: the lanes with events
	Total  int
	Link   string // site path with the month's anchor
}

// timelineGroup is the events of one month on one page of the list; ID is
// the month's anchor when the group holds its newest event.
type timelineGroup struct {
	ID, Label string
	Events    []timelineEvent
}

// timelineMarkers is the most events a lane of the timeline chart draws
// one by one; a lane with more draws one point per month, sized by its
// count, whose link opens the month in the list.
const timelineMarkers = 60

// timelineEvents returns the timeline's events of p: the dated ones newest
// first (by lane on one day), then the undated ones. errs counts each
// iteration's error alerts. It reads the project only, so the route table
// (routeSite) counts the pages of the list with it.
func timelineEvents(p *project.Project, errs map[string]int) (dated, undated []timelineEvent) {
	// An event per iteration, document and iteration with errors at most,
	// and a few for the guidelines: evs grows once at most.
	evs := make([]timelineEvent, 0, 2*len(p.Iterations)+len(p.CaseStudies)+len(p.Pages)+8)
	for _, it := range p.Iterations {
		evs = append(evs, timelineEvent{Date: it.Date, Lane: laneIterations, Title: it.ID, Path: route.Iteration(it.ID), Note: it.Description})
	}
	for _, docs := range [][]project.Document{p.CaseStudies, p.Pages} {
		for i := range docs {
			d := &docs[i]
			lane := -1
			switch {
			case d.Kind == project.CaseStudy:
				lane = laneCaseStudies
			case d.Kind == project.Decision:
				lane = laneDecisions
			case len(d.Meta.Discrepancies) > 0:
				lane = laneInvestigations
			}
			if lane >= 0 {
				evs = append(evs, timelineEvent{Date: d.Meta.Date, Lane: lane, Title: d.Meta.Title, Path: route.Doc(d.Slug), Note: cmp.Or(d.Meta.Decision, d.Meta.Summary)})
			}
		}
	}
	evs = append(evs, guidelineEvents(p)...)
	for _, it := range p.Iterations {
		if n := errs[it.ID]; n > 0 {
			evs = append(evs, timelineEvent{Date: it.Date, Lane: laneErrors, Title: fmt.Sprintf("%d error alert%s in %s", n, plural(n), it.ID),
				Path: route.Alerts + "#iteration=" + it.ID + "&severity=error"})
		}
	}
	dated = make([]timelineEvent, 0, len(evs))
	for _, e := range evs {
		if e.Date.IsZero() {
			undated = append(undated, e)
		} else {
			dated = append(dated, e)
		}
	}
	slices.SortStableFunc(dated, func(a, b timelineEvent) int {
		return cmp.Or(b.Date.Compare(a.Date), cmp.Compare(a.Lane, b.Lane))
	})
	return dated, undated
}

// errorCounts counts the error alerts about each iteration.
func errorCounts(alerts []alert.Alert) map[string]int {
	errs := map[string]int{}
	for _, a := range alerts {
		if a.Severity == alert.Error && a.Iteration != "" {
			errs[a.Iteration]++
		}
	}
	return errs
}

// timelineLanes returns the names of the timeline's lanes and the kind of
// event of each, in lane order, in the site's words for its iterations.
func timelineLanes(s *site) (lanes, kinds []string) {
	lanes = []string{s.Iterations(), "Case studies", "Decisions", "Guidelines", "Investigations", "Error alerts"}
	lanes[0] = strings.ToUpper(lanes[0][:1]) + lanes[0][1:]
	return lanes, []string{s.Iteration(), "case study", "decision", "guidelines", "investigation", "error alerts"}
}

// timelineSet is what every page of the timeline shares: the events, the
// index by month, the lanes and the counts by lane.
type timelineSet struct {
	dated, undated []timelineEvent
	months         []timelineMonth
	lanes, kinds   []string
	count          []int // dated events by lane
}

// newTimelineSet returns the timeline's events with their kinds, as
// timelineEvents does, and its index by month. The renderer makes it once,
// the first time a page of the timeline or its JSON needs it.
func newTimelineSet(s *site, p *project.Project, views []alertView) *timelineSet {
	t := &timelineSet{}
	alerts := make([]alert.Alert, len(views))
	for i, a := range views {
		alerts[i] = a.Alert
	}
	t.dated, t.undated = timelineEvents(p, errorCounts(alerts))
	t.lanes, t.kinds = timelineLanes(s)
	t.count = make([]int, len(t.lanes))
	for _, evs := range [][]timelineEvent{t.dated, t.undated} {
		for i := range evs {
			evs[i].Kind = t.kinds[evs[i].Lane]
		}
	}
	for _, e := range t.dated {
		t.count[e.Lane]++
	}
	t.months = timelineMonths(t.dated, len(t.kinds))
	for lane := range t.lanes {
		if t.count[lane] > 0 {
			for i := range t.months {
				t.months[i].Cells = append(t.months[i].Cells, t.months[i].Counts[lane])
			}
		}
	}
	return t
}

// monthKey is the month of t as "2006-01".
func monthKey(t time.Time) string { return t.UTC().Format("2006-01") }

// timelineMonths returns the index of the dated events evs (newest
// first) by month, newest first: each month's count of events by lane
// (of nkinds) and the page and anchor of its newest event.
func timelineMonths(evs []timelineEvent, nkinds int) []timelineMonth {
	var out []timelineMonth
	for i, e := range evs {
		k := monthKey(e.Date)
		if len(out) == 0 || out[len(out)-1].Key != k {
			out = append(out, timelineMonth{Key: k, Label: e.Date.UTC().Format("January 2006"), Counts: make([]int, nkinds),
				Link: route.TimelinePage(i/route.PerPage+1) + "#m" + k})
		}
		m := &out[len(out)-1]
		m.Counts[e.Lane]++
		m.Total++
	}
	return out
}

// timelinePage builds page n (0 for the first) of the timeline: the first,
// timeline.html, has the chart, the index by month and the newest
// route.PerPage events; page n the n-th route.PerPage of them.
func timelinePage(f frame, p string, n int, t *timelineSet) (*page, error) {
	evs, lanes := t.dated, t.lanes
	d := &timelineData{Lead: lanes[0] + ", case studies, decisions, guideline changes, investigations and error alerts on one time axis."}
	d.Pager = newPager(len(evs), n, route.TimelinePage)
	title, rows, from := "Timeline", evs, 0
	if d.Pager != nil {
		from = d.Pager.From - 1
		rows = evs[from:d.Pager.To]
		if d.Pager.Number > 1 {
			title = fmt.Sprintf("Timeline, page %d of %d", d.Pager.Number, d.Pager.Count)
		}
	}
	key := ""
	for i, e := range rows {
		if k := monthKey(e.Date); k != key {
			key = k
			g := timelineGroup{Label: e.Date.UTC().Format("January 2006")}
			if j := from + i; j == 0 || monthKey(evs[j-1].Date) != k {
				g.ID = "m" + k
			}
			d.Groups = append(d.Groups, g)
		}
		g := &d.Groups[len(d.Groups)-1]
		g.Events = append(g.Events, e)
	}
	pg := f.newPage(p, title, "timeline", d)
	if n > 1 {
		return pg, nil
	}
	d.Undated = t.undated
	if len(evs) == 0 {
		return pg, nil
	}
	d.Months = t.months
	for lane, name := range lanes {
		if t.count[lane] > 0 {
			d.Kinds = append(d.Kinds, name)
		}
	}
	var err error
	if d.Chart, err = timelineChart(pg, t); err != nil {
		return nil, err
	}
	pg.Charts = true
	return pg, nil
}

// timelineChart draws t's dated events on the lanes that have any: one
// point per event in a lane of at most timelineMarkers events, one per
// month (from t's index by month) in a denser lane, linking the month's
// place in the list.
func timelineChart(pg *page, t *timelineSet) (template.HTML, error) {
	lanes, kinds, evs, months, count := t.lanes, t.kinds, t.dated, t.months, t.count
	index := map[int]int{}
	tl := chart.Timeline{ID: chart.NewID("timeline", "site")}
	for i, name := range lanes {
		if count[i] > 0 {
			index[i] = len(tl.Lanes)
			tl.Lanes = append(tl.Lanes, name)
		}
	}
	for i := len(evs) - 1; i >= 0; i-- { // oldest first
		e := evs[i]
		if count[e.Lane] > timelineMarkers {
			continue
		}
		link := ""
		if e.Path != "" {
			link = pg.Rel(e.Path)
		}
		tl.Events = append(tl.Events, chart.TimelineEvent{Date: e.Date, Lane: index[e.Lane], Label: e.Title, Link: link})
	}
	for i := len(months) - 1; i >= 0; i-- { // oldest first
		m := months[i]
		for lane, n := range m.Counts {
			if n == 0 || count[lane] <= timelineMarkers {
				continue
			}
			first, _ := time.Parse("2006-01", m.Key)
			tl.Events = append(tl.Events, chart.TimelineEvent{Date: first.AddDate(0, 0, 14), Lane: index[lane],
				Label: fmt.Sprintf("%d %s", n, kindPlural(kinds[lane], n)), Period: m.Label, Count: n, Link: pg.Rel(m.Link)})
		}
	}
	tl.Summary = timelineSummary(tl.Lanes, count, evs)
	var cp chart.Page
	return cp.HTML(tl)
}

// kindPlural is the kind of event kind for n events: "case studies",
// "decisions"; "error alerts" and "guidelines" stay as they are.
func kindPlural(kind string, n int) string {
	switch {
	case n == 1 || strings.HasSuffix(kind, "s"):
		return kind
	case strings.HasSuffix(kind, "y"):
		return kind[:len(kind)-1] + "ies"
	}
	return kind + "s"
}

// guidelineEvents are the changes of the annotation guidelines: an event
// per version (project.Guidelines) at the date of its effective_from
// iteration, linking the version's page and naming the dimensions it
// governs. A version not in force yet, or whose iteration has no date, is
// listed without a date.
func guidelineEvents(p *project.Project) []timelineEvent {
	dates := map[string]time.Time{}
	for _, it := range p.Iterations {
		dates[it.ID] = it.Date
	}
	var out []timelineEvent
	for _, g := range p.Guidelines() {
		m := g.Doc.Meta
		e := timelineEvent{Lane: laneGuidelines, Title: "Guidelines " + m.GuidelineVersion, Note: m.Title, Path: route.Doc(g.Doc.Slug)}
		if len(m.Dimensions) > 0 {
			e.Note += " (" + strings.Join(m.Dimensions, ", ") + ")"
		}
		if g.Order < 0 {
			e.Note += "; not in force yet"
		} else {
			e.Title += " from " + g.From
			e.Date = dates[g.From]
		}
		out = append(out, e)
	}
	return out
}

// timelineSummary words the timeline for screen readers: its span and the
// count of events in each lane drawn (count, by lane of lanes).
func timelineSummary(drawn []string, count []int, evs []timelineEvent) string {
	var parts []string
	i := 0
	for _, n := range count {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ToLower(drawn[i])))
			i++
		}
	}
	first, last := evs[len(evs)-1].Date, evs[0].Date
	return fmt.Sprintf("Timeline from %s to %s: %s.", formatDate(first), formatDate(last), strings.Join(parts, ", "))
}

// plural returns "s" unless n is 1.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// apiTimeline is api/timeline.json: every figure the timeline's pages
// show (docs/json-api.md). The events themselves are the iterations
// (api/metrics.json), the documents (api/documents.json) and the alerts
// (api/alerts.json).
type apiTimeline struct {
	SchemaVersion int `json:"schema_version"`
	// Kinds are the kinds of event with any dated event, in lane order;
	// Counts the dated events of each kind, Undated the events without a
	// date.
	Kinds   []string       `json:"kinds"`
	Counts  map[string]int `json:"counts"`
	Events  int            `json:"events"`
	Undated int            `json:"undated"`
	// Monthly are the kinds the chart draws one point per month for
	// (more than timelineMarkers events); the others are drawn one point
	// per event.
	Monthly []string           `json:"monthly"`
	Pages   []string           `json:"pages"`
	Months  []apiTimelineMonth `json:"months"`
}

// apiTimelineMonth is one month of the timeline's index.
type apiTimelineMonth struct {
	Month  string         `json:"month"`  // "2006-01"
	Counts map[string]int `json:"counts"` // by kind, kinds with events only
	Total  int            `json:"total"`
	Page   string         `json:"page"` // where its newest event is listed, with the anchor
}

// timelineAPI returns api/timeline.json of t.
func timelineAPI(t *timelineSet) apiTimeline {
	kinds, evs, count := t.kinds, t.dated, t.count
	out := apiTimeline{SchemaVersion: schemaVersion, Kinds: []string{}, Counts: map[string]int{}, Events: len(evs), Undated: len(t.undated),
		Monthly: []string{}, Months: []apiTimelineMonth{}}
	for n := 1; n <= route.ListPages(len(evs)); n++ {
		out.Pages = append(out.Pages, route.TimelinePage(n))
	}
	for lane, n := range count {
		if n > 0 {
			out.Kinds = append(out.Kinds, kinds[lane])
			out.Counts[kinds[lane]] = n
		}
		if n > timelineMarkers {
			out.Monthly = append(out.Monthly, kinds[lane])
		}
	}
	for _, m := range t.months {
		am := apiTimelineMonth{Month: m.Key, Counts: map[string]int{}, Total: m.Total, Page: m.Link}
		for lane, n := range m.Counts {
			if n > 0 {
				am.Counts[kinds[lane]] = n
			}
		}
		out.Months = append(out.Months, am)
	}
	return out
}
