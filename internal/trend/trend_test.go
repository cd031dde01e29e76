package trend

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

func f(x float64) *float64 { return &x }
func b(x bool) *bool       { return &x }

// handProject is a small project whose figures are worked out by hand in
// TestAnalyse.
func handProject() *project.Project {
	mv := func(it, item, slice string, v float64) project.MetricValue {
		return project.MetricValue{Iteration: it, Item: item, Slice: slice, Value: v}
	}
	rt := func(it, item, rater string, v float64) project.Rating {
		return project.Rating{Iteration: it, Item: item, Rater: rater, Value: v}
	}
	lb := func(it, item, rater, label string) project.Rating {
		return project.Rating{Iteration: it, Item: item, Rater: rater, Label: label}
	}
	return &project.Project{
		Iterations: []project.Iteration{
			{ID: "v1", Order: 0},
			{ID: "v2", Order: 1, Baseline: "v1"},
			{ID: "v3", Order: 2, Baseline: "v1"},
			{ID: "v4", Order: 3, Baseline: "v3"},
		},
		Metrics: []project.Metric{
			{Name: "accuracy", Direction: project.HigherIsBetter, Values: project.ValuesOf([]project.MetricValue{
				// Input order is not series order.
				mv("v2", "a", "en", 0.75),
				mv("v1", "a", "en", 0.5),
				mv("v1", "b", "en", 0.75),
				mv("v1", "c", "de", 0.25),
				mv("v1", "d", "", 0.5),
				mv("v4", "a", "", 0.5),
				mv("v2", "b", "de", 0.75),
			})},
			{Name: "empty"},
			{Name: "latency", Direction: project.LowerIsBetter, Values: project.ValuesOf([]project.MetricValue{
				mv("v1", "", "", 100),
				mv("v1", "", "", math.NaN()),
				mv("v2", "", "", 80),
				mv("v3", "", "", 80),
				mv("v3", "", "", math.Inf(1)),
			})},
		},
		Dimensions: []project.Dimension{
			{Name: "helpfulness", Scale: project.Interval, Numeric: true, Ratings: project.RatingsOf([]project.Rating{
				rt("v1", "a", "r1", 4),
				rt("", "a", "r1", 3),
				rt("v1", "a", "r2", 5),
				rt("v1", "b", "r1", 2.5),
				rt("v2", "a", "r1", 5),
				rt("v2", "a", "r2", 5),
				rt("v2", "a", "r3", 5),
				rt("v2", "b", "r1", 10),
			})},
			{Name: "tone", Scale: project.Nominal, Labels: []string{"polite", "neutral", "rude"}, Ratings: project.RatingsOf([]project.Rating{
				lb("v1", "a", "r1", "polite"),
				lb("v1", "a", "r2", "rude"),
				lb("v1", "b", "r1", "polite"),
				lb("v2", "a", "r1", "neutral"),
				lb("v2", "a", "r2", "sarcastic"),
			})},
		},
	}
}

