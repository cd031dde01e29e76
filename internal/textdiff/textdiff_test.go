package textdiff

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		name, a, b string
		want       []Chunk
	}{
		{"equal", "the cat sat", "the cat sat", []Chunk{{Equal, "the cat sat"}}},
		{"both empty", "", "", nil},
		{"from empty", "", "new text", []Chunk{{Insert, "new text"}}},
		{"to empty", "old text", "", []Chunk{{Delete, "old text"}}},
		{"one word replaced", "the cat sat", "the dog sat",
			[]Chunk{{Equal, "the "}, {Delete, "cat"}, {Insert, "dog"}, {Equal, " sat"}}},
		{"word inserted", "the cat sat", "the black cat sat",
			[]Chunk{{Equal, "the "}, {Insert, "black "}, {Equal, "cat sat"}}},
		{"word deleted at end", "Paris is the capital.", "Paris is the",
			[]Chunk{{Equal, "Paris is the"}, {Delete, " capital."}}},
		// A space that is all that separates two changes joins them.
		{"run of changes", "the quick brown fox", "the slow red fox",
			[]Chunk{{Equal, "the "}, {Delete, "quick brown"}, {Insert, "slow red"}, {Equal, " fox"}}},
		{"punctuation is part of a word", "Yes.", "Yes!", []Chunk{{Delete, "Yes."}, {Insert, "Yes!"}}},
		{"white space changed", "a b", "a  b", []Chunk{{Equal, "a"}, {Delete, " "}, {Insert, "  "}, {Equal, "b"}}},
		{"line breaks kept", "one\ntwo\nthree", "one\n2\nthree",
			[]Chunk{{Equal, "one\n"}, {Delete, "two"}, {Insert, "2"}, {Equal, "\nthree"}}},
		// Myers' example (Algorithmica 1, 1986, fig. 1): ABCABBA -> CBABAC,
		// here with each letter a word; the same LCS "B A B A" of the paper.
		{"myers", "A B C A B B A", "C B A B A C",
			[]Chunk{{Delete, "A"}, {Insert, "C"}, {Equal, " B "}, {Delete, "C "}, {Equal, "A B "}, {Delete, "B "}, {Equal, "A"}, {Insert, " C"}}},
		// Text kept between two insertions stays kept, however short.
		{"kept between insertions", "Yes, we ship.", "Hello! Yes, we ship. Bye!",
			[]Chunk{{Insert, "Hello! "}, {Equal, "Yes, we ship."}, {Insert, " Bye!"}}},
		// A word kept by chance amid a rewrite joins the rewrite; one
		// that is longer than the changes beside it stays.
		{"semantic cleanup", "one two three four five", "six seven three eight nine",
			[]Chunk{{Delete, "one two three four five"}, {Insert, "six seven three eight nine"}}},
		{"a long kept word stays", "a unchanged b", "c unchanged d",
			[]Chunk{{Delete, "a"}, {Insert, "c"}, {Equal, " unchanged "}, {Delete, "b"}, {Insert, "d"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Words(tt.a, tt.b)
			if !ok {
				t.Fatal("not diffed")
			}
			if !equalChunks(got, tt.want) {
				t.Errorf("Words(%q, %q) =\n%v\nwant\n%v", tt.a, tt.b, got, tt.want)
			}
			if A(got) != tt.a || B(got) != tt.b {
				t.Errorf("A, B = %q, %q; want %q, %q", A(got), B(got), tt.a, tt.b)
			}
		})
	}
}

func equalChunks(a, b []Chunk) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestWordsMinimal checks that the edit script is a shortest one: the
// tokens myers keeps are a longest common subsequence, computed here by the
// textbook dynamic programme (tidy then gives up some spaces between
// changes, on purpose).
func TestWordsMinimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"a", "b", "c", "d"}
	for range 500 {
		a, b := randomText(rng, words, 12), randomText(rng, words, 12)
		ops, ok := myers(tokens(a), tokens(b))
		if !ok {
			t.Fatal("not diffed")
		}
		kept := 0
		for _, op := range ops {
			if op == Equal {
				kept++
			}
		}
		if want := lcs(tokens(a), tokens(b)); kept != want {
			t.Fatalf("Words(%q, %q) keeps %d tokens; the longest common subsequence has %d", a, b, kept, want)
		}
	}
}

func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

func randomText(rng *rand.Rand, words []string, n int) string {
	var b strings.Builder
	for i := range rng.IntN(n + 1) {
		if i > 0 {
			b.WriteString([]string{" ", " ", "\n", "  "}[rng.IntN(4)])
		}
		b.WriteString(words[rng.IntN(len(words))])
	}
	return b.String()
}

// FuzzWords checks the property that defines a diff: its Equal and Delete
// chunks give back the first text, its Equal and Insert chunks the second,
// and no two neighbouring chunks have the same operation.
func FuzzWords(f *testing.F) {
	f.Add("the cat sat", "the dog sat")
	f.Add("", "x")
	f.Add("a\tb  c\n", " a b c")
	f.Add("héllo wörld", "hello world")
	f.Fuzz(func(t *testing.T, a, b string) {
		got, ok := Words(a, b)
		if !ok {
			return
		}
		if A(got) != a || B(got) != b {
			t.Fatalf("Words(%q, %q) = %v gives back %q, %q", a, b, got, A(got), B(got))
		}
		for i := 1; i < len(got); i++ {
			if got[i].Op == got[i-1].Op || got[i].Text == "" {
				t.Fatalf("Words(%q, %q) = %v: chunk %d repeats an operation or is empty", a, b, got, i)
			}
		}
	})
}

func TestWordsCaps(t *testing.T) {
	long := strings.Repeat("w ", MaxTokens/2+1)
	if _, ok := Words(long, "w"); ok {
		t.Error("a text over MaxTokens was diffed")
	}
	var a, b strings.Builder
	for i := range MaxEdits/2 + 1 { // every word differs: 2 edits per word
		a.WriteString("x ")
		b.WriteString("y ")
		_ = i
	}
	if _, ok := Words(a.String(), b.String()); ok {
		t.Error("texts differing in more than MaxEdits tokens were diffed")
	}
	if _, ok := Words(a.String(), a.String()+"z"); !ok {
		t.Error("a long text with one change was not diffed")
	}
}

func TestHTML(t *testing.T) {
	got, _ := Words(`say <b>"hi"</b> & go`, `say <script>alert(1)</script> & go`)
	want := `say <del>&lt;b&gt;&#34;hi&#34;&lt;/b&gt;</del><ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins> &amp; go`
	if h := HTML(got); h != want {
		t.Errorf("HTML =\n%s\nwant\n%s", h, want)
	}
	if d, i := Stats(got); d != 1 || i != 1 {
		t.Errorf("Stats = %d, %d; want 1, 1", d, i)
	}
}

func BenchmarkWords(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	vocab := strings.Fields("the model answer is correct but it cites no source and the tone is too casual for a formal reply")
	base := randomText(rng, vocab, 400)
	words := strings.Fields(base)
	for i := 0; i < len(words); i += 10 { // one word in ten changed
		words[i] = "changed"
	}
	other := strings.Join(words, " ")
	b.SetBytes(int64(len(base) + len(other)))
	for b.Loop() {
		if _, ok := Words(base, other); !ok {
			b.Fatal("not diffed")
		}
	}
}
