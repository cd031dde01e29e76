package chart

import (
	"html/template"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Spark is a tiny line without axes for tables and dashboard cards, 120x32
// pixels unless Width and Height say otherwise. Its line bridges gaps (NaN)
// and its last value is marked with a dot; hovering shows the value under
// the pointer.
type Spark struct {
	ID     string    // JavaScript identifier unique on the page
	Y      []float64 // values in order; NaN = no value
	Width  string    // optional CSS width, default "120px"
	Height string    // optional CSS height, default "32px"
}

// sparkTooltipJS shows the value under the pointer.
const sparkTooltipJS = `function (ps) {
` + numberJS + `
return ps.length ? f(ps[0].value) : '';
}`

func (s Spark) chartID() string { return s.ID }

// HTML returns the chart as an HTML snippet, or an error if the ID, size or
// values are invalid.
func (s Spark) HTML() (template.HTML, error) {
	if err := ValidID(s.ID); err != nil {
		return "", err
	}
	width, err := checkHeight(s.ID, s.Width, "120px")
	if err != nil {
		return "", err
	}
	height, err := checkHeight(s.ID, s.Height, "32px")
	if err != nil {
		return "", err
	}
	if err := checkValues(s.ID, "Y", s.Y); err != nil {
		return "", err
	}
	y := s.Y
	if len(y) > MaxPoints {
		y = pick(y, Downsample(y, MaxPoints))
	}
	line := charts.NewLine()
	line.SetGlobalOptions(initOpts(s.ID, width, height)...)
	line.SetGlobalOptions(
		charts.WithTitleOpts(opts.Title{Show: opts.Bool(false)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{
			Trigger:     "axis",
			Formatter:   funcOpt(sparkTooltipJS),
			AxisPointer: &opts.AxisPointer{Type: "none"},
		}),
		charts.WithGridOpts(opts.Grid{Left: "3", Right: "3", Top: "3", Bottom: "3"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Show: opts.Bool(false)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Show: opts.Bool(false), Scale: opts.Bool(true)}),
	)
	line.AddSeries("value", nil,
		charts.WithLineChartOpts(opts.LineChart{Symbol: "none", ShowSymbol: opts.Bool(true), ConnectNulls: opts.Bool(true)}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: strongColor, Width: 1.5}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: strongColor}),
		charts.WithSeriesOpts(func(ss *charts.SingleSeries) { ss.Data = sparkData(y) }),
	)
	addResize(&line.JSFunctions)
	line.Accept(tightX{})
	return renderSnippet(s.ID, line, &line.BaseConfiguration)
}

// sparkPoint is a data item with its own symbol.
type sparkPoint struct {
	Value      float64 `json:"value"`
	Symbol     string  `json:"symbol"`
	SymbolSize int     `json:"symbolSize"`
}

// sparkData returns y as series data with a dot on the last value.
func sparkData(y []float64) []any {
	d := data(y)
	for i := len(y) - 1; i >= 0; i-- {
		if !math.IsNaN(y[i]) {
			d[i] = sparkPoint{Value: y[i], Symbol: "circle", SymbolSize: 4}
			break
		}
	}
	return d
}