// TestAnalyse checks every figure of handProject except the intervals,
// which TestIntervals checks.
func TestAnalyse(t *testing.T) {
	want := Report{
		Metrics: []MetricTrend{
			{Metric: "accuracy", Direction: "higher", Points: []MetricPoint{
				{
					// 0.5, 0.75, 0.25, 0.5: mean 0.5, squared deviations sum
					// to 0.125, variance 0.125/3 = 1/24.
					Iteration: "v1", N: 4, Mean: 0.5, SD: f(math.Sqrt(1.0 / 24)),
					Slices: []SliceStat{{"de", 1, 0.25}, {"en", 2, 0.625}},
				},
				{
					Iteration: "v2", N: 2, Mean: 0.75, SD: f(0),
					DeltaPrev: f(0.25), Improved: b(true),
					Baseline: "v1", DeltaBaseline: f(0.25),
					Slices: []SliceStat{{"de", 1, 0.75}, {"en", 1, 0.75}},
				},
				{
					// v3 has no accuracy: v4 compares with v2, and its
					// baseline v3 gives no delta.
					Iteration: "v4", N: 1, Mean: 0.5,
					DeltaPrev: f(-0.25), Improved: b(false),
					Baseline: "v3",
				},
			}},
			{Metric: "empty", Direction: "higher", Points: []MetricPoint{}},
			{Metric: "latency", Direction: "lower", Points: []MetricPoint{
				{Iteration: "v1", N: 1, Mean: 100},
				{
					Iteration: "v2", N: 1, Mean: 80,
					DeltaPrev: f(-20), Improved: b(true), // lower is better
					Baseline: "v1", DeltaBaseline: f(-20),
				},
				{
					Iteration: "v3", N: 1, Mean: 80,
					DeltaPrev: f(0), // no change: Improved stays nil
					Baseline:  "v1", DeltaBaseline: f(-20),
				},
			}},
		},
		Dimensions: []DimensionTrend{
			{Dimension: "helpfulness", Scale: "interval", Numeric: true, Points: []DimensionPoint{
				{
					Iteration: "", Ratings: 1, Raters: 1, Items: 1, Mean: f(3),
					Distribution: counts(1, "2.5", 0, "3", 1, "4", 0, "5", 0, "10", 0),
				},
				{
					// Consensus a = (4+5)/2 = 4.5, b = 2.5: mean 3.5, SD √2.
					// The "" point is no earlier iteration: no delta.
					Iteration: "v1", Ratings: 3, Raters: 2, Items: 2,
					Mean: f(3.5), SD: f(math.Sqrt2),
					Distribution: counts(3, "2.5", 1, "3", 0, "4", 1, "5", 1, "10", 0),
				},
				{
					// Consensus a = 5, b = 10: mean 7.5, SD 5/√2.
					Iteration: "v2", Ratings: 4, Raters: 3, Items: 2,
					Mean: f(7.5), SD: f(5 / math.Sqrt2), DeltaPrev: f(4),
					Distribution: counts(4, "2.5", 0, "3", 0, "4", 0, "5", 3, "10", 1),
				},
			}},
			{Dimension: "tone", Scale: "nominal", Points: []DimensionPoint{
				{
					Iteration: "v1", Ratings: 3, Raters: 2, Items: 2,
					Distribution: counts(3, "polite", 2, "neutral", 0, "rude", 1, "sarcastic", 0),
				},
				{
					Iteration: "v2", Ratings: 2, Raters: 2, Items: 1,
					Distribution: counts(2, "polite", 0, "neutral", 1, "rude", 0, "sarcastic", 1),
				},
			}},
		},
	}
	got := Analyse(handProject(), Options{Confidence: 0.95, Resamples: 200, Seed: 1})
	clearIntervals(&got)
	if diff := compare(reflect.ValueOf(got), reflect.ValueOf(want), "Report"); diff != "" {
		t.Error(diff)
	}
}

// counts builds a distribution from value, count pairs; total is the number
// of ratings the shares divide by.
func counts(total int, pairs ...any) []Count {
	var out []Count
	for i := 0; i < len(pairs); i += 2 {
		n := pairs[i+1].(int)
		out = append(out, Count{Value: pairs[i].(string), N: n, Share: float64(n) / float64(total)})
	}
	return out
}

func clearIntervals(r *Report) {
	for i := range r.Metrics {
		for k := range r.Metrics[i].Points {
			r.Metrics[i].Points[k].CI = nil
		}
	}
	for i := range r.Dimensions {
		for k := range r.Dimensions[i].Points {
			r.Dimensions[i].Points[k].CI = nil
		}
	}
}

