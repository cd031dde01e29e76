package render

import (
	"fmt"
	"html/template"
	"math"

	"github.com/evalbook/evalbook/internal/chart"
	"github.com/evalbook/evalbook/internal/trend"
)

// Chart sizes, in CSS units.
const (
	trendHeight = "360px"
	barsHeight  = "320px"
	sparkWidth  = "100%"
)

// noIteration labels ratings that name no iteration in charts and tables.
const noIteration = "(no iteration)"

// Chart IDs are chart.NewID(prefix, name) with these prefixes, so the
// charts of one page never share an ID; a chart.Page per page checks it.
const (
	sparkPrefix = "spark"
	trendPrefix = "trend"
	meanPrefix  = "mean"
	distPrefix  = "dist"
)

// sparkline draws the means of a metric's points.
func sparkline(cp *chart.Page, m *metricView) (template.HTML, error) {
	y := make([]float64, len(m.Trend.Points))
	for i, p := range m.Trend.Points {
		y[i] = p.Mean
	}
	return cp.HTML(chart.Spark{ID: chart.NewID(sparkPrefix, m.Name), Y: y, Width: sparkWidth})
}

// bandName names a confidence interval in chart tooltips.
func bandName(confidence float64) string {
	return fmt.Sprintf("%g%% CI", math.Round(confidence*1000)/10)
}

// metricChart draws a metric's mean with its confidence band over the
// iterations, with lines (thresholds) and marks (alerts); an iteration
// without an interval leaves a gap in the band.
func metricChart(cp *chart.Page, m *metricView, confidence float64, lines []chart.RefLine, marks []chart.Mark) (template.HTML, error) {
	b := chart.Band{
		ID: chart.NewID(trendPrefix, m.Name), YName: withUnit("mean", unitSuffix(m.Unit)),
		BandName: bandName(confidence), Height: trendHeight, Lines: lines, Marks: marks,
	}
	for _, p := range m.Trend.Points {
		lo, hi := interval(p.CI)
		b.X = append(b.X, p.Iteration)
		b.Y = append(b.Y, p.Mean)
		b.Low = append(b.Low, lo)
		b.High = append(b.High, hi)
	}
	return cp.HTML(b)
}

// unitSuffix puts a unit in parentheses for an axis name.
func unitSuffix(unit string) string {
	if unit == "" {
		return ""
	}
	return "(" + unit + ")"
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
// over the iterations, with lines (thresholds) and marks (alerts); "" when
// the dimension has no mean in any iteration.
func dimMeanChart(cp *chart.Page, d *dimView, confidence float64, lines []chart.RefLine, marks []chart.Mark) (template.HTML, error) {
	b := chart.Band{
		ID: chart.NewID(meanPrefix, d.Name), YName: "mean rating",
		BandName: bandName(confidence), Height: trendHeight, Lines: lines, Marks: marks,
	}
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
	return cp.HTML(b)
}

// dimDistChart draws the share of each value per iteration as stacked
// bars, in whole percent; "" when the dimension has no ratings.
func dimDistChart(cp *chart.Page, d *dimView) (template.HTML, error) {
	pts := d.Trend.Points
	if len(pts) == 0 {
		return "", nil
	}
	b := chart.Bars{ID: chart.NewID(distPrefix, d.Name), Stacked: true, YName: "% of ratings", Height: barsHeight}
	for _, p := range pts {
		b.X = append(b.X, iterLabel(p.Iteration))
	}
	for _, c := range pts[0].Distribution {
		b.Series = append(b.Series, chart.Series{Name: c.Value})
	}
	for _, p := range pts {
		pct := percents(p.Distribution)
		for i := range b.Series {
			b.Series[i].Y = append(b.Series[i].Y, float64(pct[i]))
		}
	}
	return cp.HTML(b)
}

// percents turns counts into whole percentages that add up to exactly 100
// (largest remainder; ties go to the earlier value), so a stacked bar never
// pokes above 100%. All counts zero gives all zeros.
func percents(counts []trend.Count) []int {
	total := 0
	for _, c := range counts {
		total += c.N
	}
	out := make([]int, len(counts))
	if total == 0 {
		return out
	}
	rem := make([]int, len(counts))
	left := 100
	for i, c := range counts {
		out[i] = c.N * 100 / total
		rem[i] = c.N * 100 % total
		left -= out[i]
	}
	for ; left > 0; left-- {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
	}
	return out
}

// iterLabel names an iteration in a chart or table.
func iterLabel(id string) string {
	if id == "" {
		return noIteration
	}
	return id
}
