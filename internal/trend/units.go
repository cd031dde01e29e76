package trend

import (
	"github.com/evalbook/evalbook/internal/fingerprint"
	"github.com/evalbook/evalbook/internal/project"
)

// MetricFingerprint returns the fingerprint of everything the trend of m
// reads: the options (defaults applied), whether the project's iterations
// are unordered, the series (IDs and baselines, in order), and m's name,
// direction and values (iteration, slice and value of each, in order).
// Equal fingerprints give equal MetricTrends, because the bootstrap seeds
// derive from the metric's and iterations' names, not from other units.
func MetricFingerprint(p *project.Project, m *project.Metric, opt Options) fingerprint.Sum {
	h := fingerprint.New("trend metric").JSON(opt.withDefaults()).Bool(p.Shape.Unordered())
	h.Int(len(p.Iterations))
	for _, it := range p.Iterations {
		h.String(it.ID).String(it.Baseline)
	}
	vals := &m.Values
	h.String(m.Name).Int(int(m.Direction)).Int(vals.Len())
	for i := range vals.Len() {
		h.String(vals.IterationName(i)).String(vals.SliceName(i)).Float(vals.Value[i])
	}
	h.Int(len(m.Moments))
	for _, mm := range m.Moments {
		h.String(mm.Iteration).String(mm.Slice).Float(mm.N).Float(mm.Sum).Float(mm.SumSq)
	}
	h.Int(len(m.Replicates))
	for _, r := range m.Replicates {
		h.String(r.Iteration).Int(r.Replicate).Float(r.N).Float(r.Sum)
	}
	return h.Done()
}

// DimensionFingerprint returns the fingerprint of everything the trend of
// d reads: the options (defaults applied), whether the project's iterations
// are unordered, the series' IDs in order, and d's name, scale, labels and
// ratings (iteration, item, rater, value and label of each, in order).
func DimensionFingerprint(p *project.Project, d *project.Dimension, opt Options) fingerprint.Sum {
	h := fingerprint.New("trend dimension").JSON(opt.withDefaults()).Bool(p.Shape.Unordered())
	h.Int(len(p.Iterations))
	for _, it := range p.Iterations {
		h.String(it.ID)
	}
	h.String(d.Name).String(string(d.Scale)).Bool(d.Numeric).Strings(d.Labels).Int(d.Ratings.Len())
	for i := range d.Ratings.Len() {
		r := d.Ratings.At(i)
		h.String(r.Iteration).String(r.Item).String(r.Rater).Float(r.Value).String(r.Label)
	}
	h.Int(len(d.Coincidences)).Int(len(d.AlphaMoments)).Int(len(d.RaterMoments))
	for _, r := range d.RaterMoments {
		h.String(r.Iteration).String(r.Rater).Float(r.N).Float(r.Sum).Float(r.SumSq)
	}
	return h.Done()
}