// compare walks got and want and describes the first difference, comparing
// floats with a relative tolerance of 1e-12.
func compare(got, want reflect.Value, path string) string {
	switch want.Kind() {
	case reflect.Pointer:
		if got.IsNil() != want.IsNil() {
			return path + ": got " + describe(got) + ", want " + describe(want)
		}
		if want.IsNil() {
			return ""
		}
		return compare(got.Elem(), want.Elem(), path)
	case reflect.Slice:
		if got.Len() != want.Len() || got.IsNil() != want.IsNil() {
			return path + ": got " + describe(got) + ", want " + describe(want)
		}
		for i := 0; i < want.Len(); i++ {
			if d := compare(got.Index(i), want.Index(i), path+"["+strconv.Itoa(i)+"]"); d != "" {
				return d
			}
		}
		return ""
	case reflect.Struct:
		for i := 0; i < want.NumField(); i++ {
			if d := compare(got.Field(i), want.Field(i), path+"."+want.Type().Field(i).Name); d != "" {
				return d
			}
		}
		return ""
	case reflect.Float64:
		g, w := got.Float(), want.Float()
		if math.Abs(g-w) > 1e-12*math.Max(1, math.Abs(w)) {
			return path + ": got " + describe(got) + ", want " + describe(want)
		}
		return ""
	default:
		if !reflect.DeepEqual(got.Interface(), want.Interface()) {
			return path + ": got " + describe(got) + ", want " + describe(want)
		}
		return ""
	}
}

func describe(v reflect.Value) string {
	j, err := json.Marshal(v.Interface())
	if err != nil {
		return err.Error()
	}
	return string(j)
}

