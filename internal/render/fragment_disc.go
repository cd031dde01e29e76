package render

import (
	"html/template"
	"strconv"
	"strings"
)

// The discrepancy pages' content in Go (goContents): the overview and the
// matrix page of every iteration (pages/discrepancies.html), a series of
// hundreds of pages of a few dozen template actions per matrix cell, and
// the page of every metric-dimension pair (pages/discrepancy.html), whose
// disagreement lists and coefficient tables are rows of cells. While those
// templates and the partials they call (partials/discrepancy.html, the
// "refs" of partials/figures.html) are the default ones, Go writes what
// they would. TestDiscMatrixContent and TestPairContent compare the two.

// writeMatrixContent writes the content of a matrix page pg
// (pages/discrepancies.html).
func (d *discMatrixData) writeMatrixContent(pg *page, b *strings.Builder) {
	root, pooled := pg.Root, d.Level == matrixPooled
	b.Grow(len(d.Chart) + 4096 + 512*len(d.Rows)*len(d.Cols))
	if !pooled {
		b.WriteString(`<p class="crumbs"><a href="`)
		escHref(b, relTo(root, "discrepancy/index.html"))
		b.WriteString(`">Discrepancy</a></p>`)
	}
	b.WriteString("\n<h1>")
	escText(b, pg.Title)
	b.WriteString("</h1>\n")
	if pooled {
		b.WriteString(`<p class="lead">Where the automated metrics and the human ratings disagree: how closely each metric ranks the items as the raters' consensus does, whether it keeps doing so from iteration to iteration, and the investigations of the cases where it stopped.</p>`)
	}
	b.WriteString("\n\n")
	if pooled {
		d.writeOpen(root, b)
	}
	b.WriteString("\n\n<nav class=\"selector\" aria-label=\"Level of the correlations\">\n<span class=\"muted small\">Show:</span>\n<ul>")
	for _, l := range d.Selector {
		b.WriteString("\n")
		if l.Path == "" {
			b.WriteString(`<li class="muted">`)
			escText(b, l.Label)
			b.WriteString("</li>")
			continue
		}
		b.WriteString(`<li><a href="`)
		escHref(b, relTo(root, l.Path))
		b.WriteString(`"`)
		if l.Current {
			b.WriteString(` aria-current="page"`)
		}
		b.WriteString(">")
		escText(b, l.Label)
		b.WriteString("</a></li>")
	}
	b.WriteString("\n</ul>\n</nav>\n\n<h2 id=\"matrix\">")
	switch d.Level {
	case matrixPooled:
		b.WriteString("Item level, all ")
		escText(b, pg.Site.Iterations())
		b.WriteString(" pooled")
	case matrixSystem:
		b.WriteString("Iteration level: one point per ")
		escText(b, pg.Site.Iteration())
	default:
		b.WriteString("Item level in ")
		d.writeIter(root, b)
	}
	b.WriteString("</h2>\n")
	if d.Chart != "" {
		b.WriteString("\n<figure class=\"chart\">\n")
		b.WriteString(string(d.Chart))
		b.WriteString("\n<figcaption>Spearman's ρ of each metric with the consensus of each dimension")
		switch d.Level {
		case matrixSystem:
			b.WriteString(", computed on the per-iteration means")
		case matrixPooled:
			b.WriteString(" over the items rated and scored in every iteration")
		default:
			b.WriteString(" over the items rated and scored")
		}
		b.WriteString(", oriented so that it reads the same for every pair: blue where the metric agrees with the humans (it rates better what they rate better), red where it disagrees, blank where it is undefined. A cell shows the oriented ρ: the ρ itself, negated when exactly one of the metric and the dimension is lower-is-better; its tooltip and the table below give the ρ as computed. Click a cell for the pair's page.</figcaption>\n</figure>\n")
	}
	b.WriteString("\n")
	d.writeMatrix(pg, b)
	b.WriteString("\n\n")
	if len(d.Findings) > 0 {
		b.WriteString("<h2 id=\"findings\">Findings in this iteration</h2>\n")
		writeFindingList(b, root, d.Findings)
	}
	b.WriteString("\n\n")
	if pooled {
		d.writeOverview(pg, b)
	}
}

