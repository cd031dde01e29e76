// Package chart draws evalbook's charts as self-contained HTML snippets.
//
// Most charts are ECharts charts: a snippet is a <div> that holds the chart
// and the chart's options as a JSON block, <script type="application/json"
// data-chart="chart_ID">, which a browser never runs; the site's charts.js
// reads every such block on DOMContentLoaded and draws its chart. go-echarts
// builds the options; the snippet around them is written here (see
// renderSnippet). A snippet carries no code, loads no script and names no
// host, so a page's Content-Security-Policy can forbid inline script: the
// page that embeds it must load the site's own copy of echarts.min.js
// (ECharts 5, vendored under templates/assets/vendor) and then charts.js,
// both with defer, in its <head>. A Spark is inline SVG drawn in Go
// (svg.go) and needs no script at all.
//
// Where ECharts takes a function (a tooltip's formatter, a value formatter,
// a heat-map cell's label), the options hold a formatter's name
// ("evalbook:bandTooltip", formatter.go) that charts.js replaces by its
// function of that name; a click on an item with a link is followed by
// charts.js.
//
// # Colours and accessibility
//
// Colours in the options are CSS custom properties of the page, written
// "var(--chart-strong)" and so on; charts.js replaces them with their
// current values and themes text, axes, grid lines, legends and tooltips
// from the same properties, so a chart follows the page's light and dark
// colour schemes (and is drawn again when the scheme changes). Heat-map
// cells keep fixed colours in both schemes. Every chart must have a
// Summary, a one-sentence text summary of what it shows: the chart's
// element has role="img" and the summary as its aria-label (an SVG chart
// also has it as its <title>). A chart whose cells or points link to pages
// is followed by a collapsed list of those links ("Links in this chart",
// a <details class="chart-links">), so a keyboard reaches every page a
// click on the chart opens.
//
// Six chart types exist: Band, a line over categories with an optional
// shaded interval and horizontal reference lines; Spark, a tiny SVG line
// with no axes for tables and cards; Bars, one or more bar series, optionally
// stacked; Lines, several line series over the same categories with
// optional reference lines; Heatmap, a grid of cells coloured by value
// through a visual map (light to strong, or diverging red-white-blue for
// signed values), each labelled with its value to two decimals; and
// Scatter, points in coloured groups on two value axes, half transparent so
// that coinciding points show darker (no jitter), thinned to at most
// MaxScatterPoints. Heat-map cells and scatter points may link to pages: a
// click opens the link, which must be a relative path (a scheme such as
// javascript: is an error).
//
// A Band's interval is drawn the usual ECharts way, as the width High-Low
// stacked on an invisible Low series and filled, but with stackStrategy
// "all", so that a band with a negative lower bound is shaded between its
// bounds rather than from zero. An interval with no interval next to it is
// drawn as two caps, since a filled area of no width does not show. The
// value axis fits the data and always reaches every reference line. Marks
// flag categories (the iterations with an alert, say) with a red triangle
// above the value. The tooltip shows the category, the value, the interval,
// with four significant digits, and the labels of a mark.
//
// # IDs
//
// Every chart has an ID that must be a JavaScript identifier made of ASCII
// letters, digits, '_' and '$', not starting with a digit (NewID builds one
// from arbitrary names). The chart's element id is "chart_" + ID; a script
// finds the drawn chart with echarts.getInstanceByDom. Two charts with the
// same ID on one page break the page: the second options block draws into
// the first chart's element and the second chart never draws. HTML cannot see
// the other charts of a page; Page can, and refuses a repeated ID.
//
// # Output
//
// Output is a pure function of the chart value: the same chart gives the
// same bytes on every run. Charts take the full width of their container
// ("100%") and redraw when the window is resized (charts.js); animation is
// off. NaN in
// any series is a gap and is written as "-", the way ECharts marks a missing
// value, so NaN never reaches the page; an infinity is an error. Series
// longer than MaxPoints are downsampled in Go before they are written (see
// Downsample). Every '<' inside the JSON block is written as \u003c, so no
// title, label or name can end the element early, and text is always a
// JSON string. Tooltips escape the text they show with
// echarts.format.encodeHTML.
package chart

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Palette colours. They are CSS custom properties of the page, written as
// "var(--name)": the page's charts.js replaces each with the property's
// current value before the chart is drawn and again when the colour scheme
// changes, so charts follow the page's light and dark colours. The strong
// colour draws a Band's value line; its tint fills the interval, and a
// stronger tint caps an interval that stands alone; reference lines are
// dashed in refColor; marks are markColor.
const (
	strongColor = "var(--chart-strong)"
	tintColor   = "var(--chart-tint)"
	capColor    = "var(--chart-cap)"
	refColor    = "var(--chart-ref)"
	markColor   = "var(--chart-mark)"
	textColor   = "var(--chart-text)"
	axisColor   = "var(--chart-axis)"
	gridColor   = "var(--chart-grid)"
	bgColor     = "var(--bg)"
)

