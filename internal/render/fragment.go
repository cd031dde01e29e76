package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"strings"
	"sync"

	"github.com/evalbook/evalbook/templates"
)

// Fragments: parts of a page written in Go rather than by its template,
// where a page has thousands of table cells (the item pages' rating
// grids). Each writes the very bytes its template counterpart gave:
// values are escaped as html/template escapes them in text and in quoted
// attributes (escText), and links as it filters and normalises a URL in
// an href (escHref); a value with a character either would change goes
// through html/template itself, so the two cannot drift apart.

// escText writes s escaped as html/template escapes a value in HTML text
// or a quoted attribute.
func escText(b *strings.Builder, s string) {
	if strings.ContainsAny(s, "\x00\"&'+<>") {
		b.WriteString(viaTemplate(textTmpl, s))
		return
	}
	b.WriteString(s)
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
	textTmpl = template.Must(template.New("text").Parse(`{{.}}`))
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

// gridsApart reports whether the templates of fsys let the item pages'
// rating grids be kept as their HTML alone (itemSite.dimParts):
// pages/item.html is the default one, which shows a grid's HTML, and no
// other template names Grids.
func gridsApart(fsys fs.FS) bool {
	def, err := fs.ReadFile(templates.FS, "pages/item.html")
	if err != nil {
		return false
	}
	ok := true
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") || strings.HasPrefix(p, "assets/") {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if p == "pages/item.html" {
			ok = ok && bytes.Equal(b, def)
		} else {
			ok = ok && !bytes.Contains(b, []byte("Grids"))
		}
		return nil
	})
	return err == nil && ok
}
