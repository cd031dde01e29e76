package experiment

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/compare"
	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

// itemValues returns per-item values of one iteration: item i gets f(i),
// slice slice(i) (nil: none).
func itemValues(iter string, n int, f func(i int) float64, slice func(i int) string) []project.MetricValue {
	out := make([]project.MetricValue, n)
	for i := range out {
		out[i] = project.MetricValue{Iteration: iter, Item: fmt.Sprintf("q%03d", i), Value: f(i)}
		if slice != nil {
			out[i].Slice = slice(i)
		}
	}
	return out
}

// jitter is a fixed, zero-mean pattern of item-level noise.
func jitter(i int) float64 { return []float64{0.3, -0.2, 0.1, -0.4, 0.2}[i%5] }

// twoIterations returns a project of iterations a and b (b's baseline is a)
// with the given metrics.
func twoIterations(metrics ...project.Metric) *project.Project {
	return &project.Project{
		Iterations: []project.Iteration{{ID: "a"}, {ID: "b", Order: 1, Baseline: "a"}},
		Metrics:    metrics,
	}
}

// metric builds a metric whose values in a are base(i) and in b cand(i),
// on n items.
func metric(name string, dir project.Direction, n int, base, cand func(i int) float64) project.Metric {
	v := append(itemValues("a", n, base, nil), itemValues("b", n, cand, nil)...)
	return project.Metric{Name: name, Direction: dir, Values: project.ValuesOf(v)}
}

// analyseChecked runs Analyse and fails when the report cannot be written
// as JSON (which a NaN or an infinity would prevent).
func analyseChecked(t *testing.T, p *project.Project, opt Options) Report {
	t.Helper()
	rep := Analyse(p, opt)
	if _, err := json.Marshal(rep); err != nil {
		t.Fatalf("report does not marshal (NaN?): %v", err)
	}
	return rep
}

func find(t *testing.T, rep Report, iteration, subject string) Comparison {
	t.Helper()
	for _, c := range rep.Comparisons {
		if c.Iteration == iteration && c.Subject == subject {
			return c
		}
	}
	t.Fatalf("no comparison of %s on %s", iteration, subject)
	return Comparison{}
}

func TestVerdicts(t *testing.T) {
	base := func(i int) float64 { return 5 + jitter(i) }
	p := twoIterations(
		metric("up", project.HigherIsBetter, 40, base, func(i int) float64 { return base(i) + 1 + jitter(i+2)/2 }),
		metric("down", project.HigherIsBetter, 40, base, func(i int) float64 { return base(i) - 1 + jitter(i+2)/2 }),
		metric("flat", project.HigherIsBetter, 40, base, func(i int) float64 { return base(i) + jitter(i+1) }),
		metric("latency", project.LowerIsBetter, 40, base, func(i int) float64 { return base(i) - 2 + jitter(i+3)/2 }),
	)
	rep := analyseChecked(t, p, Options{Seed: 7})
	for _, tc := range []struct {
		subject string
		delta   float64
		verdict string
	}{
		{"up", 1, Better},
		{"down", -1, Worse},
		{"flat", 0, NoChange},
		{"latency", -2, Better},
	} {
		c := find(t, rep, "b", tc.subject)
		if !c.Paired || c.N != 40 || c.NAgainst != 40 || c.Target != TargetBaseline || c.Against != "a" {
			t.Errorf("%s: paired %v n %d/%d target %s against %s", tc.subject, c.Paired, c.N, c.NAgainst, c.Target, c.Against)
		}
		if math.Abs(c.Delta-tc.delta) > 1e-9 || math.Abs(c.Mean-c.MeanAgainst-tc.delta) > 1e-9 {
			t.Errorf("%s: delta %v (means %v - %v); want %v", tc.subject, c.Delta, c.Mean, c.MeanAgainst, tc.delta)
		}
		if c.Verdict != tc.verdict {
			t.Errorf("%s: verdict %s; want %s (CI %v)", tc.subject, c.Verdict, tc.verdict, fmtCI(c.CI))
		}
		if c.CI == nil || c.P == nil || c.PAdjusted == nil || c.Effect == nil {
			t.Fatalf("%s: missing figures", tc.subject)
		}
		if c.CI.Low > c.Delta || c.CI.High < c.Delta {
			t.Errorf("%s: CI %v does not contain delta %v", tc.subject, fmtCI(c.CI), c.Delta)
		}
		if want := tc.verdict != NoChange; c.Significant != want {
			t.Errorf("%s: significant %v (p adj %s); want %v", tc.subject, c.Significant, fp(c.PAdjusted), want)
		}
		if c.Method != string(compare.MethodPaired) {
			t.Errorf("%s: method %q", tc.subject, c.Method)
		}
	}
}

