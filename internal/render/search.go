package render

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"html"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/route"
)

// The search index (search.html): every case study, decision and content
// page, iteration, metric, dimension and item page, as a script that
// assigns the global evalbookSearch. A script, not JSON, because a page
// opened from file:// may not fetch() a file; the search page loads it
// with a <script> tag, and assets/search.js builds a MiniSearch index from
// it in the browser.
//
// To stay small at thousands of documents the index stores, per page, its
// title, kind, path, a snippet (the start of its text, at most
// snippetRunes characters) and the distinct words of the rest of its text
// (lower-cased; numbers left out), never the whole text. Every word of a
// page is found, and every number of its snippet; a snippet shows the match
// in context when the match is in the snippet, and the matched word
// otherwise.
//
// The words are written once each, as an inverted list (searchFile.Words:
// "word:ids;word:ids", the ids of the pages holding the word as base-36
// differences from the previous id), which search.js turns back into each
// page's words before MiniSearch indexes them. A frequent word then costs a
// character or two per page instead of its spelling: on 5,000 case studies
// of 2 KB the index is about 1.3 MB gzipped instead of 2.9 MB.

// snippetRunes is the length of a search result's snippet, in characters.
const snippetRunes = 180

// searchDoc is one page in the search index. The short keys keep the
// index small.
type searchDoc struct {
	ID      int    `json:"i"`
	Title   string `json:"t"`
	Kind    string `json:"k"`
	Path    string `json:"u"`
	Snippet string `json:"s"`
	Words   string `json:"-"` // the distinct words of the text after the snippet, one space between each (a word holds no white space: eachWord); written in searchFile.Words
}

// searchFile is the content of the index script: the pages, and their
// words as an inverted list (invertWords).
type searchFile struct {
	Docs  []searchDoc `json:"docs"`
	Words string      `json:"words"`
}

// searchIndex is the index file: its site path and content.
type searchIndex struct {
	Path    string
	Body    []byte
	N       int         // pages indexed
	entries []searchDoc // the entries it was written from
	// The parts Body is written from, kept so that a render after a prose
	// edit writes the index again by encoding only the entries that
	// changed (patch): each entry's JSON, and the inverted list's
	// entries, by word.
	enc   [][]byte
	words []wordEntry
}

// wordEntry is one word of the inverted list (invertWords) and its
// "word:ids" entry as it is written in Body, JSON-escaped.
type wordEntry struct {
	word string
	enc  string
}

// buildSearch builds the search index of the site. A renderer without a
// search memo renders once (RenderTo), is never patched (reuse), so its
// index lets go of its parts at once instead of keeping them, most of the
// index's size twice over, while the pages are rendered.
func (r *renderer) buildSearch() (*searchIndex, error) {
	docs, byPart := r.searchMemo.docsParts(r.searchSources())
	ix, err := searchIndexOf(docs, invert(docs, byPart))
	if err == nil && r.searchMemo == nil {
		ix.entries, ix.enc, ix.words = nil, nil, nil
	}
	return ix, err
}

// startSearch builds the search index on a goroutine of its own; awaitSearch
// waits for it. It reads the project and the iteration, metric, dimension
// and item views, which must be made before it starts.
func (r *renderer) startSearch() {
	r.searchDone = make(chan struct{})
	go func() {
		defer close(r.searchDone)
		r.search, r.searchErr = r.buildSearch()
	}()
}

// awaitSearch waits for the search index that startSearch builds and returns it.
func (r *renderer) awaitSearch() (*searchIndex, error) {
	<-r.searchDone
	return r.search, r.searchErr
}

// dropParts lets go of what ix keeps for patching it and of its body, once
// written, keeping its path and size, which the search page reads.
func (ix *searchIndex) dropParts() {
	ix.Body, ix.entries, ix.enc, ix.words = nil, nil, nil, nil
}

// searchSource is what one index entry is made from: a page's title,
// kind and path, and its text, joined from parts or taken from a document.
type searchSource struct {
	title, kind, path string
	doc               *project.Document // when set, the text is docText(doc)
	parts             []string          // otherwise the text is these, one a line
}

