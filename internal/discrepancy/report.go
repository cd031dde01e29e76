package discrepancy

import "github.com/evalbook/evalbook/internal/alert"

// Levels of a Record.
const (
	ItemLevel      = "item"
	IterationLevel = "iteration"
)

// Report is the result of Analyse, the body of site/api/discrepancy.json.
type Report struct {
	Records []Record `json:"records"`
	// Slices has every correlated pair's pooled item-level record
	// restricted to each slice, when its units fall into two slices or
	// more; by pair, then slice name.
	Slices        []SliceRecord   `json:"slices"`
	Disagreements []Disagreements `json:"disagreements"`
	Verdicts      []Verdict       `json:"verdicts"`
	// Findings are the large discrepancies: every validity alert, with
	// the investigations that explain it.
	Findings       []Finding       `json:"findings"`
	Investigations []Investigation `json:"investigations"`
	Alerts         []alert.Alert   `json:"alerts"`
	Dimensions     []Dimension     `json:"dimensions"`
	// Pairs holds the joined units of every pair, for plotting; it is not
	// part of the JSON document (the units are the input data).
	Pairs []Pair `json:"-"`
}

// Pair is one metric and one dimension on the units that have both, in
// unit order (see the package documentation).
type Pair struct {
	Metric, Dimension string
	Correlated        bool // the dimension's consensus is ordered
	Units             Units
}

// Dimension says how one dimension entered the analysis.
type Dimension struct {
	Dimension string `json:"dimension"`
	Consensus string `json:"consensus"` // Mean, Median or Majority
	// Correlated is false for a dimension whose consensus has no order (a
	// nominal label dimension); Reason says why.
	Correlated bool   `json:"correlated"`
	Reason     string `json:"reason,omitempty"`
	// Units counts the (item, iteration) units with a consensus; Ties the
	// units of a majority consensus with no single most frequent value,
	// which are left out.
	Units int `json:"units"`
	Ties  int `json:"ties"`
	// Unplaced counts the ratings that name no iteration, which cannot be
	// matched with a metric value and are left out.
	Unplaced int `json:"unplaced"`
}

// Coefficients are the three correlation coefficients of one sample with
// their interval bounds; nil where undefined.
type Coefficients struct {
	N               int      `json:"n"`
	Pearson         *float64 `json:"pearson"`
	PearsonLow      *float64 `json:"pearson_low"`
	PearsonHigh     *float64 `json:"pearson_high"`
	Spearman        *float64 `json:"spearman"`
	SpearmanLow     *float64 `json:"spearman_low"`
	SpearmanHigh    *float64 `json:"spearman_high"`
	KendallTauB     *float64 `json:"kendall_tau_b"`
	KendallTauBLow  *float64 `json:"kendall_tau_b_low"`
	KendallTauBHigh *float64 `json:"kendall_tau_b_high"`
}

// Record is the correlation of one metric with one dimension at one level
// and iteration.
type Record struct {
	Metric    string `json:"metric"`
	Dimension string `json:"dimension"`
	Iteration string `json:"iteration"` // "" for pooled and iteration-level records
	Level     string `json:"level"`     // ItemLevel or IterationLevel
	Coefficients
	// Partial controls for iteration; only on the pooled item-level record,
	// and only when Options.Partial is set.
	Partial *Coefficients `json:"partial,omitempty"`
	// Method is "aggregate" for a record computed from Pearson sums
	// (docs/aggregates.md); Unavailable then says what needs per-item
	// rows. Both are empty for a record from rows.
	Method      string `json:"method,omitempty"`
	Unavailable string `json:"unavailable,omitempty"`
}

// SliceRecord is the pooled item-level correlation of one metric with one
// dimension over the units of one slice, with the partial correlation
// controlling for iteration when Options.Partial is set.
type SliceRecord struct {
	Metric    string `json:"metric"`
	Dimension string `json:"dimension"`
	Slice     string `json:"slice"`
	Coefficients
	Partial *Coefficients `json:"partial,omitempty"`
}

// Disagreements lists the units on which one metric and one dimension
// disagree most, pooled over iterations.
type Disagreements struct {
	Metric              string         `json:"metric"`
	Dimension           string         `json:"dimension"`
	MetricHighHumansLow []Disagreement `json:"metric_high_humans_low"`
	MetricLowHumansHigh []Disagreement `json:"metric_low_humans_high"`
}

// Disagreement is one unit of a disagreement list.
type Disagreement struct {
	Item      string  `json:"item"`
	Iteration string  `json:"iteration"`
	Metric    float64 `json:"metric"`    // the metric's value
	Consensus float64 `json:"consensus"` // the consensus; a label's position for ordered labels
	// Label is the consensus label of a label dimension, else "".
	Label      string  `json:"label,omitempty"`
	MetricRank float64 `json:"metric_rank"` // normalised, 1 = best by the metric
	HumanRank  float64 `json:"human_rank"`  // normalised, 1 = highest consensus
	Gap        float64 `json:"gap"`         // MetricRank - HumanRank
	// Investigations are the slugs of the documents that examined this
	// item for this metric and dimension.
	Investigations []string `json:"investigations"`
}

// Verdict is the agreement of a metric's pass/fail verdict with a
// dimension's on the joined units of one iteration, or pooled (Iteration
// "").
type Verdict struct {
	Metric    string `json:"metric"`
	Dimension string `json:"dimension"`
	Iteration string `json:"iteration"`
	N         int    `json:"n"`
	// The confusion matrix: units both pass, only the metric passes, only
	// the humans pass, neither passes.
	BothPass    int `json:"both_pass"`
	MetricOnly  int `json:"metric_only"`
	HumansOnly  int `json:"humans_only"`
	NeitherPass int `json:"neither_pass"`
	// Agreement is the share of units with the same verdict; Kappa is
	// Cohen's kappa with its Wald interval at Options.Confidence from the
	// large-sample standard error; nil where undefined (no units, or one
	// verdict throughout on both sides).
	Agreement *float64 `json:"agreement"`
	Kappa     *float64 `json:"kappa"`
	KappaLow  *float64 `json:"kappa_low"`
	KappaHigh *float64 `json:"kappa_high"`
}

// Investigation is one discrepancy a document explains (one entry of its
// front matter's discrepancies).
type Investigation struct {
	Document   string   `json:"document"` // the document's slug
	Title      string   `json:"title"`
	Source     string   `json:"source"` // its file, relative to the project root
	Metric     string   `json:"metric"`
	Dimension  string   `json:"dimension"`
	Iterations []string `json:"iterations"` // empty: every iteration
	Items      []string `json:"items"`
	Cause      string   `json:"cause"`
}

// Finding is a large discrepancy: an iteration in which a metric stopped
// tracking a dimension (a validity alert).
type Finding struct {
	Metric    string  `json:"metric"`
	Dimension string  `json:"dimension"`
	Iteration string  `json:"iteration"`
	N         int     `json:"n"`
	Spearman  float64 `json:"spearman"`      // oriented by the metric's direction
	High      float64 `json:"spearman_high"` // upper bound of its interval, oriented
	// Reference is the highest lower bound of the earlier iterations'
	// intervals, oriented, and ReferenceIteration its iteration: the level
	// the metric was shown to track the dimension at.
	Reference          float64 `json:"reference"`
	ReferenceIteration string  `json:"reference_iteration"`
	Message            string  `json:"message"`
	// Investigations are the slugs of the documents that explain it; none
	// means the finding is open.
	Investigations []string `json:"investigations"`
}

// Open reports whether no investigation explains the finding.
func (f Finding) Open() bool { return len(f.Investigations) == 0 }
