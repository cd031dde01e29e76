package render

import (
	"fmt"
	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/experiment"
	"github.com/evalbook/evalbook/internal/stats"
	"html/template"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/evalbook/evalbook/internal/chart"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/reliability"
)

// verdictPanel answers, for one iteration, the three questions a reader
// brings to it: did it help by the metrics, did it help by the humans, and
// can the ratings be trusted. It lists every metric and rating dimension
// against the iteration's comparison target with the change, its interval
// and the verdict, draws them as a forest plot, rolls them up into one
// line, and names the decision recorded for the iteration. Pairwise
// dimensions are rows of their own: the iteration's win rate against the
// target, Δ = win rate - 0.5.
type verdictPanel struct {
	Iteration *iterView
	Against   string    // the iteration compared with
	AgainstIt *iterView // its page, nil when outside the series
	Target    string    // "baseline", "previous" or "reference"
	Unordered bool      // the project's systems have no order (project.Shape)
	Metrics   []panelRow
	Humans    []panelRow
	// Prefs are the pairwise dimensions: the iteration's win rate against
	// the target (Kind kindPairwise).
	Prefs    []panelRow
	Rollup   rollup
	Decision *docView // the newest decision naming the iteration, nil when none
	Axis     template.HTML
	// Targets and Limits say whether any glyph has a minimum-effect or a
	// regression-limit tick, for the legend.
	Targets, Limits bool
}

// TargetWord says what the comparison is against in a phrase: "its
// baseline", "the previous iteration", "the reference system", or, for
// the reference of a round, "the previous round's reference".
func (v *verdictPanel) TargetWord() string {
	switch v.Target {
	case "previous":
		if v.Unordered {
			return "the previous round's reference"
		}
		return "the previous iteration"
	case "reference":
		return "the reference system"
	}
	return "its baseline"
}

// panelRow is one subject of a verdict panel. Comp is nil when the
// subject was not compared (a label dimension, or no values in one of the
// two iterations).
type panelRow struct {
	Kind, Name  string // kindMetric or kindDimension, and the subject's name
	Label, Path string
	Comp        *compView
	Forest      template.HTML // "" when the change cannot be placed on the axis
	Relative    *float64      // the change as a share of the target's mean, oriented: positive is better
	// Human rows: Rel is the dimension's agreement record in the
	// iteration (nil when none), Top the most frequent label of a label
	// dimension.
	Rel   *reliability.Record
	Human bool
	Top   string
}

// rollup is the panel's one-line summary, in parts the template styles.
type rollup struct {
	Metrics string // "1 better, 1 worse, 5 no change"
	Humans  string // "no change", or counts
	Prefs   string // the pairwise dimensions' verdicts, counted
	Raters  string // "ratings unreliable (α 0.51 < 0.667)"; "" when no record
	// RatersClass is the status class of the least reliable dimension.
	RatersClass string
}

// verdictInputs is what a verdict panel reads: the comparisons and
// verdicts (Deps: Results), the subjects' views, the decisions by the
// iterations they name, the thresholds and agreement limits of the config
// and the interval's name.
type verdictInputs struct {
	cfg       *config.Config
	ci        string // site.CI
	unordered bool
	compIter  map[string][]*compView
	verdicts  []*verdictView
	metrics   []*metricView
	dims      []*dimView
	pw        *pwSite
	byIter    map[string][]*docView
}

// verdictInputsOf picks the verdict panel's inputs out of the model.
func verdictInputsOf(r *renderer) verdictInputs {
	return verdictInputs{cfg: r.cfg, ci: r.site.CI, unordered: r.p.Shape.Unordered(), compIter: r.compIter, verdicts: r.verdicts,
		metrics: r.metrics, dims: r.dims, pw: r.pw, byIter: r.byIter}
}