// writeIter writes the matrix page's iteration, linked when it has a page.
func (d *discMatrixData) writeIter(root string, b *strings.Builder) {
	if d.Iter != nil {
		escLinkAlways(b, root, d.Iter.Path, d.Iter.ID)
		return
	}
	escText(b, d.Iteration)
}

// writeOpen writes the overview's panel of open findings.
func (d *discMatrixData) writeOpen(root string, b *strings.Builder) {
	b.WriteString(`<section class="panel findings`)
	if len(d.Open) > 0 {
		b.WriteString(" open")
	}
	b.WriteString("\" aria-labelledby=\"open\">\n<h2 id=\"open\">Open findings</h2>\n")
	switch {
	case len(d.Open) > 0:
		b.WriteString("<p>In these iterations a metric stopped tracking human judgement and no investigation explains it yet.</p>\n")
		writeFindingList(b, root, d.Open)
	case len(d.Explained) > 0:
		b.WriteString(`<p class="muted">None: every finding has an investigation that explains it.</p>`)
	default:
		b.WriteString(`<p class="muted">None: every metric that once tracked a dimension still does.</p>`)
	}
	b.WriteString("\n</section>")
}

// writeMatrix writes the matrix table and the note under it, or that no
// pair was joined.
func (d *discMatrixData) writeMatrix(pg *page, b *strings.Builder) {
	root := pg.Root
	if len(d.Rows) == 0 {
		b.WriteString(`<p class="muted">No metric was joined with a dimension whose ratings have an order.</p>`)
		return
	}
	b.WriteString("<div class=\"scroll\">\n<table class=\"matrix\">\n<thead><tr><th scope=\"col\">Metric</th>")
	for _, c := range d.Cols {
		b.WriteString(`<th scope="col" class="num">`)
		escLink(b, root, c.Path, c.Label)
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>")
	for i := range d.Rows {
		row := &d.Rows[i]
		b.WriteString("\n<tr><th scope=\"row\">")
		escLink(b, root, row.Metric.Path, row.Metric.Label)
		if row.Direction == "lower" {
			b.WriteString(` <span class="muted small">lower is better</span>`)
		}
		b.WriteString("</th>")
		for _, c := range row.Cells {
			b.WriteString(`<td class="num">`)
			switch {
			case c.Pair == nil:
				b.WriteString(`<span class="muted">not joined</span>`)
			case c.Row == nil:
				b.WriteString(`<a href="`)
				escHref(b, relTo(root, c.Pair.Path))
				b.WriteString(`">n/a</a>`)
			default:
				b.WriteString(`<a href="`)
				escHref(b, relTo(root, c.Pair.Path))
				b.WriteString(`">ρ `)
				escText(b, c.Row.Spearman.Value)
				b.WriteString(`</a><br><span class="muted small nowrap">`)
				escText(b, c.Row.Spearman.CI)
				b.WriteString(" n=")
				b.WriteString(strconv.Itoa(c.Row.N))
				b.WriteString("</span>")
				writeAgreement(b, &c.Row.Agreement)
			}
			b.WriteString("</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>\n<p class=\"muted small\">Each cell: Spearman's ρ as computed, with its ")
	escText(b, pg.Site.CI)
	b.WriteString(" (Fisher's z) and the number of ")
	if d.Level == matrixSystem {
		b.WriteString("iterations")
	} else {
		b.WriteString("items")
	}
	floor := formatNum(d.Floor, "")
	b.WriteString(", then its reading: the metric agrees with the humans when the oriented ρ (shown where it differs from ρ, because a lower-is-better metric or dimension flips the sign) is at least the floor ")
	escText(b, floor)
	b.WriteString(", disagrees when it is at most −")
	escText(b, floor)
	b.WriteString(`, and is weak between. <a href="`)
	escHref(b, relTo(root, "api/discrepancy.json"))
	b.WriteString(`">discrepancy.json</a> has Pearson's r and Kendall's τ-b too.</p>`)
}

// writeOverview writes the parts of the overview below its matrix: the
// correlations within iterations or slices, the explained findings, the
// verdicts, the investigations and the notes on the dimensions.
func (d *discMatrixData) writeOverview(pg *page, b *strings.Builder) {
	root := pg.Root
	if len(d.Within) > 0 {
		d.writeWithin(pg, b)
	}
	b.WriteString("\n")
	if len(d.Explained) > 0 {
		b.WriteString("<h2 id=\"explained\">Explained findings</h2>\n")
		writeFindingList(b, root, d.Explained)
	}
	b.WriteString("\n\n")
	if len(d.Verdicts) > 0 {
		b.WriteString("<h2 id=\"verdicts\">Pass or fail: do the verdicts agree?</h2>\n<div class=\"scroll\">\n<table>\n<thead><tr><th scope=\"col\">Metric vs dimension</th><th scope=\"col\" class=\"num\">n</th><th scope=\"col\" class=\"num\">Same verdict</th><th scope=\"col\" class=\"num\">Cohen's κ</th><th scope=\"col\" class=\"num\">")
		escText(b, pg.Site.CI)
		b.WriteString("</th></tr></thead>\n<tbody>")
		for _, p := range d.Verdicts {
			v := p.Verdict
			b.WriteString("\n<tr><th scope=\"row\">")
			writePairLink(b, root, p, "#verdicts")
			b.WriteString(`</th><td class="num">`)
			b.WriteString(strconv.Itoa(v.N))
			b.WriteString(`</td><td class="num">`)
			escText(b, v.Agreement)
			b.WriteString(`</td><td class="num">`)
			escText(b, v.Kappa.Value)
			b.WriteString(`</td><td class="num nowrap">`)
			escText(b, v.Kappa.CI)
			b.WriteString("</td></tr>")
		}
		b.WriteString("\n</tbody>\n</table>\n</div>\n<p class=\"muted small\">Where both the metric and the dimension have a pass threshold, each item passes or fails by each; κ is the agreement of the two verdicts beyond chance, pooled over iterations.</p>")
	}
	b.WriteString("\n\n")
	if len(d.Investigations) > 0 {
		writeInvTable(b, root, d.Investigations)
	}
	b.WriteString("\n\n")
	if len(d.Uncorrelated) > 0 || len(d.Ties) > 0 || len(d.Unplaced) > 0 {
		d.writeNotes(root, b)
	}
}

// writeWithin writes the overview's table of the correlations within
// iterations (partial) or slices.
func (d *discMatrixData) writeWithin(pg *page, b *strings.Builder) {
	root := pg.Root
	b.WriteString(`<h2 id="within">`)
	if d.Partial {
		b.WriteString("Within iterations")
	} else {
		b.WriteString("By slice")
	}
	b.WriteString("</h2>\n<div class=\"scroll\">\n<table class=\"coefficients\">\n<thead><tr><th scope=\"col\">Metric vs dimension</th><th scope=\"col\">Items</th><th scope=\"col\" class=\"num\">n</th><th scope=\"col\" class=\"num\">Pearson r</th><th scope=\"col\" class=\"num\">Spearman ρ</th><th scope=\"col\" class=\"num\">Kendall τ-b</th></tr></thead>\n<tbody>")
	for _, p := range d.Within {
		if p.Partial != nil {
			b.WriteString("\n<tr><th scope=\"row\">")
			writePairLink(b, root, p, "#coefficients")
			b.WriteString("</th><td>all</td>")
			writeCoefCells(b, p.Partial)
			b.WriteString("</tr>")
		}
		for i := range p.Slices {
			sl := &p.Slices[i]
			b.WriteString("\n<tr><th scope=\"row\">")
			writePairLink(b, root, p, "#slices")
			b.WriteString("</th><td>")
			escText(b, sl.Slice)
			b.WriteString("</td>")
			if sl.Partial != nil {
				writeCoefCells(b, sl.Partial)
			} else {
				writeCoefCells(b, &sl.Row)
			}
			b.WriteString("</tr>")
		}
	}
	b.WriteString("\n</tbody>\n</table>\n</div>\n<p class=\"muted small\">")
	if d.Partial {
		b.WriteString("The partial correlation controlling for iteration: each ")
		escText(b, pg.Site.Iteration())
		b.WriteString("'s mean is removed from the metric and from the consensus, so it measures whether the metric ranks the items of one iteration (system) as the raters do, not the shared trend; it is the figure benchmark papers publish. Rows with a slice restrict it to the items of that slice.")
	} else {
		b.WriteString("Each row restricts the pooled item-level correlation to the items of one slice.")
	}
	b.WriteString(" Each coefficient with its ")
	escText(b, pg.Site.CI)
	b.WriteString("; the pair's page has the pooled and iteration-level figures.</p>")
}

// writeNotes writes the overview's notes on the dimensions.
func (d *discMatrixData) writeNotes(root string, b *strings.Builder) {
	b.WriteString("<h2 id=\"dimensions\">Notes on the dimensions</h2>\n<ul>")
	for _, n := range d.Uncorrelated {
		b.WriteString("\n<li>")
		escLink(b, root, n.Dim.Path, n.Dim.Label)
		b.WriteString(" is not correlated: ")
		escText(b, n.Reason)
		b.WriteString("</li>")
	}
	for _, n := range d.Ties {
		b.WriteString("\n<li>")
		escLink(b, root, n.Dim.Path, n.Dim.Label)
		b.WriteString(": ")
		b.WriteString(strconv.Itoa(n.Ties))
		b.WriteString(" items (in an iteration) have a tied majority and no consensus and are left out; ")
		b.WriteString(strconv.Itoa(n.Units))
		b.WriteString(" have one.</li>")
	}
	for _, n := range d.Unplaced {
		b.WriteString("\n<li>")
		escLink(b, root, n.Dim.Path, n.Dim.Label)
		b.WriteString(": ")
		b.WriteString(strconv.Itoa(n.Unplaced))
		b.WriteString(" ratings name no iteration, so they cannot be matched with a metric value and are left out.</li>")
	}
	b.WriteString("\n</ul>")
}

// writeInvTable writes the overview's table of investigations.
func writeInvTable(b *strings.Builder, root string, invs []*invView) {
	b.WriteString("<h2 id=\"investigations\">Investigations</h2>\n<div class=\"scroll\">\n<table>\n<thead><tr><th scope=\"col\">Document</th><th scope=\"col\">Cause</th><th scope=\"col\">Pair</th><th scope=\"col\">Iterations</th><th scope=\"col\" class=\"num\">Items examined</th></tr></thead>\n<tbody>")
	for _, v := range invs {
		b.WriteString("\n<tr><th scope=\"row\">")
		writeInvDoc(b, root, v)
		b.WriteString(`</th><td><span class="tag">`)
		escText(b, v.Cause)
		b.WriteString("</span></td><td>")
		if v.Pair != nil {
			writePairLink(b, root, v.Pair, "")
		} else {
			escText(b, v.Metric.Label)
			b.WriteString(" vs ")
			escText(b, v.Dim.Label)
			b.WriteString(` <span class="muted small">(not joined)</span>`)
		}
		b.WriteString("</td><td>")
		writeInvIters(b, root, v)
		b.WriteString(`</td><td class="num">`)
		b.WriteString(strconv.Itoa(len(v.Items)))
		b.WriteString("</td></tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>")
}

// writeInvDoc writes an investigation's document, linked, or its title.
func writeInvDoc(b *strings.Builder, root string, v *invView) {
	if v.Doc != nil {
		escLinkAlways(b, root, v.Doc.Path, v.Doc.Meta.Title)
		return
	}
	escText(b, v.Title)
}

// writeInvIters writes the iterations an investigation names, or "every
// iteration".
func writeInvIters(b *strings.Builder, root string, v *invView) {
	if len(v.Iters) == 0 {
		b.WriteString("every iteration")
		return
	}
	writeRefs(b, root, v.Iters)
}

// writePairLink writes "metric vs dimension" linked to the pair's page
// (with the fragment frag, such as "#verdicts").
func writePairLink(b *strings.Builder, root string, p *discPair, frag string) {
	b.WriteString(`<a href="`)
	escHref(b, relTo(root, p.Path))
	b.WriteString(frag)
	b.WriteString(`">`)
	escText(b, p.Metric.Label)
	b.WriteString(" vs ")
	escText(b, p.Dim.Label)
	b.WriteString("</a>")
}

// writeFindingList writes findings as the "findinglist" partial does.
func writeFindingList(b *strings.Builder, root string, fs []*findingView) {
	b.WriteString(`<ul class="findings">`)
	for _, f := range fs {
		if f.Open() {
			b.WriteString("\n<li class=\"open\"><span class=\"severity severity-warning\">open</span> ")
		} else {
			b.WriteString("\n<li class=\"explained\"><span class=\"severity severity-info\">explained</span> ")
		}
		if f.Pair != nil {
			writePairLink(b, root, f.Pair, "")
		} else {
			escText(b, f.Metric)
			b.WriteString(" vs ")
			escText(b, f.Dimension)
		}
		b.WriteString(" in ")
		if f.Iter != nil {
			escLinkAlways(b, root, f.Iter.Path, f.Iter.ID)
		} else {
			escText(b, f.Iteration)
		}
		b.WriteString(": ")
		escText(b, f.Message)
		if len(f.Docs) > 0 {
			b.WriteString(` <span class="muted">Investigated in</span> `)
			for i, d := range f.Docs {
				if i > 0 {
					b.WriteString(", ")
				}
				escLinkAlways(b, root, d.Path, d.Meta.Title)
			}
			b.WriteString(".")
		}
		b.WriteString("</li>")
	}
	b.WriteString("\n</ul>")
}

// writeAgreement writes the reading of an oriented ρ as the "agreement"
// partial does.
func writeAgreement(b *strings.Builder, a *agreement) {
	if a.Word == "" {
		return
	}
	b.WriteString(`<br><span class="agreement `)
	escText(b, a.Class)
	b.WriteString(`">`)
	escText(b, a.Word)
	b.WriteString("</span>")
	if a.Oriented != "" {
		b.WriteString(` <span class="muted small nowrap">oriented `)
		b.WriteString(string(a.Oriented))
		b.WriteString("</span>")
	}
}

// writeEstimate writes a coefficient with its interval as the "estimate"
// partial does.
func writeEstimate(b *strings.Builder, e *estimate) {
	escText(b, e.Value)
	b.WriteString(` <span class="muted small nowrap">`)
	escText(b, e.CI)
	b.WriteString("</span>")
}

// writeCoefCells writes the cells of a correlation record as the
// "coefcells" partial does.
func writeCoefCells(b *strings.Builder, r *coefRow) {
	b.WriteString(`<td class="num">`)
	b.WriteString(strconv.Itoa(r.N))
	b.WriteString(`</td><td class="num">`)
	writeEstimate(b, &r.Pearson)
	b.WriteString(`</td><td class="num">`)
	writeEstimate(b, &r.Spearman)
	writeAgreement(b, &r.Agreement)
	b.WriteString(`</td><td class="num">`)
	writeEstimate(b, &r.Kendall)
	b.WriteString("</td>")
}

// MatrixContent returns the content of a matrix page pg, as
// pages/discrepancies.html writes it with the default partials.
func (d *discMatrixData) MatrixContent(pg *page) template.HTML {
	var b strings.Builder
	d.writeMatrixContent(pg, &b)
	return template.HTML(b.String())
}
