// Package trend summarises each metric and each rating dimension per
// iteration: sample sizes, means, spread, bootstrap confidence intervals and
// the change against the previous iteration and the baseline.
//
// Analyse is a pure function of the Project and Options: no I/O, and the
// same inputs always give the same Report (the bootstrap draws from
// generators seeded by Options.Seed and names: a dimension's and an
// iteration's, or for metric values their number; see Metrics).
//
// # Metrics
//
// A metric gets one MetricPoint per iteration that has values for it, in
// series order (the order of Project.Iterations). Every value is one
// observation: N counts the values, Mean is their mean (stats.ExactMean, so
// samples whose sums are equal in exact arithmetic get equal means and rank
// as ties), SD their sample standard deviation and CI the percentile
// bootstrap interval of the mean (package stats). The values are sorted
// before the bootstrap, so the interval does not depend on the order of
// rows in the input.
//
// The points of every metric and iteration with the same number of values
// n share their resamples (stats.BootstrapMeanCIs): one stream seeded by
// Options.Seed and n alone draws one vector of counts per resample, and
// each such point's resample mean weights its own values by it. Each
// interval is still the percentile bootstrap of its own point's mean, and
// does not depend on which other points exist; but the intervals of points
// of equal size are not independent of each other (their Monte Carlo
// errors are correlated, so two iterations' intervals tend to err
// together). Drawing once per size rather than once per iteration makes
// the draws a tenth at ten iterations.
//
// DeltaPrev compares a point with the point before it, that is with the
// latest earlier iteration that has values for the metric; Improved reads
// that delta in the metric's direction. DeltaBaseline compares a point with
// the point of its iteration's baseline. Slices holds the mean per slice
// value; values without a slice count in the point's N and Mean but in no
// slice.
//
// In a project of unordered systems (project.Shape Unordered: shapes
// "systems" and "rounds") a system has no previous one: DeltaPrev and
// Improved are nil for every point, of metrics and dimensions alike, and
// DeltaBaseline remains for an iteration that names a baseline.
//
// # Dimensions
//
// A dimension gets one DimensionPoint per iteration that has ratings for it,
// in series order, and, first, one point with Iteration "" for ratings that
// name no iteration. A point counts its ratings and its distinct raters and
// items. For numeric dimensions the consensus of an item is the mean of its
// ratings in the point, and Mean, SD and CI describe the consensus values
// over items. DeltaPrev compares a point with the latest earlier point that
// has a Mean, leaving out the "" point, which belongs to no iteration.
//
// Distribution lists the same values in every point of a dimension, so the
// points line up as the columns of a chart: for a label dimension its
// Labels, then any other label found in its ratings in order of first
// appearance; for a numeric dimension every value found in its ratings, in
// ascending order, written by strconv.FormatFloat(v, 'f', -1, 64). Values
// an iteration lacks have N 0.
//
// # Aggregates
//
// A metric given as pre-aggregated moments instead of values
// (project.Metric.Aggregated, docs/aggregates.md) gets the same points from
// them: N, Mean = Sum/N, SD = sqrt((SumSq - Sum²/N)/(N-1)) and, in place of
// the bootstrap, the Student t interval of the mean; its points have
// Method "aggregate" and say in Unavailable what needs the rows. A
// dimension given as aggregates has only its numbers of ratings and raters
// per iteration (from the rater moments).
//
// # Figures that cannot be computed
//
// A Report never holds NaN or an infinity, so it can always be written as
// JSON: a figure that cannot be computed (the SD of one value, an interval
// without two values) is a nil pointer. Metric values and numeric ratings
// that are NaN or infinite are ignored; package ingest rejects them, so this
// only guards the promise.
//
// # Iterations not in the series
//
// Package ingest lists every iteration the data names in
// Project.Iterations. Should a value or rating name another iteration
// anyway, its point comes after the series, ordered by iteration ID.
package trend

// Options configures Analyse.
type Options struct {
	Confidence float64 // level of the intervals, for example 0.95; 0 means 0.95
	Resamples  int     // bootstrap resamples; 0 means 1000
	Seed       uint64  // base seed of the bootstrap (see stats.Seed)
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
	// Method is "aggregate" when the point comes from pre-aggregated
	// moments (count, sum, sum of squares) instead of values: CI is then
	// the Student t interval of the mean (or the percentile interval of
	// Poisson bootstrap replicates, see Replicates), and Unavailable says
	// what needs the rows. Both are empty for a point computed from values.
	Method      string `json:"method,omitempty"`
	Unavailable string `json:"unavailable,omitempty"`
	// Replicates is the number of Poisson bootstrap replicates an
	// aggregated point's CI comes from; 0 for a Student t interval or a
	// point computed from values.
	Replicates int `json:"replicates,omitempty"`
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
	// Method is "aggregate" for a dimension given as aggregates: only
	// Ratings and Raters are known, and Unavailable says why the rest is
	// not.
	Method      string `json:"method,omitempty"`
	Unavailable string `json:"unavailable,omitempty"`
}

// Count is how many ratings had one value.
type Count struct {
	Value string  `json:"value"`
	N     int     `json:"n"`
	Share float64 `json:"share"` // N over all ratings of the point
}
