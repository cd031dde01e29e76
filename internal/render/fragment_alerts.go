package render

import (
	"html/template"
	"strconv"
)

// The alerts page's content in Go (goContents): a project raises
// thousands of alerts, each a finding of a dozen template actions through
// three nested partials, so while pages/alerts.html and
// partials/alerts.html are the default ones Go writes what they would.
// TestAlertsContent compares the two.

// AlertsContent returns the content of the alerts page pg, as
// pages/alerts.html writes it with the default partials.
func (d *alertsData) AlertsContent(pg *page) template.HTML {
	return htmlOf(pg, d.writeContent)
}

// writeContent writes AlertsContent's HTML to b.
func (d *alertsData) writeContent(pg *page, b *pageBuf) {
	b.WriteString("<h1>Alerts</h1>\n")
	if d.N == 0 {
		b.WriteString(`<p class="empty">No open alerts.</p>`)
		return
	}
	b.Grow(d.N * 700)
	root, unordered := pg.Root, pg.Site.Unordered
	b.WriteString(`<p class="lead">`)
	b.WriteString(strconv.Itoa(d.N))
	b.WriteString(" alert")
	if d.N > 1 {
		b.WriteString("s")
	}
	b.WriteString(": ")
	writeCounts(b, d.Counts)
	b.WriteString(". ")
	switch {
	case unordered && d.Current.Iter != nil:
		b.WriteString("The reference system's first, then the other systems',")
	case unordered:
		b.WriteString("First the other systems',")
	case d.Current.Iter != nil:
		b.WriteString("The latest iteration's first, then the older iterations', newest first,")
	default:
		b.WriteString("First the older iterations', newest first,")
	}
	b.WriteString(" each grouped by kind; alerts about one finding are shown once, at the highest severity.</p>\n\n")
	d.writeFilters(pg, b)
	d.writeCurrent(pg, b)
	b.WriteString("\n\n")
	if len(d.Older) > 0 {
		b.WriteString("<section class=\"alert-older\" data-alerts aria-labelledby=\"older\">\n<h2 id=\"older\">")
		if unordered {
			b.WriteString("Other systems")
		} else {
			b.WriteString("Older iterations")
		}
		b.WriteString("</h2>")
		for i := range d.Older {
			writeOlderSection(pg, b, &d.Older[i])
		}
		b.WriteString("\n</section>")
	}
	b.WriteString("\n\n<p class=\"muted small\"><a href=\"")
	escRel(b, root, "api/alerts.json")
	b.WriteString("\">alerts.json</a> has every alert with the figures behind it.</p>\n<script src=\"")
	escHref(b, d.script)
	b.WriteString(`" defer></script>`)
}

// writeFilters writes the form of the page's filters and the count line
// under it.
func (d *alertsData) writeFilters(pg *page, b *pageBuf) {
	b.WriteString("<form class=\"alert-filters\" hidden aria-label=\"Filter the alerts\">\n<label>")
	if pg.Site.Unordered {
		b.WriteString("System")
	} else {
		b.WriteString("Iteration")
	}
	b.WriteString(" <select name=\"iteration\">\n<option value=\"*\">all</option>")
	for _, it := range d.Filters.Iterations {
		b.WriteString("\n<option value=\"")
		escText(b, it)
		b.WriteString(`">`)
		if it != "" {
			escText(b, it)
		} else {
			b.WriteString("all ")
			escText(b, pg.Site.Iterations())
			b.WriteString(" pooled")
		}
		b.WriteString("</option>")
	}
	b.WriteString("\n</select></label>\n<label>Kind <select name=\"kind\">\n<option value=\"*\">all</option>")
	writeOptions(b, d.Filters.Kinds)
	b.WriteString("\n</select></label>\n<label>Severity <select name=\"severity\">\n<option value=\"*\">all</option>")
	writeOptions(b, d.Filters.Severities)
	b.WriteString("\n</select></label>\n<button type=\"reset\">Show all</button>\n</form>\n<p class=\"alert-count\" id=\"alert-count\" role=\"status\" aria-live=\"polite\"></p>\n\n")
}

