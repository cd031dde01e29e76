package render

import (
	"bytes"
	"cmp"
	"html/template"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/evalbook/evalbook/templates"
)

// Fragments: parts of a page written in Go rather than by its template,
// where a page has thousands of table cells (the item pages' rating
// grids). Each writes the very bytes its template counterpart gave:
// values are escaped as html/template escapes them in text and in quoted
// attributes (escText), and links as it filters and normalises a URL in
// an href (escHref, which hands a link with a character it would change
// to html/template itself). TestGridFragment, TestItemIndexFragment and
// TestEscText compare them with the templates.

// escText writes s escaped as html/template escapes a value in HTML text
// or a quoted attribute: its replacement table holds ASCII characters
// only, which never occur inside a UTF-8 sequence, so a byte-wise pass
// gives its bytes, invalid UTF-8 left as it is.
func escText(b *strings.Builder, s string) {
	done := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		b.WriteString(s[done:i])
		b.WriteString(r)
		done = i + 1
	}
	b.WriteString(s[done:])
}

// escLink writes label as a link to the site path p from a page at root,
// as the templates' <a href="{{rel p}}">{{label}}</a> does; label alone
// when p is "".
func escLink(b *strings.Builder, root, p, label string) {
	if p == "" {
		escText(b, label)
		return
	}
	b.WriteString(`<a href="`)
	escHref(b, relTo(root, p))
	b.WriteString(`">`)
	escText(b, label)
	b.WriteString("</a>")
}

// escHref writes s as html/template writes it in a quoted href.
func escHref(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~/#", c) >= 0 {
			continue
		}
		b.WriteString(viaTemplate(hrefTmpl, s))
		return
	}
	b.WriteString(s)
}

var (
	hrefTmpl = template.Must(template.New("href").Parse(`<a href="{{.}}">`))
	tmplMu   sync.Mutex
)

// viaTemplate returns s as t writes it, with the markup around it in t cut
// off.
func viaTemplate(t *template.Template, s string) string {
	var b strings.Builder
	tmplMu.Lock() // a template's first execution escapes it, which is not safe concurrently
	err := t.Execute(&b, s)
	tmplMu.Unlock()
	if err != nil {
		panic(err) // the templates above take any string
	}
	out := b.String()
	if t == hrefTmpl {
		out = strings.TrimSuffix(strings.TrimPrefix(out, `<a href="`), `">`)
	}
	return out
}

// gridsApart reports whether the templates of fsys let an item page's
// rating grid be its HTML alone (itemSite.gridHTML): pages/item.html is
// the default one, which shows a grid's HTML, and no other template names
// Grids.
func gridsApart(fsys fs.FS) bool {
	ok, _, err := defaultApart(fsys, "pages/item.html", func(b []byte) bool { return !bytes.Contains(b, []byte("Grids")) })
	return err == nil && ok
}

// defaultApart walks the templates of fsys (the .html files outside
// assets/): ok reports whether the template name is byte for byte the
// built-in one and every other template passes apart; seen whether fsys
// has name at all. A Go-written fragment stands in for a template only
// while both hold (gridsApart, docRowsApart, navApart).
func defaultApart(fsys fs.FS, name string, apart func([]byte) bool) (ok, seen bool, err error) {
	def, err := fs.ReadFile(templates.FS, name)
	if err != nil {
		return false, false, err
	}
	ok = true
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") || strings.HasPrefix(p, "assets/") {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if p == name {
			ok, seen = ok && bytes.Equal(b, def), true
		} else {
			ok = ok && apart(b)
		}
		return nil
	})
	return ok, seen, err
}

// docRow returns the doclist partial's line of d ("docrow", with the
// "outcome" badge of its verdict) for a page at root, as the default
// templates write it; page.Row uses it when docRowsApart holds.
// TestDocRowFragment compares it with the templates.
func docRow(root string, d *docView) template.HTML {
	if d == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<li>`)
	m := &d.Meta
	escLink(&b, root, d.Path, m.Title)
	if s := formatDate(m.Date); s != "" {
		b.WriteString(` <span class="muted nowrap">`)
		escText(&b, s)
		b.WriteString("</span>")
	}
	for _, tag := range [2]string{m.Decision, m.Status} {
		if tag != "" {
			b.WriteString(` <span class="tag">`)
			escText(&b, tag)
			b.WriteString("</span>")
		}
	}
	if v := d.Verdict; v != nil {
		b.WriteString(` <span class="outcome `)
		escText(&b, v.OutcomeClass())
		b.WriteString(`">`)
		escText(&b, cmp.Or(v.Outcome, "invalid"))
		b.WriteString("</span>")
	}
	if m.Summary != "" {
		b.WriteString(`<br><span class="muted">`)
		escText(&b, m.Summary)
		b.WriteString("</span>")
	}
	b.WriteString("</li>")
	return template.HTML(b.String())
}

