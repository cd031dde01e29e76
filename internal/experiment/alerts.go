package experiment

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/compare"
	"github.com/evalbook/evalbook/internal/route"
	"github.com/evalbook/evalbook/internal/stats"
)

// Alert kinds raised by Analyse.
const (
	KindThreshold  = "threshold"
	KindRegression = "regression"
	KindAnomaly    = "anomaly"
	KindSlice      = "slice"
)

// KindPairwise is the Kind of a comparison on a pairwise dimension (see
// Analyse).
const KindPairwise = "pairwise"

// comparisonAlerts returns the regression alert and the slice alerts of
// one comparison.
func (c *comparer) comparisonAlerts(r result) []alert.Alert {
	var out []alert.Alert
	if a, ok := c.regressionAlert(r); ok {
		out = append(out, a)
	}
	cmp, s := r.c, r.s
	for _, sl := range cmp.Slices {
		if !sl.Reversal {
			continue
		}
		a := alert.Alert{
			Kind: KindSlice, Severity: alert.Warning, Subject: s.subject(), Iteration: cmp.Iteration,
			Link: link(s, cmp.Iteration, false),
			Message: fmt.Sprintf("%s in slice %q %s by %s in %s against %s (%s CI %s to %s, n = %d; %s), while overall it %s by %s (%s): the aggregate hides a significant regression.",
				c.label(s), sl.Slice, moved(sl.Delta), c.value(s, math.Abs(sl.Delta)), cmp.Iteration, cmp.Against,
				percent(c.opt.Confidence), num(sl.CI.Low), num(sl.CI.High), sl.N, c.testText(sl.P, sl.PAdjusted, cmp.Iteration, r.family),
				moved(cmp.Delta), c.value(s, math.Abs(cmp.Delta)), cmp.Verdict),
			Numbers: map[string]float64{"delta": sl.Delta, "ci_low": sl.CI.Low, "ci_high": sl.CI.High,
				"n": float64(sl.N), "overall_delta": cmp.Delta, "tests": float64(r.family.tests), "weight": sl.Weight},
		}
		addPtr(a.Numbers, "p", sl.P)
		addPtr(a.Numbers, "p_adjusted", sl.PAdjusted)
		out = append(out, a)
	}
	return out
}

// regressionAlert returns the one regression alert of a comparison, and
// false when it has none. A change in the bad direction raises it when it
// exceeds MaxRegression or MaxRegressionRel, or when the Verdict is
// "worse". Its severity:
//
//   - error when a limit is exceeded and the comparison is "worse" (the
//     interval excludes zero and it is significant after the correction),
//     or exceeded by a comparison with no test (one value each side: the
//     limit is then a plain threshold, with no sampling error to weigh);
//   - the SignificantRegression severity when it is "worse" within the
//     limits (none when "off");
//   - info when a limit is exceeded but the comparison is not significant:
//     a possible regression, reported so that it does not vanish.
//
// The message states the change, the limit it exceeds, the interval, the
// p-value and its adjustment.
func (c *comparer) regressionAlert(r result) (alert.Alert, bool) {
	cmp, s := r.c, r.s
	bad := -s.sign() * cmp.Delta // the change in the bad direction
	var limits []string
	nums := map[string]float64{"delta": cmp.Delta, "mean": cmp.Mean, "mean_against": cmp.MeanAgainst}
	if t := s.th.MaxRegression; t != nil && bad > *t {
		limits = append(limits, fmt.Sprintf("more than the %s allowed", c.value(s, *t)))
		nums["max_regression"] = *t
	}
	if t := s.th.MaxRegressionRel; t != nil && cmp.MeanAgainst != 0 && bad > *t*math.Abs(cmp.MeanAgainst) {
		rel := bad / math.Abs(cmp.MeanAgainst)
		limits = append(limits, fmt.Sprintf("%s%% of %s's mean, more than the %s%% allowed", num(100*rel), cmp.Against, num(100**t)))
		nums["regression_rel"], nums["max_regression_rel"] = rel, *t
	}
	beyond := len(limits) > 0
	worse := cmp.Verdict == Worse
	sigSev, sigOn := severity(s.th.SignificantRegression)
	var sev alert.Severity
	switch {
	case beyond && (worse || cmp.Verdict == NoTest):
		sev = alert.Error
	case worse && sigOn:
		sev = sigSev
	case beyond:
		sev = alert.Info
	default:
		return alert.Alert{}, false
	}
	msg := fmt.Sprintf("%s %s by %s in %s against %s (%s to %s)", c.label(s), moved(cmp.Delta),
		c.value(s, math.Abs(cmp.Delta)), cmp.Iteration, cmp.Against, c.value(s, cmp.MeanAgainst), c.value(s, cmp.Mean))
	if s.kind == KindPairwise {
		msg = fmt.Sprintf("On %s, %s's win rate against %s is %s, %s %s an even 0.5", c.label(s), cmp.Iteration, cmp.Against,
			num(cmp.Mean), num(math.Abs(cmp.Delta)), pick(cmp.Delta < 0, "below", "above"))
	}
	if beyond {
		msg += ", " + strings.Join(limits, "; ")
	}
	switch {
	case cmp.Verdict == NoTest:
		msg += "; one value on each side, so there is no test."
	case cmp.CI == nil:
		msg += fmt.Sprintf(", but with n = %d there is no interval and it is not significant (%s): a possible regression.",
			cmp.N, c.testText(cmp.P, cmp.PAdjusted, cmp.Iteration, r.family))
	case worse:
		msg += fmt.Sprintf("; the %s CI of the difference, %s to %s, excludes zero and it is significant (n = %d; %s).",
			percent(c.opt.Confidence), num(cmp.CI.Low), num(cmp.CI.High), cmp.N, c.testText(cmp.P, cmp.PAdjusted, cmp.Iteration, r.family))
	default:
		msg += fmt.Sprintf(", but it is not significant: the %s CI of the difference is %s to %s (n = %d; %s). A possible regression.",
			percent(c.opt.Confidence), num(cmp.CI.Low), num(cmp.CI.High), cmp.N, c.testText(cmp.P, cmp.PAdjusted, cmp.Iteration, r.family))
	}
	if cmp.CI != nil {
		nums["ci_low"], nums["ci_high"] = cmp.CI.Low, cmp.CI.High
	}
	if cmp.Verdict != NoTest {
		nums["n"], nums["tests"], nums["weight"] = float64(cmp.N), float64(r.family.tests), cmp.Weight
	}
	addPtr(nums, "p", cmp.P)
	addPtr(nums, "p_adjusted", cmp.PAdjusted)
	return alert.Alert{
		Kind: KindRegression, Severity: sev, Subject: s.subject(), Iteration: cmp.Iteration,
		Message: msg, Numbers: nums, Link: link(s, cmp.Iteration, false),
	}, true
}

