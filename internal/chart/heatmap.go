package chart

import (
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"strconv"

	"github.com/evalbook/evalbook/internal/jsonappend"
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
)

// Heatmap is a grid of coloured cells, one per pair of an X and a Y
// category, each labelled with its value; for example the agreement of
// every pair of raters. A visual map beside the grid maps Min..Max to
// colours from light to the strong colour (or, Diverging, from red through
// near-white to blue); values outside the range take the colour of its
// nearer end; the map is labelled with Max at its top and Min at its
// bottom.
type Heatmap struct {
	ID    string // JavaScript identifier unique on the page
	Title string // optional
	// Summary is a one-sentence text summary of what the chart shows, read
	// by screen readers in place of the chart (its aria-label). Required.
	Summary string
	X       []string // column labels
	Y       []string // row labels, drawn from the top down
	// Values has one row per Y and one value per X in each row:
	// Values[i][j] is the cell of Y[i] and X[j]. NaN leaves the cell blank.
	Values   [][]float64
	Min, Max float64 // range of the visual map; both zero means 0..1 (-1..1 when Diverging)
	Height   string  // CSS height; default fits the rows, at least 240px
	// Diverging colours signed values, such as correlations, from red
	// (negative) through near-white (zero) to blue (positive) instead of
	// from light to strong. The scale is symmetric about zero: Min..Max is
	// widened to -m..m, m the larger of |Min| and |Max|, so that a colour
	// means the same strength either side of zero.
	Diverging bool
	// Links, when set, has the shape of Values: the relative URL a click on
	// each cell opens ("" for none). A link with a scheme ("javascript:",
	// "https://") is an error.
	Links [][]string
	// MinText and MaxText, when set, label the ends of the visual map
	// instead of Min and Max: words such as "disagrees" and "agrees" for
	// values whose sign means something.
	MinText, MaxText string
	// Tips, when set, has the shape of Values: the text a cell's tooltip
	// shows after its row and column instead of its value ("" keeps the
	// value). It is escaped in the browser.
	Tips [][]string
}

// divergingColors run from red through near-white to blue (ColorBrewer's
// RdBu, reversed so that positive is blue).
var divergingColors = []string{"#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac"}

// heatColors runs from an almost white tint to a strong blue. A heat map's
// cells keep these colours, and their labels cellText, in both colour
// schemes: a cell is its own background.
var heatColors = []string{"#f1f5fb", "#9ab8de", "#1f5aa6"}

// cellText is the dark colour of cell labels.
const cellText = "#333333"

func (h Heatmap) chartID() string { return h.ID }

// HTML returns the chart as an HTML snippet, or an error if the ID, height,
// range or values are invalid.
func (h Heatmap) HTML() (template.HTML, error) {
	height, err := h.check()
	if err != nil {
		return "", err
	}
	return h.html(height, false)
}

// html draws h at height. Its options are the cached shell of h's settings
// with the cells appended by appendCells; reference has go-echarts encode
// the cells too, uncached, as the tests' reference.
func (h Heatmap) html(height string, reference bool) (template.HTML, error) {
	lo, hi := h.scaleRange()
	colors := heatColors
	if h.Diverging {
		colors = divergingColors
	}
	cells := h.cells()
	if h.Diverging {
		labelDarkCells(cells, colors, lo, hi)
	}
	text := []string{cmp.Or(h.MaxText, formatValue(hi)), cmp.Or(h.MinText, formatValue(lo))}
	build := func(data any) (string, error) {
		hm := charts.NewHeatMap()
		hm.SetGlobalOptions(initOpts(h.ID, "100%", height)...)
		hm.SetGlobalOptions(
			charts.WithTitleOpts(title(h.Title)),
			charts.WithTooltipOpts(opts.Tooltip{Trigger: "item", Formatter: formatter(fmtHeatTooltip)}),
			charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
			charts.WithGridOpts(opts.Grid{Left: "8", Right: "96", Top: gridTop(h.Title), Bottom: "8", ContainLabel: opts.Bool(true)}),
			charts.WithXAxisOpts(heatAxisX(h.X)),
			charts.WithYAxisOpts(heatAxisY(h.Y)),
		)
		hm.AddSeries("value", nil)
		hm.Accept(heatVisitor{data: data, min: lo, max: hi, text: text, colors: colors, outline: !h.Diverging})
		return encodeOptions(h.ID, hm)
	}
	if reference {
		var data any = cells
		if cells == nil {
			data = []heatCell{}
		}
		options, err := build(data)
		if err != nil {
			return "", err
		}
		return snippet(elementPrefix+h.ID, "100%", height, h.Summary, cellLinks(cells), options), nil
	}
	var k shellKey
	k.str("heatmap", h.Title, height)
	k.str(h.X...)
	k.str(h.Y...)
	k.num(lo, hi)
	k.str(text...)
	k.str(strconv.FormatBool(h.Diverging))
	sh, err := cachedShell(h.ID, string(k.b), 1, func() (string, error) { return build(json.RawMessage(dataMarker(0))) })
	if err != nil {
		return "", err
	}
	return sh.snippet(elementPrefix+h.ID, "100%", height, h.Summary, cellLinks(cells),
		func(b []byte, _ int) []byte { return appendCells(b, cells) }), nil
}

