package reliability

import (
	"encoding/json"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/exampletest"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/slug"
)

func TestRecordAlerts(t *testing.T) {
	d := &Dimension{
		Dimension: "helpfulness",
		Pooled:    Record{Alpha: ptr(0.85), NItems: 40},
		Iterations: []Record{
			{Iteration: "v1", Alpha: ptr(0.8), NItems: 10},                                                 // at the warning line: none
			{Iteration: "v2", Alpha: ptr(0.79), NItems: 10},                                                // warning, no CI
			{Iteration: "v3", Alpha: ptr(0.61), AlphaCILow: ptr(0.55), AlphaCIHigh: ptr(0.67), NItems: 10}, // error
			{Iteration: "v4", Alpha: ptr(0.6666), NItems: 10},                                              // rounds to the line: three decimals
			{Iteration: "v5", NItems: 0},                                                                   // not computable: none
		},
	}
	got := recordAlerts(d, "Helpfulness", defaults)
	want := []alert.Alert{
		{Kind: "reliability", Severity: alert.Warning, Subject: alert.Dimension("helpfulness"), Iteration: "v2",
			Message: "Helpfulness: alpha 0.79 in v2 is below 0.8: conclusions are tentative",
			Numbers: map[string]float64{"alpha": 0.79, "threshold": 0.8, "n_items": 10}, Link: "dimensions/helpfulness.html"},
		{Kind: "reliability", Severity: alert.Error, Subject: alert.Dimension("helpfulness"), Iteration: "v3",
			Message: "Helpfulness: alpha 0.61 [0.55, 0.67] in v3 is below 0.667: no conclusions",
			Numbers: map[string]float64{"alpha": 0.61, "ci_low": 0.55, "ci_high": 0.67, "threshold": 0.667, "n_items": 10},
			Link:    "dimensions/helpfulness.html"},
		{Kind: "reliability", Severity: alert.Error, Subject: alert.Dimension("helpfulness"), Iteration: "v4",
			Message: "Helpfulness: alpha 0.667 in v4 is below 0.667: no conclusions",
			Numbers: map[string]float64{"alpha": 0.6666, "threshold": 0.667, "n_items": 10}, Link: "dimensions/helpfulness.html"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("alerts\n%+v\nwant\n%+v", got, want)
	}
	d.Pooled.Alpha = ptr(0.7)
	if got := recordAlerts(d, "Helpfulness", defaults); got[0].Iteration != "" || !strings.Contains(got[0].Message, "over all iterations") {
		t.Errorf("pooled alert %+v; want one over all iterations", got[0])
	}
}

func TestCalibrationAlerts(t *testing.T) {
	trend := []Rater{
		{Rater: "r1", Iteration: "v1", NRatings: 30, Agreement: ptr(0.9), Offset: ptr(0.1)},
		{Rater: "r1", Iteration: "v2", NRatings: 30, Agreement: ptr(0.75), Offset: ptr(-0.5)}, // 0.15 below its best, offset at the limit: none
		{Rater: "r1", Iteration: "v3", NRatings: 5, Agreement: ptr(0.1)},                      // too few ratings to judge drift
		{Rater: "r1", Iteration: "v4", NRatings: 30, Agreement: ptr(0.5), Offset: ptr(-0.6)},  // 0.4 below its best (v1): drift; severe
		{Rater: "r2", Iteration: "v1", NRatings: 30, Agreement: ptr(0.2)},
		{Rater: "r2", Iteration: "v2", NRatings: 30, Agreement: ptr(0.9), Offset: ptr(1.23)}, // r1's best does not carry over: no drift
	}
	d := &Dimension{Dimension: "Help fulness", RaterTrend: trend, Iterations: make([]Record, 3), MaxOffset: 0.5}
	got := calibrationAlerts(d, "Help <fulness>", defaults)
	var msgs []string
	for _, a := range got {
		if a.Kind != "calibration" || a.Severity != alert.Warning || a.Link != "dimensions/"+slug.Make("Help fulness")+".html" {
			t.Errorf("alert %+v; want a calibration warning linking to the dimension's page", a)
		}
		msgs = append(msgs, a.Iteration+": "+a.Message)
	}
	want := []string{
		"v4: Help <fulness>: rater r1 rates 0.6 scale points below the others in v4 (severe; the limit is 0.5)",
		"v4: Help <fulness>: agreement of rater r1 with the others fell from 0.90 (its best, in v1) to 0.50 in v4",
		"v2: Help <fulness>: rater r2 rates 1.2 scale points above the others in v2 (lenient; the limit is 0.5)",
	}
	if !slices.Equal(msgs, want) {
		t.Errorf("alerts\n%q\nwant\n%q", msgs, want)
	}
	if n := got[1].Numbers; math.Abs(n["drop"]-0.4) > 1e-12 || n["best"] != 0.9 || n["agreement"] != 0.5 || n["threshold"] != 0.2 {
		t.Errorf("drift numbers %v", n)
	}
	if n := got[2].Numbers; n["offset"] != 1.23 || n["threshold"] != 0.5 {
		t.Errorf("offset numbers %v", n)
	}

	// Without iterations the pooled offset counts. Where lower is better
	// (a penalty), rating above the others gives more penalty: severe.
	d = &Dimension{Dimension: "q", Raters: []Rater{{Rater: "r1", Offset: ptr(0.51)}}, MaxOffset: 0.5, Lower: true}
	if got := calibrationAlerts(d, "Q", defaults); len(got) != 1 || got[0].Message != "Q: rater r1 rates 0.51 scale points above the others over all iterations (severe; the limit is 0.5)" {
		t.Errorf("alerts %+v; want the pooled offset, severe", got)
	}
	d.Raters[0].Offset = ptr(-0.7)
	if got := calibrationAlerts(d, "Q", defaults); len(got) != 1 || !strings.HasSuffix(got[0].Message, "below the others over all iterations (lenient; the limit is 0.5)") {
		t.Errorf("alerts %+v; want a lenient rater below the others on a lower-is-better dimension", got)
	}
}

// TestOffsetLimit: the limit is relative to the scale's range unless an
// absolute one is set.
func TestOffsetLimit(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	dims := map[string]DimensionOptions{"likert": {Min: f(1), Max: f(5)}, "mqm": {Min: f(0), Max: f(25), Lower: true}, "open": {Min: f(0)}}
	for _, tc := range []struct {
		name     string
		abs, rel float64
		dim      string
		observed float64
		want     float64
	}{
		{"1-5 scale", 0, 0.125, "likert", 3, 0.5},
		{"0-25 penalty scale", 0, 0.125, "mqm", 10, 3.125},
		{"no configured max: the observed range", 0, 0.125, "open", 8, 1},
		{"no configuration", 0, 0.125, "other", 4, 0.5},
		{"absolute wins", 0.3, 0.125, "mqm", 10, 0.3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := Options{MaxOffset: tc.abs, MaxOffsetRel: tc.rel, Dimensions: dims}
			if got := o.offsetLimit(tc.dim, tc.observed); math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("offsetLimit = %v, want %v", got, tc.want)
			}
		})
	}
}

