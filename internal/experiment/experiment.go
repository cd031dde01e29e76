// Package experiment treats every iteration as a controlled experiment: it
// compares each iteration with its baseline on every metric and numeric
// rating dimension, breaks the comparison down by slice, holds iterations
// to the configured thresholds, watches sentinel metrics for anomalies, and
// evaluates the experiments that case studies state before their results.
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
	Experiment config.Experiment // correction, alpha, power, anomaly window and z
	// Thresholds per metric and per dimension name (from config; absent
	// names have none).
	MetricThresholds    map[string]config.Thresholds
	DimensionThresholds map[string]config.Thresholds
	// DimensionDirection says which way each numeric dimension's consensus
	// improves: "lower", or "higher" (also for absent names), as
	// config.DimensionConfig.Direction.
	DimensionDirection map[string]string
}

// Report is the result of Analyse.
type Report struct {
	// Comparisons has one entry per iteration that has a comparison target
	// (its baseline, else the previous iteration) and per metric and numeric
	// dimension both have values for: iterations in series order, then
	// metrics in project order, then dimensions.
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
	Target      string    `json:"target"`    // "baseline" or "previous"
	Subject     string    `json:"subject"`   // metric or dimension name
	Kind        string    `json:"kind"`      // "metric" or "dimension"
	Direction   string    `json:"direction"` // "higher" or "lower" is better
	Paired      bool      `json:"paired"`    // false: the items differ, an unpaired comparison
	Method      string    `json:"method"`    // e.g. "paired bootstrap, sign-flip test", "McNemar exact", "unpaired bootstrap, permutation test"
	N           int       `json:"n"`         // pairs (paired) or candidate values (unpaired)
	NAgainst    int       `json:"n_against"` // values of the target (unpaired); equals N when paired
	Mean        float64   `json:"mean"`      // candidate mean on the compared items
	MeanAgainst float64   `json:"mean_against"`
	Delta       float64   `json:"delta"`      // Mean - MeanAgainst
	CI          *Interval `json:"ci"`         // of Delta; nil when n < 2
	P           *float64  `json:"p"`          // two-sided p-value
	PAdjusted   *float64  `json:"p_adjusted"` // after the configured correction over this iteration's comparisons
	Effect      *float64  `json:"effect"`     // standardised effect size (Cohen's dz paired, Hedges' g unpaired)
	// Verdict reads the CI in the subject's direction: "better" or "worse"
	// when the CI excludes zero, else "no change"; "no test" when each
	// iteration has a single value.
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
	Verdict string    `json:"verdict"`
	// Reversal marks a slice that moves against the overall direction:
	// "worse", or beyond the subject's regression limits, while the whole
	// is "better" or "no change" with a delta in the good direction; the
	// aggregate hides a regression (see Analyse).
	Reversal bool `json:"reversal"`
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
	}
	for name, m := range c.Metrics {
		o.MetricThresholds[name] = m.Thresholds
	}
	for name := range c.Dimensions {
		d := c.Dimension(name)
		o.DimensionThresholds[name] = d.Thresholds()
		o.DimensionDirection[name] = d.Direction
	}
	return o
}
