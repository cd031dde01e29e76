package project

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Guideline is one version of the annotation guidelines: the document that
// states it, the iteration it is in force from and its position in the
// series (-1 for a version not yet in force).
type Guideline struct {
	Doc   *Document
	From  string // EffectiveFrom; "" when not yet in force
	Order int    // the From iteration's Order, -1 when not in force
}

// AppliesTo reports whether the version governs ratings of dimension dim:
// it names dim, or names no dimension.
func (g Guideline) AppliesTo(dim string) bool {
	return len(g.Doc.Meta.Dimensions) == 0 || slices.Contains(g.Doc.Meta.Dimensions, dim)
}

// Guidelines returns the versions of the annotation guidelines (content
// pages with a guideline_version), in the order they came into force,
// those not yet in force last, ties by version then slug.
func (p *Project) Guidelines() []Guideline {
	var out []Guideline
	for i := range p.Pages {
		d := &p.Pages[i]
		if d.Meta.GuidelineVersion == "" {
			continue
		}
		g := Guideline{Doc: d, From: d.Meta.EffectiveFrom, Order: -1}
		if it, ok := p.Iteration(g.From); ok {
			g.Order = it.Order
		}
		out = append(out, g)
	}
	slices.SortStableFunc(out, func(a, b Guideline) int {
		ao, bo := a.Order, b.Order
		if ao < 0 {
			ao = len(p.Iterations)
		}
		if bo < 0 {
			bo = len(p.Iterations)
		}
		return cmp.Or(cmp.Compare(ao, bo), strings.Compare(a.Doc.Meta.GuidelineVersion, b.Doc.Meta.GuidelineVersion),
			strings.Compare(a.Doc.Slug, b.Doc.Slug))
	})
	return out
}

// GuidelineAt returns the version of the guidelines for dimension dim in
// force in the iteration id: the last one applying to dim whose iteration
// is not after id. ok is false when none is.
func (p *Project) GuidelineAt(gs []Guideline, dim, id string) (Guideline, bool) {
	it, found := p.Iteration(id)
	var out Guideline
	ok := false
	for _, g := range gs {
		if found && g.Order >= 0 && g.Order <= it.Order && g.AppliesTo(dim) {
			out, ok = g, true
		}
	}
	return out, ok
}

// ReferenceDate is the date "overdue" is measured against: the newest date
// in the project, of an iteration or a document (case studies and content
// pages). It is read from the data, never from the clock, so a build is the
// same whenever it runs; zero when the project has no dates.
func (p *Project) ReferenceDate() time.Time {
	var t time.Time
	for _, it := range p.Iterations {
		if it.Date.After(t) {
			t = it.Date
		}
	}
	for _, docs := range [][]Document{p.CaseStudies, p.Pages} {
		for _, d := range docs {
			if d.Meta.Date.After(t) {
				t = d.Meta.Date
			}
		}
	}
	return t
}
