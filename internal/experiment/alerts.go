package experiment

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/compare"
	"github.com/evalbook/evalbook/internal/slug"
	"github.com/evalbook/evalbook/internal/stats"
)

// Alert kinds raised by Analyse.
const (
	KindThreshold  = "threshold"
	KindRegression = "regression"
	KindAnomaly    = "anomaly"
	KindSlice      = "slice"
)

// comparisonAlerts returns the regression and slice alerts of one
// comparison.
func comparisonAlerts(cmp Comparison, s *subject, level float64) []alert.Alert {
	var out []alert.Alert
	sign := s.sign()
	bad := -sign * cmp.Delta // the change in the bad direction
	moved := pick(cmp.Delta < 0, "fell", "rose")
	change := fmt.Sprintf("%s %s by %s in %s against %s (%s to %s)",
		s.name, moved, num(math.Abs(cmp.Delta)), cmp.Iteration, cmp.Against, num(cmp.MeanAgainst), num(cmp.Mean))
	base := alert.Alert{
		Kind: KindRegression, Severity: alert.Error, Subject: s.kind + " " + s.name,
		Iteration: cmp.Iteration, Link: link(s, cmp.Iteration, false),
	}
	if t := s.th.MaxRegression; t != nil && bad > *t {
		a := base
		a.Message = fmt.Sprintf("%s; at most %s is allowed.", change, num(*t))
		a.Numbers = map[string]float64{"delta": cmp.Delta, "mean": cmp.Mean, "mean_against": cmp.MeanAgainst, "max_regression": *t}
		out = append(out, a)
	}
	if t := s.th.MaxRegressionRel; t != nil && cmp.MeanAgainst != 0 && bad > *t*math.Abs(cmp.MeanAgainst) {
		rel := bad / math.Abs(cmp.MeanAgainst)
		a := base
		a.Message = fmt.Sprintf("%s, %s%% of %s's mean; at most %s%% is allowed.", change, num(100*rel), cmp.Against, num(100**t))
		a.Numbers = map[string]float64{"delta": cmp.Delta, "mean": cmp.Mean, "mean_against": cmp.MeanAgainst,
			"regression_rel": rel, "max_regression_rel": *t}
		out = append(out, a)
	}
	if sev, ok := severity(s.th.SignificantRegression); ok && cmp.Verdict == Worse {
		a := base
		a.Severity = sev
		a.Message = fmt.Sprintf("%s; the %s CI of the difference, %s to %s, excludes zero (n = %d).",
			change, percent(level), num(cmp.CI.Low), num(cmp.CI.High), cmp.N)
		a.Numbers = map[string]float64{"delta": cmp.Delta, "mean": cmp.Mean, "mean_against": cmp.MeanAgainst,
			"ci_low": cmp.CI.Low, "ci_high": cmp.CI.High, "n": float64(cmp.N)}
		addPtr(a.Numbers, "p", cmp.P)
		addPtr(a.Numbers, "p_adjusted", cmp.PAdjusted)
		out = append(out, a)
	}
	for _, sl := range cmp.Slices {
		if !sl.Reversal {
			continue
		}
		a := base
		a.Kind, a.Severity = KindSlice, alert.Warning
		a.Message = fmt.Sprintf("%s in slice %q %s by %s in %s against %s (%s CI %s to %s, n = %d), while overall it %s by %s (%s): the aggregate hides a regression.",
			s.name, sl.Slice, pick(sl.Delta < 0, "fell", "rose"), num(math.Abs(sl.Delta)), cmp.Iteration, cmp.Against,
			percent(level), num(sl.CI.Low), num(sl.CI.High), sl.N, moved, num(math.Abs(cmp.Delta)), cmp.Verdict)
		a.Numbers = map[string]float64{"delta": sl.Delta, "ci_low": sl.CI.Low, "ci_high": sl.CI.High,
			"n": float64(sl.N), "overall_delta": cmp.Delta}
		addPtr(a.Numbers, "p", sl.P)
		out = append(out, a)
	}
	return out
}

