package render

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/evalbook/evalbook/internal/reliability"
)

// The dimension page's content in Go (goContents): while
// pages/dimension.html (with its partials reliability, raters,
// ratertable, pairtable and groups) and the partials it calls are the
// default ones, Go writes what they would. TestDimensionContent compares
// the two; the scroll boxes are left plain, for scrollRegions.

// Content returns the content of a dimension's page pg, as
// pages/dimension.html writes it with the default partials; parseSets
// makes the dimension set call it while those are the default templates
// (goContents).
func (d *dimensionData) Content(pg *page) template.HTML {
	return htmlOf(pg, d.writeContent)
}

// writeContent writes Content's HTML to b.
func (d *dimensionData) writeContent(pg *page, b *pageBuf) {
	dim, root, s := d.Dim, pg.Root, pg.Site
	b.Grow(len(d.MeanChart) + len(d.DistChart) + 16<<10)
	b.WriteString(`<p class="crumbs"><a href="`)
	escHref(b, root+"dimensions/index.html")
	b.WriteString("\">Human ratings</a></p>\n<h1>")
	escText(b, dim.Label)
	b.WriteString("</h1>\n")
	escPara(b, "lead", dim.Description)
	d.writeFacts(b)
	writeThresholds(b, s, &d.Thresholds)
	b.WriteString("\n")
	if dim.Rel != nil && dim.Rel.Pooled.Method == "aggregate" {
		b.WriteString(`<p class="note aggregate">Computed from aggregates (a coincidence matrix and each rater's count of ratings per `)
		b.WriteString(s.Iteration())
		b.WriteString(`), not from rows: Krippendorff's alpha at every level comes from the matrix; its bootstrap interval, the kappas, percent agreement, the mean rating, rater agreement and offsets, pairs, groups and disagreements need per-item rows and are not available. <a href="`)
		escHref(b, root+"api/agreement.json")
		b.WriteString(`">agreement.json</a> marks these records <code>"method": "aggregate"</code>.</p>` + "\n")
	}
	if len(d.Alerts) > 0 {
		b.WriteString("<section class=\"panel alerts\" aria-labelledby=\"alerts\">\n<h2 id=\"alerts\">Alerts about ")
		escText(b, dim.Label)
		b.WriteString("</h2>\n")
		writeAlertList(b, root, d.Alerts)
		b.WriteString("\n</section>")
	}
	b.WriteString("\n")
	if r := d.Rel; r != nil {
		writeRelPanel(b, pg, r)
	}
	b.WriteString("\n")
	d.writeGuides(pg, b)
	b.WriteString("\n")
	if d.MeanChart != "" {
		b.WriteString("\n<h2>Mean rating</h2>\n<figure class=\"chart\">\n")
		b.WriteString(string(d.MeanChart))
		b.WriteString("\n<figcaption>Mean of the per-item mean ratings with its confidence interval (bootstrap over items)")
		writeLinesNote(b, &d.Thresholds)
		if len(d.Alerts) > 0 {
			b.WriteString("; a red triangle marks ")
			if s.Unordered {
				b.WriteString("a system")
			} else {
				b.WriteString("an iteration")
			}
			b.WriteString(" with an alert about this dimension")
		}
		b.WriteString(".</figcaption>\n</figure>\n")
	}
	b.WriteString("\n")
	if len(d.Comparisons) > 0 {
		b.WriteString("<h2 id=\"comparisons\">Against the target, iteration by iteration</h2>\n<p class=\"muted small\">Each item's consensus (the mean of its ratings in the iteration) is compared between the iteration and its target.</p>\n")
		writeSubjectComps(b, pg, d.Comparisons)
	}
	b.WriteString("\n")
	if d.DistChart != "" {
		b.WriteString("\n<h2>Distribution</h2>\n<figure class=\"chart\">\n")
		b.WriteString(string(d.DistChart))
		b.WriteString("\n<figcaption>Share of ratings per value in each ")
		b.WriteString(s.Iteration())
		b.WriteString(".</figcaption>\n</figure>\n")
	}
	b.WriteString("\n<h2>Every iteration</h2>\n")
	d.writePoints(pg, b)
	b.WriteString("\n\n")
	if r := d.Rel; r != nil {
		writeRaters(b, pg, r, dim)
	}
	b.WriteString("\n\n")
	writePairLinks(b, pg, d.Pairs, "Metrics")
	b.WriteString("\n\n")
	if len(d.Documents) > 0 {
		b.WriteString("<h2>Case studies and decisions about this dimension</h2>\n")
		writeDocList(b, pg, d.Documents)
	}
}

