package ingest

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/tomlfile"
)

// mergeMetrics joins the metric files in name order. A second value for the
// same iteration, metric and item is an error naming both lines.
func (l *loader) mergeMetrics(seen *iterSeen) ([]project.Metric, error) {
	type key struct{ iter, metric, item string }
	first := map[key]project.Pos{}
	byName := map[string]*project.Metric{}
	for _, r := range l.metrics {
		if r.err != nil {
			return nil, r.err
		}
		l.warnings = append(l.warnings, r.warnings...)
		seen.merge(r.seen)
		for _, name := range r.names {
			vals := r.values[name]
			for _, v := range vals {
				k := key{v.Iteration, name, v.Item}
				if p, dup := first[k]; dup {
					return nil, fmt.Errorf("%s: metric %q: second value for iteration %q%s; the first is at %s",
						v.Pos, name, v.Iteration, itemPhrase(v.Item), p)
				}
				first[k] = v.Pos
			}
			m := byName[name]
			if m == nil {
				m = l.metric(name)
				byName[name] = m
			}
			if m.Values == nil {
				m.Values = vals
			} else {
				m.Values = append(m.Values, vals...)
			}
		}
	}
	out := make([]project.Metric, 0, len(byName))
	for _, name := range sortedKeys(byName) {
		out = append(out, *byName[name])
	}
	return out, nil
}

func itemPhrase(item string) string {
	if item == "" {
		return " (no item)"
	}
	return fmt.Sprintf(", item %q", item)
}

// metric returns an empty metric with its settings from the config.
func (l *loader) metric(name string) *project.Metric {
	c := l.cfg.Metric(name)
	dir := project.HigherIsBetter
	if c.Direction == "lower" {
		dir = project.LowerIsBetter
	}
	return &project.Metric{Name: name, Label: c.Label, Description: c.Description, Unit: c.Unit, Direction: dir, Headline: c.Headline}
}

