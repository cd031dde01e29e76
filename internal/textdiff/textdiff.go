// Package textdiff computes word diffs of two texts, as the item pages show
// the outputs of two systems or iterations: which words one text deletes
// from the other and which it inserts.
//
// Words splits both texts into tokens, each a run of white space or a run of
// anything else, and finds a shortest edit script between the token
// sequences with Myers' greedy algorithm (E. Myers, "An O(ND) difference
// algorithm and its variations", Algorithmica 1, 1986), after removing the
// common prefix and suffix. The result is a list of chunks: the Equal and
// Delete chunks, concatenated, give the first text back; the Equal and
// Insert chunks the second. Within a run of changes, the deleted text comes
// before the inserted text, and an equal run between two changes that is
// only white space, or no longer than the replacements on either side,
// joins them, so "the quick brown" against "the slow red" reads as one
// replacement, not two, and a rewritten sentence is not cut up by the odd
// word it happens to keep.
//
// The work is bounded: texts of more than MaxTokens tokens (about
// MaxTokens/2 words) each, or that differ in more than MaxEdits tokens, are
// not diffed (Words returns false), since a diff that long is no easier to
// read than the two texts.
//
// HTML writes chunks as escaped HTML with <del> and <ins> elements; the
// package is pure and has no state.
package textdiff

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Op says what a chunk of a diff does.
type Op int8

// The operations of a diff.
const (
	Equal  Op = iota // in both texts
	Delete           // only in the first text
	Insert           // only in the second text
)

// Chunk is a run of text with one operation.
type Chunk struct {
	Op   Op
	Text string
}

// The caps of Words: MaxTokens per text (a word and the space after it are
// two tokens) and MaxEdits tokens inserted or deleted in all.
const (
	MaxTokens = 10000
	MaxEdits  = 1000
)

// Words returns the word diff that turns a into b, and false (with no
// chunks) when either text has more than MaxTokens tokens or the two differ
// in more than MaxEdits tokens.
func Words(a, b string) ([]Chunk, bool) {
	ta, tb := tokens(a), tokens(b)
	if len(ta) > MaxTokens || len(tb) > MaxTokens {
		return nil, false
	}
	pre := 0
	for pre < len(ta) && pre < len(tb) && ta[pre] == tb[pre] {
		pre++
	}
	suf := 0
	for suf < len(ta)-pre && suf < len(tb)-pre && ta[len(ta)-1-suf] == tb[len(tb)-1-suf] {
		suf++
	}
	ops, ok := myers(ta[pre:len(ta)-suf], tb[pre:len(tb)-suf])
	if !ok {
		return nil, false
	}
	var out []Chunk
	add := func(op Op, s string) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += s
			return
		}
		out = append(out, Chunk{op, s})
	}
	add(Equal, strings.Join(ta[:pre], ""))
	i, j := pre, pre
	for _, op := range ops {
		switch op {
		case Equal:
			add(Equal, ta[i])
			i, j = i+1, j+1
		case Delete:
			add(Delete, ta[i])
			i++
		case Insert:
			add(Insert, tb[j])
			j++
		}
	}
	add(Equal, strings.Join(ta[len(ta)-suf:], ""))
	return tidy(out), true
}

