// Package trend summarises each metric and each rating dimension per
// iteration: sample sizes, means, spread, bootstrap confidence intervals and
// the change against the previous iteration and the baseline.
//
// Analyse is a pure function of the Project and Options: no I/O, and the
// same inputs always give the same Report (the bootstrap draws from a
// generator seeded by Options.Seed and the metric and iteration names).
package trend

import "github.com/evalbook/evalbook/internal/project"

// Options configures Analyse.
type Options struct {
	Confidence float64 // level of the intervals, for example 0.95
	Resamples  int     // bootstrap resamples
	Seed       uint64
}

// Report is the result of Analyse.
type Report struct {
	Metrics    []MetricTrend    // in the order of Project.Metrics
	Dimensions []DimensionTrend // in the order of Project.Dimensions
}

// Interval is a confidence interval.
type Interval struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// MetricTrend is one metric over the iterations.
type MetricTrend struct {
	Metric    string        `json:"metric"`
	Direction string        `json:"direction"` // "higher" or "lower" is better
	Points    []MetricPoint `json:"points"`    // one per iteration with values, in series order
}

// MetricPoint summarises one metric in one iteration.
type MetricPoint struct {
	Iteration string  `json:"iteration"`
	N         int     `json:"n"` // number of values (items, or 1 for an iteration-level value)
	Mean      float64 `json:"mean"`
	// SD is the sample standard deviation (n-1); nil when N < 2.
	SD *float64 `json:"sd"`
	// CI is the percentile bootstrap interval of the mean over items; nil
	// when N < 2.
	CI *Interval `json:"ci"`
	// DeltaPrev is Mean minus the previous iteration's mean (the previous
	// iteration in series order that has this metric); nil for the first.
	DeltaPrev *float64 `json:"delta_prev"`
	// DeltaBaseline is Mean minus the baseline iteration's mean; nil when the
	// iteration has no baseline or the baseline has no values.
	DeltaBaseline *float64 `json:"delta_baseline"`
	Baseline      string   `json:"baseline,omitempty"`
	// Improved says whether DeltaPrev goes in the metric's good direction;
	// nil when there is no previous point or the delta is zero.
	Improved *bool       `json:"improved"`
	Slices   []SliceStat `json:"slices,omitempty"` // per slice, sorted by Slice
}

// SliceStat is a metric's mean within one slice of the items.
type SliceStat struct {
	Slice string  `json:"slice"`
	N     int     `json:"n"`
	Mean  float64 `json:"mean"`
}

// DimensionTrend is one rating dimension over the iterations.
type DimensionTrend struct {
	Dimension string           `json:"dimension"`
	Scale     string           `json:"scale"`
	Numeric   bool             `json:"numeric"`
	Points    []DimensionPoint `json:"points"` // one per iteration with ratings, in series order; ratings without an iteration are under ""
}

// DimensionPoint summarises the ratings of one dimension in one iteration.
type DimensionPoint struct {
	Iteration string `json:"iteration"`
	Ratings   int    `json:"n_ratings"`
	Raters    int    `json:"n_raters"`
	Items     int    `json:"n_items"`
	// Mean, SD and CI describe numeric dimensions: the mean of the per-item
	// mean ratings, its standard deviation over items and a bootstrap
	// interval over items. Nil for label dimensions (and SD, CI when fewer
	// than two items).
	Mean      *float64  `json:"mean"`
	SD        *float64  `json:"sd"`
	CI        *Interval `json:"ci"`
	DeltaPrev *float64  `json:"delta_prev"`
	// Distribution counts the ratings per value, in the dimension's label
	// order (numeric dimensions: ascending value).
	Distribution []Count `json:"distribution"`
}

// Count is how many ratings had one value.
type Count struct {
	Value string  `json:"value"`
	N     int     `json:"n"`
	Share float64 `json:"share"` // N over all ratings of the point
}

// Analyse computes the trends of every metric and dimension of p.
func Analyse(p *project.Project, opt Options) Report {
	panic("not implemented")
}
