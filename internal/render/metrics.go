package render

import (
	"html/template"

	"github.com/evalbook/evalbook/internal/chart"
	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/trend"
)

// metricsData is the data of the metric index.
type metricsData struct {
	Metrics []metricCard
}

// metricIndexPage builds metrics/index.html: every metric's card.
func metricIndexPage(f frame, p string, metrics []*metricView, cards cardInputs) (*page, error) {
	d := &metricsData{}
	pg := f.newPage(p, "Metrics", "metrics", d)
	var cp chart.Page
	for _, m := range metrics {
		c := newCard(m, cards)
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

// subjectInputs is what a metric's or a dimension's page reads besides
// the subject's view (Deps: the subject's own data and results, its
// ComparisonsPart and MetricPairsPart or DimensionPairsPart, the subjects'
// settings): the documents naming it, the alerts about it, its
// comparisons, its discrepancy pairs, its thresholds, the confidence level
// and the iterations.
type subjectInputs struct {
	docs       []*docView
	alerts     []alertView
	comps      []*compView
	pairs      []pairLink
	thresholds config.Thresholds
	confidence float64
	iterBy     iterIndex
}

// subjectInputsOf picks the subject inputs of the metric (kind
// kindMetric) or dimension (kindDimension) name's page out of the model.
func subjectInputsOf(r *renderer, kind, name string) subjectInputs {
	in := subjectInputs{
		alerts: r.alertsAbout(kind, name), comps: r.compSubj[subjectKey(kind, name)],
		confidence: r.cfg.Analysis.Confidence, iterBy: r.iterBy,
	}
	if kind == kindMetric {
		in.docs, in.pairs, in.thresholds = r.byMetrc[name], r.disc.metricPairs(name), r.cfg.Metric(name).Thresholds
	} else {
		in.docs, in.pairs, in.thresholds = r.byDim[name], r.disc.dimPairs(name), r.cfg.Dimension(name).Thresholds()
	}
	return in
}

// metricInputs is what a metric's page reads: the metric's view and its
// subject inputs.
type metricInputs struct {
	metric *metricView
	subjectInputs
}

// metricInputsOf picks the inputs of metric name's page out of the model.
func metricInputsOf(r *renderer, name string) metricInputs {
	return metricInputs{metric: r.metric[name], subjectInputs: subjectInputsOf(r, kindMetric, name)}
}

// metricPage builds the page of one metric.
func metricPage(f frame, in metricInputs) (*page, error) {
	m := in.metric
	d := &metricData{
		Metric: m, Documents: in.docs, Alerts: in.alerts,
		Thresholds:  thresholdView{Thresholds: in.thresholds, Unit: m.Unit},
		Comparisons: in.comps, Pairs: in.pairs,
	}
	pg := f.newPage(m.Path, m.Label, "metrics", d)
	names := map[string]bool{}
	for i := range m.Trend.Points {
		pt := &m.Trend.Points[i]
		d.Points = append(d.Points, pointRow{in.iterBy[pt.Iteration], pt.Iteration, pt, m.prevOf(pt)})
		for _, s := range pt.Slices {
			names[s.Slice] = true
		}
	}
	if len(names) > 0 {
		d.Columns, d.Slices = sliceTable(m, sortedSet(names), in.iterBy)
	}
	if len(m.Trend.Points) > 0 {
		var cp chart.Page
		h, err := metricChart(&cp, m, in.confidence, thresholdLines(d.Thresholds.Thresholds), marks(d.Alerts))
		if err != nil {
			return nil, err
		}
		d.Chart, pg.Charts = h, true
	}
	return pg, nil
}

// sliceTable lays a metric's slice means out with slices as rows and the
// iterations that have slices as columns.
func sliceTable(m *metricView, names []string, iterBy iterIndex) ([]*iterView, []sliceRow) {
	var cols []*iterView
	var pts []*trend.MetricPoint
	for i := range m.Trend.Points {
		pt := &m.Trend.Points[i]
		if len(pt.Slices) == 0 {
			continue
		}
		it := iterBy[pt.Iteration]
		if it == nil {
			it = &iterView{Iteration: project.Iteration{ID: pt.Iteration}, ID: pt.Iteration}
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
