// Package reliability measures how far the human ratings of a project can be
// trusted: inter-rater agreement per dimension and iteration, how each rater
// compares with the others, rater drift across iterations, accuracy on gold
// items, and the items raters disagree on most.
//
// Analyse is a pure function of the Project and Options; the statistics
// themselves live in package agreement.
//
// # Units and records
//
// A unit is an (item, iteration) pair: the same item rated in two iterations
// is two units, because the model output being judged differs. Each rater
// gives a unit at most one rating per dimension; should the project hold two,
// the later one counts. A unit with two or more ratings is pairable.
//
// Every dimension gets one Record per iteration that has ratings, in series
// order, and one pooled Record (Iteration "") over all ratings. Ratings whose
// iteration is unknown ("") count only in the pooled record.
//
// Numeric dimensions get Krippendorff's alpha at all four levels of
// measurement. Label dimensions are coded by their position in
// project.Dimension.Labels and get the nominal alpha, plus the ordinal alpha
// when their scale is ordinal. The dimension's scale picks the alpha that
// the bootstrap interval, the status and the alerts refer to. Fleiss' kappa
// treats every distinct value as a category and is given only when every
// pairable unit has the same number of ratings. Cohen's kappas are given only
// when exactly two raters rated the dimension in the record; their table
// counts the units both rated, with the distinct values they gave, in order,
// as categories (so the weights of linear and quadratic kappa follow the
// rank of a value among them).
//
// A record's status is "unreliable" when alpha is below Options.Alert,
// "tentative" when it is below Options.Warn, "reliable" otherwise, and
// "not computable", with a Reason, when the record has fewer than two raters,
// no pairable unit, or no variation for alpha to measure. A figure that
// cannot be computed is nil: no NaN or infinity ever leaves this package.
//
// # Raters
//
// For each rater, pooled and in each iteration: the number of ratings; alpha
// with the rater's ratings left out and the change the rater makes to alpha;
// Agreement, Offset and gold accuracy, all measured on the units the rater
// shares with at least one other rater.
//
//   - Numeric dimensions: Agreement is Pearson's r between the rater's
//     ratings and the mean of the other raters' ratings of the same unit;
//     Offset is the mean of (rating - that mean).
//   - Label dimensions: Agreement is the share of units on which the rater's
//     label is the most common label among the other raters. When k labels
//     tie for most common and the rater's label is one of them, the unit
//     counts 1/k (one half for the usual two-way tie), so that a rater is
//     neither rewarded nor dropped for the others' split. Offset is nil.
//   - Gold accuracy is the share of the rater's ratings of gold items equal
//     to the known answer: compared as numbers on numeric dimensions (as
//     text when the answer is not a number), as text otherwise.
//
// # Rater groups
//
// When the project knows attributes of its raters (project.Rater: group,
// expertise, locale ...), every attribute with two or more values among a
// dimension's raters splits them into groups; raters without a value for
// the attribute belong to none. Pooled over iterations, each group gets
// its number of raters and ratings, its mean rating (numeric dimensions)
// and alpha among its own raters at the dimension's level, with the number
// of units two of them rated. For numeric dimensions every pair of groups
// A < B of an attribute is compared on the units raters of both rated:
// each group's consensus of a unit is the mean of its raters' ratings, and
// Diff is the mean over those units of A's consensus minus B's, with the
// paired bootstrap interval of package compare (seeded by Options.Seed,
// the dimension, the attribute and the two groups). A difference is
// flagged, and raises a groups alert (a warning), when its interval
// excludes zero and |Diff| exceeds the dimension's calibration limit
// (Dimension.MaxOffset, the limit a single rater's offset is held to): a
// difference both real and as large as a miscalibrated rater's. Label
// dimensions get the groups' alphas but no comparison.
//
// # Pairs and disagreements
//
// For every pair of raters with pooled ratings: the units both rated, the
// share of them on which the two gave the same value, and alpha of the two
// alone. The disagreements are the pooled pairable units whose ratings differ,
// widest Spread first (ties by item, then iteration).
//
// # Aggregates
//
// A dimension given as a coincidence matrix instead of ratings
// (project.Dimension.Aggregated, docs/aggregates.md) gets its records from
// the matrix: alpha at every level (agreement.Coincidences.Alpha), the
// pooled record from the sum of the iterations' matrices, the numbers of
// ratings and raters from the rater moments, and Method "aggregate"; with
// the contingency tables of rater pairs also the pairs of raters and, for
// a record of exactly two raters, Cohen's kappas. The bootstrap interval,
// Fleiss' kappa, percent agreement, the pairable items, the raters'
// agreement and offsets, disagreements and groups need the rows and are
// nil or empty.
//
// # Alerts
//
// A reliability alert is raised for every record whose alpha is below
// Options.Warn: an error below Options.Alert, else a warning. A calibration
// alert (a warning) is raised when a rater's Agreement in an iteration
// (with at least 20 ratings) falls by more than Options.DriftDrop below the
// rater's best earlier iteration, and when a rater's |Offset| in an
// iteration exceeds the dimension's limit, Dimension.MaxOffset (or in the
// pooled record, for a dimension whose ratings have no iterations). The
// limit is relative to the scale: Options.MaxOffsetRel times the range of
// the scale (its configured min and max, else the range of its ratings), so
// half a point on a 1-5 scale is about three on a 0-25 penalty scale;
// Options.MaxOffset, when set, is an absolute limit instead. The message
// reads the offset in the dimension's direction: a rater above the others
// is lenient where higher is better and severe where lower is better. A message opens with the
// dimension's display label (project.Dimension.Label, else its name), as in
// "Helpfulness: alpha 0.51 [0.39, 0.61] in v6 is below 0.667: no
// conclusions"; the Subject keeps the name ("dimension helpfulness", "rater
// r4 on helpfulness"), which pages and `evalbook check` key on. Alerts link
// to the dimension's page (see slug.Make).
package reliability

