package render

import (
	"bytes"
	"cmp"
	"html/template"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/evalbook/evalbook/internal/project"
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

// escPara writes text, escaped (escText), as a paragraph of the class
// class, which is written as it is; nothing when text is empty.
func escPara(b *pageBuf, class, text string) {
	if text == "" {
		return
	}
	b.WriteString(`<p class="`)
	b.WriteString(class)
	b.WriteString(`">`)
	escText(b, text)
	b.WriteString("</p>")
}

// escText writes s escaped as html/template escapes a value in HTML text
// or a quoted attribute: its replacement table holds ASCII characters
// only, which never occur inside a UTF-8 sequence, so a byte-wise pass
// gives its bytes, invalid UTF-8 left as it is.
func escText(b *pageBuf, s string) {
	done := 0
	for i := 0; i < len(s); i++ {
		r := textEscapes[s[i]]
		if r == "" {
			continue
		}
		b.WriteString(s[done:i])
		b.WriteString(r)
		done = i + 1
	}
	b.WriteString(s[done:])
}

// textEscapes is escText's replacement of each byte, "" for none: a
// lookup a byte, where a switch cost a few comparisons.
var textEscapes = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// escLink writes label as a link to the site path p from a page at root,
// as the templates' <a href="{{rel p}}">{{label}}</a> does; label alone
// when p is "".
func escLink(b *pageBuf, root, p, label string) {
	if p == "" {
		escText(b, label)
		return
	}
	b.WriteString(`<a href="`)
	escRel(b, root, p)
	b.WriteString(`">`)
	escText(b, label)
	b.WriteString("</a>")
}

// escHref writes s as html/template writes it in a quoted href: a URL of
// letters, digits and "-._~/#" as it is (its filter, normaliser and
// escaper leave them alone; TestEscHref), and so an http or https URL
// with ':' in it too (a canonical link, on every page of a site with a
// baseURL), any other through the template.
func escHref(b *pageBuf, s string) {
	if hrefPlain(s) {
		b.WriteString(s)
		return
	}
	b.WriteString(viaTemplate(hrefTmpl, s))
}

// hrefPlain reports whether html/template writes s in a quoted href as it
// is (escHref).
func hrefPlain(s string) bool {
	rest := s
	if r, ok := strings.CutPrefix(s, "https://"); ok {
		rest = r
	} else if r, ok := strings.CutPrefix(s, "http://"); ok {
		rest = r
	}
	colon := len(rest) < len(s) // the scheme is http or https: the filter lets it by
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == '#' || colon && c == ':' {
			continue
		}
		return false
	}
	return true
}

// escRel writes relTo(root, p) as escHref does, without joining the two
// when both are plain.
func escRel(b *pageBuf, root, p string) {
	if p == "" || strings.Contains(p, "://") || !hrefPlain(root) || !hrefPlain(p) || strings.Contains(root, ":") {
		escHref(b, relTo(root, p))
		return
	}
	b.WriteString(root)
	b.WriteString(p)
}

var (
	hrefTmpl = template.Must(template.New("href").Parse(`<a href="{{.}}">`))
	tmplMu   sync.Mutex
)

