package render

import (
	"html/template"
	"strconv"
)

// The item page's content in Go (goContents): an item page is one of
// thousands, each a few dozen template actions per row and grid, so while
// pages/item.html is the default one Go writes what it would.
// TestItemContent compares the two.

// Item pages' scroll boxes carry the attributes scrollRegions would give
// them (a box's label is the heading just above it, and no table of the
// page has a caption), so scrollRegions finds nothing left to do on a page
// Go writes.
const (
	discBoxOpen    = `<div class="scroll" tabindex="0" role="region" aria-label="Table: Where metrics and humans disagree on this item">`
	metricsBoxOpen = `<div class="scroll" tabindex="0" role="region" aria-label="Table: Metric values">`
)

// gridBoxOpen returns the opening of a rating grid's scroll box under the
// heading whose HTML (inside the h3) is heading, with scrollRegions'
// attributes.
func gridBoxOpen(heading string) string {
	label := plainText([]byte(heading))
	if label == "" {
		label = "Table"
	} else {
		label = "Table: " + label
	}
	return `<div class="scroll" tabindex="0" role="region" aria-label="` + label + `">`
}

// Content returns the content of an item's page pg, as pages/item.html
// writes it; parseSets makes the item set call it while that template is
// the default one (goContents).
func (d *itemData) Content(pg *page) template.HTML {
	var b pageBuf
	size := 4096
	for _, g := range d.Item.Grids {
		size += len(g.HTML)
	}
	b.Grow(size + 64*len(d.Item.Rows)*(len(d.Metrics)+1))
	d.writeContent(pg, &b)
	return template.HTML(b.String())
}

// writeContent writes Content's HTML to b; writeBase sizes b for the whole
// page beforehand.
func (d *itemData) writeContent(pg *page, b *pageBuf) {
	v, root := d.Item, pg.Root
	b.WriteString(`<p class="crumbs"><a href="`)
	escRel(b, root, "items/index.html")
	b.WriteString("\">Items</a></p>\n<h1>Item <code>")
	escText(b, v.ID)
	b.WriteString("</code></h1>\n")
	if len(v.Slices) > 0 {
		b.WriteString(`<dl class="facts">`)
		for _, s := range v.Slices {
			b.WriteString("\n<div><dt>")
			escText(b, s.Name)
			b.WriteString("</dt><dd>")
			escText(b, s.Value)
			b.WriteString("</dd></div>")
		}
		b.WriteString("\n</dl>")
	}
	b.WriteString("\n")
	writeItemTexts(b, v)
	if len(v.Outputs) > 0 {
		d.writeOutputs(pg, b)
	}
	b.WriteString("\n")
	if len(v.Gold) > 0 {
		b.WriteString("<h2>Gold answers</h2>\n<dl class=\"facts\">")
		for _, g := range v.Gold {
			b.WriteString("\n<div><dt>")
			escLinkAlways(b, root, g.Dim.Path, g.Dim.Label)
			b.WriteString("</dt><dd>")
			escText(b, g.Value)
			b.WriteString("</dd></div>")
		}
		b.WriteString("\n</dl>")
	}
	b.WriteString("\n")
	if len(v.Discrepancies) > 0 {
		writeItemDiscrepancies(b, root, v.Discrepancies)
	}
	b.WriteString("\n<h2 id=\"ratings\">Ratings</h2>\n")
	for _, g := range v.Grids {
		b.WriteString(string(g.HTML))
	}
	if len(v.Grids) == 0 {
		b.WriteString("\n<p class=\"muted\">No ratings of this item.</p>")
	}
	b.WriteString("\n")
	if len(v.Grids) > 0 {
		b.WriteString(`<p class="muted small">A row per rater, a column per iteration: the rater's rating as written (several when the rater rated the item more than once), blank where they did not rate it`)
		if v.HasComments() {
			b.WriteString("; a number after a rating links to the rater's comment, listed below the grid")
		}
		b.WriteString(`. A rater's name opens their figures on the dimension's page. The consensus combines the column's ratings as the discrepancy analysis does; "tie" when no single label or value is the most frequent.</p>`)
	}
	b.WriteString("\n<h2 id=\"metrics\">Metric values</h2>\n")
	d.writeRows(root, b)
}

// escLinkAlways writes label as a link to the site path p from a page at
// root, as <a href="{{rel p}}">{{label}}</a> does, even when p is "".
func escLinkAlways(b *pageBuf, root, p, label string) {
	b.WriteString(`<a href="`)
	escRel(b, root, p)
	b.WriteString(`">`)
	escText(b, label)
	b.WriteString("</a>")
}

// noTexts is what an item page says of an item without texts.
const noTexts = `<p class="muted">data/items.jsonl has no texts for this item.</p>`

