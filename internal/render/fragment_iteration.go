package render

import (
	"fmt"
	"html/template"
	"strconv"
)

// The iteration page's content in Go (goContents): while
// pages/iteration.html and the partials it calls are the default ones, Go
// writes what they would, section by section. TestIterationContent
// compares the two; the scroll boxes are left plain, for scrollRegions.

// Content returns the content of an iteration's page pg, as
// pages/iteration.html writes it with the default partials; parseSets
// makes the iteration set call it while those are the default templates
// (goContents).
func (d *iterationData) Content(pg *page) template.HTML {
	return htmlOf(pg, d.writeContent)
}

// writeContent writes Content's HTML to b.
func (d *iterationData) writeContent(pg *page, b *pageBuf) {
	b.Grow(16 << 10)
	if pg.Site.Unordered {
		d.writeSystemHead(pg, b)
	} else {
		d.writeIterationHead(pg, b)
	}
	b.WriteString("\n")
	if d.Verdict != nil {
		writeIterVerdictPanel(b, pg, d.Verdict, "Did it help?", false)
	}
	b.WriteString("\n")
	it := d.Iteration
	if len(d.Alerts) > 0 {
		b.WriteString("<section class=\"panel alerts\" aria-labelledby=\"alerts\">\n<h2 id=\"alerts\">Alerts about ")
		escText(b, it.ID)
		b.WriteString("</h2>\n")
		writeAlertList(b, pg.Root, d.Alerts)
		b.WriteString("\n</section>")
	}
	if pg.Site.Unordered {
		b.WriteString("\n<h2>Description</h2>\n")
	} else {
		b.WriteString("\n<h2>What changed</h2>\n")
	}
	if it.Description != "" {
		b.WriteString("<p>")
		escText(b, it.Description)
		b.WriteString("</p>")
	} else {
		b.WriteString(`<p class="muted">No description.</p>`)
	}
	b.WriteString("\n")
	d.writeRanks(pg, b)
	b.WriteString("\n\n")
	if d.Comparisons != nil {
		d.writeComparisons(pg, b)
	}
	b.WriteString("\n\n<h2 id=\"metrics\">Metrics</h2>\n")
	d.writeMetrics(pg, b)
	b.WriteString("\n\n")
	d.writeSlices(pg, b)
	d.writePairwise(pg, b)
	b.WriteString("\n\n")
	d.writeDimensions(pg, b)
	b.WriteString("\n\n<h2 id=\"documents\">Case studies, decisions and guidelines</h2>\n")
	d.writeDocuments(pg, b)
}

// writeIterationHead writes the pager, title and facts of an iteration of
// a timeline.
func (d *iterationData) writeIterationHead(pg *page, b *pageBuf) {
	it, root := d.Iteration, pg.Root
	b.WriteString("<nav class=\"pager\" aria-label=\"Iterations\">\n")
	if p := it.Prev; p != nil {
		b.WriteString(`<a rel="prev" href="`)
		escRel(b, root, p.Path)
		b.WriteString(`">← `)
		escText(b, p.ID)
		b.WriteString("</a>")
	} else {
		b.WriteString("<span></span>")
	}
	b.WriteString("\n<a href=\"")
	escHref(b, root+"iterations/index.html")
	b.WriteString("\">All iterations</a>\n")
	if n := it.Next; n != nil {
		b.WriteString(`<a rel="next" href="`)
		escRel(b, root, n.Path)
		b.WriteString(`">`)
		escText(b, n.ID)
		b.WriteString(" →</a>")
	} else {
		b.WriteString("<span></span>")
	}
	b.WriteString("\n</nav>\n<h1>Iteration ")
	escText(b, it.ID)
	b.WriteString("</h1>\n<dl class=\"facts\">\n<div><dt>Order</dt><dd>")
	b.WriteString(strconv.Itoa(it.Order))
	b.WriteString("</dd></div>\n")
	writeDateFact(b, formatDate(it.Date))
	b.WriteString("\n<div><dt>Baseline</dt><dd>")
	switch {
	case it.Base != nil:
		escLinkAlways(b, root, it.Base.Path, it.Base.ID)
	case it.Baseline != "":
		escText(b, it.Baseline)
	default:
		b.WriteString("none")
	}
	b.WriteString("</dd></div>\n</dl>")
}

