// Package experiment treats every iteration as a controlled experiment: it
// compares each iteration with its baseline on every metric and numeric
// rating dimension, and by win rate on every pairwise dimension where the
// two were judged side by side, breaks the comparison down by slice, holds iterations
// to the configured thresholds, watches sentinel metrics for anomalies, and
// evaluates the experiments that case studies state before their results.
//
// The flags a reader acts on are calibrated: an iteration's comparisons
// and their slices form one family for the multiple-comparison correction,
// so that a verdict "better" or "worse", a regression alert and a slice
// warning need a change that is significant in that family, while changes
// short of it are shown as "possibly better" or "possibly worse", possible
// reversals and info alerts rather than dropped (see Analyse). The
// correction is weighted: the comparisons share most of the family's
// weight and the slices the rest (experiments.slice_weight), so that many
// slices do not take the power of the comparisons a release depends on. Intervals
// are compare's expanded percentile intervals, which keep their coverage
// on small slices, and p-values never sit at a Monte Carlo floor that the
// correction could not get under (compare.MinExceedances).
//
// Analyse is a pure function of the Project and Options; the statistics
// themselves live in package compare.
package experiment

import (
	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/config"
)

// Options configures Analyse.
type Options struct {
	Confidence float64 // level of every interval
	Resamples  int     // bootstrap and permutation resamples
	Seed       uint64
	Experiment config.Experiment // correction, slice weight, alpha, power, anomaly window and z
	// Thresholds per metric and per dimension name (from config; absent
	// names have none).
	MetricThresholds    map[string]config.Thresholds
	DimensionThresholds map[string]config.Thresholds
	// DimensionDirection says which way each numeric dimension's consensus
	// improves: "lower", or "higher" (also for absent names), as
	// config.DimensionConfig.Direction.
	DimensionDirection map[string]string
	// Labels and Units give alert messages a subject's display name and
	// unit, keyed like alert.Alert.Subject: "metric <name>" or "dimension
	// <name>". A subject without a label is named by its name; one without
	// a unit has its figures shown bare.
	Labels map[string]string
	Units  map[string]string
}

// Report is the result of Analyse.
type Report struct {
	// Comparisons has one entry per iteration that has a comparison target
	// (its baseline, else the previous iteration; for unordered systems the
	// round's reference, or every pair; see Analyse) and per metric and
	// numeric dimension both have values for: iterations in series order
	// (unordered systems: rounds in order, each round's comparisons
	// together), then metrics in project order, then dimensions.
	Comparisons []Comparison `json:"comparisons"`
	// Verdicts has one entry per case study that states an experiment
	// (front matter candidate and primary), in project order.
	Verdicts []Verdict     `json:"verdicts"`
	Alerts   []alert.Alert `json:"alerts"` // sorted with alert.Sort
}

// Interval is a confidence interval.
type Interval struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// Comparison is one iteration against its target on one metric or dimension.
type Comparison struct {
	Iteration   string    `json:"iteration"`
	Against     string    `json:"against"`   // the iteration compared with
	Target      string    `json:"target"`    // "baseline", "previous", "reference" or "pair" (see Analyse)
	Subject     string    `json:"subject"`   // metric or dimension name
	Kind        string    `json:"kind"`      // "metric", "dimension" or "pairwise" (KindPairwise: Mean is the win rate, MeanAgainst 0.5)
	Direction   string    `json:"direction"` // "higher" or "lower" is better
	Paired      bool      `json:"paired"`    // false: the items differ, an unpaired comparison
	Method      string    `json:"method"`    // e.g. "paired bootstrap, sign-flip test", "McNemar exact", "unpaired bootstrap, permutation test"
	N           int       `json:"n"`         // pairs (paired) or candidate values (unpaired)
	NAgainst    int       `json:"n_against"` // values of the target (unpaired); equals N when paired
	Mean        float64   `json:"mean"`      // candidate mean on the compared items
	MeanAgainst float64   `json:"mean_against"`
	Delta       float64   `json:"delta"` // Mean - MeanAgainst
	CI          *Interval `json:"ci"`    // of Delta; nil when n < 2
	P           *float64  `json:"p"`     // two-sided p-value
	// PMethod says which p-value P is, as compare.Result.PMethod: "exact
	// sign-flip", "sign-flip, 1,000 random signs", "paired t (Monte Carlo
	// floor)", "McNemar exact", "permutation, 1,000 random splits", "Welch
	// t (Monte Carlo floor)" or "two-proportion z"; "" without a test.
	PMethod string `json:"p_method"`
	// PAdjusted is P after the configured weighted correction over the
	// iteration's family, every comparison of the iteration and every
	// slice of them (see Analyse): the smallest alpha at which the
	// procedure rejects this test.
	PAdjusted *float64 `json:"p_adjusted"`
	// Weight is the test's share of the family's weight in the correction
	// (the weights of the family's tests sum to 1; "none" ignores them);
	// 0 without a test. Tests is the number of tests in the family.
	Weight float64  `json:"weight"`
	Tests  int      `json:"tests"`
	Effect *float64 `json:"effect"` // standardised effect size (Cohen's dz paired, Hedges' g unpaired)
	// Verdict reads the comparison in the subject's direction: "better" or
	// "worse" when the CI excludes zero on that side and the comparison is
	// Significant; "possibly better" or "possibly worse" when the CI
	// excludes zero or P < alpha but it is not significant after the
	// correction (or significant while the CI includes zero); "no change"
	// otherwise; "no test" when each iteration has a single value.
	Verdict string `json:"verdict"`
	// Significant is PAdjusted < alpha.
	Significant bool              `json:"significant"`
	Slices      []SliceComparison `json:"slices,omitempty"` // by slice value, sorted
}

