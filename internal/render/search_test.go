package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"maps"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/evalbook/evalbook/internal/markdown"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/route"
)

func TestBodyText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>Hello <em>world</em>.</p>\n<p>Next</p>", " Hello  world . \n Next "},
		{"<p>a &lt;b&gt; &amp; c</p>", " a <b> & c "},
		{"<p>x " + markdown.Placeholder(3) + " y</p>", " x  y "},
		{`<a href="a>b">t</a>`, ` b">t `}, // '>' in an attribute ends the tag early: the text stays searchable, never markup
	}
	for _, tt := range tests {
		if got := bodyText(tt.in); got != tt.want {
			t.Errorf("bodyText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzBodyText checks bodyText, which copies runs of text, against the
// byte-by-byte reading it replaced (bodyTextBytewise).
func FuzzBodyText(f *testing.F) {
	for _, s := range []string{"<p>Hello <em>world</em>.</p>", "<p>x " + markdown.Placeholder(3) + " y</p>", "a\x00<b>\x00c>d", "<a\x00>\x00>e&amp;", ">>x<<y\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		if got, want := bodyText(h), bodyTextBytewise(h); got != want {
			t.Errorf("bodyText(%q) = %q, want %q", h, got, want)
		}
	})
}

// bodyTextBytewise is bodyText read a byte at a time, as it was first
// written.
func bodyTextBytewise(h string) string {
	var b pageBuf
	inTag, inPlaceholder := false, false
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case c == 0:
			inPlaceholder = !inPlaceholder
		case inPlaceholder:
		case c == '<':
			inTag = true
			b.WriteByte(' ')
		case c == '>' && inTag:
			inTag = false
		case !inTag:
			b.WriteByte(c)
		}
	}
	return html.UnescapeString(b.String())
}

func TestNewSearchDoc(t *testing.T) {
	long := strings.Repeat("alpha beta ", 20) + "Gamma, gamma; delta-epsilon BETA zeta."
	d := newSearchDoc(7, "Beta study", "Case study", "casestudies/b.html", long)
	if !strings.HasSuffix(d.Snippet, " …") || len([]rune(d.Snippet)) > snippetRunes+2 {
		t.Errorf("snippet %q: want at most %d characters and an ellipsis", d.Snippet, snippetRunes)
	}
	// The words after the snippet, lower-cased, once each, without those
	// of the title and snippet.
	if want := "gamma delta epsilon zeta"; d.Words != want {
		t.Errorf("words %q, want %q", d.Words, want)
	}
	short := newSearchDoc(0, "T", "Page", "a.html", "  A short\n text. ")
	if short.Snippet != "A short text." || short.Words != "" {
		t.Errorf("short page: %+v", short)
	}
}

// TestSearchIndex checks the index of the fixture: a script assigning the
// global the search page reads, one entry per document, iteration,
// metric, dimension and item page, each text escaped as JSON.
func TestSearchIndex(t *testing.T) {
	files := testSite(t)
	page := string(files["search.html"])
	var index []byte
	for name, b := range files {
		if strings.HasPrefix(name, "search/index.") {
			if !strings.Contains(page, `src="`+name+`"`) {
				t.Errorf("search.html does not load %s", name)
			}
			index = b
		}
	}
	prefix := []byte("window.evalbookSearch = ")
	i := bytes.Index(index, prefix)
	if i < 0 || !bytes.HasSuffix(index, []byte(";\n")) {
		t.Fatalf("index is not a script assigning evalbookSearch:\n%.200s", index)
	}
	var file searchFile
	if err := json.Unmarshal(bytes.TrimSuffix(index[i+len(prefix):], []byte(";\n")), &file); err != nil {
		t.Fatal(err)
	}
	docs := expandWords(t, file)
	kinds := map[string]int{}
	byPath := map[string]searchDoc{}
	for n, d := range docs {
		if d.ID != n {
			t.Errorf("doc %d has id %d", n, d.ID)
		}
		kinds[d.Kind]++
		byPath[d.Path] = d
	}
	in := testInput()
	decisions := len(in.Project.Decisions())
	want := map[string]int{"Case study": len(in.Project.CaseStudies), "Decision": decisions, "Page": len(in.Project.Pages) - decisions,
		"Iteration": len(in.Project.Iterations), "Metric": len(in.Project.Metrics), "Human rating": len(in.Project.Dimensions)}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%d pages of kind %s, want %d (all: %v)", kinds[k], k, n, kinds)
		}
	}
	if kinds["Item"] == 0 {
		t.Error("no item pages indexed")
	}
	got := byPath["casestudies/retrieval.html"]
	if got.Title != "Retrieval" || !strings.Contains(got.Snippet, "Retrieval helped.") || !strings.Contains(strings.ToLower(got.Snippet), "why") {
		t.Errorf("retrieval: %+v", got)
	}
	// Markup in the data stays text in the index (the page's script writes
	// it with textContent).
	if it := byPath["items/q1.html"]; !strings.Contains(it.Snippet+it.Words, "<script>alert(1)</script>") && !strings.Contains(it.Words, "script") {
		t.Errorf("item q1: %+v", it)
	}
	if bytes.Contains(index, []byte("</script")) {
		t.Error("the index holds </script unescaped")
	}
}

