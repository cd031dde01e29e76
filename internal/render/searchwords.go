package render

import (
	"encoding/binary"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// The words of the search index are read once: as searchScratch.doc
// splits a page's text into words (nextWord), it hashes each (hashWord),
// keeps it once in the set of the page's words (pageSet) and looks the
// page's words up in a dictionary of the words its goroutine has seen
// (wordDict), which numbers them for the inverted list (partWords). The list is then
// joined range after range (invert) without reading the pages' words again.
// Only entries taken from the last render (searchMemo) are read from their
// Words strings (partOf).

// Byte classes of the word scanner (nextWord): an ASCII digit, another
// ASCII character of a word that lower-casing leaves as it is, an ASCII
// word break (isWordBreak), an upper-case ASCII letter, and a byte of a
// multi-byte character (or not UTF-8).
const (
	wbDigit = iota
	wbPlain
	wbBreak
	wbUpper
	wbHigh
)

// wordByte holds each byte's class.
var wordByte = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = wbHigh
		case asciiBreak[c]:
			t[c] = wbBreak
		case '0' <= c && c <= '9':
			t[c] = wbDigit
		case 'A' <= c && c <= 'Z':
			t[c] = wbUpper
		default:
			t[c] = wbPlain
		}
	}
	return
}()

// nextWord returns the first word of text from i on (w, "" when there is
// none), where the text after it starts (next) and whether the word is a
// number (digits). A word is split and lower-cased as eachWord says; one
// of ASCII without upper case is a part of text, and any other is
// lower-cased into *low, after what it holds. ASCII bytes are read by
// their class (wordByte), a character at a time only from a word's first
// upper-case letter or multi-byte character on.
func nextWord(low *[]byte, text string, i int) (w string, next int, num bool) {
	n := len(text)
	for i < n { // the breaks before the word
		if c := text[i]; c < utf8.RuneSelf {
			if !asciiBreak[c] {
				break
			}
			i++
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			if !isWordBreak(r) {
				break
			}
			i += size
		}
	}
	if i == n {
		return "", n, false
	}
	start, kinds := i, uint8(0) // kinds: the classes of the word's bytes or-ed, wbDigit alone for a number
	for i < n {
		k := wordByte[text[i]]
		if k > wbPlain {
			break
		}
		kinds |= k
		i++
	}
	if i == n || wordByte[text[i]] == wbBreak {
		return text[start:i], i, kinds == wbDigit
	}
	// An upper-case letter or a multi-byte character: the rest of the
	// word is read a character at a time, and the word lower-cased,
	// unless the character is a break.
	from := i
	for i < n {
		if c := text[i]; c < utf8.RuneSelf {
			if asciiBreak[c] {
				break
			}
			i++
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			if isWordBreak(r) {
				break
			}
			i += size
		}
	}
	if i == from {
		return text[start:i], i, kinds == wbDigit
	}
	k := len(*low)
	*low = appendLower(*low, text[start:i])
	w = unsafe.String(unsafe.SliceData((*low)[k:]), len(*low)-k)
	return w, i, digits(w)
}

// pageSet is the set of the words seen on one page as its search entry is
// made (searchScratch.doc): open addressing over a table of word numbers
// a power of two long, at most half full, indexed by the high bits of the
// words' hashWord, that remembers the slots it filled so that emptying it
// for the next page costs the page's words, not the table's length. The
// zero value is empty. The strings are kept, not copied: they must stay
// as they are until reset.
type pageSet struct {
	slots []int32 // word number + 1, 0 for an empty slot
	shift uint    // 64 - log2(len(slots))
	words []pageWord
}

// pageWord is a word of a pageSet, its hash and its slot.
type pageWord struct {
	w    string
	h    uint64
	slot int32
}

// reset empties s.
func (s *pageSet) reset() {
	for _, pw := range s.words {
		s.slots[pw.slot] = 0
	}
	s.words = s.words[:0]
}

// add adds w, whose hashWord is h, to s, and reports whether it is new.
func (s *pageSet) add(w string, h uint64) bool {
	if 2*(len(s.words)+1) > len(s.slots) {
		s.grow()
	}
	mask := len(s.slots) - 1
	for i := int(h >> s.shift); ; i = (i + 1) & mask {
		e := s.slots[i]
		if e == 0 {
			s.slots[i] = int32(len(s.words) + 1)
			s.words = append(s.words, pageWord{w: w, h: h, slot: int32(i)})
			return true
		}
		if pw := &s.words[e-1]; pw.h == h && pw.w == w {
			return false
		}
	}
}

