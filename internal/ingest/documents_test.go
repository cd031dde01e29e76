package ingest

import (
	"slices"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/evalbook/evalbook/internal/tomlfile"
)

// TestScanFront checks the front matter's text and the lines of its keys,
// which readDoc finds in one reading of the file, on each shape of front
// matter: plain, with a byte order mark, CRLF, a key named in a value, a
// table, unclosed, and none.
func TestScanFront(t *testing.T) {
	keys := []string{"iterations", "metrics", "kind"}
	for _, tc := range []struct {
		name, src string
		text      string
		lines     []int // of keys
	}{
		{"plain", "+++\ntitle = \"T\"\niterations = [\"v1\"]\nmetrics = [\"m\"]\n+++\nbody\n", "+++\ntitle = \"T\"\niterations = [\"v1\"]\nmetrics = [\"m\"]", []int{3, 4, 0}},
		{"bom", "\ufeff+++\nkind = \"page\"\n+++\nx", "+++\nkind = \"page\"", []int{0, 0, 2}},
		{"crlf", "+++\r\ntitle = \"metrics\"\r\nmetrics = []\r\n+++\r\nx", "+++\r\ntitle = \"metrics\"\r\nmetrics = []\r", []int{0, 3, 0}},
		{"spaces", "+++  \niterations = []\n +++ \nmetrics = 1\n", "+++  \niterations = []", []int{2, 0, 0}},
		{"table", "+++\ntitle = \"T\"\n[[discrepancies]]\nmetrics = \"m\"\n+++\n", "+++\ntitle = \"T\"\n[[discrepancies]]\nmetrics = \"m\"", []int{0, 0, 0}},
		{"unclosed", "+++\nmetrics = []\nbody\n", "", []int{0, 2, 0}},
		{"none", "# Title\n+++\nmetrics = []\n+++\n", "# Title", []int{0, 0, 0}},
		{"one line", "+++", "", []int{0, 0, 0}},
	} {
		f := scanFront([]byte(tc.src))
		if f.text != tc.text {
			t.Errorf("%s: text %q; want %q", tc.name, f.text, tc.text)
		}
		if got := f.keyLines(keys...); !slices.Equal(got, tc.lines) {
			t.Errorf("%s: lines of %v: %v; want %v", tc.name, keys, got, tc.lines)
		}
	}
}

// TestBareKeyLines checks bareKeyLines against tomlfile.KeyLines where it
// answers, and that it leaves to KeyLines the blocks it cannot read: a
// table, or a quoted, dotted or spaced key, before the last key is found.
func TestBareKeyLines(t *testing.T) {
	keys := []toml.Key{{"iterations"}, {"metrics"}, {"primary"}}
	for _, tc := range []struct {
		name, block string
		ok          bool
		lines       []int
	}{
		{"plain", "title = \"T\"\niterations = [\"v1\"]\nmetrics = [\"m\"]\nprimary = \"m\"\n", true, []int{2, 3, 4}},
		{"comments and blanks", "# metrics = 1\n\n  metrics=[]\n\tprimary =\"x\"\n", true, []int{0, 3, 4}},
		{"twice", "metrics = 1\nmetrics = 2\n", true, []int{0, 1, 0}},
		{"in a value", "summary = \"metrics = 3\"\nmetrics = []\n", true, []int{0, 2, 0}},
		{"table after the last", "iterations = []\nmetrics = []\nprimary = \"m\"\n[extra]\nmetrics = 1\n", true, []int{1, 2, 3}},
		{"table before", "iterations = []\n[[discrepancies]]\nmetrics = \"m\"\n", false, nil},
		{"quoted", "\"metrics\" = []\n", false, nil},
		{"dotted", "metrics.x = 1\n", false, nil},
		{"spaced", "pri mary = 1\n", false, nil},
		{"array line", "iterations = [\n  \"metrics = 1\",\n]\n", false, nil},
		{"empty key", "= 1\nmetrics = 2\n", false, nil},
		{"empty", "", true, []int{0, 0, 0}},
	} {
		got, ok := bareKeyLines(tc.block, keys)
		if ok != tc.ok || ok && !slices.Equal(got, tc.lines) {
			t.Errorf("%s: %v, %v; want %v, %v", tc.name, got, ok, tc.lines, tc.ok)
		}
		if want := tomlfile.KeyLines(tc.block, keys...); ok && !slices.Equal(got, want) {
			t.Errorf("%s: %v; tomlfile.KeyLines finds %v", tc.name, got, want)
		}
	}
}

// FuzzBareKeyLines checks that where bareKeyLines answers, its lines are
// tomlfile.KeyLines's.
func FuzzBareKeyLines(f *testing.F) {
	f.Add("title = \"T\"\niterations = [\"v1\"]\nmetrics = [\"m\"]\n", "metrics")
	f.Add("a-b_c = 1\n  kind = \"page\"\n[t]\nkind = 2", "kind")
	f.Add("# x\n\nx=1\n\"x\" = 2", "x")
	f.Fuzz(func(t *testing.T, block, key string) {
		keys := []toml.Key{{key}, {"metrics"}, {"iterations"}}
		got, ok := bareKeyLines(block, keys)
		if !ok {
			return
		}
		if want := tomlfile.KeyLines(block, keys...); !slices.Equal(got, want) {
			t.Fatalf("bareKeyLines(%q, %v) = %v; tomlfile.KeyLines finds %v", block, keys, got, want)
		}
	})
}
