package markdown

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// checkPlain fails when plainBody answers for body with HTML or
// shortcodes other than goldmark's (the safe converter, with autolinks
// when mayLinkify asks for them, as render chooses), and returns whether
// it answered.
func checkPlain(t testing.TB, body []byte) (answered bool) {
	t.Helper()
	html, st, ok := plainBody(body)
	if !ok {
		return false
	}
	want, wantSt := convertWith(t, body, false, mayLinkify(body))
	if string(html) != want {
		t.Fatalf("plainBody(%q):\n got %q\nwant %q", body, html, want)
	}
	if wantSt.err != nil {
		t.Fatalf("plainBody(%q) answered where goldmark fails: %s", body, wantSt.err.msg)
	}
	if !reflect.DeepEqual(st.codes, wantSt.codes) || !reflect.DeepEqual(st.pos, wantSt.pos) {
		t.Fatalf("plainBody(%q): shortcodes %v at %v; goldmark's %v at %v", body, st.codes, st.pos, wantSt.codes, wantSt.pos)
	}
	// The lines and columns it counted are position's, which Parse gives
	// the shortcodes goldmark finds.
	if len(st.at) != len(st.pos) {
		t.Fatalf("plainBody(%q): %d positions for %d shortcodes", body, len(st.at), len(st.pos))
	}
	for i, off := range st.pos {
		if line, col := position(body, off, 0); st.at[i] != (lineCol{line, col}) {
			t.Fatalf("plainBody(%q): shortcode %d at line %d, column %d; position says %d, %d", body, i, st.at[i].line, st.at[i].col, line, col)
		}
	}
	return true
}

// TestPlainBody checks which bodies plainBody answers for, and that its
// HTML and shortcodes are goldmark's for them: on cases of each kind, the
// test documents, and 20,000 random bodies of plain pieces mixed with a
// few of Markdown's.
func TestPlainBody(t *testing.T) {
	for _, tc := range []struct {
		body string
		want bool // plainBody answers
	}{
		{"", true},
		{"\n\n", true},
		{"One line.", true},
		{"One line.\n", true},
		{"Two lines\nof one paragraph.\n\nAnd another, with (parens); and: more?\n", true},
		{"Text {{< metric acc v1 >}} and {{< delta acc v1 >}}.\n", true},
		{"{{< verdict >}}\n", true},
		{"{{< alpha \"help ful\" v1 >}} first.\n\n\n\nLast", true},
		{"It's 50% - done.", true},
		{"Chart:\n\n{{< chart metric acc >}}\n", false},   // lifted out of its paragraph
		{"Bad {{< metric acc >}} code.", false},           // goldmark reports the error
		{"Unclosed {{< metric acc v1", false},             // the same
		{"A brace { alone.", false},                       // not a shortcode
		{"# Heading", false},                              // a block
		{"- item", false},                                 // a list
		{"1. item", false},                                // a list
		{" indented", false},                              // a leading blank
		{"trailing \nx", false},                           // a trailing blank
		{"a\n   \nb", false},                              // a blank line of spaces
		{"em *x*", false},                                 // emphasis
		{"a & b", false},                                  // an entity
		{"say \"hi\"", false},                             // escaped quotes
		{"see www.example.com", false},                    // autolinks
		{"see WWW.example.com", false},                    // not linked, but turned away all the same
		{"see http://example.com", false},                 // autolinks
		{"see http: there", false},                        // a scheme turned away
		{"The figure: it, and www, and http.", true},      // no link
		{"a@b", false},                                    // autolinks
		{"caf\u00e9", false},                              // not ASCII
		{"tab\there", false},                              // a tab
		{"Title\n===", false},                             // a setext heading
		{"x\n---", false},                                 // a setext heading
		{"a [link](/x.md)", false},                        // a link
		{"a <b>tag</b>", false},                           // raw HTML
		{"code `x`", false},                               // a code span
		{"line\\\nbreak", false},                          // a hard break
		{"x\r\ny", false},                                 // a carriage return
		{"{{< metric a b >}}{{< metric c d >}}\n", true},  // two, touching
		{"{{< metric a b >}} >}}\n", false},               // a stray >}} is fine, its braces are not
		{"{{<< metric a b >}}>}}", false},                 // a bad name
		{"Hello {{< metric \"a >}}\" b >}} there", false}, // the first >}} ends it, as in goldmark
	} {
		if got := checkPlain(t, []byte(tc.body)); got != tc.want {
			t.Errorf("plainBody(%q) answered %v; want %v", tc.body, got, tc.want)
		}
	}
	files, _ := filepath.Glob("testdata/*.md")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		checkPlain(t, src)
	}
	pieces := []string{
		"word", "Word", "words", "W", " ", "  ", "\n", "\n\n", "\n\n\n", ".", ",", ";", ":", "?", "'", "(", ")",
		"-", "%", "7", "2024", "www", "http", "https", "ftp", "w", "p", "{{< metric acc v1 >}}", "{{< delta \"exact match\" v2 >}}", "{{< verdict >}}",
		"{{< alpha help v1 >}}", "{{< chart metric acc >}}", "{{< metric a >}}", "{{<", ">}}", "{", "}",
		"*", "_", "#", "- ", "1. ", "> ", "=", "---", "\t", "\\", "&", "<", "\"", "é", "!", "[", "]",
	}
	rng := rand.New(rand.NewPCG(4, 12))
	answered := 0
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(30) {
			// Plain pieces mostly, so that many bodies are plain.
			k := rng.IntN(len(pieces))
			if rng.IntN(10) > 0 {
				k = rng.IntN(31)
			}
			b.WriteString(pieces[k])
		}
		if checkPlain(t, []byte(b.String())) {
			answered++
		}
	}
	if answered < 2000 {
		t.Errorf("plainBody answered for %d of 20,000 random bodies; the test checks too few", answered)
	}
}