// grow doubles the table (256 slots at first) and puts the words back.
func (s *pageSet) grow() {
	size := max(256, 2*len(s.slots))
	s.slots, s.shift = make([]int32, size), uint(65-bitsLen(size))
	mask := size - 1
	for k := range s.words {
		i := int(s.words[k].h >> s.shift)
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i], s.words[k].slot = int32(k+1), int32(i)
	}
}

// wordDict is the dictionary of the words one goroutine's pages hold
// (searchScratch), which numbers them for the inverted list of its pages
// (partWords): open addressing over a table of entry numbers a power of
// two long, at most half full, indexed by the high bits of the words'
// hashWord. A word's entry keeps its own copy of the word and its place
// in the partWords, -1 until a page's Words hold it. The zero value is
// empty.
type wordDict struct {
	table []int32 // entry number + 1, 0 for an empty slot
	shift uint    // 64 - log2(len(table))
	ents  []dictEntry
	arena []byte // where the words are copied
}

// dictEntry is one word of a wordDict.
type dictEntry struct {
	word  string
	hash  uint64
	place int32 // its place in the partWords, -1 when none
}

// lookup returns the entry of the word w, whose hashWord is h, made (with
// no place) when w has none.
func (d *wordDict) lookup(w string, h uint64) *dictEntry {
	if 2*(len(d.ents)+1) > len(d.table) {
		d.grow()
	}
	mask := len(d.table) - 1
	for i := int(h >> d.shift); ; i = (i + 1) & mask {
		e := d.table[i]
		if e == 0 {
			d.table[i] = int32(len(d.ents) + 1)
			d.ents = append(d.ents, dictEntry{word: d.keep(w), hash: h, place: -1})
			return &d.ents[len(d.ents)-1]
		}
		if ent := &d.ents[e-1]; ent.hash == h && ent.word == w {
			return ent
		}
	}
}

// keep returns a copy of w in d's arena.
func (d *wordDict) keep(w string) string {
	if cap(d.arena)-len(d.arena) < len(w) {
		d.arena = make([]byte, 0, max(16<<10, len(w)))
	}
	n := len(d.arena)
	d.arena = append(d.arena, w...)
	return unsafe.String(unsafe.SliceData(d.arena[n:]), len(w))
}

// grow doubles the table (1,024 slots at first) and puts the entries back.
func (d *wordDict) grow() {
	size := max(1024, 2*len(d.table))
	d.table, d.shift = make([]int32, size), uint(65-bitsLen(size))
	mask := size - 1
	for k := range d.ents {
		i := int(d.ents[k].hash >> d.shift)
		for d.table[i] != 0 {
			i = (i + 1) & mask
		}
		d.table[i] = int32(k + 1)
	}
}

// bitsLen returns the number of bits n needs.
func bitsLen(n int) int {
	b := 0
	for ; n > 0; n >>= 1 {
		b++
	}
	return b
}

// hashWord returns a hash of w whose high bits wordDict's table is indexed
// by: the word read 8 (or 4) bytes at a time, mixed by multiplication.
// Words are short, and a hash of a few instructions costs less than the
// runtime's, which is made for any length.
func hashWord(w string) uint64 {
	const k1, k2 = 0x9e3779b97f4a7c15, 0xc2b2ae3d27d4eb4f
	n := len(w)
	var x, y uint64
	switch {
	case n >= 8:
		for len(w) > 16 {
			x = (x ^ le64(w)) * k1
			w = w[8:]
		}
		x ^= le64(w)
		y = le64(w[len(w)-8:])
	case n >= 4:
		x = uint64(binary.LittleEndian.Uint32(unsafe.Slice(unsafe.StringData(w), 4)))
		y = uint64(binary.LittleEndian.Uint32(unsafe.Slice(unsafe.StringData(w[n-4:]), 4)))
	case n > 0:
		x = uint64(w[0]) | uint64(w[n>>1])<<8 | uint64(w[n-1])<<16
	}
	h := (x*k1 ^ y ^ uint64(n)) * k2
	return h ^ h>>31
}

// le64 returns the first 8 bytes of s (at least 8 long) as a
// little-endian number, in one load where the machine allows it.
func le64(s string) uint64 {
	return binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s), 8))
}

// partWords is the inverted list of a range of the docs, from the doc at
// lo on: each word the range's docs hold (words, by place), how many of
// them hold it (count), and each doc's words as places, one after the
// other (posts; the range's k-th doc has posts[ends[k-1]:ends[k]]).
type partWords struct {
	lo    int
	words []string
	count []int32
	posts []int32
	ends  []int
}

