package render

import (
	"encoding/xml"
)

// The feed and the sitemap list every case study and page: encoding/xml
// wrote them by reflection, 30 ms of a knowledge base's build. appendFeed
// and appendSitemap write the same bytes as encoding/xml (xml.Header, the
// document indented by two spaces per level as xml.Encoder.Indent("", "  ")
// indents it, a final newline) directly: an element holding text on one
// line, an element holding elements with its end tag on a line of its
// own, an element with neither as a start and an end tag, no element
// self-closed, every text and attribute value escaped as encoding/xml
// escapes it (appendXMLText). TestFeedXML compares the two.

// appendFeed appends f's document to b, as xmlDoc (feedxml_test.go)
// writes it with encoding/xml.
func appendFeed(b []byte, f *atomFeed) []byte {
	b = append(b, xml.Header...)
	b = append(b, `<feed xmlns="`...)
	b = appendXMLText(b, f.NS)
	b = append(b, `">`...)
	b = appendXMLElem(b, 1, "title", f.Title)
	b = appendXMLElem(b, 1, "id", f.ID)
	b = appendXMLElem(b, 1, "updated", f.Updated)
	b = appendAtomPerson(b, 1, &f.Author)
	for i := range f.Links {
		b = appendAtomLink(b, 1, &f.Links[i])
	}
	for i := range f.Entries {
		e := &f.Entries[i]
		b = appendXMLIndent(b, 1)
		b = append(b, "<entry>"...)
		b = appendXMLElem(b, 2, "title", e.Title)
		b = appendXMLElem(b, 2, "id", e.ID)
		for k := range e.Links {
			b = appendAtomLink(b, 2, &e.Links[k])
		}
		b = appendXMLElem(b, 2, "updated", e.Updated)
		for k := range e.Authors {
			b = appendAtomPerson(b, 2, &e.Authors[k])
		}
		if e.Summary != "" {
			b = appendXMLElem(b, 2, "summary", e.Summary)
		}
		b = appendXMLIndent(b, 2)
		b = append(b, `<category term="`...)
		b = appendXMLText(b, e.Category.Term)
		b = append(b, `"></category>`...)
		b = appendXMLIndent(b, 1)
		b = append(b, "</entry>"...)
	}
	b = append(b, "\n</feed>\n"...)
	return b
}

// feedSize returns about how long f's document is unescaped: room for
// appendFeed.
func feedSize(f *atomFeed) int {
	n := 512 + len(f.Title) + len(f.ID) + len(f.Author.Name)
	for i := range f.Entries {
		e := &f.Entries[i]
		n += 200 + len(e.Title) + len(e.ID) + len(e.Updated) + len(e.Summary) + len(e.Category.Term)
		for _, l := range e.Links {
			n += 40 + len(l.Href) + len(l.Rel) + len(l.Type)
		}
		for _, a := range e.Authors {
			n += 50 + len(a.Name)
		}
	}
	return n
}

// appendSitemap appends sm's document to b, as xmlDoc writes it.
func appendSitemap(b []byte, sm *sitemap) []byte {
	b = append(b, xml.Header...)
	b = append(b, `<urlset xmlns="`...)
	b = appendXMLText(b, sm.NS)
	b = append(b, `">`...)
	for i := range sm.URLs {
		u := &sm.URLs[i]
		b = appendXMLIndent(b, 1)
		b = append(b, "<url>"...)
		b = appendXMLElem(b, 2, "loc", u.Loc)
		if u.LastMod != "" {
			b = appendXMLElem(b, 2, "lastmod", u.LastMod)
		}
		b = appendXMLIndent(b, 1)
		b = append(b, "</url>"...)
	}
	if len(sm.URLs) == 0 {
		return append(b, "</urlset>\n"...)
	}
	return append(b, "\n</urlset>\n"...)
}

// appendAtomPerson appends an atomPerson's element at depth.
func appendAtomPerson(b []byte, depth int, p *atomPerson) []byte {
	b = appendXMLIndent(b, depth)
	b = append(b, "<author>"...)
	b = appendXMLElem(b, depth+1, "name", p.Name)
	b = appendXMLIndent(b, depth)
	return append(b, "</author>"...)
}

// appendAtomLink appends an atomLink's element at depth.
func appendAtomLink(b []byte, depth int, l *atomLink) []byte {
	b = appendXMLIndent(b, depth)
	b = append(b, "<link"...)
	if l.Rel != "" {
		b = append(b, ` rel="`...)
		b = appendXMLText(b, l.Rel)
		b = append(b, '"')
	}
	b = append(b, ` href="`...)
	b = appendXMLText(b, l.Href)
	b = append(b, '"')
	if l.Type != "" {
		b = append(b, ` type="`...)
		b = appendXMLText(b, l.Type)
		b = append(b, '"')
	}
	return append(b, "></link>"...)
}

// appendXMLElem appends the element name holding the text s, on a line of
// its own at depth.
func appendXMLElem(b []byte, depth int, name, s string) []byte {
	b = appendXMLIndent(b, depth)
	b = append(b, '<')
	b = append(b, name...)
	b = append(b, '>')
	b = appendXMLText(b, s)
	b = append(b, "</"...)
	b = append(b, name...)
	return append(b, '>')
}

// appendXMLIndent starts a line at depth.
func appendXMLIndent(b []byte, depth int) []byte {
	b = append(b, '\n')
	for range depth {
		b = append(b, "  "...)
	}
	return b
}

// appendXMLText appends s escaped as encoding/xml escapes text and
// attribute values: s itself when it is printable ASCII without '"',
// '\”, '&', '<' and '>', else as xml.EscapeText writes it.
func appendXMLText(b []byte, s string) []byte {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == '&' || c == '<' || c == '>' {
			plain = false
			break
		}
	}
	if plain {
		return append(b, s...)
	}
	w := appendWriter{b}
	xml.EscapeText(&w, []byte(s)) // never fails: appendWriter does not
	return w.b
}

// appendWriter is an io.Writer appending to b.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}