// FuzzPlainBody checks checkPlain's property on fuzzed bodies.
func FuzzPlainBody(f *testing.F) {
	for _, s := range []string{"Two lines\nof text.\n\nMore {{< metric a b >}}.", "a *b* (c)", "x\n===", "{{< verdict >}}",
		"See {{< metric \"\u00e9t\u00e9 x\" v1 >}} and {{< delta a b >}}.\nThen {{< alpha d v2 >}}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		checkPlain(t, body)
	})
}

// BenchmarkPlainBody converts a 2 KB body of plain prose with three
// shortcodes, like the knowledge-base benchmark's case studies, with
// plainBody and, for comparison, with goldmark (render).
func BenchmarkPlainBody(b *testing.B) {
	sentence := "Tohurepo some, tritea out wuturacouz. with a and the she, were zizoreasa mouhuhu to, the a. "
	var body strings.Builder
	for _, sc := range []string{"{{< metric answer_accuracy it002 >}}", "{{< delta answer_accuracy it002 >}}", "{{< alpha helpfulness it002 >}}"} {
		for range 7 {
			body.WriteString(sentence)
		}
		body.WriteString("The figure: " + sc + ".\n\n")
	}
	src := []byte(body.String())
	b.Run("plain", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			if _, _, ok := plainBody(src); !ok {
				b.Fatal("not plain")
			}
		}
	})
	b.Run("goldmark", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := render(src, Options{Root: "../"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkParseCaseStudy parses a whole case study of the knowledge-base
// benchmark (scripts/bench/kb-hugo.sh writes 5,000): its front matter and
// a plain body of 2 KB with three shortcodes, as ingest does for each.
func BenchmarkParseCaseStudy(b *testing.B) {
	sentence := "Tohurepo some, tritea out wuturacouz. with a and the she, were zizoreasa mouhuhu to, the a. "
	var doc strings.Builder
	doc.WriteString("+++\ntitle = \"Case study 1: mirabea time\"\ndate = 2025-01-01\nsummary = \"What it002 did to answer_accuracy.\"\n" +
		"tags = [\"the\", \"stapohougi\"]\niterations = [\"it001\", \"it002\"]\nmetrics = [\"answer_accuracy\"]\n+++\n\n")
	for _, sc := range []string{"{{< metric answer_accuracy it002 >}}", "{{< delta answer_accuracy it002 >}}", "{{< alpha helpfulness it002 >}}"} {
		for range 7 {
			doc.WriteString(sentence)
		}
		doc.WriteString("The figure: " + sc + ".\n\n")
	}
	src := []byte(doc.String())
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, body, err := Parse(src, "casestudies/cs1.md", Options{Root: "../"}); err != nil || len(body.Shortcodes) != 3 {
			b.Fatal(err, body.Shortcodes)
		}
	}
}
