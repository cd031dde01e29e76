package render

import (
	"html/template"
	"strconv"
)

// The knowledge base's list pages in Go (goContents): the timeline's
// pages and the taxonomies' indexes and term pages each hold hundreds of
// rows of a few template actions, so while pages/timeline.html,
// pages/taxonomy.html and the partials they call are the default ones Go
// writes what they would. TestTimelineContent and TestTaxonomyContent
// compare the two.

// Content returns the content of a page of the timeline pg, as
// pages/timeline.html writes it with the default partials; parseSets makes
// the timeline set call it while its templates are the default ones
// (goContents).
func (d *timelineData) Content(pg *page) template.HTML {
	return htmlOf(pg, d.writeContent)
}

// writeContent writes Content's HTML to b.
func (d *timelineData) writeContent(pg *page, b *pageBuf) {
	root := pg.Root
	size := len(d.Chart) + 1024 + 32*len(d.Months)*(len(d.Kinds)+4) + 200*len(d.Undated)
	for _, g := range d.Groups {
		size += 64 + 200*len(g.Events)
	}
	b.Grow(size)
	later := d.Pager != nil && d.Pager.Number > 1
	b.WriteString("<h1>Timeline")
	if later {
		b.WriteString(", page ")
		b.WriteString(strconv.Itoa(d.Pager.Number))
		b.WriteString(" of ")
		b.WriteString(strconv.Itoa(d.Pager.Count))
	}
	b.WriteString("</h1>\n<p class=\"lead\">")
	escText(b, d.Lead)
	if later {
		b.WriteString(` <a href="`)
		escRel(b, root, "timeline.html")
		b.WriteString(`">The chart and the index by month</a> are on the first page.`)
	}
	b.WriteString("</p>\n")
	if d.Chart != "" {
		b.WriteString(`<section class="panel" aria-label="Timeline chart">`)
		b.WriteString(string(d.Chart))
		b.WriteString("</section>")
	}
	b.WriteString("\n")
	if len(d.Months) > 0 {
		d.writeMonths(root, b)
	}
	b.WriteString("\n")
	if len(d.Groups) > 0 {
		b.WriteString("<h2 id=\"events\">Events, newest first</h2>\n")
		writeListPager(b, root, d.Pager)
		for _, g := range d.Groups {
			b.WriteString("<h3")
			if g.ID != "" {
				b.WriteString(` id="`)
				escText(b, g.ID)
				b.WriteString(`"`)
			}
			b.WriteString(">")
			escText(b, g.Label)
			b.WriteString("</h3>\n<ol class=\"timeline\">")
			for i := range g.Events {
				e := &g.Events[i]
				b.WriteString("\n<li class=\"lane-")
				b.WriteString(strconv.Itoa(e.Lane))
				b.WriteString(`"><time datetime="`)
				date := formatDate(e.Date)
				escText(b, date)
				b.WriteString(`">`)
				escText(b, date)
				b.WriteString("</time> ")
				writeEventItem(b, root, e)
			}
			b.WriteString("\n</ol>\n")
		}
		writeListPager(b, root, d.Pager)
	} else {
		b.WriteString("<p>Nothing in this project has a date yet.</p>")
	}
	b.WriteString("\n")
	if len(d.Undated) > 0 {
		b.WriteString("<h2 id=\"undated\">Without a date</h2>\n<ul class=\"timeline\">")
		for i := range d.Undated {
			b.WriteString("\n<li>")
			writeEventItem(b, root, &d.Undated[i])
		}
		b.WriteString("\n</ul>")
	}
}