// text returns the plain text of the page s describes.
func (s searchSource) text() string {
	if s.doc != nil {
		return docText(s.doc)
	}
	return strings.Join(s.parts, "\n")
}

// docSource returns what the index entry of the document d is made from.
func docSource(d *project.Document) searchSource {
	return searchSource{title: d.Meta.Title, kind: docKindName(d.Kind), path: route.Doc(d.Slug), doc: d}
}

// docText returns the text of the document d that the index holds: its
// summary, hypothesis, outcome, tags and body, one a line.
func docText(d *project.Document) string {
	var b pageBuf
	return appendDocText(&b, d)
}

// appendDocText writes docText(d) in b, which is empty, and returns it:
// a string of b's bytes (searchScratch.docText writes it in its text
// buffer).
func appendDocText(b *pageBuf, d *project.Document) string {
	fm := &d.Meta
	n := len(fm.Summary) + len(fm.Hypothesis) + len(fm.Outcome) + len(d.HTML) + 4
	for _, t := range fm.Tags {
		n += len(t) + 1
	}
	b.Grow(n)
	for _, s := range [...]string{fm.Summary, fm.Hypothesis, fm.Outcome} {
		b.WriteString(s)
		b.WriteByte('\n')
	}
	for i, t := range fm.Tags {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	b.WriteByte('\n')
	return appendBodyText(b, string(d.HTML))
}

// docSearch returns the index entry of the document d, the id-th entry.
func docSearch(id int, d *project.Document) searchDoc {
	s := docSource(d)
	return newSearchDoc(id, s.title, s.kind, s.path, s.text())
}

// searchSources returns what the entries of the search index are made
// from: every document (first, in the order of slices.Concat(CaseStudies,
// Pages)), iteration, metric, dimension and item.
func (r *renderer) searchSources() []searchSource {
	srcs := make([]searchSource, 0, len(r.p.CaseStudies)+len(r.p.Pages)+len(r.iters)+len(r.metrics)+len(r.dims)+len(r.items))
	for d := range r.p.Documents() {
		srcs = append(srcs, docSource(d))
	}
	add := func(title, kind, path string, text ...string) {
		srcs = append(srcs, searchSource{title: title, kind: kind, path: path, parts: text})
	}
	for _, it := range r.iters {
		add(r.iterTitle(it.ID), cmp.Or(r.kindIteration(), "Iteration"), it.Path, it.Description)
	}
	for _, m := range r.metrics {
		add(m.Label, "Metric", m.Path, m.Name, m.Description)
	}
	for _, d := range r.dims {
		add(d.Label, "Human rating", d.Path, d.Name, d.Description)
	}
	// An item's three parts are in one array for all items, and its path
	// is its view's (route.Item), so an item's source costs its title only.
	parts := make([]string, 3*len(r.items))
	for k, v := range r.items {
		it, _ := r.p.Item(v.ID)
		p := parts[3*k : 3*k+3 : 3*k+3]
		p[0], p[1], p[2] = it.Input, it.Output, it.Reference
		srcs = append(srcs, searchSource{title: "Item " + v.ID, kind: "Item", path: v.Path, parts: p})
	}
	return srcs
}

// inParallel calls f on consecutive ranges [lo, hi) that cover [0, n), on
// GOMAXPROCS goroutines, and waits for all.
func inParallel(n int, f func(lo, hi int)) {
	inParts(n, rangesOf(n), func(_, lo, hi int) { f(lo, hi) })
}

// rangesOf is the number of ranges inParallel splits n in: GOMAXPROCS, at
// most n, at least one.
func rangesOf(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), n))
}

