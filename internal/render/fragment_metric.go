package render

import (
	"html/template"
	"strconv"

	"github.com/evalbook/evalbook/internal/trend"
)

// The metric page's content in Go (goContents): while pages/metric.html
// and the partials it calls are the default ones, Go writes what they
// would. TestMetricContent compares the two; the scroll boxes are left
// plain, for scrollRegions.

// Content returns the content of a metric's page pg, as pages/metric.html
// writes it with the default partials; parseSets makes the metric set call
// it while those are the default templates (goContents).
func (d *metricData) Content(pg *page) template.HTML {
	return htmlOf(pg, d.writeContent)
}

// writeContent writes Content's HTML to b.
func (d *metricData) writeContent(pg *page, b *pageBuf) {
	m, root := d.Metric, pg.Root
	b.Grow(len(d.Chart) + 8<<10)
	b.WriteString(`<p class="crumbs"><a href="`)
	escHref(b, root+"metrics/index.html")
	b.WriteString("\">Metrics</a></p>\n<h1>")
	escText(b, m.Label)
	b.WriteString("</h1>\n")
	escPara(b, "lead", m.Description)
	b.WriteString("\n<dl class=\"facts\">\n<div><dt>Name</dt><dd><code>")
	escText(b, m.Name)
	b.WriteString("</code></dd></div>\n<div><dt>Better</dt><dd>")
	escText(b, m.Direction)
	b.WriteString("</dd></div>\n<div><dt>Unit</dt><dd>")
	if m.Unit != "" {
		escText(b, m.Unit)
	} else {
		b.WriteString("none")
	}
	b.WriteString("</dd></div>\n</dl>\n")
	writeThresholds(b, pg.Site, &d.Thresholds)
	b.WriteString("\n")
	if l := m.Latest; l != nil && l.Method == "aggregate" {
		writeAggregateNote(b, pg, l)
	}
	if len(d.Alerts) > 0 {
		b.WriteString("<section class=\"panel alerts\" aria-labelledby=\"alerts\">\n<h2 id=\"alerts\">Alerts about ")
		escText(b, m.Label)
		b.WriteString("</h2>\n")
		writeAlertList(b, root, d.Alerts)
		b.WriteString("\n</section>")
	}
	b.WriteString("\n")
	if d.Chart != "" {
		d.writeChart(b)
	}
	b.WriteString("\n")
	if len(d.Comparisons) > 0 {
		b.WriteString("<h2 id=\"comparisons\">Against the target, iteration by iteration</h2>\n")
		writeSubjectComps(b, pg, d.Comparisons)
	}
	b.WriteString("\n<h2>Every ")
	b.WriteString(pg.Site.Iteration())
	b.WriteString("</h2>\n")
	d.writePoints(pg, b)
	b.WriteString("\n\n")
	d.writeSlices(pg, b)
	b.WriteString("\n\n")
	writePairLinks(b, pg, d.Pairs, "Human judgement")
	b.WriteString("\n\n")
	if len(d.Documents) > 0 {
		b.WriteString("<h2>Case studies and decisions about this metric</h2>\n")
		writeDocList(b, pg, d.Documents)
	}
}

// writeAggregateNote writes the note on a metric computed from
// aggregates, latest its last point.
func writeAggregateNote(b *pageBuf, pg *page, latest *trend.MetricPoint) {
	b.WriteString(`<p class="note aggregate">Computed from aggregates (count, sum and sum of squares per `)
	b.WriteString(pg.Site.Iteration())
	b.WriteString("), not from rows: the interval is ")
	if latest.Replicates != 0 {
		b.WriteString("the percentile interval of ")
		b.WriteString(strconv.Itoa(latest.Replicates))
		b.WriteString(" Poisson bootstrap replicates computed where the rows are (metric_replicates), not evalbook&#39;s own bootstrap over items")
	} else {
		b.WriteString("a Student t interval of the mean, not the bootstrap over items")
	}
	b.WriteString(`, and comparisons are paired t tests from paired moments, without slices; correlations with the ratings and anything else that needs per-item rows are not available. <a href="`)
	escHref(b, pg.Root+"api/metrics.json")
	b.WriteString(`">metrics.json</a> marks these points <code>"method": "aggregate"</code>.</p>` + "\n")
}

// writeChart writes the metric's chart and its caption.
func (d *metricData) writeChart(b *pageBuf) {
	t := &d.Thresholds
	b.WriteString("\n<figure class=\"chart\">\n")
	b.WriteString(string(d.Chart))
	b.WriteString("\n<figcaption>Mean per iteration with its confidence interval (")
	if l := d.Metric.Latest; l != nil && l.Method == "aggregate" {
		b.WriteString("Student t, from aggregates")
	} else {
		b.WriteString("bootstrap over items")
	}
	b.WriteString(")")
	if t.Min != nil || t.Max != nil {
		b.WriteString("; the dashed lines are the ")
		if t.Min != nil {
			b.WriteString("floor")
			if t.Max != nil {
				b.WriteString(" and the ")
			}
		}
		if t.Max != nil {
			b.WriteString("ceiling")
		}
	}
	if len(d.Alerts) > 0 {
		b.WriteString("; a red triangle marks an iteration with an alert about this metric")
	}
	b.WriteString(".</figcaption>\n</figure>\n")
}