// viaTemplate returns s as t writes it, with the markup around it in t cut
// off.
func viaTemplate(t *template.Template, s string) string {
	var b pageBuf
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
	var b pageBuf
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

// goContent is a page type whose content Go writes while its templates
// are the default ones: its page file and the partials files, and no other
// template defines a partial the page calls (names, nil for a page that
// calls none, matches a definition of one; a template the page file
// defines itself, parsed last, wins over any other). Then parseSets defines the type's "content" as stub, which
// calls the Go writer.
type goContent struct {
	kind  string
	files []string
	names *regexp.Regexp
	stub  string
	write func(pg *page, b *pageBuf) // writes the content of pg, a page of this type
}

// goContents are the page types whose content Go writes.
var goContents = []goContent{
	{"casestudy", []string{"pages/casestudy.html", "partials/figures.html", "partials/discrepancy.html"},
		regexp.MustCompile(`(define|block)\s+"(termref|refs|tagpills|investigates|editlink|outcome)"`),
		`{{define "content"}}{{.Data.Content .}}{{end}}`,
		func(pg *page, b *pageBuf) { pg.Data.(*docData).writeContent(pg, b) }},
	{"casestudies", []string{"pages/casestudies.html", "partials/figures.html"},
		regexp.MustCompile(`(define|block)\s+"(taxlinks|listpager|outcome|refs)"`),
		`{{define "content"}}{{.Data.CaseStudyList .}}{{end}}`,
		func(pg *page, b *pageBuf) { pg.Data.(*docsData).writeCaseStudyList(pg, b) }},
	{"discrepancies", []string{"pages/discrepancies.html", "partials/discrepancy.html", "partials/figures.html"},
		regexp.MustCompile(`(define|block)\s+"(findinglist|coefcells|estimate|agreement|refs)"`),
		`{{define "content"}}{{.Data.MatrixContent .}}{{end}}`,
		func(pg *page, b *pageBuf) { pg.Data.(*discMatrixData).writeMatrixContent(pg, b) }},
	{"alerts", []string{"pages/alerts.html", "partials/alerts.html"},
		regexp.MustCompile(`(define|block)\s+"(alertgroup|alertfinding|alertitem|decided)"`),
		`{{define "content"}}{{.Data.AlertsContent .}}{{end}}`,
		func(pg *page, b *pageBuf) { pg.Data.(*alertsData).writeContent(pg, b) }},
	{"discrepancy", []string{"pages/discrepancy.html", "partials/discrepancy.html", "partials/figures.html"},
		regexp.MustCompile(`(define|block)\s+"(findinglist|coefcells|estimate|agreement|refs)"`),
		`{{define "content"}}{{.Data.PairContent .}}{{end}}`,
		func(pg *page, b *pageBuf) { pg.Data.(*pairData).writePairContent(pg, b) }},

	{"timeline", []string{"pages/timeline.html", "partials/figures.html"},
		regexp.MustCompile(`(define|block)\s+"listpager"`),
		`{{define "content"}}{{.Data.Content .}}{{end}}`,
		func(pg *page, b *pageBuf) { pg.Data.(*timelineData).writeContent(pg, b) }},
	{"taxonomy", []string{"pages/taxonomy.html", "partials/figures.html"},
		regexp.MustCompile(`(define|block)\s+"(listpager|doclist|docrow|outcome)"`),
		`{{define "content"}}{{.Data.Content .}}{{end}}`,
		func(pg *page, b *pageBuf) { pg.Data.(*taxonomyData).writeContent(pg, b) }},
	{"items", []string{"pages/items.html"}, nil, // the page calls no partial
		`{{define "content"}}{{.Data.Content .}}{{end}}`,
		func(pg *page, b *pageBuf) { pg.Data.(*itemsData).writeContent(pg, b) }},
	{"item", []string{"pages/item.html"}, nil, // the page calls no partial
		`{{define "content"}}{{.Data.Content .}}{{end}}`,
		func(pg *page, b *pageBuf) { pg.Data.(*itemData).writeContent(pg, b) }},
	{"iteration", []string{"pages/iteration.html", "partials/verdict.html", "partials/alerts.html", "partials/figures.html"},
		regexp.MustCompile(`(define|block)\s+"(verdictpanel|alertlist|compnote|dimvalue|distribution|listpager|doclist|docrow|outcome)"`),
		`{{define "content"}}{{.Data.Content .}}{{end}}`,
		func(pg *page, b *pageBuf) { pg.Data.(*iterationData).writeContent(pg, b) }},
	{"metric", []string{"pages/metric.html", "partials/figures.html", "partials/alerts.html", "partials/discrepancy.html"},
		regexp.MustCompile(`(define|block)\s+"(thresholds|alertlist|subjectcomps|compnote|pairlinks|agreement|doclist|docrow|outcome)"`),
		`{{define "content"}}{{.Data.Content .}}{{end}}`,
		func(pg *page, b *pageBuf) { pg.Data.(*metricData).writeContent(pg, b) }},
	{"dimension", []string{"pages/dimension.html", "partials/figures.html", "partials/alerts.html", "partials/discrepancy.html"},
		regexp.MustCompile(`(define|block)\s+"(thresholds|alertlist|subjectcomps|compnote|pairlinks|agreement|doclist|docrow|outcome)"`),
		`{{define "content"}}{{.Data.Content .}}{{end}}`,
		func(pg *page, b *pageBuf) { pg.Data.(*dimensionData).writeContent(pg, b) }},
}

// baseNames finds a definition of a template layout/base.html defines or
// calls as a block.
var baseNames = regexp.MustCompile(`(define|block)\s+"(base|csp|head)"`)

// goBases returns the page types whose whole page Go writes in fsys
// (writeBase): those of goContents whose content it writes, when
// layout/base.html is the default one and no partial defines a template
// it defines or has as a block (a page file is parsed into its own type's
// set only, and those of these types, the default ones, define none).
func goBases(fsys fs.FS) map[string]func(*page, *pageBuf) {
	out := map[string]func(*page, *pageBuf){}
	if fsys == nil {
		return out
	}
	ok, err := defaultsApart(fsys, []string{"layout/base.html"}, func(p string, b []byte) bool {
		return strings.HasPrefix(p, "pages/") || !defines(baseNames, b)
	})
	if err != nil || !ok {
		return out
	}
	for _, g := range goContents {
		if g.apart(fsys) {
			out[g.kind] = g.write
		}
	}
	return out
}

// writeBase writes the page pg to b as layout/base.html does, its
// content by content; the layout's parts (pg.Part) are still its
// templates'. plainBox reports whether a part holds a scroll box without
// scrollRegions' attributes (scrollOpen), which a page whose content has
// none (scrollFree) then still needs scrollRegions for. The caller sizes
// b (execute: from the last page of the type). TestWriteBase compares the
// page with the template's.
func writeBase(b *pageBuf, pg *page, content func(*page, *pageBuf)) (plainBox bool, err error) {
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
		`<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'">` +
		"\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<title>")
	escText(b, pg.Title)
	b.WriteString(" · ")
	escText(b, pg.Site.Title)
	b.WriteString("</title>")
	if d := pg.Site.Description; d != "" {
		b.WriteString("\n<meta name=\"description\" content=\"")
		escText(b, d)
		b.WriteString(`">`)
	}
	if c := pg.Canonical; c != "" {
		b.WriteString("\n<link rel=\"canonical\" href=\"")
		escHref(b, c)
		b.WriteString(`">`)
	}
	b.WriteString("\n")
	part := func(name string) error {
		h, err := pg.Part(name)
		plainBox = plainBox || strings.Contains(string(h), string(scrollOpen))
		b.WriteString(string(h))
		return err
	}
	if err := part("headlinks"); err != nil {
		return false, err
	}
	if pg.Charts {
		for _, a := range [2]string{"vendor/echarts.min.js", "charts.js"} {
			src, err := pg.Asset(a)
			if err != nil {
				return false, err
			}
			b.WriteString("\n<script defer src=\"")
			escHref(b, src)
			b.WriteString(`"></script>`)
		}
	}
	b.WriteString("\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n")
	if err := part("nav"); err != nil {
		return false, err
	}
	b.WriteString("\n<main id=\"main\">\n")
	content(pg, b)
	b.WriteString("\n</main>\n")
	if err := part("footer"); err != nil {
		return false, err
	}
	b.WriteString("\n</body>\n</html>\n")
	return plainBox, nil
}