// writeFacts writes the dimension's facts.
func (d *dimensionData) writeFacts(b *pageBuf) {
	dim := d.Dim
	b.WriteString("\n<dl class=\"facts\">\n<div><dt>Name</dt><dd><code>")
	escText(b, dim.Name)
	b.WriteString("</code></dd></div>\n<div><dt>Scale</dt><dd>")
	escText(b, dim.Scale)
	if dim.Numeric {
		b.WriteString(", numeric")
	}
	b.WriteString("</dd></div>\n")
	if dim.Min != nil || dim.Max != nil {
		b.WriteString("<div><dt>Range</dt><dd>")
		escText(b, formatNum(dim.Min, ""))
		b.WriteString(" to ")
		escText(b, formatNum(dim.Max, ""))
		b.WriteString("</dd></div>")
	}
	b.WriteString("\n")
	if len(dim.Labels) > 0 {
		b.WriteString("<div><dt>Labels</dt><dd>")
		escText(b, strings.Join(dim.Labels, ", "))
		b.WriteString("</dd></div>")
	}
	b.WriteString("\n<div><dt>Raters</dt><dd>")
	b.WriteString(strconv.Itoa(len(dim.Raters)))
	if len(dim.Raters) > 0 && len(dim.Raters) <= 30 {
		b.WriteString(": ")
		escText(b, strings.Join(dim.Raters, ", "))
	}
	b.WriteString("</dd></div>\n</dl>\n")
}

