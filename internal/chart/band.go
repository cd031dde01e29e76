package chart

import (
	"fmt"
	"html/template"
	"math"
	"slices"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Band is a line chart of one series over categories with an optional
// shaded interval band and optional horizontal reference lines.
type Band struct {
	ID    string // JavaScript identifier unique on the page, e.g. "trend_accuracy"
	Title string // optional
	// Summary is a one-sentence text summary of what the chart shows, read
	// by screen readers in place of the chart (its aria-label). Required.
	Summary  string
	X        []string  // category labels, e.g. iteration IDs
	Y        []float64 // NaN = no value at that category (a gap)
	Low      []float64 // optional, with High; same length as X; NaN = no interval there
	High     []float64 // optional, with Low; High[i] >= Low[i]
	YName    string    // axis name and the value's name in the tooltip, e.g. "mean accuracy"
	BandName string    // the interval's name in the tooltip; default "interval"
	Lines    []RefLine // optional horizontal lines, e.g. thresholds
	// Marks are optional red markers above the value of some categories,
	// e.g. the iterations with an alert; the tooltip shows their labels.
	Marks []Mark
	// Changes draw a dashed vertical line at each category X, labelled
	// Label: where something the values depend on changed, such as the
	// rating guidelines. A change at a category the Band lacks is not
	// drawn.
	Changes []Mark
	Height  string // CSS height, default "360px"
}

// Mark flags the category X of a Band with a red marker above its value;
// Label is shown in the tooltip. A mark at a category without a value, or
// at a category the Band does not have, is not drawn; several marks at one
// category are drawn as one with their labels joined.
type Mark struct {
	X     string
	Label string
}

// RefLine is a dashed horizontal line at Value, labelled "Name: Value".
type RefLine struct {
	Name  string
	Value float64
}

// Series IDs of a Band; its tooltip finds its values by them.
const (
	lowID  = "low"
	bandID = "band"
	meanID = "mean"
	refID  = "ref"
	markID = "marks"
)

// symbolLimit is the most points a Band marks with a symbol; above it the
// line alone is drawn.
const symbolLimit = 60

func (b Band) chartID() string { return b.ID }

// HTML returns the chart as an HTML snippet, or an error if the ID, height
// or series are invalid.
func (b Band) HTML() (template.HTML, error) {
	height, err := b.check()
	if err != nil {
		return "", err
	}
	b = b.downsampled()
	line := charts.NewLine()
	line.SetGlobalOptions(initOpts(b.ID, "100%", height)...)
	line.SetGlobalOptions(
		charts.WithTitleOpts(title(b.Title)),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis", Formatter: formatter(fmtBandTooltip)}),
		charts.WithGridOpts(grid(b.Title != "" || b.YName != "", false)),
		charts.WithXAxisOpts(categoryAxis()),
		charts.WithYAxisOpts(valueAxis(b.YName, true)),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
	)
	line.SetXAxis(b.X)
	if b.Low != nil {
		lo, width := bandData(b.Low, b.High)
		line.AddSeries(lowName, nil, lowerSeries(lo)...)
		line.AddSeries(orDefault(b.BandName, "interval"), nil, widthSeries(width)...)
	}
	line.AddSeries(orDefault(b.YName, "value"), nil, meanSeries(b.Y)...)
	if marks := markItems(b.X, b.Y, b.Marks); marks != nil {
		line.AddSeries(markName, nil, markSeries(marks)...)
	}
	v := bandVisitor{changes: newChangeLine(b.X, b.Changes)}
	if len(b.Lines) > 0 {
		line.AddSeries(refName, nil, refSeries(b.Lines)...)
		v.lines = newMarkLine(b.Lines)
	}
	line.Accept(v)
	return renderSnippet(b.ID, line, &line.BaseConfiguration, b.Summary, nil)
}

// Names of the invisible series of a Band.
const (
	lowName  = "low"
	refName  = "reference lines"
	markName = "alerts"
)

// check validates b and returns the height to draw it at.
func (b Band) check() (string, error) {
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
	n := len(b.X)
	if err := checkLen(b.ID, "Y", b.Y, n); err != nil {
		return "", err
	}
	if (b.Low == nil) != (b.High == nil) {
		return "", fmt.Errorf("chart %s: Low and High must be given together", b.ID)
	}
	for _, s := range []struct {
		name string
		v    []float64
	}{{"Y", b.Y}, {"Low", b.Low}, {"High", b.High}} {
		if s.v == nil {
			continue
		}
		if err := checkLen(b.ID, s.name, s.v, n); err != nil {
			return "", err
		}
		if err := checkValues(b.ID, s.name, s.v); err != nil {
			return "", err
		}
	}
	for i := range b.Low {
		if b.High[i] < b.Low[i] {
			return "", fmt.Errorf("chart %s: High[%d] = %v is below Low[%d] = %v", b.ID, i, b.High[i], i, b.Low[i])
		}
	}
	for i, l := range b.Lines {
		if math.IsNaN(l.Value) || math.IsInf(l.Value, 0) {
			return "", fmt.Errorf("chart %s: reference line %d (%q) has value %v", b.ID, i, l.Name, l.Value)
		}
	}
	return height, nil
}

// downsampled returns b with at most MaxPoints categories, chosen by the
// shape of Y, plus every marked category, so no mark is lost.
func (b Band) downsampled() Band {
	if len(b.X) <= MaxPoints {
		return b
	}
	idx := Downsample(b.Y, MaxPoints)
	if len(b.Marks) > 0 {
		idx = withMarked(idx, b.X, b.Marks)
	}
	b.X, b.Y = pick(b.X, idx), pick(b.Y, idx)
	b.Low, b.High = pick(b.Low, idx), pick(b.High, idx)
	return b
}

// withMarked adds to the sorted indices idx the first index of every
// marked category, keeping them sorted and distinct.
func withMarked(idx []int, x []string, marks []Mark) []int {
	marked := make(map[string]bool, len(marks))
	for _, m := range marks {
		marked[m.X] = true
	}
	out := slices.Clone(idx)
	for i, c := range x {
		if marked[c] {
			out = append(out, i)
			delete(marked, c)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// bandData returns the band as the lower bound and the width above it, NaN
// in both where either bound is missing.
func bandData(low, high []float64) (lo, width []float64) {
	lo = make([]float64, len(low))
	width = make([]float64, len(low))
	for i := range low {
		if math.IsNaN(low[i]) || math.IsNaN(high[i]) {
			lo[i], width[i] = math.NaN(), math.NaN()
			continue
		}
		lo[i], width[i] = low[i], high[i]-low[i]
	}
	return lo, width
}

// lowerSeries is the invisible lower bound the band is stacked on.
func lowerSeries(lo []float64) []charts.SeriesOpts {
	return []charts.SeriesOpts{
		charts.WithSeriesId(lowID),
		charts.WithLineChartOpts(opts.LineChart{Stack: bandID, Symbol: "none", ShowSymbol: opts.Bool(true)}),
		charts.WithLineStyleOpts(opts.LineStyle{Opacity: opts.Float(0)}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: capColor}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Data = bandItems(lo) }),
	}
}

// widthSeries is the band: High-Low stacked on the lower bound, filled with
// the tint and drawn without a line.
func widthSeries(width []float64) []charts.SeriesOpts {
	return []charts.SeriesOpts{
		charts.WithSeriesId(bandID),
		charts.WithLineChartOpts(opts.LineChart{Stack: bandID, Symbol: "none", ShowSymbol: opts.Bool(true)}),
		charts.WithLineStyleOpts(opts.LineStyle{Opacity: opts.Float(0)}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: capColor}),
		charts.WithAreaStyleOpts(opts.AreaStyle{Color: tintColor, Opacity: opts.Float(1)}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Data = bandItems(width) }),
	}
}