// scrollFree are the page types whose Go-written content (goContents)
// gives every scroll box scrollRegions' attributes itself, so that a page
// of the type written whole by writeBase needs scrollRegions only when a
// part of its layout holds a plain box: an item page is one of hundreds
// of thousands in a large project, and the scan was a tenth of its
// render.
var scrollFree = map[string]bool{"item": true, "items": true}

// apart reports whether the templates of fsys let Go write g's content:
// another page type's file is not in g's set (parseTemplates), so what it
// defines does not matter.
func (g goContent) apart(fsys fs.FS) bool {
	if fsys == nil {
		return false
	}
	ok, err := defaultsApart(fsys, g.files, func(p string, b []byte) bool {
		return strings.HasPrefix(p, "pages/") || g.names == nil || !defines(g.names, b)
	})
	return err == nil && ok
}

// defines reports whether re, a pattern of the form
// (define|block)\s+"(name|...)" naming templates without quotes, matches
// in the template text b. It runs re only on the stretch from each
// "define" or "block" in b to the closing quote of the name after it,
// where any match of re begins and ends: the whole text of every template
// through every pattern of goContents was most of a render's work on a
// small site.
func defines(re *regexp.Regexp, b []byte) bool {
	for _, kw := range [2]string{"define", "block"} {
		for rest := b; ; {
			i := bytes.Index(rest, []byte(kw))
			if i < 0 {
				break
			}
			w := rest[i:]
			j := len(kw)
			for j < len(w) && strings.IndexByte(" \t\n\f\r", w[j]) >= 0 {
				j++
			}
			if j > len(kw) && j < len(w) && w[j] == '"' {
				if k := bytes.IndexByte(w[j+1:], '"'); k >= 0 && re.Match(w[:j+k+2]) {
					return true
				}
			}
			rest = rest[i+len(kw):]
		}
	}
	return false
}

