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
func (d *discMatrixData) writeMatrixContent(pg *page, b *pageBuf) {
	root, pooled := pg.Root, d.Level == matrixPooled
	b.Grow(len(d.Chart) + 4096 + 512*len(d.Rows)*len(d.Cols))
	if !pooled {
		b.WriteString(`<p class="crumbs"><a href="`)
		escRel(b, root, "discrepancy/index.html")
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
		escRel(b, root, l.Path)
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
		writeIterOr(b, root, d.Iter, d.Iteration)
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

// writeOpen writes the overview's panel of open findings.
func (d *discMatrixData) writeOpen(root string, b *pageBuf) {
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
func (d *discMatrixData) writeMatrix(pg *page, b *pageBuf) {
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
				escRel(b, root, c.Pair.Path)
				b.WriteString(`">n/a</a>`)
			default:
				b.WriteString(`<a href="`)
				escRel(b, root, c.Pair.Path)
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
	escRel(b, root, "api/discrepancy.json")
	b.WriteString(`">discrepancy.json</a> has Pearson's r and Kendall's τ-b too.</p>`)
}

// writeOverview writes the parts of the overview below its matrix: the
// correlations within iterations or slices, the explained findings, the
// verdicts, the investigations and the notes on the dimensions.
func (d *discMatrixData) writeOverview(pg *page, b *pageBuf) {
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
func (d *discMatrixData) writeWithin(pg *page, b *pageBuf) {
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
func (d *discMatrixData) writeNotes(root string, b *pageBuf) {
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
func writeInvTable(b *pageBuf, root string, invs []*invView) {
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
func writeInvDoc(b *pageBuf, root string, v *invView) {
	if v.Doc != nil {
		escLinkAlways(b, root, v.Doc.Path, v.Doc.Meta.Title)
		return
	}
	escText(b, v.Title)
}

// writeInvIters writes the iterations an investigation names, or "every
// iteration".
func writeInvIters(b *pageBuf, root string, v *invView) {
	if len(v.Iters) == 0 {
		b.WriteString("every iteration")
		return
	}
	writeRefs(b, root, v.Iters)
}

// writePairLink writes "metric vs dimension" linked to the pair's page
// (with the fragment frag, such as "#verdicts").
func writePairLink(b *pageBuf, root string, p *discPair, frag string) {
	b.WriteString(`<a href="`)
	escRel(b, root, p.Path)
	b.WriteString(frag)
	b.WriteString(`">`)
	escText(b, p.Metric.Label)
	b.WriteString(" vs ")
	escText(b, p.Dim.Label)
	b.WriteString("</a>")
}

// writeFindingList writes findings as the "findinglist" partial does.
func writeFindingList(b *pageBuf, root string, fs []*findingView) {
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
func writeAgreement(b *pageBuf, a *agreement) {
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
func writeEstimate(b *pageBuf, e *estimate) {
	escText(b, e.Value)
	b.WriteString(` <span class="muted small nowrap">`)
	escText(b, e.CI)
	b.WriteString("</span>")
}

// writeCoefCells writes the cells of a correlation record as the
// "coefcells" partial does.
func writeCoefCells(b *pageBuf, r *coefRow) {
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
	return htmlOf(pg, d.writeMatrixContent)
}

// PairContent returns the content of a pair's page pg, as
// pages/discrepancy.html writes it with the default partials.
func (d *pairData) PairContent(pg *page) template.HTML {
	return htmlOf(pg, d.writePairContent)
}

// writePairContent writes PairContent's HTML to b.
func (d *pairData) writePairContent(pg *page, b *pageBuf) {
	pr, root := d.Pair, pg.Root
	b.Grow(len(d.ValidChart) + len(d.ScatterChart) + 8192 + 2048*(len(pr.High)+len(pr.Low)))
	b.WriteString(`<p class="crumbs"><a href="`)
	escRel(b, root, "discrepancy/index.html")
	b.WriteString("\">Discrepancy</a></p>\n<h1>")
	escText(b, pg.Title)
	b.WriteString("</h1>\n<dl class=\"facts\">\n<div><dt>Metric</dt><dd>")
	escLink(b, root, pr.Metric.Path, pr.Metric.Label)
	b.WriteString(` <span class="muted small">`)
	escText(b, pr.Direction)
	b.WriteString(" is better</span></dd></div>\n<div><dt>Human rating</dt><dd>")
	escLink(b, root, pr.Dim.Path, pr.Dim.Label)
	b.WriteString(` <span class="muted small">`)
	escText(b, pr.DimDir)
	b.WriteString(" is better; consensus: ")
	escText(b, pr.Consensus)
	b.WriteString("</span></dd></div>\n<div><dt>Items joined</dt><dd>")
	if pr.Aggregate && pr.Pooled != nil {
		b.WriteString(strconv.Itoa(pr.Pooled.N))
	} else {
		b.WriteString(strconv.Itoa(pr.Units))
	}
	b.WriteString(" <span class=\"muted small\">item × iteration</span></dd></div>\n</dl>\n\n")
	if len(pr.Findings) > 0 {
		b.WriteString(`<section class="panel findings`)
		if d.Open != 0 {
			b.WriteString(" open")
		}
		b.WriteString("\" aria-labelledby=\"findings\">\n<h2 id=\"findings\">Findings</h2>\n")
		writeFindingList(b, root, pr.Findings)
		b.WriteString("\n</section>")
	}
	b.WriteString("\n\n")
	if pr.Correlated {
		d.writeCoefficients(pg, b)
	} else {
		b.WriteString(`<p class="panel">`)
		escText(b, pr.Dim.Label)
		b.WriteString(" is not correlated with metrics: ")
		escText(b, pr.Reason)
		b.WriteString(".")
		if pr.Verdict != nil {
			b.WriteString(" The verdict agreement below still shows how the two channels relate.")
		}
		b.WriteString("</p>")
	}
	b.WriteString("\n\n")
	if d.ScatterChart != "" {
		b.WriteString("\n<h2 id=\"scatter\">Item by item</h2>\n<figure class=\"chart\">\n")
		b.WriteString(string(d.ScatterChart))
		b.WriteString("\n<figcaption>One point per item and iteration: the metric's value across, the consensus of the ratings up, a colour per iteration (per run of iterations on a long series)")
		if d.Shown < pr.Units {
			b.WriteString("; ")
			b.WriteString(strconv.Itoa(d.Shown))
			b.WriteString(" of the ")
			b.WriteString(strconv.Itoa(pr.Units))
			b.WriteString(" points, evenly thinned")
		}
		b.WriteString(". Click a point for the item's page.</figcaption>\n</figure>\n")
	}
	b.WriteString("\n\n")
	if pr.Verdict != nil {
		d.writeVerdicts(pg, b)
	}
	b.WriteString("\n\n")
	if pr.Correlated && !pr.Aggregate {
		writeDisList(b, root, pr.High, "high", "The metric rates better than the humans", "The metric ranks these items far better than the raters do.")
		b.WriteString("\n")
		writeDisList(b, root, pr.Low, "low", "The metric rates worse than the humans", "The raters rank these items far better than the metric does.")
		b.WriteString("\n<p class=\"muted small\">Ranks are normalised to 0 (worst) to 1 (best) over every item and iteration of the pair, the metric's in its better direction; the gap is the metric's rank minus the humans'. <span class=\"examined\">examined</span> marks an item an investigation looked at.</p>")
	}
	b.WriteString("\n\n")
	if len(pr.Invs) > 0 {
		b.WriteString("<h2 id=\"investigations\">Investigations</h2>\n<ul class=\"docs\">")
		for _, v := range pr.Invs {
			b.WriteString("\n<li>")
			writeInvDoc(b, root, v)
			b.WriteString(` <span class="tag">`)
			escText(b, v.Cause)
			b.WriteString(`</span> <span class="muted">`)
			writeInvIters(b, root, v)
			b.WriteString("</span></li>")
		}
		b.WriteString("\n</ul>")
	}
}

// writeCoefficients writes a correlated pair's coefficients: pooled, by
// slice and per iteration, with the validity chart.
func (d *pairData) writeCoefficients(pg *page, b *pageBuf) {
	pr, root, site := d.Pair, pg.Root, pg.Site
	b.WriteString("<h2 id=\"coefficients\">How closely the metric tracks the humans</h2>\n")
	if pr.Aggregate {
		b.WriteString(`<p class="note aggregate">Computed from aggregates (Pearson sums per `)
		if site.Unordered {
			b.WriteString("system")
		} else {
			b.WriteString("iteration")
		}
		b.WriteString(`), not from rows: item-level Pearson r with its Fisher interval only; Spearman ρ and Kendall τ-b at the item level, bootstrap intervals, slices, disagreements and validity findings need per-item rows and are not available; verdict agreement comes from verdict counts where the aggregates have them. <a href="`)
		escRel(b, root, "api/discrepancy.json")
		b.WriteString("\">discrepancy.json</a> marks these records <code>\"method\": \"aggregate\"</code>.</p>\n")
	}
	b.WriteString(coefHead)
	if r := pr.Pooled; r != nil {
		b.WriteString("\n<tr><th scope=\"row\">Items, all ")
		escText(b, site.Iterations())
		b.WriteString(" pooled</th>")
		writeCoefCells(b, r)
		b.WriteString("</tr>")
	}
	if r := pr.Partial; r != nil {
		b.WriteString("\n<tr><th scope=\"row\">Items, controlling for iteration <span class=\"muted small\">partial</span></th>")
		writeCoefCells(b, r)
		b.WriteString("</tr>")
	}
	if r := pr.System; r != nil {
		b.WriteString("\n<tr><th scope=\"row\">Iterations <span class=\"muted small\">per-iteration means</span></th>")
		writeCoefCells(b, r)
		b.WriteString("</tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>\n<p class=\"muted small\">Each coefficient with its ")
	escText(b, site.CI)
	b.WriteString(" (Fisher's z for r and ρ, the asymptotic variance for τ-b). The partial correlation removes each ")
	escText(b, site.Iteration())
	b.WriteString("'s mean from both sides, so it measures tracking within iterations, not the shared trend. ")
	if pr.Sign < 0 {
		b.WriteString("One of the two is lower-is-better, so the metric agrees with the humans when the coefficients are negative: the reading under each ρ orients it.")
	} else {
		b.WriteString("Both run the same way, so the metric agrees with the humans when the coefficients are positive.")
	}
	b.WriteString("</p>\n\n")
	if len(pr.Slices) > 0 {
		b.WriteString("<h2 id=\"slices\">By slice</h2>\n")
		b.WriteString(strings.Replace(coefHead, ">Level<", ">Slice<", 1))
		for i := range pr.Slices {
			sl := &pr.Slices[i]
			b.WriteString("\n<tr><th scope=\"row\">")
			escText(b, sl.Slice)
			b.WriteString(` <span class="muted small">all `)
			escText(b, site.Iterations())
			b.WriteString(" pooled</span></th>")
			writeCoefCells(b, &sl.Row)
			b.WriteString("</tr>")
			if sl.Partial != nil {
				b.WriteString("\n<tr><th scope=\"row\">")
				escText(b, sl.Slice)
				b.WriteString(` <span class="muted small">controlling for iteration, partial</span></th>`)
				writeCoefCells(b, sl.Partial)
				b.WriteString("</tr>")
			}
		}
		b.WriteString("\n</tbody>\n</table>\n</div>\n<p class=\"muted small\">The same coefficients over the items of each slice only (an item's slice is the one its metric values name)")
		if pr.Partial != nil {
			b.WriteString(", pooled and controlling for iteration")
		}
		b.WriteString(".</p>")
	}
	b.WriteString("\n")
	if d.ValidChart != "" {
		b.WriteString("\n<h2 id=\"validity\">Validity over the iterations</h2>\n<figure class=\"chart\">\n")
		b.WriteString(string(d.ValidChart))
		b.WriteString("\n<figcaption>Spearman's ρ between the metric and the consensus within each ")
		escText(b, site.Iteration())
		b.WriteString(", with its ")
		escText(b, site.CI)
		b.WriteString("; the dashed line is the floor (")
		escText(b, formatNum(d.Floor, ""))
		if pr.Sign < 0 {
			b.WriteString(", negative because one of the two is lower-is-better: below it the metric agrees")
		}
		b.WriteString(")")
		if len(pr.Findings) > 0 {
			b.WriteString("; a red triangle marks an iteration with a finding")
		}
		b.WriteString(".</figcaption>\n</figure>\n")
	}
	b.WriteString("\n")
	if len(pr.Iterations) > 0 {
		b.WriteString("<div class=\"scroll\">\n<table class=\"coefficients\">\n<thead><tr><th scope=\"col\">Iteration</th><th scope=\"col\" class=\"num\">n</th><th scope=\"col\" class=\"num\">Pearson r</th><th scope=\"col\" class=\"num\">Spearman ρ</th><th scope=\"col\" class=\"num\">Kendall τ-b</th><th scope=\"col\">Finding</th></tr></thead>\n<tbody>")
		for i := range pr.Iterations {
			r := &pr.Iterations[i]
			b.WriteString("\n<tr")
			if r.Finding != nil && r.Finding.Open() {
				b.WriteString(` class="open"`)
			}
			b.WriteString(`><th scope="row">`)
			writeIterOr(b, root, r.Iter, r.Iteration)
			b.WriteString("</th>")
			writeCoefCells(b, r)
			b.WriteString("<td>")
			switch {
			case r.Finding == nil:
				b.WriteString(`<span class="muted">none</span>`)
			case r.Finding.Open():
				b.WriteString(`<span class="severity severity-warning">open</span>`)
			default:
				b.WriteString(`<span class="severity severity-info">explained</span>`)
			}
			b.WriteString("</td></tr>")
		}
		b.WriteString("\n</tbody>\n</table>\n</div>")
	}
}

// coefHead opens the table of a pair's coefficients.
const coefHead = "<div class=\"scroll\">\n<table class=\"coefficients\">\n<thead><tr><th scope=\"col\">Level</th><th scope=\"col\" class=\"num\">n</th><th scope=\"col\" class=\"num\">Pearson r</th><th scope=\"col\" class=\"num\">Spearman ρ</th><th scope=\"col\" class=\"num\">Kendall τ-b</th></tr></thead>\n<tbody>"

// writeIterOr writes an iteration linked to its page, or its ID when it
// has none.
func writeIterOr(b *pageBuf, root string, it *iterView, id string) {
	if it != nil {
		escLinkAlways(b, root, it.Path, it.ID)
		return
	}
	escText(b, id)
}

// writeVerdicts writes a pair's verdict agreement: pooled and per
// iteration.
func (d *pairData) writeVerdicts(pg *page, b *pageBuf) {
	pr, v, site := d.Pair, d.Pair.Verdict, pg.Site
	b.WriteString("<h2 id=\"verdicts\">Pass or fail</h2>\n<div class=\"columns\">\n<div>\n<table class=\"confusion\">\n<caption class=\"muted small\">Items, all ")
	escText(b, site.Iterations())
	b.WriteString(" pooled</caption>\n<thead><tr><td></td><th scope=\"col\" class=\"num\">Humans pass</th><th scope=\"col\" class=\"num\">Humans fail</th></tr></thead>\n<tbody>\n<tr><th scope=\"row\">Metric passes</th><td class=\"num agree\">")
	b.WriteString(strconv.Itoa(v.BothPass))
	b.WriteString(`</td><td class="num disagree">`)
	b.WriteString(strconv.Itoa(v.MetricOnly))
	b.WriteString("</td></tr>\n<tr><th scope=\"row\">Metric fails</th><td class=\"num disagree\">")
	b.WriteString(strconv.Itoa(v.HumansOnly))
	b.WriteString(`</td><td class="num agree">`)
	b.WriteString(strconv.Itoa(v.NeitherPass))
	b.WriteString("</td></tr>\n</tbody>\n</table>\n</div>\n<dl class=\"facts\">\n<div><dt>Same verdict</dt><dd><span class=\"big\">")
	escText(b, v.Agreement)
	b.WriteString(`</span> <span class="muted">of `)
	b.WriteString(strconv.Itoa(v.N))
	b.WriteString("</span></dd></div>\n<div><dt>Cohen's κ</dt><dd><span class=\"big\">")
	escText(b, v.Kappa.Value)
	b.WriteString(`</span> <span class="muted nowrap">`)
	escText(b, site.CI)
	b.WriteString(" ")
	escText(b, v.Kappa.CI)
	b.WriteString("</span></dd></div>\n</dl>\n</div>\n")
	if len(pr.Verdicts) > 0 {
		b.WriteString("<div class=\"scroll\">\n<table>\n<thead><tr><th scope=\"col\">Iteration</th><th scope=\"col\" class=\"num\">n</th><th scope=\"col\" class=\"num\">Both pass</th><th scope=\"col\" class=\"num\">Metric only</th><th scope=\"col\" class=\"num\">Humans only</th><th scope=\"col\" class=\"num\">Neither</th><th scope=\"col\" class=\"num\">Same verdict</th><th scope=\"col\" class=\"num\">Cohen's κ</th></tr></thead>\n<tbody>")
		for i := range pr.Verdicts {
			r := &pr.Verdicts[i]
			b.WriteString("\n<tr><th scope=\"row\">")
			writeIterOr(b, pg.Root, r.Iter, r.Iteration)
			b.WriteString("</th>")
			for _, n := range [5]int{r.N, r.BothPass, r.MetricOnly, r.HumansOnly, r.NeitherPass} {
				b.WriteString(`<td class="num">`)
				b.WriteString(strconv.Itoa(n))
				b.WriteString("</td>")
			}
			b.WriteString(`<td class="num">`)
			escText(b, r.Agreement)
			b.WriteString(`</td><td class="num">`)
			writeEstimate(b, &r.Kappa)
			b.WriteString("</td></tr>")
		}
		b.WriteString("\n</tbody>\n</table>\n</div>")
	}
	b.WriteString("\n<p class=\"muted small\">An item passes by the metric when its value reaches the metric's pass threshold, and by the humans when its consensus reaches the dimension's. κ is the agreement of the two verdicts beyond chance, with its ")
	escText(b, site.CI)
	b.WriteString(".</p>")
}

// writeDisList writes a disagreement list as the "dislist" template of
// pages/discrepancy.html does.
func writeDisList(b *pageBuf, root string, rows []disItemRow, id, head, lead string) {
	b.WriteString(`<h2 id="`)
	escText(b, id)
	b.WriteString(`">`)
	escText(b, head)
	b.WriteString("</h2>\n")
	if len(rows) == 0 {
		b.WriteString(`<p class="muted">None.</p>`)
		return
	}
	b.WriteString(`<p class="muted">`)
	escText(b, lead)
	b.WriteString("</p>\n<div class=\"scroll\">\n<table class=\"disagreements\">\n<thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Iteration</th><th scope=\"col\" class=\"num\">Metric</th><th scope=\"col\" class=\"num\">Consensus</th><th scope=\"col\" class=\"num\">Gap</th><th scope=\"col\">Input and output</th></tr></thead>\n<tbody>")
	for i := range rows {
		r := &rows[i]
		b.WriteString("\n<tr><th scope=\"row\">")
		writeItemOr(b, root, r)
		if len(r.Examined) > 0 {
			b.WriteString(`<br><span class="examined" title="`)
			for i, x := range r.Examined {
				if i > 0 {
					b.WriteString(", ")
				}
				escText(b, x.Meta.Title)
			}
			b.WriteString(`">examined</span>`)
		}
		b.WriteString("</th><td>")
		writeIterOr(b, root, r.Iter, r.Disagreement.Iteration)
		b.WriteString(`</td><td class="num">`)
		escText(b, r.Value)
		b.WriteString(`</td><td class="num">`)
		escText(b, r.Consensus)
		b.WriteString(`</td><td class="num">`)
		b.WriteString(string(formatDelta(r.Gap, "")))
		b.WriteString(`</td><td class="excerpt">`)
		if r.FullInput != "" || r.FullOut != "" {
			b.WriteString("<details><summary>")
			writeExcerpts(b, r)
			b.WriteString("</summary>")
			if r.FullInput != "" {
				b.WriteString(`<p class="muted small">Input</p><pre class="text">`)
				escText(b, r.FullInput)
				b.WriteString("</pre>")
			}
			if r.FullOut != "" {
				b.WriteString(`<p class="muted small">Output</p><pre class="text">`)
				escText(b, r.FullOut)
				b.WriteString("</pre>")
			}
			b.WriteString("</details>")
		} else {
			writeExcerpts(b, r)
		}
		b.WriteString("</td></tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>")
}

// writeItemOr writes a disagreement's item linked to its page, or its
// ID when it has none.
func writeItemOr(b *pageBuf, root string, r *disItemRow) {
	if r.Item != nil {
		escLinkAlways(b, root, r.Item.Path, r.Item.ID)
		return
	}
	escText(b, r.Disagreement.Item)
}

// writeExcerpts writes the excerpts of a disagreement's input and output.
func writeExcerpts(b *pageBuf, r *disItemRow) {
	if r.Input != "" {
		b.WriteString(`<span class="muted small">in:</span> `)
		escText(b, r.Input)
	}
	if r.Output != "" {
		b.WriteString(`<br><span class="muted small">out:</span> `)
		escText(b, r.Output)
	}
}