// appendCells appends cells as encoding/json writes a []heatCell.
func appendCells(b []byte, cells []heatCell) []byte {
	b = append(b, '[')
	for i := range cells {
		c := &cells[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"value":[`...)
		b = jsonappend.Float(b, c.Value[0])
		b = append(b, ',')
		b = jsonappend.Float(b, c.Value[1])
		b = append(b, ',')
		b = jsonappend.Float(b, c.Value[2])
		b = append(b, `],"x":`...)
		b = jsonappend.String(b, c.X)
		b = append(b, `,"y":`...)
		b = jsonappend.String(b, c.Y)
		if c.Link != "" {
			b = append(b, `,"link":`...)
			b = jsonappend.String(b, c.Link)
		}
		if c.Tip != "" {
			b = append(b, `,"tip":`...)
			b = jsonappend.String(b, c.Tip)
		}
		if c.Label != nil {
			b = append(b, `,"label":{"color":`...)
			b = jsonappend.String(b, c.Label.Color)
			b = append(b, '}')
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// scaleRange returns the range of the visual map: Min..Max, 0..1 (-1..1
// when Diverging) when both are zero, and symmetric about zero when
// Diverging.
func (h Heatmap) scaleRange() (lo, hi float64) {
	lo, hi = h.Min, h.Max
	switch {
	case lo == 0 && hi == 0 && h.Diverging:
		return -1, 1
	case lo == 0 && hi == 0:
		return 0, 1
	case h.Diverging:
		m := max(math.Abs(lo), math.Abs(hi))
		return -m, m
	}
	return lo, hi
}

// gridTop leaves room for a title.
func gridTop(t string) string {
	if t != "" {
		return "40"
	}
	return "8"
}

// heatAxisX is the column axis: the categories x, every label shown.
// go-echarts' HeatMap does not copy SetXAxis data into the axis, so the
// data is set here.
func heatAxisX(x []string) opts.XAxis {
	a := categoryAxis()
	a.Data = x
	a.SplitArea = &opts.SplitArea{Show: opts.Bool(true)}
	a.AxisLabel = &opts.AxisLabel{Color: textColor, Interval: "0"}
	return a
}

// heatAxisY is the row axis: the categories y, the first at the top.
func heatAxisY(y []string) opts.YAxis {
	return opts.YAxis{
		Type:      "category",
		Data:      y,
		Inverse:   opts.Bool(true),
		SplitArea: &opts.SplitArea{Show: opts.Bool(true)},
		AxisLabel: &opts.AxisLabel{Color: textColor, Interval: "0"},
		AxisLine:  &opts.AxisLine{LineStyle: &opts.LineStyle{Color: axisColor}},
	}
}

// heatCell is one cell of a Heatmap: [column, row, value], with the
// category names for the tooltip.
type heatCell struct {
	Value [3]float64 `json:"value"`
	X     string     `json:"x"`
	Y     string     `json:"y"`
	Link  string     `json:"link,omitempty"`
	Tip   string     `json:"tip,omitempty"`
	// Label, when set, overrides the series' label style for this cell.
	Label *cellLabel `json:"label,omitempty"`
}

// cellLabel is the label style of one cell.
type cellLabel struct {
	Color string `json:"color"`
}

// lightLabel is the label of a cell too dark for dark text: white.
var lightLabel = &cellLabel{Color: "#ffffff"}

// cells returns the cells that have a value.
func (h Heatmap) cells() []heatCell {
	var out []heatCell
	for i, row := range h.Values {
		for j, v := range row {
			if !math.IsNaN(v) {
				c := heatCell{Value: [3]float64{float64(j), float64(i), v}, X: h.X[j], Y: h.Y[i]}
				if h.Links != nil {
					c.Link = h.Links[i][j]
				}
				if h.Tips != nil {
					c.Tip = h.Tips[i][j]
				}
				out = append(out, c)
			}
		}
	}
	return out
}

// cellLinks lists the links of cells, each named by its row and column.
func cellLinks(cells []heatCell) []chartLink {
	var out []chartLink
	for _, c := range cells {
		if c.Link != "" {
			out = append(out, chartLink{Href: c.Link, Text: c.Y + " × " + c.X})
		}
	}
	return out
}

// check validates h and returns the height to draw it at.
func (h Heatmap) check() (string, error) {
	if err := ValidID(h.ID); err != nil {
		return "", err
	}
	if err := checkSummary(h.ID, h.Summary); err != nil {
		return "", err
	}
	def := strconv.Itoa(max(240, 48+40*len(h.Y))) + "px"
	height, err := checkHeight(h.ID, h.Height, def)
	if err != nil {
		return "", err
	}
	if len(h.Values) != len(h.Y) {
		return "", fmt.Errorf("chart %s: Values has %d rows for %d Y categories", h.ID, len(h.Values), len(h.Y))
	}
	for i, row := range h.Values {
		if err := checkLen(h.ID, fmt.Sprintf("Values[%d]", i), row, len(h.X)); err != nil {
			return "", err
		}
		if err := checkValues(h.ID, fmt.Sprintf("Values[%d]", i), row); err != nil {
			return "", err
		}
	}
	if err := h.checkLinks(); err != nil {
		return "", err
	}
	if err := h.checkTips(); err != nil {
		return "", err
	}
	if math.IsNaN(h.Min) || math.IsNaN(h.Max) || math.IsInf(h.Min, 0) || math.IsInf(h.Max, 0) || h.Min > h.Max {
		return "", fmt.Errorf("chart %s: range %v..%v is not a finite range", h.ID, h.Min, h.Max)
	}
	return height, nil
}

// checkLinks validates the shape and the URLs of h.Links.
func (h Heatmap) checkLinks() error {
	if h.Links == nil {
		return nil
	}
	if len(h.Links) != len(h.Values) {
		return fmt.Errorf("chart %s: Links has %d rows for %d rows of values", h.ID, len(h.Links), len(h.Values))
	}
	for i, row := range h.Links {
		if len(row) != len(h.Values[i]) {
			return fmt.Errorf("chart %s: Links[%d] has %d links for %d values", h.ID, i, len(row), len(h.Values[i]))
		}
		for _, l := range row {
			if err := checkLink(h.ID, l); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkTips validates the shape of h.Tips.
func (h Heatmap) checkTips() error {
	if h.Tips == nil {
		return nil
	}
	if len(h.Tips) != len(h.Values) {
		return fmt.Errorf("chart %s: Tips has %d rows for %d rows of values", h.ID, len(h.Tips), len(h.Values))
	}
	for i, row := range h.Tips {
		if len(row) != len(h.Values[i]) {
			return fmt.Errorf("chart %s: Tips[%d] has %d texts for %d values", h.ID, i, len(row), len(h.Values[i]))
		}
	}
	return nil
}

// visualMap is ECharts' continuous visualMap. go-echarts' own type drops a
// minimum or maximum of zero (omitempty), which ECharts then reads as its
// default range 0..200.
type visualMap struct {
	Type       string            `json:"type"`
	Min        float64           `json:"min"`
	Max        float64           `json:"max"`
	Calculable bool              `json:"calculable"`
	Orient     string            `json:"orient"`
	Right      string            `json:"right"`
	Top        string            `json:"top"`
	Precision  int               `json:"precision"`
	Text       []string          `json:"text"`
	ItemHeight int               `json:"itemHeight"`
	InRange    map[string]any    `json:"inRange"`
	TextStyle  map[string]string `json:"textStyle"`
}

// heatSeries is the heatmap series with its cell labels.
type heatSeries struct {
	Name      string         `json:"name"`
	Type      string         `json:"type"`
	Data      any            `json:"data"` // []heatCell, or a dataMarker in a shell
	Label     heatLabel      `json:"label"`
	ItemStyle opts.ItemStyle `json:"itemStyle"`
	Emphasis  map[string]any `json:"emphasis"`
}

// heatLabel shows the value in each cell.
type heatLabel struct {
	Show      bool          `json:"show"`
	Formatter types.FuncStr `json:"formatter"`
	Color     string        `json:"color"`
	FontSize  int           `json:"fontSize"`
	// A white outline keeps the text readable on the darkest cells.
	TextBorderColor string `json:"textBorderColor,omitempty"`
	TextBorderWidth int    `json:"textBorderWidth,omitempty"`
}

// heatVisitor writes the series and the visual map of a Heatmap.
type heatVisitor struct {
	charts.BaseConfigurationVisitor
	data     any // the cells, []heatCell, or a dataMarker
	min, max float64
	text     []string // the labels of the visual map's top and bottom
	colors   []string
	// outline draws labels with a white outline, which keeps them readable
	// on the strong end of a light-to-strong scale. A diverging scale
	// chooses each label's colour instead (labelDarkCells), and an outline
	// would only blur the text.
	outline bool
}

// VisitSeriesOpt returns the one heatmap series.
func (v heatVisitor) VisitSeriesOpt(charts.MultiSeries) any {
	label := heatLabel{Show: true, Formatter: formatter(fmtHeatLabel), Color: cellText, FontSize: 12}
	if v.outline {
		label.TextBorderColor, label.TextBorderWidth = "#ffffff", 2
	}
	return []heatSeries{{
		Name: "value", Type: "heatmap", Data: v.data,
		Label:     label,
		ItemStyle: opts.ItemStyle{BorderColor: bgColor, BorderWidth: 1},
		Emphasis:  map[string]any{"itemStyle": map[string]any{"borderColor": textColor, "borderWidth": 1}},
	}}
}

// Visit adds the visual map, which the chart has no go-echarts option for
// that keeps a zero bound.
func (v heatVisitor) Visit(chart map[string]any) {
	chart["visualMap"] = []visualMap{{
		Type: "continuous", Min: v.min, Max: v.max, Calculable: false,
		Orient: "vertical", Right: "0", Top: "middle", Precision: 2, ItemHeight: 120,
		Text:      v.text,
		InRange:   map[string]any{"color": v.colors},
		TextStyle: map[string]string{"color": textColor},
	}}
}

// labelDarkCells gives the cells whose colour on the scale lo..hi is dark a
// light label; the others keep the series' dark one. Each label thus takes
// whichever of the two colours contrasts more with its cell.
func labelDarkCells(cells []heatCell, colors []string, lo, hi float64) {
	for i := range cells {
		if prefersLightText(colorAt(colors, lo, hi, cells[i].Value[2])) {
			cells[i].Label = lightLabel
		}
	}
}

// colorAt returns the colour, as red, green and blue from 0 to 255, that
// ECharts' continuous visual map gives v: the colours spread evenly over
// lo..hi, neighbours blended linearly, values outside the range clamped.
func colorAt(colors []string, lo, hi, v float64) [3]float64 {
	t := 0.0
	if hi > lo {
		t = min(max((v-lo)/(hi-lo), 0), 1)
	}
	pos := t * float64(len(colors)-1)
	k := min(int(pos), len(colors)-2)
	a, b := hexRGB(colors[k]), hexRGB(colors[k+1])
	f := pos - float64(k)
	var out [3]float64
	for c := range out {
		out[c] = a[c] + (b[c]-a[c])*f
	}
	return out
}

// hexRGB reads a colour written #rrggbb.
func hexRGB(hex string) [3]float64 {
	var out [3]float64
	for c := range out {
		n, _ := strconv.ParseUint(hex[1+2*c:3+2*c], 16, 8)
		out[c] = float64(n)
	}
	return out
}

// luminance is the relative luminance of an sRGB colour (WCAG 2).
func luminance(rgb [3]float64) float64 {
	var lin [3]float64
	for c, v := range rgb {
		v /= 255
		if v <= 0.04045 {
			lin[c] = v / 12.92
		} else {
			lin[c] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*lin[0] + 0.7152*lin[1] + 0.0722*lin[2]
}

// prefersLightText reports whether white text contrasts more with bg than
// the dark text colour does (WCAG contrast ratios).
func prefersLightText(bg [3]float64) bool {
	l := luminance(bg)
	return (1+0.05)/(l+0.05) > (l+0.05)/(cellTextLuminance+0.05)
}

// cellTextLuminance is the luminance of cellText.
var cellTextLuminance = luminance(hexRGB(cellText))
