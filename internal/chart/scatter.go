package chart

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"

	"github.com/evalbook/evalbook/internal/jsonappend"
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// MaxScatterPoints bounds the points a Scatter draws. Above it every group
// keeps every k-th of its points, the same k for all groups, so the groups
// keep their proportions and the output its determinism.
const MaxScatterPoints = 5000

// Scatter is a scatter plot of points in groups, each group in its own
// colour with a legend entry (one group per iteration, say): a metric's
// value against the human consensus, item by item. A point may carry a
// label shown in its tooltip and a link followed when it is clicked. Points
// are half transparent, since many coincide on a rating scale, and drawn
// where they are (no jitter): where several coincide, the spot is darker and
// the tooltip is the topmost point's. Both axes fit the data rather than
// starting at zero. More than MaxScatterPoints points in all are thinned
// (see MaxScatterPoints).
type Scatter struct {
	ID, Title    string
	XName, YName string // axis names
	// Summary is a one-sentence text summary of what the chart shows, read
	// by screen readers in place of the chart (its aria-label). Required.
	Summary string
	Groups  []ScatterGroup
	Height  string // CSS height; default "420px"
}

// ScatterGroup is one group of a Scatter. X and Y have one value per point;
// a point with a NaN coordinate is left out. Labels and Links are optional;
// when set they have one entry per point. A label is text (escaped in the
// tooltip); a link is a relative URL ("" for none; one with a scheme is an
// error).
type ScatterGroup struct {
	Name   string
	X, Y   []float64
	Labels []string
	Links  []string
}

func (s Scatter) chartID() string { return s.ID }

// HTML returns the chart as an HTML snippet, or an error if the ID, height,
// points or links are invalid.
func (s Scatter) HTML() (template.HTML, error) {
	height, err := s.check()
	if err != nil {
		return "", err
	}
	return s.html(height, false)
}

// html draws s at height. Its options are the cached shell of s's settings
// with each group's points appended by appendPoints; reference has
// go-echarts encode the points too, uncached, as the tests' reference.
func (s Scatter) html(height string, reference bool) (template.HTML, error) {
	names := make([]string, len(s.Groups))
	for i, grp := range s.Groups {
		names[i] = grp.Name
	}
	points := s.points()
	build := func(data func(i int) any) (string, error) {
		sc := charts.NewScatter()
		sc.SetGlobalOptions(initOpts(s.ID, "100%", height)...)
		legend := len(s.Groups) > 1
		xAxis := opts.XAxis{
			Type: "value", Name: s.XName, Scale: opts.Bool(true), NameLocation: "middle", NameGap: 28,
			AxisLabel: &opts.AxisLabel{Color: textColor},
			SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: gridColor}},
			AxisLine:  edgeAxisLine(),
		}
		// The y axis' name goes along the axis: above it, a long name would be
		// cut at the chart's left edge.
		yAxis := valueAxis(s.YName, true)
		yAxis.NameLocation, yAxis.NameGap = "middle", 36
		yAxis.AxisLine = edgeAxisLine()
		g := grid(s.Title != "", legend)
		g.Left = "32"
		g.Bottom = "64"
		sc.SetGlobalOptions(
			charts.WithTitleOpts(title(s.Title)),
			charts.WithColorsOpts(seriesColors),
			charts.WithTooltipOpts(opts.Tooltip{Trigger: "item", Formatter: formatter(fmtScatterTooltip)}),
			charts.WithLegendOpts(opts.Legend{Show: opts.Bool(legend), Bottom: "0", Left: "center", Type: "scroll"}),
			charts.WithGridOpts(g),
			charts.WithXAxisOpts(xAxis),
			charts.WithYAxisOpts(yAxis),
		)
		for i, grp := range s.Groups {
			sc.AddSeries(grp.Name, nil, charts.WithSeriesId(fmt.Sprintf("s%d", i)))
		}
		sc.Accept(scatterVisitor{legend: names, data: data})
		return encodeOptions(s.ID, sc)
	}
	if reference {
		options, err := build(func(i int) any { return points[i] })
		if err != nil {
			return "", err
		}
		return snippet(elementPrefix+s.ID, "100%", height, s.Summary, pointLinks(s.Groups, points), options), nil
	}
	var k shellKey
	k.str("scatter", s.Title, s.XName, s.YName, height)
	k.str(names...)
	sh, err := cachedShell(s.ID, string(k.b), len(s.Groups), func() (string, error) {
		return build(func(i int) any { return json.RawMessage(dataMarker(i)) })
	})
	if err != nil {
		return "", err
	}
	return sh.snippet(elementPrefix+s.ID, "100%", height, s.Summary, pointLinks(s.Groups, points),
		func(b []byte, i int) []byte { return appendPoints(b, points[i]) }), nil
}

