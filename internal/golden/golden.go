// Package golden helps tests that compare output with golden files: Diff
// says where two texts first part and shows the lines around it, so that a
// failing golden test tells what changed without a trip to the shell.
package golden

import (
	"bytes"
	"fmt"
	"strings"
)

// context is how many lines Diff shows before and after the first
// difference.
const context = 3

// maxLine bounds the characters of one shown line; the rest is cut.
const maxLine = 200

// Diff returns "" when want and got are equal, else a short report: the
// first line on which they differ, with up to three lines of context, the
// golden line prefixed "-" and the new one "+", and the line counts of
// both.
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
	var b strings.Builder
	fmt.Fprintf(&b, "first difference at line %d (golden %d lines, got %d):\n", i+1, len(w), len(g))
	for k := max(0, i-context); k < i; k++ {
		fmt.Fprintf(&b, "  %4d  %s\n", k+1, cut(w[k]))
	}
	for k := i; k < min(len(w), i+context); k++ {
		fmt.Fprintf(&b, "- %4d  %s\n", k+1, cut(w[k]))
	}
	for k := i; k < min(len(g), i+context); k++ {
		fmt.Fprintf(&b, "+ %4d  %s\n", k+1, cut(g[k]))
	}
	return b.String()
}

// cut shortens a long line around nothing in particular: its start, then
// "...".
func cut(s string) string {
	if len(s) <= maxLine {
		return s
	}
	return s[:maxLine] + "..."
}
