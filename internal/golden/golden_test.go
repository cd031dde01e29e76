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
	for _, want := range []string{"first difference at line 5, byte 1 (golden 7 lines, got 7)", "     4  4\n", "-    5  5\n", "+    5  five\n", "-    6  6\n"} {
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
	if d := Diff([]byte(long+"\nsame"), []byte(long+"y\nother")); !strings.Contains(d, "-    2  same") || !strings.Contains(d, "+    1  ..."+strings.Repeat("x", 199)+"y\n") || strings.Contains(d, strings.Repeat("x", 201)) {
		t.Errorf("a long line is not cut around its difference:\n%s", d)
	}
	// A difference early in a long line: its start, then "...".
	if d := Diff([]byte("a"+long), []byte("b"+long)); !strings.Contains(d, "+    1  b"+strings.Repeat("x", 199)+"...") || !strings.Contains(d, "line 1, byte 1 ") {
		t.Errorf("a long line is not cut after its difference:\n%s", d)
	}
	// In the middle: "..." on both sides, the differing byte shown.
	if d := Diff([]byte(long+"a"+long), []byte(long+"b"+long)); !strings.Contains(d, "-    1  ..."+strings.Repeat("x", 100)+"a"+strings.Repeat("x", 99)+"...") {
		t.Errorf("a long line is not cut around its difference:\n%s", d)
	}
}