// writeItemTexts writes the item's input, output and reference, or that
// it has none.
func writeItemTexts(b *pageBuf, v *itemView) {
	it := v.Item
	if it == nil {
		b.WriteString(noTexts)
		return
	}
	for i, t := range [3]struct{ name, text string }{{"Input", it.Input}, {"Output", it.Output}, {"Reference", it.Reference}} {
		if i > 0 {
			b.WriteString("\n")
		}
		if t.text != "" {
			b.WriteString("<h2>")
			b.WriteString(t.name)
			b.WriteString("</h2>\n<pre class=\"text\">")
			escText(b, t.text)
			b.WriteString("</pre>")
		}
	}
	if it.Input == "" && it.Output == "" && it.Reference == "" && len(it.Outputs) == 0 {
		b.WriteString("\n" + noTexts)
	}
}

// writeOutputs writes the item's outputs side by side and the note under
// them.
func (d *itemData) writeOutputs(pg *page, b *pageBuf) {
	root := pg.Root
	b.WriteString("\n<h2 id=\"outputs\">Outputs</h2>\n<div class=\"outputs\">")
	for i := range d.Item.Outputs {
		o := &d.Item.Outputs[i]
		b.WriteString("\n<section class=\"output\">\n<h3>")
		if o.Iter != nil {
			escLinkAlways(b, root, o.Iter.Path, o.Iter.ID)
		} else {
			escText(b, o.Iteration)
		}
		if o.Reference {
			b.WriteString(` <span class="tag">reference</span>`)
		}
		b.WriteString("</h3>\n<p class=\"muted small\">")
		b.WriteString(strconv.Itoa(o.Words))
		b.WriteString(" word")
		if o.Words != 1 {
			b.WriteString("s")
		}
		switch {
		case o.Same:
			b.WriteString("; the same as ")
			escText(b, o.Base)
		case o.Diffed:
			b.WriteString("; against ")
			escText(b, o.Base)
			b.WriteString(`: <span class="del-count">−`)
			b.WriteString(strconv.Itoa(o.Del))
			b.WriteString(`</span> <span class="ins-count">+`)
			b.WriteString(strconv.Itoa(o.Ins))
			b.WriteString("</span>")
		case o.TooLong:
			b.WriteString("; too long to diff against ")
			escText(b, o.Base)
		}
		b.WriteString("</p>\n<pre class=\"text diff")
		if o.Fold {
			b.WriteString(` fold" tabindex="0" role="region" aria-label="Output of `)
			escText(b, o.Iteration)
		}
		b.WriteString(`">`)
		b.WriteString(string(o.Body))
		b.WriteString("</pre>\n</section>")
	}
	b.WriteString("\n</div>\n<p class=\"muted small\">Each ")
	sys := "iteration"
	if pg.Site.Unordered {
		sys = "system"
	}
	b.WriteString(sys)
	b.WriteString("'s output for this item, side by side (stacked on a narrow screen). ")
	if pg.Site.Unordered {
		b.WriteString("Each system's text is marked against the reference system of its ")
		if d.Rounds {
			b.WriteString("round")
		} else {
			b.WriteString("project")
		}
		b.WriteString(" (or, when none is named, the first system with an output): <del>struck through</del> are the reference's words it lacks, <ins>underlined</ins> the words it adds.")
	} else {
		b.WriteString("Each iteration's text is marked against its baseline's output, or the nearest earlier iteration's: <del>struck through</del> are words it dropped, <ins>underlined</ins> words it added.")
	}
	b.WriteString(" Texts over ")
	b.WriteString(strconv.Itoa(d.DiffCap))
	b.WriteString(" words or that differ in more than ")
	b.WriteString(strconv.Itoa(d.EditCap))
	b.WriteString(" words are shown without marks; long texts are folded into a scroll box.</p>")
}

