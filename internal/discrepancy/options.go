package discrepancy

import "github.com/evalbook/evalbook/internal/config"

// Options configures Analyse. Zero values take the defaults noted.
type Options struct {
	Confidence float64 // level of the intervals; default 0.95
	Partial    bool    // add the partial correlation controlling for iteration to pooled records
	Floor      float64 // validity floor of the oriented Spearman rho; default 0.3
	Drop       float64 // largest tolerated gap below the reference's lower bound; default 0.2
	Top        int     // disagreements listed per direction; default 10
	MinN       int     // fewest joined units an iteration needs for its validity check; default 20
	// Resamples, when above zero, replaces the intervals of the item-level
	// records with percentile bootstrap intervals of that many resamples
	// (correlation.Bootstrap), drawn from streams of Seed.
	Resamples int
	Seed      uint64
	// Consensus names how a dimension's ratings of one unit are combined:
	// "mean" (the default for numeric dimensions), "median" or "majority"
	// (the only choice, and the default, for label dimensions).
	Consensus map[string]string
	// MetricPass and DimensionPass are the thresholds an item must reach to
	// pass, by metric and dimension name; a pair gets verdict agreement when
	// both have one.
	MetricPass    map[string]Pass
	DimensionPass map[string]Pass
}

// Pass is the threshold a unit must reach to pass on one metric or
// dimension.
type Pass struct {
	// Value is the threshold of a numeric subject: a value at it or beyond
	// it in the good direction passes.
	Value float64
	Lower bool // lower is better (metrics take their own direction instead)
	// Labels are the passing labels of a label dimension.
	Labels []string
}

// Consensus rules.
const (
	Mean     = "mean"
	Median   = "median"
	Majority = "majority"
)

// withDefaults fills in the zero fields of o.
func (o Options) withDefaults() Options {
	if o.Confidence == 0 {
		o.Confidence = 0.95
	}
	if o.Floor == 0 {
		o.Floor = 0.3
	}
	if o.Drop == 0 {
		o.Drop = 0.2
	}
	if o.Top == 0 {
		o.Top = 10
	}
	if o.MinN == 0 {
		o.MinN = 20
	}
	return o
}

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
