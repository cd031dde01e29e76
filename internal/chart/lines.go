package chart

import (
	"fmt"
	"html/template"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Lines is a line chart of several named series over the same categories,
// one colour per series, with optional horizontal reference lines. It draws
// a rater's figure per iteration, one line per rater. A legend names the
// series when there is more than one; NaN is a gap in a line.
type Lines struct {
	ID    string // JavaScript identifier unique on the page
	Title string // optional
	// Summary is a one-sentence text summary of what the chart shows, read
	// by screen readers in place of the chart (its aria-label). Required.
	Summary string
	X       []string  // category labels, e.g. iteration IDs
	Series  []Series  // each with one value per category
	YName   string    // optional axis name
	Lines   []RefLine // optional horizontal lines, e.g. thresholds
	Height  string    // CSS height, default "360px"
}

func (l Lines) chartID() string { return l.ID }

// HTML returns the chart as an HTML snippet, or an error if the ID, height
// or series are invalid.
func (l Lines) HTML() (template.HTML, error) {
	height, err := l.check()
	if err != nil {
		return "", err
	}
	l = l.downsampled()
	legend := len(l.Series) > 1
	line := charts.NewLine()
	line.SetGlobalOptions(initOpts(l.ID, "100%", height)...)
	line.SetGlobalOptions(
		charts.WithTitleOpts(title(l.Title)),
		charts.WithColorsOpts(seriesColors),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis", Formatter: formatter(fmtLinesTooltip)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(legend), Bottom: "0", Left: "center", Type: "scroll"}),
		charts.WithGridOpts(grid(l.Title != "" || l.YName != "", legend)),
		charts.WithXAxisOpts(categoryAxis()),
		charts.WithYAxisOpts(valueAxis(l.YName, true)),
	)
	line.SetXAxis(l.X)
	names := make([]string, len(l.Series))
	for i, s := range l.Series {
		names[i] = s.Name
		line.AddSeries(s.Name, nil,
			charts.WithSeriesId(fmt.Sprintf("s%d", i)),
			charts.WithLineChartOpts(opts.LineChart{
				Symbol: "circle", SymbolSize: 6, ShowSymbol: opts.Bool(len(l.X) <= symbolLimit),
			}),
			charts.WithLineStyleOpts(opts.LineStyle{Width: 2}),
			charts.WithSeriesOpts(func(ss *charts.SingleSeries) { ss.Data = data(s.Y) }),
		)
	}
	v := linesVisitor{legend: names}
	if len(l.Lines) > 0 {
		line.AddSeries(refName, nil, refSeries(l.Lines)...)
		v.lines = newMarkLine(l.Lines)
	}
	line.Accept(v)
	return renderSnippet(l.ID, line, &line.BaseConfiguration, l.Summary, nil)
}

// check validates l and returns the height to draw it at.
func (l Lines) check() (string, error) {
	if err := ValidID(l.ID); err != nil {
		return "", err
	}
	if err := checkSummary(l.ID, l.Summary); err != nil {
		return "", err
	}
	height, err := checkHeight(l.ID, l.Height, "360px")
	if err != nil {
		return "", err
	}
	for _, s := range l.Series {
		what := "series " + s.Name
		if err := checkLen(l.ID, what, s.Y, len(l.X)); err != nil {
			return "", err
		}
		if err := checkValues(l.ID, what, s.Y); err != nil {
			return "", err
		}
	}
	for i, r := range l.Lines {
		if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
			return "", fmt.Errorf("chart %s: reference line %d (%q) has value %v", l.ID, i, r.Name, r.Value)
		}
	}
	return height, nil
}

// downsampled returns l with at most MaxPoints categories, chosen by the
// shape of the mean of the series at each category.
func (l Lines) downsampled() Lines {
	if len(l.X) <= MaxPoints {
		return l
	}
	mean := make([]float64, len(l.X))
	for i := range mean {
		sum, n := 0.0, 0
		for _, s := range l.Series {
			if !math.IsNaN(s.Y[i]) {
				sum, n = sum+s.Y[i], n+1
			}
		}
		mean[i] = math.NaN()
		if n > 0 {
			mean[i] = sum / float64(n)
		}
	}
	idx := Downsample(mean, MaxPoints)
	l.X = pick(l.X, idx)
	series := make([]Series, len(l.Series))
	for i, s := range l.Series {
		series[i] = Series{Name: s.Name, Y: pick(s.Y, idx)}
	}
	l.Series = series
	return l
}

// linesVisitor adds the options of Lines that go-echarts lacks: the
// legend's entries (the series, not the carrier of the reference lines)
// and the reference lines themselves.
type linesVisitor struct {
	charts.BaseConfigurationVisitor
	legend []string
	lines  *markLine
}

// legendWithData is a legend that lists its entries.
type legendWithData struct {
	opts.Legend
	Data []string `json:"data"`
}

// VisitLegendOpt returns the legend with the series' names as its entries.
func (v linesVisitor) VisitLegendOpt(l opts.Legend) any {
	return legendWithData{Legend: l, Data: v.legend}
}

// VisitSeriesOpt returns the series with the reference lines on the
// carrier series, which does not react to the mouse.
func (v linesVisitor) VisitSeriesOpt(series charts.MultiSeries) any {
	out := make([]bandSeries, len(series))
	for i, s := range series {
		out[i] = bandSeries{SingleSeries: s}
		if s.Id == refID {
			out[i].MarkLine, out[i].Silent = v.lines, true
		}
	}
	return out
}
