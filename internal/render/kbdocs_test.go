package render

import (
	"fmt"
	"html/template"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/markdown"
	"github.com/evalbook/evalbook/internal/project"
)

// TestPooledBodies renders, twice, forty case studies whose bodies have a
// figure each, so that their bodies are written in buffers given back by
// the pages written before them (bodyBufs): each page must hold its own
// body, whole, and no other's.
func TestPooledBodies(t *testing.T) {
	in := testInput()
	p := *in.Project
	base := p.CaseStudies[0]
	p.CaseStudies = nil
	const n = 40
	for i := range n {
		d := base
		d.Slug = fmt.Sprintf("casestudies/pooled%02d", i)
		d.Meta.Title = fmt.Sprintf("Pooled %02d", i)
		// Bodies of different lengths, so that a buffer given back holds
		// the end of a longer body than the next one written in it.
		d.HTML = template.HTML(fmt.Sprintf("<p>Body of case %02d%s.</p>\n<p>%s</p>\n", i, strings.Repeat(" and more", (i*7)%23), markdown.Placeholder(0)))
		d.Shortcodes = []project.Shortcode{{Name: project.ShortcodeMetric, Args: []string{"accuracy", "v3"}, Line: 3, Col: 1}}
		p.CaseStudies = append(p.CaseStudies, d)
	}
	in.Project = &p
	const figure = `data-fig="metric" data-subject="accuracy" data-iteration="v3"`
	for round := range 2 {
		files := renderTest(t, in)
		for i := range n {
			name := fmt.Sprintf("casestudies/pooled%02d.html", i)
			page := string(files[name])
			want := fmt.Sprintf("<p>Body of case %02d%s.</p>\n<p><span class=\"fig\" %s", i, strings.Repeat(" and more", (i*7)%23), figure)
			if !strings.Contains(page, want) {
				t.Fatalf("round %d: %s lacks its body %q", round, name, want)
			}
			if strings.Count(page, "Body of case") != 1 || strings.Count(page, figure) != 1 {
				t.Errorf("round %d: %s holds %d bodies and %d figures; want one each", round, name, strings.Count(page, "Body of case"), strings.Count(page, figure))
			}
		}
	}
}

// TestScratchDocText checks that a searchScratch's docText, which writes
// over its buffer page after page, gives docText's text for each of a
// run of documents, longer and shorter ones in turn.
func TestScratchDocText(t *testing.T) {
	docs := []project.Document{
		{Meta: project.FrontMatter{Summary: "A long summary &amp; more", Tags: []string{"a", "b"}}, HTML: template.HTML("<p>" + strings.Repeat("long body ", 50) + "</p>")},
		{Meta: project.FrontMatter{Hypothesis: "H"}, HTML: "<p>short</p>"},
		{},
		{Meta: project.FrontMatter{Outcome: "O"}, HTML: "<p>x &lt; y</p>\n\x000\x00"},
	}
	var sc searchScratch
	for round := range 2 {
		for i := range docs {
			sc.begin()
			got, want := sc.docText(&docs[i]), docText(&docs[i])
			if got != want {
				t.Errorf("round %d, doc %d: scratch docText = %q; want %q", round, i, got, want)
			}
		}
	}
}

// TestScratchEntries makes the entries of a run of pages, long and short,
// with one searchScratch, as searchMemo.docs does, and checks each against
// the entry a fresh scratch makes (newSearchDoc), after all of them are
// made: an entry's words, kept in the scratch's slabs, must not change as
// later pages are written over the scratch's buffers.
func TestScratchEntries(t *testing.T) {
	// distinct returns n words no other call's text has, after the
	// snippet's worth of text, so that they are the entry's own words.
	from := 0
	distinct := func(n int) string {
		var b strings.Builder
		b.WriteString(strings.Repeat("lead words of the snippet ", 12))
		for i := from; i < from+n; i++ {
			for k := i; ; k /= 26 {
				b.WriteByte(byte('a' + k%26))
				if k < 26 {
					break
				}
			}
			b.WriteString(" Mixed ")
		}
		from += n
		return b.String()
	}
	texts := []string{
		distinct(20000), // past a slab
		"short page with Words " + distinct(3),
		"",
		strings.Repeat("Ünïcode wörds and MIXED case 42 numbers; ", 30) + distinct(40),
		"another short one " + distinct(500),
	}
	var sc searchScratch
	var got []searchDoc
	for range 3 {
		for i, text := range texts {
			sc.begin()
			got = append(got, sc.doc(len(got), fmt.Sprintf("Page %d", i), "Page", fmt.Sprintf("p%d.html", i), text))
		}
	}
	for k, d := range got {
		i := k % len(texts)
		want := newSearchDoc(k, fmt.Sprintf("Page %d", i), "Page", fmt.Sprintf("p%d.html", i), texts[i])
		if d != want {
			t.Errorf("entry %d: %+v; want %+v", k, d, want)
		}
	}
}
