package ingest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/evalbook/evalbook/internal/project"
)

// goldAnswer is the known answer of one item on one dimension, as read from
// items.jsonl or an annotation file's gold column.
type goldAnswer struct {
	item, dim string
	value     string // as written, trimmed
	numeric   bool   // value is a finite number
	pos       project.Pos
	col       int // column of the value, 0 when unknown (JSONL)
}

// where returns the answer's position as "file:line:col" or "file:line".
func (g *goldAnswer) where() string { return where(g.pos.File, g.pos.Line, g.col) }

// mergeGold fills Dimension.Gold of dims from the gold answers of the items
// file and then of the annotation files in name order. The first answer for
// an item and dimension is kept; a later one that differs is an error, and
// so is an answer that does not fit its dimension. Answers for a dimension
// that has no ratings are dropped with one warning per dimension.
func (l *loader) mergeGold(dims []project.Dimension) error {
	byName := make(map[string]int, len(dims))
	for i, d := range dims {
		byName[d.Name] = i
	}
	first := map[string]map[string]*goldAnswer{} // dimension -> item -> first answer
	unrated := map[string]int{}                  // dimension without ratings -> answers seen
	var unratedAt []*goldAnswer                  // the first answer of each, in input order
	for _, src := range l.goldSources() {
		for i := range src {
			g := &src[i]
			j, ok := byName[g.dim]
			if !ok {
				if unrated[g.dim] == 0 {
					unratedAt = append(unratedAt, g)
				}
				unrated[g.dim]++
				continue
			}
			d := &dims[j]
			if err := l.checkGold(d, g); err != nil {
				return err
			}
			items := first[g.dim]
			if items == nil {
				items = map[string]*goldAnswer{}
				first[g.dim] = items
				d.Gold = map[string]string{}
			}
			if prev, dup := items[g.item]; dup {
				if !sameAnswer(prev, g) {
					return fmt.Errorf("%s: gold answer %q for item %q on %q conflicts with %q at %s",
						g.where(), g.value, g.item, g.dim, prev.value, prev.where())
				}
				continue
			}
			items[g.item] = g
			d.Gold[g.item] = g.value
		}
	}
	for _, g := range unratedAt {
		l.warnings = append(l.warnings, fmt.Sprintf("%s: %s for dimension %q ignored: no annotation file rates that dimension",
			where(g.pos.File, g.pos.Line, 0), plural(unrated[g.dim], "gold answer"), g.dim))
	}
	return nil
}

// goldSources returns the gold answers of the items file, then of each
// annotation file in name order.
func (l *loader) goldSources() [][]goldAnswer {
	var out [][]goldAnswer
	if l.items != nil {
		out = append(out, l.items.gold)
	}
	for _, r := range l.annots {
		out = append(out, r.gold)
	}
	return out
}

// checkGold checks a gold answer against its dimension, as checkRating
// checks a rating: a numeric dimension takes numbers within its configured
// range, a dimension with configured labels one of those labels.
func (l *loader) checkGold(d *project.Dimension, g *goldAnswer) error {
	c := l.cfg.Dimension(d.Name)
	switch {
	case d.Numeric && !g.numeric:
		return fmt.Errorf("%s: dimension %q is numeric (every rating is a number), but the gold answer %q for item %q is a label",
			g.where(), d.Name, g.value, g.item)
	case len(c.Labels) > 0 && !slices.Contains(c.Labels, g.value):
		return fmt.Errorf("%s: dimension %q: gold answer %q for item %q is not one of the configured labels (%s)",
			g.where(), d.Name, g.value, g.item, strings.Join(c.Labels, ", "))
	case d.Numeric && outside(g.value, c.Min, c.Max):
		return fmt.Errorf("%s: dimension %q: gold answer %s for item %q is outside the configured range %s",
			g.where(), d.Name, g.value, g.item, rangeText(c.Min, c.Max))
	}
	return nil
}

// outside reports whether the number s lies outside the bounds min and max,
// either of which may be nil.
func outside(s string, min, max *float64) bool {
	v, _ := parseNumber(s)
	return min != nil && v < *min || max != nil && v > *max
}

// sameAnswer reports whether two gold answers agree: the same text, or two
// numbers of equal value ("4" and "4.0").
func sameAnswer(a, b *goldAnswer) bool {
	if a.value == b.value {
		return true
	}
	if !a.numeric || !b.numeric {
		return false
	}
	x, _ := parseNumber(a.value)
	y, _ := parseNumber(b.value)
	return x == y
}

// plural returns "1 noun" or "n nouns".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