// capItem is a band value drawn with a short horizontal cap.
type capItem struct {
	Value      float64 `json:"value"`
	Symbol     string  `json:"symbol"`
	SymbolSize [2]int  `json:"symbolSize"`
}

// bandItems returns the data of a band series. An interval with no
// interval on either side would be a shaded area of no width, which does
// not show; its bounds get caps instead, drawn at the stacked positions, so
// at Low and High.
func bandItems(v []float64) []any {
	d := data(v)
	for i, x := range v {
		if math.IsNaN(x) || i > 0 && !math.IsNaN(v[i-1]) || i+1 < len(v) && !math.IsNaN(v[i+1]) {
			continue
		}
		d[i] = capItem{Value: x, Symbol: "rect", SymbolSize: [2]int{14, 2}}
	}
	return d
}

// meanSeries is the value line in the strong colour.
func meanSeries(y []float64) []charts.SeriesOpts {
	return []charts.SeriesOpts{
		charts.WithSeriesId(meanID),
		charts.WithLineChartOpts(opts.LineChart{
			Symbol:     "circle",
			SymbolSize: 6,
			ShowSymbol: opts.Bool(len(y) <= symbolLimit),
		}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: strongColor, Width: 2}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: strongColor}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Data = data(y) }),
	}
}

// markItem is a marked value: a red triangle pointing down at it from
// above, with the mark's label for the tooltip.
type markItem struct {
	Value        float64 `json:"value"`
	Mark         string  `json:"mark"`
	Symbol       string  `json:"symbol"`
	SymbolSize   int     `json:"symbolSize"`
	SymbolRotate int     `json:"symbolRotate"`
	SymbolOffset [2]int  `json:"symbolOffset"`
}