import (
	"cmp"
	"math"
	"slices"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/parallel"
	"github.com/evalbook/evalbook/internal/project"
)

// Options configures Analyse.
type Options struct {
	Confidence float64 // level of the bootstrap interval of alpha
	Resamples  int     // bootstrap resamples
	Seed       uint64
	Alert      float64 // alpha below this: error alert (Krippendorff's 0.667)
	Warn       float64 // alpha below this: warning (0.8)
	// Systems says the iterations are unordered systems (project shape
	// systems or rounds), so messages speak of systems.
	Systems   bool
	DriftDrop float64 // fall in a rater's agreement between iterations that raises a calibration alert
	// MaxOffset, when above 0, is the |mean offset from consensus|, in
	// scale points, that raises a calibration alert on every dimension;
	// else MaxOffsetRel times the dimension's range is (Dimension.MaxOffset).
	MaxOffset     float64
	MaxOffsetRel  float64
	Disagreements int // items listed per dimension with the widest disagreement
	// Dimensions holds each dimension's configured scale and direction, by
	// name; a dimension without an entry has no configured range and is
	// higher-is-better.
	Dimensions map[string]DimensionOptions
}

// DimensionOptions is what the analysis needs to know of a dimension's
// configuration.
type DimensionOptions struct {
	Min, Max *float64 // the configured ends of the scale, nil when not set
	// Lower is set when lower ratings are better (an error count, a
	// penalty): a rater above the others is then severe, not lenient.
	Lower bool
}

// offsetLimit is the calibration limit of the dimension name whose
// ratings span observed: MaxOffset when set, else MaxOffsetRel times the
// configured range, or the observed one when none is configured.
func (o Options) offsetLimit(name string, observed float64) float64 {
	if o.MaxOffset > 0 {
		return o.MaxOffset
	}
	d := o.Dimensions[name]
	if d.Min != nil && d.Max != nil && *d.Max > *d.Min {
		observed = *d.Max - *d.Min
	}
	return o.MaxOffsetRel * observed
}

// OptionsFrom returns the options a project's config gives: the analysis
// settings and the [agreement] thresholds.
func OptionsFrom(cfg *config.Config) Options {
	a := cfg.Agreement
	dims := make(map[string]DimensionOptions, len(cfg.Dimensions))
	for name := range cfg.Dimensions {
		d := cfg.Dimension(name)
		dims[name] = DimensionOptions{Min: d.Min, Max: d.Max, Lower: d.Direction == "lower"}
	}
	return Options{
		Confidence:    cfg.Analysis.Confidence,
		Resamples:     cfg.Analysis.Resamples,
		Seed:          cfg.Analysis.Seed,
		Alert:         a.Alert,
		Warn:          a.Warn,
		DriftDrop:     a.DriftDrop,
		MaxOffset:     a.MaxOffset,
		MaxOffsetRel:  a.MaxOffsetRel,
		Disagreements: a.Disagreements,
		Dimensions:    dims,
		Systems:       cfg.Project.Shape == config.ShapeSystems || cfg.Project.Shape == config.ShapeRounds,
	}
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
	// MaxOffset is the calibration limit in scale points: a rater whose
	// |Offset| in an iteration exceeds it raises an alert (0 for a label
	// dimension, which has no offsets).
	MaxOffset float64 `json:"max_offset"`
	// Lower is set when lower ratings are better on the dimension.
	Lower bool `json:"lower"`
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
	// Groups has, for every rater attribute with two or more values among
	// the dimension's raters, each group's figures; GroupDiffs compares
	// every pair of groups of an attribute (numeric dimensions). Both are
	// pooled over iterations, by attribute, then group.
	Groups     []Group     `json:"groups"`
	GroupDiffs []GroupDiff `json:"group_diffs"`
}

