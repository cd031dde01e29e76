package render

import (
	"html/template"

	"github.com/evalbook/evalbook/internal/chart"
	"github.com/evalbook/evalbook/internal/trend"
)

// dimensionsData is the data of the dimension index.
type dimensionsData struct {
	Dimensions []dimSummary // each with its latest point
}

// dimensionIndexPage builds dimensions/index.html: every dimension's latest
// point.
func dimensionIndexPage(f frame, p string, dims []*dimView) *page {
	d := &dimensionsData{}
	for _, dm := range dims {
		d.Dimensions = append(d.Dimensions, summarise(dm, dm.Latest))
	}
	return f.newPage(p, "Human ratings", "dimensions", d)
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

// dimensionInputs is what a dimension's page reads (Deps: the
// dimension's own data and results, its ComparisonsPart and
// DimensionPairsPart, the subjects' settings): the dimension's view (with
// its reliability), its subject inputs, the guidelines and what its
// reliability panel reads.
type dimensionInputs struct {
	dim *dimView
	subjectInputs
	guides guideIndex
	rel    relInputs
}

// dimensionInputsOf picks the inputs of dimension name's page out of the
// model.
func dimensionInputsOf(r *renderer, name string) dimensionInputs {
	return dimensionInputs{
		dim: r.dim[name], subjectInputs: subjectInputsOf(r, kindDimension, name),
		guides: guidesOf(r),
		rel:    relInputs{cfg: r.cfg, iters: r.iters, iterBy: r.iterBy, item: r.item, items: r.p.Items, guides: guidesOf(r)},
	}
}

// dimensionPage builds the page of one rating dimension.
func dimensionPage(f frame, in dimensionInputs) (*page, error) {
	dm := in.dim
	d := &dimensionData{
		Dim: dm, Alerts: in.alerts,
		Comparisons: in.comps, Pairs: in.pairs,
	}
	if dm.Numeric {
		d.Thresholds = thresholdView{Thresholds: in.thresholds}
	}
	pg := f.newPage(dm.Path, dm.Label, "dimensions", d)
	prev := ""
	for i := range dm.Trend.Points {
		pt := &dm.Trend.Points[i]
		row := dimRow{in.iterBy[pt.Iteration], pt.Iteration, pt, ""}
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
	d.Documents = in.docs
	var ids []string
	for _, pt := range dm.Trend.Points {
		if pt.Iteration != "" {
			ids = append(ids, pt.Iteration)
		}
	}
	d.Guides, d.PendingGuides = in.guides.guideRuns(dm.Name, ids), in.guides.pendingGuides(dm.Name)
	var cp chart.Page
	var err error
	if d.MeanChart, err = dimMeanChart(&cp, dm, in.confidence, thresholdLines(d.Thresholds.Thresholds), marks(d.Alerts)); err != nil {
		return nil, err
	}
	if d.DistChart, err = dimDistChart(&cp, dm); err != nil {
		return nil, err
	}
	if d.Rel, err = newRelPanel(&cp, dm, in.rel); err != nil {
		return nil, err
	}
	pg.Charts = d.MeanChart != "" || d.DistChart != "" || d.Rel.hasCharts()
	return pg, nil
}