// markItems returns the data of the marks series: a markItem at each
// marked category that has a value, "-" elsewhere; nil when no mark can be
// drawn. Labels of marks at one category are joined with "; " in the order
// given.
func markItems(x []string, y []float64, marks []Mark) []any {
	if len(marks) == 0 {
		return nil
	}
	at := make(map[string]int, len(x))
	for i, c := range x {
		if _, dup := at[c]; !dup {
			at[c] = i
		}
	}
	out := make([]any, len(x))
	for i := range out {
		out[i] = "-"
	}
	drawn := false
	for _, m := range marks {
		i, ok := at[m.X]
		if !ok || math.IsNaN(y[i]) {
			continue
		}
		if prev, ok := out[i].(markItem); ok {
			prev.Mark += "; " + m.Label
			out[i] = prev
			continue
		}
		out[i] = markItem{Value: y[i], Mark: m.Label, Symbol: "triangle", SymbolSize: 11, SymbolRotate: 180, SymbolOffset: [2]int{0, -14}}
		drawn = true
	}
	if !drawn {
		return nil
	}
	return out
}

// markSeries draws the marks: symbols only, no line.
func markSeries(items []any) []charts.SeriesOpts {
	return []charts.SeriesOpts{
		charts.WithSeriesId(markID),
		charts.WithLineChartOpts(opts.LineChart{Symbol: "triangle", ShowSymbol: opts.Bool(true)}),
		charts.WithLineStyleOpts(opts.LineStyle{Opacity: opts.Float(0)}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: markColor}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Data = items }),
	}
}

// refSeries carries the reference lines. Its invisible data holds the
// lowest and highest line at the first category, so that the value axis
// always reaches every line (ECharts sizes the axis by series data only,
// never by mark lines).
func refSeries(lines []RefLine) []charts.SeriesOpts {
	lo, hi := lines[0].Value, lines[0].Value
	for _, l := range lines[1:] {
		lo, hi = min(lo, l.Value), max(hi, l.Value)
	}
	return []charts.SeriesOpts{
		charts.WithSeriesId(refID),
		charts.WithLineChartOpts(opts.LineChart{Symbol: "none"}),
		charts.WithLineStyleOpts(opts.LineStyle{Opacity: opts.Float(0)}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Data = [][2]float64{{0, lo}, {0, hi}} }),
	}
}

// markLine is ECharts' markLine option: the reference lines as dashed,
// labelled, silent horizontal lines.
type markLine struct {
	Silent    bool            `json:"silent"`
	Symbol    []string        `json:"symbol"`
	Label     opts.Label      `json:"label"`
	LineStyle opts.LineStyle  `json:"lineStyle"`
	Data      []markLineValue `json:"data"`
}