// appendPoints appends ps as encoding/json writes a []scatterPoint.
func appendPoints(b []byte, ps []scatterPoint) []byte {
	b = append(b, '[')
	for i := range ps {
		p := &ps[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"value":[`...)
		b = jsonappend.Float(b, p.Value[0])
		b = append(b, ',')
		b = jsonappend.Float(b, p.Value[1])
		b = append(b, ']')
		if p.Label != "" {
			b = append(b, `,"text":`...)
			b = jsonappend.String(b, p.Label)
		}
		if p.Link != "" {
			b = append(b, `,"link":`...)
			b = jsonappend.String(b, p.Link)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// edgeAxisLine keeps an axis line at the edge of the plot: by default
// ECharts draws it through the other axis' zero, across the points, when
// the data has both signs.
func edgeAxisLine() *opts.AxisLine {
	return &opts.AxisLine{Show: opts.Bool(true), OnZero: opts.Bool(false), LineStyle: &opts.LineStyle{Color: axisColor}}
}

// check validates s and returns the height to draw it at.
func (s Scatter) check() (string, error) {
	if err := ValidID(s.ID); err != nil {
		return "", err
	}
	if err := checkSummary(s.ID, s.Summary); err != nil {
		return "", err
	}
	height, err := checkHeight(s.ID, s.Height, "420px")
	if err != nil {
		return "", err
	}
	for _, g := range s.Groups {
		what := "group " + g.Name
		if err := checkLen(s.ID, what+" Y", g.Y, len(g.X)); err != nil {
			return "", err
		}
		if err := checkValues(s.ID, what+" X", g.X); err != nil {
			return "", err
		}
		if err := checkValues(s.ID, what+" Y", g.Y); err != nil {
			return "", err
		}
		if g.Labels != nil && len(g.Labels) != len(g.X) {
			return "", fmt.Errorf("chart %s: %s has %d labels for %d points", s.ID, what, len(g.Labels), len(g.X))
		}
		if g.Links != nil && len(g.Links) != len(g.X) {
			return "", fmt.Errorf("chart %s: %s has %d links for %d points", s.ID, what, len(g.Links), len(g.X))
		}
		for _, l := range g.Links {
			if err := checkLink(s.ID, l); err != nil {
				return "", err
			}
		}
	}
	return height, nil
}

// scatterPoint is one point of a Scatter series.
type scatterPoint struct {
	Value [2]float64 `json:"value"`
	Label string     `json:"text,omitempty"` // "label" would be read as the label's style
	Link  string     `json:"link,omitempty"`
}

// points returns each group's drawable points, every step-th of them when
// there are more than MaxScatterPoints in all.
func (s Scatter) points() [][]scatterPoint {
	total := 0
	for _, g := range s.Groups {
		total += len(g.X)
	}
	step := max(1, (total+MaxScatterPoints-1)/MaxScatterPoints)
	out := make([][]scatterPoint, len(s.Groups))
	for i, g := range s.Groups {
		out[i] = []scatterPoint{}
		for k := 0; k < len(g.X); k += step {
			if math.IsNaN(g.X[k]) || math.IsNaN(g.Y[k]) {
				continue
			}
			p := scatterPoint{Value: [2]float64{g.X[k], g.Y[k]}}
			if g.Labels != nil {
				p.Label = g.Labels[k]
			}
			if g.Links != nil {
				p.Link = g.Links[k]
			}
			out[i] = append(out[i], p)
		}
	}
	return out
}

// pointLinks lists the links of the drawn points, each named by its label
// (or its coordinates) and its group.
func pointLinks(groups []ScatterGroup, points [][]scatterPoint) []chartLink {
	var out []chartLink
	for i, ps := range points {
		for _, p := range ps {
			if p.Link == "" {
				continue
			}
			text := p.Label
			if text == "" {
				text = formatValue(p.Value[0]) + ", " + formatValue(p.Value[1])
			}
			out = append(out, chartLink{Href: p.Link, Text: text + " (" + groups[i].Name + ")"})
		}
	}
	return out
}

// scatterVisitor writes the legend's entries and the series with their
// points, which go-echarts' scatter items cannot carry labels and links for.
type scatterVisitor struct {
	charts.BaseConfigurationVisitor
	legend []string
	data   func(i int) any // group i's points, []scatterPoint, or a dataMarker
}

// scatterSeries is one group's series.
type scatterSeries struct {
	ID         string         `json:"id"`
	Name       string         `json:"name"`
	Type       string         `json:"type"`
	Data       any            `json:"data"` // []scatterPoint, or a dataMarker in a shell
	SymbolSize int            `json:"symbolSize"`
	ItemStyle  map[string]any `json:"itemStyle"`
	Emphasis   map[string]any `json:"emphasis"`
}

// VisitLegendOpt returns the legend with the groups' names as its entries.
func (v scatterVisitor) VisitLegendOpt(l opts.Legend) any {
	return legendWithData{Legend: l, Data: v.legend}
}

// VisitSeriesOpt returns one series per group.
func (v scatterVisitor) VisitSeriesOpt(series charts.MultiSeries) any {
	out := make([]scatterSeries, len(series))
	for i, s := range series {
		out[i] = scatterSeries{
			ID: s.Id, Name: s.Name, Type: "scatter", Data: v.data(i), SymbolSize: 9,
			ItemStyle: map[string]any{"opacity": 0.55},
			Emphasis:  map[string]any{"itemStyle": map[string]any{"opacity": 1, "borderColor": textColor, "borderWidth": 1}},
		}
	}
	return out
}
