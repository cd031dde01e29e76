package build

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/evalbook/evalbook/internal/safetext"
)

// TestHostileTextNeutralised builds testdata/hostile, whose data, items,
// iterations, case study and page carry invalid UTF-8 and bidi control
// characters (raw, and as JSON and TOML escapes) in names, labels,
// comments, texts, titles and prose, and checks every file of the site:
// none holds invalid UTF-8 or a raw bidi control (issue 14, finding 7),
// and the controls are shown by name instead.
func TestHostileTextNeutralised(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	if _, err := Build(Options{Source: "testdata/hostile", Output: out}); err != nil {
		t.Fatal(err)
	}
	files := tree(t, out)
	if len(files) < 20 {
		t.Fatalf("only %d files built", len(files))
	}
	named := 0
	for name, b := range files {
		if what, at, found := safetext.Contains(b); found {
			t.Errorf("%s holds %s at byte %d: %q", name, what, at, b[max(0, at-40):min(len(b), at+40)])
		}
		if bytes.Contains(b, []byte("U+202E")) || bytes.Contains(b, []byte("U&#43;202E")) {
			named++
		}
	}
	for _, want := range []struct{ file, text string }{
		{"casestudies/evil.html", "Evil &lt;U&#43;202E&gt;title"},
		{"casestudies/evil.html", "Body with &lt;U+2066&gt;isolate&lt;U+2069&gt; and \uFFFD\uFFFD bytes."},
		{"api/annotations.json", `"tone<U+202E>"`},
		{"items/q1.html", "in x &lt;U&#43;202E&gt;"},
	} {
		if !bytes.Contains(files[want.file], []byte(want.text)) {
			t.Errorf("%s lacks %q", want.file, want.text)
		}
	}
	if named < 5 {
		t.Errorf("only %d files name U+202E; the fixture's controls did not reach the site", named)
	}
}