// TestFirstIterationAndPrevious checks targets: none for the first
// iteration, the previous one without a baseline.
func TestTargets(t *testing.T) {
	f := func(i int) float64 { return float64(i % 3) }
	p := &project.Project{
		Iterations: []project.Iteration{{ID: "a"}, {ID: "b", Order: 1}, {ID: "c", Order: 2, Baseline: "a"}},
		Metrics: []project.Metric{{Name: "m", Values: project.ValuesOf(append(append(itemValues("a", 10, f, nil),
			itemValues("b", 10, f, nil)...), itemValues("c", 10, f, nil)...))}},
	}
	rep := analyseChecked(t, p, Options{})
	var got []string
	for _, c := range rep.Comparisons {
		got = append(got, c.Iteration+">"+c.Against+":"+c.Target)
	}
	if want := []string{"b>a:previous", "c>a:baseline"}; !reflect.DeepEqual(got, want) {
		t.Errorf("comparisons %v; want %v", got, want)
	}
}

func TestBinaryPaired(t *testing.T) {
	// 30 items: 12 only the candidate gets right, 3 only the baseline, 15
	// both or neither.
	base := func(i int) float64 { return float64(pick(i >= 12 && i < 15 || i >= 22, 1, 0)) }
	cand := func(i int) float64 { return float64(pick(i < 12 || i >= 22, 1, 0)) }
	rep := analyseChecked(t, twoIterations(metric("acc", project.HigherIsBetter, 30, base, cand)), Options{})
	c := find(t, rep, "b", "acc")
	if c.Method != string(compare.MethodPairedBinary) || !c.Paired {
		t.Fatalf("method %q paired %v", c.Method, c.Paired)
	}
	if want := compare.McNemarExact(12, 3); c.P == nil || *c.P != want {
		t.Errorf("p %s; want McNemar's %v", fp(c.P), want)
	}
	if want := 9.0 / 30; math.Abs(c.Delta-want) > 1e-12 {
		t.Errorf("delta %v; want %v", c.Delta, want)
	}
}

func TestUnpaired(t *testing.T) {
	p := twoIterations()
	num := func(i int) float64 { return 10 + jitter(i) }
	bin := func(i int) float64 { return float64(i % 2) }
	p.Metrics = []project.Metric{
		{Name: "score", Values: project.ValuesOf(append(itemValues("a", 20, num, nil), shift(itemValues("b", 20, num, nil), "x")...))},
		{Name: "rate", Values: project.ValuesOf(append(itemValues("a", 20, bin, nil), shift(itemValues("b", 30, func(i int) float64 { return float64(pick(i%3 > 0, 1, 0)) }, nil), "x")...))},
	}
	rep := analyseChecked(t, p, Options{})
	s := find(t, rep, "b", "score")
	if s.Paired || s.Method != string(compare.MethodUnpaired) || s.N != 20 || s.NAgainst != 20 {
		t.Errorf("score: paired %v method %q n %d/%d", s.Paired, s.Method, s.N, s.NAgainst)
	}
	r := find(t, rep, "b", "rate")
	want := compare.NewcombeDiff(20, 30, 10, 20, 0.95)
	if r.Method != string(compare.MethodProportions) || r.CI == nil || r.CI.Low != want.Low || r.CI.High != want.High {
		t.Errorf("rate: method %q CI %s; want Newcombe %v", r.Method, fmtCI(r.CI), want)
	}
	if _, wantP := compare.TwoProportionZ(20, 30, 10, 20); r.P == nil || *r.P != wantP {
		t.Errorf("rate: p %s; want %v", fp(r.P), wantP)
	}
}

// shift renames the items of values so that they share none with others.
func shift(values []project.MetricValue, prefix string) []project.MetricValue {
	for i := range values {
		values[i].Item = prefix + values[i].Item
	}
	return values
}

