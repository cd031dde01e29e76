package chart

import (
	"html/template"
	"math"
	"strings"
)

// Spark is a tiny line without axes for tables and dashboard cards, 120x32
// pixels unless Width and Height say otherwise, drawn as inline SVG (no
// script; see svg.go). Its line bridges gaps (NaN) and its last value is
// marked with a dot. The line takes the current text colour, which
// style.css sets for the class "spark".
type Spark struct {
	ID     string    // JavaScript identifier unique on the page
	Y      []float64 // values in order; NaN = no value
	Width  string    // optional CSS width, default "120px"
	Height string    // optional CSS height, default "32px"
	// Summary is a one-sentence text summary of the line, the SVG's
	// aria-label and <title>. Required.
	Summary string
}

// The user space of a Spark: a viewBox of sparkW x sparkH units, the line
// kept sparkPad units from the top and bottom so the dot is not cut.
const (
	sparkW, sparkH, sparkPad = 120, 32, 3
)

func (s Spark) chartID() string { return s.ID }

// HTML returns the chart as an SVG snippet, or an error if the ID, size,
// summary or values are invalid.
func (s Spark) HTML() (template.HTML, error) {
	if err := ValidID(s.ID); err != nil {
		return "", err
	}
	if err := checkSummary(s.ID, s.Summary); err != nil {
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
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range y {
		if !math.IsNaN(v) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	var b strings.Builder
	svgOpen(&b, "spark", width, height, sparkW, sparkH, s.Summary)
	if lo <= hi {
		xs := linScale{0, float64(max(len(y)-1, 0)), sparkPad, sparkW - sparkPad}
		ys := linScale{lo, hi, sparkH - sparkPad, sparkPad}
		var pts []string
		last := ""
		for i, v := range y {
			if math.IsNaN(v) {
				continue
			}
			last = coord(xs.at(float64(i))) + "," + coord(ys.at(v))
			pts = append(pts, last)
		}
		b.WriteString(`<polyline points="` + strings.Join(pts, " ") + `" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" vector-effect="non-scaling-stroke"/>`)
		b.WriteString(`<path class="spark-dot" d="M` + strings.Replace(last, ",", " ", 1) + `h0" stroke="currentColor" stroke-width="4" stroke-linecap="round" vector-effect="non-scaling-stroke"/>`)
	}
	svgClose(&b)
	return template.HTML(b.String()), nil
}
