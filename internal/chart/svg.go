package chart

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// SVG charts are drawn in Go as inline SVG, with no script: small figures
// such as a Spark, which a page can show by the dozen without loading
// echarts. An SVG chart is an image to assistive technology (role="img",
// its summary as aria-label and <title>), takes its colours from the
// page's CSS (currentColor and classes of style.css, with presentation
// attributes as a fallback), and is drawn in a viewBox of fixed user units
// that is stretched to the CSS size, strokes keeping their width
// (vector-effect: non-scaling-stroke).

// linScale maps the domain d0..d1 linearly onto the range r0..r1; a domain
// of no width maps everything to the middle of the range.
type linScale struct{ d0, d1, r0, r1 float64 }

// at returns the position of v.
func (s linScale) at(v float64) float64 {
	if s.d1 == s.d0 {
		return (s.r0 + s.r1) / 2
	}
	return s.r0 + (v-s.d0)/(s.d1-s.d0)*(s.r1-s.r0)
}

// coord writes a coordinate in user units with at most two decimals.
func coord(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// svgOpen writes the start of an SVG chart of class class, viewBox
// 0 0 vw vh stretched to the CSS size width x height, labelled summary.
func svgOpen(b *strings.Builder, class, width, height string, vw, vh float64, summary string) {
	s := template.HTMLEscapeString(summary)
	fmt.Fprintf(b, `<svg class="%s" viewBox="0 0 %s %s" preserveAspectRatio="none" style="width:%s;height:%s" role="img" aria-label="%s"><title>%s</title>`,
		class, coord(vw), coord(vh), template.HTMLEscapeString(width), template.HTMLEscapeString(height), s, s)
}

// svgClose writes the end of an SVG chart.
func svgClose(b *strings.Builder) {
	b.WriteString("</svg>")
}