// inParts is inParallel over parts ranges (rangesOf), telling f the
// number k of its range too.
func inParts(n, parts int, f func(k, lo, hi int)) {
	if parts <= 1 {
		f(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for k := range parts {
		wg.Go(func() { f(k, k*n/parts, (k+1)*n/parts) })
	}
	wg.Wait()
}

// searchHead starts the index script.
const searchHead = "// The search index of this site, written by evalbook; see search.html.\nwindow.evalbookSearch = "

// searchFileOf writes the search index of the entries docs: the script
// searchHead, then searchFile{Docs: docs, Words: invertWords(docs)} as
// encoding/json writes it, then ";\n". It writes it from its parts (each
// entry's JSON, each word's entry) so that patch can write it again from
// them.
func searchFileOf(docs []searchDoc) (*searchIndex, error) {
	return searchIndexOf(docs, wordIDs(docs))
}

// searchIndexOf is searchFileOf with the inverted list of the docs made
// (lists, sorted by word: wordIDs or invert).
func searchIndexOf(docs []searchDoc, lists []wordList) (*searchIndex, error) {
	enc := make([][]byte, len(docs))
	inParallel(len(docs), func(lo, hi int) {
		// The entries are written one after the other in chunks of
		// encChunk bytes, not a slice each: enc[i] is a part of a chunk,
		// which is never written again.
		var chunk []byte
		for i := lo; i < hi; i++ {
			d := &docs[i]
			if need := 64 + len(d.Title) + len(d.Kind) + len(d.Path) + len(d.Snippet); cap(chunk)-len(chunk) < need {
				chunk = make([]byte, 0, max(encChunk, 2*need))
			}
			n := len(chunk)
			chunk = appendSearchDoc(chunk, d)
			enc[i] = chunk[n:len(chunk):len(chunk)]
		}
	})
	words := make([]wordEntry, len(lists))
	inParallel(len(lists), func(lo, hi int) {
		var chunk []byte // as the entries' JSON: each word's entry a part of a chunk
		for k := lo; k < hi; k++ {
			l := &lists[k]
			if need := 2*len(l.word) + 8 + 7*len(l.ids); cap(chunk)-len(chunk) < need {
				chunk = make([]byte, 0, max(encChunk, 2*need))
			}
			n := len(chunk)
			chunk = appendWordEnc(chunk, l.word, l.ids)
			words[k] = wordEntry{word: l.word, enc: unsafe.String(&chunk[n], len(chunk)-n)}
		}
	})
	return assembleSearch(docs, enc, words), nil
}

// encChunk is the size of the chunks searchIndexOf writes entries in.
const encChunk = 64 << 10

// patch returns the index of docs, which differ from ix's entries at the
// indexes changed only (and are as many), writing again only the JSON of
// those entries and the inverted list's entries of their old and new
// words; the result is byte for byte searchFileOf(docs).
func (ix *searchIndex) patch(docs []searchDoc, changed []int) (*searchIndex, error) {
	if len(docs) != len(ix.entries) || len(ix.enc) != len(docs) {
		return searchFileOf(docs)
	}
	enc := slices.Clone(ix.enc)
	words := slices.Clone(ix.words)
	for _, i := range changed {
		enc[i] = appendSearchDoc(nil, &docs[i])
		had, has := strings.Fields(ix.entries[i].Words), strings.Fields(docs[i].Words)
		for _, w := range slices.Compact(slices.Sorted(slices.Values(slices.Concat(had, has)))) {
			k, found := slices.BinarySearchFunc(words, w, func(e wordEntry, w string) int { return strings.Compare(e.word, w) })
			var list []int
			if found {
				list = decodeIDs(words[k].enc[len(escapeJSON(w))+1:])
			}
			list = slices.DeleteFunc(list, func(id int) bool { return id == i })
			if slices.Contains(has, w) {
				at, _ := slices.BinarySearch(list, i)
				list = slices.Insert(list, at, i)
			}
			switch {
			case len(list) == 0 && found:
				words = slices.Delete(words, k, k+1)
			case len(list) == 0:
			case found:
				words[k].enc = wordEnc(w, list)
			default:
				words = slices.Insert(words, k, wordEntry{word: w, enc: wordEnc(w, list)})
			}
		}
	}
	return assembleSearch(docs, enc, words), nil
}

// assembleSearch writes the index script from its parts.
func assembleSearch(docs []searchDoc, enc [][]byte, words []wordEntry) *searchIndex {
	n := len(searchHead) + 64
	for _, e := range enc {
		n += len(e) + 1
	}
	for _, w := range words {
		n += len(w.enc) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, searchHead...)
	b = append(b, `{"docs":`...)
	if docs == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, e := range enc {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, e...)
		}
		b = append(b, ']')
	}
	b = append(b, `,"words":"`...)
	for i, w := range words {
		if i > 0 {
			b = append(b, ';')
		}
		b = append(b, w.enc...)
	}
	b = append(b, "\"};\n"...)
	sum := sha256.Sum256(b)
	return &searchIndex{Path: route.SearchIndex(hex.EncodeToString(sum[:4])), Body: b, N: len(docs), entries: docs, enc: enc, words: words}
}

