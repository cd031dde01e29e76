package render

import (
	"cmp"
	"fmt"
	"github.com/evalbook/evalbook/internal/alert"
	"html/template"
	"strconv"
	"strings"

	"github.com/evalbook/evalbook/internal/chart"
	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/experiment"
)

// Comparison kinds of experiment.Comparison.
const (
	kindMetric    = "metric"
	kindDimension = "dimension"
	kindPairwise  = experiment.KindPairwise
)

// compView is a comparison with its subject's label, page and unit, and the
// iterations it names, resolved.
type compView struct {
	experiment.Comparison
	Label string    // the subject's display name
	Path  string    // the subject's page, "" when the subject is unknown
	Unit  string    // the subject's unit ("" for dimensions)
	Iter  *iterView // the compared iteration, nil when outside the series
	Other *iterView // the iteration compared with, nil when outside the series
	// Reversals are the slices that move against the overall direction,
	// significantly after the iteration's correction; PossibleReversals
	// those that may, which are shown as hints.
	Reversals         []experiment.SliceComparison
	PossibleReversals []experiment.SliceComparison
	// Alerts are the most severe alert of each kind about this subject in
	// this iteration, slice alerts left out (Reversals shows those).
	Alerts []alertView
	// Fmt is the comparison's figures formatted once, for the tables
	// that list it (an iteration's, a subject's), in place of a call of
	// num, delta, ci or pval per cell on every page.
	Fmt compCells
}

// compCells are a comparison's figures as its table rows show them: num,
// delta, ci and pval of the figures with the subject's unit, and the
// cells the partials compn (N), pairing (Pairing), verdict (Verdict) and
// compflags (Flags) write for it (compView.cells).
type compCells struct {
	Mean, Against, CI, P, PAdjusted, Effect string
	Delta                                   template.HTML
	N, Pairing, Verdict, Flags              template.HTML
}

// TargetText says what the comparison is against: "baseline v1" or
// "previous iteration v2".
func (c *compView) TargetText() string { return targetText(c.Target, c.Against) }

// targetText words a comparison target.
func targetText(target, against string) string {
	if target == "previous" {
		return "previous iteration " + against
	}
	return cmp.Or(target, "baseline") + " " + against
}

// target is a distinct target of an iteration's comparisons.
type target struct {
	Kind string    // "baseline" or "previous"
	ID   string    // the iteration compared with
	Iter *iterView // its page, nil when outside the series
}

// compTable is the comparison part of an iteration's page.
type compTable struct {
	Targets    []target // distinct targets, in the order first met
	Metrics    []*compView
	Dimensions []*compView
	Pairwise   []*compView // win rates against the target on pairwise dimensions
	Sliced     []*compView // comparisons with a slice breakdown
	Reversals  []*compView // comparisons with a slice that reverses
	Possible   []*compView // comparisons with a slice that may reverse, and none that does
}

// verdictView is a case study's verdict with its links resolved.
type verdictView struct {
	experiment.Verdict
	Doc       *docView
	Base      *iterView // nil when outside the series
	Cand      *iterView
	Primary   ref
	Unit      string // the primary's unit
	BelowPlan bool   // fewer items than planned
}

// OutcomeClass is the CSS class of the outcome badge.
func (v *verdictView) OutcomeClass() string { return outcomeClass(v.Outcome) }

// subjectKey keys comparisons by their subject.
func subjectKey(kind, name string) string { return kind + "\x00" + name }

// expIndex is the experiment analysis's views: the comparisons by
// iteration ID and by subjectKey, in report order, and the case-study
// verdicts, in report order.
type expIndex struct {
	compIter map[string][]*compView
	compSubj map[string][]*compView
	verdicts []*verdictView
}

