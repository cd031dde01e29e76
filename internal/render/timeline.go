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

// timelineData is the data of timeline.html.
type timelineData struct {
	Chart   template.HTML
	Events  []timelineEvent // dated, newest first
	Undated []timelineEvent
	Lead    string // what the timeline shows
}

// timelineInputs is what the timeline shows (Deps: everything but items
// and sources).
type timelineInputs struct {
	iters  []*iterView
	docs   []*docView          // every document, case studies first, in project order
	docBy  map[string]*docView // by slug
	guides []project.Guideline
	alerts []alertView
}

// timelinePage builds timeline.html.
func timelinePage(f frame, p string, in timelineInputs) (*page, error) {
	lanes := []string{f.site.Iterations(), "Case studies", "Decisions", "Guidelines", "Investigations", "Error alerts"}
	lanes[0] = strings.ToUpper(lanes[0][:1]) + lanes[0][1:]
	kinds := []string{f.site.Iteration(), "case study", "decision", "guidelines", "investigation", "error alerts"}
	var evs []timelineEvent
	for _, it := range in.iters {
		evs = append(evs, timelineEvent{Date: it.Date, Lane: laneIterations, Title: it.ID, Path: it.Path, Note: it.Description})
	}
	for _, d := range in.docs {
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
			evs = append(evs, timelineEvent{Date: d.Meta.Date, Lane: lane, Title: d.Meta.Title, Path: d.Path, Note: cmp.Or(d.Meta.Decision, d.Meta.Summary)})
		}
	}
	evs = append(evs, guidelineEvents(in.iters, in.guides, in.docBy)...)
	errs := map[string]int{}
	for _, a := range in.alerts {
		if a.Severity == alert.Error && a.Iteration != "" {
			errs[a.Iteration]++
		}
	}
	for _, it := range in.iters {
		if n := errs[it.ID]; n > 0 {
			evs = append(evs, timelineEvent{Date: it.Date, Lane: laneErrors, Title: fmt.Sprintf("%d error alert%s in %s", n, plural(n), it.ID),
				Path: route.Alerts + "#iteration=" + it.ID + "&severity=error"})
		}
	}
	d := &timelineData{Lead: lanes[0] + ", case studies, decisions, guideline changes, investigations and error alerts on one time axis."}
	for i := range evs {
		evs[i].Kind = kinds[evs[i].Lane]
		if evs[i].Date.IsZero() {
			d.Undated = append(d.Undated, evs[i])
		} else {
			d.Events = append(d.Events, evs[i])
		}
	}
	slices.SortStableFunc(d.Events, func(a, b timelineEvent) int {
		return cmp.Or(b.Date.Compare(a.Date), cmp.Compare(a.Lane, b.Lane))
	})
	pg := f.newPage(p, "Timeline", "timeline", d)
	if len(d.Events) == 0 {
		return pg, nil
	}
	// Draw only the lanes with events, keeping their order.
	used := map[int]bool{}
	for _, e := range d.Events {
		used[e.Lane] = true
	}
	index := map[int]int{}
	tl := chart.Timeline{ID: chart.NewID("timeline", "site")}
	for i, name := range lanes {
		if used[i] {
			index[i] = len(tl.Lanes)
			tl.Lanes = append(tl.Lanes, name)
		}
	}
	for i := len(d.Events) - 1; i >= 0; i-- { // oldest first
		e := d.Events[i]
		link := ""
		if e.Path != "" {
			link = pg.Rel(e.Path)
		}
		tl.Events = append(tl.Events, chart.TimelineEvent{Date: e.Date, Lane: index[e.Lane], Label: e.Title, Link: link})
	}
	tl.Summary = timelineSummary(tl, d.Events)
	var cp chart.Page
	var err error
	if d.Chart, err = cp.HTML(tl); err != nil {
		return nil, err
	}
	pg.Charts = true
	return pg, nil
}

// guidelineEvents are the changes of the annotation guidelines: an event
// per version (project.Guidelines) at the date of its effective_from
// iteration, linking the version's page and naming the dimensions it
// governs. A version not in force yet, or whose iteration has no date, is
// listed without a date.
func guidelineEvents(iters []*iterView, guides []project.Guideline, docs map[string]*docView) []timelineEvent {
	dates := map[string]time.Time{}
	for _, it := range iters {
		dates[it.ID] = it.Date
	}
	var out []timelineEvent
	for _, g := range guides {
		m := g.Doc.Meta
		e := timelineEvent{Lane: laneGuidelines, Title: "Guidelines " + m.GuidelineVersion, Note: m.Title}
		if v := docs[g.Doc.Slug]; v != nil {
			e.Path = v.Path
		}
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
// count of events in each lane.
func timelineSummary(tl chart.Timeline, evs []timelineEvent) string {
	counts := make([]int, len(tl.Lanes))
	for _, e := range tl.Events {
		counts[e.Lane]++
	}
	var parts []string
	for i, n := range counts {
		parts = append(parts, fmt.Sprintf("%d %s", n, strings.ToLower(tl.Lanes[i])))
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