// writeSystemHead writes the pager, title and facts of a system of a
// project of systems or rounds.
func (d *iterationData) writeSystemHead(pg *page, b *pageBuf) {
	it, root, board := d.Iteration, pg.Root, d.Board
	b.WriteString("<nav class=\"pager\" aria-label=\"Systems\">\n<a href=\"")
	escHref(b, root+"iterations/index.html")
	b.WriteString("\">All systems</a>\n")
	if board != nil {
		b.WriteString(`<a href="`)
		escRel(b, root, board.Path)
		b.WriteString(`">`)
		if board.Round != "" {
			b.WriteString("Round ")
			escText(b, board.Round)
		} else {
			b.WriteString("Leaderboard")
		}
		b.WriteString("</a>")
	}
	b.WriteString("\n</nav>\n<h1>System ")
	escText(b, it.ID)
	b.WriteString("</h1>\n<dl class=\"facts\">\n")
	if it.Round != "" {
		b.WriteString("<div><dt>Round</dt><dd>")
		escText(b, it.Round)
		b.WriteString("</dd></div>")
	}
	b.WriteString("\n<div><dt>Role</dt><dd>")
	if it.Reference {
		b.WriteString("reference")
	} else {
		b.WriteString("candidate")
		if board != nil && board.Reference != nil {
			b.WriteString(", compared with ")
			escLinkAlways(b, root, board.Reference.Path, board.Reference.ID)
		}
	}
	b.WriteString("</dd></div>\n")
	writeDateFact(b, formatDate(it.Date))
	b.WriteString("\n")
	if it.Base != nil {
		b.WriteString("<div><dt>Baseline</dt><dd>")
		escLinkAlways(b, root, it.Base.Path, it.Base.ID)
		b.WriteString("</dd></div>")
	}
	b.WriteString("\n</dl>")
}

// writeDateFact writes the Date fact, nothing for no date.
func writeDateFact(b *pageBuf, date string) {
	if date != "" {
		b.WriteString("<div><dt>Date</dt><dd>")
		escText(b, date)
		b.WriteString("</dd></div>")
	}
}