// testText words a p-value and its adjustment: "p = 0.0051, 0.045 after
// Holm's weighted correction over v5's 35 tests, its 28 slices sharing 20%
// of the weight"; without slices in the family the weights are equal and
// the correction is named plainly.
func (c *comparer) testText(p, adj *float64, iteration string, fam family) string {
	if p == nil {
		return "no p-value"
	}
	text := "p = " + num(*p)
	if adj == nil {
		return text
	}
	name := "Holm's"
	switch compare.Correction(c.opt.Experiment.Correction) {
	case compare.CorrectionNone:
		return text + ", not corrected for the iteration's other tests"
	case compare.CorrectionBH:
		name = "the Benjamini-Hochberg"
	}
	if fam.slices == 0 || fam.slices == fam.tests {
		return fmt.Sprintf("%s, %s after %s correction over %s's %s", text, num(*adj), name, iteration, tests(fam.tests))
	}
	return fmt.Sprintf("%s, %s after %s weighted correction over %s's %s, its %d slices sharing %s of the weight",
		text, num(*adj), name, iteration, tests(fam.tests), fam.slices, percent(fam.sliceWeight))
}

// tests words a number of tests: "1 test", "35 tests".
func tests(n int) string {
	if n == 1 {
		return "1 test"
	}
	return strconv.Itoa(n) + " tests"
}

// moved words the direction of a change.
func moved(delta float64) string { return pick(delta < 0, "fell", "rose") }

// key is the subject as Options.Labels and Units key it: "metric <name>",
// "dimension <name>" (also for a pairwise dimension).
func (s *subject) key() string {
	if s.kind == KindPairwise {
		return "dimension " + s.name
	}
	return s.kind + " " + s.name
}

// subject is the subject of the alerts about s.
func (s *subject) subject() alert.Subject {
	switch s.kind {
	case "metric":
		return alert.Metric(s.name)
	case KindPairwise:
		return alert.Pairwise(s.name)
	}
	return alert.Dimension(s.name)
}

// label returns the subject's display name.
func (c *comparer) label(s *subject) string {
	if l := c.opt.Labels[s.key()]; l != "" {
		return l
	}
	return s.name
}

// value formats a figure of the subject with its unit: "557 ms".
func (c *comparer) value(s *subject, v float64) string {
	u := c.opt.Units[s.key()]
	switch u {
	case "":
		return num(v)
	case "%":
		return num(v) + u
	}
	return num(v) + " " + u
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
				Kind: KindThreshold, Severity: alert.Error, Subject: s.subject(), Iteration: c.ids[i],
				Message: fmt.Sprintf("%s of %s is %s, %s %s.", c.label(s), c.ids[i], c.value(s, m), b.word, c.value(s, *b.limit)),
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
			Kind: KindAnomaly, Severity: alert.Warning, Subject: s.subject(), Iteration: id,
			Message: fmt.Sprintf("%s of %s is %s, far from the median %s of the %d iterations before it (robust z %s; the limit is %s).",
				c.label(s), id, c.value(s, m), c.value(s, med), len(w), zText, num(limit)),
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
		sub = s.subject().Page()
	}
	if iteration != "" {
		it = route.Iteration(iteration)
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