// TestIntervals checks the wiring of the bootstrap: each interval is the one
// package stats gives for the point's values in ascending order, from the
// draws a metric shares with every metric point of as many values
// (metricCI), or for a dimension the seed named by it and the iteration.
func TestIntervals(t *testing.T) {
	opt := Options{Confidence: 0.9, Resamples: 500, Seed: 42}
	r := Analyse(handProject(), opt)
	for _, tc := range []struct {
		name string
		got  *Interval
		want *Interval
	}{
		{"accuracy v1", r.Metrics[0].Points[0].CI, metricCI([]float64{0.25, 0.5, 0.5, 0.75}, opt)},
		{"accuracy v2 (constant)", r.Metrics[0].Points[1].CI, &Interval{0.75, 0.75}},
		{"accuracy v4 (one value)", r.Metrics[0].Points[2].CI, nil},
		{"latency v1 (one value)", r.Metrics[2].Points[0].CI, nil},
		{"helpfulness \"\" (one item)", r.Dimensions[0].Points[0].CI, nil},
		{"helpfulness v1", r.Dimensions[0].Points[1].CI, ci([]float64{2.5, 4.5}, opt, "dimension", "helpfulness", "v1")},
		{"helpfulness v2", r.Dimensions[0].Points[2].CI, ci([]float64{5, 10}, opt, "dimension", "helpfulness", "v2")},
		{"tone v1 (labels)", r.Dimensions[1].Points[0].CI, nil},
	} {
		if (tc.got == nil) != (tc.want == nil) || tc.got != nil && *tc.got != *tc.want {
			t.Errorf("%s: CI %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	// The two-item interval lies within the consensus range.
	if iv := r.Dimensions[0].Points[1].CI; iv.Low < 2.5 || iv.High > 4.5 || iv.Low >= iv.High {
		t.Errorf("helpfulness v1: CI %v outside [2.5, 4.5]", *iv)
	}
}

// metricCI is the interval of a metric's point: its values in ascending
// order resampled with the draws every metric point with as many values
// shares, in any iteration.
func metricCI(sorted []float64, opt Options) *Interval {
	lo, hi := stats.BootstrapMeanCIsSeedOn([][]float64{sorted}, opt.Resamples, opt.Confidence, stats.Seed(opt.Seed, "metric values", strconv.Itoa(len(sorted))), 1)
	return &Interval{lo[0], hi[0]}
}

func ci(sorted []float64, opt Options, parts ...string) *Interval {
	lo, hi := stats.BootstrapMeanCISeed(sorted, opt.Resamples, opt.Confidence, stats.Seed(opt.Seed, parts...))
	return &Interval{lo, hi}
}

func TestImproved(t *testing.T) {
	for _, tc := range []struct {
		delta *float64
		dir   project.Direction
		want  *bool
	}{
		{nil, project.HigherIsBetter, nil},
		{f(0), project.HigherIsBetter, nil},
		{f(0), project.LowerIsBetter, nil},
		{f(0.1), project.HigherIsBetter, b(true)},
		{f(-0.1), project.HigherIsBetter, b(false)},
		{f(0.1), project.LowerIsBetter, b(false)},
		{f(-0.1), project.LowerIsBetter, b(true)},
	} {
		got := improved(tc.delta, tc.dir)
		if (got == nil) != (tc.want == nil) || got != nil && *got != *tc.want {
			t.Errorf("improved(%v, %v) = %v, want %v", describe(reflect.ValueOf(tc.delta)), tc.dir, describe(reflect.ValueOf(got)), describe(reflect.ValueOf(tc.want)))
		}
	}
}

// TestIterationsOutsideSeries checks that points of iterations missing from
// Project.Iterations follow the series, by ID, and that "" leads.
func TestIterationsOutsideSeries(t *testing.T) {
	p := &project.Project{
		Iterations: []project.Iteration{{ID: "v2"}, {ID: "v1", Order: 1}},
		Metrics: []project.Metric{{Name: "m", Values: project.ValuesOf([]project.MetricValue{
			{Iteration: "zz", Value: 1}, {Iteration: "v1", Value: 2}, {Iteration: "aa", Value: 3}, {Iteration: "v2", Value: 4},
		})}},
		Dimensions: []project.Dimension{{Name: "d", Numeric: true, Ratings: project.RatingsOf([]project.Rating{
			{Iteration: "zz", Item: "a", Value: 1}, {Iteration: "v1", Item: "a", Value: 2}, {Iteration: "", Item: "a", Value: 3},
		})}},
	}
	r := Analyse(p, Options{})
	var m, d []string
	for _, pt := range r.Metrics[0].Points {
		m = append(m, pt.Iteration)
	}
	for _, pt := range r.Dimensions[0].Points {
		d = append(d, pt.Iteration)
	}
	if want := []string{"v2", "v1", "aa", "zz"}; !slices.Equal(m, want) {
		t.Errorf("metric points %q, want %q", m, want)
	}
	if want := []string{"", "v1", "zz"}; !slices.Equal(d, want) {
		t.Errorf("dimension points %q, want %q", d, want)
	}
	// zz follows v1 (2): its delta is 1 - 2; the "" point (3) is skipped.
	if got := r.Dimensions[0].Points[2].DeltaPrev; got == nil || *got != -1 {
		t.Errorf("zz delta %v, want -1", describe(reflect.ValueOf(got)))
	}
}

// TestNoNonFinite feeds Analyse extreme and non-finite input and checks that
// the Report holds no NaN or infinity and can be written as JSON.
func TestNoNonFinite(t *testing.T) {
	big := math.MaxFloat64
	p := &project.Project{
		Iterations: []project.Iteration{{ID: "v1"}, {ID: "v2", Order: 1, Baseline: "v1"}, {ID: "v3", Order: 2}},
		Metrics: []project.Metric{{Name: "m", Values: project.ValuesOf([]project.MetricValue{
			{Iteration: "v1", Value: big}, {Iteration: "v1", Value: big}, {Iteration: "v1", Value: -big},
			{Iteration: "v2", Value: -big}, {Iteration: "v2", Value: -big},
			{Iteration: "v3", Value: math.NaN()}, {Iteration: "v3", Value: math.Inf(-1)},
		})}},
		Dimensions: []project.Dimension{{Name: "d", Numeric: true, Ratings: project.RatingsOf([]project.Rating{
			{Iteration: "v1", Item: "a", Value: math.NaN()}, {Iteration: "v1", Item: "b", Value: math.Inf(1)},
			{Iteration: "v2", Item: "a", Value: big}, {Iteration: "v2", Item: "b", Value: -big},
		})}},
	}
	r := Analyse(p, Options{Resamples: 100})
	if bad := nonFinite(reflect.ValueOf(r), "Report"); bad != "" {
		t.Errorf("%s is not finite", bad)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Errorf("json.Marshal: %v", err)
	}
	// v3 has only non-finite values, so it has no point; v2 minus v1 overflows.
	if pts := r.Metrics[0].Points; len(pts) != 2 || pts[1].DeltaPrev != nil || pts[1].DeltaBaseline != nil {
		t.Errorf("metric points %s", describe(reflect.ValueOf(pts)))
	}
}

func nonFinite(v reflect.Value, path string) string {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return ""
		}
		return nonFinite(v.Elem(), path)
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			if s := nonFinite(v.Index(i), path+"[]"); s != "" {
				return s
			}
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if s := nonFinite(v.Field(i), path+"."+v.Type().Field(i).Name); s != "" {
				return s
			}
		}
	case reflect.Float64:
		if x := v.Float(); math.IsNaN(x) || math.IsInf(x, 0) {
			return path
		}
	}
	return ""
}