// defaultsApart is defaultApart for several templates: each of names is
// present in fsys and byte for byte the built-in one, and every other
// template passes apart (given its path and bytes).
func defaultsApart(fsys fs.FS, names []string, apart func(p string, b []byte) bool) (bool, error) {
	seen := 0
	ok := true
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") || strings.HasPrefix(p, "assets/") {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if slices.Contains(names, p) {
			def, err := fs.ReadFile(templates.FS, p)
			if err != nil {
				return err
			}
			ok, seen = ok && bytes.Equal(b, def), seen+1
		} else {
			ok = ok && apart(p, b)
		}
		return nil
	})
	return ok && seen == len(names), err
}

// Content returns the content of a case study's page pg, as
// pages/casestudy.html writes it with the default partials; parseSets
// makes the casestudy set call it while its templates are the default
// ones (goContents).
// TestCaseStudyContent compares the two.
func (d *docData) Content(pg *page) template.HTML {
	var b pageBuf
	b.Grow(len(d.Body) + 2048)
	d.writeContent(pg, &b)
	return template.HTML(b.String())
}

// htmlOf returns what write writes for pg, as HTML: the body of the Go
// writers' Content methods, which the page sets' templates call.
func htmlOf(pg *page, write func(*page, *pageBuf)) template.HTML {
	var b pageBuf
	write(pg, &b)
	return template.HTML(b.String())
}

// writeContent writes Content's HTML to b.
func (d *docData) writeContent(pg *page, b *pageBuf) {
	doc, m, root := d.Doc, &d.Doc.Meta, pg.Root
	b.WriteString(`<p class="crumbs"><a href="`)
	escHref(b, root+"casestudies/index.html")
	b.WriteString(`">Case studies</a></p>` + "\n<h1>")
	escText(b, m.Title)
	b.WriteString("</h1>\n")
	escPara(b, "lead", m.Summary)
	b.WriteString("\n<section class=\"panel\" aria-label=\"Facts\">\n<dl class=\"facts stacked\">\n")
	fact := func(name string, write func()) {
		b.WriteString("<div><dt>")
		b.WriteString(name)
		b.WriteString("</dt><dd>")
		write()
		b.WriteString("</dd></div>")
	}
	text := func(name, v string) {
		if v != "" {
			fact(name, func() { escText(b, v) })
		}
		b.WriteString("\n")
	}
	term := func(name string, r *ref) {
		if r != nil {
			fact(name, func() { writeTermRef(b, root, r) })
		}
		b.WriteString("\n")
	}
	refs := func(name string, rs []ref) {
		if len(rs) > 0 {
			fact(name, func() { writeRefs(b, root, rs) })
		}
		b.WriteString("\n")
	}
	text("Hypothesis", m.Hypothesis)
	term("Status", doc.StatusRef)
	term("Owner", doc.OwnerRef)
	text("Outcome", m.Outcome)
	text("Date", formatDate(m.Date))
	refs("Iterations", doc.Iterations)
	refs("Metrics", doc.Metrics)
	refs("Human ratings", doc.Dimensions)
	b.WriteString("</dl>\n</section>\n")
	writeTagPills(b, root, doc)
	b.WriteString("\n")
	writeInvestigates(b, root, d.Investigates)
	b.WriteString("\n")
	if v := doc.Verdict; v != nil {
		b.WriteString("<div class=\"with-verdict\">\n")
		writeVerdictPanel(b, pg, v, m)
		b.WriteString("\n<article class=\"prose\">\n")
		b.WriteString(string(d.Body))
		b.WriteString("\n</article>\n</div>")
	} else {
		b.WriteString("<article class=\"prose\">\n")
		b.WriteString(string(d.Body))
		b.WriteString("\n</article>")
	}
	b.WriteString("\n")
	if doc.Edit != "" {
		b.WriteString(`<p class="edit small"><a href="`)
		escHref(b, doc.Edit)
		b.WriteString(`" rel="nofollow">Edit this page</a> <span class="muted">(`)
		escText(b, doc.Source)
		b.WriteString(")</span></p>")
	}
}