// writeLinesNote writes the caption's words on the dashed lines of the
// thresholds t, if any.
func writeLinesNote(b *pageBuf, t *thresholdView) {
	if t.Min == nil && t.Max == nil {
		return
	}
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

// writeGuides writes the runs of iterations rated under each version of
// the guidelines, nothing when there are none.
func (d *dimensionData) writeGuides(pg *page, b *pageBuf) {
	if len(d.Guides) == 0 {
		return
	}
	root := pg.Root
	b.WriteString("<section class=\"guides\" aria-labelledby=\"guidelines\">\n<h2 id=\"guidelines\">Rating guidelines</h2>\n<p>Each ")
	b.WriteString(pg.Site.Iteration())
	b.WriteString(" was rated under the version of the guidelines in force; a dashed line on the agreement chart marks each change.</p>\n<ul class=\"plain\">")
	for _, g := range d.Guides {
		b.WriteString("\n<li>")
		escText(b, g.From)
		if g.From != g.To {
			b.WriteString(" to ")
			escText(b, g.To)
		}
		b.WriteString(": ")
		if doc := g.Doc; doc != nil {
			writeVersionLink(b, root, doc)
		} else {
			b.WriteString(`<span class="muted">no stated version</span>`)
		}
		b.WriteString("</li>")
	}
	for _, doc := range d.PendingGuides {
		b.WriteString("\n<li>Next: ")
		writeVersionLink(b, root, doc)
		b.WriteString(` <span class="muted">(not in force yet)</span></li>`)
	}
	b.WriteString("\n</ul>\n</section>")
}

// writeVersionLink writes a link to a version of the guidelines.
func writeVersionLink(b *pageBuf, root string, doc *docView) {
	b.WriteString(`<a href="`)
	escRel(b, root, doc.Path)
	b.WriteString(`">version `)
	escText(b, doc.Meta.GuidelineVersion)
	b.WriteString("</a>")
}

// writePoints writes the table of the dimension's point in every
// iteration, or that it has none.
func (d *dimensionData) writePoints(pg *page, b *pageBuf) {
	if len(d.Points) == 0 {
		b.WriteString(`<p class="muted">No ratings yet.</p>`)
		return
	}
	dim, root, s := d.Dim, pg.Root, pg.Site
	b.WriteString("<div class=\"scroll\">\n<table>\n<thead><tr><th scope=\"col\">")
	if s.Unordered {
		b.WriteString("System")
	} else {
		b.WriteString("Iteration")
	}
	b.WriteString(`</th><th scope="col" class="num">Ratings</th><th scope="col" class="num">Raters</th><th scope="col" class="num">Items</th>`)
	if dim.Numeric {
		b.WriteString(`<th scope="col" class="num">Mean</th><th scope="col" class="num">SD</th><th scope="col" class="num">`)
		escText(b, s.CI)
		b.WriteString("</th>")
		if !s.Unordered {
			b.WriteString(`<th scope="col" class="num">Δ previous</th>`)
		}
	}
	for _, v := range d.Values {
		b.WriteString(`<th scope="col" class="num">`)
		escText(b, v)
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>")
	for _, r := range d.Points {
		p := r.Point
		b.WriteString("\n<tr><th scope=\"row\">")
		writeIterOrID(b, root, r.Iteration, r.ID)
		b.WriteString(`</th><td class="num">`)
		b.WriteString(strconv.Itoa(p.Ratings))
		b.WriteString(`</td><td class="num">`)
		b.WriteString(strconv.Itoa(p.Raters))
		b.WriteString(`</td><td class="num">`)
		if p.Method == "aggregate" {
			b.WriteString("n/a")
		} else {
			b.WriteString(strconv.Itoa(p.Items))
		}
		b.WriteString("</td>")
		if dim.Numeric {
			b.WriteString(`<td class="num">`)
			escText(b, formatNum(p.Mean, ""))
			b.WriteString(`</td><td class="num">`)
			escText(b, formatNum(p.SD, ""))
			b.WriteString(`</td><td class="num nowrap">`)
			escText(b, formatCI(p.CI, ""))
			b.WriteString("</td>")
			if !s.Unordered {
				writeChangeCell(b, changeSpan(p.DeltaPrev, "", dim.Direction), r.Prev)
			}
		}
		for _, c := range p.Distribution {
			b.WriteString(`<td class="num">`)
			b.WriteString(strconv.Itoa(c.N))
			b.WriteString(` <span class="muted small">`)
			escText(b, formatPct(c.Share))
			b.WriteString("</span></td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>")
}

// writeIterOrID writes a link to the iteration's page, else its id, else
// "(no iteration)".
func writeIterOrID(b *pageBuf, root string, it *iterView, id string) {
	switch {
	case it != nil:
		escLinkAlways(b, root, it.Path, it.ID)
	case id != "":
		escText(b, id)
	default:
		b.WriteString("(no iteration)")
	}
}

// writeRelPanel writes the dimension's reliability panel as the
// "reliability" template of pages/dimension.html does.
func writeRelPanel(b *pageBuf, pg *page, r *relPanel) {
	s, root, rec := pg.Site, pg.Root, &r.Pooled
	b.WriteString("<section class=\"panel reliability\" aria-labelledby=\"reliability\">\n<h2 id=\"reliability\">Reliability</h2>\n")
	if r.Computable {
		b.WriteString(`<p class="value"><span class="big">α `)
		escText(b, formatNum(rec.Alpha, ""))
		b.WriteString(`</span> <span class="muted nowrap">`)
		escText(b, s.CI)
		b.WriteString(" [")
		escText(b, formatNum(rec.AlphaCILow, ""))
		b.WriteString(", ")
		escText(b, formatNum(rec.AlphaCIHigh, ""))
		b.WriteString("]</span> ")
		writeStatus(b, rec.Status)
		b.WriteString("</p>\n<p class=\"muted small\">Krippendorff's alpha at the ")
		escText(b, rec.Level)
		b.WriteString(" level over all ")
		b.WriteString(s.Iterations())
		b.WriteString("; below ")
		escText(b, formatNum(r.Warn, ""))
		b.WriteString(" conclusions are tentative, below ")
		escText(b, formatNum(r.Alert, ""))
		b.WriteString(" the ratings support none.</p>")
	} else {
		b.WriteString(`<p class="status-text">`)
		writeStatus(b, rec.Status)
		b.WriteString(" ")
		escText(b, r.Reason)
		b.WriteString("</p>")
	}
	b.WriteString("\n<dl class=\"facts\">\n<div><dt>Items</dt><dd>")
	if rec.Method == "aggregate" {
		b.WriteString("n/a")
	} else {
		b.WriteString(strconv.Itoa(rec.NItems))
	}
	b.WriteString("</dd></div>\n<div><dt>Raters</dt><dd>")
	b.WriteString(strconv.Itoa(rec.NRaters))
	b.WriteString("</dd></div>\n<div><dt>Ratings</dt><dd>")
	b.WriteString(strconv.Itoa(rec.NRatings))
	b.WriteString("</dd></div>\n")
	fact := func(name string, v *float64, text func(any) string) {
		if v != nil {
			b.WriteString("<div><dt>")
			b.WriteString(name)
			b.WriteString("</dt><dd>")
			escText(b, text(v))
			b.WriteString("</dd></div>")
		}
	}
	num := func(v any) string { return formatNum(v, "") }
	fact("Percent agreement", rec.PercentAgreement, formatPct)
	b.WriteString("\n")
	fact("Fleiss' kappa", rec.FleissKappa, num)
	b.WriteString("\n")
	fact("Cohen's kappa", rec.CohenKappa, num)
	b.WriteString("\n")
	fact("Cohen's kappa, linear", rec.CohenKappaLinear, num)
	b.WriteString("\n")
	fact("Cohen's kappa, quadratic", rec.CohenKappaQuadratic, num)
	if r.Computable {
		for i, a := range [4]*float64{rec.AlphaNominal, rec.AlphaOrdinal, rec.AlphaInterval, rec.AlphaRatio} {
			b.WriteString("\n")
			fact([4]string{"Alpha, nominal", "Alpha, ordinal", "Alpha, interval", "Alpha, ratio"}[i], a, num)
		}
	}
	b.WriteString("\n</dl>\n<p class=\"muted small\">Items counts the items with at least two ratings. <a href=\"")
	escHref(b, root+"api/agreement.json")
	b.WriteString("\">agreement.json</a> has every figure.</p>\n</section>\n")
	if r.AlphaChart != "" {
		b.WriteString("\n<figure class=\"chart\">\n")
		b.WriteString(string(r.AlphaChart))
		b.WriteString("\n<figcaption>Krippendorff's alpha (")
		escText(b, rec.Level)
		b.WriteString(") in each ")
		b.WriteString(s.Iteration())
		b.WriteString(" with its bootstrap interval; the dashed lines are the thresholds of tentative (")
		escText(b, formatNum(r.Warn, ""))
		b.WriteString(") and no conclusions (")
		escText(b, formatNum(r.Alert, ""))
		b.WriteString(").</figcaption>\n</figure>\n")
	}
	b.WriteString("\n")
	if len(r.Iterations) > 0 {
		writeRecRows(b, pg, r.Iterations)
	}
}

// writeStatus writes a record's status badge.
func writeStatus(b *pageBuf, status string) {
	b.WriteString(`<span class="status `)
	escText(b, statusClass(status))
	b.WriteString(`">`)
	escText(b, statusText(status))
	b.WriteString("</span>")
}

// writeRecRows writes the table of the agreement records per iteration.
func writeRecRows(b *pageBuf, pg *page, rows []recRow) {
	root := pg.Root
	b.WriteString("<div class=\"scroll\">\n<table>\n" +
		`<thead><tr><th scope="col">Iteration</th><th scope="col" class="num">Items</th><th scope="col" class="num">Raters</th><th scope="col" class="num">Ratings</th><th scope="col" class="num">α</th><th scope="col" class="num">`)
	escText(b, pg.Site.CI)
	b.WriteString("</th><th scope=\"col\" class=\"num\">Agreement</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>")
	for i := range rows {
		x := &rows[i].Rec
		b.WriteString("\n<tr><th scope=\"row\">")
		writeIterOrID(b, root, rows[i].Iteration, x.Iteration)
		b.WriteString(`</th><td class="num">`)
		if x.Method == "aggregate" {
			b.WriteString("n/a")
		} else {
			b.WriteString(strconv.Itoa(x.NItems))
		}
		b.WriteString(`</td><td class="num">`)
		b.WriteString(strconv.Itoa(x.NRaters))
		b.WriteString(`</td><td class="num">`)
		b.WriteString(strconv.Itoa(x.NRatings))
		b.WriteString(`</td><td class="num">`)
		escText(b, formatNum(x.Alpha, ""))
		b.WriteString(`</td><td class="num nowrap">`)
		writeBounds(b, x.AlphaCILow, x.AlphaCIHigh)
		b.WriteString(`</td><td class="num">`)
		escText(b, formatPct(x.PercentAgreement))
		b.WriteString("</td><td>")
		writeStatus(b, x.Status)
		if x.Reason != "" {
			b.WriteString(` <span class="muted small">`)
			escText(b, x.Reason)
			b.WriteString("</span>")
		}
		b.WriteString("</td></tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>")
}

// writeBounds writes an interval given by two bounds, "n/a" when either
// is nil.
func writeBounds(b *pageBuf, low, high *float64) {
	if low == nil || high == nil {
		b.WriteString("n/a")
		return
	}
	b.WriteString("[")
	escText(b, formatNum(low, ""))
	b.WriteString(", ")
	escText(b, formatNum(high, ""))
	b.WriteString("]")
}

// writeRaters writes the raters' part of a dimension's page as the
// "raters" template of pages/dimension.html does.
func writeRaters(b *pageBuf, pg *page, r *relPanel, dim *dimView) {
	s, root := pg.Site, pg.Root
	switch {
	case len(r.Raters) > 0:
		b.WriteString("<h2 id=\"raters\">Raters</h2>\n")
		writeRaterTable(b, pg, r.Raters, r, dim, true)
	case len(r.Least) > 0:
		b.WriteString("<h2 id=\"raters\">Raters</h2>\n<p>")
		b.WriteString(strconv.Itoa(r.NRaters))
		b.WriteString(" raters: too many to list here, so this page shows the ")
		b.WriteString(strconv.Itoa(len(r.Least)))
		b.WriteString(" least in agreement with the others and the ")
		b.WriteString(strconv.Itoa(len(r.Prolific)))
		b.WriteString(" most prolific")
		if len(r.All) > 0 {
			b.WriteString(", with every rater folded below")
		}
		b.WriteString(`. <a href="`)
		escHref(b, root+"api/raters.json")
		b.WriteString("\">raters.json</a> has every figure.</p>\n<h3 id=\"raters-least\">Least in agreement</h3>\n")
		writeRaterTable(b, pg, r.Least, r, dim, false)
		b.WriteString("\n<h3 id=\"raters-prolific\">Most prolific</h3>\n")
		writeRaterTable(b, pg, r.Prolific, r, dim, false)
		b.WriteString("\n")
		if len(r.All) > 0 {
			b.WriteString("<details class=\"allraters\">\n<summary>All ")
			b.WriteString(strconv.Itoa(len(r.All)))
			b.WriteString(" raters, by name</summary>\n")
			writeRaterTable(b, pg, r.All, r, dim, true)
			b.WriteString("\n</details>")
		}
	}
	if len(r.Raters) > 0 || len(r.Least) > 0 {
		writeRatersNote(b, r, dim)
	}
	b.WriteString("\n")
	if len(r.Groups) > 0 {
		writeGroups(b, pg, r.Groups, dim, r)
	}
	if r.AgreeChart != "" {
		b.WriteString("\n<h2>Rater drift</h2>\n<figure class=\"chart\">\n")
		b.WriteString(string(r.AgreeChart))
		b.WriteString("\n<figcaption>Each ")
		writeWhose(b, r)
		b.WriteString(" agreement with the others in each ")
		b.WriteString(s.Iteration())
		b.WriteString(".</figcaption>\n</figure>\n")
	}
	b.WriteString("\n")
	if r.OffsetChart != "" {
		b.WriteString("\n<figure class=\"chart\">\n")
		b.WriteString(string(r.OffsetChart))
		b.WriteString("\n<figcaption>Each ")
		writeWhose(b, r)
		b.WriteString(" mean offset from the others in each ")
		b.WriteString(s.Iteration())
		b.WriteString(", in scale points; the dashed lines are the calibration limit ±")
		escText(b, formatNum(r.MaxOffset, ""))
		b.WriteString(".</figcaption>\n</figure>\n")
	}
	b.WriteString("\n")
	if r.PairChart != "" {
		b.WriteString("\n<h2>Agreement between raters</h2>\n<figure class=\"chart\">\n")
		b.WriteString(string(r.PairChart))
		b.WriteString("\n<figcaption>Share of the items both raters rated on which they gave the same value, over all ")
		b.WriteString(s.Iterations())
		b.WriteString("; blank where a pair shares no item.</figcaption>\n</figure>\n")
		if len(r.Pairs) > 0 {
			b.WriteString("<details>\n<summary>Pairs as a table</summary>\n")
			writePairTable(b, r.Pairs)
			b.WriteString("\n</details>")
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	if r.PairSummary != nil {
		writePairSummary(b, pg, r, dim)
	}
	b.WriteString("\n")
	if len(r.Disagree) > 0 {
		writeDisagreements(b, root, r.Disagree, dim)
	}
}

// writeWhose writes whose figures the rater charts show.
func writeWhose(b *pageBuf, r *relPanel) {
	if len(r.Least) > 0 {
		b.WriteString("of the ")
		b.WriteString(strconv.Itoa(len(r.Least)))
		b.WriteString(" least agreeing raters'")
	} else {
		b.WriteString("rater's")
	}
}

// writeRatersNote writes the legend of the rater tables.
func writeRatersNote(b *pageBuf, r *relPanel, dim *dimView) {
	b.WriteString("\n<p class=\"muted small\">Agreement: ")
	if dim.Numeric {
		b.WriteString("correlation of the rater's ratings with the mean of the other raters' ratings of the same items")
	} else {
		b.WriteString("share of the rater's ratings that match the other raters' majority")
	}
	b.WriteString(".")
	if dim.Numeric {
		b.WriteString(" Offset: mean of the rater's rating minus the others' mean, ")
		if r.Lower {
			b.WriteString("positive for a severe rater, negative for a lenient one (lower is better on this dimension)")
		} else {
			b.WriteString("positive for a lenient rater, negative for a severe one")
		}
		b.WriteString("; beyond ±")
		escText(b, formatNum(r.MaxOffset, ""))
		if r.Relative {
			b.WriteString(" (")
			escText(b, formatPct(r.RelOffset))
			b.WriteString(" of the scale's range, agreement.max_offset_rel)")
		}
		b.WriteString(" it raises a calibration alert.")
	}
	b.WriteString("\nΔ α: alpha with the rater minus alpha without; negative when the rater lowers agreement.</p>")
}

// writeRaterTable writes rows of raters as the "ratertable" template of
// pages/dimension.html does; ids gives each row its anchor.
func writeRaterTable(b *pageBuf, pg *page, rows []raterRow, r *relPanel, dim *dimView, ids bool) {
	b.WriteString("<div class=\"scroll\">\n<table>\n" + `<thead><tr><th scope="col">Rater</th><th scope="col" class="num">Ratings</th><th scope="col" class="num">Agreement</th>`)
	if dim.Numeric {
		b.WriteString(`<th scope="col" class="num">Offset</th>`)
	}
	b.WriteString(`<th scope="col" class="num">α without</th><th scope="col" class="num">Δ α</th>`)
	if r.Gold {
		b.WriteString(`<th scope="col" class="num">Gold accuracy</th>`)
	}
	b.WriteString("</tr></thead>\n<tbody>")
	for i := range rows {
		x := &rows[i]
		b.WriteString("\n<tr")
		if ids {
			b.WriteString(` id="`)
			escText(b, x.Anchor)
			b.WriteString(`"`)
		}
		b.WriteString(`><th scope="row">`)
		escText(b, x.Rater.Rater)
		b.WriteString(`</th><td class="num">`)
		b.WriteString(strconv.Itoa(x.NRatings))
		b.WriteString(`</td><td class="num">`)
		escText(b, formatNum(x.Agreement, ""))
		b.WriteString("</td>")
		if dim.Numeric {
			b.WriteString(`<td class="num"><span class="delta `)
			escText(b, x.HintClass)
			b.WriteString(`">`)
			b.WriteString(string(formatDelta(x.Offset, "")))
			b.WriteString("</span>")
			if x.Hint != "" {
				b.WriteString(` <span class="muted small">`)
				escText(b, x.Hint)
				b.WriteString("</span>")
			}
			b.WriteString("</td>")
		}
		b.WriteString(`<td class="num">`)
		escText(b, formatNum(x.AlphaWithout, ""))
		b.WriteString(`</td><td class="num">`)
		b.WriteString(string(formatDelta(x.AlphaDelta, "")))
		b.WriteString("</td>")
		if r.Gold {
			b.WriteString(`<td class="num">`)
			if x.GoldN != 0 {
				escText(b, formatPct(x.GoldAccuracy))
				b.WriteString(` <span class="muted small">of `)
				b.WriteString(strconv.Itoa(x.GoldN))
				b.WriteString("</span>")
			} else {
				b.WriteString(`<span class="muted">none</span>`)
			}
			b.WriteString("</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>")
}

// writePairTable writes pairs of raters as the "pairtable" template of
// pages/dimension.html does.
func writePairTable(b *pageBuf, pairs []reliability.Pair) {
	b.WriteString("<div class=\"scroll\">\n<table>\n" +
		`<thead><tr><th scope="col">Raters</th><th scope="col" class="num">Shared items</th><th scope="col" class="num">Agreement</th><th scope="col" class="num">α</th></tr></thead>` + "\n<tbody>")
	for i := range pairs {
		p := &pairs[i]
		b.WriteString("\n<tr><th scope=\"row\">")
		escText(b, p.RaterA)
		b.WriteString(" × ")
		escText(b, p.RaterB)
		b.WriteString(`</th><td class="num">`)
		b.WriteString(strconv.Itoa(p.NItems))
		b.WriteString(`</td><td class="num">`)
		escText(b, formatPct(p.Agreement))
		b.WriteString(`</td><td class="num">`)
		escText(b, formatNum(p.Alpha, ""))
		b.WriteString("</td></tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>")
}

// writePairSummary writes the summary of the agreement between many
// raters' pairs and the least agreeing pairs.
func writePairSummary(b *pageBuf, pg *page, r *relPanel, dim *dimView) {
	x := r.PairSummary
	b.WriteString("<h2 id=\"pairs\">Agreement between raters</h2>\n<p>")
	b.WriteString(strconv.Itoa(x.Pairs))
	b.WriteString(" pairs of raters; ")
	if x.Shared != 0 {
		b.WriteString(strconv.Itoa(x.Shared))
		b.WriteString(" share at least ")
		b.WriteString(strconv.Itoa(x.MinItems))
		b.WriteString(" items")
		if x.Alpha {
			b.WriteString(" and have an alpha")
		}
		b.WriteString(". Over those, ")
		if x.Alpha {
			b.WriteString("Krippendorff's alpha of the two (")
			escText(b, dim.Scale)
			b.WriteString(")")
		} else {
			b.WriteString("the share of shared items on which the two gave the same value")
		}
		b.WriteString(":</p>\n<dl class=\"facts\">")
		for i, v := range [5]float64{x.Min, x.Q10, x.Median, x.Q90, x.Max} {
			b.WriteString("\n<div><dt>")
			b.WriteString([5]string{"Lowest", "10th percentile", "Median", "90th percentile", "Highest"}[i])
			b.WriteString("</dt><dd>")
			if x.Alpha {
				escText(b, formatNum(v, ""))
			} else {
				escText(b, formatPct(v))
			}
			b.WriteString("</dd></div>")
		}
		b.WriteString("\n</dl>")
	} else {
		b.WriteString("none shares ")
		b.WriteString(strconv.Itoa(x.MinItems))
		b.WriteString(" items or more.</p>")
	}
	b.WriteString("\n")
	if len(r.WorstPairs) > 0 {
		b.WriteString(`<h3 id="pairs-worst">Least agreeing pairs <span class="muted small">by `)
		if x.Alpha {
			b.WriteString("α")
		} else {
			b.WriteString("agreement")
		}
		b.WriteString("</span></h3>\n")
		writePairTable(b, r.WorstPairs)
	}
	b.WriteString("\n<p class=\"muted small\">With ")
	b.WriteString(strconv.Itoa(r.NRaters))
	b.WriteString(` raters a heat map of every pair would not be readable; <a href="`)
	escHref(b, pg.Root+"api/raters.json")
	b.WriteString(`">raters.json</a> has every pair.</p>`)
}

// writeDisagreements writes the table of the items the raters disagree on
// most.
func writeDisagreements(b *pageBuf, root string, rows []disRow, dim *dimView) {
	b.WriteString("<h2 id=\"disagreements\">Widest disagreement</h2>\n<div class=\"scroll\">\n<table class=\"disagreements\">\n" +
		`<thead><tr><th scope="col">Item</th><th scope="col">Iteration</th><th scope="col">Values</th><th scope="col">Raters</th><th scope="col" class="num">Spread</th><th scope="col">Input and output</th></tr></thead>` + "\n<tbody>")
	for i := range rows {
		x := &rows[i]
		b.WriteString("\n<tr><th scope=\"row\">")
		if it := x.Item; it != nil {
			escLinkAlways(b, root, it.Path, it.ID)
		} else {
			escText(b, x.Disagreement.Item)
		}
		b.WriteString("</th><td>")
		writeIterOrID(b, root, x.Iteration, x.Disagreement.Iteration)
		b.WriteString(`</td><td class="nowrap">`)
		escText(b, strings.Join(x.Values, ", "))
		b.WriteString("</td><td>")
		escText(b, strings.Join(x.Raters, ", "))
		b.WriteString(`</td><td class="num">`)
		escText(b, formatNum(x.Spread, ""))
		b.WriteString(`</td><td class="excerpt">`)
		if x.Input != "" {
			b.WriteString(`<span class="muted small">in:</span> `)
			escText(b, x.Input)
		}
		if x.Output != "" {
			b.WriteString(`<br><span class="muted small">out:</span> `)
			escText(b, x.Output)
		}
		b.WriteString("</td></tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>\n<p class=\"muted small\">Spread: ")
	if dim.Numeric {
		b.WriteString("standard deviation of the item's ratings")
	} else {
		b.WriteString("one minus the share of the most common label")
	}
	b.WriteString(".</p>")
}

// writeGroups writes the rater groups' tables as the "groups" template of
// pages/dimension.html does.
func writeGroups(b *pageBuf, pg *page, tables []groupTable, dim *dimView, r *relPanel) {
	b.WriteString("<h2 id=\"groups\">Rater groups</h2>\n<p>The raters file gives the raters attributes; each attribute with two or more values among this dimension's raters splits them into groups, so that the perspectives of different groups stay visible rather than averaged away. Raters without a value belong to no group.</p>\n")
	for i := range tables {
		t := &tables[i]
		b.WriteString("\n<h3 id=\"")
		escText(b, t.Anchor)
		b.WriteString(`">By `)
		escText(b, t.Attribute)
		b.WriteString("</h3>\n<div class=\"scroll\">\n<table class=\"group-table\">\n<thead><tr><th scope=\"col\">")
		escText(b, t.Attribute)
		b.WriteString(`</th><th scope="col" class="num">Raters</th><th scope="col" class="num">Ratings</th>`)
		if dim.Numeric {
			b.WriteString(`<th scope="col" class="num">Mean</th>`)
		}
		b.WriteString("<th scope=\"col\" class=\"num\">α within</th><th scope=\"col\" class=\"num\">Items</th></tr></thead>\n<tbody>")
		for j := range t.Groups {
			g := &t.Groups[j]
			b.WriteString("\n<tr><th scope=\"row\">")
			escText(b, g.Group)
			b.WriteString(`</th><td class="num">`)
			b.WriteString(strconv.Itoa(g.NRaters))
			b.WriteString(`</td><td class="num">`)
			b.WriteString(strconv.Itoa(g.NRatings))
			b.WriteString("</td>")
			if dim.Numeric {
				b.WriteString(`<td class="num">`)
				escText(b, formatNum(g.Mean, ""))
				b.WriteString("</td>")
			}
			b.WriteString(`<td class="num">`)
			escText(b, formatNum(g.Alpha, ""))
			b.WriteString(`</td><td class="num">`)
			b.WriteString(strconv.Itoa(g.NItems))
			b.WriteString("</td></tr>")
		}
		b.WriteString("\n</tbody>\n</table>\n</div>\n")
		if len(t.Diffs) > 0 {
			writeGroupDiffs(b, pg, t.Diffs)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n<p class=\"muted small\">α within: Krippendorff's alpha among the group's raters alone; items: those two of them rated.")
	if dim.Numeric {
		b.WriteString(" Difference: the mean, over the items raters of both groups rated, of the first group's mean rating minus the second's, with its paired bootstrap interval; it is flagged, and raises a groups alert, when the interval excludes zero and the difference exceeds the calibration limit ±")
		escText(b, formatNum(r.MaxOffset, ""))
		b.WriteString(", the limit a single rater's offset is held to.")
	}
	b.WriteString(` <a href="`)
	escHref(b, pg.Root+"api/raters.json")
	b.WriteString(`">raters.json</a> has every figure.</p>`)
}

// writeGroupDiffs writes the differences between a attribute's groups.
func writeGroupDiffs(b *pageBuf, pg *page, diffs []reliability.GroupDiff) {
	b.WriteString("<div class=\"scroll\">\n<table class=\"group-table\">\n" +
		`<thead><tr><th scope="col">Groups</th><th scope="col" class="num">Items</th><th scope="col" class="num">Difference</th><th scope="col" class="num">`)
	escText(b, pg.Site.CI)
	b.WriteString("</th><th scope=\"col\">Verdict</th></tr></thead>\n<tbody>")
	for i := range diffs {
		x := &diffs[i]
		b.WriteString("\n<tr><th scope=\"row\">")
		escText(b, x.GroupA)
		b.WriteString(" − ")
		escText(b, x.GroupB)
		b.WriteString(`</th><td class="num">`)
		b.WriteString(strconv.Itoa(x.N))
		b.WriteString(`</td><td class="num">`)
		escText(b, formatNum(x.Diff, ""))
		b.WriteString(`</td><td class="num nowrap">`)
		writeBounds(b, x.CILow, x.CIHigh)
		b.WriteString("</td><td>")
		if x.Flagged {
			b.WriteString(`<span class="status status-tentative">judge differently</span>`)
		} else {
			b.WriteString(`<span class="muted">within the limit</span>`)
		}
		b.WriteString("</td></tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>")
}
