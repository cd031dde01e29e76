package markdown

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
)

// convertWith converts body with the converter for unsafe and linkify, as
// render does, and returns the HTML and the shortcodes met.
func convertWith(t testing.TB, body []byte, unsafe, linkify bool) (string, *shortcodeState) {
	t.Helper()
	ctx := parser.NewContext()
	ctx.Set(rootKey, "../")
	st := state(ctx)
	var buf bytes.Buffer
	if err := converter(unsafe, linkify).Convert(body, &buf, parser.WithContext(ctx)); err != nil {
		t.Fatal(err)
	}
	return buf.String(), st
}

// checkLinkifySkip fails when the converters with and without autolinks
// write different HTML or shortcodes for body while mayLinkify(body) says
// the autolinks could not have found anything.
func checkLinkifySkip(t testing.TB, body []byte) {
	t.Helper()
	for _, unsafe := range []bool{false, true} {
		with, stWith := convertWith(t, body, unsafe, true)
		without, stWithout := convertWith(t, body, unsafe, false)
		same := with == without && reflect.DeepEqual(stWith, stWithout)
		if !same && !mayLinkify(body) {
			t.Fatalf("unsafe=%v: autolinks changed a body mayLinkify passed over:\n%q\nwith:    %q\nwithout: %q", unsafe, body, with, without)
		}
	}
}

// TestLinkifySkip checks that leaving GFM's autolinks out of a body that
// mayLinkify passes over changes nothing: on the test documents, on bodies
// with links of each kind (which mayLinkify must catch: the autolinks
// change them), and on 20,000 random bodies made of Markdown's inline and
// block pieces, with and without those links (4,000 under -short).
func TestLinkifySkip(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		body string
		want bool // mayLinkify
	}{
		{"see http://example.com now", true},
		{"see https://example.com now", true},
		{"see ftp://example.com now", true},
		{"see www.example.com now", true},
		{"mail a@example.com now", true},
		{"(www.example.com)", true},
		{"*http://x.org*", true},
		{"plain words, (parens) *em* _em_ ~~del~~ and \nbreaks", false},
		{"a line ending in blanks    \nx", true},
		{"a\t \nx", true},
		{"{{< metric acc v1 >}} in text", false},
	} {
		if got := mayLinkify([]byte(tc.body)); got != tc.want {
			t.Errorf("mayLinkify(%q) = %v; want %v", tc.body, got, tc.want)
		}
		if with, _ := convertWith(t, []byte(tc.body), false, true); tc.want {
			if without, _ := convertWith(t, []byte(tc.body), false, false); with == without {
				t.Errorf("%q: the autolinks change nothing; the case tests nothing", tc.body)
			}
		}
		checkLinkifySkip(t, []byte(tc.body))
	}
	files, _ := filepath.Glob("testdata/*.md")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		checkLinkifySkip(t, src)
	}
	pieces := []string{
		"word", "Word", " ", "  ", "\t", "\n", "  \n", "\n\n", "*", "**", "_", "__", "~", "~~", "(", ")",
		"[", "]", "[a](/b.md)", "![i](x.png)", "`", "```\n", "<", ">", "<b>", "</b>", "&amp;", "&", "\\",
		"# ", "- ", "1. ", "> ", "| a | b |\n|---|---|\n| 1 | 2 |\n", "- [ ] ", "- [x] ", "---\n",
		"{{< metric acc v1 >}}", "{{< chart metric acc >}}", "{{< verdict >}}", ".", ",", ":", ";", "!", "?",
		"é", "\u00a0", "www", "http", "ftp", "@", "www.x.org", "http://x.org/a", "https://x.org", "ftp://x.org",
		"a@b.co", "mailto:", "h", "w", "tp:", ".org", "-", "+", "=", "'", "\"",
	}
	rng := rand.New(rand.NewPCG(12, 5))
	bodies := 20000
	if testing.Short() {
		bodies = 4000
	}
	for range bodies {
		var b strings.Builder
		for range 1 + rng.IntN(30) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		checkLinkifySkip(t, []byte(b.String()))
	}
}

// FuzzLinkifySkip checks checkLinkifySkip's property on fuzzed bodies.
func FuzzLinkifySkip(f *testing.F) {
	for _, s := range []string{"a *b* (c) _d_ ~e~", "http://x.org www.y.org a@b.co", "x  \ny\n\n- [ ] t", "| a |\n|---|\n| b |"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		checkLinkifySkip(t, body)
	})
}

// TestTrailingBlanks checks trailingBlanks on line ends of each kind and
// against its definition (two blanks just before a '\n' or the end,
// looked for at every byte) on 20,000 random bodies.
func TestTrailingBlanks(t *testing.T) {
	byDefinition := func(body []byte) bool {
		for i := 1; i < len(body); i++ {
			if isBlank(body[i-1]) && isBlank(body[i]) && (i+1 == len(body) || body[i+1] == '\n') {
				return true
			}
		}
		return false
	}
	for _, tc := range []struct {
		body string
		want bool
	}{
		{"", false},
		{" ", false},
		{"  ", true},
		{"a  ", true},
		{"a \n", false},
		{"a  \nb", true},
		{"a\nb  \n", true},
		{"a \nb \nc", false},
		{"\n  \n", true},
		{"\n\n", false},
		{"x\t\f\ny", true},
		{"x\r\r\n", true},
		{"x\v y", false},
		{"  x\n", false},
	} {
		if got := trailingBlanks([]byte(tc.body)); got != tc.want {
			t.Errorf("trailingBlanks(%q) = %v; want %v", tc.body, got, tc.want)
		}
	}
	pieces := []string{"a", "é", " ", "\t", "\v", "\f", "\r", "\n", "  \n", "x"}
	rng := rand.New(rand.NewPCG(3, 9))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		body := []byte(b.String())
		if got, want := trailingBlanks(body), byDefinition(body); got != want {
			t.Fatalf("trailingBlanks(%q) = %v; the definition says %v", body, got, want)
		}
	}
}