// mergeAnnotations joins the annotation files in name order into
// dimensions. When a rater rated the same item on the same dimension in the
// same iteration twice, the later rating wins and a warning names both.
func (l *loader) mergeAnnotations(seen *iterSeen) ([]project.Dimension, error) {
	dropped, err := l.dropRepeats(seen)
	if err != nil {
		return nil, err
	}
	groups := map[string][]rawRating{}
	for f, r := range l.annots {
		for i, rr := range r.ratings {
			if dropped[f] == nil || !dropped[f][i] {
				groups[rr.dim] = append(groups[rr.dim], rr)
			}
		}
	}
	out := make([]project.Dimension, 0, len(groups))
	for _, name := range sortedKeys(groups) {
		d, err := l.dimension(name, groups[name])
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// dropRepeats finds ratings that a later one of the same rater, item,
// dimension and iteration replaces, and warns about each.
func (l *loader) dropRepeats(seen *iterSeen) ([][]bool, error) {
	type key struct{ rater, item, dim, iter string }
	type ref struct{ file, index int }
	last := map[key]ref{}
	dropped := make([][]bool, len(l.annots))
	for f, r := range l.annots {
		if r.err != nil {
			return nil, r.err
		}
		l.warnings = append(l.warnings, r.warnings...)
		seen.merge(r.seen)
		for i, rr := range r.ratings {
			k := key{rr.Rater, rr.Item, rr.dim, rr.Iteration}
			if prev, dup := last[k]; dup {
				if dropped[prev.file] == nil {
					dropped[prev.file] = make([]bool, len(l.annots[prev.file].ratings))
				}
				dropped[prev.file][prev.index] = true
				old := l.annots[prev.file].ratings[prev.index]
				l.warnings = append(l.warnings, fmt.Sprintf("%s: rater %q rated item %q on %q%s again; keeping this rating, not the one at %s",
					rr.Pos, rr.Rater, rr.Item, rr.dim, iterPhrase(rr.Iteration), old.Pos))
			}
			last[k] = ref{f, i}
		}
	}
	return dropped, nil
}

func iterPhrase(iter string) string {
	if iter == "" {
		return ""
	}
	return fmt.Sprintf(" in iteration %q", iter)
}

// dimension builds one dimension from its ratings in input order and checks
// them against its settings.
func (l *loader) dimension(name string, raw []rawRating) (project.Dimension, error) {
	c := l.cfg.Dimension(name)
	d := project.Dimension{Name: name, Label: c.Label, Description: c.Description, Numeric: true}
	for _, r := range raw {
		d.Numeric = d.Numeric && r.numeric
	}
	d.Scale = project.Scale(c.Scale)
	if d.Scale == "" {
		d.Scale = project.Nominal
		if d.Numeric {
			d.Scale = project.Interval
		}
	}
	labels := slices.Clone(c.Labels)
	index := map[string]int{}
	for i, s := range labels {
		index[s] = i
	}
	d.Ratings = make([]project.Rating, len(raw))
	for i, r := range raw {
		if err := l.checkRating(&d, r, c.Min, c.Max, c.Labels); err != nil {
			return d, err
		}
		j, ok := index[r.Label]
		if !ok && !d.Numeric {
			j = len(index)
			index[r.Label] = j
			if len(c.Labels) == 0 {
				labels = append(labels, r.Label)
			}
		}
		rating := r.Rating
		switch {
		case d.Numeric:
		case d.Scale == project.Ordinal:
			rating.Value = float64(j)
		default:
			rating.Value = 0
		}
		d.Ratings[i] = rating
	}
	if len(labels) > 0 {
		d.Labels = labels
	}
	return d, nil
}

// checkRating checks one rating against its dimension's scale, configured
// labels and range.
func (l *loader) checkRating(d *project.Dimension, r rawRating, min, max *float64, labels []string) error {
	switch {
	case !r.numeric && (d.Scale == project.Interval || d.Scale == project.Ratio):
		return errorf(r.Pos.File, r.Pos.Line, r.col, "dimension %q is %s in the config, but value %q is not a number", d.Name, d.Scale, r.Label)
	case len(labels) > 0 && !slices.Contains(labels, r.Label):
		return errorf(r.Pos.File, r.Pos.Line, r.col, "dimension %q: label %q is not one of the configured labels (%s)", d.Name, r.Label, strings.Join(labels, ", "))
	case d.Numeric && (min != nil && r.Value < *min || max != nil && r.Value > *max):
		return errorf(r.Pos.File, r.Pos.Line, r.col, "dimension %q: value %s is outside the configured range %s", d.Name, r.Label, rangeText(min, max))
	}
	return nil
}

func rangeText(min, max *float64) string {
	switch {
	case min != nil && max != nil:
		return fmt.Sprintf("%v to %v", *min, *max)
	case min != nil:
		return fmt.Sprintf("of at least %v", *min)
	}
	return fmt.Sprintf("of at most %v", *max)
}

// configWarnings warns about metrics and dimensions that the config
// describes but the data does not have.
func (l *loader) configWarnings(p *project.Project) {
	file, src := l.configSource()
	has := func(name string, in []string) bool { return slices.Contains(in, name) }
	var metrics, dims []string
	for _, m := range p.Metrics {
		metrics = append(metrics, m.Name)
	}
	for _, d := range p.Dimensions {
		dims = append(dims, d.Name)
	}
	for _, name := range sortedKeys(l.cfg.Metrics) {
		if !has(name, metrics) {
			line := tomlfile.KeyLine(src, toml.Key{"metrics", name})
			l.warnings = append(l.warnings, fmt.Sprintf("%s: [metrics.%s] is configured but no metric file has it", where(file, line, 0), name))
		}
	}
	for _, name := range sortedKeys(l.cfg.Dimensions) {
		if !has(name, dims) {
			line := tomlfile.KeyLine(src, toml.Key{"dimensions", name})
			l.warnings = append(l.warnings, fmt.Sprintf("%s: [dimensions.%s] is configured but no annotation file has it", where(file, line, 0), name))
		}
	}
}

// configSource returns the config file's name for messages and, when it
// lies inside the project root, its text.
func (l *loader) configSource() (name, src string) {
	if l.cfg.File == "" {
		return "config", ""
	}
	rel, err := filepath.Rel(l.cfg.Root, l.cfg.File)
	if err != nil || !filepath.IsLocal(rel) {
		return l.cfg.File, ""
	}
	rel = filepath.ToSlash(rel)
	b, err := fs.ReadFile(l.fsys, rel)
	if err != nil {
		return rel, ""
	}
	return rel, string(b)
}
