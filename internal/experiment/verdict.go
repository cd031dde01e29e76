package experiment

import (
	"fmt"
	"math"

	"github.com/evalbook/evalbook/internal/compare"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// Outcomes of a case study's experiment.
const (
	Supported    = "supported"
	Refuted      = "refuted"
	Inconclusive = "inconclusive"
	Invalid      = "invalid" // the experiment names an unknown iteration or subject
)

// verdict evaluates the experiment a case study states: the candidate
// against its baseline (the front matter's, else the candidate's target)
// on the primary metric or numeric dimension, computed as Analyse computes
// that comparison (same seed, so the same figures as the iteration's table
// when the pair is the same).
func (c *comparer) verdict(p *project.Project, d project.Document, tasks []pairTask) Verdict {
	m := d.Meta
	v := Verdict{
		CaseStudy: d.Slug, Title: m.Title, Baseline: m.Baseline, Candidate: m.Candidate,
		Primary: m.Primary, MinEffect: m.MinEffect, PlannedN: m.PlannedN,
	}
	t, s, reason := c.experimentTask(p, &v, tasks)
	if reason != "" {
		v.Outcome, v.Reason = Invalid, reason
		return v
	}
	rs := c.pair(t, []*subject{s}, false, nil)
	if len(rs) == 0 {
		v.Outcome = Invalid
		v.Reason = fmt.Sprintf("%s has no values in both %s and %s, so there is nothing to compare.", s.name, v.Candidate, v.Baseline)
		if s.kind == KindPairwise {
			v.Reason = fmt.Sprintf("%s and %s were never judged against each other on %s, so there is nothing to compare.", v.Candidate, v.Baseline, s.name)
		}
		return v
	}
	c.finish(rs)
	c.evaluate(&v, rs[0], s.sign())
	return v
}

// experimentTask resolves a case study's iterations and primary subject,
// filling in the default baseline. It returns a reason when they do not
// resolve.
func (c *comparer) experimentTask(p *project.Project, v *Verdict, tasks []pairTask) (pairTask, *subject, string) {
	cand, ok := c.x.iterID[v.Candidate]
	if !ok {
		return pairTask{}, nil, fmt.Sprintf("The candidate %q is not an iteration of this project.", v.Candidate)
	}
	t := pairTask{cand: cand, target: TargetBaseline}
	if v.Baseline == "" {
		tt, ok := targetOf(tasks, cand)
		if !ok {
			return t, nil, fmt.Sprintf("%s has no baseline and no iteration before it; name one with baseline in the front matter.", v.Candidate)
		}
		t, v.Baseline = tt, c.ids[tt.against]
	} else {
		b, ok := c.x.iterID[v.Baseline]
		if !ok {
			return t, nil, fmt.Sprintf("The baseline %q is not an iteration of this project.", v.Baseline)
		}
		if b == cand {
			return t, nil, fmt.Sprintf("The baseline and the candidate are both %s.", v.Candidate)
		}
		t.against = b
	}
	if s := c.x.subject(v.Primary, "metric"); s != nil {
		return t, s, ""
	}
	if s := c.x.subject(v.Primary, "dimension"); s != nil {
		return t, s, ""
	}
	if s := c.x.subject(v.Primary, KindPairwise); s != nil {
		return t, s, ""
	}
	for _, d := range p.Dimensions {
		if d.Name == v.Primary {
			return t, nil, fmt.Sprintf("The primary %q is a label dimension; an experiment needs a metric, a numeric dimension or a pairwise dimension.", v.Primary)
		}
	}
	for _, d := range p.Pairwise {
		if d.Name == v.Primary {
			return t, nil, fmt.Sprintf("The primary %q is a pairwise dimension with no judgement between two iterations of this project.", v.Primary)
		}
	}
	return t, nil, fmt.Sprintf("The primary %q is neither a metric nor a dimension of this project.", v.Primary)
}

// evaluate fills in a verdict's figures and outcome from the comparison of
// its primary, turning them to the primary's good direction.
func (c *comparer) evaluate(v *Verdict, r result, sign float64) {
	cmp := r.c
	v.N, v.P = cmp.N, cmp.P
	v.Delta = sign * cmp.Delta
	if cmp.CI != nil {
		lo, hi := sign*cmp.CI.Low, sign*cmp.CI.High
		v.CI = &Interval{Low: min(lo, hi), High: max(lo, hi)}
	}
	alpha, power := c.opt.Experiment.Alpha, c.opt.Experiment.Power
	if cmp.Paired {
		v.MDE = stats.Finite(compare.MDEPaired(r.sd, cmp.N, alpha, power))
	} else {
		v.MDE = stats.Finite(compare.MDEUnpaired(r.sdA, cmp.N, r.sdB, cmp.NAgainst, alpha, power))
	}
	minEffect := 0.0
	if v.MinEffect != nil {
		minEffect = *v.MinEffect
	}
	level := percent(c.opt.Confidence)
	mde := ""
	if v.MDE != nil {
		mde = fmt.Sprintf("; the minimum detectable effect at this n is %s", num(*v.MDE))
	}
	switch {
	case v.CI == nil:
		v.Outcome = Inconclusive
		v.Reason = fmt.Sprintf("With n = %d there is no confidence interval, so %s's change of %s cannot be judged.", v.N, v.Primary, signed(v.Delta))
	case v.N < v.PlannedN:
		v.Outcome = Inconclusive
		v.Reason = fmt.Sprintf("Only %d of the %d planned items were compared (change %s, %s CI %s to %s), so the experiment is not complete%s.",
			v.N, v.PlannedN, signed(v.Delta), level, num(v.CI.Low), num(v.CI.High), mde)
	case v.CI.Low > minEffect:
		v.Outcome = Supported
		v.Reason = fmt.Sprintf("The improvement in %s is %s and its %s CI, %s to %s, lies above the minimum effect %s (n = %d).",
			v.Primary, signed(v.Delta), level, num(v.CI.Low), num(v.CI.High), num(minEffect), v.N)
	case v.CI.High < minEffect:
		v.Outcome = Refuted
		v.Reason = fmt.Sprintf("The change in %s is %s and its %s CI, %s to %s, lies below the minimum effect %s (n = %d).",
			v.Primary, signed(v.Delta), level, num(v.CI.Low), num(v.CI.High), num(minEffect), v.N)
	default:
		v.Outcome = Inconclusive
		v.Reason = fmt.Sprintf("The change in %s is %s but its %s CI, %s to %s, includes the minimum effect %s (n = %d%s).",
			v.Primary, signed(v.Delta), level, num(v.CI.Low), num(v.CI.High), num(minEffect), v.N, mde)
	}
}

// signed formats a change with its sign.
func signed(v float64) string {
	if v > 0 || v == 0 && !math.Signbit(v) {
		return "+" + num(v)
	}
	return num(v)
}