// expandWords returns the pages of an index with their words filled in
// from the inverted list, as search.js's expand does.
func expandWords(t *testing.T, f searchFile) []searchDoc {
	t.Helper()
	words := make([][]string, len(f.Docs))
	if f.Words != "" {
		for _, e := range strings.Split(f.Words, ";") {
			w, list, ok := strings.Cut(e, ":")
			if !ok {
				t.Fatalf("entry %q has no ':'", e)
			}
			id := 0
			for _, x := range strings.Split(list, ",") {
				n, err := strconv.ParseInt(x, 36, 64)
				if err != nil || n < 0 || (n == 0 && id > 0) {
					t.Fatalf("entry %q: bad id difference %q", e, x)
				}
				id += int(n)
				words[id] = append(words[id], w)
			}
		}
	}
	for i := range f.Docs {
		f.Docs[i].Words = strings.Join(words[i], " ")
	}
	return f.Docs
}

// TestInvertWords checks the inverted list against a worked example and
// that expanding it gives every page its words back, sorted.
func TestInvertWords(t *testing.T) {
	docs := make([]searchDoc, 40)
	for i := range docs {
		docs[i].ID = i
	}
	docs[0].Words = "zeta alpha"
	docs[1].Words = "alpha"
	docs[37].Words = "alpha beta"
	// alpha: ids 0, 1, 37 as differences 0, 1, 36 = "0,1,10" in base 36.
	want := "alpha:0,1,10;beta:11;zeta:0"
	got := invertWords(docs)
	if got != want {
		t.Fatalf("invertWords = %q, want %q", got, want)
	}
	back := expandWords(t, searchFile{Docs: slices.Clone(docs), Words: got})
	for i, d := range back {
		w := strings.Fields(docs[i].Words)
		slices.Sort(w)
		if d.Words != strings.Join(w, " ") {
			t.Errorf("doc %d words %q, want %q", i, d.Words, strings.Join(w, " "))
		}
	}
}