// writeOptions writes an option a value, each labelled by its value.
func writeOptions(b *pageBuf, values []string) {
	for _, v := range values {
		b.WriteString("\n<option value=\"")
		escText(b, v)
		b.WriteString(`">`)
		escText(b, v)
		b.WriteString("</option>")
	}
}

// writeCurrent writes the section of the current iteration (and of the
// alerts about no iteration).
func (d *alertsData) writeCurrent(pg *page, b *pageBuf) {
	s := &d.Current
	anchor := s.Anchor()
	b.WriteString(`<section class="alert-section current" id="`)
	escText(b, anchor)
	b.WriteString(`" data-alerts aria-labelledby="`)
	escText(b, anchor)
	b.WriteString("-h\">\n<h2 id=\"")
	escText(b, anchor)
	b.WriteString(`-h">`)
	if s.Iter != nil {
		b.WriteString("About ")
		escLinkAlways(b, pg.Root, s.Iter.Path, s.Iter.ID)
		if pg.Site.Unordered {
			b.WriteString(", the reference system")
		} else {
			b.WriteString(", the latest iteration")
		}
	} else {
		b.WriteString("About the project as a whole")
	}
	if s.N != 0 {
		b.WriteString(` <span class="muted small" data-counts>`)
		writeCounts(b, s.Counts)
		b.WriteString("</span>")
	}
	b.WriteString("</h2>\n")
	writeDecided(b, pg.Root, s.Decisions)
	for i := range s.Groups {
		b.WriteString("\n")
		writeAlertGroup(b, pg, &s.Groups[i])
	}
	if len(s.Groups) == 0 {
		b.WriteString("\n<p class=\"empty\">No alerts")
		if s.Iter != nil {
			b.WriteString(" about ")
			escText(b, s.Iter.ID)
		}
		b.WriteString(".</p>")
	}
	b.WriteString("\n</section>")
}

// writeOlderSection writes the folded section of an iteration other than
// the current one.
func writeOlderSection(pg *page, b *pageBuf, s *alertSection) {
	b.WriteString("\n<details class=\"alert-section\" id=\"")
	escText(b, s.Anchor())
	b.WriteString("\" data-alerts>\n<summary><strong>")
	if s.ID != "" {
		escText(b, s.ID)
	} else {
		b.WriteString("No iteration")
	}
	b.WriteString(`</strong> — <span data-counts>`)
	writeCounts(b, s.Counts)
	b.WriteString("</span>")
	if dec := s.Decided(); dec != "" {
		b.WriteString(` <span class="decided">· decided: `)
		escText(b, dec)
		b.WriteString("</span>")
	}
	b.WriteString("</summary>\n")
	if it := s.Iter; it != nil {
		b.WriteString(`<p class="small"><a href="`)
		escHref(b, relTo(pg.Root, it.Path))
		if pg.Site.Unordered {
			b.WriteString(`">System `)
		} else {
			b.WriteString(`">Iteration `)
		}
		escText(b, it.ID)
		b.WriteString("</a></p>")
	}
	b.WriteString("\n")
	writeDecided(b, pg.Root, s.Decisions)
	for i := range s.Groups {
		b.WriteString("\n")
		writeAlertGroup(b, pg, &s.Groups[i])
	}
	b.WriteString("\n</details>")
}

// writeCounts writes severity counts, comma-separated: "1 error, 2
// warnings".
func writeCounts(b *pageBuf, cs []severityCount) {
	for i, c := range cs {
		if i > 0 {
			b.WriteString(", ")
		}
		escText(b, c.Label())
	}
}