// rowDefs finds a definition of the docrow or outcome template.
var rowDefs = regexp.MustCompile(`(define|block)\s+"(docrow|outcome)"`)

// docRowsApart reports whether the templates of fsys write a doclist's
// lines as docRow does: partials/figures.html is the default one and no
// other template defines "docrow" or "outcome".
func docRowsApart(fsys fs.FS) bool {
	if fsys == nil {
		return false
	}
	ok, seen, err := defaultApart(fsys, "partials/figures.html", func(b []byte) bool {
		return !(bytes.Contains(b, []byte(`"docrow"`)) || bytes.Contains(b, []byte(`"outcome"`))) || !rowDefs.Match(b)
	})
	return err == nil && ok && seen
}

// changeSpan is the template function changeSpan: a change coloured by
// the direction its metric improves in, as the "change" partial writes it
// from (args $ v unit direction); the default templates call it in place
// of the partial, one function call a cell.
func changeSpan(v any, unit, direction string) template.HTML {
	t := tone(v, direction)
	var b strings.Builder
	b.WriteString(`<span class="delta `)
	escText(&b, t)
	b.WriteString(`">`)
	b.WriteString(string(formatDelta(v, unit)))
	switch t {
	case "good":
		b.WriteString(`<span class="sr"> (better)</span>`)
	case "bad":
		b.WriteString(`<span class="sr"> (worse)</span>`)
	}
	b.WriteString("</span>")
	return template.HTML(b.String())
}

// verdictSpan is the template function verdictSpan: a comparison's
// verdict as the "verdict" partial writes it from (args $ verdict
// significant).
func verdictSpan(verdict string, significant bool) template.HTML {
	var b strings.Builder
	writeVerdict(&b, verdict, significant)
	return template.HTML(b.String())
}

// writeVerdict writes verdictSpan's HTML to b.
func writeVerdict(b *strings.Builder, verdict string, significant bool) {
	b.WriteString(`<span class="verdict `)
	escText(b, verdictClass(verdict))
	if significant {
		b.WriteString(" sig")
	}
	b.WriteString(`">`)
	escText(b, verdict)
	if significant {
		b.WriteString(`<span class="sr"> (significant)</span>`)
	}
	b.WriteString("</span>")
}

// cells fills c.Fmt: the figures as num, delta, ci and pval format them
// with the subject's unit, and the HTML cells as the partials compn,
// pairing, verdict and compflags write them for c; its unit and alerts
// must be set.
func (c *compView) cells() {
	c.Fmt = compCells{Mean: formatNum(c.Mean, c.Unit), Against: formatNum(c.MeanAgainst, c.Unit), Delta: formatDelta(c.Delta, c.Unit),
		CI: formatCI(c.CI, c.Unit), P: formatP(c.P), PAdjusted: formatP(c.PAdjusted), Effect: formatNum(c.Effect, "")}
	var b strings.Builder
	b.WriteString(strconv.Itoa(c.N))
	if !c.Paired {
		b.WriteString(` <span class="muted small">vs `)
		b.WriteString(strconv.Itoa(c.NAgainst))
		b.WriteString("</span>")
	}
	c.Fmt.N = template.HTML(b.String())

	b.Reset()
	if c.Paired {
		b.WriteString(`<span class="method"`)
	} else {
		b.WriteString(`<span class="tag unpaired"`)
	}
	if c.Method != "" {
		b.WriteString(` title="`)
		escText(&b, c.Method)
		b.WriteString(`"`)
	}
	if c.Paired {
		b.WriteString(">paired</span>")
	} else {
		b.WriteString(">unpaired</span>")
	}
	c.Fmt.Pairing = template.HTML(b.String())

	b.Reset()
	writeVerdict(&b, c.Verdict, c.Significant)
	c.Fmt.Verdict = template.HTML(b.String())

	b.Reset()
	for _, a := range c.Alerts {
		b.WriteString(` <a class="flag flag-`)
		escText(&b, a.SeverityName())
		b.WriteString(`" href="#alerts" title="`)
		escText(&b, a.Message)
		b.WriteString(`">`)
		escText(&b, a.Kind)
		b.WriteString("</a>")
	}
	c.Fmt.Flags = template.HTML(b.String())
}

// SliceRows returns the rows of c's table by slice on an iteration's page,
// each "\n<tr>...</tr>", as the template wrote them from c.Slices: one
// call a table in place of ten actions a row. TestSliceRows compares them
// with that template.
func (c *compView) SliceRows() template.HTML {
	var b strings.Builder
	for _, s := range c.Slices {
		b.WriteString("\n<tr")
		if s.Reversal {
			b.WriteString(` class="reversal"`)
		}
		b.WriteString(`><th scope="row">`)
		escText(&b, s.Slice)
		b.WriteString(`</th><td class="num">`)
		b.WriteString(strconv.Itoa(s.N))
		b.WriteString(`</td><td class="num nowrap">`)
		b.WriteString(string(formatDelta(s.Delta, c.Unit)))
		b.WriteString(`</td><td class="num nowrap">`)
		escText(&b, formatCI(s.CI, c.Unit))
		b.WriteString(`</td><td class="num nowrap">`)
		escText(&b, formatP(s.P))
		b.WriteString(`</td><td class="num nowrap">`)
		escText(&b, formatP(s.PAdjusted))
		b.WriteString(`</td><td>`)
		writeVerdict(&b, s.Verdict, s.Significant)
		switch {
		case s.Reversal:
			b.WriteString(` <span class="flag">slice regression hidden by the aggregate</span>`)
		case s.PossibleReversal:
			b.WriteString(` <span class="hint">possible slice regression</span>`)
		}
		b.WriteString("</td></tr>")
	}
	return template.HTML(b.String())
}