func TestTimeline(t *testing.T) {
	files := testSite(t)
	page := string(files["timeline.html"])
	list := page[strings.Index(page, `id="events"`):]
	if !strings.Contains(page, `role="img" aria-label="Timeline from 2026-01-10 to 2026-02-03:`) {
		t.Errorf("timeline chart or summary missing:\n%.2000s", page)
	}
	// The list is newest first: the decision of 2026-02-03, then the case
	// studies of 02-02 and 02-01.
	var order []string
	for _, s := range []string{`Ship v3</a>`, `Retrieval</a>`, `A response cache</a>`, `>v2</a>`, `>v1</a>`} {
		order = append(order, s)
	}
	last := -1
	for _, s := range order {
		i := strings.Index(list, s)
		if i < 0 || i < last {
			t.Errorf("%s missing or out of order (at %d, after %d)", s, i, last)
		}
		last = i
	}
	// v3 has no date: it is listed without one, not drawn.
	if !strings.Contains(page, `<h2 id="undated">`) || !strings.Contains(page[strings.Index(page, `id="undated"`):], `>v3</a>`) {
		t.Error("undated iteration v3 not listed under \"Without a date\"")
	}
	// Guideline versions: 1 at the date of v1, its effective iteration;
	// 2 from the undated v3 and the pending 3 listed without a date.
	events, undated := list[:strings.Index(list, `id="undated"`)], page[strings.Index(page, `id="undated"`):]
	for _, c := range []struct{ in, want string }{
		{events, `<time datetime="2026-01-10">2026-01-10</time> <span class="tag">guidelines</span> <a href="guidelines/v1.html">Guidelines 1 from v1</a><span class="muted small note">Guidelines 1</span>`},
		{undated, `<a href="guidelines/v2.html">Guidelines 2 from v3</a><span class="muted small note">Guidelines 2 (helpfulness)</span>`},
		{undated, `<a href="guidelines/next.html">Guidelines 3</a><span class="muted small note">Guidelines 3; not in force yet</span>`},
	} {
		if !strings.Contains(c.in, c.want) {
			t.Errorf("timeline lacks %s", c.want)
		}
	}
	if !strings.Contains(page, "1 guidelines") {
		t.Error("the chart's summary does not count the guideline lane")
	}
	if d := DepsOf(route.Page{Path: route.Timeline, Kind: route.KindTimeline}); d.Items != nil || !reflect.DeepEqual(d.Docs, all) || !reflect.DeepEqual(d.Iterations, all) {
		t.Errorf("timeline deps %+v: want every document and iteration, no items", d)
	}
}

// TestShortcodeDeps checks the Deps contract for live figures: a document
// page re-renders when any metric, dimension or iteration its shortcodes
// read changes, which a dependency on every one of them covers.
func TestShortcodeDeps(t *testing.T) {
	d := DepsOf(route.Page{Path: "casestudies/x.html", Kind: route.KindDoc, Name: "casestudies/x"})
	for what, list := range map[string][]string{"metrics": d.Metrics, "dimensions": d.Dimensions, "iterations": d.Iterations} {
		if !reflect.DeepEqual(list, all) {
			t.Errorf("a document page's deps on %s are %v; shortcodes may read any of them", what, list)
		}
	}
	s := DepsOf(route.Page{Path: route.Search, Kind: route.KindSearch})
	if !reflect.DeepEqual(s.DocBodies, all) || !reflect.DeepEqual(s.Items, all) {
		t.Errorf("search deps %+v: the index reads every body and item", s)
	}
}

// invertWords writes, as the reference searchFileOf and patch are tested
// against, the words of docs as an inverted list: for each word,
// in sorted order, "word:" and the ids of the docs that hold it, each as
// the base-36 difference from the previous one (the first from 0),
// comma-separated; entries are separated by ";". Words never hold ':', ','
// or ';' (words splits at punctuation). docs[i].ID must be i.
func invertWords(docs []searchDoc) string {
	ids := map[string][]int{}
	for _, d := range docs {
		for _, w := range strings.Fields(d.Words) {
			ids[w] = append(ids[w], d.ID)
		}
	}
	keys := slices.Sorted(maps.Keys(ids))
	var b pageBuf
	for n, w := range keys {
		if n > 0 {
			b.WriteByte(';')
		}
		b.WriteString(w)
		b.WriteByte(':')
		prev := 0
		for k, id := range ids[w] {
			if k > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.FormatInt(int64(id-prev), 36))
			prev = id
		}
	}
	return b.String()
}

