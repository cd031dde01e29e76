package golden

import (
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	if d := Diff([]byte("a\nb\n"), []byte("a\nb\n")); d != "" {
		t.Errorf("equal texts: %q", d)
	}
	d := Diff([]byte("1\n2\n3\n4\n5\n6\n"), []byte("1\n2\n3\n4\nfive\n6\n"))
	for _, want := range []string{"first difference at line 5 (golden 7 lines, got 7)", "     4  4\n", "-    5  5\n", "+    5  five\n", "-    6  6\n"} {
		if !strings.Contains(d, want) {
			t.Errorf("diff lacks %q:\n%s", want, d)
		}
	}
	if strings.Contains(d, "     1  1") {
		t.Errorf("diff shows more than three lines of context:\n%s", d)
	}
	// A text that ends early: the missing lines show on one side only.
	d = Diff([]byte("a\nb\nc"), []byte("a"))
	if !strings.Contains(d, "-    2  b") || strings.Contains(d, "+    2") {
		t.Errorf("shorter text:\n%s", d)
	}
	long := strings.Repeat("x", 500)
	if d := Diff([]byte(long), []byte(long+"y")); !strings.Contains(d, strings.Repeat("x", 200)+"...") || strings.Contains(d, strings.Repeat("x", 201)) {
		t.Errorf("a long line is not cut:\n%s", d)
	}
}