// writeTermRef writes r as the "termref" partial does.
func writeTermRef(b *pageBuf, root string, r *ref) {
	if r.Path != "" {
		b.WriteString(`<a class="tag" href="`)
		escRel(b, root, r.Path)
		b.WriteString(`">`)
		escText(b, r.Label)
		b.WriteString("</a>")
		return
	}
	b.WriteString(`<span class="tag">`)
	escText(b, r.Label)
	b.WriteString("</span>")
}

// writeRefs writes rs as the "refs" partial does: links, comma-separated.
func writeRefs(b *pageBuf, root string, rs []ref) {
	for i, r := range rs {
		if i > 0 {
			b.WriteString(", ")
		}
		escLink(b, root, r.Path, r.Label)
	}
}

// writeTagPills writes d's tags as the "tagpills" partial does.
func writeTagPills(b *pageBuf, root string, d *docView) {
	if len(d.Tags) == 0 {
		return
	}
	b.WriteString(`<ul class="pills" aria-label="Tags">`)
	for _, t := range d.Tags {
		b.WriteString(`<li><a class="pill" href="`)
		escRel(b, root, t.Path)
		b.WriteString(`">`)
		escText(b, t.Label)
		b.WriteString("</a></li>")
	}
	b.WriteString("</ul>")
}

// writeInvestigates writes the panel of what a document investigates as
// the "investigates" partial does.
func writeInvestigates(b *pageBuf, root string, invs []*invView) {
	if len(invs) == 0 {
		return
	}
	b.WriteString("<section class=\"panel investigates\" aria-labelledby=\"investigates\">\n<h2 id=\"investigates\">Investigates</h2>\n<ul class=\"plain\">")
	for _, inv := range invs {
		b.WriteString("\n<li>")
		if pr := inv.Pair; pr != nil {
			b.WriteString(`<a href="`)
			escRel(b, root, pr.Path)
			b.WriteString(`">`)
			escText(b, pr.Metric.Label)
			b.WriteString(" vs ")
			escText(b, pr.Dim.Label)
			b.WriteString("</a>")
		} else {
			escText(b, inv.Metric.Label)
			b.WriteString(" vs ")
			escText(b, inv.Dim.Label)
		}
		b.WriteString(` · <span class="tag">`)
		escText(b, inv.Cause)
		b.WriteString("</span> · ")
		if len(inv.Iters) > 0 {
			writeRefs(b, root, inv.Iters)
		} else {
			b.WriteString("every iteration")
		}
		if n := len(inv.Items); n > 0 {
			b.WriteString(` · <span class="muted">`)
			b.WriteString(strconv.Itoa(n))
			b.WriteString(" item")
			if n > 1 {
				b.WriteString("s")
			}
			b.WriteString(" examined</span>")
		}
		b.WriteString("</li>")
	}
	b.WriteString("\n</ul>\n</section>")
}