// searchFileRef writes the index of docs whole with encoding/json, as
// searchFileOf did before it wrote the index from parts: the reference for
// TestSearchPatch.
func searchFileRef(t *testing.T, docs []searchDoc) []byte {
	var b bytes.Buffer
	b.WriteString(searchHead)
	if err := json.NewEncoder(&b).Encode(searchFile{Docs: docs, Words: invertWords(docs)}); err != nil {
		t.Fatal(err)
	}
	return append(bytes.TrimSuffix(b.Bytes(), []byte("\n")), ";\n"...)
}

// TestSearchPatch checks that the index written from parts is what
// encoding/json writes of the whole, and that patching it after random
// edits of some entries (words dropped, added, new to the index, gone from
// it, titles with characters JSON escapes) gives the bytes of writing it
// again whole.
func TestSearchPatch(t *testing.T) {
	// Words hold no white space (eachWord splits at it), so U+2028, which
	// JSON escapes, is in the titles.
	vocab := []string{"alpha", "beta", "gamma", "<b>", "a&b", "\u00e9t\u00e9", "zeta", "x\ufffdy", "mu"}
	rng := rand.New(rand.NewPCG(1, 2))
	entry := func(i int) searchDoc {
		var ws []string
		for _, w := range vocab {
			if rng.IntN(3) == 0 {
				ws = append(ws, w)
			}
		}
		return searchDoc{ID: i, Title: fmt.Sprintf("Doc <%d> & \"co\"\u2028", rng.IntN(5)), Kind: "Case study", Path: fmt.Sprintf("d%d.html", i),
			Snippet: "s " + vocab[rng.IntN(len(vocab))], Words: strings.Join(ws, " ")}
	}
	for _, n := range []int{0, 1, 2, 40} {
		docs := make([]searchDoc, n)
		for i := range docs {
			docs[i] = entry(i)
		}
		ix, err := searchFileOf(docs)
		if err != nil {
			t.Fatal(err)
		}
		if want := searchFileRef(t, docs); !bytes.Equal(ix.Body, want) {
			t.Fatalf("%d docs: searchFileOf =\n%s\nwant\n%s", n, ix.Body, want)
		}
		for step := range 30 {
			if n == 0 {
				break
			}
			next := slices.Clone(docs)
			var changed []int
			for i := range next {
				if rng.IntN(8) == 0 {
					next[i] = entry(i)
					if step%5 == 0 {
						next[i].Words = fmt.Sprintf("new%d %s", step, next[i].Words)
					}
					changed = append(changed, i)
				}
			}
			got, err := ix.patch(next, changed)
			if err != nil {
				t.Fatal(err)
			}
			if want := searchFileRef(t, next); !bytes.Equal(got.Body, want) {
				t.Fatalf("%d docs, step %d, changed %v: patch =\n%s\nwant\n%s", n, step, changed, got.Body, want)
			}
			whole, _ := searchFileOf(next)
			if got.Path != whole.Path {
				t.Fatalf("path %s, want %s", got.Path, whole.Path)
			}
			docs, ix = next, got
		}
	}
}