// TestDeterministic runs the analysis of a generated project on one
// goroutine in order and on several in shuffled orders: the Reports must be
// identical.
func TestDeterministic(t *testing.T) {
	p := genProject(12, 3, 40, 3000)
	opt := Options{Confidence: 0.95, Resamples: 200, Seed: 7}
	want := analyse(p, opt, schedule{workers: 1})
	if len(want.Metrics) != 3 || len(want.Metrics[0].Points) != 12 || want.Metrics[0].Points[0].CI == nil {
		t.Fatalf("generated project gave an unexpected report: %d metrics", len(want.Metrics))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	shuffled := func(n int) []int { return rng.Perm(n) }
	reversed := func(n int) []int {
		idx := identity(n)
		slices.Reverse(idx)
		return idx
	}
	for _, s := range []schedule{
		{workers: 1, order: reversed},
		{workers: 2, order: shuffled},
		{workers: 8, order: shuffled},
		{workers: 8, order: shuffled},
	} {
		if got := analyse(p, opt, s); !reflect.DeepEqual(got, want) {
			t.Errorf("workers %d: report differs from the sequential one", s.workers)
		}
	}
	if got := Analyse(p, opt); !reflect.DeepEqual(got, want) {
		t.Error("Analyse differs from the sequential analysis")
	}
	// Every batch large: each one runs alone on all the workers.
	defer func(v int) { largeBatch = v }(largeBatch)
	largeBatch = 1
	for _, w := range []int{1, 2, 3} {
		if got := analyse(p, opt, schedule{workers: w, order: shuffled}); !reflect.DeepEqual(got, want) {
			t.Errorf("batches on all %d workers: report differs from the sequential one", w)
		}
	}
}

// TestStreamsIndependent checks that a metric's intervals do not depend on
// the other metrics of the project.
func TestStreamsIndependent(t *testing.T) {
	p := handProject()
	opt := Options{Resamples: 300, Seed: 3}
	all := Analyse(p, opt)
	p.Metrics = p.Metrics[:1]
	p.Dimensions = nil
	alone := Analyse(p, opt)
	if !reflect.DeepEqual(all.Metrics[0], alone.Metrics[0]) {
		t.Error("accuracy's trend changed when the other metrics were removed")
	}
}

func TestOptions(t *testing.T) {
	p := handProject()
	if got, want := Analyse(p, Options{Seed: 5}), Analyse(p, Options{Confidence: 0.95, Resamples: 1000, Seed: 5}); !reflect.DeepEqual(got, want) {
		t.Error("zero Options fields do not take the defaults")
	}
	narrow := Analyse(p, Options{Confidence: 0.5, Seed: 5}).Metrics[0].Points[0].CI
	wide := Analyse(p, Options{Confidence: 0.99, Seed: 5}).Metrics[0].Points[0].CI
	if !(wide.Low <= narrow.Low && narrow.High <= wide.High && wide.High-wide.Low > narrow.High-narrow.Low) {
		t.Errorf("50%% interval %v is not inside 99%% interval %v", *narrow, *wide)
	}
	for _, opt := range []Options{{Confidence: 1}, {Confidence: -0.5}, {Resamples: -1}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Options %+v: no panic", opt)
				}
			}()
			Analyse(p, opt)
		}()
	}
}

func TestEmptyProject(t *testing.T) {
	r := Analyse(&project.Project{}, Options{})
	j, err := json.Marshal(r)
	if err != nil || string(j) != `{"Metrics":[],"Dimensions":[]}` {
		t.Errorf("empty project: %s, %v", j, err)
	}
}

