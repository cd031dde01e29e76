// Package discrepancy joins the two channels of a project, automated metrics
// and human ratings, and reports where they disagree: how closely every
// metric tracks every rating dimension, whether that tracking holds over the
// iterations, and which items the two channels rank furthest apart.
//
// Analyse is a pure function of the Project and Options; the statistics
// themselves live in package correlation.
//
// # The join
//
// A unit is an (item, iteration) pair. The consensus of a numeric dimension
// on a unit is the mean of its ratings there. A metric's value on a unit is
// its per-item value (the mean, should the project hold several); values
// that describe a whole iteration (Item "") take no part. A metric and a
// dimension are joined on the units that have both. Ratings whose iteration
// is unknown ("") cannot be matched with a metric value and are left out.
// Label dimensions are not analysed yet: their names are listed in
// Report.Skipped.
//
// Units are ordered by the iteration's position in the series (iterations
// the project does not list come after, by ID), then by item ID, so every
// output is deterministic.
//
// # Records
//
// Every joined metric-dimension pair gets, in this order:
//
//   - the item-level record pooled over iterations (Iteration ""), with the
//     partial correlation controlling for iteration when Options.Partial is
//     set (correlation.Partial: per-iteration means regressed out);
//   - one item-level record per iteration with joined units, in series order;
//   - the iteration-level (system-level) record: the correlation, across
//     iterations, of the per-iteration means of the metric and the consensus
//     over the pair's joined units (Iteration "").
//
// Each carries n and Pearson's r, Spearman's rho and Kendall's tau-b with
// their intervals at Options.Confidence. A figure that is undefined (too few
// pairs, a constant variable) is nil: no NaN leaves this package.
//
// # Validity alerts
//
// A metric is expected to rise with human judgement when higher is better and
// to fall with it when lower is better, so the validity check reads the
// per-iteration item-level Spearman rho oriented by the metric's direction
// (negated for lower-is-better metrics). For each iteration after the first
// with a defined rho, with best the highest oriented rho of the earlier
// iterations, a warning of kind "validity" is raised when best is at or
// above Options.Floor (the metric once tracked humans; pairs that never did
// raise nothing) and
//
//   - rho is below Options.Floor (it stopped tracking them), or
//   - best - rho exceeds Options.Drop (a sharp fall).
//
// # Disagreements
//
// For every joined pair, pooled over iterations, each unit gets a normalised
// rank in [0, 1] of the metric (oriented by its direction, so 1 is the value
// the metric deems best) and of the consensus: (average rank - 1) / (n - 1).
// The gap is the metric's rank minus the consensus rank. The units with the
// largest positive gaps are listed as "metric_high_humans_low", those with
// the most negative gaps as "metric_low_humans_high", at most Options.Top of
// each, widest gap first (ties by iteration order, then item).
package discrepancy

import (
	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/correlation"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// Options configures Analyse. Zero values take the defaults noted.
type Options struct {
	Confidence float64 // level of the intervals; default 0.95
	Partial    bool    // add the partial correlation controlling for iteration to pooled records
	Floor      float64 // validity floor of the oriented Spearman rho; default 0.3
	Drop       float64 // largest tolerated fall from the best earlier rho; default 0.2
	Top        int     // disagreements listed per direction; default 10
}

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
	return o
}

// Levels of a Record.
const (
	ItemLevel      = "item"
	IterationLevel = "iteration"
)

// Report is the result of Analyse, the body of site/api/discrepancy.json.
type Report struct {
	Records       []Record        `json:"records"`
	Disagreements []Disagreements `json:"disagreements"`
	Alerts        []alert.Alert   `json:"alerts"`
	// Skipped names the dimensions not analysed (label dimensions).
	Skipped []string `json:"skipped"`
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
	Item       string  `json:"item"`
	Iteration  string  `json:"iteration"`
	Metric     float64 `json:"metric"`      // the metric's value
	Consensus  float64 `json:"consensus"`   // mean rating
	MetricRank float64 `json:"metric_rank"` // normalised, 1 = best by the metric
	HumanRank  float64 `json:"human_rank"`  // normalised, 1 = highest consensus
	Gap        float64 `json:"gap"`         // MetricRank - HumanRank
}

// Analyse joins the metrics and numeric dimensions of p and returns their
// correlations, validity alerts and disagreement lists.
func Analyse(p *project.Project, opt Options) Report {
	opt = opt.withDefaults()
	rep := Report{Records: []Record{}, Disagreements: []Disagreements{}, Alerts: []alert.Alert{}, Skipped: []string{}}
	order := iterationOrder(p)
	metrics := make([]unitValues, len(p.Metrics))
	for i := range p.Metrics {
		metrics[i] = metricUnits(&p.Metrics[i])
	}
	for _, d := range p.Dimensions {
		if !d.Numeric {
			rep.Skipped = append(rep.Skipped, d.Name)
			continue
		}
		cons := consensus(&d)
		for i := range p.Metrics {
			j := join(metrics[i], cons, order)
			if len(j.units) == 0 {
				continue
			}
			m := &p.Metrics[i]
			recs := pairRecords(m.Name, d.Name, j, opt)
			rep.Records = append(rep.Records, recs...)
			rep.Alerts = append(rep.Alerts, validityAlerts(m, d.Name, recs, opt)...)
			rep.Disagreements = append(rep.Disagreements, disagreements(m, d.Name, j, opt.Top))
		}
	}
	alert.Sort(rep.Alerts)
	return rep
}

// coefficients converts a correlation.Pair to Coefficients.
func coefficients(p correlation.Pair) Coefficients {
	c := Coefficients{N: p.Pearson.N}
	c.Pearson, c.PearsonLow, c.PearsonHigh = pointers(p.Pearson)
	c.Spearman, c.SpearmanLow, c.SpearmanHigh = pointers(p.Spearman)
	c.KendallTauB, c.KendallTauBLow, c.KendallTauBHigh = pointers(p.Kendall)
	return c
}

// pointers returns the coefficient and interval of e, nil where undefined.
func pointers(e correlation.Estimate) (coef, low, high *float64) {
	if !e.OK {
		return nil, nil, nil
	}
	coef = stats.Finite(e.Coef)
	if e.CIOK {
		low, high = stats.Finite(e.Low), stats.Finite(e.High)
	}
	return coef, low, high
}