// writeVerdictPanel writes a case study's verdict panel as the
// "verdictpanel" template of pages/casestudy.html does.
func writeVerdictPanel(b *pageBuf, pg *page, v *verdictView, m *project.FrontMatter) {
	root := pg.Root
	b.WriteString("<aside class=\"panel verdict-panel\" id=\"verdict\" aria-labelledby=\"verdict-title\">\n<h2 id=\"verdict-title\">Verdict</h2>\n<p class=\"value\"><span class=\"outcome ")
	escText(b, v.OutcomeClass())
	b.WriteString(`">`)
	escText(b, cmp.Or(v.Outcome, "invalid"))
	b.WriteString("</span></p>\n<dl class=\"facts stacked\">\n<div><dt>Compared</dt><dd>")
	iter := func(it *iterView, name, none string) {
		switch {
		case it != nil:
			b.WriteString(`<a href="`)
			escRel(b, root, it.Path)
			b.WriteString(`">`)
			escText(b, it.ID)
			b.WriteString("</a>")
		case name != "":
			escText(b, name)
		default:
			b.WriteString(none)
		}
	}
	iter(v.Base, v.Baseline, "n/a")
	b.WriteString(" → ")
	iter(v.Cand, v.Candidate, "")
	b.WriteString("</dd></div>\n<div><dt>Primary</dt><dd>")
	escLink(b, root, v.Primary.Path, v.Primary.Label)
	b.WriteString("</dd></div>\n<div><dt>Δ</dt><dd>")
	b.WriteString(string(changeSpan(v.Delta, v.Unit, "higher")))
	b.WriteString("</dd></div>\n<div><dt>")
	escText(b, pg.Site.CI)
	b.WriteString("</dt><dd class=\"nowrap\">")
	escText(b, formatCI(v.CI, v.Unit))
	b.WriteString("</dd></div>\n<div><dt>Min effect</dt><dd>")
	if v.MinEffect != nil {
		escText(b, formatNum(v.MinEffect, v.Unit))
	} else {
		b.WriteString("none set: any improvement")
	}
	b.WriteString("</dd></div>\n<div><dt>n</dt><dd>")
	b.WriteString(strconv.Itoa(v.N))
	if v.PlannedN != 0 {
		if v.BelowPlan {
			b.WriteString(` <span class="delta bad">of `)
		} else {
			b.WriteString(` <span class="muted">of `)
		}
		b.WriteString(strconv.Itoa(v.PlannedN))
		b.WriteString(" planned</span>")
	}
	b.WriteString("</dd></div>\n<div><dt>MDE at this n</dt><dd>")
	escText(b, formatNum(v.MDE, v.Unit))
	b.WriteString("</dd></div>\n<div><dt>p</dt><dd>")
	escText(b, formatP(v.P))
	b.WriteString("</dd></div>\n")
	if m.StoppingRule != "" {
		b.WriteString("<div><dt>Stopping rule</dt><dd>")
		escText(b, m.StoppingRule)
		b.WriteString("</dd></div>")
	}
	b.WriteString("\n</dl>\n")
	escPara(b, "reason", v.Reason)
	b.WriteString("\n<p class=\"muted small\">Δ and its interval are read in the primary's better direction: positive is an improvement. Supported: the interval lies above the minimum effect; refuted: below it; inconclusive: it straddles the minimum effect or the sample is below plan. MDE: the smallest effect this sample detects with ")
	escText(b, formatPct(pg.Site.Power))
	b.WriteString(" power at α ")
	escText(b, formatNum(pg.Site.Alpha, ""))
	b.WriteString(".</p>\n</aside>")
}

// CaseStudyList returns the content of a page of the case-study index pg,
// as pages/casestudies.html writes it with the default partials; parseSets
// makes the casestudies set call it while its templates are the default
// ones (goContents). TestCaseStudyList compares the two.
func (d *docsData) CaseStudyList(pg *page) template.HTML {
	var b pageBuf
	d.writeCaseStudyList(pg, &b)
	return template.HTML(b.String())
}

