package render

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestWordDict fills a wordDict past several growths with words of every
// length hashWord reads differently (1 to 40 bytes), checks that each
// word has one entry, its own, whose copy of the word does not change
// when the bytes it was read from do, and that a word not added is new.
func TestWordDict(t *testing.T) {
	var d wordDict
	word := func(i int) string { return strconv.Itoa(i) + strings.Repeat("x", i%37) } // 1 to 40 bytes, each its own
	const n = 5000
	buf := make([]byte, 0, 64)
	for i := range n {
		buf = append(buf[:0], word(i)...)
		e := d.lookup(string(buf))
		if e.page != 0 || e.place != -1 {
			t.Fatalf("word %q is new, entry %+v", buf, *e)
		}
		e.page = uint32(i + 1)
		for k := range buf {
			buf[k] = 'x'
		}
	}
	if len(d.ents) != n {
		t.Fatalf("%d entries; want %d", len(d.ents), n)
	}
	if 2*len(d.ents) > len(d.table) {
		t.Fatalf("%d entries in %d slots: more than half full", len(d.ents), len(d.table))
	}
	for i := range n {
		w := word(i)
		if e := d.lookup(w); e.word != w || e.page != uint32(i+1) {
			t.Fatalf("lookup(%q) = %+v; want its entry of page %d", w, *e, i+1)
		}
	}
	if e := d.lookup("not added"); e.page != 0 || len(d.ents) != n+1 {
		t.Fatalf("a new word found an entry: %+v", *e)
	}
}

// TestDocsParts checks that the inverted list made as the entries are
// made (searchMemo.docsParts and invert) writes the index that reading
// the entries' Words writes (searchFileOf), and encoding/json writes
// (searchFileRef), on 1 to 4 goroutines, without a memo and with one
// whose last render holds some of the pages, so that some ranges are read
// from their Words.
func TestDocsParts(t *testing.T) {
	pieces := []string{"alpha", "Beta", "GAMMA", "delta", "İstanbul", "straße", "42", " ", "  ", "\n", "\u00a0", ",", ". ", "-", "«", "…", "\xff", "日本語", "Ωmega", "<b>", "a&b"}
	rng := rand.New(rand.NewPCG(11, 12))
	srcs := make([]searchSource, 60)
	for i := range srcs {
		srcs[i] = searchSource{title: fmt.Sprintf("Page %d", i), kind: "Page", path: fmt.Sprintf("p%d.html", i),
			parts: []string{randomJoin(rng, pieces, 300), randomJoin(rng, pieces, 40)}}
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for procs := 1; procs <= 4; procs++ {
		runtime.GOMAXPROCS(procs)
		for _, memo := range []bool{false, true} {
			var m *searchMemo
			if memo {
				last := &searchMemo{}
				last.docs(srcs[10:25]) // pages 10 to 24 are taken from there
				m = &searchMemo{last: last.next, lastSrc: last.nextSrc}
			}
			for _, n := range []int{0, 1, 3, len(srcs)} {
				docs, byPart := m.docsParts(srcs[:n])
				got, err := searchIndexOf(docs, invert(docs, byPart))
				if err != nil {
					t.Fatal(err)
				}
				want, err := searchFileOf(docs)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Body, want.Body) {
					t.Fatalf("%d pages on %d goroutines (memo %v): index\n%s\nwant\n%s", n, procs, memo, got.Body, want.Body)
				}
				if ref := searchFileRef(t, docs); !bytes.Equal(got.Body, ref) {
					t.Fatalf("%d pages on %d goroutines (memo %v): index\n%s\nencoding/json writes\n%s", n, procs, memo, got.Body, ref)
				}
			}
		}
	}
}