func TestNoTestAndThresholds(t *testing.T) {
	level := func(iter string, v float64) project.MetricValue {
		return project.MetricValue{Iteration: iter, Value: v}
	}
	f := func(v float64) *float64 { return &v }
	base := func(i int) float64 { return 0.8 + jitter(i)/10 }
	p := twoIterations(
		project.Metric{Name: "latency", Direction: project.LowerIsBetter, Values: project.ValuesOf([]project.MetricValue{level("a", 1000), level("b", 1300)})},
		metric("acc", project.HigherIsBetter, 50, base, func(i int) float64 { return base(i) - 0.1 }),
		metric("quiet", project.HigherIsBetter, 50, base, func(i int) float64 { return base(i) - 0.1 }),
		metric("loud", project.HigherIsBetter, 50, base, func(i int) float64 { return base(i) - 0.1 }),
	)
	opt := Options{MetricThresholds: map[string]config.Thresholds{
		"latency": {Max: f(1200), MaxRegression: f(100)},
		"acc":     {Min: f(0.75), MaxRegressionRel: f(0.05)},
		"quiet":   {SignificantRegression: "off"},
		"loud":    {SignificantRegression: "error"},
	}}
	rep := analyseChecked(t, p, opt)
	lat := find(t, rep, "b", "latency")
	if lat.Verdict != NoTest || lat.CI != nil || lat.P != nil || lat.Delta != 300 || lat.Method != MethodNoTest {
		t.Errorf("latency: %+v", lat)
	}
	type key struct{ kind, subject, iteration string }
	got := map[key]alert.Alert{}
	for _, a := range rep.Alerts {
		got[key{a.Kind, a.Subject.String(), a.Iteration}] = a
	}
	for _, tc := range []struct {
		k        key
		severity alert.Severity
		number   string
		link     string
	}{
		{key{KindThreshold, "metric latency", "b"}, alert.Error, "max", "metrics/latency.html"},
		{key{KindRegression, "metric latency", "b"}, alert.Error, "max_regression", "iterations/b.html"},
		{key{KindThreshold, "metric acc", "b"}, alert.Error, "min", "metrics/acc.html"},
		{key{KindRegression, "metric loud", "b"}, alert.Error, "ci_high", "iterations/b.html"},
	} {
		a, ok := got[tc.k]
		if !ok {
			t.Errorf("no alert %v", tc.k)
			continue
		}
		if a.Severity != tc.severity || a.Link != tc.link {
			t.Errorf("%v: severity %v link %q", tc.k, a.Severity, a.Link)
		}
		if _, ok := a.Numbers[tc.number]; !ok {
			t.Errorf("%v: numbers %v lack %s", tc.k, a.Numbers, tc.number)
		}
	}
	if _, ok := got[key{KindRegression, "metric quiet", "b"}]; ok {
		t.Error("significant_regression off still raised an alert")
	}
	// acc: a relative regression of 0.1/0.8 = 12.5% > 5% that is also
	// significant: one error alert that states both.
	var acc []alert.Alert
	for _, a := range rep.Alerts {
		if a.Kind == KindRegression && a.Subject == alert.Metric("acc") {
			acc = append(acc, a)
		}
	}
	if len(acc) != 1 || acc[0].Severity != alert.Error {
		t.Fatalf("acc regression alerts: %+v; want one error", acc)
	}
	if v := acc[0].Numbers["regression_rel"]; math.Abs(v-0.125) > 1e-9 {
		t.Errorf("regression_rel %v; want 0.125", v)
	}
	for _, want := range []string{"12.5% of a's mean, more than the 5% allowed", "excludes zero and it is significant", "Holm's correction over b's 3 tests"} {
		if !strings.Contains(acc[0].Message, want) {
			t.Errorf("acc message %q lacks %q", acc[0].Message, want)
		}
	}
	if _, ok := acc[0].Numbers["p_adjusted"]; !ok {
		t.Errorf("acc numbers %v lack p_adjusted", acc[0].Numbers)
	}
}