// newVerdictPanel builds the panel of iteration it; nil when the iteration
// has no comparisons.
func newVerdictPanel(it *iterView, r verdictInputs) (*verdictPanel, error) {
	comps := r.compIter[it.ID]
	if len(comps) == 0 {
		return nil, nil
	}
	if comps[0].Target == "pair" {
		return nil, nil // many systems, none the reference: the leaderboard answers
	}
	v := &verdictPanel{Iteration: it, Against: comps[0].Against, AgainstIt: comps[0].Other, Target: comps[0].Target, Unordered: r.unordered}
	bySubj := map[string]*compView{}
	for _, c := range comps {
		if c.Against == v.Against {
			bySubj[subjectKey(c.Kind, c.Subject)] = c
		}
	}
	var rows []panelRow
	for _, m := range r.metrics {
		if c := bySubj[subjectKey(kindMetric, m.Name)]; c != nil {
			rows = append(rows, panelRow{Kind: kindMetric, Name: m.Name, Label: m.Label, Path: m.Path, Comp: c})
		}
	}
	nMetrics := len(rows)
	for _, d := range r.dims {
		row := panelRow{Kind: kindDimension, Name: d.Name, Label: d.Label, Path: d.Path, Human: true, Comp: bySubj[subjectKey(kindDimension, d.Name)]}
		if d.Rel != nil {
			row.Rel = iterationRecord(d.Rel, it.ID)
		}
		if row.Comp == nil && !d.Numeric {
			if s := summarise(d, d.At(it.ID)); s.Top != nil {
				row.Top = s.Top.Value
			}
		}
		if row.Comp != nil || row.Rel != nil || row.Top != "" {
			rows = append(rows, row)
		}
	}
	nHumans := len(rows) - nMetrics
	for _, d := range r.pw.dims {
		if c := bySubj[subjectKey(kindPairwise, d.Name)]; c != nil {
			rows = append(rows, panelRow{Kind: kindPairwise, Name: d.Name, Label: d.Label, Path: d.Path, Comp: c})
		}
	}
	oriented := make([]chart.ForestRow, len(rows))
	for i := range rows {
		o := forestRow(&rows[i], it.ID, v.Against, r.cfg, r.verdicts, r.ci)
		oriented[i] = o
		v.Targets = v.Targets || rows[i].Relative != nil && !math.IsNaN(o.MinEffect)
		v.Limits = v.Limits || rows[i].Relative != nil && !math.IsNaN(o.MaxLoss)
	}
	f := chart.Forest{Limit: forestLimit(oriented)}
	for i := range rows {
		if rows[i].Relative == nil {
			continue
		}
		g, err := f.Glyph(oriented[i])
		if err != nil {
			return nil, err
		}
		rows[i].Forest = g
	}
	v.Metrics, v.Humans, v.Prefs = rows[:nMetrics], rows[nMetrics:nMetrics+nHumans], rows[nMetrics+nHumans:]
	axis, err := f.Axis(func(x float64) string { return signedPct(x) })
	if err != nil {
		return nil, err
	}
	v.Axis = axis
	v.Rollup = newRollup(v, r.cfg.Agreement)
	v.Decision = decisionOf(r.byIter, it.ID)
	return v, nil
}

// forestRow orients a row's change as a share of the target's mean,
// positive meaning better, and sets row.Relative; a row that cannot be
// placed (no comparison, or a target mean of zero) gets a NaN point.
// It reads the subject's thresholds (cfg), the case studies' minimum
// effects (verdicts) and the interval's name (ci).
func forestRow(row *panelRow, iteration, against string, cfg *config.Config, verdicts []*verdictView, ci string) chart.ForestRow {
	out := chart.ForestRow{Point: math.NaN(), Low: math.NaN(), High: math.NaN(), MinEffect: math.NaN(), MaxLoss: math.NaN()}
	c := row.Comp
	if c == nil || relativeChange(c.Comparison) == nil {
		return out
	}
	sign := 1.0
	if c.Direction == "lower" {
		sign = -1
	}
	scale := sign / math.Abs(c.MeanAgainst)
	out.Point = c.Delta * scale
	if c.CI != nil {
		out.Low, out.High = c.CI.Low*scale, c.CI.High*scale
	}
	th := subjectThresholds(cfg, c.Kind, c.Subject)
	switch {
	case th.MaxRegression != nil:
		out.MaxLoss = *th.MaxRegression / math.Abs(c.MeanAgainst)
	case th.MaxRegressionRel != nil:
		out.MaxLoss = *th.MaxRegressionRel
	}
	for _, vd := range verdicts {
		if vd.Candidate == iteration && vd.Baseline == against && vd.Primary.Name == c.Subject && vd.MinEffect != nil {
			out.MinEffect = *vd.MinEffect / math.Abs(c.MeanAgainst)
		}
	}
	out.Class = verdictClass(c.Verdict)
	rel := out.Point
	row.Relative = &rel
	out.Label = fmt.Sprintf("%s: %s vs %s (%s)", row.Label, deltaText(c.Delta, c.Unit), against, signedPct(*relativeChange(c.Comparison)))
	if c.CI != nil {
		out.Label += fmt.Sprintf(", %s %s", ci, formatCI(c.CI, c.Unit))
	}
	out.Label += ", " + c.Verdict
	return out
}

// forestLimit chooses the axis of a panel's forest plot from the rows
// with an interval, so that a single value far out (a cost measured once
// per iteration, say) does not squeeze every interval to a dot; it is
// drawn clipped at the edge instead. Without intervals every row counts.
func forestLimit(rows []chart.ForestRow) float64 {
	var with []chart.ForestRow
	for _, r := range rows {
		if !math.IsNaN(r.Low) && !math.IsNaN(r.High) {
			with = append(with, r)
		}
	}
	if len(with) == 0 {
		with = rows
	}
	return chart.ForestLimit(with)
}

// subjectThresholds returns the configured thresholds of a subject.
func subjectThresholds(cfg *config.Config, kind, name string) thresholdView {
	if kind == kindDimension || kind == kindPairwise {
		return thresholdView{Thresholds: cfg.Dimension(name).Thresholds()}
	}
	return thresholdView{Thresholds: cfg.Metric(name).Thresholds}
}

