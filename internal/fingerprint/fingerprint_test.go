package fingerprint

import (
	"math"
	"strings"
	"testing"
)

// TestDistinct checks that writes which would concatenate to the same bytes
// without length prefixes give different sums, and that equal writes give
// equal sums.
func TestDistinct(t *testing.T) {
	long := strings.Repeat("x", 3*flushAt)
	cases := []struct {
		name string
		a, b func() Sum
		same bool
	}{
		{"split strings", func() Sum { return New("k").String("ab").String("c").Done() },
			func() Sum { return New("k").String("a").String("bc").Done() }, false},
		{"kind", func() Sum { return New("a").Done() }, func() Sum { return New("b").Done() }, false},
		{"zero signs", func() Sum { return New("k").Float(0).Done() }, func() Sum { return New("k").Float(math.Copysign(0, -1)).Done() }, false},
		{"int vs float", func() Sum { return New("k").Int(1).Done() }, func() Sum { return New("k").Float(1).Done() }, false},
		{"strings list", func() Sum { return New("k").Strings([]string{"a", "b"}).Done() },
			func() Sum { return New("k").Strings([]string{"a"}).String("b").Done() }, false},
		{"map order", func() Sum { return New("k").JSON(map[string]int{"a": 1, "b": 2}).Done() },
			func() Sum { return New("k").JSON(map[string]int{"b": 2, "a": 1}).Done() }, true},
		{"long equal", func() Sum { return New("k").String(long).Float(2).Done() },
			func() Sum { return New("k").String(long).Float(2).Done() }, true},
		{"long differs at end", func() Sum { return New("k").String(long + "a").Done() },
			func() Sum { return New("k").String(long + "b").Done() }, false},
	}
	for _, c := range cases {
		if got := c.a() == c.b(); got != c.same {
			t.Errorf("%s: equal = %v, want %v", c.name, got, c.same)
		}
	}
}

// TestBuffered checks that buffering does not change the digest: many small
// writes equal one Hash fed the same values across several flushes.
func TestBuffered(t *testing.T) {
	a, b := New("k"), New("k")
	for i := range 5000 {
		a.Int(i)
	}
	for i := range 5000 {
		b.Uint(uint64(i))
	}
	if a.Done() != b.Done() {
		t.Fatal("Int and Uint of the same values differ")
	}
	if New("k").Done().String() == "" || len(New("k").Done().String()) != 16 {
		t.Fatal("String is not 16 hex digits")
	}
}