// SliceComparison is a comparison restricted to the items of one slice.
type SliceComparison struct {
	Slice   string    `json:"slice"`
	N       int       `json:"n"`
	Delta   float64   `json:"delta"`
	CI      *Interval `json:"ci"`
	P       *float64  `json:"p"`
	PMethod string    `json:"p_method"` // as Comparison.PMethod
	// PAdjusted is P adjusted over the iteration's whole family, with the
	// comparisons and all other slices (see Analyse); Weight is the
	// slice's share of the family's weight; Significant is PAdjusted <
	// alpha.
	PAdjusted   *float64 `json:"p_adjusted"`
	Weight      float64  `json:"weight"`
	Significant bool     `json:"significant"`
	Verdict     string   `json:"verdict"` // as Comparison.Verdict
	// Reversal marks a slice regression the aggregate hides: the slice is
	// "worse" (significantly, after the correction), or significant with a
	// change in the bad direction beyond the subject's regression limits,
	// while the whole comparison is not "worse" (see Analyse). It raises a
	// "slice" warning.
	Reversal bool `json:"reversal"`
	// PossibleReversal is the hint short of a Reversal: under the same
	// whole comparison the slice is "possibly worse", or beyond the
	// regression limits, but not significant after the correction. It
	// raises no alert.
	PossibleReversal bool `json:"possible_reversal"`
}

// Verdict is the evaluation of one case study's experiment.
type Verdict struct {
	CaseStudy string    `json:"casestudy"` // the document's slug
	Title     string    `json:"title"`
	Baseline  string    `json:"baseline"`
	Candidate string    `json:"candidate"`
	Primary   string    `json:"primary"`
	MinEffect *float64  `json:"min_effect"`
	PlannedN  int       `json:"planned_n"`
	N         int       `json:"n"`
	Delta     float64   `json:"delta"` // in the primary's good direction: positive is an improvement
	CI        *Interval `json:"ci"`
	P         *float64  `json:"p"`
	// MDE is the minimum detectable effect at the sample size used (power
	// and alpha from Options).
	MDE *float64 `json:"mde"`
	// Outcome is "supported" (the CI lies above the minimum effect, or above
	// zero when none is set), "refuted" (the CI lies below the minimum
	// effect) or "inconclusive" (the CI straddles it, or the sample is below
	// plan); Reason says which in words.
	Outcome string `json:"outcome"`
	Reason  string `json:"reason"`
}

// OptionsFrom returns the Options a project's configuration sets: the
// analysis settings, the experiment settings, and the thresholds and
// directions of every configured metric and dimension.
func OptionsFrom(c *config.Config) Options {
	o := Options{
		Confidence: c.Analysis.Confidence, Resamples: c.Analysis.Resamples, Seed: c.Analysis.Seed,
		Experiment:          c.Experiment,
		MetricThresholds:    make(map[string]config.Thresholds, len(c.Metrics)),
		DimensionThresholds: make(map[string]config.Thresholds, len(c.Dimensions)),
		DimensionDirection:  make(map[string]string, len(c.Dimensions)),
		Labels:              make(map[string]string, len(c.Metrics)+len(c.Dimensions)),
		Units:               make(map[string]string, len(c.Metrics)),
	}
	for name, m := range c.Metrics {
		o.MetricThresholds[name] = m.Thresholds
		o.Labels["metric "+name] = c.Metric(name).Label
		if m.Unit != "" {
			o.Units["metric "+name] = m.Unit
		}
	}
	for name := range c.Dimensions {
		d := c.Dimension(name)
		o.DimensionThresholds[name] = d.Thresholds()
		o.DimensionDirection[name] = d.Direction
		o.Labels["dimension "+name] = d.Label
	}
	return o
}
