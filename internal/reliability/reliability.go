// Package reliability measures how far the human ratings of a project can be
// trusted: inter-rater agreement per dimension and iteration, how each rater
// compares with the others, rater drift across iterations, accuracy on gold
// items, and the items raters disagree on most.
//
// Analyse is a pure function of the Project and Options; the statistics
// themselves live in package agreement.
package reliability

import (
	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/project"
)

// Options configures Analyse.
type Options struct {
	Confidence    float64 // level of the bootstrap interval of alpha
	Resamples     int     // bootstrap resamples
	Seed          uint64
	Alert         float64 // alpha below this: error alert (Krippendorff's 0.667)
	Warn          float64 // alpha below this: warning (0.8)
	DriftDrop     float64 // fall in a rater's agreement between iterations that raises a calibration alert
	MaxOffset     float64 // |mean offset from consensus| that raises a calibration alert
	Disagreements int     // items listed per dimension with the widest disagreement
}

// Report is the result of Analyse.
type Report struct {
	Dimensions []Dimension   // in the order of Project.Dimensions
	Alerts     []alert.Alert // sorted with alert.Sort
}

// Dimension is everything known about the reliability of one dimension.
type Dimension struct {
	Dimension string `json:"dimension"`
	Level     string `json:"level"` // the level of measurement used for the CI and thresholds
	// Pooled is the record over all iterations (Iteration ""); Iterations
	// has one record per iteration with ratings, in series order.
	Pooled     Record   `json:"pooled"`
	Iterations []Record `json:"iterations"`
	// Raters has each rater's figures pooled over iterations, sorted by
	// rater; RaterTrend the same per iteration, by rater then series order.
	Raters     []Rater `json:"raters"`
	RaterTrend []Rater `json:"rater_trend"`
	// Pairs is the agreement of every pair of raters on the items both
	// rated (pooled), for a rater-by-rater heat map; A < B, sorted.
	Pairs []Pair `json:"pairs"`
	// Disagreements are the items with the widest spread of ratings, widest
	// first (at most Options.Disagreements).
	Disagreements []Disagreement `json:"disagreements"`
}

// Record is one row of site/api/agreement.json. Every figure that cannot
// be computed is nil (JSON null), never NaN.
type Record struct {
	Dimension           string   `json:"dimension"`
	Iteration           string   `json:"iteration"` // "" for all iterations pooled
	NItems              int      `json:"n_items"`   // items with at least two ratings (pairable)
	NRaters             int      `json:"n_raters"`
	NRatings            int      `json:"n_ratings"`
	AlphaNominal        *float64 `json:"alpha_nominal"`
	AlphaOrdinal        *float64 `json:"alpha_ordinal"`  // nil for label dimensions without an order
	AlphaInterval       *float64 `json:"alpha_interval"` // nil for label dimensions
	AlphaRatio          *float64 `json:"alpha_ratio"`    // nil for label dimensions
	Level               string   `json:"level"`          // the configured level; the CI and status refer to it
	Alpha               *float64 `json:"alpha"`          // alpha at Level
	AlphaCILow          *float64 `json:"alpha_ci_low"`
	AlphaCIHigh         *float64 `json:"alpha_ci_high"`
	FleissKappa         *float64 `json:"fleiss_kappa"` // nil unless every item has the same number of ratings
	CohenKappa          *float64 `json:"cohen_kappa"`  // the three Cohen figures: nil unless exactly two raters
	CohenKappaLinear    *float64 `json:"cohen_kappa_linear"`
	CohenKappaQuadratic *float64 `json:"cohen_kappa_quadratic"`
	PercentAgreement    *float64 `json:"percent_agreement"` // share of agreeing pairs of ratings within items
	Status              string   `json:"status"`            // "reliable", "tentative", "unreliable" or "not computable"
	Reason              string   `json:"reason,omitempty"`  // why figures are missing, e.g. "fewer than two raters"
}

// Rater is one rater's figures on one dimension, pooled (Iteration "") or in
// one iteration. Nil figures could not be computed.
type Rater struct {
	Rater     string `json:"rater"`
	Dimension string `json:"dimension"`
	Iteration string `json:"iteration"`
	NRatings  int    `json:"n_ratings"`
	// AlphaWithout is alpha (at the dimension's level) with this rater's
	// ratings left out; AlphaDelta is alpha with them minus alpha without:
	// negative when the rater lowers agreement.
	AlphaWithout *float64 `json:"alpha_without"`
	AlphaDelta   *float64 `json:"alpha_delta"`
	// Agreement is how well the rater tracks the others: the Pearson
	// correlation of the rater's ratings with the mean of the other raters'
	// ratings of the same items (numeric dimensions), or the share of the
	// rater's ratings that match the others' majority label.
	Agreement *float64 `json:"agreement"`
	// Offset is the mean of (rating - mean of the others' ratings of the
	// same item): positive for a lenient rater, negative for a severe one.
	// Nil for label dimensions.
	Offset *float64 `json:"offset"`
	// GoldN is the number of the rater's ratings of gold items, GoldAccuracy
	// the share of them equal to the known answer.
	GoldN        int      `json:"gold_n"`
	GoldAccuracy *float64 `json:"gold_accuracy"`
}

// Pair is the agreement between two raters.
type Pair struct {
	RaterA    string   `json:"rater_a"`
	RaterB    string   `json:"rater_b"`
	NItems    int      `json:"n_items"`   // items both rated
	Agreement *float64 `json:"agreement"` // share of shared items on which they gave the same value
	Alpha     *float64 `json:"alpha"`     // alpha of the two at the dimension's level
}

// Disagreement is one item on which raters disagree.
type Disagreement struct {
	Item      string   `json:"item"`
	Iteration string   `json:"iteration"`
	Values    []string `json:"values"` // the ratings as written, sorted
	Raters    []string `json:"raters"` // the raters, in the order of Values
	// Spread is the standard deviation of the ratings (numeric dimensions)
	// or one minus the share of the most common label (label dimensions).
	Spread float64 `json:"spread"`
}

// Analyse computes the reliability of every dimension of p.
func Analyse(p *project.Project, opt Options) Report {
	panic("not implemented")
}