// TestEachWord checks the index's tokenizer against the plain form it
// replaces (strings.ToLower and strings.FieldsFunc) on texts mixing
// ASCII, punctuation, Unicode letters, spaces and separators, upper-case
// letters that change length when lowered, and invalid UTF-8.
func TestEachWord(t *testing.T) {
	plainWords := func(text string) []string {
		return strings.FieldsFunc(strings.ToLower(text), isWordBreak)
	}
	pieces := []string{"a", "Bc", "ÉTÉ", "İ", "ß", " ", "\t", "\n", "\u00a0", "\u2003", "\u2028", "\u0085", ",", ".", "-", "'", "“", "«",
		"0", "42", "\x00", "\x7f", "\xff", "\xe2\x82", "日本", "Ω", "ǅ", "K", "_", "é"}
	r := rand.New(rand.NewPCG(1, 2))
	texts := []string{"", " ", "word", " Two  words ", "\xff\xfe"}
	for range 2000 {
		var b pageBuf
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		var got []string
		eachWord(text, func(w string) { got = append(got, w) })
		if want := plainWords(text); !slices.Equal(got, want) {
			t.Errorf("eachWord(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestEachWordAndSnippet checks a search entry's snippet and words against
// their definition (the text's white space collapsed with strings.Fields,
// cut at snippetRunes characters or at the last space after half of them;
// the rest's words, lower-cased with strings.ToLower and split with
// strings.FieldsFunc, once each, without numbers or the title's and
// snippet's words) on random texts of 0 to 400 pieces: words in upper and
// lower case, numbers, runs of ASCII and Unicode white space, punctuation,
// letters that change length when lowered and invalid UTF-8 (600 texts
// with -short, 3000 without).
func TestEachWordAndSnippet(t *testing.T) {
	words := func(s string) []string { return strings.FieldsFunc(strings.ToLower(s), isWordBreak) }
	byDefinition := func(title, text string) searchDoc {
		c := strings.Join(strings.Fields(text), " ")
		snippet, rest := c, ""
		if utf8.RuneCountInString(c) > snippetRunes {
			cut, n := 0, 0
			for cut = range c { // an invalid byte is a character
				if n == snippetRunes {
					break
				}
				n++
			}
			if sp := strings.LastIndexByte(c[:cut], ' '); sp > snippetRunes/2 {
				cut = sp
			}
			snippet, rest = c[:cut]+" …", c[cut:]
		}
		seen := map[string]bool{}
		for _, w := range words(title + " " + snippet) {
			seen[w] = true
		}
		var out []string
		for _, w := range words(rest) {
			if !seen[w] && !digits(w) {
				seen[w] = true
				out = append(out, w)
			}
		}
		return searchDoc{Title: title, Snippet: snippet, Words: strings.Join(out, " ")}
	}
	pieces := []string{"alpha", "Beta", "GAMMA", "delta", "İstanbul", "straße", "ÉTÉ", "ǅemal", "K", "42", "7", " ", " ", "  ", "\t", "\n\n",
		"\u00a0", "\u2003", "\u2028", "\u0085", ",", ". ", "-", "'", "«", "…", "\xff", "\xe2\x82", "日本語", "Ωmega", "a", "xyzzy"}
	rng := rand.New(rand.NewPCG(7, 8))
	var sc searchScratch // one for every page, as searchMemo.docs uses it
	var made []searchDoc
	texts := 3000
	if testing.Short() {
		texts = 600 // the inner loop; the full run draws them all
	}
	for n := range texts {
		var b pageBuf
		for range rng.IntN(400) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		title := fmt.Sprintf("Page %d %s", n, pieces[rng.IntN(len(pieces))])
		got := newSearchDoc(n, title, "Page", "p.html", b.String())
		want := byDefinition(title, b.String())
		if got.Snippet != want.Snippet || got.Words != want.Words {
			t.Fatalf("text %q:\nsnippet %q\nwant    %q\nwords %q\nwant  %q", b.String(), got.Snippet, want.Snippet, got.Words, want.Words)
		}
		// The same text as parts joined in the shared scratch space.
		text := b.String()
		cut := rng.IntN(len(text) + 1)
		parts := []string{text[:cut], text[cut:]}
		sc.begin()
		shared := sc.doc(n, title, "Page", "p.html", sc.join(parts))
		if want := byDefinition(title, strings.Join(parts, "\n")); shared.Snippet != want.Snippet || shared.Words != want.Words {
			t.Fatalf("parts %q:\nsnippet %q\nwant    %q\nwords %q\nwant  %q", parts, shared.Snippet, want.Snippet, shared.Words, want.Words)
		}
		made = append(made, shared, searchDoc{Snippet: strings.Clone(shared.Snippet), Words: strings.Clone(shared.Words)})
	}
	// No entry made in the scratch space changed when later pages reused it.
	for k := 0; k < len(made); k += 2 {
		if got, want := made[k], made[k+1]; got.Snippet != want.Snippet || got.Words != want.Words {
			t.Fatalf("entry %d changed after it was made: snippet %q words %q, want %q %q", k/2, got.Snippet, got.Words, want.Snippet, want.Words)
		}
	}
}

// TestAppendLower checks appendLower against strings.ToLower, after bytes
// already in the buffer, on random strings of ASCII, letters that change
// length when lowered and invalid UTF-8.
func TestAppendLower(t *testing.T) {
	pieces := []string{"a", "Z", "Bc", "ÉTÉ", "İ", "ß", "ǅ", "K", "Ω", "日本", "\xff", "\xe2\x82", " ", "-", "0"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		s := randomJoin(rng, pieces, 10)
		if got, want := string(appendLower([]byte("x"), s)), "x"+strings.ToLower(s); got != want {
			t.Fatalf("appendLower(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestEscapeJSON checks escapeJSON, which skips encoding/json for a plain
// string, against encoding/json on random strings of the characters it
// escapes or leaves as they are.
func TestEscapeJSON(t *testing.T) {
	pieces := []string{"a", "Z", "0", " ", "\x7f", "\x00", "\x1f", "\n", "\"", "\\", "<", ">", "&", "é", "日", "\u2028", "\u2029", "\u2027",
		"\xff", "\xe2\x80", "\U0001F600", "…", "\ufffd"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		s := randomJoin(rng, pieces, 6)
		enc, _ := json.Marshal(s)
		if got, want := escapeJSON(s), string(enc[1:len(enc)-1]); got != want {
			t.Fatalf("escapeJSON(%q) = %q; encoding/json writes %q", s, got, want)
		}
	}
}

// TestWordIDsRanges checks the inverted list against invertWords on 1 to
// 4 goroutines, so that words are shared between ranges, new in later
// ranges and held by every doc of a range or by none.
func TestWordIDsRanges(t *testing.T) {
	vocab := []string{"alpha", "beta", "gamma", "delta", "<b>", "\u00e9t\u00e9", "zeta"}
	rng := rand.New(rand.NewPCG(9, 10))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, n := range []int{1, 2, 3, 5, 17, 200} {
		docs := make([]searchDoc, n)
		for i := range docs {
			var ws []string
			for k, w := range vocab {
				if rng.IntN(k+2) == 0 || i >= n/2 && k == len(vocab)-1 {
					ws = append(ws, w)
				}
			}
			docs[i] = searchDoc{ID: i, Words: strings.Join(ws, " ")}
		}
		want := searchFileRef(t, docs)
		for procs := 1; procs <= 4; procs++ {
			runtime.GOMAXPROCS(procs)
			got, err := searchFileOf(docs)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Body, want) {
				t.Fatalf("%d docs on %d goroutines: index\n%s\nwant\n%s", n, procs, got.Body, want)
			}
		}
	}
}

// TestDocText checks a document's text, made in one buffer, against its
// definition: summary, hypothesis, outcome, tags (space-separated) and the
// body's text (bodyText), one a line; with character references in the
// body and in the front matter (which are not decoded: they are text).
func TestDocText(t *testing.T) {
	docs := []project.Document{
		{},
		{Meta: project.FrontMatter{Summary: "S &amp; s", Tags: []string{"a", "b&c"}}, HTML: "<p>x &amp; y &lt;z&gt;</p>\n\x000\x00"},
		{Meta: project.FrontMatter{Hypothesis: "H", Outcome: "O"}, HTML: "<h2 id=\"a\">Title</h2>\n<p>plain</p>"},
		{Meta: project.FrontMatter{Tags: []string{"only"}}, HTML: "&quot;q&quot;"},
	}
	for _, d := range docs {
		fm := d.Meta
		want := strings.Join([]string{fm.Summary, fm.Hypothesis, fm.Outcome, strings.Join(fm.Tags, " "), bodyText(string(d.HTML))}, "\n")
		if got := docText(&d); got != want {
			t.Errorf("docText = %q, want %q", got, want)
		}
	}
}

// randomJoin returns fewer than most pieces drawn at random, joined.
func randomJoin(rng *rand.Rand, pieces []string, most int) string {
	var b strings.Builder
	for range rng.IntN(most) {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}