// newExpIndex indexes the comparisons by iteration and subject and pairs
// each verdict with its case study; it reads the views of the subjects,
// iterations, documents and alerts, and attaches the verdicts to their
// case studies' views (docView.Verdict) and the comparisons to the
// pairwise views (pwView.Comparisons). Comparisons whose iteration is not
// in the series are kept on their subject's page only.
func newExpIndex(rep experiment.Report, iterBy iterIndex, metric metricIndex, dim dimIndex, pw *pwSite,
	docs map[string]*docView, alerts alertIndex) expIndex {
	x := expIndex{compIter: map[string][]*compView{}, compSubj: map[string][]*compView{}}
	for _, c := range rep.Comparisons {
		v := newCompView(c, iterBy, metric, dim, pw, alerts)
		x.compIter[c.Iteration] = append(x.compIter[c.Iteration], v)
		key := subjectKey(c.Kind, c.Subject)
		x.compSubj[key] = append(x.compSubj[key], v)
	}
	for _, vd := range rep.Verdicts {
		v := newVerdictView(vd, iterBy, metric, dim, pw, docs)
		if v.Doc != nil && v.Doc.Verdict == nil {
			v.Doc.Verdict = v
		}
		x.verdicts = append(x.verdicts, v)
	}
	for _, v := range pw.dims {
		v.Comparisons = x.compSubj[subjectKey(kindPairwise, v.Name)]
	}
	return x
}

// newCompView resolves a comparison's subject and iterations, and picks
// the alerts about it.
func newCompView(c experiment.Comparison, iterBy iterIndex, metric metricIndex, dim dimIndex, pw *pwSite, alerts alertIndex) *compView {
	v := &compView{Comparison: c, Label: c.Subject, Iter: iterBy[c.Iteration], Other: iterBy[c.Against]}
	switch c.Kind {
	case kindMetric:
		if m := metric[c.Subject]; m != nil {
			v.Label, v.Path, v.Unit = m.Label, m.Path, m.Unit
		}
	case kindDimension:
		if d := dim[c.Subject]; d != nil {
			v.Label, v.Path = d.Label, d.Path
		}
	case kindPairwise:
		if d := pw.byDim[c.Subject]; d != nil {
			v.Label, v.Path = d.Label, d.Path
		}
	}
	for _, s := range c.Slices {
		switch {
		case s.Reversal:
			v.Reversals = append(v.Reversals, s)
		case s.PossibleReversal:
			v.PossibleReversals = append(v.PossibleReversals, s)
		}
	}
	kinds := map[string]bool{"slice": true}
	for _, a := range alerts.alertsAbout(c.Kind, c.Subject) {
		if a.Iteration == c.Iteration && !kinds[a.Kind] {
			kinds[a.Kind] = true
			v.Alerts = append(v.Alerts, a)
		}
	}
	v.cells()
	return v
}

// newVerdictView resolves a verdict's case study, iterations and primary. The
// primary is looked up among the metrics first, then the dimensions.
func newVerdictView(vd experiment.Verdict, iterBy iterIndex, metric metricIndex, dim dimIndex, pw *pwSite,
	docs map[string]*docView) *verdictView {
	v := &verdictView{Verdict: vd, Base: iterBy[vd.Baseline], Cand: iterBy[vd.Candidate],
		Primary: ref{Name: vd.Primary, Label: vd.Primary}}
	v.Doc = docs[vd.CaseStudy]
	if v.Doc == nil {
		v.Doc = docs["casestudies/"+vd.CaseStudy]
	}
	if m := metric[vd.Primary]; m != nil {
		v.Primary, v.Unit = metric.ref(vd.Primary), m.Unit
	} else if dim[vd.Primary] != nil {
		v.Primary = dim.ref(vd.Primary)
	} else if d := pw.byDim[vd.Primary]; d != nil {
		v.Primary = ref{Name: d.Name, Label: d.Label, Path: d.Path}
	}
	v.BelowPlan = vd.PlannedN > 0 && vd.N < vd.PlannedN
	return v
}

// newCompTable builds the comparison table of an iteration's page from
// its comparisons; nil when it has none.
func newCompTable(comps []*compView) *compTable {
	if len(comps) == 0 {
		return nil
	}
	t := &compTable{}
	for _, c := range comps {
		if !hasTarget(t.Targets, c.Target, c.Against) {
			t.Targets = append(t.Targets, target{c.Target, c.Against, c.Other})
		}
		switch c.Kind {
		case kindDimension:
			t.Dimensions = append(t.Dimensions, c)
		case kindPairwise:
			t.Pairwise = append(t.Pairwise, c)
		default:
			t.Metrics = append(t.Metrics, c)
		}
		if len(c.Slices) > 0 {
			t.Sliced = append(t.Sliced, c)
		}
		if len(c.Reversals) > 0 {
			t.Reversals = append(t.Reversals, c)
		} else if len(c.PossibleReversals) > 0 {
			t.Possible = append(t.Possible, c)
		}
	}
	return t
}