// seriesColors is the palette of Bars, Lines and Scatter: Paul Tol's
// colour-blind safe "bright" scheme in the light style sheet, as
// --chart-1 to --chart-7.
var seriesColors = opts.Colors{"var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-4)", "var(--chart-5)", "var(--chart-6)", "var(--chart-7)"}

// assetsHost is given to go-echarts in place of its default CDN. Snippets
// never use it; it is set so that no remote address can reach a page.
const assetsHost = "assets/vendor/"

// elementPrefix starts every chart's element id, keeping it apart from the
// ids that page templates give their own elements.
const elementPrefix = "chart_"

var identRE = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// cssLengthRE matches the CSS lengths a chart's height may take.
var cssLengthRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?(px|em|rem|vh|%)$`)

// ValidID reports an error unless id can name a chart: a JavaScript
// identifier of ASCII letters, digits, '_' and '$' that does not start with
// a digit.
func ValidID(id string) error {
	if !identRE.MatchString(id) {
		return fmt.Errorf("chart: ID %q is not a JavaScript identifier (ASCII letters, digits, _ and $, not starting with a digit)", id)
	}
	return nil
}

// NewID returns a chart ID made of prefix, '_' and name, where every
// character of name other than an ASCII letter, digit or '_' becomes '_'.
// When name had to change (or is empty), a hash of the original name is
// appended, so different names always give different IDs: "a-b" and "a_b"
// do not collide. prefix must itself be a valid ID.
func NewID(prefix, name string) string {
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteByte('_')
	changed := name == ""
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('_')
		changed = true
	}
	if changed {
		fmt.Fprintf(&b, "_%08x", fnv32a(name))
	}
	return b.String()
}

// fnv32a is the 32-bit FNV-1a hash of s.
func fnv32a(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// Chart is a chart that can be drawn on a Page: a Band, Spark, Bars, Lines,
// Heatmap or Scatter.
type Chart interface {
	HTML() (template.HTML, error)
	chartID() string
}

// Page draws the charts of one HTML page and refuses a second chart with an
// ID already used on it. The zero Page is ready to use; use one Page per
// page.
type Page struct {
	used map[string]bool
}

// HTML returns the snippet of c, or an error if c's ID was used before on
// this page or c cannot be drawn.
func (p *Page) HTML(c Chart) (template.HTML, error) {
	id := c.chartID()
	if p.used[id] {
		return "", fmt.Errorf("chart: ID %q is used twice on one page; the second chart would not draw", id)
	}
	h, err := c.HTML()
	if err != nil {
		return "", err
	}
	if p.used == nil {
		p.used = make(map[string]bool)
	}
	p.used[id] = true
	return h, nil
}

// checkHeight returns h, or def when h is empty, or an error when h is not a
// plain CSS length.
func checkHeight(id, h, def string) (string, error) {
	if h == "" {
		return def, nil
	}
	if !cssLengthRE.MatchString(h) {
		return "", fmt.Errorf("chart %s: height %q is not a CSS length such as 360px", id, h)
	}
	return h, nil
}

// checkValues reports an error for an infinite value in v.
func checkValues(id, what string, v []float64) error {
	for i, x := range v {
		if math.IsInf(x, 0) {
			return fmt.Errorf("chart %s: %s[%d] is %v; use NaN for a missing value", id, what, i, x)
		}
	}
	return nil
}

// checkLen reports an error unless len(v) is n.
func checkLen(id, what string, v []float64, n int) error {
	if len(v) != n {
		return fmt.Errorf("chart %s: %s has %d values for %d categories", id, what, len(v), n)
	}
	return nil
}

// data converts v to series data: a number, or "-" for NaN (a gap).
func data(v []float64) []any {
	out := make([]any, len(v))
	for i, x := range v {
		if math.IsNaN(x) {
			out[i] = "-"
		} else {
			out[i] = x
		}
	}
	return out
}

// formatValue writes v for a label: the shortest decimal that reads back
// as v.
func formatValue(v float64) string {
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// initOpts returns the options every chart shares: its ID, size, the local
// asset host and no animation.
func initOpts(id, width, height string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{
			ChartID:    elementPrefix + id,
			Width:      width,
			Height:     height,
			AssetsHost: assetsHost,
		}),
		charts.WithAnimation(false),
	}
}

// echartsChart is the part of a go-echarts chart that HTML needs: the
// chart completes its series (Validate) and encodes its options as JSON.
// Its BaseConfiguration holds the element's ID and size.
type echartsChart interface {
	Validate()
	JSONNotEscaped() template.HTML
}

// chartLink is a page that a click on a chart opens, with the text that
// names the point or cell it belongs to.
type chartLink struct {
	Href, Text string
}

// checkSummary reports an error for a chart without a summary: the
// summary is all a screen reader announces of a chart.
func checkSummary(id, summary string) error {
	if strings.TrimSpace(summary) == "" {
		return fmt.Errorf("chart %s: Summary is empty; every chart needs a one-sentence text summary for screen readers", id)
	}
	return nil
}

// renderSnippet returns the element and options of c as one HTML snippet:
// the chart's element, an image to assistive technology labelled with
// summary, its options as a JSON block (<script type="application/json">,
// which a browser never runs) that names the element in data-chart, and,
// when the chart has links, a list of them that a keyboard can reach. The
// site's charts.js finds every such block once the page has loaded and
// draws its chart. It writes them itself rather than through go-echarts'
// RenderSnippet, which writes the options into an inline script. A panic
// of go-echarts becomes an error.
func renderSnippet(id string, c echartsChart, base *charts.BaseConfiguration, summary string, links []chartLink) (template.HTML, error) {
	options, err := encodeOptions(id, c)
	if err != nil {
		return "", err
	}
	init := base.Initialization
	return snippet(init.ChartID, init.Width, init.Height, summary, links, options), nil
}

// encodeOptions returns c's options as go-echarts encodes them; a panic
// of go-echarts becomes an error.
func encodeOptions(id string, c echartsChart) (options string, err error) {
	defer func() {
		if p := recover(); p != nil {
			options, err = "", fmt.Errorf("chart %s: rendering failed: %v", id, p)
		}
	}()
	c.Validate()
	return strings.TrimSpace(string(c.JSONNotEscaped())), nil
}

// snippet writes the snippet of renderSnippet for the element elem of the
// given size and the options JSON.
func snippet(elem, width, height, summary string, links []chartLink, options string) template.HTML {
	return snippetWith(elem, width, height, summary, links, len(options), func(b *strings.Builder) {
		writeNoLT(b, options)
	})
}

// snippetWith writes the snippet of renderSnippet with the options JSON,
// about size bytes, written by options through writeNoLT: no '<' in the
// block, so nothing in it can end the element early or open a comment.
// JSON has '<' only inside strings, where \u003c reads back the same.
func snippetWith(elem, width, height, summary string, links []chartLink, size int, options func(*strings.Builder)) template.HTML {
	elem = template.HTMLEscapeString(elem)
	summary = template.HTMLEscapeString(summary)
	n := 256 + 2*len(elem) + len(summary) + size
	for _, l := range links {
		n += 24 + len(l.Href) + len(l.Text)
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString("<div class=\"chart\">\n    <div class=\"chart-canvas\" id=\"")
	b.WriteString(elem)
	b.WriteString("\" role=\"img\" aria-label=\"")
	b.WriteString(summary)
	b.WriteString("\" style=\"width:")
	b.WriteString(template.HTMLEscapeString(width))
	b.WriteString(";height:")
	b.WriteString(template.HTMLEscapeString(height))
	b.WriteString(";\"></div>\n")
	writeLinks(&b, links)
	b.WriteString("</div>\n" + scriptOpen)
	b.WriteString(elem)
	b.WriteString(scriptOpenEnd + "\n")
	options(&b)
	b.WriteString("\n" + scriptClose + "\n")
	return template.HTML(b.String())
}

// writeNoLT writes s with every '<' as \u003c.
func writeNoLT(b *strings.Builder, s string) {
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:i])
		b.WriteString(`\u003c`)
		s = s[i+1:]
	}
}

// writeBytesNoLT is writeNoLT for bytes.
func writeBytesNoLT(b *strings.Builder, s []byte) {
	for {
		i := bytes.IndexByte(s, '<')
		if i < 0 {
			b.Write(s)
			return
		}
		b.Write(s[:i])
		b.WriteString(`\u003c`)
		s = s[i+1:]
	}
}

// A chart whose options are mostly data (Heatmap, Scatter) has go-echarts
// encode its options with each series' data replaced by a marker string,
// dataMarker(i), cuts the JSON at the markers into a shell, and appends the
// data itself (jsonappend, the bytes encoding/json would write) between
// the shell's parts. The shell depends only on the chart's settings, not
// its data, so it is cached under a key of those settings (shells): the
// pages that draw the same chart over other data (the discrepancy matrix
// of every iteration, say) build go-echarts' options once.

// dataMarker is the JSON string (a json.RawMessage in the options) that
// stands for series i's data in a shell.
func dataMarker(i int) string { return `"evalbook:data:` + strconv.Itoa(i) + `"` }

// shell is a chart's options JSON cut at its series' data: parts[i] comes
// before series i's data, the last part after the last series' data.
type shell []string

// shells caches shells by key, up to maxShells of them.
var shells struct {
	sync.Mutex
	m map[string]shell
}

const maxShells = 512

// cachedShell returns the shell under key, or builds it with build (the
// options JSON with n data markers), cuts it and caches it.
func cachedShell(id, key string, n int, build func() (string, error)) (shell, error) {
	shells.Lock()
	sh, ok := shells.m[key]
	shells.Unlock()
	if ok {
		return sh, nil
	}
	options, err := build()
	if err != nil {
		return nil, err
	}
	rest := options
	for i := range n {
		m := dataMarker(i)
		k := strings.Index(rest, m)
		if k < 0 {
			return nil, fmt.Errorf("chart %s: the options have no data marker %s", id, m)
		}
		if strings.Count(options, m) > 1 {
			// A setting (a label, say) reads as the marker itself: cut
			// there, the data would land in the wrong place.
			return nil, fmt.Errorf("chart %s: a setting of the chart is the text %s, which stands for its data", id, m)
		}
		sh = append(sh, rest[:k])
		rest = rest[k+len(m):]
	}
	sh = append(sh, rest)
	shells.Lock()
	if shells.m == nil {
		shells.m = make(map[string]shell)
	}
	if len(shells.m) < maxShells {
		shells.m[key] = sh
	}
	shells.Unlock()
	return sh, nil
}

// dataScratch holds the bytes of charts' data while a snippet is written.
var dataScratch = sync.Pool{New: func() any { return new([]byte) }}

// snippet writes the snippet of a chart drawn from sh: the element elem
// of the given size, and the options with series i's data appended by
// data(b, i).
func (sh shell) snippet(elem, width, height, summary string, links []chartLink, data func(b []byte, i int) []byte) template.HTML {
	scratch := dataScratch.Get().(*[]byte)
	defer dataScratch.Put(scratch)
	buf := (*scratch)[:0]
	ends := make([]int, len(sh)-1)
	for i := range ends {
		buf = data(buf, i)
		ends[i] = len(buf)
	}
	*scratch = buf
	size := len(buf)
	for _, p := range sh {
		size += len(p)
	}
	return snippetWith(elem, width, height, summary, links, size, func(b *strings.Builder) {
		start := 0
		for i, p := range sh {
			writeNoLT(b, p)
			if i < len(ends) {
				writeBytesNoLT(b, buf[start:ends[i]])
				start = ends[i]
			}
		}
	})
}

// shellKey builds a cache key from a chart's settings: each string with
// its length, so that no two lists of settings give the same key.
type shellKey struct{ b []byte }

func (k *shellKey) str(s ...string) {
	for _, x := range s {
		k.b = strconv.AppendInt(k.b, int64(len(x)), 10)
		k.b = append(k.b, ':')
		k.b = append(k.b, x...)
	}
	k.b = append(k.b, '|')
}

func (k *shellKey) num(x ...float64) {
	for _, v := range x {
		k.b = strconv.AppendFloat(k.b, v, 'g', -1, 64)
		k.b = append(k.b, ',')
	}
	k.b = append(k.b, '|')
}

// writeLinks writes the links of a chart as a collapsed list, each page
// once, in the order of the chart's data; nothing when there are none.
func writeLinks(b *strings.Builder, links []chartLink) {
	seen := make(map[string]bool, len(links))
	var keep []int
	for i, l := range links {
		if l.Href == "" || seen[l.Href] {
			continue
		}
		seen[l.Href] = true
		keep = append(keep, i)
	}
	if len(keep) == 0 {
		return
	}
	b.WriteString("<details class=\"chart-links\"><summary>Links in this chart (")
	b.WriteString(strconv.Itoa(len(keep)))
	b.WriteString(")</summary>\n<ul>\n")
	for _, i := range keep {
		b.WriteString("<li><a href=\"")
		b.WriteString(template.HTMLEscapeString(links[i].Href))
		b.WriteString("\">")
		b.WriteString(template.HTMLEscapeString(links[i].Text))
		b.WriteString("</a></li>\n")
	}
	b.WriteString("</ul>\n</details>\n")
}

const (
	scriptOpen    = `<script type="application/json" data-chart="`
	scriptOpenEnd = `">`
	scriptClose   = `</script>`
)

// checkLink reports an error for a link a chart must not follow. Charts
// link only to pages of the site, by relative paths, so a link with a
// scheme (javascript:, data:, https:) or "://" anywhere is an error, and so
// is one a browser would read as the address of another host: starting with
// "//", or with a backslash (read as '/'), a control character or leading
// white space (dropped) that may hide one.
func checkLink(id, l string) error {
	if i := strings.IndexAny(l, ":/?#"); i >= 0 && l[i] == ':' || strings.Contains(l, "://") {
		return fmt.Errorf("chart %s: link %q has a scheme; charts link only to relative paths", id, l)
	}
	if strings.HasPrefix(l, "//") || strings.HasPrefix(l, " ") || strings.ContainsFunc(l, unsafeInLink) {
		return fmt.Errorf("chart %s: link %q is not a relative path", id, l)
	}
	return nil
}

// unsafeInLink reports whether a link must not contain r: a backslash or a
// control character.
func unsafeInLink(r rune) bool {
	return r == '\\' || r < 0x20 || r == 0x7f
}
