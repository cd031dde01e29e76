package ingest

import (
	"slices"
	"testing"
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
