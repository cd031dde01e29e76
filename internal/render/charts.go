package render

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"

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
	x := make([]string, len(m.Trend.Points))
	for i, p := range m.Trend.Points {
		x[i] = p.Iteration
	}
	return cp.HTML(chart.Spark{ID: chart.NewID(sparkPrefix, m.Name), Y: y, Width: sparkWidth,
		Summary: seriesSummary(m.Label+", mean", m.Unit, x, y) + "."})
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
	b.Summary = bandSummary(m.Label+", mean", m.Unit, b)
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
	b.Summary = bandSummary(d.Label+", mean rating", "", b)
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
	b.Summary = barsSummary("Share of each "+d.Label+" rating per iteration, in percent", b)
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

// Chart summaries. Every chart carries a one-sentence text summary, which
// screen readers announce in place of the chart (chart.Band.Summary and
// the like); these helpers write them from the figures the chart draws,
// formatted like the page's numbers.

// seriesSummary sums up values y over the iterations x: "what by
// iteration, v1 to v6: from 0.712 to 0.775, lowest 0.70 in v2, highest
// 0.78 in v5" (no sentence end), or what has no values.
func seriesSummary(what, unit string, x []string, y []float64) string {
	first, last, lo, hi := -1, -1, -1, -1
	for i, v := range y {
		if math.IsNaN(v) {
			continue
		}
		if first < 0 {
			first = i
		}
		last = i
		if lo < 0 || v < y[lo] {
			lo = i
		}
		if hi < 0 || v > y[hi] {
			hi = i
		}
	}
	f := func(i int) string { return withUnit(fmtFloat(y[i]), unit) }
	switch {
	case first < 0:
		return what + ": no values"
	case first == last:
		return fmt.Sprintf("%s: %s in %s", what, f(first), x[first])
	}
	return fmt.Sprintf("%s by iteration, %s to %s: from %s to %s, lowest %s in %s, highest %s in %s",
		what, x[first], x[last], f(first), f(last), f(lo), x[lo], f(hi), x[hi])
}

// bandSummary sums up a Band: its series, its interval band, its
// reference lines and its marks.
func bandSummary(what, unit string, b chart.Band) string {
	s := seriesSummary(what, unit, b.X, b.Y)
	if slices.ContainsFunc(b.Low, func(v float64) bool { return !math.IsNaN(v) }) {
		s += "; shaded " + cmp.Or(b.BandName, "interval") + " band"
	}
	for _, l := range b.Lines {
		s += "; dashed line " + l.Name + " at " + withUnit(fmtFloat(l.Value), unit)
	}
	var marked []string
	for _, m := range b.Marks {
		if !slices.Contains(marked, m.X) && slices.Contains(b.X, m.X) {
			marked = append(marked, m.X)
		}
	}
	if len(marked) > 0 {
		s += "; marked: " + strings.Join(marked, ", ")
	}
	return s + "."
}

// barsSummary sums up stacked shares: which value is the most frequent in
// the last category.
func barsSummary(what string, b chart.Bars) string {
	s := fmt.Sprintf("%s, %d categories", what, len(b.X))
	if n := len(b.X); n > 0 && len(b.Series) > 0 {
		best := 0
		for i, sr := range b.Series {
			if sr.Y[n-1] > b.Series[best].Y[n-1] {
				best = i
			}
		}
		s = fmt.Sprintf("%s, %s to %s; in %s the most frequent is %s (%s%%)", what, b.X[0], b.X[n-1], b.X[n-1],
			b.Series[best].Name, strconv.FormatFloat(b.Series[best].Y[n-1], 'g', -1, 64))
	}
	return s + "."
}

// linesSummary sums up several series: their number and, in the last
// category where any has a value, the lowest and the highest.
func linesSummary(what string, l chart.Lines) string {
	names := make([]string, len(l.Series))
	for i, sr := range l.Series {
		names[i] = sr.Name
	}
	s := fmt.Sprintf("%s of %d series (%s)", what, len(l.Series), strings.Join(names, ", "))
	if n := len(l.X); n > 0 {
		s += fmt.Sprintf(" by iteration, %s to %s", l.X[0], l.X[n-1])
	}
	for j := len(l.X) - 1; j >= 0; j-- {
		lo, hi := -1, -1
		for i, sr := range l.Series {
			if v := sr.Y[j]; !math.IsNaN(v) {
				if lo < 0 || v < l.Series[lo].Y[j] {
					lo = i
				}
				if hi < 0 || v > l.Series[hi].Y[j] {
					hi = i
				}
			}
		}
		if lo >= 0 {
			s += fmt.Sprintf("; in %s from %s (%s) to %s (%s)", l.X[j], fmtFloat(l.Series[lo].Y[j]), l.Series[lo].Name,
				fmtFloat(l.Series[hi].Y[j]), l.Series[hi].Name)
			break
		}
	}
	for _, r := range l.Lines {
		s += "; dashed line " + r.Name + " at " + fmtFloat(r.Value)
	}
	return s + "."
}

// heatSummary sums up a heat map: its size and its lowest and highest
// cells.
func heatSummary(what string, h chart.Heatmap) string {
	s := fmt.Sprintf("%s, %d rows by %d columns", what, len(h.Y), len(h.X))
	li, lj, hi, hj := -1, -1, -1, -1
	for i, row := range h.Values {
		for j, v := range row {
			if math.IsNaN(v) {
				continue
			}
			if li < 0 || v < h.Values[li][lj] {
				li, lj = i, j
			}
			if hi < 0 || v > h.Values[hi][hj] {
				hi, hj = i, j
			}
		}
	}
	if li >= 0 {
		s += fmt.Sprintf(": lowest %s (%s × %s), highest %s (%s × %s)", fmtFloat(h.Values[li][lj]), h.Y[li], h.X[lj],
			fmtFloat(h.Values[hi][hj]), h.Y[hi], h.X[hj])
	}
	return s + "."
}