// writeDecided writes the decisions naming a section's iteration as the
// "decided" partial does.
func writeDecided(b *pageBuf, root string, docs []*docView) {
	if len(docs) == 0 {
		return
	}
	b.WriteString(`<p class="decisions small">Decided:`)
	for i, d := range docs {
		if i > 0 {
			b.WriteString(";")
		}
		b.WriteString(" ")
		escLinkAlways(b, root, d.Path, d.Meta.Title)
		if d.Meta.Decision != "" {
			b.WriteString(` <span class="tag">`)
			escText(b, d.Meta.Decision)
			b.WriteString("</span>")
		}
		if s := formatDate(d.Meta.Date); s != "" {
			b.WriteString(` <span class="muted">`)
			escText(b, s)
			b.WriteString("</span>")
		}
	}
	b.WriteString("</p>")
}

// writeAlertGroup writes the findings of one kind as the "alertgroup"
// partial does.
func writeAlertGroup(b *pageBuf, pg *page, g *alertGroup) {
	b.WriteString("<div class=\"alert-group\" data-alerts>\n<h3><span class=\"kind\">")
	escText(b, g.Kind)
	b.WriteString("</span>")
	if g.N > 1 {
		b.WriteString(` <span class="muted small" data-counts="total">`)
		b.WriteString(strconv.Itoa(g.N))
		b.WriteString(" alerts: ")
		writeCounts(b, g.Counts)
		b.WriteString("</span>")
	}
	b.WriteString("</h3>\n<ul class=\"alerts\">")
	for i := range g.Shown {
		b.WriteString("\n")
		writeAlertFinding(b, pg, &g.Shown[i])
	}
	b.WriteString("\n</ul>")
	if len(g.More) > 0 {
		b.WriteString("\n<details class=\"more\" data-alerts><summary>and ")
		b.WriteString(strconv.Itoa(len(g.More)))
		b.WriteString(" more</summary>\n<ul class=\"alerts\">")
		for i := range g.More {
			b.WriteString("\n")
			writeAlertFinding(b, pg, &g.More[i])
		}
		b.WriteString("\n</ul>\n</details>")
	}
	b.WriteString("\n</div>")
}

// writeAlertFinding writes one finding as the "alertfinding" partial
// does.
func writeAlertFinding(b *pageBuf, pg *page, f *alertFinding) {
	b.WriteString("<li class=\"finding\" data-alerts>\n<div class=\"alert\"")
	writeAlertData(b, &f.alertView)
	b.WriteString(">")
	writeAlertItem(b, pg, &f.alertView)
	b.WriteString("</div>")
	if n := len(f.Also); n > 0 {
		b.WriteString("\n<details class=\"also\" data-alerts><summary>")
		b.WriteString(strconv.Itoa(n))
		b.WriteString(" more alert")
		if n > 1 {
			b.WriteString("s")
		}
		b.WriteString(" about this finding</summary>\n<ul>")
		for i := range f.Also {
			b.WriteString("\n<li class=\"alert\"")
			writeAlertData(b, &f.Also[i])
			b.WriteString(">")
			writeAlertItem(b, pg, &f.Also[i])
			b.WriteString("</li>")
		}
		b.WriteString("\n</ul>\n</details>")
	}
	b.WriteString("\n</li>")
}

// writeAlertData writes the data-* attributes the filters read.
func writeAlertData(b *pageBuf, a *alertView) {
	b.WriteString(` data-iteration="`)
	escText(b, a.Iteration)
	b.WriteString(`" data-kind="`)
	escText(b, a.Kind)
	b.WriteString(`" data-severity="`)
	escText(b, a.SeverityName())
	b.WriteString(`"`)
}

// writeAlertItem writes one alert as the "alertitem" partial does.
func writeAlertItem(b *pageBuf, pg *page, a *alertView) {
	sev := a.SeverityName()
	b.WriteString(`<span class="severity severity-`)
	escText(b, sev)
	b.WriteString(`">`)
	escText(b, sev)
	b.WriteString(`</span> <span class="tag subject" title="`)
	escText(b, a.Subject.String())
	b.WriteString(`">`)
	escText(b, a.Label)
	b.WriteString("</span>")
	if a.Iteration == "" {
		b.WriteString(` <span class="tag">all `)
		escText(b, pg.Site.Iterations())
		b.WriteString("</span>")
	}
	b.WriteString(" ")
	escLink(b, pg.Root, a.Path, a.Message)
}
