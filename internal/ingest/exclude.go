package ingest

import (
	"fmt"
	"slices"

	"github.com/evalbook/evalbook/internal/project"
)

// excludedReason is the skip reason of the values and ratings of an
// iteration that project.exclude leaves out.
const excludedReason = "value of an iteration left out by project.exclude"

// exclude leaves the iterations named in ids out of p: their metric values
// and ratings are dropped, counted on their file's report, and the
// iterations removed from the series (the others keep their order). A
// baseline that names a left-out iteration is an error; a name that is no
// iteration is a warning.
func (l *loader) exclude(p *project.Project, ids []string) error {
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	dropped := map[string][]project.Pos{} // file -> positions, in file order
	for i := range p.Metrics {
		m := &p.Metrics[i]
		// New columns: the values may be shared with a cached parse.
		vals := &m.Values
		m.Values = vals.Filter(func(i int) bool {
			if out[vals.IterationName(i)] {
				pos := vals.Pos(i)
				dropped[pos.File] = append(dropped[pos.File], pos)
				return false
			}
			return true
		})
	}
	for i := range p.Dimensions {
		d := &p.Dimensions[i]
		d.Ratings = d.Ratings.Filter(func(i int) bool {
			drop := out[d.Ratings.Iterations.Name(d.Ratings.Iteration[i])]
			if drop {
				pos := d.Ratings.Pos(i)
				dropped[pos.File] = append(dropped[pos.File], pos)
			}
			return !drop
		})
	}
	excludeAggregates(p, out, dropped)
	for i := range p.Pairwise {
		d := &p.Pairwise[i]
		d.Judgements = slices.DeleteFunc(d.Judgements, func(j project.Judgement) bool {
			drop := out[j.SystemA] || out[j.SystemB]
			if drop {
				dropped[j.Pos.File] = append(dropped[j.Pos.File], j.Pos)
			}
			return drop
		})
	}
	found := map[string]bool{}
	kept := p.Iterations[:0]
	for _, it := range p.Iterations {
		if out[it.ID] {
			found[it.ID] = true
			continue
		}
		it.Order = len(kept)
		kept = append(kept, it)
	}
	p.Iterations = kept
	for _, it := range p.Iterations {
		if out[it.Baseline] {
			return fmt.Errorf("iteration %s has the baseline %s, which project.exclude leaves out", it.ID, it.Baseline)
		}
	}
	for _, id := range ids {
		if !found[id] {
			l.warnings = append(l.warnings, fmt.Sprintf("%s: project.exclude names %q, which is no iteration", l.configName(), id))
		}
	}
	for _, sf := range slices.Concat(l.metricSrc, l.annotSrc, l.aggSrc) {
		for _, pos := range dropped[sf.path] {
			sf.leaveOut(excludedReason, pos.Line)
		}
	}
	return nil
}

// excludeAggregates drops the rows of aggregate files that describe an
// iteration in out (a paired row when either side is), recording their
// positions in dropped as exclude does for raw rows, so that an aggregate
// project and its raw twin leave out the same iterations. The slices are
// copied first: a merge may share them with a kept parse.
func excludeAggregates(p *project.Project, out map[string]bool, dropped map[string][]project.Pos) {
	drop := func(pos project.Pos, iterations ...string) bool {
		for _, it := range iterations {
			if out[it] {
				dropped[pos.File] = append(dropped[pos.File], pos)
				return true
			}
		}
		return false
	}
	for i := range p.Metrics {
		m := &p.Metrics[i]
		m.Moments = slices.DeleteFunc(slices.Clone(m.Moments), func(r project.MetricMoments) bool { return drop(r.Pos, r.Iteration) })
		m.Paired = slices.DeleteFunc(slices.Clone(m.Paired), func(r project.PairedMoments) bool { return drop(r.Pos, r.Iteration, r.Against) })
		m.Pearson = slices.DeleteFunc(slices.Clone(m.Pearson), func(r project.PearsonSums) bool { return drop(r.Pos, r.Iteration) })
		m.Replicates = slices.DeleteFunc(slices.Clone(m.Replicates), func(r project.MetricReplicate) bool { return drop(r.Pos, r.Iteration) })
		m.Verdicts = slices.DeleteFunc(slices.Clone(m.Verdicts), func(r project.VerdictCounts) bool { return drop(r.Pos, r.Iteration) })
	}
	for i := range p.Dimensions {
		d := &p.Dimensions[i]
		d.Coincidences = slices.DeleteFunc(slices.Clone(d.Coincidences), func(r project.Coincidence) bool { return drop(r.Pos, r.Iteration) })
		d.AlphaMoments = slices.DeleteFunc(slices.Clone(d.AlphaMoments), func(r project.AlphaMoments) bool { return drop(r.Pos, r.Iteration) })
		d.RaterPairs = slices.DeleteFunc(slices.Clone(d.RaterPairs), func(r project.RaterPair) bool { return drop(r.Pos, r.Iteration) })
		d.RaterMoments = slices.DeleteFunc(slices.Clone(d.RaterMoments), func(r project.RaterMoments) bool { return drop(r.Pos, r.Iteration) })
	}
}

// configName names the config file for messages.
func (l *loader) configName() string {
	if l.cfg.File != "" {
		return l.cfg.File
	}
	return "config.toml"
}