// tokens splits s into runs of white space and runs of other characters.
func tokens(s string) []string {
	var out []string
	start, space := 0, false
	for i, r := range s {
		sp := unicode.IsSpace(r)
		if i > start && sp != space {
			out = append(out, s[start:i])
			start = i
		}
		space = sp
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// myers returns the shortest edit script from a to b, one Op per token, or
// false when it needs more than MaxEdits insertions and deletions. It keeps
// the furthest-reaching diagonals of every step (the trace) and walks them
// back; the trace has (D+1)^2 entries for D edits.
func myers(a, b []string) ([]Op, bool) {
	n, m := len(a), len(b)
	maxD := min(n+m, MaxEdits)
	off := maxD + 1
	v := make([]int32, 2*maxD+3)
	var trace [][]int32
	for d := 0; d <= maxD; d++ {
		snap := make([]int32, 2*d+1) // v[k] for k in [-d, d], before step d
		copy(snap, v[off-d:off+d+1])
		trace = append(trace, snap)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = int(v[off+k+1]) // down: an insertion
			} else {
				x = int(v[off+k-1]) + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = int32(x)
			if x >= n && y >= m {
				return backtrack(trace, d, n, m), true
			}
		}
	}
	return nil, false
}

// backtrack walks the trace of myers back from (n, m), reached in d edits:
// trace[d] holds the furthest x of each diagonal k in [-d, d] (at index
// k+d) before step d.
func backtrack(trace [][]int32, d, n, m int) []Op {
	ops := make([]Op, 0, n+m)
	x, y := n, m
	for ; d > 0; d-- {
		v := func(k int) int { return int(trace[d][k+d]) }
		k := x - y
		prevK := k - 1
		if k == -d || k != d && v(k-1) < v(k+1) {
			prevK = k + 1
		}
		px := v(prevK)
		py := px - prevK
		for x > px && y > py {
			ops = append(ops, Equal)
			x, y = x-1, y-1
		}
		if prevK == k+1 {
			ops = append(ops, Insert)
		} else {
			ops = append(ops, Delete)
		}
		x, y = px, py
	}
	for x > 0 {
		ops = append(ops, Equal)
		x--
	}
	for i, j := 0, len(ops)-1; i < j; i, j = i+1, j-1 {
		ops[i], ops[j] = ops[j], ops[i]
	}
	return ops
}

// tidy orders each run of changes as one deletion, then one insertion, and
// joins into the changes around it an equal run that is only white space or
// that sits between two replacements, each deleting and inserting at least
// as many characters as it has (a stricter form of the semantic cleanup of
// N. Fraser's diff-match-patch, which would also swallow kept text between
// two pure insertions), repeating until nothing joins: a word kept by
// chance amid a rewritten sentence reads better as part of the rewrite.
func tidy(in []Chunk) []Chunk {
	for {
		in = group(in)
		joined := false
		for i := 1; i+1 < len(in); i++ {
			if in[i].Op != Equal || in[i-1].Op == Equal || in[i+1].Op == Equal {
				continue
			}
			n := utf8.RuneCountInString(in[i].Text)
			if strings.TrimSpace(in[i].Text) == "" || n <= changeLen(in, i, -1) && n <= changeLen(in, i, 1) {
				in[i].Op = both
				joined = true
			}
		}
		if !joined {
			return in
		}
	}
}

// both marks an equal chunk that joins the changes around it: deleted and
// inserted.
const both Op = -1

// changeLen returns the smaller of the deleted and inserted lengths, in
// runes, of the run of changes next to chunk i (dir -1 before, 1 after) in
// grouped chunks: 0 unless the run replaces text.
func changeLen(in []Chunk, i, dir int) int {
	del, ins := 0, 0
	for j := i + dir; j >= 0 && j < len(in) && in[j].Op != Equal; j += dir {
		if in[j].Op == Delete {
			del += utf8.RuneCountInString(in[j].Text)
		} else {
			ins += utf8.RuneCountInString(in[j].Text)
		}
	}
	return min(del, ins)
}

// group merges neighbouring equal chunks and orders each run of changes
// as one deletion, then one insertion; chunks marked both join the run.
func group(in []Chunk) []Chunk {
	var out []Chunk
	for i := 0; i < len(in); {
		if in[i].Op == Equal {
			if n := len(out); n > 0 && out[n-1].Op == Equal {
				out[n-1].Text += in[i].Text
			} else {
				out = append(out, in[i])
			}
			i++
			continue
		}
		var del, ins strings.Builder
		for ; i < len(in) && in[i].Op != Equal; i++ {
			if in[i].Op != Insert {
				del.WriteString(in[i].Text)
			}
			if in[i].Op != Delete {
				ins.WriteString(in[i].Text)
			}
		}
		if del.Len() > 0 {
			out = append(out, Chunk{Delete, del.String()})
		}
		if ins.Len() > 0 {
			out = append(out, Chunk{Insert, ins.String()})
		}
	}
	return out
}

// A returns the first text of a diff: its Equal and Delete chunks.
func A(chunks []Chunk) string { return join(chunks, Insert) }

// B returns the second text of a diff: its Equal and Insert chunks.
func B(chunks []Chunk) string { return join(chunks, Delete) }

func join(chunks []Chunk, skip Op) string {
	var b strings.Builder
	for _, c := range chunks {
		if c.Op != skip {
			b.WriteString(c.Text)
		}
	}
	return b.String()
}

// HTML returns the diff as HTML: every text escaped, deletions in <del>
// and insertions in <ins>.
func HTML(chunks []Chunk) string {
	var b strings.Builder
	for _, c := range chunks {
		switch c.Op {
		case Delete:
			b.WriteString("<del>")
			b.WriteString(html.EscapeString(c.Text))
			b.WriteString("</del>")
		case Insert:
			b.WriteString("<ins>")
			b.WriteString(html.EscapeString(c.Text))
			b.WriteString("</ins>")
		default:
			b.WriteString(html.EscapeString(c.Text))
		}
	}
	return b.String()
}

// Stats counts the words a diff deletes and inserts.
func Stats(chunks []Chunk) (deleted, inserted int) {
	for _, c := range chunks {
		switch c.Op {
		case Delete:
			deleted += len(strings.Fields(c.Text))
		case Insert:
			inserted += len(strings.Fields(c.Text))
		}
	}
	return deleted, inserted
}
