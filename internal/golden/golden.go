// Package golden helps tests that compare output with golden files: Diff
// says where two texts first part and shows the lines around it, so that a
// failing golden test tells what changed without a trip to the shell.
package golden

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// context is how many lines Diff shows before and after the first
// difference.
const context = 3

// maxLine bounds the characters of one shown line; the rest is cut.
const maxLine = 200

// Diff returns "" when want and got are equal, else a short report: the
// first line on which they differ and the byte in it, with up to three
// lines of context, the golden line prefixed "-" and the new one "+"
// (a long line cut around that byte), and the line counts of both.
func Diff(want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	w := strings.Split(string(want), "\n")
	g := strings.Split(string(got), "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	// col is the first byte that differs on line i: a long line is shown
	// around it, so that a change late in a line of a minified page
	// shows.
	col := 0
	if i < len(w) && i < len(g) {
		for col < len(w[i]) && col < len(g[i]) && w[i][col] == g[i][col] {
			col++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "first difference at line %d, byte %d (golden %d lines, got %d):\n", i+1, col+1, len(w), len(g))
	for k := max(0, i-context); k < i; k++ {
		fmt.Fprintf(&b, "  %4d  %s\n", k+1, cut(w[k], 0))
	}
	at := func(k int) int { // where line k is cut: around col on line i
		if k == i {
			return col
		}
		return 0
	}
	for k := i; k < min(len(w), i+context); k++ {
		fmt.Fprintf(&b, "- %4d  %s\n", k+1, cut(w[k], at(k)))
	}
	for k := i; k < min(len(g), i+context); k++ {
		fmt.Fprintf(&b, "+ %4d  %s\n", k+1, cut(g[k], at(k)))
	}
	return b.String()
}

// cut shortens a long line to maxLine bytes around byte col (from its
// start when col is 0), marking what it leaves out with "...".
func cut(s string, col int) string {
	if len(s) <= maxLine {
		return s
	}
	lo := max(0, min(col-maxLine/2, len(s)-maxLine))
	for lo > 0 && !utf8.RuneStart(s[lo]) {
		lo--
	}
	hi := min(len(s), lo+maxLine)
	for hi < len(s) && !utf8.RuneStart(s[hi]) {
		hi++
	}
	out := s[lo:hi]
	if lo > 0 {
		out = "..." + out
	}
	if hi < len(s) {
		out += "..."
	}
	return out
}