// BenchmarkAnalyse analyses a project of the size the build benchmark uses:
// 200 iterations, 5 metrics x 100 items per iteration (100,000 values) and
// 100,000 ratings, with 1,000 resamples.
func BenchmarkAnalyse(b *testing.B) {
	p := genProject(200, 5, 100, 100000)
	opt := Options{Confidence: 0.95, Resamples: 1000, Seed: 1}
	b.ReportAllocs()
	for b.Loop() {
		Analyse(p, opt)
	}
}

// TestUnorderedHasNoPrevious checks that systems have no "previous": the
// hand project's figures with shape systems keep every mean and baseline
// delta but lose DeltaPrev and Improved.
func TestUnorderedHasNoPrevious(t *testing.T) {
	for _, shape := range []project.Shape{project.ShapeSystems, project.ShapeRounds} {
		p := handProject()
		p.Shape = shape
		rep := Analyse(p, Options{Seed: 1})
		timeline := Analyse(handProject(), Options{Seed: 1})
		for i, m := range rep.Metrics {
			for k, pt := range m.Points {
				want := timeline.Metrics[i].Points[k]
				if pt.DeltaPrev != nil || pt.Improved != nil {
					t.Errorf("%s: %s %s has a delta against the previous system", shape, m.Metric, pt.Iteration)
				}
				if pt.Mean != want.Mean || !reflect.DeepEqual(pt.DeltaBaseline, want.DeltaBaseline) {
					t.Errorf("%s: %s %s mean or baseline delta changed", shape, m.Metric, pt.Iteration)
				}
			}
		}
		for _, d := range rep.Dimensions {
			for _, pt := range d.Points {
				if pt.DeltaPrev != nil {
					t.Errorf("%s: %s %s has a delta against the previous system", shape, d.Dimension, pt.Iteration)
				}
			}
		}
	}
}

// TestIntervalsSharedAcrossIterations checks that metric points of
// different metrics and iterations with as many values share their draws,
// and that each point's interval is still the bootstrap of its own values:
// the one metricCI gives them alone, whichever other points exist.
func TestIntervalsSharedAcrossIterations(t *testing.T) {
	mv := func(it, item string, v float64) project.MetricValue {
		return project.MetricValue{Iteration: it, Item: item, Value: v}
	}
	p := &project.Project{
		Iterations: []project.Iteration{{ID: "v1"}, {ID: "v2", Order: 1}},
		Metrics: []project.Metric{
			{Name: "a", Values: project.ValuesOf([]project.MetricValue{
				mv("v1", "x", 0.9), mv("v1", "y", 0.1), mv("v1", "z", 0.4),
				mv("v2", "x", 3), mv("v2", "y", 1), mv("v2", "z", 2),
			})},
			{Name: "b", Values: project.ValuesOf([]project.MetricValue{
				mv("v2", "x", 7), mv("v2", "y", -1), mv("v2", "z", 5),
			})},
		},
	}
	opt := Options{Confidence: 0.9, Resamples: 77, Seed: 5}
	r := Analyse(p, opt)
	for _, tc := range []struct {
		name   string
		got    *Interval
		sorted []float64
	}{
		{"a v1", r.Metrics[0].Points[0].CI, []float64{0.1, 0.4, 0.9}},
		{"a v2", r.Metrics[0].Points[1].CI, []float64{1, 2, 3}},
		{"b v2", r.Metrics[1].Points[0].CI, []float64{-1, 5, 7}},
	} {
		if want := metricCI(tc.sorted, opt); tc.got == nil || *tc.got != *want {
			t.Errorf("%s: CI %v, want %v", tc.name, tc.got, want)
		}
	}
	p.Metrics = p.Metrics[1:]
	if alone := Analyse(p, opt).Metrics[0].Points[0].CI; *alone != *r.Metrics[1].Points[0].CI {
		t.Errorf("b v2 alone: CI %v, with a: %v", alone, r.Metrics[1].Points[0].CI)
	}
}
