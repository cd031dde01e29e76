package render

import (
	"html"
	"html/template"
	"strings"
	"unicode/utf8"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/textdiff"
)

// foldRunes and foldLines: an output longer than either is folded on the
// item page (a scroll box of limited height; the whole text in print).
const (
	foldRunes = 1500
	foldLines = 25
)

// outputView is one iteration's or system's output of an item, as the
// item page shows it beside the others.
type outputView struct {
	Iteration string
	Iter      *iterView // nil for an iteration outside the series
	// Base is the iteration the text is diffed against ("" for none);
	// BaseIter its page. Reference marks the output others are diffed
	// against in an unordered project.
	Base      string
	BaseIter  *iterView
	Reference bool
	// Body is the text, escaped, with <del> and <ins> marks against Base
	// when it is diffed.
	Body     template.HTML
	Diffed   bool
	Same     bool // the text is Base's, character for character
	TooLong  bool // Base is set but the texts are over textdiff's caps
	Del, Ins int  // words deleted and inserted against Base
	Words    int
	Fold     bool
}

// outputSeries is what laying out outputs reads: the iterations in series
// order, by ID, and whether the project is unordered.
type outputSeries struct {
	iters     []*iterView
	iterBy    iterIndex
	unordered bool
}

// outputViews lays out an item's outputs (in series order) with their
// diffs: in an unordered project against the reference system of the
// output's round (or, when the round names none, its first system with an
// output), in a timeline against the iteration's baseline when the item
// has an output there, else the nearest earlier iteration with one.
func (r outputSeries) outputViews(outs []project.Output) []outputView {
	text := make(map[string]string, len(outs))
	for _, o := range outs {
		text[o.Iteration] = o.Text
	}
	out := make([]outputView, len(outs))
	for i, o := range outs {
		v := outputView{Iteration: o.Iteration, Iter: r.iterBy[o.Iteration], Words: len(strings.Fields(o.Text))}
		v.Fold = utf8.RuneCountInString(o.Text) > foldRunes || strings.Count(o.Text, "\n") >= foldLines
		v.Base = r.outputBase(o.Iteration, outs, i, text)
		v.Reference = r.unordered && v.Base == "" && r.isOutputBase(o.Iteration, outs, text)
		v.Body = template.HTML(html.EscapeString(o.Text))
		if v.Base != "" {
			v.BaseIter = r.iterBy[v.Base]
			v.Same = text[v.Base] == o.Text
			if chunks, ok := textdiff.Words(text[v.Base], o.Text); ok {
				v.Body, v.Diffed = template.HTML(textdiff.HTML(chunks)), true
				v.Del, v.Ins = textdiff.Stats(chunks)
			} else {
				v.TooLong = true
			}
		}
		out[i] = v
	}
	return out
}

// outputBase returns the iteration the output of id (outs[i]) is diffed
// against, or "".
func (r outputSeries) outputBase(id string, outs []project.Output, i int, text map[string]string) string {
	it := r.iterBy[id]
	if it == nil {
		return ""
	}
	if r.unordered {
		base := r.roundBase(it, text)
		if base == id {
			return ""
		}
		return base
	}
	if _, ok := text[it.Baseline]; ok && it.Baseline != "" && it.Baseline != id {
		return it.Baseline
	}
	for j := i - 1; j >= 0; j-- {
		if p := r.iterBy[outs[j].Iteration]; p != nil && p.Order < it.Order {
			return p.ID
		}
	}
	return ""
}

// roundBase returns the system of it's round that the round's outputs are
// diffed against: its reference when the item has an output of it, else
// the first system in series order that has one.
func (r outputSeries) roundBase(it *iterView, text map[string]string) string {
	first := ""
	for _, other := range r.iters {
		if other.Round != it.Round {
			continue
		}
		if _, ok := text[other.ID]; !ok {
			continue
		}
		if other.Reference {
			return other.ID
		}
		if first == "" {
			first = other.ID
		}
	}
	return first
}

// isOutputBase reports whether another output is diffed against id's.
func (r outputSeries) isOutputBase(id string, outs []project.Output, text map[string]string) bool {
	for i, o := range outs {
		if o.Iteration != id && r.outputBase(o.Iteration, outs, i, text) == id {
			return true
		}
	}
	return false
}