// writeItemDiscrepancies writes the table of the disagreement lists the
// item is in.
func writeItemDiscrepancies(b *pageBuf, root string, ds []itemDisRef) {
	b.WriteString("<h2 id=\"discrepancy\">Where metrics and humans disagree on this item</h2>\n" + discBoxOpen +
		"\n<table>\n<thead><tr><th scope=\"col\">Metric vs dimension</th><th scope=\"col\">List</th><th scope=\"col\">Iteration</th><th scope=\"col\" class=\"num\">Gap</th></tr></thead>\n<tbody>")
	for _, x := range ds {
		b.WriteString("\n<tr><th scope=\"row\"><a href=\"")
		escRel(b, root, x.Pair.Path)
		b.WriteString(`">`)
		escText(b, x.Pair.Metric.Label)
		b.WriteString(" vs ")
		escText(b, x.Pair.Dim.Label)
		b.WriteString("</a></th><td>")
		escText(b, x.Direction)
		b.WriteString("</td><td>")
		if x.Iter != nil {
			escLinkAlways(b, root, x.Iter.Path, x.Iter.ID)
		} else {
			escText(b, x.Iteration)
		}
		b.WriteString(`</td><td class="num">`)
		b.WriteString(string(formatDelta(x.Gap, "")))
		b.WriteString("</td></tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>\n<p class=\"muted small\">The gap is the metric's normalised rank of the item minus the raters' (0 worst, 1 best).</p>")
}

// writeRows writes the table of the item's metric values, a row per
// iteration, or that it has none.
func (d *itemData) writeRows(root string, b *pageBuf) {
	rows := d.Item.Rows
	if len(rows) == 0 {
		b.WriteString(`<p class="muted">No metric values of this item.</p>`)
		return
	}
	if d.rowsHead != "" {
		b.WriteString(d.rowsHead)
	} else {
		b.WriteString(itemRowsHead(root, d.Metrics))
	}
	for i := range rows {
		x := &rows[i]
		if x.th != "" && root == "../" {
			b.WriteString(x.th)
		} else {
			writeRowHead(b, root, x.Iteration, x.Iter)
		}
		x.writeCells(b)
		b.WriteString("</tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>\n<p class=\"muted small\">One row per iteration: the item's value of each metric.</p>")
}

// writeRowHead writes the start of the row of the iteration named name
// (it its view, nil for none in the series) in an item's table of metric
// values on a page at root, to its head cell's end: the same on every
// item page at one depth, so written once a render for "../" (rowKey.th).
func writeRowHead(b *pageBuf, root, name string, it *iterView) {
	b.WriteString("\n<tr><th scope=\"row\">")
	switch {
	case it != nil:
		escLinkAlways(b, root, it.Path, it.ID)
	case name != "":
		escText(b, name)
	default:
		b.WriteString("(no iteration)")
	}
	b.WriteString("</th>")
}

// itemRowsHead returns the opening of an item's table of metric values
// on a page at root, to the start of its body: the same on every item
// page at one depth, so written once a render (itemSite.slotTable).
func itemRowsHead(root string, metrics []*metricView) string {
	var b pageBuf
	b.WriteString(metricsBoxOpen + "\n<table class=\"item-table\">\n<thead><tr><th scope=\"col\">Iteration</th>")
	for _, m := range metrics {
		b.WriteString(`<th scope="col" class="num">`)
		escLinkAlways(&b, root, m.Path, m.Label)
		if m.Direction == "lower" {
			b.WriteString(` <span class="muted small">lower is better</span>`)
		}
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>")
	return b.String()
}

// itemsBoxOpen is the item index's scroll box with the attributes
// scrollRegions gives it (the heading above it is the page's h1).
const itemsBoxOpen = `<div class="scroll" tabindex="0" role="region" aria-label="Table: Items">`

// Content returns the content of the item index pg, as pages/items.html
// writes it; parseSets makes the items set call it while that template is
// the default one (goContents).
func (d *itemsData) Content(pg *page) template.HTML {
	var b pageBuf
	d.writeContent(pg, &b)
	return template.HTML(b.String())
}

// writeContent writes Content's HTML to b, a row per item straight from
// the views (linking from d.root, pg's root), having made room for them
// all.
func (d *itemsData) writeContent(pg *page, b *pageBuf) {
	b.WriteString("<h1>Items</h1>\n")
	items := d.site.items
	if len(items) == 0 {
		b.WriteString(`<p class="empty">No items yet: add data/items.jsonl with the inputs and outputs of the evaluated examples.</p>`)
		return
	}
	size := 512
	for _, v := range items {
		size += 160 + len(d.root) + len(v.Path) + 2*len(v.ID)
		for _, s := range v.Slices {
			size += 4 + len(s.Name) + len(s.Value)
		}
		if v.Item != nil {
			size += min(len(v.Item.Input), 4*excerptRunes)
		}
	}
	b.Grow(size)
	b.WriteString(`<p class="lead">`)
	b.WriteString(strconv.Itoa(len(items)))
	b.WriteString(" items with their texts, ratings and metric values.</p>\n" + itemsBoxOpen +
		"\n<table>\n<thead><tr><th scope=\"col\">Item</th><th scope=\"col\" class=\"num\">Ratings</th><th scope=\"col\" class=\"num\">Metric values</th><th scope=\"col\">Slices</th><th scope=\"col\">Input</th></tr></thead>\n<tbody>")
	for _, v := range items {
		input := ""
		if v.Item != nil {
			input = excerpt(v.Item.Input, excerptRunes)
		}
		writeIndexRow(b, d.root, v, input)
	}
	b.WriteString("\n</tbody>\n</table>\n</div>")
}
