package render

import (
	"encoding/xml"
	"strings"
	"time"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/route"
	"github.com/evalbook/evalbook/internal/slug"
)

// feeds returns feed.xml, the Atom feed of decisions and case studies
// (newest first, dated by their front matter, so it is the same whenever
// it is built), and, when the config sets baseURL, sitemap.xml. Without a
// baseURL the feed's links are relative to the site root and its IDs are
// URNs made from the site title and the documents' slugs.
func (r *renderer) feeds() (Files, error) {
	base := r.cfg.BaseURL
	if base != "" {
		base = strings.TrimSuffix(base, "/") + "/"
	}
	urn := "urn:evalbook:" + slug.Make(strings.ToLower(r.cfg.Title)) + ":" // made once, not an entry
	id := func(p string) string {
		if base != "" {
			return base + p
		}
		return urn + strings.TrimSuffix(p, ".html")
	}
	stamp := func(t time.Time) string {
		if t.IsZero() {
			t = r.refDate
		}
		return t.UTC().Format(time.RFC3339)
	}
	f := atomFeed{
		NS: "http://www.w3.org/2005/Atom", Title: r.cfg.Title + ": decisions and case studies", ID: id(route.Feed),
		Updated: stamp(r.refDate), Author: atomPerson{Name: r.cfg.Title},
		Links: []atomLink{{Href: base}},
	}
	if base == "" {
		f.Links[0].Href = route.Dashboard
	}
	if base != "" {
		f.Links = append(f.Links, atomLink{Rel: "self", Href: base + route.Feed, Type: "application/atom+xml"})
	}
	for _, v := range allDocs(r.p, r.docs) {
		if v.Kind != project.Decision && v.Kind != project.CaseStudy {
			continue
		}
		e := atomEntry{
			Title: v.Meta.Title, ID: id(v.Path), Links: []atomLink{{Href: base + v.Path}},
			Updated: stamp(v.Meta.Date), Summary: v.Meta.Summary,
			Category: atomCategory{Term: string(v.Kind)},
		}
		for _, n := range decidedBy(v.Meta) {
			e.Authors = append(e.Authors, atomPerson{Name: n})
		}
		if len(e.Authors) == 0 && v.Meta.Owner != "" {
			e.Authors = []atomPerson{{Name: v.Meta.Owner}}
		}
		f.Entries = append(f.Entries, e)
	}
	out := Files{}
	out[route.Feed] = appendFeed(make([]byte, 0, feedSize(&f)), &f) // xmlDoc's bytes (feedxml.go)
	if !r.routes.BaseURL {
		return out, nil
	}
	sm := sitemap{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, pg := range r.pages {
		if pg.Kind == route.KindNotFound {
			continue
		}
		u := sitemapURL{Loc: base + pg.Path}
		if v := r.docs[pg.Name]; pg.Kind == route.KindDoc && v != nil {
			u.LastMod = formatDate(v.Meta.Date)
		}
		sm.URLs = append(sm.URLs, u)
	}
	out[route.Sitemap] = appendSitemap(nil, &sm)
	return out, nil
}

type atomFeed struct {
	XMLName xml.Name    `xml:"feed"`
	NS      string      `xml:"xmlns,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomEntry struct {
	Title    string       `xml:"title"`
	ID       string       `xml:"id"`
	Links    []atomLink   `xml:"link"`
	Updated  string       `xml:"updated"`
	Authors  []atomPerson `xml:"author"`
	Summary  string       `xml:"summary,omitempty"`
	Category atomCategory `xml:"category"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type sitemap struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// decidedBy returns who took a decision: decided_by, or its older
// spelling deciders (ingest merges the two; documents built otherwise may
// set either).
func decidedBy(m project.FrontMatter) []string {
	if len(m.DecidedBy) > 0 {
		return m.DecidedBy
	}
	return m.Deciders
}
