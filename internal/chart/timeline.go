package chart

import (
	"fmt"
	"html/template"
	"math"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Timeline puts events on one time axis, one row (lane) per kind of event:
// iterations, decisions, investigations, error alerts. Each event is a
// point in its lane's colour at its date, with a label in its tooltip and
// an optional link that a click opens (and that the list of links after
// the chart names). Events of one lane on one day overlap; the tooltip
// names the topmost, and the page's list names them all. A caller with
// many events aggregates them: one point per period with its Count.
type Timeline struct {
	ID string // JavaScript identifier unique on the page
	// Summary is a one-sentence text summary of what the chart shows, read
	// by screen readers in place of the chart (its aria-label). Required.
	Summary string
	Lanes   []string // the rows, top to bottom
	Events  []TimelineEvent
	Height  string // CSS height; default 64px per lane plus 60px
}

// TimelineEvent is one event of a Timeline: its date (only the day counts;
// a zero date is an error), its lane (an index of Lanes), a label (text,
// escaped in the tooltip) and a relative link ("" for none). A point that
// stands for several events of a period (a month of a dense lane) has
// their Count, drawn larger the more it holds, and names the Period
// ("March 2025") that the tooltip shows in place of the date.
type TimelineEvent struct {
	Date   time.Time
	Lane   int
	Label  string
	Link   string
	Count  int    // events the point stands for; 0 or 1 for one
	Period string // the tooltip's date line; "" for the date
}

// timelineSize is the diameter in pixels of a point that stands for n
// events: 14 for one, growing with the logarithm of n up to 24 (a month
// of a year is about 14 px wide on a phone, so the points stay apart).
func timelineSize(n int) int {
	if n <= 1 {
		return 14
	}
	return min(24, 14+int(math.Round(3*math.Log10(float64(n)))))
}

func (t Timeline) chartID() string { return t.ID }

// timelinePoint is one event as series data: [day, lane name].
type timelinePoint struct {
	Value  [2]string `json:"value"`
	Label  string    `json:"text"`
	Link   string    `json:"link,omitempty"`
	Period string    `json:"period,omitempty"`
	Count  int       `json:"count,omitempty"`
	Size   int       `json:"symbolSize,omitempty"`
}

// HTML returns the chart as an HTML snippet, or an error if the ID,
// height, lanes, dates or links are invalid.
func (t Timeline) HTML() (template.HTML, error) {
	if err := ValidID(t.ID); err != nil {
		return "", err
	}
	if err := checkSummary(t.ID, t.Summary); err != nil {
		return "", err
	}
	height, err := checkHeight(t.ID, t.Height, fmt.Sprintf("%dpx", 64*len(t.Lanes)+60))
	if err != nil {
		return "", err
	}
	points := make([][]timelinePoint, len(t.Lanes))
	var links []chartLink
	for i := range points {
		points[i] = []timelinePoint{}
	}
	for _, e := range t.Events {
		if e.Lane < 0 || e.Lane >= len(t.Lanes) {
			return "", fmt.Errorf("chart %s: event %q is in lane %d of %d", t.ID, e.Label, e.Lane, len(t.Lanes))
		}
		if e.Date.IsZero() {
			return "", fmt.Errorf("chart %s: event %q has no date", t.ID, e.Label)
		}
		if e.Link != "" {
			if err := checkLink(t.ID, e.Link); err != nil {
				return "", err
			}
			links = append(links, chartLink{Href: e.Link, Text: e.Label})
		}
		day := e.Date.UTC().Format(time.DateOnly)
		pt := timelinePoint{Value: [2]string{day, t.Lanes[e.Lane]}, Label: e.Label, Link: e.Link, Period: e.Period}
		if e.Count > 1 {
			pt.Count, pt.Size = e.Count, timelineSize(e.Count)
		}
		points[e.Lane] = append(points[e.Lane], pt)
	}
	sc := charts.NewScatter()
	sc.SetGlobalOptions(initOpts(t.ID, "100%", height)...)
	yAxis := opts.YAxis{Type: "category", Data: reversed(t.Lanes), AxisLabel: &opts.AxisLabel{Color: textColor},
		SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: gridColor}}}
	xAxis := opts.XAxis{Type: "time", AxisLabel: &opts.AxisLabel{Color: textColor, HideOverlap: opts.Bool(true)},
		SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: gridColor}},
		AxisLine:  edgeAxisLine()}
	g := grid(false, false)
	g.Bottom = "16"
	sc.SetGlobalOptions(
		charts.WithColorsOpts(seriesColors),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "item", Formatter: formatter(fmtTimelineTooltip)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(g),
		charts.WithXAxisOpts(xAxis),
		charts.WithYAxisOpts(yAxis),
	)
	for i, lane := range t.Lanes {
		sc.AddSeries(lane, nil, charts.WithSeriesId(fmt.Sprintf("s%d", i)))
	}
	sc.Accept(timelineVisitor{points: points})
	return renderSnippet(t.ID, sc, &sc.BaseConfiguration, t.Summary, links)
}

// reversed returns the lanes bottom to top, as a category y axis lists them.
func reversed(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[len(s)-1-i] = x
	}
	return out
}

// timelineVisitor writes one scatter series per lane with its events.
type timelineVisitor struct {
	charts.BaseConfigurationVisitor
	points [][]timelinePoint
}

// timelineSeries is one lane's series.
type timelineSeries struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	Type       string          `json:"type"`
	Data       []timelinePoint `json:"data"`
	SymbolSize int             `json:"symbolSize"`
}

// VisitSeriesOpt returns one series per lane.
func (v timelineVisitor) VisitSeriesOpt(series charts.MultiSeries) any {
	out := make([]timelineSeries, len(series))
	for i, s := range series {
		out[i] = timelineSeries{ID: s.Id, Name: s.Name, Type: "scatter", Data: v.points[i], SymbolSize: 14}
	}
	return out
}
