package render

import (
	"bytes"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// The regular expressions scrollRegions read headings and labels with
// before headingAt and plainText did (a11y.go).
var (
	refTagRE     = regexp.MustCompile(`<[^>]*>`)
	refSpaceRE   = regexp.MustCompile(`\s+`)
	refHeadingRE = regexp.MustCompile(`(?s)^<h[1-4][^>]*>(.*?)</h[1-4]>`)
)

// refScrollRegions is scrollRegions as it was written with the regular
// expressions, its definition.
func refScrollRegions(page []byte) []byte {
	plain := func(h []byte) string {
		return strings.TrimSpace(refSpaceRE.ReplaceAllString(refTagRE.ReplaceAllString(string(h), ""), " "))
	}
	var out bytes.Buffer
	rest, done, heading, headEnd := page, 0, "", 0
	for {
		i := bytes.Index(rest, scrollOpen)
		if i < 0 {
			out.Write(rest)
			return out.Bytes()
		}
		at := done + i
		label := ""
		if c := captionOf(page[at+len(scrollOpen):]); c != nil {
			label = plain(c)
		}
		region := page[headEnd:at]
		for end := len(region); ; {
			k := bytes.LastIndex(region[:end], []byte("<h"))
			if k < 0 {
				break
			}
			end = k
			if m := refHeadingRE.FindSubmatchIndex(region[k:]); m != nil {
				heading = plain(region[k+m[2] : k+m[3]])
				break
			}
		}
		headEnd = at
		switch {
		case label != "":
			label = "Table: " + label
		case heading != "":
			label = "Table: " + heading
		default:
			label = "Table"
		}
		out.Write(rest[:i])
		out.WriteString(`<div class="scroll" tabindex="0" role="region" aria-label="` + label + `">`)
		rest = rest[i+len(scrollOpen):]
		done = at + len(scrollOpen)
	}
}

// TestScrollRegionsRandom checks scrollRegions against its definition with the
// regular expressions (refScrollRegions) on random pages of headings of
// every level (closed by their own or another level's end tag, or not at
// all, with attributes and tags inside), boxes, tables with and without
// captions, stray '<' and '>', and runs of white space of every kind.
func TestScrollRegionsRandom(t *testing.T) {
	pieces := []string{`<div class="scroll">`, "<table>", `<table class="t">`, "<caption>Cap <b>bold</b></caption>", "\n<caption>\n x \t y </caption>",
		"<h1>", "<h2 id=\"a\">", "<h3\nclass=x>", "<h4>", "<h5>", "<h6>", "<h>", "<hr>", "<head>", "</h1>", "</h2>", "</h4>", "</h5>", "</h6>", "</h", "</h3",
		"Title", " ", "  ", "\t", "\n", "\f", "\r", "\v", "\u00a0", "\u2003", "<em>", "</em>", "<a href=\"x\">link</a>", "&amp;", "<", ">", "é", "</table>", "</div>", "text"}
	rng := rand.New(rand.NewPCG(13, 14))
	pages := []string{"", `<div class="scroll">`, `<h2>A</h2><div class="scroll"><table><caption> </caption>`, "<h2>  spaced \n\t out  </h2>x<div class=\"scroll\">"}
	for range 20000 {
		pages = append(pages, randomJoin(rng, pieces, 40))
	}
	for _, p := range pages {
		if got, want := scrollRegions([]byte(p)), refScrollRegions([]byte(p)); !bytes.Equal(got, want) {
			t.Fatalf("scrollRegions(%q) =\n%q\nwant\n%q", p, got, want)
		}
	}
}
