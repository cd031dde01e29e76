package render

import (
	"html/template"
	"slices"

	"github.com/evalbook/evalbook/internal/chart"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/reliability"
	"github.com/evalbook/evalbook/internal/trend"
)

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

// dashboardInputs is what the dashboard reads (Deps: everything): the
// alerts, the current iteration and its verdict panel, the metrics with
// what their cards read, the dimensions, the newest documents, the
// discrepancy summary and what ingest skipped.
type dashboardInputs struct {
	alerts      alertsInputs
	current     *iterView
	verdict     verdictInputs
	metrics     []*metricView
	cards       cardInputs
	dims        []*dimView
	decisions   []*docView // newest first
	caseStudies []*docView // newest first
	disc        *discSummary
	sources     []project.SourceReport
}

// dashboardInputsOf picks the dashboard's inputs out of the model.
func dashboardInputsOf(r *renderer) dashboardInputs {
	return dashboardInputs{
		alerts: alertsInputsOf(r), current: r.current, verdict: verdictInputsOf(r),
		metrics: r.metrics, cards: cardInputsOf(r), dims: r.dims,
		decisions: docsOf(r.docs, r.p.Decisions()), caseStudies: docsOf(r.docs, r.p.CaseStudies),
		disc: r.disc.summary(), sources: r.p.Sources,
	}
}

// dashboardPage builds index.html.
func dashboardPage(f frame, p string, in dashboardInputs) (*page, error) {
	d := &dashboardData{Alerts: newAlertPanel(in.alerts), Discrepancy: in.disc, Latest: in.current, Sources: newSourcesNote(in.sources)}
	if n := len(in.cards.boards); n > 0 {
		d.Board = in.cards.boards[n-1]
	}
	head := slices.DeleteFunc(slices.Clone(in.metrics), func(m *metricView) bool { return !m.Headline })
	if len(head) == 0 {
		head = in.metrics
	}
	if d.Latest != nil {
		v, err := newVerdictPanel(d.Latest, in.verdict)
		if err != nil {
			return nil, err
		}
		d.Verdict = v
	}
	pg := f.newPage(p, "Dashboard", "dashboard", d)
	var cp chart.Page
	for _, m := range head {
		c := newCard(m, in.cards)
		if len(m.Trend.Points) > 1 {
			h, err := sparkline(&cp, m)
			if err != nil {
				return nil, err
			}
			c.Spark = h // inline SVG: no echarts
		}
		d.Cards = append(d.Cards, c)
	}
	for _, dm := range in.dims {
		d.Dimensions = append(d.Dimensions, summariseIn(in.cards.compIter, dm, dm.Latest))
	}
	d.Decisions, d.CaseStudies = in.decisions, in.caseStudies
	d.Decisions = d.Decisions[:min(len(d.Decisions), latestDocs)]
	d.CaseStudies = d.CaseStudies[:min(len(d.CaseStudies), latestDocs)]
	return pg, nil
}

// cardInputs is what a metric's card reads besides the metric: the
// comparisons by iteration, the leaderboards and the project's shape.
type cardInputs struct {
	unordered bool
	boards    []*boardView
	compIter  map[string][]*compView
}

// cardInputsOf picks the cards' inputs out of the model.
func cardInputsOf(r *renderer) cardInputs {
	return cardInputs{unordered: r.p.Shape.Unordered(), boards: r.boards, compIter: r.compIter}
}

// newCard returns a metric's card: its latest point, and that iteration
// against its target; for unordered systems, the point of the system the
// last leaderboard ranks first (none when no board ranks the metric).
func newCard(m *metricView, in cardInputs) metricCard {
	c := metricCard{Metric: m, Point: m.Latest}
	if in.unordered {
		c.Point = nil
		if n := len(in.boards); n > 0 {
			for _, s := range in.boards[n-1].Subjects {
				if s.Kind == kindMetric && s.Name == m.Name && len(s.Rows) > 0 {
					c.Point = m.At(s.Rows[0].System)
				}
			}
		}
	}
	if m.Latest != nil {
		c.Comp = compOf(in.compIter, m.Latest.Iteration, kindMetric, m.Name)
	}
	return c
}

// compOf returns the comparison of iteration id against its target on one
// subject, or nil.
func compOf(compIter map[string][]*compView, id, kind, name string) *compView {
	for _, c := range compIter[id] {
		if c.Kind == kind && c.Subject == name {
			return c
		}
	}
	return nil
}

// summariseIn describes a dimension's point: the top label, the
// iteration's comparison with its target and its agreement record.
func summariseIn(compIter map[string][]*compView, d *dimView, pt *trend.DimensionPoint) dimSummary {
	s := summarise(d, pt)
	if pt == nil || pt.Iteration == "" {
		return s
	}
	s.Comp = compOf(compIter, pt.Iteration, kindDimension, d.Name)
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
