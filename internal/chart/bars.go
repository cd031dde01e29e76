package chart

import (
	"html/template"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Bars is a bar chart: one or more series over categories, optionally
// stacked. A legend names the series when there is more than one.
type Bars struct {
	ID    string // JavaScript identifier unique on the page
	Title string // optional
	// Summary is a one-sentence text summary of what the chart shows, read
	// by screen readers in place of the chart (its aria-label). Required.
	Summary string
	X       []string // category labels
	Series  []Series
	Stacked bool   // stack the series into one bar per category
	YName   string // optional axis name
	Height  string // CSS height, default "360px"
}

// Series is one named series of Bars; Y has one value per category, NaN
// for none.
type Series struct {
	Name string
	Y    []float64
}

func (b Bars) chartID() string { return b.ID }

// HTML returns the chart as an HTML snippet, or an error if the ID, height
// or series are invalid.
func (b Bars) HTML() (template.HTML, error) {
	height, err := b.check()
	if err != nil {
		return "", err
	}
	b = b.downsampled()
	legend := len(b.Series) > 1
	bar := charts.NewBar()
	bar.SetGlobalOptions(initOpts(b.ID, "100%", height)...)
	bar.SetGlobalOptions(
		charts.WithTitleOpts(title(b.Title)),
		charts.WithColorsOpts(seriesColors),
		charts.WithTooltipOpts(opts.Tooltip{
			Trigger:        "axis",
			ValueFormatter: formatter(fmtNumber),
			AxisPointer:    &opts.AxisPointer{Type: "shadow"},
		}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(legend), Bottom: "0", Left: "center", Type: "scroll"}),
		charts.WithGridOpts(grid(b.Title != "" || b.YName != "", legend)),
		charts.WithXAxisOpts(categoryAxis()),
		charts.WithYAxisOpts(valueAxis(b.YName, false)),
	)
	bar.SetXAxis(b.X)
	stack := ""
	if b.Stacked {
		stack = "total"
	}
	for _, s := range b.Series {
		bar.AddSeries(s.Name, nil,
			charts.WithBarChartOpts(opts.BarChart{Stack: stack}),
			charts.WithSeriesOpts(func(ss *charts.SingleSeries) { ss.BarMaxWidth = "48" }),
			charts.WithSeriesOpts(func(ss *charts.SingleSeries) { ss.Data = data(s.Y) }),
		)
	}
	return renderSnippet(b.ID, bar, &bar.BaseConfiguration, b.Summary, nil)
}

// check validates b and returns the height to draw it at.
func (b Bars) check() (string, error) {
	if err := ValidID(b.ID); err != nil {
		return "", err
	}
	if err := checkSummary(b.ID, b.Summary); err != nil {
		return "", err
	}
	height, err := checkHeight(b.ID, b.Height, "360px")
	if err != nil {
		return "", err
	}
	for _, s := range b.Series {
		what := "series " + s.Name
		if err := checkLen(b.ID, what, s.Y, len(b.X)); err != nil {
			return "", err
		}
		if err := checkValues(b.ID, what, s.Y); err != nil {
			return "", err
		}
	}
	return height, nil
}

// downsampled returns b with at most MaxPoints categories, chosen by the
// shape of the categories' totals.
func (b Bars) downsampled() Bars {
	if len(b.X) <= MaxPoints {
		return b
	}
	total := make([]float64, len(b.X))
	for i := range total {
		total[i] = math.NaN()
		for _, s := range b.Series {
			if !math.IsNaN(s.Y[i]) {
				total[i] = orValue(total[i], 0) + s.Y[i]
			}
		}
	}
	idx := Downsample(total, MaxPoints)
	b.X = pick(b.X, idx)
	series := make([]Series, len(b.Series))
	for i, s := range b.Series {
		series[i] = Series{Name: s.Name, Y: pick(s.Y, idx)}
	}
	b.Series = series
	return b
}