// loadExample reads the example project (the repository root) and the
// options its config gives.
func loadExample(t testing.TB) (*project.Project, Options) {
	cfg, p := exampletest.Load(t)
	return p, OptionsFrom(cfg)
}

// TestExampleCatchesDriftingRater checks the example project's story: r4
// turns lenient from v3 on, the other raters stay steady.
func TestExampleCatchesDriftingRater(t *testing.T) {
	p, opt := loadExample(t)
	rep := Analyse(p, opt)
	late := map[string]bool{}
	drift := false
	for _, a := range rep.Alerts {
		if a.Kind != KindCalibration {
			continue
		}
		if !strings.HasPrefix(a.Subject.String(), "rater r4 ") {
			t.Errorf("calibration alert for a steady rater: %s", a.Message)
			continue
		}
		it, ok := p.Iteration(a.Iteration)
		if !ok || it.Order < 2 {
			t.Errorf("calibration alert for r4 before v3: %s", a.Message)
		}
		if !strings.Contains(a.Message, "above the others") && !strings.Contains(a.Message, "fell from") {
			t.Errorf("r4 is lenient or drifts; alert says %q", a.Message)
		}
		if strings.Contains(a.Message, "fell from") {
			drift = true
		}
		late[a.Iteration] = true
	}
	if !late["v5"] || !late["v6"] {
		t.Errorf("r4 raised calibration alerts in %v; want v5 and v6 among them", late)
	}
	if !drift {
		t.Error("no drift alert: r4's agreement on tone slides from 0.93 to below 0.7")
	}
	// Messages open with the dimension's display label; subjects keep its name.
	for _, a := range rep.Alerts {
		named := false
		for _, d := range p.Dimensions {
			if strings.HasSuffix(a.Subject.String(), " "+d.Name) {
				named = true
				if d.Label == d.Name || !strings.HasPrefix(a.Message, d.Label+": ") {
					t.Errorf("alert about %s (label %q) says %q", a.Subject, d.Label, a.Message)
				}
			}
		}
		if !named {
			t.Errorf("alert subject %q names no dimension", a.Subject)
		}
	}
	// r4's pooled alpha delta is the lowest on every numeric dimension.
	for _, d := range rep.Dimensions {
		if d.Dimension == "tone" {
			continue
		}
		worst := slices.MinFunc(d.Raters, func(a, b Rater) int { return cmpPtr(a.AlphaDelta, b.AlphaDelta) })
		if worst.Rater != "r4" {
			t.Errorf("%s: rater lowering alpha most is %s; want r4", d.Dimension, worst.Rater)
		}
	}
}

func cmpPtr(a, b *float64) int {
	switch {
	case *a < *b:
		return -1
	case *a > *b:
		return 1
	}
	return 0
}

func TestExampleDeterministic(t *testing.T) {
	p, opt := loadExample(t)
	a := Analyse(p, opt)
	prev := runtime.GOMAXPROCS(1)
	b := Analyse(p, opt)
	runtime.GOMAXPROCS(prev)
	if !reflect.DeepEqual(a, b) {
		t.Error("the analysis on one thread differs from the parallel one")
	}
	if _, err := json.Marshal(a); err != nil {
		t.Errorf("marshalling the example's report: %v", err)
	}
	for _, d := range a.Dimensions {
		for _, r := range append([]Record{d.Pooled}, d.Iterations...) {
			if r.AlphaCILow == nil || *r.AlphaCILow > *r.Alpha || *r.Alpha > *r.AlphaCIHigh {
				t.Errorf("%s %q: alpha %v outside its CI [%v, %v]", d.Dimension, r.Iteration, *r.Alpha, r.AlphaCILow, r.AlphaCIHigh)
			}
		}
	}
}
