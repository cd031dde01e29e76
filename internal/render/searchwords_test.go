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
		e := d.lookup(string(buf), hashWord(string(buf)))
		if e.place != -1 {
			t.Fatalf("word %q is new, entry %+v", buf, *e)
		}
		e.place = int32(i)
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
		if e := d.lookup(w, hashWord(w)); e.word != w || e.place != int32(i) {
			t.Fatalf("lookup(%q) = %+v; want its entry, place %d", w, *e, i)
		}
	}
	if e := d.lookup("not added", hashWord("not added")); e.place != -1 || len(d.ents) != n+1 {
		t.Fatalf("a new word found an entry: %+v", *e)
	}
}

// TestPageSet fills a pageSet past several growths, checks that it holds
// exactly the words added, empties it and fills it again with others.
func TestPageSet(t *testing.T) {
	var s pageSet
	for round, n := range []int{1000, 37, 0, 5000} {
		s.reset()
		word := func(i int) string { return "w" + strconv.Itoa(round) + "-" + strconv.Itoa(i) }
		for i := range n {
			if w := word(i); !s.add(w, hashWord(w)) {
				t.Fatalf("round %d: %q is new, add says not", round, w)
			}
			if w := word(i / 2); s.add(w, hashWord(w)) { // added before: no change
				t.Fatalf("round %d: %q was added, add says it is new", round, w)
			}
		}
		if len(s.words) != n {
			t.Fatalf("round %d: %d words kept; want %d", round, len(s.words), n)
		}
		filled := 0
		for _, e := range s.slots {
			if e != 0 {
				filled++
			}
		}
		if filled != n || 2*n > len(s.slots) {
			t.Fatalf("round %d: %d of %d slots filled; want %d, at most half", round, filled, len(s.slots), n)
		}
		for _, pw := range s.words {
			if !strings.HasPrefix(pw.w, "w"+strconv.Itoa(round)+"-") {
				t.Fatalf("round %d: %q of another round is still there", round, pw.w)
			}
		}
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