// writeCaseStudyList writes CaseStudyList's HTML to b.
func (d *docsData) writeCaseStudyList(pg *page, b *pageBuf) {
	root := pg.Root
	b.WriteString("<h1>Case studies</h1>\n")
	if len(d.Taxonomies) > 0 {
		b.WriteString("<p>")
		writeTaxLinks(b, root, d.Taxonomies)
		b.WriteString("</p>")
	}
	b.WriteString("\n")
	writeListPager(b, root, d.Pager)
	if len(d.Documents) == 0 {
		b.WriteString(`<p class="empty">No case studies yet: add Markdown files under casestudies/.</p>`)
		return
	}
	b.Grow(len(d.Documents) * 400)
	b.WriteString(`<div class="scroll">
<table>
<thead><tr><th scope="col">Case study</th><th scope="col">Date</th><th scope="col">Status</th><th scope="col">Outcome</th><th scope="col">Stated result</th><th scope="col">Iterations</th></tr></thead>
<tbody>`)
	for _, doc := range d.Documents {
		m := &doc.Meta
		b.WriteString("\n<tr><th scope=\"row\"><a href=\"")
		escRel(b, root, doc.Path)
		b.WriteString(`">`)
		escText(b, m.Title)
		b.WriteString(`</a></th><td class="nowrap">`)
		escText(b, formatDate(m.Date))
		b.WriteString("</td><td>")
		if m.Status != "" {
			b.WriteString(`<span class="tag">`)
			escText(b, m.Status)
			b.WriteString("</span>")
		}
		b.WriteString("</td><td>")
		if v := doc.Verdict; v != nil {
			p := doc.Path // v.Doc, the document whose verdict v is
			if v.Doc != nil {
				p = v.Doc.Path
			}
			b.WriteString(`<a href="`)
			escRel(b, root, p)
			b.WriteString(`#verdict"><span class="outcome `)
			escText(b, v.OutcomeClass())
			b.WriteString(`">`)
			escText(b, cmp.Or(v.Outcome, "invalid"))
			b.WriteString("</span></a>")
		} else {
			b.WriteString(`<span class="muted">no experiment stated</span>`)
		}
		b.WriteString("</td><td>")
		escText(b, m.Outcome)
		b.WriteString("</td><td>")
		writeRefs(b, root, doc.Iterations)
		b.WriteString("</td></tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</div>\n")
	writeListPager(b, root, d.Pager)
	b.WriteString(`<p class="muted small">Outcome: evalbook's evaluation of the experiment the case study states (supported, refuted or inconclusive); stated result: what its authors wrote.</p>`)
}

// writeTaxLinks writes the links to the taxonomies' indexes as the
// "taxlinks" partial does.
func writeTaxLinks(b *pageBuf, root string, taxes []*taxView) {
	b.WriteString(` <span class="taxlinks">Browse by `)
	for i, t := range taxes {
		if i > 0 {
			b.WriteString(" · ")
		}
		b.WriteString(`<a href="`)
		escRel(b, root, t.Path)
		b.WriteString(`">`)
		escText(b, t.Label)
		b.WriteString("</a>")
	}
	b.WriteString("</span>")
}

// writeListPager writes the pages of a paginated list as the "listpager"
// partial does; nothing for a nil pager.
func writeListPager(b *pageBuf, root string, p *pagerView) {
	if p == nil {
		return
	}
	b.WriteString("<nav class=\"listpager\" aria-label=\"Pages of this list\">\n<p>")
	for i, n := range [5]int{p.From, p.To, p.Total, p.Number, p.Count} {
		b.WriteString([5]string{"", "–", " of ", " · page ", " of "}[i])
		b.WriteString(strconv.Itoa(n))
	}
	b.WriteString(` · <a href="`)
	escRel(b, root, "search.html")
	b.WriteString("\">search</a> finds any of them by a word</p>\n<ul>")
	if p.Prev != "" {
		b.WriteString("\n<li><a rel=\"prev\" href=\"")
		escRel(b, root, p.Prev)
		b.WriteString("\">← Previous</a></li>")
	}
	for _, l := range p.Pages {
		b.WriteString("\n<li>")
		switch {
		case l.Number == 0:
			b.WriteString(`<span aria-hidden="true">…</span>`)
		default:
			if l.Current {
				b.WriteString(`<a aria-current="page" href="`)
			} else {
				b.WriteString(`<a href="`)
			}
			escRel(b, root, l.Path)
			b.WriteString(`">`)
			b.WriteString(strconv.Itoa(l.Number))
			b.WriteString("</a>")
		}
		b.WriteString("</li>")
	}
	if p.Next != "" {
		b.WriteString("\n<li><a rel=\"next\" href=\"")
		escRel(b, root, p.Next)
		b.WriteString("\">Next →</a></li>")
	}
	b.WriteString("\n</ul>\n</nav>")
}

// changeSpan is the template function changeSpan: a change coloured by
// the direction its metric improves in, as the "change" partial writes it
// from (args $ v unit direction); the default templates call it in place
// of the partial, one function call a cell.
func changeSpan(v any, unit, direction string) template.HTML {
	t := tone(v, direction)
	var b pageBuf
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
	var b pageBuf
	writeVerdict(&b, verdict, significant)
	return template.HTML(b.String())
}

// writeVerdict writes verdictSpan's HTML to b.
func writeVerdict(b *pageBuf, verdict string, significant bool) {
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
	var b pageBuf
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
	var b pageBuf
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
	var b pageBuf
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
	var b pageBuf
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
