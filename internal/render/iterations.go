package render

import (
	"slices"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/trend"
)

// iterationsData is the data of the iteration index.
type iterationsData struct {
	Iterations []*iterView
	Rounds     bool // the project's shape is rounds: show each system's round
}

// iterationIndexPage builds iterations/index.html: "Systems" for an unordered
// project.
func iterationIndexPage(f frame, p string, iters []*iterView, shape project.Shape) *page {
	title := "Iterations"
	if shape.Unordered() {
		title = "Systems"
	}
	return f.newPage(p, title, "iterations", &iterationsData{iters, shape == project.ShapeRounds})
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

// iterationInputs is what an iteration's page reads (Deps: its
// IterationPart, the subjects' settings, the documents): the iteration, the documents about it grouped, its alerts,
// its comparisons and verdict panel, every metric's and dimension's point
// in it, its head-to-head records and, unordered, its leaderboard.
type iterationInputs struct {
	it        *iterView
	docs      []*docView // newest first
	knowledge []docGroup
	pager     *pagerView // of the documents, nil when they fit on one page
	alerts    []alertView
	verdict   verdictInputs
	pw        *pwSite
	metrics   []*metricView
	dims      []*dimView
	unordered bool
	boards    []*boardView
}

// iterationInputsOf picks the inputs of iteration id's page out of the
// model.
func iterationInputsOf(r *renderer, id string) iterationInputs {
	knowledge, pager := iterKnowledgePage(r.byIter, guidesOf(r), id, 1)
	return iterationInputs{
		it: r.iterBy[id], docs: r.byIter[id], knowledge: knowledge, pager: pager, alerts: r.alertsIn(id),
		verdict: verdictInputsOf(r), pw: r.pw, metrics: r.metrics, dims: r.dims,
		unordered: r.p.Shape.Unordered(), boards: r.boards,
	}
}

// iterationPage builds the page of one iteration.
func iterationPage(f frame, in iterationInputs) (*page, error) {
	it := in.it
	d := &iterationData{Iteration: it, Documents: in.docs, Knowledge: in.knowledge, Pager: in.pager, Alerts: in.alerts, Comparisons: newCompTable(in.verdict.compIter[it.ID])}
	v, err := newVerdictPanel(it, in.verdict)
	if err != nil {
		return nil, err
	}
	d.Verdict = v
	d.Pairwise = pwOfSystem(in.pw, it.ID)
	names := map[string]bool{}
	d.Metrics = make([]metricRow, 0, len(in.metrics))
	for _, m := range in.metrics {
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
	if len(d.SliceNames) > 0 {
		d.Slices = make([]sliceRow, 0, len(d.Metrics))
	}
	for _, row := range d.Metrics {
		if len(row.Point.Slices) == 0 {
			continue
		}
		sr := sliceRow{Label: row.Metric.Label, Path: row.Metric.Path, Unit: row.Metric.Unit}
		sr.Cells = slices.Grow(sr.Cells, len(d.SliceNames))
		for _, name := range d.SliceNames {
			sr.Cells = append(sr.Cells, sliceAt(row.Point.Slices, name))
		}
		d.Slices = append(d.Slices, sr)
	}
	d.Dimensions = make([]dimSummary, 0, len(in.dims))
	for _, dm := range in.dims {
		d.Dimensions = append(d.Dimensions, summariseIn(in.verdict.compIter, dm, dm.At(it.ID)))
	}
	if !in.unordered {
		return f.newPage(it.Path, "Iteration "+it.ID, "iterations", d), nil
	}
	if d.Board = boardOf(in.boards, it.ID); d.Board != nil {
		for i := range d.Board.Subjects {
			s := &d.Board.Subjects[i]
			for _, row := range s.Rows {
				if row.System == it.ID {
					d.Ranks = append(d.Ranks, systemRank{s, row})
				}
			}
		}
	}
	return f.newPage(it.Path, "System "+it.ID, "iterations", d), nil
}
