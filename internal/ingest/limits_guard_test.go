package ingest

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// TestLineGuard checks the line guard's verdict and the line it names,
// whatever the size of the reads that reach it: one byte at a time takes
// its line-by-line path, whole-buffer reads its counting path.
func TestLineGuard(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		max        int
		want       string // "" for no error
	}{
		{"short lines", "ab\ncd\nef\n", 4, ""},
		{"a line of exactly max", "abcd\nab\n", 4, ""},
		{"no final newline", "ab\nabcd", 4, ""},
		{"second line too long", "ab\nabcde\nab\n", 4, "line 2 is longer than 4 bytes"},
		{"last line too long, no newline", "ab\ncd\nabcdef", 4, "line 3 is longer than 4 bytes"},
		{"first line too long", "abcdefgh", 4, "line 1 is longer than 4 bytes"},
		{"blank lines counted", "\n\n\nabcde\n", 4, "line 4 is longer than 4 bytes"},
		{"long text, long line late", strings.Repeat("abc\n", 5000) + strings.Repeat("x", 70) + "\n", 64, "line 5001 is longer than 64 bytes"},
		{"a long line over several reads", strings.Repeat("ab\n", 10) + strings.Repeat("x", 3000) + "\n", 2000, "line 11 is longer than 2000 bytes"},
		{"a line of max over several reads", strings.Repeat("ab\n", 10) + strings.Repeat("x", 2000) + "\nab", 2000, ""},
		{"long text, fine", strings.Repeat("abcdefgh\n", 5000), 9, ""},
	} {
		for _, mode := range []string{"whole", "bytes", "half"} {
			var r io.Reader = strings.NewReader(tc.text)
			switch mode {
			case "bytes":
				r = iotest.OneByteReader(r)
			case "half":
				r = iotest.HalfReader(r)
			}
			_, err := io.ReadAll(&lineGuard{r: r, max: tc.max})
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("%s (%s): %v", tc.name, mode, err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrFieldTooLong)):
				t.Errorf("%s (%s): got %v; want %q", tc.name, mode, err, tc.want)
			}
		}
	}
	// The counting path keeps the line count: a later long line names its line.
	g := &lineGuard{r: strings.NewReader(strings.Repeat("a\n", 100)), max: 8}
	if _, err := io.ReadAll(g); err != nil || g.line != 100 || g.run != 0 {
		t.Errorf("after 100 lines: line %d, run %d, %v", g.line, g.run, err)
	}
}