// writePoints writes the table of the metric's point in every iteration,
// or that it has none.
func (d *metricData) writePoints(pg *page, b *pageBuf) {
	if len(d.Points) == 0 {
		b.WriteString(`<p class="muted">No values yet.</p>`)
		return
	}
	m, root, ordered := d.Metric, pg.Root, !pg.Site.Unordered
	b.WriteString("<div class=\"scroll\">\n<table>\n" +
		`<thead><tr><th scope="col">Iteration</th><th scope="col" class="num">n</th><th scope="col" class="num">Mean</th><th scope="col" class="num">SD</th><th scope="col" class="num">`)
	escText(b, pg.Site.CI)
	b.WriteString("</th>")
	if ordered {
		b.WriteString(`<th scope="col" class="num">Δ previous</th>`)
	}
	b.WriteString("<th scope=\"col\" class=\"num\">Δ baseline</th></tr></thead>\n<tbody>")
	for _, r := range d.Points {
		p := r.Point
		b.WriteString("\n<tr><th scope=\"row\">")
		if it := r.Iteration; it != nil {
			escLinkAlways(b, root, it.Path, it.ID)
		} else {
			escText(b, r.ID)
		}
		b.WriteString(`</th><td class="num">`)
		b.WriteString(strconv.Itoa(p.N))
		b.WriteString(`</td><td class="num">`)
		escText(b, formatNum(p.Mean, m.Unit))
		b.WriteString(`</td><td class="num">`)
		escText(b, formatNum(p.SD, m.Unit))
		b.WriteString(`</td><td class="num nowrap">`)
		escText(b, formatCI(p.CI, m.Unit))
		b.WriteString("</td>")
		if ordered {
			writeChangeCell(b, changeSpan(p.DeltaPrev, m.Unit, m.Direction), r.Prev)
		}
		writeChangeCell(b, changeSpan(p.DeltaBaseline, m.Unit, m.Direction), p.Baseline)
		b.WriteString("</tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>")
}

// writeSlices writes the table of the metric by slice and iteration,
// nothing when it has no slices.
func (d *metricData) writeSlices(pg *page, b *pageBuf) {
	if len(d.Slices) == 0 {
		return
	}
	b.WriteString("<h2>By slice</h2>\n<div class=\"scroll\">\n<table>\n<thead><tr><th scope=\"col\">Slice</th>")
	for _, it := range d.Columns {
		b.WriteString(`<th scope="col" class="num">`)
		escLink(b, pg.Root, it.Path, it.ID)
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>")
	for _, r := range d.Slices {
		b.WriteString("\n<tr><th scope=\"row\">")
		escText(b, r.Label)
		b.WriteString("</th>")
		writeSliceCells(b, r.Cells, d.Metric.Unit)
		b.WriteString("</tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>")
}

// writeSliceCells writes the cells of a row of a table by slice, the
// means in unit.
func writeSliceCells(b *pageBuf, cells []*trend.SliceStat, unit string) {
	for _, c := range cells {
		b.WriteString(`<td class="num">`)
		if c != nil {
			escText(b, formatNum(c.Mean, unit))
			b.WriteString(` <span class="muted small">n=`)
			b.WriteString(strconv.Itoa(c.N))
			b.WriteString("</span>")
		} else {
			b.WriteString(`<span class="muted">n/a</span>`)
		}
		b.WriteString("</td>")
	}
}

// writeThresholds writes a subject's thresholds as the "thresholds"
// partial does.
func writeThresholds(b *pageBuf, s *site, t *thresholdView) {
	if !t.Any() {
		return
	}
	u := t.Unit
	fact := func(name string, v *float64, text func(*float64) string) {
		if v != nil {
			b.WriteString("<div><dt>")
			b.WriteString(name)
			b.WriteString("</dt><dd>")
			escText(b, text(v))
			b.WriteString("</dd></div>")
		}
	}
	num := func(v *float64) string { return formatNum(v, u) }
	b.WriteString("<dl class=\"facts thresholds\">\n")
	fact("Floor", t.Min, num)
	b.WriteString("\n")
	fact("Ceiling", t.Max, num)
	if !s.Unordered {
		b.WriteString("\n")
		fact("Largest regression", t.MaxRegression, num)
		b.WriteString("\n")
		fact("Largest regression", t.MaxRegressionRel, func(v *float64) string { return formatPct(v) + " of the target" })
		b.WriteString("\n<div><dt>Significant regression</dt><dd>")
		escText(b, t.SignificantText())
		b.WriteString("</dd></div>\n")
		if t.Sentinel {
			b.WriteString("<div><dt>Sentinel</dt><dd>watched for anomalies</dd></div>")
		}
	}
	b.WriteString("\n</dl>")
}

// writeSubjectComps writes a subject's comparisons, a row per iteration,
// and their legend, as the "subjectcomps" partial does.
func writeSubjectComps(b *pageBuf, pg *page, cs []*compView) {
	s, root := pg.Site, pg.Root
	b.WriteString("<div class=\"scroll\">\n<table class=\"comparisons\">\n" +
		`<thead><tr><th scope="col">Iteration</th><th scope="col">Against</th><th scope="col" class="num">Mean</th><th scope="col" class="num">Target</th><th scope="col" class="num">Δ</th><th scope="col" class="num">`)
	escText(b, s.CI)
	b.WriteString(`</th><th scope="col" class="num">p</th><th scope="col" class="num">p adj.<br><span class="small">`)
	escText(b, s.Correction)
	b.WriteString("</span></th><th scope=\"col\" class=\"num\">n</th><th scope=\"col\">Pairing</th><th scope=\"col\">Verdict</th></tr></thead>\n<tbody>")
	for _, c := range cs {
		b.WriteString("\n<tr><th scope=\"row\">")
		if it := c.Iter; it != nil {
			b.WriteString(`<a href="`)
			escRel(b, root, it.Path)
			b.WriteString(`#comparisons">`)
			escText(b, it.ID)
			b.WriteString("</a>")
		} else {
			escText(b, c.Iteration)
		}
		b.WriteString("</th><td>")
		switch c.Target {
		case "previous":
			b.WriteString("previous ")
		case "reference":
			b.WriteString("reference ")
		case "pair":
		default:
			b.WriteString("baseline ")
		}
		if o := c.Other; o != nil {
			escLinkAlways(b, root, o.Path, o.ID)
		} else {
			escText(b, c.Against)
		}
		f := &c.Fmt
		for i, v := range [6]string{f.Mean, f.Against, string(f.Delta), f.CI, f.P, f.PAdjusted} {
			b.WriteString(`</td><td class="num nowrap">`)
			if i == 2 {
				b.WriteString(v) // HTML, escaped by formatDelta
			} else {
				escText(b, v)
			}
		}
		b.WriteString(`</td><td class="num nowrap">`)
		b.WriteString(string(f.N))
		b.WriteString("</td><td>")
		b.WriteString(string(f.Pairing))
		b.WriteString(`</td><td class="verdict-cell">`)
		b.WriteString(string(f.Verdict))
		b.WriteString(string(f.Flags))
		if len(c.Reversals) > 0 {
			if it := c.Iter; it != nil {
				b.WriteString(` <a class="flag" href="`)
				escRel(b, root, it.Path)
				b.WriteString(`#slices">slice regression</a>`)
			} else {
				b.WriteString(` <span class="flag">slice regression</span>`)
			}
		}
		b.WriteString("</td></tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>\n")
	writeCompNote(b, s)
}

// writePairLinks writes a subject's discrepancy pairs under the heading
// head as the "pairlinks" partial does, nothing when it has none.
func writePairLinks(b *pageBuf, pg *page, pairs []pairLink, head string) {
	if len(pairs) == 0 {
		return
	}
	root := pg.Root
	b.WriteString("<h2 id=\"discrepancy\">")
	escText(b, head)
	b.WriteString("</h2>\n<div class=\"scroll\">\n<table>\n<thead><tr><th scope=\"col\">")
	if head == "Metrics" {
		b.WriteString("Metric")
	} else {
		b.WriteString("Dimension")
	}
	b.WriteString(`</th><th scope="col" class="num">n</th><th scope="col" class="num">Spearman ρ, pooled</th><th scope="col" class="num">`)
	escText(b, pg.Site.CI)
	b.WriteString("</th><th scope=\"col\">Findings</th><th scope=\"col\">Page</th></tr></thead>\n<tbody>")
	for _, p := range pairs {
		b.WriteString("\n<tr><th scope=\"row\">")
		escLink(b, root, p.Other.Path, p.Other.Label)
		b.WriteString("</th>")
		if r := p.Pooled; r != nil {
			b.WriteString(`<td class="num">`)
			b.WriteString(strconv.Itoa(r.N))
			b.WriteString(`</td><td class="num">`)
			escText(b, r.Spearman.Value)
			writeAgreement(b, &r.Agreement)
			b.WriteString(`</td><td class="num nowrap">`)
			escText(b, r.Spearman.CI)
			b.WriteString("</td>")
		} else {
			b.WriteString(`<td class="num">`)
			b.WriteString(strconv.Itoa(p.Units))
			b.WriteString(`</td><td class="num muted" colspan="2">not correlated</td>`)
		}
		b.WriteString("<td>")
		if len(p.Findings) > 0 {
			b.WriteString(strconv.Itoa(len(p.Findings)))
		} else {
			b.WriteString(`<span class="muted">none</span>`)
		}
		b.WriteString(`</td><td><a href="`)
		escRel(b, root, p.Path)
		b.WriteString(`">`)
		escText(b, p.Metric.Label)
		b.WriteString(" vs ")
		escText(b, p.Dim.Label)
		b.WriteString("</a></td></tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>\n<p class=\"muted small\">How closely the metric and the human consensus rank the same items, pooled over iterations, and whether the metric agrees with the humans once ρ is oriented by the directions of the metric and the dimension; the pair's page has every coefficient, the trend and the items on which they disagree.</p>")
}
