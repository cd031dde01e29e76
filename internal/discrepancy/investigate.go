package discrepancy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/project"
)

// investigations lists the discrepancies the documents of p explain: case
// studies first, then content pages, each in the project's order, entries
// in the order of their front matter.
func investigations(p *project.Project) []Investigation {
	out := []Investigation{}
	for d := range p.Documents() {
		for _, ref := range d.Meta.Discrepancies {
			out = append(out, Investigation{
				Document: d.Slug, Title: d.Meta.Title, Source: d.Source,
				Metric: ref.Metric, Dimension: ref.Dimension,
				Iterations: orEmpty(ref.Iterations), Items: orEmpty(ref.Items), Cause: ref.Cause,
			})
		}
	}
	return out
}

// covers reports whether inv concerns the metric and dimension in the
// iteration.
func (inv Investigation) covers(metric, dim, iteration string) bool {
	return inv.Metric == metric && inv.Dimension == dim &&
		(len(inv.Iterations) == 0 || slices.Contains(inv.Iterations, iteration))
}

// explaining returns the slugs of the documents that explain f, each once.
func explaining(invs []Investigation, f Finding) []string {
	return documents(invs, func(inv Investigation) bool { return inv.covers(f.Metric, f.Dimension, f.Iteration) })
}

// examining returns the slugs of the documents that examined the item of d
// for the metric and dimension, each once.
func examining(invs []Investigation, metric, dim string, d Disagreement) []string {
	return documents(invs, func(inv Investigation) bool {
		return inv.covers(metric, dim, d.Iteration) && slices.Contains(inv.Items, d.Item)
	})
}

// documents returns the slugs of the investigations that match, each once,
// in order.
func documents(invs []Investigation, match func(Investigation) bool) []string {
	out := []string{}
	for _, inv := range invs {
		if match(inv) && !slices.Contains(out, inv.Document) {
			out = append(out, inv.Document)
		}
	}
	return out
}

// alert returns the validity alert of f: a warning while f is open, and
// information once an investigation explains it, since the cause is then
// known and recorded.
func (f Finding) alert(invs []Investigation, opt Options) alert.Alert {
	a := alert.Alert{
		Kind:      "validity",
		Severity:  alert.Warning,
		Subject:   alert.Pair(f.Metric, f.Dimension),
		Iteration: f.Iteration,
		Message:   f.Message,
		Numbers: map[string]float64{
			"spearman": f.Spearman, "reference": f.Reference, "floor": opt.Floor, "drop": opt.Drop, "n": float64(f.N),
		},
		Link: alert.Pair(f.Metric, f.Dimension).Page(),
	}
	if !f.Open() {
		a.Severity = alert.Info
		var titles, causes []string
		for _, inv := range invs {
			if !inv.covers(f.Metric, f.Dimension, f.Iteration) {
				continue
			}
			if t := fmt.Sprintf("%q", inv.Title); !slices.Contains(titles, t) {
				titles = append(titles, t)
			}
			if !slices.Contains(causes, inv.Cause) {
				causes = append(causes, inv.Cause)
			}
		}
		a.Message += fmt.Sprintf(" Investigated in %s: %s.", strings.Join(titles, ", "), strings.Join(causes, ", "))
	}
	return a
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