// wordEnc returns the inverted list's entry of the word w held by the
// docs ids (ascending): "w:" and the ids as base-36 differences, each
// from the previous one, the first from 0, comma-separated; JSON-escaped
// as encoding/json escapes a string's characters (one by one, so the
// escaped entries joined are the escaped list).
func wordEnc[T int | int32](w string, ids []T) string {
	return string(appendWordEnc(make([]byte, 0, len(w)+1+4*len(ids)), w, ids))
}

// appendWordEnc appends wordEnc(w, ids) to b.
func appendWordEnc[T int | int32](b []byte, w string, ids []T) []byte {
	b = append(b, escapeJSON(w)...)
	b = append(b, ':')
	prev := 0
	for k, id := range ids {
		if k > 0 {
			b = append(b, ',')
		}
		switch d := int(id) - prev; {
		case 0 <= d && d < 36:
			b = append(b, base36[d])
		case 36 <= d && d < 36*36:
			b = append(b, base36[d/36], base36[d%36])
		default:
			b = strconv.AppendInt(b, int64(d), 36)
		}
		prev = int(id)
	}
	return b
}

// base36 are the digits strconv writes numbers in base 36 with.
const base36 = "0123456789abcdefghijklmnopqrstuvwxyz"

// decodeIDs reads the ids of an entry's list, as wordEnc writes them.
func decodeIDs(s string) []int {
	var out []int
	prev := 0
	for f := range strings.SplitSeq(s, ",") {
		d, _ := strconv.ParseInt(f, 36, 64)
		prev += int(d)
		out = append(out, prev)
	}
	return out
}

