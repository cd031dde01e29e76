package ingest

import (
	"github.com/evalbook/evalbook/internal/project"
)

// checkShortcodes returns an error, with the file, line and column of the
// shortcode, for the first shortcode of d that names a metric, dimension or
// iteration the project lacks, or asks for a verdict d has no experiment
// for. Whether the data has the figure (a value in that iteration, say) is
// known only after the analyses; the renderer reports that, at the same
// position.
func checkShortcodes(p *project.Project, d project.Document) error {
	hasMetric := func(name string) bool { return metricIndex(p, name) >= 0 }
	hasDimension := func(name string) bool { return dimensionIndex(p, name) >= 0 }
	for _, sc := range d.Shortcodes {
		fail := func(format string, args ...any) error {
			return errorf(d.Source, sc.Line, sc.Col, "shortcode "+sc.Name+": "+format, args...)
		}
		iteration := ""
		switch sc.Name {
		case project.ShortcodeMetric, project.ShortcodeDelta:
			if !hasMetric(sc.Args[0]) && !hasDimension(sc.Args[0]) {
				return fail("unknown metric or dimension %q", sc.Args[0])
			}
			iteration = sc.Args[1]
		case project.ShortcodeAlpha:
			if !hasDimension(sc.Args[0]) {
				return fail("unknown dimension %q", sc.Args[0])
			}
			iteration = sc.Args[1]
		case project.ShortcodeChart:
			if sc.Args[0] == "metric" && !hasMetric(sc.Args[1]) {
				return fail("unknown metric %q", sc.Args[1])
			}
			if sc.Args[0] == "dimension" && !hasDimension(sc.Args[1]) {
				return fail("unknown dimension %q", sc.Args[1])
			}
		case project.ShortcodeVerdict:
			if d.Kind != project.CaseStudy || d.Meta.Candidate == "" {
				return fail("only a case study that states an experiment (candidate, primary) has a verdict")
			}
		}
		if iteration != "" {
			if _, ok := p.Iteration(iteration); !ok {
				return fail("unknown iteration %q", iteration)
			}
		}
	}
	return nil
}

// metricIndex returns the index of p's metric called name, or -1. It
// compares names in place: slices.IndexFunc would copy each Metric (its
// values' columns included) to call its function, for every name of every
// document.
func metricIndex(p *project.Project, name string) int {
	for i := range p.Metrics {
		if p.Metrics[i].Name == name {
			return i
		}
	}
	return -1
}

// dimensionIndex returns the index of p's dimension called name, or -1,
// as metricIndex does for metrics.
func dimensionIndex(p *project.Project, name string) int {
	for i := range p.Dimensions {
		if p.Dimensions[i].Name == name {
			return i
		}
	}
	return -1
}

// hasIteration reports whether p has the iteration id.
func hasIteration(p *project.Project, id string) bool {
	_, ok := p.Iteration(id)
	return ok
}
