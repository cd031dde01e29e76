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
// A unit is an (item, iteration) pair. The consensus of a dimension on a
// unit combines its ratings there by the dimension's rule
// (Options.Consensus): the mean (the default for numeric dimensions), the
// median, or the majority, the one value given more often than any other
// (the only rule for label dimensions). A majority that is tied has no
// consensus: the unit is left out and counted in Dimension.Ties. A label
// dimension is correlated through the position of its consensus label in
// the dimension's label order when its scale is ordinal; a nominal one has
// no order and takes part in verdict agreement only (Dimension.Correlated
// and Reason say so). Ratings whose iteration is unknown ("") cannot be
// matched with a metric value and are left out.
//
// A metric's value on a unit is its per-item value (the mean, should the
// project hold several); values that describe a whole iteration (Item "")
// take no part. A metric and a dimension are joined on the units that have
// both. Units are ordered by the iteration's position in the series
// (iterations the project does not list come after, by ID), then by item
// ID, so every output is deterministic.
//
// # Records
//
// Every joined metric-dimension pair whose dimension is correlated gets, in
// this order:
//
//   - the item-level record pooled over iterations (Iteration ""), with the
//     partial correlation controlling for iteration when Options.Partial is
//     set (correlation.Partial: per-iteration means regressed out);
//   - one item-level record per iteration with joined units, in series order;
//   - the iteration-level (system-level) record: the correlation, across
//     iterations, of the per-iteration means of the metric and the consensus
//     over the pair's joined units (Iteration ""). The means are exact
//     (stats.ExactMean), so iterations whose sums are equal tie, as they
//     would in exact arithmetic, whatever order the units were summed in.
//
// Report.Slices has, for every such pair whose units fall into two slices
// or more, the pooled item-level record restricted to each slice (with its
// partial correlation when Options.Partial is set), by slice name. An
// item's slice is the first non-empty Slice a metric value gives it,
// metrics in project order, as in package experiment; units of items
// without one are in no slice.
//
// Each carries n and Pearson's r, Spearman's rho and Kendall's tau-b with
// their intervals at Options.Confidence: by Fisher's z for r and rho and the
// asymptotic variance for tau-b (see package correlation), or, when
// Options.Resamples is set, by the percentile bootstrap for the item-level
// records (pairs resampled together, each record from its own random stream
// named by the metric, dimension and iteration, so the result does not
// depend on the order of computation). Partial correlations and the
// iteration-level records, with a handful of points, keep the analytic
// intervals. A figure that is undefined (too few
// pairs, a constant variable) is nil: no NaN leaves this package.
//
// # Validity findings
//
// A metric is expected to rise with human judgement when higher is better and
// to fall with it when lower is better, so the validity check reads the
// per-iteration item-level Spearman rho and its interval oriented by the
// metric's direction (negated for lower-is-better metrics), over iterations
// with at least Options.MinN joined units. The reference of an iteration is
// the earlier iteration whose interval has the highest lower bound: the
// level the data showed the metric to track the dimension at. A finding is
// made when the reference's lower bound is at or above Options.Floor (the
// metric was shown to track humans; pairs never shown to raise nothing) and
// the iteration's upper bound
//
//   - is below Options.Floor (it has stopped tracking them), or
//   - is more than Options.Drop below the reference's lower bound (a sharp
//     fall).
//
// Comparing bounds rather than point estimates keeps sampling noise from
// raising findings: one iteration's rho over 60 items has a standard error
// of about 0.12, and the highest of many noisy earlier estimates would sit
// well above the metric's true level, while a lower bound rarely does.

// # Investigations
//
// A document (case study or content page) whose front matter lists
// discrepancies is an investigation of each: Report.Investigations has one
// entry per listed discrepancy. It explains a finding with the same metric
// and dimension when it names the finding's iteration or no iteration, and
// it examined an item of a disagreement list when it also names the item.
// Every finding becomes an alert of kind "validity" linking to the pair's
// page (route.DiscrepancyPair): a warning while it is open (no investigation explains
// it), information once one does, with the causes and documents in its
// message.
//
// # Verdict agreement
//
// When both the metric and the dimension have a pass threshold
// (Options.MetricPass, Options.DimensionPass), every joined unit gets a
// metric verdict (the value at or beyond the threshold in the metric's good
// direction) and a human verdict (the consensus at or beyond the
// dimension's threshold, or its consensus label among the passing labels).
// Report.Verdicts has the pair's confusion matrix pooled and per iteration,
// with the share of units on which the verdicts agree and Cohen's kappa with
// its Wald interval from the Fleiss-Cohen-Everitt standard error
// (agreement.CohenKappaSE).
//
// # Disagreements
//
// For every joined pair of a correlated dimension, pooled over iterations,
// each unit gets a normalised rank in [0, 1] of the metric (oriented by its
// direction, so 1 is the value the metric deems best) and of the consensus:
// (average rank - 1) / (n - 1). The gap is the metric's rank minus the
// consensus rank. The units with the largest positive gaps are listed as
// "metric_high_humans_low", those with the most negative gaps as
// "metric_low_humans_high", at most Options.Top of each, widest gap first
// (ties by iteration order, then item).
package discrepancy

import (
	"github.com/evalbook/evalbook/internal/correlation"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// Analyse joins the metrics and dimensions of p and returns their
// correlations, verdict agreement, validity alerts and findings,
// disagreement lists and the investigations that explain them.
//
// It is NewPlan, Compute of every dimension and every pair, and Report:
// each dimension's consensus summary and each metric-dimension pair is a
// unit whose result depends only on its own inputs (see Plan.Fingerprints).
func Analyse(p *project.Project, opt Options) Report {
	pl := NewPlan(p, opt)
	dims, pairs := make([]int, len(p.Dimensions)), make([]int, pl.Pairs())
	for k := range dims {
		dims[k] = k
	}
	for n := range pairs {
		pairs[n] = n
	}
	infos, results := pl.Compute(dims, pairs)
	return pl.Report(infos, results)
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