// escapeJSON returns s as encoding/json writes it inside a string's
// quotes: s itself when encoding/json leaves every character of it as it
// is (plainJSON), as most words are.
func escapeJSON(s string) string {
	if plainJSON(s) {
		return s
	}
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// plainJSON reports whether encoding/json writes s unchanged inside a
// string's quotes: valid UTF-8 without control characters, '"', '\\',
// the characters it escapes for HTML ('<', '>', '&') or U+2028 and U+2029.
func plainJSON(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&':
			return false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return ascii || utf8.ValidString(s) && !strings.Contains(s, "\u2028") && !strings.Contains(s, "\u2029")
}

// iterTitle is the title of an iteration's page in search results.
func (r *renderer) iterTitle(id string) string {
	if r.p.Shape.Unordered() {
		return "System " + id
	}
	return "Iteration " + id
}

// kindIteration names iteration pages' kind.
func (r *renderer) kindIteration() string {
	if r.p.Shape.Unordered() {
		return "System"
	}
	return "Iteration"
}

// docKindName names a document's kind in search results.
func docKindName(k project.Kind) string {
	switch k {
	case project.CaseStudy:
		return "Case study"
	case project.Decision:
		return "Decision"
	}
	return "Page"
}

// newSearchDoc makes the index entry of one page from its plain text.
func newSearchDoc(id int, title, kind, path, text string) searchDoc {
	return new(searchScratch).doc(id, title, kind, path, text)
}

// searchScratch is the scratch space of a goroutine making index entries
// one after the other (searchScratch.doc), kept from page to page so that
// an entry costs no map, and no string a word: the words seen on the page
// (a pageSet), the words its pages hold (a wordDict), the words
// lower-cased (nextWord), the snippet as it is written (cutSnippet) and a
// page's text joined from parts (join). The strings of one page that
// alias these buffers (seen's words, the words, the text) are dropped
// before the next page writes them again: an entry's strings are copies.
// When part is set, each entry's words are added to it, the inverted list
// of the pages made (searchMemo.docsParts).
type searchScratch struct {
	seen          pageSet
	dict          wordDict
	part          *partWords
	low, snip, tx []byte
	words         []byte // the page's words as they are written
	slab          []byte // where the pages' words are kept (keep)
}

// slabBytes is the size of the slabs a searchScratch keeps words in: a
// few dozen pages' words each.
const slabBytes = 64 << 10

// keep returns a string of b's bytes copied into sc's slab, a new one
// when they do not fit: the words of 5,000 pages in 100 allocations, not
// in one growing buffer each.
func (sc *searchScratch) keep(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if cap(sc.slab)-len(sc.slab) < len(b) {
		sc.slab = make([]byte, 0, max(slabBytes, len(b)))
	}
	n := len(sc.slab)
	sc.slab = append(sc.slab, b...)
	return unsafe.String(&sc.slab[n], len(b))
}

// begin makes sc ready for a page: its words forgotten, its buffers empty.
func (sc *searchScratch) begin() {
	sc.seen.reset()
	sc.low, sc.snip, sc.tx = sc.low[:0], sc.snip[:0], sc.tx[:0]
}

// join returns parts joined with newlines, as strings.Join does, written
// in sc's text buffer: valid until the next begin.
func (sc *searchScratch) join(parts []string) string {
	for i, p := range parts {
		if i > 0 {
			sc.tx = append(sc.tx, '\n')
		}
		sc.tx = append(sc.tx, p...)
	}
	return unsafe.String(unsafe.SliceData(sc.tx), len(sc.tx))
}

// docText returns docText(d) written in sc's text buffer: valid until the
// next begin.
func (sc *searchScratch) docText(d *project.Document) string {
	b := pageBuf{buf: sc.tx[:0]}
	text := appendDocText(&b, d)
	sc.tx = b.buf
	return text
}

// doc makes the index entry of one page from its plain text text, which
// may be sc's own (join, after begin), as newSearchDoc does.
func (sc *searchScratch) doc(id int, title, kind, path, text string) searchDoc {
	seen := &sc.seen
	seen.reset()
	var snippet, rest string
	snippet, rest, sc.snip = cutSnippet(sc.snip, text)
	// The title's and the snippet's words are those of the two joined by
	// a space. Numbers are left out of the words (digits), so they need
	// not be seen. A word lower-cased into sc.low stays there until the
	// next page, as seen's words.
	for _, s := range [2]string{title, snippet} {
		for i := 0; ; {
			w, next, num := nextWord(&sc.low, s, i)
			if w == "" {
				break
			}
			if !num {
				seen.add(w, hashWord(w))
			}
			i = next
		}
	}
	out := sc.words[:0] // valid until the next page; kept below
	part := sc.part
	for i := 0; ; {
		w, next, num := nextWord(&sc.low, rest, i)
		if w == "" {
			break
		}
		i = next
		if num {
			continue
		}
		h := hashWord(w)
		if !seen.add(w, h) {
			continue
		}
		if len(out) > 0 {
			out = append(out, ' ')
		}
		out = append(out, w...)
		if part != nil {
			e := sc.dict.lookup(w, h)
			if e.place < 0 {
				e.place = int32(len(part.words))
				part.words = append(part.words, e.word)
				part.count = append(part.count, 0)
			}
			part.count[e.place]++
			part.posts = append(part.posts, e.place)
		}
	}
	if part != nil {
		part.ends = append(part.ends, len(part.posts))
	}
	sc.words = out
	return searchDoc{ID: id, Title: title, Kind: kind, Path: path, Snippet: snippet, Words: sc.keep(out)}
}

// cutSnippet returns the snippet of a page of the plain text text: its
// start, white space collapsed (collapseSpace), cut at snippetRunes
// characters (at the last space after half of them, when there is one)
// and ended with " …", or the whole text collapsed when it is no longer.
// rest is the text after the snippet, as a part of text: its white space
// is not collapsed, which changes none of its words (eachWord), so only
// the snippet's characters are copied. The snippet is written in b's
// space first (its length is ignored), which is returned for the next.
func cutSnippet(b []byte, text string) (snippet, rest string, buf []byte) {
	b = b[:0]
	runes := 0              // in b
	space := -1             // the offset in text of the white space before the next field; -1 when none is due
	lastSp, lastAt := -1, 0 // the last space of b, and the offset in text of its white space
	// cut ends the snippet before the rune that starts at b[len(b)] and
	// text[at].
	cut := func(at int) (string, string, []byte) {
		end := len(b)
		if lastSp > snippetRunes/2 {
			end, at = lastSp, lastAt
		}
		return string(b[:end]) + " …", text[at:], b
	}
	for i := 0; i < len(text); {
		isSpace, w := false, 1
		if c := text[i]; c < utf8.RuneSelf {
			isSpace = asciiSpace[c]
		} else {
			var r rune
			r, w = utf8.DecodeRuneInString(text[i:])
			isSpace = unicode.IsSpace(r)
		}
		if isSpace {
			if space < 0 && len(b) > 0 {
				space = i
			}
			i += w
			continue
		}
		if space >= 0 {
			if runes == snippetRunes {
				return cut(space)
			}
			lastSp, lastAt = len(b), space
			b = append(b, ' ')
			runes++
			space = -1
		}
		if runes == snippetRunes {
			return cut(i)
		}
		if w == 1 {
			b = append(b, text[i])
		} else {
			b = append(b, text[i:i+w]...)
		}
		runes++
		i += w
	}
	return string(b), "", b
}

// searchMemo keeps the search entries of one render for the next, by the
// fingerprint of what an entry is made from, so a render after a prose
// edit splits into words only the pages whose text changed. It also keeps
// what each page's entry was made from, by path (srcMemo), so that a
// source equal to the last one's takes its fingerprint without its text
// being made and hashed again: 25,000 entries cost 50 ms of CPU a render
// that way, most of it for entries that did not change.
type searchMemo struct {
	last, next       map[fingerprint.Sum]searchDoc
	lastSrc, nextSrc map[string]srcMemo
}

// srcMemo is what a search source was made from, with its fingerprint.
type srcMemo struct {
	title, kind string
	doc         bool
	// A document's fields its text is made from (docText), or parts.
	summary, hypothesis, outcome string
	html                         string
	tags, parts                  []string
	key                          fingerprint.Sum
}

// memoOf returns what s is made from, with its fingerprint key.
func memoOf(s *searchSource, key fingerprint.Sum) srcMemo {
	m := srcMemo{title: s.title, kind: s.kind, parts: s.parts, key: key}
	if d := s.doc; d != nil {
		m.doc = true
		m.summary, m.hypothesis, m.outcome, m.html, m.tags = d.Meta.Summary, d.Meta.Hypothesis, d.Meta.Outcome, string(d.HTML), d.Meta.Tags
	}
	return m
}

// same reports whether s is made from what m was (its path aside), so
// that its text, and its fingerprint, are m's. Strings compare equal at
// once when they are the same string, as unchanged documents' are.
func (m *srcMemo) same(s *searchSource) bool {
	if m.title != s.title || m.kind != s.kind || m.doc != (s.doc != nil) {
		return false
	}
	if d := s.doc; d != nil {
		return m.summary == d.Meta.Summary && m.hypothesis == d.Meta.Hypothesis && m.outcome == d.Meta.Outcome &&
			slices.Equal(m.tags, d.Meta.Tags) && m.html == string(d.HTML)
	}
	return slices.Equal(m.parts, s.parts)
}

// docs returns the index entries of srcs, the i-th with id i, made on
// GOMAXPROCS goroutines; those m's last entries hold are taken from there.
// A nil m makes every entry.
func (m *searchMemo) docs(srcs []searchSource) []searchDoc {
	out, _ := m.docsParts(srcs)
	return out
}

// docsParts is docs, returning too the inverted lists of the ranges of
// the entries its goroutines made, as invert reads them: made with the
// entries where a range's entries are all made anew, else read from the
// entries' Words (partOf).
func (m *searchMemo) docsParts(srcs []searchSource) ([]searchDoc, []*partWords) {
	out := make([]searchDoc, len(srcs))
	var keys []fingerprint.Sum
	if m != nil {
		keys = make([]fingerprint.Sum, len(srcs))
	}
	byPart := make([]*partWords, rangesOf(len(srcs)))
	inParts(len(srcs), len(byPart), func(k, lo, hi int) {
		sc := searchScratch{part: &partWords{lo: lo, ends: make([]int, 0, hi-lo)}}
		made := true // every entry of the range made anew
		for i := lo; i < hi; i++ {
			s := srcs[i]
			if m != nil {
				if sm, ok := m.lastSrc[s.path]; ok && sm.same(&s) {
					if d, ok := m.last[sm.key]; ok {
						keys[i] = sm.key
						d.ID = i
						out[i] = d
						made = false
						continue
					}
				}
			}
			sc.begin()
			var text string
			if s.doc != nil {
				text = sc.docText(s.doc) // valid until the next begin, as join's
			} else {
				text = sc.join(s.parts) // valid until the next begin: no entry keeps it
			}
			if m != nil {
				keys[i] = fingerprint.New("search doc").String(s.title).String(s.kind).String(s.path).String(text).Done()
				if d, ok := m.last[keys[i]]; ok {
					d.ID = i
					out[i] = d
					made = false
					continue
				}
			}
			out[i] = sc.doc(i, s.title, s.kind, s.path, text)
		}
		if made {
			byPart[k] = sc.part
		} else {
			byPart[k] = partOf(out, lo, hi)
		}
	})
	if m != nil {
		if m.next == nil {
			m.next = make(map[fingerprint.Sum]searchDoc, len(out))
		}
		m.nextSrc = make(map[string]srcMemo, len(out))
		for i, d := range out {
			m.next[keys[i]] = d
			m.nextSrc[srcs[i].path] = memoOf(&srcs[i], keys[i])
		}
	}
	return out, byPart
}

// digits reports whether w is a number: numbers beyond the snippet (order
// numbers, figures) are left out of the index, where they would take a
// tenth of its size and are rarely what a reader types.
func digits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// isWordBreak reports whether words split at c: a space, separator,
// punctuation or control character, as MiniSearch's default tokenizer.
// The characters of two bytes in UTF-8 (Latin, Greek, Cyrillic, ...) are
// looked up (twoByteBreak).
func isWordBreak(c rune) bool {
	switch {
	case 0 <= c && c < twoByteRunes:
		return twoByteBreak[c]
	case twoByteRunes <= c && c < bmpRunes:
		return threeByte().brk.has(c)
	}
	return wordBreak(c)
}

// wordBreak is isWordBreak from the Unicode tables.
func wordBreak(c rune) bool {
	return unicode.IsSpace(c) || unicode.IsPunct(c) || unicode.Is(unicode.Z, c) || unicode.IsControl(c)
}

// twoByteRunes bounds the runes written with one or two bytes in UTF-8,
// which twoByteBreak and twoByteLower hold wordBreak and unicode.ToLower
// of: the letters of most European languages' words.
const twoByteRunes = 0x800

var twoByteBreak, twoByteLower = func() (brk [twoByteRunes]bool, lower [twoByteRunes]rune) {
	for c := range rune(twoByteRunes) {
		brk[c], lower[c] = wordBreak(c), unicode.ToLower(c)
	}
	return
}()

// bmpRunes bounds the runes of the Basic Multilingual Plane, written with
// at most three bytes in UTF-8.
const bmpRunes = 0x10000

// threeByteRunes holds, for each rune of the BMP from twoByteRunes on (Han,
// kana, Hangul, most scripts' punctuation, "…"), whether it is a word break
// (wordBreak) and whether unicode.ToLower changes it (cased), a bit each.
type threeByteRunes struct{ brk, cased runeBits }

// runeBits is a set of the BMP's runes, a bit each.
type runeBits [bmpRunes / 64]uint64

func (s *runeBits) has(c rune) bool { return s[c>>6]>>(c&63)&1 != 0 }

// threeByte returns the runes' bits, made the first time a text has such a
// rune (a few milliseconds, which a run without one does not pay).
var threeByte = sync.OnceValue(func() *threeByteRunes {
	t := new(threeByteRunes)
	for c := rune(twoByteRunes); c < bmpRunes; c++ {
		if wordBreak(c) {
			t.brk[c>>6] |= 1 << (c & 63)
		}
		if unicode.ToLower(c) != c {
			t.cased[c>>6] |= 1 << (c & 63)
		}
	}
	return t
})

// asciiBreak and asciiSpace hold isWordBreak and unicode.IsSpace of each
// ASCII character.
var asciiBreak, asciiSpace = func() (brk, space [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		brk[c], space[c] = wordBreak(rune(c)), unicode.IsSpace(rune(c))
	}
	return
}()

// eachWord calls f with each word of text, lower-cased, in order: the
// text split the way MiniSearch's default tokenizer splits it, at spaces,
// separators and punctuation (isWordBreak). A word is lower-cased on its
// own (as strings.ToLower does, rune by rune) when it has an upper-case
// ASCII letter or a non-ASCII character, and is a part of text otherwise;
// lower-casing changes no rune's being a break. searchScratch.doc reads
// the words so, with nextWord.
func eachWord(text string, f func(w string)) {
	var low []byte
	for i := 0; ; {
		w, next, _ := nextWord(&low, text, i)
		if w == "" {
			return
		}
		f(w)
		i = next
	}
}

// appendLower appends strings.ToLower(s) to b: each rune of s mapped by
// unicode.ToLower, and each byte of s that is not valid UTF-8 written as
// U+FFFD, as strings.Map writes it.
func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			for _, r := range s[i:] {
				switch {
				case r < twoByteRunes:
					r = twoByteLower[r]
				case r < bmpRunes && !threeByte().cased.has(r):
				default:
					r = unicode.ToLower(r)
				}
				b = utf8.AppendRune(b, r)
			}
			return b
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// bodyText returns the text of a rendered body: tags dropped (with a
// space in their place, so words of adjacent blocks stay apart), character
// references decoded, and shortcode placeholders (NUL-delimited) left out.
func bodyText(h string) string {
	var b pageBuf
	b.Grow(len(h))
	return appendBodyText(&b, h)
}

// appendBodyText writes bodyText(h) after what b holds and returns all of
// b: the text before it as written, the body's text with its character
// references decoded. So a document's text (docText) is made in one
// buffer, not joined from copies.
func appendBodyText(b *pageBuf, h string) string {
	from := b.Len()
	unescape := func(s string) string {
		if strings.IndexByte(s[from:], '&') < 0 {
			return s
		}
		return s[:from] + html.UnescapeString(s[from:])
	}
	inTag, inPlaceholder := false, false
	for {
		// The text up to the next character that changes the state is
		// kept (outside tags and placeholders) or skipped as a whole.
		var i int
		switch {
		case inPlaceholder:
			i = strings.IndexByte(h, 0)
		case inTag: // a '<' in a tag writes a space too
			i = indexFirst(h, 0, '>', '<')
		default:
			i = indexFirst(h, 0, '<')
		}
		text := !inTag && !inPlaceholder
		if i < 0 {
			if text {
				b.WriteString(h)
			}
			return unescape(b.String())
		}
		if text {
			b.WriteString(h[:i])
		}
		switch h[i] {
		case 0:
			inPlaceholder = !inPlaceholder
		case '<':
			inTag = true
			b.WriteByte(' ')
		default: // '>'
			inTag = false
		}
		h = h[i+1:]
	}
}

// indexFirst returns the index of the first of the bytes cs in s, or -1.
func indexFirst(s string, cs ...byte) int {
	first := -1
	for _, c := range cs {
		if i := strings.IndexByte(s, c); i >= 0 {
			first, s = i, s[:i] // the next byte counts only before this one
		}
	}
	return first
}

// appendSearchDoc appends the JSON of d as encoding/json writes it
// (json.Marshal(d)): its fields in order, strings escaped by escapeJSON.
func appendSearchDoc(b []byte, d *searchDoc) []byte {
	b = append(b, `{"i":`...)
	b = strconv.AppendInt(b, int64(d.ID), 10)
	for _, f := range [...]struct{ key, v string }{{`,"t":"`, d.Title}, {`,"k":"`, d.Kind}, {`,"u":"`, d.Path}, {`,"s":"`, d.Snippet}} {
		b = append(b, f.key...)
		b = append(b, escapeJSON(f.v)...)
		b = append(b, '"')
	}
	return append(b, '}')
}