// markLineValue is one horizontal line of a markLine.
type markLineValue struct {
	Name  string  `json:"name"`
	YAxis float64 `json:"yAxis"`
}

// newMarkLine returns the markLine option that draws lines.
func newMarkLine(lines []RefLine) *markLine {
	m := &markLine{
		Silent:    true,
		Symbol:    []string{"none", "none"},
		Label:     opts.Label{Show: opts.Bool(true), Formatter: "{b}", Position: "insideEndTop", Color: refColor},
		LineStyle: opts.LineStyle{Color: refColor, Type: "dashed", Width: 1},
	}
	for _, l := range lines {
		name := formatValue(l.Value)
		if l.Name != "" {
			name = l.Name + ": " + name
		}
		m.Data = append(m.Data, markLineValue{Name: name, YAxis: l.Value})
	}
	return m
}

// bandVisitor adds the series options of a Band that go-echarts lacks.
type bandVisitor struct {
	charts.BaseConfigurationVisitor
	lines   *markLine   // the reference lines, on the series refID
	changes *changeLine // the vertical change lines, on the series meanID
}

// changeLine is ECharts' markLine option for vertical lines at categories.
type changeLine struct {
	Silent    bool              `json:"silent"`
	Symbol    []string          `json:"symbol"`
	Label     opts.Label        `json:"label"`
	LineStyle opts.LineStyle    `json:"lineStyle"`
	Data      []changeLineValue `json:"data"`
}

// changeLineValue is one vertical line of a changeLine.
type changeLineValue struct {
	Name  string `json:"name"`
	XAxis string `json:"xAxis"`
}

// newChangeLine returns the markLine option that draws changes at the
// categories of x they name; nil when none is drawn.
func newChangeLine(x []string, changes []Mark) *changeLine {
	m := &changeLine{
		Silent:    true,
		Symbol:    []string{"none", "none"},
		Label:     opts.Label{Show: opts.Bool(true), Formatter: "{b}", Position: "insideEndTop", Color: refColor},
		LineStyle: opts.LineStyle{Color: refColor, Type: "dashed", Width: 1},
	}
	for _, c := range changes {
		if slices.Contains(x, c.X) {
			m.Data = append(m.Data, changeLineValue{Name: c.Label, XAxis: c.X})
		}
	}
	if len(m.Data) == 0 {
		return nil
	}
	return m
}

// bandMeanSeries is the value line of a Band with its change lines.
type bandMeanSeries struct {
	bandSeries
	ChangeLine *changeLine `json:"markLine,omitempty"`
}

// bandSeries is a series of a Band with the options go-echarts lacks.
//
// StackStrategy "all" stacks the band on its lower bound whatever their
// signs. ECharts' default, "samesign", stacks a value only on a base of the
// same sign, so a band whose lower bound is negative would be drawn from
// zero instead of from the bound.
type bandSeries struct {
	charts.SingleSeries
	StackStrategy string    `json:"stackStrategy,omitempty"`
	Silent        bool      `json:"silent,omitempty"`
	MarkLine      *markLine `json:"markLine,omitempty"`
	// ShowAllSymbol keeps ECharts from thinning out the marks when the
	// categories are crowded.
	ShowAllSymbol bool `json:"showAllSymbol,omitempty"`
}

// VisitSeriesOpt returns the series with stack strategy, silence and mark
// lines added. Only the value line reacts to the mouse.
func (v bandVisitor) VisitSeriesOpt(series charts.MultiSeries) any {
	out := make([]any, len(series))
	for i, s := range series {
		bs := bandSeries{SingleSeries: s, Silent: s.Id != meanID}
		if s.Stack != "" {
			bs.StackStrategy = "all"
		}
		if s.Id == refID {
			bs.MarkLine = v.lines
		}
		bs.ShowAllSymbol = s.Id == markID
		out[i] = bs
		if s.Id == meanID && v.changes != nil {
			out[i] = bandMeanSeries{bandSeries: bs, ChangeLine: v.changes}
		}
	}
	return out
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