// partOf reads the inverted list of the docs from lo to hi from their
// Words.
func partOf(docs []searchDoc, lo, hi int) *partWords {
	part := docs[lo:hi]
	n := 4 * len(part) // a page brings a few words no other page before it has
	posts := 0         // the part's words, counted first (strings.Count is fast): posts never grows
	for _, d := range part {
		if d.Words != "" {
			posts += strings.Count(d.Words, " ") + 1
		}
	}
	at := make(map[string]int32, n)
	w := &partWords{lo: lo, words: make([]string, 0, n), count: make([]int32, 0, n), posts: make([]int32, 0, posts), ends: make([]int, len(part))}
	for i, d := range part {
		for ws := d.Words; ws != ""; { // words with one space between each
			word, rest, _ := strings.Cut(ws, " ")
			p, ok := at[word]
			if !ok {
				p = int32(len(w.count))
				at[word] = p
				w.words = append(w.words, word)
				w.count = append(w.count, 0)
			}
			w.count[p]++
			w.posts = append(w.posts, p)
			ws = rest
		}
		w.ends[i] = len(w.posts)
	}
	return w
}

// wordList is one word of the inverted list and the ids of the docs
// holding it, ascending.
type wordList struct {
	word string
	ids  []int32
}

// wordIDs returns the inverted list of the docs, sorted by word, read
// from their Words on GOMAXPROCS goroutines.
func wordIDs(docs []searchDoc) []wordList {
	byPart := make([]*partWords, rangesOf(len(docs)))
	inParts(len(docs), len(byPart), func(k, lo, hi int) { byPart[k] = partOf(docs, lo, hi) })
	return invert(docs, byPart)
}

// invert joins the inverted lists of consecutive ranges of the docs (in
// order, covering them all) into the list of all the docs, sorted by
// word. Each range's words are sorted on a goroutine of its own and the
// sorted runs merged; then each range's docs' ids are written, on its
// goroutine, in the part of every word's list that its range holds, so no
// list grows by appending, a doc at a time.
func invert(docs []searchDoc, byPart []*partWords) []wordList {
	parts := len(byPart)
	order := make([][]int32, parts) // each range's places, by word
	var wg sync.WaitGroup
	for k, w := range byPart {
		wg.Go(func() {
			o := make([]int32, len(w.words))
			for p := range o {
				o[p] = int32(p)
			}
			slices.SortFunc(o, func(a, b int32) int { return strings.Compare(w.words[a], w.words[b]) })
			order[k] = o
		})
	}
	wg.Wait()
	// global[k][p] is the number, in the sorted list, of the word at place
	// p of range k.
	global := make([][]int32, parts)
	n := 0
	for k, w := range byPart {
		global[k] = make([]int32, len(w.words))
		n = max(n, len(w.words))
	}
	words := make([]string, 0, n+n/4)
	pos := make([]int, parts)
	for {
		first, have := "", false
		for k, o := range order {
			if pos[k] < len(o) {
				if w := byPart[k].words[o[pos[k]]]; !have || w < first {
					first, have = w, true
				}
			}
		}
		if !have {
			break
		}
		g := int32(len(words))
		words = append(words, first)
		for k, o := range order {
			if pos[k] < len(o) && byPart[k].words[o[pos[k]]] == first {
				global[k][o[pos[k]]] = g
				pos[k]++
			}
		}
	}
	total := make([]int, len(words)) // docs holding each word
	for k, w := range byPart {
		for p, c := range w.count {
			total[global[k][p]] += int(c)
		}
	}
	off := make([]int, len(words)+1)
	for g, c := range total {
		off[g+1] = off[g] + c
	}
	start := make([][]int, parts) // where range k's ids of its place p go in flat
	next := slices.Clone(off[:len(words)])
	for k, w := range byPart {
		start[k] = make([]int, len(w.count))
		for p, c := range w.count {
			g := global[k][p]
			start[k][p] = next[g]
			next[g] += int(c)
		}
	}
	flat := make([]int32, off[len(words)])
	for k, w := range byPart {
		wg.Go(func() {
			at, from := start[k], 0
			for i, end := range w.ends {
				id := int32(docs[w.lo+i].ID)
				for _, p := range w.posts[from:end] {
					flat[at[p]] = id
					at[p]++
				}
				from = end
			}
		})
	}
	wg.Wait()
	out := make([]wordList, len(words))
	for g, w := range words {
		out[g] = wordList{word: w, ids: flat[off[g]:off[g+1]:off[g+1]]}
	}
	return out
}
