package synth

import (
	"encoding/csv"
	"math"
	"strconv"
	"unicode/utf8"
)

// PairwiseSpec describes side-by-side judgements of two iterations on the
// same items, by people and a judge model: data/annotations/preferences.csv
// in evalbook's pairwise columns, and the raters' kind (person or judge) in
// data/raters.csv.
type PairwiseSpec struct {
	Dimension string
	A, B      string   // the iterations shown, A as the earlier
	Items     int      // the first Items items are judged
	People    []string // person raters, each judging every item
	Judge     string   // the judge model, judging every item with a probability
}

// pairwise writes data/annotations/preferences.csv. A judgement follows
// correctness (an answer the metrics call correct beats one they call
// wrong); between two equally correct answers people prefer the shorter,
// unpadded one with some noise and tie now and then, while the judge model
// leans towards the longer answer and, when close, towards the answer it
// was shown first. The order of the answers is drawn for every judgement.
func (d *dataset) pairwise() []byte {
	ps := d.spec.Pairwise
	ia, ib := d.iterIndex(ps.A), d.iterIndex(ps.B)
	r := rng(d.spec.Seed, "pairwise", ps.Dimension)
	order := rng(d.spec.Seed, "pairwise order", ps.Dimension)
	return writeCSV(func(w *csv.Writer) {
		w.Write([]string{"item", "rater", "dimension", "system_a", "system_b", "winner", "first", "length_a", "length_b", "comment"})
		for k := range min(ps.Items, len(d.items)) {
			it := &d.items[k]
			ca, ta := d.answerOf(ia, k)
			cb, tb := d.answerOf(ib, k)
			la, lb := utf8.RuneCountInString(ta), utf8.RuneCountInString(tb)
			// The judgement's truth on B's side: correctness first, then
			// the difference in length (per 100 characters).
			base := 0.0
			switch {
			case cb && !ca:
				base = 2.5
			case ca && !cb:
				base = -2.5
			}
			dl := float64(lb-la) / 100
			if ta == tb {
				base, dl = 0, 0 // the same answer: a tie but for noise
			}
			for _, p := range ps.People {
				first := "a"
				if order.IntN(2) == 1 {
					first = "b"
				}
				z := base - 0.6*dl + 0.9*r.NormFloat64()
				winner := "tie"
				switch {
				case z > 0.35:
					winner = "b"
				case z < -0.35:
					winner = "a"
				}
				comment := ""
				if k < 6 && winner != "tie" && la != lb {
					comment = map[bool]string{true: "Shorter and to the point.", false: "More complete."}[(winner == "b") == (lb < la)]
				}
				w.Write([]string{it.id, p, ps.Dimension, ps.A, ps.B, winner, first, strconv.Itoa(la), strconv.Itoa(lb), comment})
			}
			first := "a"
			if order.IntN(2) == 1 {
				first = "b"
			}
			shift := 0.4
			if first == "a" {
				shift = -0.4
			}
			z := base + 0.5*dl + shift + 0.8*r.NormFloat64()
			prob := math.Round(100/(1+math.Exp(-z))) / 100
			w.Write([]string{it.id, ps.Judge, ps.Dimension, ps.A, ps.B, strconv.FormatFloat(prob, 'f', -1, 64), first, strconv.Itoa(la), strconv.Itoa(lb), ""})
		}
	})
}

// iterIndex returns the index of the iteration id in the spec.
func (d *dataset) iterIndex(id string) int {
	for i, it := range d.spec.Iterations {
		if it.ID == id {
			return i
		}
	}
	panic("synth: no iteration " + id)
}

// answerOf returns whether iteration i answered item k correctly and its
// answer, as outputs writes it.
func (d *dataset) answerOf(i, k int) (bool, string) {
	it := &d.items[k]
	row := d.metrics[i*len(d.items)+k]
	out := it.output
	if i < len(d.spec.Iterations)-1 && row.iteration == i && row.item == k {
		out = answer(it, row.correct, d.spec.Iterations[i].Tokens >= 150)
	}
	return row.correct, out
}