// Record is one row of site/api/agreement.json. Every figure that cannot
// be computed is nil (JSON null), never NaN.
type Record struct {
	Dimension           string   `json:"dimension"`
	Iteration           string   `json:"iteration"` // "" for all iterations pooled
	NItems              int      `json:"n_items"`   // pairable units: (item, iteration) pairs with at least two ratings
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
	// Method is "aggregate" for a record computed from a coincidence
	// matrix (docs/aggregates.md), and Unavailable then says which figures
	// need per-item rows; both are empty for a record from ratings.
	Method      string `json:"method,omitempty"`
	Unavailable string `json:"unavailable,omitempty"`
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

// Analyse computes the reliability of every dimension of p. Dimensions and
// records are computed in parallel; the result does not depend on it.
//
// It is AnalyseDimensions over every dimension, put together by Assemble:
// each dimension is a unit whose result depends only on its own inputs
// (see Fingerprint).
func Analyse(p *project.Project, opt Options) Report {
	all := make([]int, len(p.Dimensions))
	for i := range all {
		all[i] = i
	}
	return Assemble(AnalyseDimensions(p, opt, all))
}

// DimensionResult is the reliability of one dimension with its alerts, in
// the order Analyse raises them (not yet sorted).
type DimensionResult struct {
	Dimension Dimension
	Alerts    []alert.Alert
}

// Assemble returns the Report of the dimensions' results, in their order:
// the dimensions as given and every alert, sorted with alert.Sort.
func Assemble(results []DimensionResult) Report {
	rep := Report{Dimensions: make([]Dimension, len(results))}
	for i, r := range results {
		rep.Dimensions[i] = r.Dimension
		rep.Alerts = append(rep.Alerts, r.Alerts...)
	}
	alert.Sort(rep.Alerts)
	return rep
}

// AnalyseDimensions computes the reliability of the dimensions of p at the
// indexes idx, in that order, spreading dimensions and records over
// GOMAXPROCS goroutines.
func AnalyseDimensions(p *project.Project, opt Options, idx []int) []DimensionResult {
	out := make([]Dimension, len(idx))
	trends := make([][][]Rater, len(idx))
	// Dimensions side by side, each one's records side by side too: at
	// most GOMAXPROCS dimensions' indexed ratings are held at once.
	parallel.For(len(idx), func(i int) {
		pd := &p.Dimensions[idx[i]]
		d := prepare(pd, p.Iterations)
		o := &out[i]
		*o = Dimension{Dimension: d.name, Level: string(d.scale), Iterations: make([]Record, len(d.iterations)),
			Lower: opt.Dimensions[d.name].Lower}
		if pd.Numeric {
			o.MaxOffset = opt.offsetLimit(d.name, observedRange(&pd.Ratings))
		}
		trends[i] = make([][]Rater, len(d.iterations))
		if pd.Aggregated() {
			return
		}
		// The pooled figures are four units of their own, first (the
		// largest), then the iteration records: none waits for another.
		const pooled = 4
		parallel.For(pooled+len(d.iterations), func(k int) {
			switch k {
			case 0:
				o.Pooled, o.Raters = d.record("", d.obs, d.cols, opt)
			case 1:
				o.Pairs = d.pairs()
			case 2:
				o.Disagreements = d.disagreements(opt.Disagreements)
			case 3:
				o.Groups, o.GroupDiffs = d.groups(p.Raters, o.MaxOffset, opt)
			default:
				it := d.iterations[k-pooled]
				o.Iterations[k-pooled], trends[i][k-pooled] = d.record(it.id, it.obs, columnsOf(it.obs), opt)
			}
		})
	})
	res := make([]DimensionResult, len(out))
	for i := range out {
		out[i].RaterTrend = byRater(trends[i])
		if pd := &p.Dimensions[idx[i]]; pd.Aggregated() {
			out[i] = aggregated(pd, p.Iterations, opt)
		}
		pd := &p.Dimensions[idx[i]]
		label := cmp.Or(pd.Label, pd.Name)
		res[i] = DimensionResult{Dimension: out[i], Alerts: slices.Concat(
			recordAlerts(&out[i], label, opt), calibrationAlerts(&out[i], label, opt), groupAlerts(&out[i], label))}
	}
	return res
}

// observedRange is the largest minus the smallest finite rating; 0 for
// none.
func observedRange(rs *project.Ratings) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range rs.Value {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	if hi < lo {
		return 0
	}
	return hi - lo
}