// writeMonths writes the timeline's index by month, its table of counts
// by kind.
func (d *timelineData) writeMonths(root string, b *pageBuf) {
	b.WriteString("<h2 id=\"months\">By month</h2>\n<div class=\"scroll\">\n<table class=\"months\">\n<thead><tr><th scope=\"col\">Month</th>")
	for _, k := range d.Kinds {
		b.WriteString(`<th scope="col" class="num">`)
		escText(b, k)
		b.WriteString("</th>")
	}
	b.WriteString("<th scope=\"col\" class=\"num\">All</th></tr></thead>\n<tbody>")
	for i := range d.Months {
		m := &d.Months[i]
		b.WriteString("\n<tr><th scope=\"row\"><a href=\"")
		escRel(b, root, m.Link)
		b.WriteString(`">`)
		escText(b, m.Label)
		b.WriteString("</a></th>")
		for _, n := range m.Cells {
			b.WriteString(`<td class="num">`)
			b.WriteString(strconv.Itoa(n))
			b.WriteString("</td>")
		}
		b.WriteString(`<td class="num">`)
		b.WriteString(strconv.Itoa(m.Total))
		b.WriteString("</td></tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>")
}

// writeEventItem writes what follows the date in an event's line of the
// timeline's list, its closing tag included: its kind, its title (a link
// when it has a page) and its note.
func writeEventItem(b *pageBuf, root string, e *timelineEvent) {
	b.WriteString(`<span class="tag">`)
	escText(b, e.Kind)
	b.WriteString("</span> ")
	escLink(b, root, e.Path, e.Title)
	if e.Note != "" {
		b.WriteString(`<span class="muted small note">`)
		escText(b, e.Note)
		b.WriteString("</span>")
	}
	b.WriteString("</li>")
}

// Content returns the content of a taxonomy's index or of a page of a
// term's documents pg, as pages/taxonomy.html writes it with the default
// partials; parseSets makes the taxonomy set call it while its templates
// are the default ones (goContents).
func (d *taxonomyData) Content(pg *page) template.HTML {
	return htmlOf(pg, d.writeContent)
}

// writeContent writes Content's HTML to b.
func (d *taxonomyData) writeContent(pg *page, b *pageBuf) {
	root := pg.Root
	b.WriteString(`<nav class="crumbs" aria-label="Taxonomies">`)
	for i, t := range d.Taxonomies {
		if i > 0 {
			b.WriteString(" · ")
		}
		if t.Name == d.Tax.Name && d.Term == nil {
			b.WriteString("<strong>")
			escText(b, t.Label)
			b.WriteString("</strong>")
		} else {
			b.WriteString(`<a href="`)
			escRel(b, root, t.Path)
			b.WriteString(`">`)
			escText(b, t.Label)
			b.WriteString("</a>")
		}
	}
	b.WriteString("</nav>\n")
	if t := d.Term; t != nil {
		b.Grow(1024 + 160*len(d.Docs))
		b.WriteString("<h1>")
		escText(b, d.Tax.Label)
		b.WriteString(": ")
		escText(b, t.Name)
		b.WriteString("</h1>\n<p class=\"lead\">")
		b.WriteString(strconv.Itoa(len(t.Docs)))
		b.WriteString(" document")
		if len(t.Docs) != 1 {
			b.WriteString("s")
		}
		b.WriteString(".</p>\n")
		writeListPager(b, root, d.Pager)
		writeDocList(b, pg, d.Docs)
		if d.Pager != nil {
			b.WriteString("\n")
			writeListPager(b, root, d.Pager)
		}
		return
	}
	b.Grow(128 * len(d.Tax.Terms))
	b.WriteString("<h1>")
	escText(b, d.Tax.Label)
	b.WriteString("</h1>\n<ul class=\"pills terms\">")
	for _, t := range d.Tax.Terms {
		b.WriteString("\n<li><a class=\"pill\" href=\"")
		escRel(b, root, t.Path)
		b.WriteString(`">`)
		escText(b, t.Name)
		b.WriteString(` <span class="count">`)
		b.WriteString(strconv.Itoa(len(t.Docs)))
		b.WriteString("</span></a></li>")
	}
	b.WriteString("\n</ul>")
}

// writeDocList writes docs as the "doclist" partial does on the page pg,
// each line docRow's, shared through the page's parts when it is being
// rendered (page.Row); only where docRowsApart holds.
func writeDocList(b *pageBuf, pg *page, docs []*docView) {
	if len(docs) == 0 {
		b.WriteString(`<p class="muted">None yet.</p>`)
		return
	}
	b.WriteString(`<ul class="docs">`)
	for _, d := range docs {
		b.WriteString("\n")
		if pg.parts == nil {
			b.WriteString(string(docRow(pg.Root, d)))
			continue
		}
		h, _ := pg.Row("docrow", d) // never fails while docRowsApart holds
		b.WriteString(string(h))
	}
	b.WriteString("\n</ul>")
}