// severity reads a SignificantRegression setting; false means "off".
func severity(s string) (alert.Severity, bool) {
	switch s {
	case "off":
		return 0, false
	case "error":
		return alert.Error, true
	}
	return alert.Warning, true
}

// levelAlerts holds every iteration's mean of s to the subject's Min and
// Max.
func (c *comparer) levelAlerts(s *subject) []alert.Alert {
	if s.th.Min == nil && s.th.Max == nil {
		return nil
	}
	var out []alert.Alert
	for i := range s.iters {
		m, ok := s.iters[i].mean()
		if !ok {
			continue
		}
		for _, b := range []struct {
			limit *float64
			out   bool
			word  string
			key   string
		}{
			{s.th.Min, s.th.Min != nil && m < *s.th.Min, "below the minimum", "min"},
			{s.th.Max, s.th.Max != nil && m > *s.th.Max, "above the maximum", "max"},
		} {
			if !b.out {
				continue
			}
			out = append(out, alert.Alert{
				Kind: KindThreshold, Severity: alert.Error, Subject: s.kind + " " + s.name, Iteration: c.ids[i],
				Message: fmt.Sprintf("%s of %s is %s, %s %s.", s.name, c.ids[i], num(m), b.word, num(*b.limit)),
				Numbers: map[string]float64{"mean": m, b.key: *b.limit},
				Link:    link(s, c.ids[i], true),
			})
		}
	}
	return out
}

// anomalyAlerts scores every iteration's mean of a sentinel subject
// against the means of the iterations before it.
func (c *comparer) anomalyAlerts(s *subject) []alert.Alert {
	if !s.th.Sentinel {
		return nil
	}
	var means []float64
	var iters []int
	for i := range s.iters {
		if m, ok := s.iters[i].mean(); ok {
			means, iters = append(means, m), append(iters, i)
		}
	}
	win, limit := c.opt.Experiment.AnomalyWindow, c.opt.Experiment.AnomalyZ
	var out []alert.Alert
	for k, m := range means {
		w := means[max(0, k-win):k]
		if len(w) < compare.MinHistory {
			continue
		}
		z := compare.RobustZ(m, w)
		if !(math.Abs(z) > limit) {
			continue
		}
		sorted := slices.Sorted(slices.Values(w))
		med := stats.Quantile(sorted, 0.5)
		id := c.ids[iters[k]]
		zText := "infinite: the earlier values are all equal"
		if stats.IsFinite(z) {
			zText = num(z)
		}
		a := alert.Alert{
			Kind: KindAnomaly, Severity: alert.Warning, Subject: s.kind + " " + s.name, Iteration: id,
			Message: fmt.Sprintf("%s of %s is %s, far from the median %s of the %d iterations before it (robust z %s; the limit is %s).",
				s.name, id, num(m), num(med), len(w), zText, num(limit)),
			Numbers: map[string]float64{"value": m, "median": med, "window": float64(len(w)), "anomaly_z": limit},
			Link:    link(s, id, true),
		}
		if stats.IsFinite(z) {
			a.Numbers["z"] = z
		}
		out = append(out, a)
	}
	return out
}

// link returns the page that explains an alert: the subject's page first
// when subjectFirst, else the iteration's page first; a page whose name is
// not a safe slug is not linked.
func link(s *subject, iteration string, subjectFirst bool) string {
	sub, it := "", ""
	if s.name != "" {
		sub = pick(s.kind == "metric", "metrics/", "dimensions/") + slug.Make(s.name) + ".html"
	}
	if iteration != "" {
		it = "iterations/" + slug.Make(iteration) + ".html"
	}
	if subjectFirst {
		return pick(sub != "", sub, it)
	}
	return pick(it != "", it, sub)
}

func addPtr(m map[string]float64, key string, v *float64) {
	if v != nil {
		m[key] = *v
	}
}

// num formats a figure for a message: three significant digits, whole
// numbers from 1,000 on.
func num(v float64) string {
	if math.Abs(v) >= 1000 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// percent formats a confidence level, 0.95 as "95%".
func percent(level float64) string {
	return strconv.FormatFloat(100*level, 'g', -1, 64) + "%"
}