// writeRanks writes the system's rows on its leaderboard, nothing when it
// has none.
func (d *iterationData) writeRanks(pg *page, b *pageBuf) {
	if len(d.Ranks) == 0 {
		return
	}
	root, ci := pg.Root, pg.Site.CI
	b.WriteString("<section aria-labelledby=\"ranks\">\n<h2 id=\"ranks\">On the <a href=\"")
	escRel(b, root, d.Board.Path)
	b.WriteString("\">leaderboard</a></h2>\n<div class=\"scroll\">\n<table>\n" +
		`<thead><tr><th scope="col">Subject</th><th scope="col" class="num">Rank</th><th scope="col" class="num">Rank range</th><th scope="col" class="num">Group</th><th scope="col" class="num">Mean</th><th scope="col" class="num">`)
	escText(b, ci)
	b.WriteString("</th><th scope=\"col\" class=\"num\">Systems</th></tr></thead>\n<tbody>")
	for _, r := range d.Ranks {
		s, e := r.Subject, &r.Row.Entry
		b.WriteString("\n<tr><th scope=\"row\">")
		escLink(b, root, s.Path, s.Label)
		if s.Human {
			b.WriteString(` <span class="muted small">human</span>`)
		}
		b.WriteString(`</th><td class="num">`)
		b.WriteString(strconv.Itoa(e.Rank))
		b.WriteString(`</td><td class="num nowrap">`)
		escText(b, rankRange(e.RankLow, e.RankHigh))
		b.WriteString(`</td><td class="num">`)
		b.WriteString(strconv.Itoa(e.Group))
		b.WriteString(`</td><td class="num nowrap">`)
		escText(b, formatNum(e.Mean, s.Unit))
		b.WriteString(`</td><td class="num nowrap">`)
		escText(b, formatSpan(e.CILow, e.CIHigh, s.Unit))
		b.WriteString(`</td><td class="num">`)
		b.WriteString(strconv.Itoa(len(s.Rows)))
		b.WriteString("</td></tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>\n<p class=\"muted small\">Rank 1 is best; the range is the ")
	escText(b, ci)
	b.WriteString(" range of ranks over bootstrap resamples of the items, and group 1 holds the systems not significantly worse than the best.</p>\n</section>")
}

// writeComparisons writes the section of every comparison and, when any
// has slices, the section by slice.
func (d *iterationData) writeComparisons(pg *page, b *pageBuf) {
	t, s, root := d.Comparisons, pg.Site, pg.Root
	b.WriteString("<section aria-labelledby=\"comparisons\">\n<h2 id=\"comparisons\">Every comparison</h2>\n<p>Compared with ")
	for i, x := range t.Targets {
		if i > 0 {
			b.WriteString("; ")
		}
		switch x.Kind {
		case "previous":
			if s.Unordered {
				b.WriteString("the reference of the previous round")
			} else {
				b.WriteString("the previous iteration")
			}
		case "reference":
			b.WriteString("the reference system")
		case "pair":
			b.WriteString("system")
		default:
			b.WriteString("its baseline")
		}
		b.WriteString(" ")
		if x.Iter != nil {
			escLinkAlways(b, root, x.Iter.Path, x.Iter.ID)
		} else {
			escText(b, x.ID)
		}
	}
	b.WriteString(", on every metric and numeric rating")
	if len(t.Pairwise) > 0 {
		b.WriteString(", and by win rate against it on every pairwise dimension (Mean the win rate, Target the 0.5 of no preference)")
	}
	if s.Unordered && len(t.Targets) > 0 && t.Targets[0].Kind == "pair" {
		b.WriteString(" (with no reference system, each pair of systems is compared once, the later against the one listed before it; the leaderboard ranks them all)")
	}
	if s.Correction == "none" {
		b.WriteString("; p-values not adjusted")
	} else {
		b.WriteString("; p-values adjusted with ")
		escText(b, s.Family())
	}
	b.WriteString(".</p>\n<div class=\"scroll\">\n<table class=\"comparisons\">\n" +
		`<thead><tr><th scope="col">Subject</th><th scope="col" class="num">Mean</th><th scope="col" class="num">Target</th><th scope="col" class="num">Δ</th><th scope="col" class="num">`)
	escText(b, s.CI)
	b.WriteString(`</th><th scope="col" class="num">p</th><th scope="col" class="num">p adj.<br><span class="small">`)
	escText(b, s.Correction)
	b.WriteString(`</span></th><th scope="col" class="num">Effect</th><th scope="col" class="num">n</th><th scope="col">Pairing</th><th scope="col">Verdict</th></tr></thead>`)
	for _, group := range [3][]*compView{t.Metrics, t.Dimensions, t.Pairwise} {
		if len(group) == 0 {
			continue
		}
		b.WriteString("\n<tbody>")
		for _, c := range group {
			b.WriteString(string(c.IterRow(root, len(t.Targets))))
		}
		b.WriteString("\n</tbody>")
	}
	b.WriteString("\n</table>\n</div>\n")
	writeCompNote(b, s)
	b.WriteString("\n</section>\n\n")
	if len(t.Sliced) > 0 {
		d.writeSliced(pg, b)
	}
}

// writeCompNote writes the legend of a comparison table as the "compnote"
// partial does.
func writeCompNote(b *pageBuf, s *site) {
	b.WriteString(`<p class="muted small">Δ is the mean minus the target's mean (Target) on the compared items, with its `)
	escText(b, s.CI)
	b.WriteString(" (bootstrap over items, paired when both ")
	if s.Unordered {
		b.WriteString("systems")
	} else {
		b.WriteString("iterations")
	}
	b.WriteString(" scored the same items). p is two-sided; ")
	if s.Correction == "none" {
		b.WriteString("p adj. is not adjusted (experiments.correction is none)")
	} else {
		b.WriteString("p adj. is adjusted with ")
		escText(b, s.Family())
	}
	b.WriteString(". Effect: Cohen's d<sub>z</sub> when paired, Hedges' g when unpaired. The verdict reads the change in the direction that is better: better or worse when the interval excludes zero and p adj. is below ")
	escText(b, fmt.Sprint(s.Alpha))
	b.WriteString(` (<strong>bold</strong>); possibly better or possibly worse, dashed, when only one of the two holds: a lead, not a finding; else no change, and no test when there is nothing to test (one value per iteration). <span class="tag unpaired">unpaired</span> comparisons have different items on each side and are weaker evidence; hover over the pairing for the method.</p>`)
}

// writeSliced writes the section of the comparisons by slice.
func (d *iterationData) writeSliced(pg *page, b *pageBuf) {
	t, s, root := d.Comparisons, pg.Site, pg.Root
	b.WriteString("<section aria-labelledby=\"slices\">\n<h2 id=\"slices\">By slice</h2>\n")
	if len(t.Reversals) > 0 {
		b.WriteString("<div class=\"panel reversal\" role=\"note\">\n<p><strong>Slice regression hidden by the aggregate.</strong> ")
		for i, c := range t.Reversals {
			if i > 0 {
				b.WriteString("; ")
			}
			escText(b, c.Label)
			if c.Verdict == "better" {
				b.WriteString(" improves")
			} else {
				b.WriteString(" shows no significant change")
			}
			b.WriteString(" overall, but gets worse in ")
			for j, x := range c.Reversals {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString("<strong>")
				escText(b, x.Slice)
				b.WriteString("</strong> (")
				b.WriteString(string(formatDelta(x.Delta, c.Unit)))
				b.WriteString(")")
			}
		}
		b.WriteString(", significantly after ")
		escText(b, s.Correction)
		b.WriteString("'s correction.</p>\n</div>")
	}
	b.WriteString("\n")
	if len(t.Possible) > 0 {
		b.WriteString(`<p class="hint-note" role="note"><strong>Possible slice regressions</strong>, not significant after the correction, to check rather than act on: `)
		for i, c := range t.Possible {
			if i > 0 {
				b.WriteString("; ")
			}
			escText(b, c.Label)
			b.WriteString(" in ")
			for j, x := range c.PossibleReversals {
				if j > 0 {
					b.WriteString(", ")
				}
				escText(b, x.Slice)
				b.WriteString(" (")
				b.WriteString(string(formatDelta(x.Delta, c.Unit)))
				b.WriteString(", p adj. ")
				escText(b, formatP(x.PAdjusted))
				b.WriteString(")")
			}
		}
		b.WriteString(".</p>")
	}
	for _, c := range t.Sliced {
		b.WriteString("\n<h3>")
		escLink(b, root, c.Path, c.Label)
		b.WriteString(` <span class="muted small">overall `)
		b.WriteString(string(formatDelta(c.Delta, c.Unit)))
		b.WriteString(", ")
		escText(b, c.Verdict)
		b.WriteString("</span></h3>\n<div class=\"scroll\">\n<table class=\"slices\">\n" +
			`<thead><tr><th scope="col">Slice</th><th scope="col" class="num">n</th><th scope="col" class="num">Δ</th><th scope="col" class="num">`)
		escText(b, s.CI)
		b.WriteString("</th><th scope=\"col\" class=\"num\">p</th><th scope=\"col\" class=\"num\">p adj.</th><th scope=\"col\">Verdict</th></tr></thead>\n<tbody>")
		b.WriteString(string(c.SliceRows()))
		b.WriteString("\n</tbody>\n</table>\n</div>")
	}
	b.WriteString("\n<p class=\"muted small\">Slice p-values are adjusted together with every comparison of ")
	if s.Unordered {
		b.WriteString("the round")
	} else {
		escText(b, d.Iteration.ID)
	}
	if s.Correction != "none" {
		b.WriteString(" (")
		escText(b, s.Correction)
		b.WriteString(")")
	}
	b.WriteString(", so that the many slices do not raise false alarms; a slice that only looks worse is marked as possible, a lead to check.</p>\n</section>")
}

// writeMetrics writes the table of every metric's point in the iteration,
// or that it has none.
func (d *iterationData) writeMetrics(pg *page, b *pageBuf) {
	if len(d.Metrics) == 0 {
		b.WriteString(`<p class="muted">No metric values for this iteration.</p>`)
		return
	}
	root, ordered := pg.Root, !pg.Site.Unordered
	b.WriteString("<div class=\"scroll\">\n<table>\n" + `<thead><tr><th scope="col">Metric</th><th scope="col" class="num">Mean</th><th scope="col" class="num">`)
	escText(b, pg.Site.CI)
	b.WriteString(`</th><th scope="col" class="num">n</th>`)
	if ordered {
		b.WriteString(`<th scope="col" class="num">Δ previous</th>`)
	}
	b.WriteString("<th scope=\"col\" class=\"num\">Δ baseline</th></tr></thead>\n<tbody>")
	for _, r := range d.Metrics {
		m, p := r.Metric, r.Point
		b.WriteString("\n<tr><th scope=\"row\">")
		escLinkAlways(b, root, m.Path, m.Label)
		b.WriteString(`</th><td class="num">`)
		escText(b, formatNum(p.Mean, m.Unit))
		b.WriteString(`</td><td class="num nowrap">`)
		escText(b, formatCI(p.CI, m.Unit))
		b.WriteString(`</td><td class="num">`)
		b.WriteString(strconv.Itoa(p.N))
		b.WriteString("</td>")
		if ordered {
			writeChangeCell(b, changeSpan(p.DeltaPrev, m.Unit, m.Direction), r.Prev)
		}
		writeChangeCell(b, changeSpan(p.DeltaBaseline, m.Unit, m.Direction), p.Baseline)
		b.WriteString("</tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>")
}

// writeChangeCell writes a cell of a change and the iteration it is
// against, if any.
func writeChangeCell(b *pageBuf, change template.HTML, against string) {
	b.WriteString(`<td class="num nowrap">`)
	b.WriteString(string(change))
	if against != "" {
		b.WriteString(` <span class="muted">vs `)
		escText(b, against)
		b.WriteString("</span>")
	}
	b.WriteString("</td>")
}

// writeSlices writes the table of the metrics by slice, nothing when no
// metric has slices.
func (d *iterationData) writeSlices(pg *page, b *pageBuf) {
	if len(d.Slices) == 0 {
		return
	}
	b.WriteString("<h2>Metrics by slice</h2>\n<div class=\"scroll\">\n<table>\n<thead><tr><th scope=\"col\">Metric</th>")
	for _, name := range d.SliceNames {
		b.WriteString(`<th scope="col" class="num">`)
		escText(b, name)
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>")
	for _, r := range d.Slices {
		b.WriteString("\n<tr><th scope=\"row\">")
		escLinkAlways(b, pg.Root, r.Path, r.Label)
		b.WriteString("</th>")
		writeSliceCells(b, r.Cells, r.Unit)
		b.WriteString("</tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>")
}

// writePairwise writes the system's head-to-head records, nothing when it
// has none.
func (d *iterationData) writePairwise(pg *page, b *pageBuf) {
	if len(d.Pairwise) == 0 {
		return
	}
	root := pg.Root
	b.WriteString("\n\n<h2 id=\"pairwise\">Side by side</h2>\n<div class=\"scroll\">\n<table>\n<caption>")
	escText(b, d.Iteration.ID)
	b.WriteString("'s win rate against each opponent it was judged against (ties count half)</caption>\n" +
		`<thead><tr><th scope="col">Dimension</th><th scope="col">Opponent</th><th scope="col" class="num">n</th><th scope="col" class="num">Won</th><th scope="col" class="num">Lost</th><th scope="col" class="num">Ties</th><th scope="col" class="num">Win rate</th><th scope="col" class="num">`)
	escText(b, pg.Site.CI)
	b.WriteString("</th></tr></thead>\n<tbody>")
	for _, r := range d.Pairwise {
		w := &r.Rate
		b.WriteString("\n<tr data-opponent=\"")
		escText(b, r.Opponent.ID)
		b.WriteString(`"><th scope="row">`)
		escLinkAlways(b, root, r.Dim.Path, r.Dim.Label)
		b.WriteString("</th><td>")
		if o := r.Opponent.Iter; o != nil {
			escLinkAlways(b, root, o.Path, o.ID)
		} else {
			escText(b, r.Opponent.ID)
		}
		for _, n := range [4]int{w.N, w.WinsB, w.WinsA, w.Ties} {
			b.WriteString(`</td><td class="num">`)
			b.WriteString(strconv.Itoa(n))
		}
		b.WriteString(`</td><td class="num"><span class="delta `)
		escText(b, r.Class)
		if r.Sig {
			b.WriteString(" sig")
		}
		b.WriteString(`">`)
		escText(b, formatPct(w.WinRateB))
		b.WriteString(`</span></td><td class="num nowrap">`)
		escText(b, formatPctSpan(w.CI.Low, w.CI.High))
		b.WriteString("</td></tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>")
}

// writeDimensions writes the table of every dimension in the iteration,
// nothing when the project has none.
func (d *iterationData) writeDimensions(pg *page, b *pageBuf) {
	if len(d.Dimensions) == 0 {
		return
	}
	root := pg.Root
	b.WriteString("<h2>Human ratings</h2>\n<div class=\"scroll\">\n<table>\n" +
		`<thead><tr><th scope="col">Dimension</th><th scope="col" class="num">Ratings</th><th scope="col" class="num">Raters</th><th scope="col" class="num">Items</th><th scope="col">Mean or top label</th><th scope="col" class="num">Δ`)
	if d.Verdict != nil {
		b.WriteString(" vs ")
		escText(b, d.Verdict.Against)
	}
	b.WriteString(`</th><th scope="col" class="num">α in `)
	escText(b, d.Iteration.ID)
	b.WriteString("</th><th scope=\"col\">Distribution</th></tr></thead>\n<tbody>")
	for i := range d.Dimensions {
		s := &d.Dimensions[i]
		b.WriteString("\n<tr><th scope=\"row\">")
		escLinkAlways(b, root, s.Dim.Path, s.Dim.Label)
		b.WriteString("</th>")
		if p := s.Point; p != nil {
			b.WriteString(`<td class="num">`)
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
		} else {
			b.WriteString(`<td class="num">0</td><td class="num">0</td><td class="num">0</td>`)
		}
		b.WriteString("\n<td>")
		writeDimValue(b, s)
		b.WriteString("</td>\n<td class=\"num nowrap\">")
		if c := s.Comp; c != nil {
			b.WriteString(string(changeSpan(c.Delta, c.Unit, c.Direction)))
			b.WriteString(" ")
			writeVerdict(b, c.Verdict, c.Significant)
		} else {
			b.WriteString(`<span class="muted">n/a</span>`)
		}
		b.WriteString("</td>\n<td class=\"num nowrap\">")
		if r := s.Rel; r != nil {
			escText(b, formatNum(r.Alpha, ""))
			b.WriteString(` <span class="status `)
			escText(b, statusClass(r.Status))
			b.WriteString(`">`)
			escText(b, statusText(r.Status))
			b.WriteString("</span>")
		} else {
			b.WriteString(`<span class="muted">n/a</span>`)
		}
		b.WriteString("</td>\n<td class=\"small\">")
		if p := s.Point; p != nil {
			for j, c := range p.Distribution {
				if j > 0 {
					b.WriteString(", ")
				}
				escText(b, c.Value)
				b.WriteString(" ")
				escText(b, formatPct(c.Share))
			}
		}
		b.WriteString("</td></tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>")
}

// writeDimValue writes a dimension's state in a point as the "dimvalue"
// partial does.
func writeDimValue(b *pageBuf, s *dimSummary) {
	switch {
	case s.Point == nil:
		b.WriteString(`<span class="muted">no ratings</span>`)
	case s.Dim.Numeric:
		b.WriteString(`<span class="big">`)
		escText(b, formatNum(s.Point.Mean, ""))
		b.WriteString(`</span> <span class="muted">CI `)
		escText(b, formatCI(s.Point.CI, ""))
		b.WriteString("</span>")
	case s.Top != nil:
		b.WriteString(`<span class="big">`)
		escText(b, s.Top.Value)
		b.WriteString(`</span> <span class="muted">`)
		escText(b, formatPct(s.Top.Share))
		b.WriteString(" of ratings</span>")
	default:
		b.WriteString(`<span class="muted">n/a</span>`)
	}
}

// writeDocuments writes the documents about the iteration, grouped, with
// the pager of a long list above and below them.
func (d *iterationData) writeDocuments(pg *page, b *pageBuf) {
	root := pg.Root
	writeListPager(b, root, d.Pager)
	for _, g := range d.Knowledge {
		b.WriteString("<h3>")
		escText(b, g.Title)
		b.WriteString("</h3>\n")
		writeDocList(b, pg, g.Docs)
	}
	if len(d.Knowledge) == 0 {
		b.WriteString(`<p class="muted">None yet.</p>`)
	}
	if d.Pager != nil {
		b.WriteString("\n")
		writeListPager(b, root, d.Pager)
	}
}

// writeAlertList writes alerts as the "alertlist" partial does.
func writeAlertList(b *pageBuf, root string, alerts []alertView) {
	b.WriteString(`<ul class="alerts">`)
	for i := range alerts {
		a := &alerts[i]
		sev := a.SeverityName()
		b.WriteString("\n<li><span class=\"severity severity-")
		escText(b, sev)
		b.WriteString(`">`)
		escText(b, sev)
		b.WriteString("</span> ")
		escLink(b, root, a.Path, a.Message)
		b.WriteString("</li>")
	}
	b.WriteString("\n</ul>")
}

// writeIterVerdictPanel writes an iteration's verdict panel v as the
// "verdictpanel" partial does from (args pg v title describe).
func writeIterVerdictPanel(b *pageBuf, pg *page, v *verdictPanel, title string, describe bool) {
	s, root, it := pg.Site, pg.Root, v.Iteration
	b.WriteString(`<section class="panel iter-verdict" aria-labelledby="verdict" data-iteration="`)
	escText(b, it.ID)
	b.WriteString(`" data-against="`)
	escText(b, v.Against)
	b.WriteString("\">\n<h2 id=\"verdict\">")
	escText(b, title)
	b.WriteString("</h2>\n<p class=\"against\">")
	if describe {
		escLinkAlways(b, root, it.Path, it.ID)
		if date := formatDate(it.Date); date != "" {
			b.WriteString(" (")
			escText(b, date)
			b.WriteString(")")
		}
	} else {
		escText(b, it.ID)
	}
	b.WriteString(" against ")
	escText(b, v.TargetWord())
	b.WriteString(" ")
	if a := v.AgainstIt; a != nil {
		escLinkAlways(b, root, a.Path, a.ID)
	} else {
		escText(b, v.Against)
	}
	if s.Correction != "" && s.Correction != "none" {
		b.WriteString("; verdicts after ")
		escText(b, s.Correction)
		b.WriteString("'s correction")
	}
	b.WriteString(".</p>")
	if describe && it.Description != "" {
		b.WriteString("\n<p class=\"what\">")
		escText(b, it.Description)
		b.WriteString("</p>")
	}
	r := &v.Rollup
	b.WriteString("\n<p class=\"rollup\"><span class=\"nowrap\"><strong>Metrics:</strong> ")
	escText(b, r.Metrics)
	b.WriteString("</span>")
	if len(v.Humans) > 0 {
		b.WriteString(` · <span class="nowrap"><strong>Humans:</strong> `)
		escText(b, r.Humans)
		b.WriteString("</span>")
		if r.Raters != "" {
			b.WriteString(` · <span class="status `)
			escText(b, r.RatersClass)
			b.WriteString(`">`)
			escText(b, r.Raters)
			b.WriteString("</span>")
		}
	}
	if len(v.Prefs) > 0 {
		b.WriteString(` · <span class="nowrap"><strong>Side by side:</strong> `)
		escText(b, r.Prefs)
		b.WriteString("</span>")
	}
	b.WriteString("</p>")
	if doc := v.Decision; doc != nil {
		b.WriteString("\n<p class=\"decision\"><strong>Decision:</strong> ")
		if doc.Meta.Decision != "" {
			b.WriteString(`<span class="tag">`)
			escText(b, doc.Meta.Decision)
			b.WriteString("</span> ")
		}
		escLinkAlways(b, root, doc.Path, doc.Meta.Title)
		if date := formatDate(doc.Meta.Date); date != "" {
			b.WriteString(` <span class="muted nowrap">`)
			escText(b, date)
			b.WriteString("</span>")
		}
		b.WriteString("</p>")
	}
	b.WriteString("\n<div class=\"scroll\">\n<table class=\"verdicts\">\n" + `<thead><tr><th scope="col">Subject</th><th scope="col" class="num">Δ vs `)
	escText(b, v.Against)
	b.WriteString(`</th><th scope="col" class="forest-col"><span class="sr">Change relative to `)
	escText(b, v.Against)
	b.WriteString("'s mean, </span>")
	b.WriteString(string(v.Axis))
	b.WriteString(`</th><th scope="col">Verdict</th></tr></thead>`)
	rows := func(open string, rs []panelRow) {
		if len(rs) == 0 {
			return
		}
		b.WriteString(open)
		for _, r := range rs {
			b.WriteString(string(r.HTML(root)))
		}
		b.WriteString("\n</tbody>")
	}
	rows("\n<tbody>", v.Metrics)
	rows("\n<tbody class=\"humans\">\n<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"4\">Human ratings</th></tr>", v.Humans)
	if len(v.Prefs) > 0 {
		var open pageBuf
		open.WriteString("\n<tbody class=\"prefs\">\n<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"4\">Side by side <span class=\"muted small\">win rate against ")
		escText(&open, v.Against)
		open.WriteString("</span></th></tr>")
		rows(open.String(), v.Prefs)
	}
	b.WriteString("\n</table>\n</div>\n<p class=\"muted small\">Δ is the mean of ")
	escText(b, it.ID)
	b.WriteString(" minus the mean of ")
	escText(b, v.Against)
	b.WriteString(" on the items both have, with its ")
	escText(b, s.CI)
	b.WriteString("; the plot shows it as a share of ")
	escText(b, v.Against)
	b.WriteString("'s mean, better to the right whatever the metric's direction")
	if v.Targets {
		b.WriteString("; a dashed green tick marks a case study's minimum effect")
	}
	if v.Limits {
		b.WriteString("; a dashed red tick the largest regression allowed")
	}
	if len(v.Humans) > 0 {
		b.WriteString("; α is Krippendorff's alpha of the ratings in ")
		escText(b, it.ID)
	}
	if len(v.Prefs) > 0 {
		b.WriteString("; side by side, Δ is ")
		escText(b, it.ID)
		b.WriteString("'s win rate against ")
		escText(b, v.Against)
		b.WriteString(" minus the 0.5 of no preference, plotted as a share of 0.5")
	}
	b.WriteString(".</p>\n</section>")
}
