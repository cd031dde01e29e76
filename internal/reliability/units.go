package reliability

import (
	"maps"
	"slices"

	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/project"
)

// Fingerprint returns the fingerprint of everything the reliability of d
// reads: the options with only d's entry of Options.Dimensions, the
// series' IDs in order, the raters and their attributes (rater groups),
// and d's name, label, scale, labels, gold answers and ratings (item,
// rater, iteration, value and label of each, in order). Equal fingerprints
// give equal DimensionResults: the bootstrap seeds derive from the
// dimension's, iterations' and groups' names, not from other dimensions.
func Fingerprint(p *project.Project, d *project.Dimension, opt Options) fingerprint.Sum {
	own := opt.Dimensions[d.Name]
	opt.Dimensions = nil
	h := fingerprint.New("reliability dimension").JSON(opt).JSON(own)
	h.Int(len(p.Iterations))
	for _, it := range p.Iterations {
		h.String(it.ID)
	}
	h.Int(len(p.Raters))
	for _, r := range p.Raters {
		h.String(r.ID).Int(len(r.Attrs))
		for _, k := range slices.Sorted(maps.Keys(r.Attrs)) {
			h.String(k).String(r.Attrs[k])
		}
	}
	h.String(d.Name).String(d.Label).String(string(d.Scale)).Bool(d.Numeric).Strings(d.Labels)
	h.Int(len(d.Gold))
	for _, k := range slices.Sorted(maps.Keys(d.Gold)) {
		h.String(k).String(d.Gold[k])
	}
	h.Int(d.Ratings.Len())
	for i := range d.Ratings.Len() {
		r := d.Ratings.At(i)
		h.String(r.Item).String(r.Rater).String(r.Iteration).Float(r.Value).String(r.Label)
	}
	h.Int(len(d.Coincidences))
	for _, c := range d.Coincidences {
		h.String(c.Iteration).String(c.A).String(c.B).Float(c.Count)
	}
	h.Int(len(d.AlphaMoments))
	for _, m := range d.AlphaMoments {
		h.String(m.Iteration).Float(m.N).Float(m.Sum).Float(m.SumSq).Float(m.Within)
	}
	h.Int(len(d.RaterPairs))
	for _, c := range d.RaterPairs {
		h.String(c.Iteration).String(c.RaterA).String(c.RaterB).String(c.A).String(c.B).Float(c.Count)
	}
	h.Int(len(d.RaterMoments))
	for _, r := range d.RaterMoments {
		h.String(r.Iteration).String(r.Rater).Float(r.N).Float(r.Sum).Float(r.SumSq)
	}
	return h.Done()
}
