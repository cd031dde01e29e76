package render

import (
	"bytes"
	"encoding/xml"
	"math/rand/v2"
	"testing"
)

// xmlDoc encodes v as an indented XML document with its declaration, as
// encoding/xml writes it: what appendFeed and appendSitemap must write,
// and what the feed was written with before them.
func xmlDoc(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// feedPieces are strings a feed's fields are drawn from: plain, escaped
// characters, control characters, invalid UTF-8, U+FFFD and runes beyond
// the BMP, and the empty string.
var feedPieces = []string{
	"", "Case study 12", "a & b", `"quoted" 'single'`, "<tag>", "tab\there", "line\nbreak\r\n",
	"\x00\x01\x1f", "\x7f", "caf\xc3\xa9", "\xff\xfe", "\ufffd", "\xef\xbf\xbd", "😀", "\U0010FFFF", "\ufffe",
	"https://example.com/a?b=1&c=2", "urn:evalbook:x:casestudies/y", "2026-01-02T03:04:05Z",
}

// randomFeed returns a feed of n entries with fields joined from up to
// three feedPieces each.
func randomFeed(rng *rand.Rand, n int) *atomFeed {
	s := func() string { return randomJoin(rng, feedPieces, 4) }
	links := func() []atomLink {
		ls := make([]atomLink, rng.IntN(3))
		for i := range ls {
			ls[i] = atomLink{Href: s()}
			if rng.IntN(2) == 0 {
				ls[i].Rel, ls[i].Type = s(), s()
			}
		}
		return ls
	}
	f := &atomFeed{NS: "http://www.w3.org/2005/Atom", Title: s(), ID: s(), Updated: s(), Author: atomPerson{Name: s()}, Links: links()}
	for range n {
		e := atomEntry{Title: s(), ID: s(), Links: links(), Updated: s(), Summary: s(), Category: atomCategory{Term: s()}}
		for range rng.IntN(3) {
			e.Authors = append(e.Authors, atomPerson{Name: s()})
		}
		f.Entries = append(f.Entries, e)
	}
	return f
}

// TestFeedXML checks that appendFeed and appendSitemap write what
// encoding/xml writes (xmlDoc) for feeds and sitemaps of 0 to 5 entries
// with fields of every kind of character.
func TestFeedXML(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for k := range 2000 {
		f := randomFeed(rng, k%6)
		want, err := xmlDoc(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendFeed(nil, f); !bytes.Equal(got, want) {
			t.Fatalf("feed %d:\n%q\nwant\n%q", k, got, want)
		}
		sm := &sitemap{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
		for range k % 4 {
			u := sitemapURL{Loc: randomJoin(rng, feedPieces, 4)}
			if rng.IntN(2) == 0 {
				u.LastMod = randomJoin(rng, feedPieces, 3)
			}
			sm.URLs = append(sm.URLs, u)
		}
		if want, err = xmlDoc(sm); err != nil {
			t.Fatal(err)
		}
		if got := appendSitemap(nil, sm); !bytes.Equal(got, want) {
			t.Fatalf("sitemap %d:\n%q\nwant\n%q", k, got, want)
		}
	}
}

// FuzzFeedXML compares appendFeed with encoding/xml for a feed whose
// fields are the fuzzer's strings.
func FuzzFeedXML(f *testing.F) {
	for _, p := range feedPieces {
		f.Add(p, p, p)
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		feed := &atomFeed{NS: "http://www.w3.org/2005/Atom", Title: a, ID: b, Updated: c, Author: atomPerson{Name: a + c},
			Links:   []atomLink{{Href: b, Rel: c, Type: a}},
			Entries: []atomEntry{{Title: c, ID: a, Links: []atomLink{{Href: a}}, Updated: b, Summary: c, Authors: []atomPerson{{Name: b}}, Category: atomCategory{Term: a}}}}
		want, err := xmlDoc(feed)
		if err != nil {
			t.Skip(err)
		}
		if got := appendFeed(nil, feed); !bytes.Equal(got, want) {
			t.Errorf("feed:\n%q\nwant\n%q", got, want)
		}
	})
}

// BenchmarkFeedXML writes the feed of 5,000 entries of plain text, as the
// knowledge base's: encoding/xml (xmlDoc), as the feed was written, and
// appendFeed.
func BenchmarkFeedXML(b *testing.B) {
	f := &atomFeed{NS: "http://www.w3.org/2005/Atom", Title: "KB: decisions and case studies", ID: "urn:evalbook:kb:feed", Updated: "2026-01-02T03:04:05Z", Author: atomPerson{Name: "KB"}, Links: []atomLink{{Href: "index.html"}}}
	for i := range 5000 {
		f.Entries = append(f.Entries, atomEntry{Title: "Case study " + string(rune('a'+i%26)) + ": a study of something", ID: "urn:evalbook:kb:casestudies/kb-0001",
			Links: []atomLink{{Href: "casestudies/kb-0001.html"}}, Updated: "2026-01-02T03:04:05Z", Authors: []atomPerson{{Name: "Owner Name"}},
			Summary: "A summary of the case study, one sentence or two of plain prose.", Category: atomCategory{Term: "casestudy"}})
	}
	b.Run("encoding/xml", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := xmlDoc(f); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("appendFeed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			appendFeed(make([]byte, 0, feedSize(f)), f)
		}
	})
}
