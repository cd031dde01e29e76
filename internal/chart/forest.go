package chart

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Forest is a forest plot drawn as inline SVG, one glyph per row so that
// each glyph can sit in a row of a table: the change with its interval on a
// horizontal axis shared by every row, a vertical zero line, and optional
// ticks for a minimum effect worth having and for the largest regression
// allowed. Values are oriented before they reach the plot: right is
// better, whatever the subject's direction.
//
// Forest needs no script and no echarts: it is plain markup, readable in
// print and dark mode (its colours are CSS classes and currentColor), and
// each glyph is an image with a text alternative.
type Forest struct {
	// Limit is the half-width of the axis in the rows' units: the axis
	// runs from -Limit to +Limit. Values beyond it are clipped and the
	// clipped end is drawn as an arrow head. Use ForestLimit to choose it.
	Limit float64
}

// ForestRow is one row of a forest plot, already oriented so that positive
// is better.
type ForestRow struct {
	Point     float64
	Low, High float64 // the interval; NaN when the row has none
	// MinEffect, when not NaN, is the smallest improvement worth having,
	// drawn as a tick on the better side; MaxLoss the largest regression
	// allowed, drawn as a tick at -MaxLoss.
	MinEffect, MaxLoss float64
	Class              string // CSS class of the glyph: "good", "bad", "flat", "hint-good" ...
	Label              string // the glyph's text alternative, one sentence
}

// Geometry of a glyph, in SVG user units; it scales with its CSS width.
const (
	forestW   = 160.0
	forestH   = 16.0
	forestPad = 6.0 // room for arrow heads and the point's radius
)

// ForestLimit returns an axis half-width that shows every finite end of
// rows, rounded up to 1, 2 or 5 times a power of ten, or 1 when the rows
// have no finite value.
func ForestLimit(rows []ForestRow) float64 {
	m := 0.0
	for _, r := range rows {
		for _, v := range []float64{r.Point, r.Low, r.High, r.MinEffect, r.MaxLoss} {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				m = max(m, math.Abs(v))
			}
		}
	}
	if m == 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(m)))
	for _, f := range []float64{1, 2, 5, 10} {
		if m <= f*p*(1+1e-12) {
			return f * p
		}
	}
	return 10 * p
}

// x maps a value to the glyph's horizontal coordinate, clipping to the axis.
func (f Forest) x(v float64) (float64, bool) {
	half := forestW/2 - forestPad
	t := v / f.Limit
	clipped := t < -1 || t > 1
	t = math.Max(-1, math.Min(1, t))
	return forestW/2 + t*half, clipped
}

// Glyph returns the SVG of one row. It is an error for Limit to be not
// positive or for Point to be NaN or infinite.
func (f Forest) Glyph(r ForestRow) (template.HTML, error) {
	if !(f.Limit > 0) || math.IsInf(f.Limit, 0) {
		return "", fmt.Errorf("chart: forest limit %v must be positive and finite", f.Limit)
	}
	if math.IsNaN(r.Point) || math.IsInf(r.Point, 0) {
		return "", fmt.Errorf("chart: forest point %v is not a number", r.Point)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="forest %s" viewBox="0 0 %s %s" role="img" aria-label="%s"><title>%s</title>`,
		template.HTMLEscapeString(r.Class), svgNum(forestW), svgNum(forestH),
		template.HTMLEscapeString(r.Label), template.HTMLEscapeString(r.Label))
	mid := forestH / 2
	fmt.Fprintf(&b, `<line class="zero" x1="%[1]s" x2="%[1]s" y1="0" y2="%[2]s"/>`, svgNum(forestW/2), svgNum(forestH))
	if !math.IsNaN(r.MinEffect) {
		x, clipped := f.x(math.Abs(r.MinEffect))
		if !clipped {
			fmt.Fprintf(&b, `<line class="target" x1="%[1]s" x2="%[1]s" y1="2" y2="%[2]s"/>`, svgNum(x), svgNum(forestH-2))
		}
	}
	if !math.IsNaN(r.MaxLoss) {
		x, clipped := f.x(-math.Abs(r.MaxLoss))
		if !clipped {
			fmt.Fprintf(&b, `<line class="limit" x1="%[1]s" x2="%[1]s" y1="2" y2="%[2]s"/>`, svgNum(x), svgNum(forestH-2))
		}
	}
	if !math.IsNaN(r.Low) && !math.IsNaN(r.High) {
		x1, c1 := f.x(math.Min(r.Low, r.High))
		x2, c2 := f.x(math.Max(r.Low, r.High))
		fmt.Fprintf(&b, `<line class="ci" x1="%s" x2="%s" y1="%s" y2="%s"/>`, svgNum(x1), svgNum(x2), svgNum(mid), svgNum(mid))
		if c1 {
			fmt.Fprintf(&b, `<path class="clip" d="M%s %sl4 -3v6z"/>`, svgNum(x1-2), svgNum(mid))
		}
		if c2 {
			fmt.Fprintf(&b, `<path class="clip" d="M%s %sl-4 -3v6z"/>`, svgNum(x2+2), svgNum(mid))
		}
	}
	x, clipped := f.x(r.Point)
	if clipped {
		dir := pickStr(r.Point < 0, "l5 -4v8z", "l-5 -4v8z")
		fmt.Fprintf(&b, `<path class="point" d="M%s %s%s"/>`, svgNum(pickNum(r.Point < 0, x-3, x+3)), svgNum(mid), dir)
	} else {
		fmt.Fprintf(&b, `<circle class="point" cx="%s" cy="%s" r="3.5"/>`, svgNum(x), svgNum(mid))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()), nil
}

// Axis returns the SVG of the axis under a column of glyphs: ticks at
// -Limit, 0 and +Limit labelled with format, and the words "worse" and
// "better" at the ends.
func (f Forest) Axis(format func(float64) string) (template.HTML, error) {
	if !(f.Limit > 0) || math.IsInf(f.Limit, 0) {
		return "", fmt.Errorf("chart: forest limit %v must be positive and finite", f.Limit)
	}
	var b strings.Builder
	lo, _ := f.x(-f.Limit)
	hi, _ := f.x(f.Limit)
	label := fmt.Sprintf("Axis from %s (worse) to %s (better)", format(-f.Limit), format(f.Limit))
	fmt.Fprintf(&b, `<svg class="forest-axis" viewBox="0 0 %s 24" role="img" aria-label="%s">`,
		svgNum(forestW), template.HTMLEscapeString(label))
	for _, t := range []struct {
		x      float64
		anchor string
		text   string
	}{{lo, "start", format(-f.Limit)}, {forestW / 2, "middle", "0"}, {hi, "end", format(f.Limit)}} {
		fmt.Fprintf(&b, `<line x1="%[1]s" x2="%[1]s" y1="0" y2="4"/><text x="%[1]s" y="13" text-anchor="%[2]s">%[3]s</text>`,
			svgNum(t.x), t.anchor, template.HTMLEscapeString(t.text))
	}
	fmt.Fprintf(&b, `<text class="worse" x="%s" y="23" text-anchor="start">← worse</text>`, svgNum(lo))
	fmt.Fprintf(&b, `<text class="better" x="%s" y="23" text-anchor="end">better →</text>`, svgNum(hi))
	b.WriteString(`</svg>`)
	return template.HTML(b.String()), nil
}

// svgNum writes a coordinate with at most two decimals.
func svgNum(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

func pickStr(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

func pickNum(c bool, a, b float64) float64 {
	if c {
		return a
	}
	return b
}
