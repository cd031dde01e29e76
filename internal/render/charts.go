package render

import (
	"html/template"
	"math"

	"github.com/evalbook/evalbook/internal/chart"
	"github.com/evalbook/evalbook/internal/trend"
)

// Chart heights, in CSS units.
const (
	trendHeight = "360px"
	barsHeight  = "320px"
)

// noIteration labels ratings that name no iteration in charts and tables.
const noIteration = "(no iteration)"

// sparkline draws the means of a metric's points.
func sparkline(id string, pts []trend.MetricPoint) (template.HTML, error) {
	y := make([]float64, len(pts))
	for i, p := range pts {
		y[i] = p.Mean
	}
	return chart.Spark{ID: id, Y: y}.HTML()
}

// metricChart draws a metric's mean with its confidence band over the
// iterations; an iteration without an interval leaves a gap in the band.
func metricChart(m *metricView) (template.HTML, error) {
	b := chart.Band{ID: "trend_" + jsIdent(m.Name), Title: m.Label, YName: m.Unit, Height: trendHeight}
	for _, p := range m.Trend.Points {
		lo, hi := interval(p.CI)
		b.X = append(b.X, p.Iteration)
		b.Y = append(b.Y, p.Mean)
		b.Low = append(b.Low, lo)
		b.High = append(b.High, hi)
	}
	return b.HTML()
}

// interval returns the bounds of ci, NaN for a missing interval (a gap in
// the chart; NaN never reaches a page's text).
func interval(ci *trend.Interval) (lo, hi float64) {
	if ci == nil {
		return math.NaN(), math.NaN()
	}
	return ci.Low, ci.High
}

// dimMeanChart draws a numeric dimension's mean with its confidence band
// over the iterations; "" when the dimension has no mean in any iteration.
func dimMeanChart(d *dimView) (template.HTML, error) {
	b := chart.Band{ID: "mean_" + jsIdent(d.Name), Title: d.Label, YName: "mean rating", Height: trendHeight}
	for _, p := range d.Trend.Points {
		if p.Iteration == "" || p.Mean == nil {
			continue
		}
		lo, hi := interval(p.CI)
		b.X = append(b.X, p.Iteration)
		b.Y = append(b.Y, *p.Mean)
		b.Low = append(b.Low, lo)
		b.High = append(b.High, hi)
	}
	if len(b.X) == 0 {
		return "", nil
	}
	return b.HTML()
}

// dimDistChart draws the share of each value per iteration as stacked
// bars, in percent; "" when the dimension has no ratings.
func dimDistChart(d *dimView) (template.HTML, error) {
	pts := d.Trend.Points
	if len(pts) == 0 {
		return "", nil
	}
	b := chart.Bars{ID: "dist_" + jsIdent(d.Name), Title: d.Label, Stacked: true, YName: "% of ratings", Height: barsHeight}
	for _, p := range pts {
		b.X = append(b.X, iterLabel(p.Iteration))
	}
	for i, c := range pts[0].Distribution {
		s := chart.Series{Name: c.Value}
		for _, p := range pts {
			share := 0.0
			if i < len(p.Distribution) {
				share = math.Round(p.Distribution[i].Share*1000) / 10
			}
			s.Y = append(s.Y, share)
		}
		b.Series = append(b.Series, s)
	}
	return b.HTML()
}

// iterLabel names an iteration in a chart or table.
func iterLabel(id string) string {
	if id == "" {
		return noIteration
	}
	return id
}
