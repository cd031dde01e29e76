package discrepancy

import "github.com/evalbook/evalbook/internal/config"

// OptionsFrom returns the options a project's configuration sets: the
// interval level of [analysis], the [discrepancy] settings, and each
// metric's and dimension's consensus rule and pass threshold.
func OptionsFrom(c *config.Config) Options {
	d := c.Discrepancy
	o := Options{
		Confidence: c.Analysis.Confidence, Partial: d.Partial,
		Floor: d.Floor, Drop: d.Drop, Top: d.Top, MinN: d.MinItems,
		Seed:          c.Analysis.Seed,
		Consensus:     map[string]string{},
		MetricPass:    map[string]Pass{},
		DimensionPass: map[string]Pass{},
	}
	if d.Intervals == "bootstrap" {
		o.Resamples = c.Analysis.Resamples
	}
	for name, m := range c.Metrics {
		if m.Pass != nil {
			o.MetricPass[name] = Pass{Value: *m.Pass}
		}
	}
	for name := range c.Dimensions {
		dim := c.Dimension(name)
		if dim.Consensus != "" {
			o.Consensus[name] = dim.Consensus
		}
		switch {
		case dim.Pass != nil:
			o.DimensionPass[name] = Pass{Value: *dim.Pass, Lower: dim.Direction == "lower"}
		case len(dim.PassLabels) > 0:
			o.DimensionPass[name] = Pass{Labels: dim.PassLabels}
		}
	}
	return o
}