// newRollup counts the verdicts of a panel's rows and words the
// reliability of its human rows against the agreement limits.
func newRollup(v *verdictPanel, agree config.Agreement) rollup {
	out := rollup{Metrics: countVerdicts(v.Metrics), Humans: countVerdicts(v.Humans)}
	if len(v.Prefs) > 0 {
		out.Prefs = countVerdicts(v.Prefs)
	}
	var worst *panelRow
	for i := range v.Humans {
		h := &v.Humans[i]
		if h.Rel == nil || h.Rel.Alpha == nil {
			continue
		}
		if worst == nil || *h.Rel.Alpha < *worst.Rel.Alpha {
			worst = h
		}
	}
	if worst == nil {
		return out
	}
	a := *worst.Rel.Alpha
	on := ""
	if len(v.Humans) > 1 {
		on = " on " + worst.Label
		if n := countStatus(v.Humans, worst.Rel.Status); n > 1 {
			on = fmt.Sprintf(" on %d of %d dimensions", n, len(v.Humans))
		}
	}
	out.RatersClass = statusClass(worst.Rel.Status)
	switch worst.Rel.Status {
	case reliability.Unreliable:
		out.Raters = fmt.Sprintf("ratings unreliable%s (lowest α %s < %s)", on, fmtFloat(a), fmtFloat(agree.Alert))
	case reliability.Tentative:
		out.Raters = fmt.Sprintf("ratings tentative%s (lowest α %s < %s)", on, fmtFloat(a), fmtFloat(agree.Warn))
	default:
		out.Raters = fmt.Sprintf("ratings reliable (lowest α %s)", fmtFloat(a))
	}
	return out
}

// countStatus counts the rows whose agreement record has the status.
func countStatus(rows []panelRow, status string) int {
	n := 0
	for _, r := range rows {
		if r.Rel != nil && r.Rel.Status == status {
			n++
		}
	}
	return n
}

// verdictOrder is the order verdicts are counted in.
var verdictOrder = []string{"better", "possibly better", "worse", "possibly worse", "no change", "no test"}

// countVerdicts words the verdicts of rows: "1 better, 5 no change"; rows
// without a comparison are left out, and no rows read "none compared".
func countVerdicts(rows []panelRow) string {
	n := map[string]int{}
	for _, row := range rows {
		if row.Comp != nil {
			n[row.Comp.Verdict]++
		}
	}
	var parts []string
	for _, v := range verdictOrder {
		if n[v] > 0 {
			parts = append(parts, strconv.Itoa(n[v])+" "+v)
			delete(n, v)
		}
	}
	for _, v := range slices.Sorted(maps.Keys(n)) {
		parts = append(parts, strconv.Itoa(n[v])+" "+v)
	}
	if len(parts) == 0 {
		return "none compared"
	}
	return strings.Join(parts, ", ")
}

// iterationRecord returns a dimension's agreement record in one iteration.
func iterationRecord(d *reliability.Dimension, id string) *reliability.Record {
	for i := range d.Iterations {
		if d.Iterations[i].Iteration == id {
			return &d.Iterations[i]
		}
	}
	return nil
}

// decisionOf returns the decision recorded for an iteration, or nil: of
// the decisions whose front matter names it, the one that names it first
// and decides about the model (ship, rollback, hold) rather than, say, the
// guidelines; among equals the newest.
func decisionOf(byIter map[string][]*docView, id string) *docView {
	var best *docView
	bestScore := -1
	for _, d := range byIter[id] { // newest first
		if d.Kind != project.Decision {
			continue
		}
		score := 0
		if len(d.Meta.Iterations) > 0 && d.Meta.Iterations[0] == id {
			score += 2
		}
		if modelDecisions[d.Meta.Decision] {
			score++
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

// modelDecisions are the decisions about a model, as opposed to decisions
// about the guidelines or the process.
var modelDecisions = map[string]bool{"ship": true, "rollback": true, "hold": true}

// relativeChange is a comparison's change as a share of its target's mean,
// Delta / |MeanAgainst|, as the verdict panel plots it (oriented there) and
// api/metrics.json gives it; nil when the target's mean is 0 or undefined.
func relativeChange(c experiment.Comparison) *float64 {
	if c.MeanAgainst == 0 || math.IsNaN(c.MeanAgainst) || math.IsInf(c.MeanAgainst, 0) {
		return nil
	}
	return stats.Finite(c.Delta / math.Abs(c.MeanAgainst))
}

// signedPct writes a share as a signed percentage with at most three
// significant digits and no trailing zeros: 0.0125 -> "+1.25%",
// -0.2 -> "-20%", 0 -> "0%".
func signedPct(x float64) string {
	s := strconv.FormatFloat(100*x, 'g', 3, 64)
	if strings.ContainsAny(s, "e") {
		s = fmtFloat(100 * x)
	}
	switch {
	case s == "0" || s == "-0":
		return "0%"
	case !strings.HasPrefix(s, "-"):
		s = "+" + s
	}
	return s + "%"
}
