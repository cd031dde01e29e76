package ingest

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"
)

// TestFew checks that few interns every cell to the interner's copy of its
// text, whatever the order of the cells (in turn, as a file's dimensions;
// at random, as labels; more distinct texts than it keeps), through get
// and bytes alike, and that it finds a kept text without allocating.
func TestFew(t *testing.T) {
	names := func(n int) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("dim%02d", i+1))
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		cells []string
	}{
		{"in turn", append(append(names(10), names(10)...), names(10)...)},
		{"at random", []string{"3", "1", "3", "5", "2", "2", "4", "1", "5", "3", ""}},
		{"more than sixteen", append(names(40), names(40)...)},
		{"same length, same ends", []string{"ab1b", "ab2b", "ab1b", "ab2b", "ab2b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := interner{}
			var f few
			for i, c := range tc.cells {
				var got string
				if i%2 == 0 {
					got = f.bytes(in, []byte(c))
				} else {
					got = f.get(in, c)
				}
				want := in.get(c)
				if got != c || unsafe.StringData(got) != unsafe.StringData(want) {
					t.Fatalf("cell %d %q: got %q, not the interned copy", i, c, got)
				}
			}
		})
	}
	in := interner{}
	var f few
	cells := [][]byte{[]byte("dim01"), []byte("dim02"), []byte("dim03")}
	for _, c := range cells {
		f.bytes(in, c)
	}
	if n := testing.AllocsPerRun(100, func() {
		for _, c := range cells {
			f.bytes(in, c)
		}
	}); n != 0 {
		t.Errorf("%v allocations finding kept texts", n)
	}
}

// TestReaderSizeBounds loads metric files of sizes around the bounds of
// readerSize (a buffer of the file's size and a byte more below bufSize,
// bufSize from there) and checks that every value is read, with and
// without a byte order mark, and with the last line's newline or not.
func TestReaderSizeBounds(t *testing.T) {
	for _, size := range []int{60, 100, bufSize - 100, bufSize - 1, bufSize, bufSize + 1, 3 * bufSize} {
		for _, prefix := range []string{"", "\ufeff"} {
			for _, last := range []string{"\n", ""} {
				var b strings.Builder
				b.WriteString(prefix + "iteration,item,metric,value\n")
				rows := 0
				for b.Len() < size-len("v1,q00000,m,0.5\n") {
					fmt.Fprintf(&b, "v1,q%05d,m,0.5\n", rows)
					rows++
				}
				text := strings.TrimSuffix(b.String(), "\n") + last
				p, _ := mustLoad(t, files{"data/metrics/a.csv": text}, nil)
				if len(p.Metrics) != 1 {
					t.Fatalf("size %d: %d metrics; want 1", len(text), len(p.Metrics))
				}
				if got := p.Metrics[0].Values.Len(); got != rows {
					t.Errorf("size %d, prefix %q, last %q: %d values; want %d", len(text), prefix, last, got, rows)
				}
			}
		}
	}
	for size, want := range map[int64]int{0: bufSize, 1: 16, 100: 101, bufSize - 1: bufSize, bufSize: bufSize, 1 << 30: bufSize} {
		if got := readerSize(size); got != want {
			t.Errorf("readerSize(%d) = %d; want %d", size, got, want)
		}
	}
}