func TestSliceReversal(t *testing.T) {
	slice := func(i int) string { return pick(i%4 == 0, "small", "big") }
	base := func(i int) float64 { return 5 + jitter(i) }
	cand := func(i int) float64 {
		if slice(i) == "small" {
			return base(i) - 1 + jitter(i+1)/4
		}
		return base(i) + 0.6 + jitter(i+1)/4
	}
	p := twoIterations(project.Metric{Name: "m", Values: project.ValuesOf(append(itemValues("a", 80, base, slice), itemValues("b", 80, cand, slice)...))})
	rep := analyseChecked(t, p, Options{})
	c := find(t, rep, "b", "m")
	if c.Verdict != Better || len(c.Slices) != 2 {
		t.Fatalf("verdict %s, slices %+v", c.Verdict, c.Slices)
	}
	big, small := c.Slices[0], c.Slices[1]
	if big.Slice != "big" || big.N != 60 || big.Verdict != Better || big.Reversal {
		t.Errorf("big: %+v", big)
	}
	if small.Slice != "small" || small.N != 20 || small.Verdict != Worse || !small.Reversal || math.Abs(small.Delta+1) > 0.05 {
		t.Errorf("small: %+v", small)
	}
	n := 0
	for _, a := range rep.Alerts {
		if a.Kind == KindSlice {
			n++
			if a.Severity != alert.Warning || !strings.Contains(a.Message, `"small"`) {
				t.Errorf("slice alert %+v", a)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d slice alerts; want 1", n)
	}
}

func TestAnomaly(t *testing.T) {
	values := []float64{100, 104, 98, 101, 103, 99, 160, 102}
	p := &project.Project{}
	var mv []project.MetricValue
	for i, v := range values {
		id := fmt.Sprintf("v%d", i)
		p.Iterations = append(p.Iterations, project.Iteration{ID: id, Order: i})
		mv = append(mv, project.MetricValue{Iteration: id, Value: v})
	}
	p.Metrics = []project.Metric{{Name: "cost", Direction: project.LowerIsBetter, Values: project.ValuesOf(mv)}}
	opt := Options{
		Experiment:       config.Experiment{AnomalyWindow: 4, AnomalyZ: 3.5},
		MetricThresholds: map[string]config.Thresholds{"cost": {Sentinel: true}},
	}
	rep := analyseChecked(t, p, opt)
	var got []string
	for _, a := range rep.Alerts {
		if a.Kind == KindAnomaly {
			got = append(got, a.Iteration)
			// window v2..v5 = 98, 101, 103, 99: median 100, MAD 1.5.
			want := (160 - 100) / (compare.MADScale * 1.5)
			if math.Abs(a.Numbers["z"]-want) > 1e-9 || a.Numbers["median"] != 100 {
				t.Errorf("z %v median %v; want %v, 100", a.Numbers["z"], a.Numbers["median"], want)
			}
		}
	}
	// v7 (102) is scored against 101, 103, 99, 160: median 102, no anomaly.
	if !reflect.DeepEqual(got, []string{"v6"}) {
		t.Errorf("anomalies in %v; want v6", got)
	}
}

// TestCorrection checks that the p-values of one iteration pair are
// adjusted together by the chosen method.
func TestCorrection(t *testing.T) {
	base := func(i int) float64 { return 5 + jitter(i) }
	var ms []project.Metric
	for k, shift := range []float64{0.02, 0.05, 0.08, 0.3} {
		ms = append(ms, metric(fmt.Sprintf("m%d", k), project.HigherIsBetter, 30, base,
			func(i int) float64 { return base(i) + shift + jitter(i+k+1)/3 }))
	}
	p := twoIterations(ms...)
	adjusted := map[string][]float64{}
	for _, corr := range []string{"holm", "bh", "none"} {
		rep := analyseChecked(t, p, Options{Experiment: config.Experiment{Correction: corr}})
		var raw, adj []float64
		for _, c := range rep.Comparisons {
			raw, adj = append(raw, *c.P), append(adj, *c.PAdjusted)
		}
		want, _ := compare.Adjust(compare.Correction(corr), raw, nil)
		if !reflect.DeepEqual(adj, want) {
			t.Errorf("%s: adjusted %v; want %v from %v", corr, adj, want, raw)
		}
		adjusted[corr] = adj
	}
	for i := range adjusted["holm"] {
		if !(adjusted["none"][i] <= adjusted["bh"][i] && adjusted["bh"][i] <= adjusted["holm"][i]) {
			t.Errorf("metric %d: none %v, bh %v, holm %v; want none <= bh <= holm", i,
				adjusted["none"][i], adjusted["bh"][i], adjusted["holm"][i])
		}
	}
}

func TestCaseStudyVerdicts(t *testing.T) {
	base := func(i int) float64 { return 3 + jitter(i) }
	p := twoIterations(
		metric("good", project.HigherIsBetter, 60, base, func(i int) float64 { return base(i) + 0.5 + jitter(i+1)/3 }),
		metric("bad", project.HigherIsBetter, 60, base, func(i int) float64 { return base(i) - 0.5 + jitter(i+1)/3 }),
		metric("fast", project.LowerIsBetter, 60, base, func(i int) float64 { return base(i) - 0.5 + jitter(i+1)/3 }),
		metric("same", project.HigherIsBetter, 60, base, func(i int) float64 { return base(i) + jitter(i+1)/3 }),
	)
	f := func(v float64) *float64 { return &v }
	doc := func(slug, primary, baseline string, minEffect *float64, planned int) project.Document {
		return project.Document{Kind: project.CaseStudy, Slug: slug, Meta: project.FrontMatter{
			Candidate: "b", Baseline: baseline, Primary: primary, MinEffect: minEffect, PlannedN: planned}}
	}
	p.CaseStudies = []project.Document{
		doc("supported", "good", "a", f(0.2), 60),
		doc("refuted", "bad", "", nil, 60),
		doc("lower", "fast", "", f(0.2), 60),
		doc("straddle", "good", "", f(0.5), 60),
		doc("small", "good", "", nil, 100),
		doc("null", "same", "", f(0.1), 60),
		doc("unknown", "nope", "", nil, 0),
		{Slug: "no-experiment", Meta: project.FrontMatter{Title: "prose only"}},
	}
	rep := analyseChecked(t, p, Options{})
	want := map[string]string{
		"supported": Supported, "refuted": Refuted, "lower": Supported, "straddle": Inconclusive,
		"small": Inconclusive, "unknown": Invalid,
		// No change at all: the CI lies below the smallest effect worth shipping.
		"null": Refuted,
	}
	if len(rep.Verdicts) != len(want) {
		t.Fatalf("%d verdicts; want %d", len(rep.Verdicts), len(want))
	}
	for _, v := range rep.Verdicts {
		if v.Outcome != want[v.CaseStudy] {
			t.Errorf("%s: %s (%s); want %s", v.CaseStudy, v.Outcome, v.Reason, want[v.CaseStudy])
		}
		if v.Reason == "" {
			t.Errorf("%s: no reason", v.CaseStudy)
		}
		if v.Outcome == Invalid {
			continue
		}
		if v.Baseline != "a" || v.N != 60 || v.CI == nil || v.MDE == nil || v.P == nil {
			t.Errorf("%s: %+v", v.CaseStudy, v)
		}
		if v.CI.Low > v.Delta || v.CI.High < v.Delta {
			t.Errorf("%s: CI %v misses delta %v", v.CaseStudy, fmtCI(v.CI), v.Delta)
		}
	}
	for _, v := range rep.Verdicts {
		switch v.CaseStudy {
		case "lower":
			if math.Abs(v.Delta-0.5) > 1e-9 {
				t.Errorf("lower: delta %v; want +0.5 (the good direction)", v.Delta)
			}
		case "small":
			if !strings.Contains(v.Reason, "60 of the 100 planned") {
				t.Errorf("small: reason %q", v.Reason)
			}
		case "supported":
			// MDE = 2.8016 sd/sqrt(n), sd of the differences jitter/3.
			d := make([]float64, 60)
			for i := range d {
				d[i] = 0.5 + jitter(i+1)/3
			}
			if want := compare.MDEPaired(sdOf(d), 60, 0.05, 0.8); math.Abs(*v.MDE-want) > 1e-12 {
				t.Errorf("MDE %v; want %v", *v.MDE, want)
			}
		}
	}
}

func sdOf(x []float64) float64 {
	var m, s float64
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return math.Sqrt(s / float64(len(x)-1))
}

// TestDimension checks that a numeric dimension is compared through each
// item's consensus and that a label dimension is skipped.
func TestDimension(t *testing.T) {
	var ratings []project.Rating
	for i := range 20 {
		item := fmt.Sprintf("q%03d", i)
		for r, off := range []float64{-0.5, 0.5} {
			rater := fmt.Sprintf("r%d", r)
			ratings = append(ratings,
				project.Rating{Item: item, Rater: rater, Iteration: "a", Value: 3 + off + jitter(i)},
				project.Rating{Item: item, Rater: rater, Iteration: "b", Value: 2 + off + jitter(i)})
		}
	}
	p := twoIterations()
	p.Dimensions = []project.Dimension{
		{Name: "effort", Numeric: true, Ratings: project.RatingsOf(ratings)},
		{Name: "tone", Ratings: project.RatingsOf([]project.Rating{{Item: "q000", Iteration: "a", Label: "ok"}, {Item: "q000", Iteration: "b", Label: "ok"}})},
	}
	rep := analyseChecked(t, p, Options{DimensionDirection: map[string]string{"effort": "lower"}})
	if len(rep.Comparisons) != 1 {
		t.Fatalf("%d comparisons; want 1 (tone is a label dimension)", len(rep.Comparisons))
	}
	c := rep.Comparisons[0]
	if c.Kind != "dimension" || c.N != 20 || math.Abs(c.Delta+1) > 1e-9 || c.Verdict != Better || c.Direction != "lower" {
		t.Errorf("effort: %+v", c)
	}
}

func TestDeterministic(t *testing.T) {
	p, opt := loadExample(t)
	a := analyse(p, opt, 2)
	b := analyse(p, opt, 1)
	if !reflect.DeepEqual(a, b) {
		t.Error("the analysis on one goroutine differs from two")
	}
	if _, err := json.Marshal(a); err != nil {
		t.Errorf("example report does not marshal: %v", err)
	}
}
