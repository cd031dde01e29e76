package markdown

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/tomlfile"
)

// slowFront decodes front as Parse did before quickFront.
func slowFront(front string) (project.FrontMatter, error) {
	var fm project.FrontMatter
	_, err := tomlfile.Decode(front, "x.md", 2, &fm)
	fm.Date = utcDate(fm.Date, front)
	return fm, err
}

// checkQuick fails t when quickFront answers for front and the answer is
// not tomlfile.Decode's (or Decode fails).
func checkQuick(t *testing.T, front string) (answered bool) {
	t.Helper()
	got, ok := quickFront(front)
	if !ok {
		return false
	}
	want, err := slowFront(front)
	if err != nil {
		t.Fatalf("quickFront decodes %q, which tomlfile refuses: %v", front, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("quickFront(%q) =\n%#v\ntomlfile:\n%#v", front, got, want)
	}
	return true
}

// TestQuickFront checks quickFront against tomlfile.Decode on written
// cases, which it must answer or leave to the decoder, and on 20,000
// random blocks built from pieces of valid and invalid TOML.
func TestQuickFront(t *testing.T) {
	for _, tc := range []struct {
		front string
		quick bool
	}{
		{"", true},
		{"title = \"A\"\ndate = 2025-01-31\ntags = [\"the\", \"x y\"]\niterations = [\"it001\", \"it002\"]\nmetrics = [\"acc\"]\n", true},
		{"title=\"A\"\t\n  summary  =  \"tab\there\"  \n\n \t\ntags = []\ndimensions = [ \"a\" , ]", true},
		{"title = \"é ✓ <b>&</b>\"", true},
		{"title = \"a\\\"b\"", false},           // escape
		{"title = 'literal'", false},            // literal string
		{"title = \"\"\"multi\"\"\"", false},    // multi-line
		{"title = \"a\" # comment", false},      // comment
		{"# comment\ntitle = \"a\"", false},     // comment line
		{"title = \"a\"\ntitle = \"b\"", false}, // set twice (an error)
		{"Title = \"a\"", false},                // case-folded key
		{"weight = 3", false},                   // number
		{"draft = true", false},                 // boolean
		{"date = 2025-01-01T10:00:00", false},   // date-time
		{"date = 2025-02-30", false},            // no such day (an error)
		{"date = +025-01-01", false},            // not a TOML date
		{"date = \"2025-01-01\"", false},        // a string
		{"tags = [\"a\",\n\"b\"]", false},       // multi-line array
		{"tags = [\"a\" \"b\"]", false},         // no comma
		{"tags = [,]", false},                   // empty element
		{"tags = \"a\"", false},                 // not an array
		{"unknown = \"a\"", false},              // unknown key (an error)
		{"[escalation]\nto = \"x\"", false},     // table
		{"title = \"a\x00\"", false},            // control character
		{"title = \"a\xff\"", false},            // invalid UTF-8
		{"title \"a\"", false},                  // no "="
		{"\"title\" = \"a\"", false},            // quoted key
		{"title = \"a\" \"b\"", false},          // two values
		{"tags = [\"a\"] x", false},             // text after the array
		{"title = \"unclosed", false},           // unclosed
	} {
		if got := checkQuick(t, tc.front); got != tc.quick {
			t.Errorf("quickFront(%q) answered %v, want %v", tc.front, got, tc.quick)
		}
	}
	keys := []string{"title", "summary", "status", "owner", "tags", "iterations", "metrics", "date", "weight", "Title", "bad key", "evidence", "decided_by"}
	values := []string{`"a"`, `"x y"`, `""`, `"a\"b"`, `["a", "b"]`, `[]`, `["a",]`, `[ "c" ]`, `2025-03-02`, `2024-02-29`, `2025-02-29`, `3`, `true`,
		`"é"`, `["a" "b"]`, `'l'`, `"a" # c`, `2025-03-02T01:02:03Z`, "\"tab\there\"", `[`, `"`, `["a", 1]`}
	rng := rand.New(rand.NewPCG(1, 2))
	answered := 0
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(6) {
			b.WriteString(strings.Repeat(" ", rng.IntN(2)))
			b.WriteString(keys[rng.IntN(len(keys))])
			b.WriteString([]string{" = ", "=", " =\t", "  "}[rng.IntN(4)])
			b.WriteString(values[rng.IntN(len(values))])
			b.WriteString([]string{"\n", " \n", "\n\n", ""}[rng.IntN(4)])
		}
		if checkQuick(t, b.String()) {
			answered++
		}
	}
	if answered < 1000 {
		t.Errorf("quickFront answered only %d of 20,000 random blocks", answered)
	}
}

// FuzzQuickFront checks that where quickFront answers, tomlfile.Decode
// gives the same front matter.
func FuzzQuickFront(f *testing.F) {
	f.Add("title = \"A\"\ndate = 2025-01-31\ntags = [\"the\", \"x\"]\n")
	f.Add("tags = [ \"a\" , ]\nowner = \"b\"")
	f.Fuzz(func(t *testing.T, front string) { checkQuick(t, front) })
}