// HTML returns the row of r in a verdict panel on a page at root, as the
// "verdictrow" partial writes it from (args page r): one call a row in
// place of a template call and fifteen actions. TestPanelRowHTML compares
// them.
func (r panelRow) HTML(root string) template.HTML {
	var b strings.Builder
	b.WriteString("\n<tr data-kind=\"")
	escText(&b, r.Kind)
	b.WriteString(`" data-subject="`)
	escText(&b, r.Name)
	b.WriteString(`"><th scope="row">`)
	escLink(&b, root, r.Path, r.Label)
	if x := r.Rel; x != nil {
		b.WriteString(`<br><span class="small nowrap" data-alpha="`)
		escText(&b, x.Dimension)
		b.WriteString(`">α `)
		escText(&b, formatNum(x.Alpha, ""))
		b.WriteString(` <span class="status `)
		escText(&b, statusClass(x.Status))
		b.WriteString(`">`)
		escText(&b, statusText(x.Status))
		b.WriteString("</span></span>")
	}
	b.WriteString("</th>")
	if c := r.Comp; c != nil {
		b.WriteString("\n<td class=\"num nowrap\">")
		b.WriteString(string(changeSpan(c.Delta, c.Unit, c.Direction)))
		b.WriteString(`<br><span class="muted small">`)
		escText(&b, formatCI(c.CI, c.Unit))
		b.WriteString("</span></td>\n<td class=\"forest-col\">")
		b.WriteString(string(r.Forest))
		b.WriteString("</td>\n<td>")
		writeVerdict(&b, c.Verdict, c.Significant)
		b.WriteString("</td>")
	} else {
		b.WriteString("\n<td class=\"num muted\">n/a</td><td class=\"forest-col\"></td><td class=\"muted small\">")
		if r.Top != "" {
			b.WriteString("labels, not compared; most often “")
			escText(&b, r.Top)
			b.WriteString("”")
		} else {
			b.WriteString("not compared")
		}
		b.WriteString("</td>")
	}
	b.WriteString("</tr>")
	return template.HTML(b.String())
}

// IterRow returns c's row of the table of every comparison on its
// iteration's page at root, "\n<tr>...</tr>", as that page's template
// wrote it; targets is how many targets the table compares with (more
// than one names each row's). TestIterRow compares them.
func (c *compView) IterRow(root string, targets int) template.HTML {
	var b strings.Builder
	b.WriteString("\n<tr><th scope=\"row\">")
	escLink(&b, root, c.Path, c.Label)
	switch c.Kind {
	case "dimension":
		b.WriteString(` <span class="muted small">human</span>`)
	case "pairwise":
		b.WriteString(` <span class="muted small">win rate</span>`)
	}
	f := &c.Fmt
	b.WriteString(`</th><td class="num nowrap">`)
	escText(&b, f.Mean)
	b.WriteString(`</td><td class="num nowrap">`)
	escText(&b, f.Against)
	if targets > 1 {
		b.WriteString(` <span class="muted small">`)
		escText(&b, c.Against)
		b.WriteString("</span>")
	}
	b.WriteString(`</td><td class="num nowrap">`)
	b.WriteString(string(f.Delta))
	b.WriteString(`</td><td class="num nowrap">`)
	escText(&b, f.CI)
	b.WriteString(`</td><td class="num nowrap">`)
	escText(&b, f.P)
	b.WriteString(`</td><td class="num nowrap">`)
	escText(&b, f.PAdjusted)
	b.WriteString(`</td><td class="num">`)
	escText(&b, f.Effect)
	b.WriteString(`</td><td class="num nowrap">`)
	b.WriteString(string(f.N))
	b.WriteString("</td><td>")
	b.WriteString(string(f.Pairing))
	b.WriteString(`</td><td class="verdict-cell">`)
	b.WriteString(string(f.Verdict))
	b.WriteString(string(f.Flags))
	switch {
	case len(c.Reversals) > 0:
		b.WriteString(` <a class="flag" href="#slices">slice regression</a>`)
	case len(c.PossibleReversals) > 0:
		b.WriteString(` <a class="hint" href="#slices">possible slice regression</a>`)
	}
	b.WriteString("</td></tr>")
	return template.HTML(b.String())
}