// hasTarget reports whether ts has the target (kind, id).
func hasTarget(ts []target, kind, id string) bool {
	for _, t := range ts {
		if t.Kind == kind && t.ID == id {
			return true
		}
	}
	return false
}

// alertsAbout returns the alerts about the metric (kind kindMetric),
// dimension (kindDimension) or pairwise dimension (kindPairwise) name,
// most severe first.
func (r alertIndex) alertsAbout(kind, name string) []alertView {
	switch kind {
	case kindMetric:
		return r.alertsBySubject[alert.Metric(name)]
	case kindPairwise:
		return r.alertsBySubject[alert.Pairwise(name)]
	}
	return r.alertsBySubject[alert.Dimension(name)]
}

// alertsIn returns the alerts about the iteration id, most severe first.
func (r alertIndex) alertsIn(id string) []alertView {
	return r.alertsByIteration[id]
}

// markless are the alert kinds a trend chart does not mark: they are about
// the raters' agreement, which the alpha chart shows, not about the mean.
var markless = map[string]bool{"reliability": true, "calibration": true}

// marks turns alerts into chart marks at their iterations, labelled with
// kind, severity and message; alerts without an iteration, and those of
// the markless kinds, are left out.
func marks(alerts []alertView) []chart.Mark {
	var out []chart.Mark
	for _, a := range alerts {
		if a.Iteration == "" || markless[a.Kind] {
			continue
		}
		out = append(out, chart.Mark{X: a.Iteration, Label: fmt.Sprintf("%s (%s): %s", a.Kind, a.SeverityName(), a.Message)})
	}
	return out
}

// thresholdLines draws a subject's floor and ceiling as reference lines.
func thresholdLines(t config.Thresholds) []chart.RefLine {
	var out []chart.RefLine
	if t.Min != nil {
		out = append(out, chart.RefLine{Name: "floor", Value: *t.Min})
	}
	if t.Max != nil {
		out = append(out, chart.RefLine{Name: "ceiling", Value: *t.Max})
	}
	return out
}

// thresholdView is a subject's thresholds as its page states them.
type thresholdView struct {
	config.Thresholds
	Unit string
}

// Any reports whether any threshold is set.
func (t thresholdView) Any() bool {
	return t.Min != nil || t.Max != nil || t.MaxRegression != nil || t.MaxRegressionRel != nil || t.Sentinel
}

// SignificantText is the severity of a significant regression as text.
func (t thresholdView) SignificantText() string {
	return cmp.Or(t.SignificantRegression, "warning")
}

// Iteration is the word for one of the project's iterations: "system" in
// a project of unordered systems, else "iteration".
func (s *site) Iteration() string {
	if s.Unordered {
		return "system"
	}
	return "iteration"
}

// Iterations is the plural of Iteration.
func (s *site) Iterations() string { return s.Iteration() + "s" }

// Family says in words how an iteration's p-values are adjusted: "Holm's
// correction over the iteration's comparisons and their slices, the slices
// sharing 20% of the weight". It is meant for a correction other than
// "none".
func (s *site) Family() string {
	of := "iteration"
	if s.Unordered {
		of = "round"
	}
	return fmt.Sprintf("%s's correction over the %s's comparisons and their slices, the slices sharing %s%% of the weight",
		s.Correction, of, strconv.FormatFloat(100*s.SliceWeight, 'g', 3, 64))
}

// correctionName names a p-value correction for people.
func correctionName(c string) string {
	switch strings.ToLower(c) {
	case "holm", "":
		return "Holm"
	case "bh":
		return "Benjamini-Hochberg"
	case "none":
		return "none"
	}
	return c
}
