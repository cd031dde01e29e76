package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"regexp"
	"sync"

	"github.com/evalbook/evalbook/internal/fingerprint"
)

// The navigation bar is on every page and counts the alerts, so a new
// alert would touch every page. The incremental renderer keeps the nav out
// of a page's fingerprint instead and, when only the nav changed, puts the
// new nav in place of the old one in the page's bytes: the same bytes the
// page's template gives, because the default nav (partials/nav.html)
// reads only the site's title and nav, the page's root and its section.
// It does so only when that holds for the templates in use (navApart);
// otherwise the nav is part of the frame, as every other site value.

// navPlace is where a cached page holds its nav, and which nav it shows.
type navPlace struct {
	sum     fingerprint.Sum // the fingerprint of the site's nav the page shows
	at, n   int             // the nav's offset and length in the page's body; at < 0: not found, render again
	section string          // the page's section, which the nav marks current
	// now is the nav the page shows in place of its body's own (at, n)
	// since a splice put a different one in; nil when the body is the
	// page whole. The body is never copied for a splice (Spliced).
	now []byte
}

// siteWhole matches a use of .Site other than one of its fields.
var siteWhole = regexp.MustCompile(`\.Site($|[^.A-Za-z0-9_])`)

// navApart reports whether the templates of fsys let the nav be spliced:
// partials/nav.html is the default one, and no other template reads the
// site's nav (names Nav) or passes the site value whole.
func navApart(fsys fs.FS) (bool, error) {
	ok, _, err := defaultApart(fsys, "partials/nav.html", func(b []byte) bool {
		return !bytes.Contains(b, []byte("Nav")) && !siteWhole.Match(b)
	})
	if err != nil {
		return false, fmt.Errorf("reading templates: %w", err)
	}
	return ok, nil
}

// navs renders the nav of pages by template set, root and section, each
// once per render. Safe for concurrent use.
type navs struct {
	r    *renderer
	sets map[string]*template.Template
	mu   sync.Mutex
	done map[string][]byte
}

// of returns the nav of the page at path p of template set kind and
// section.
func (n *navs) of(kind, p, section string) ([]byte, error) {
	pg := n.r.newPage(p, "", section, nil)
	key := kind + "\x00" + pg.Root + "\x00" + section
	n.mu.Lock()
	defer n.mu.Unlock()
	if b, ok := n.done[key]; ok {
		return b, nil
	}
	var buf bytes.Buffer
	if err := n.sets[kind].ExecuteTemplate(&buf, "nav", pg); err != nil {
		return nil, fmt.Errorf("rendering the nav of %s: %w", p, err)
	}
	n.done[key] = buf.Bytes()
	return n.done[key], nil
}

// place finds the nav of a page just rendered in its body: where it is, if
// it is there exactly once.
func (n *navs) place(j job, body []byte, section string, sum fingerprint.Sum) (navPlace, error) {
	nav, err := n.of(j.kind, j.path, section)
	if err != nil {
		return navPlace{}, err
	}
	pl := navPlace{sum: sum, at: -1, n: len(nav), section: section}
	pl.at = onlyAt(body, nav)
	return pl, nil
}

// navProbe is how much of the nav's start onlyAt looks for first: short
// enough for bytes.Index's vector search (a nav is longer than the
// vector search allows, and its first byte, '<', is too common for
// bytes.Index's scan by first byte, so the whole nav is searched with
// Rabin-Karp, the page's remainder too; that scan cost 0.1 s of CPU a
// rebuild that renders 1,000 item pages).
const navProbe = 48

// onlyAt returns where nav is in body if it is there exactly once
// (bytes.Count(body, nav) == 1), else -1. It looks for the nav's start
// first: a body in which the first occurrence of the start is the nav,
// and a part of the nav occurs nowhere after it (rareProbe: were the nav
// there again, so would every part of it be), holds the nav once; any
// other body is searched for the whole nav.
func onlyAt(body, nav []byte) int {
	if len(nav) > navProbe {
		if i := bytes.Index(body, nav[:navProbe]); i >= 0 && bytes.HasPrefix(body[i:], nav) && bytes.Index(body[i+len(nav):], rareProbe(nav)) < 0 {
			return i
		}
	}
	if i := bytes.Index(body, nav); i >= 0 && !bytes.Contains(body[i+len(nav):], nav) { // one pass
		return i
	}
	return -1
}

// rareProbe returns the part of nav that onlyAt looks for after the nav:
// navProbe bytes from its first capital letter, or from its start when it
// has none. bytes.Index runs through a page by the probe's first byte, and
// '<', which starts the nav, is a page's most common; a capital letter is
// rare in markup (the page's remainder was 0.06 s of a rebuild's CPU with
// '<').
func rareProbe(nav []byte) []byte {
	k := bytes.IndexFunc(nav, func(r rune) bool { return r >= 'A' && r <= 'Z' })
	if k < 0 || len(nav)-k < navProbe {
		k = 0
	}
	return nav[k:min(k+navProbe, len(nav))]
}

// splice returns the place of a page whose body holds its nav at pl
// given the page's nav of this render: the body is not copied, the new
// nav is shown in place of the body's own (navPlace.now), unless the two
// are equal bytes (an alert count back to what it was), when the body is
// the page whole again.
func (n *navs) splice(j job, body []byte, pl navPlace, sum fingerprint.Sum) (navPlace, error) {
	nav, err := n.of(j.kind, j.path, pl.section)
	if err != nil {
		return navPlace{}, err
	}
	pl.sum, pl.now = sum, nav
	if bytes.Equal(nav, body[pl.at:pl.at+pl.n]) {
		pl.now = nil
	}
	return pl, nil
}
