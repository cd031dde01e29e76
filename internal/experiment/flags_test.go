package experiment

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/compare"
	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

func TestVerdictRule(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	above, below, across := &Interval{0.1, 0.3}, &Interval{-0.3, -0.1}, &Interval{-0.1, 0.3}
	for _, tc := range []struct {
		name  string
		delta float64
		ci    *Interval
		p     *float64
		sig   bool
		sign  float64
		want  string
	}{
		{"above, significant", 0.2, above, f(0.001), true, 1, Better},
		{"above, significant, lower is better", 0.2, above, f(0.001), true, -1, Worse},
		{"below, significant", -0.2, below, f(0.001), true, 1, Worse},
		{"above, not significant", 0.2, above, f(0.01), false, 1, PossiblyBetter},
		{"below, not significant, lower is better", -0.2, below, f(0.01), false, -1, PossiblyBetter},
		{"across, p < alpha", -0.05, across, f(0.04), false, 1, PossiblyWorse},
		{"across, significant", 0.1, across, f(0.001), true, 1, PossiblyBetter},
		{"across, p >= alpha", 0.1, across, f(0.2), false, 1, NoChange},
		{"no interval, no p", 0.1, nil, nil, false, 1, NoChange},
		{"zero change", 0, across, f(0.01), false, 1, NoChange},
	} {
		if got := verdict(tc.delta, tc.ci, tc.p, tc.sig, 0.05, tc.sign); got != tc.want {
			t.Errorf("%s: %s; want %s", tc.name, got, tc.want)
		}
	}
}

// slicedProject returns iterations a and b on n items in four slices,
// with b = a + shift(i) + noise.
func slicedProject(name string, n int, shift func(i int) float64) project.Project {
	slice := func(i int) string { return []string{"de", "en", "es", "ja"}[i%4] }
	base := func(i int) float64 { return 5 + jitter(i) + 0.1*float64(i%7) }
	cand := func(i int) float64 { return base(i) + shift(i) + jitter(i+2)/2 }
	return *twoIterations(project.Metric{Name: name, Values: project.ValuesOf(append(itemValues("a", n, base, slice), itemValues("b", n, cand, slice)...))})
}

// TestFamily checks that the correction runs over the comparisons and all
// their slices together, weighted: the two comparisons share 1 - slice
// weight, the eight slices the rest; that slices get their p-value method;
// and that slice weight 0 leaves the comparisons plain Holm over the two
// and the slices never significant.
func TestFamily(t *testing.T) {
	p := slicedProject("m", 60, func(i int) float64 { return 0.1 })
	p.Metrics = append(p.Metrics, slicedProject("k", 60, func(i int) float64 { return 0.02 }).Metrics...)
	f := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		corr        string
		sliceWeight *float64 // nil: the default 0.2
		comparison  float64  // the weight of each comparison, and of each slice
		slice       float64
	}{
		{"holm", nil, 0.4, 0.025},
		{"bh", f(0.5), 0.25, 0.0625},
		{"holm", f(0), 0.5, 0},
	} {
		name := fmt.Sprintf("%s %v", tc.corr, tc.slice)
		rep := analyseChecked(t, &p, Options{Experiment: config.Experiment{Correction: tc.corr, SliceWeight: tc.sliceWeight}})
		var raw, adj, weights []float64
		var sig []bool
		total := 0.0
		for _, c := range rep.Comparisons {
			raw, adj, sig = append(raw, *c.P), append(adj, *c.PAdjusted), append(sig, c.Significant)
			weights = append(weights, tc.comparison)
			if len(c.Slices) != 4 || c.Tests != 10 || !near(c.Weight, tc.comparison, 1e-15) {
				t.Fatalf("%s: %s: %d slices, %d tests, weight %v; want 4, 10, %v", name, c.Subject, len(c.Slices), c.Tests, c.Weight, tc.comparison)
			}
			total += c.Weight
			for _, s := range c.Slices {
				if s.P == nil || s.PAdjusted == nil || s.PMethod != compare.PExactSignFlip || s.N != 15 || !near(s.Weight, tc.slice, 1e-15) {
					t.Fatalf("%s: %s %s: %+v", name, c.Subject, s.Slice, s)
				}
				raw, adj, sig = append(raw, *s.P), append(adj, *s.PAdjusted), append(sig, s.Significant)
				weights = append(weights, tc.slice)
				total += s.Weight
			}
		}
		if len(raw) != 10 || !near(total, 1, 1e-12) {
			t.Fatalf("%s: %d tests, weights summing to %v; want 10 (2 comparisons, 8 slices) and 1", name, len(raw), total)
		}
		want, _ := compare.Adjust(compare.Correction(tc.corr), raw, weights)
		if !reflect.DeepEqual(adj, want) {
			t.Errorf("%s: adjusted %v; want the weighted correction over all ten %v", name, adj, want)
		}
		for i := range sig {
			if sig[i] != (want[i] < 0.05) {
				t.Errorf("%s: test %d: significant %v with p adjusted %v", name, i, sig[i], want[i])
			}
		}
		if tc.slice == 0 {
			if h := compare.Holm([]float64{raw[0], raw[5]}); adj[0] != h[0] || adj[5] != h[1] {
				t.Errorf("slice weight 0: comparisons adjusted %v, %v; want Holm over the two %v", adj[0], adj[5], h)
			}
			for i, a := range adj {
				if i != 0 && i != 5 && (a != 1 || sig[i]) {
					t.Errorf("slice weight 0: slice test %d adjusted %v, significant %v; want 1, false", i, a, sig[i])
				}
			}
		}
		if m := find(t, rep, "b", "m"); m.PMethod == "" || m.Verdict != Better {
			t.Errorf("%s: m: p method %q verdict %s", name, m.PMethod, m.Verdict)
		}
	}
}

// TestFamilyWeights checks the weights of a family: the comparisons with a
// test share 1 - slice weight, the slices the rest, either kind all of it
// when the other has none, and a test without p-value none.
func TestFamilyWeights(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name  string
		p     []float64
		slice []bool
		sw    float64
		want  []float64
		fam   family
	}{
		{"shares", []float64{0.1, 0.2, 0.3, 0.4, 0.5}, []bool{false, true, true, false, true}, 0.2,
			[]float64{0.4, 0.2 / 3, 0.2 / 3, 0.4, 0.2 / 3}, family{5, 3, 0.2}},
		{"no slices", []float64{0.1, nan, 0.3}, []bool{false, false, false}, 0.2,
			[]float64{0.5, 0, 0.5}, family{2, 0, 0.2}},
		{"slice without p", []float64{0.1, nan, 0.3}, []bool{false, true, true}, 0.25,
			[]float64{0.75, 0, 0.25}, family{2, 1, 0.25}},
		{"zero", []float64{0.1, 0.2}, []bool{false, true}, 0, []float64{1, 0}, family{2, 1, 0}},
	} {
		w, fam := familyWeights(tc.p, tc.slice, tc.sw)
		if fam != tc.fam || !slices.EqualFunc(w, tc.want, func(a, b float64) bool { return near(a, b, 1e-15) }) {
			t.Errorf("%s: %v %+v; want %v %+v", tc.name, w, fam, tc.want, tc.fam)
		}
	}
}

// TestPossibleRegression checks the regression alerts: beyond a limit but
// not significant is one info alert saying "possible"; beyond the limit
// and significant one error; the display name and unit are used.
func TestPossibleRegression(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	noisy := func(i int) float64 { return 3 * jitter(i*7+1) }
	// slow: +30 ms on average with noise of ±1.2 s: beyond a 20 ms limit,
	// nowhere near significant. fast: +30 ms with small noise.
	p := twoIterations(
		metric("slow", project.LowerIsBetter, 40, func(i int) float64 { return 500 + 100*jitter(i) },
			func(i int) float64 { return 530 + 100*jitter(i) + 400*noisy(i) }),
		metric("fast", project.LowerIsBetter, 40, func(i int) float64 { return 500 + 100*jitter(i) },
			func(i int) float64 { return 530 + 100*jitter(i) + noisy(i) }),
	)
	opt := Options{
		MetricThresholds: map[string]config.Thresholds{"slow": {MaxRegression: f(20)}, "fast": {MaxRegression: f(20)}},
		Labels:           map[string]string{"metric slow": "Slow latency", "metric fast": "Fast latency"},
		Units:            map[string]string{"metric slow": "ms", "metric fast": "ms"},
	}
	rep := analyseChecked(t, p, opt)
	got := map[string][]alert.Alert{}
	for _, a := range rep.Alerts {
		got[a.Subject.String()] = append(got[a.Subject.String()], a)
	}
	slow, fast := got["metric slow"], got["metric fast"]
	if len(slow) != 1 || slow[0].Severity != alert.Info || slow[0].Kind != KindRegression {
		t.Fatalf("slow: %+v; want one info regression", slow)
	}
	if c := find(t, rep, "b", "slow"); c.Verdict != NoChange || c.Significant {
		t.Errorf("slow: verdict %s significant %v", c.Verdict, c.Significant)
	}
	for _, want := range []string{"Slow latency rose by 30 ms", "more than the 20 ms allowed", "not significant", "possible regression"} {
		if !strings.Contains(slow[0].Message, want) {
			t.Errorf("slow message %q lacks %q", slow[0].Message, want)
		}
	}
	if len(fast) != 1 || fast[0].Severity != alert.Error || !strings.Contains(fast[0].Message, "Fast latency rose by 30 ms") ||
		!strings.Contains(fast[0].Message, "it is significant") {
		t.Errorf("fast: %+v; want one error that names the limit and significance", fast)
	}
	for _, k := range []string{"max_regression", "ci_low", "p", "p_adjusted", "tests"} {
		if _, ok := fast[0].Numbers[k]; !ok {
			t.Errorf("fast numbers %v lack %s", fast[0].Numbers, k)
		}
	}
}

// TestPossibleReversal checks that a slice that falls beyond the limit
// but not significantly is only a possible reversal (no alert), and a
// significant fall a reversal with a warning.
func TestPossibleReversal(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	// Slice ja (every fourth item) falls by 0.3 with noise 0.5 on 10
	// items: beyond the 0.1 limit, not significant among 5 tests. Slice
	// de falls by 2 with little noise: significant. The others rise by
	// 1.2, so that overall the metric does not get worse (by 0.025 when de
	// falls) and its slices' falls are hidden.
	shift := func(big float64) func(i int) float64 {
		return func(i int) float64 {
			switch i % 4 {
			case 3:
				return -0.3 + 2*jitter(i/4)
			case 0:
				return -big
			}
			return 1.2
		}
	}
	for _, tc := range []struct {
		name          string
		big           float64
		reversalDE    bool
		wantSliceAlts int
	}{
		{"de steady", 0, false, 0},
		{"de falls", 2, true, 1},
	} {
		p := slicedProject("m", 40, shift(tc.big))
		rep := analyseChecked(t, &p, Options{MetricThresholds: map[string]config.Thresholds{"m": {MaxRegression: f(0.1)}}})
		c := find(t, rep, "b", "m")
		de, ja := c.Slices[0], c.Slices[3]
		if ja.Slice != "ja" || ja.Reversal || !ja.PossibleReversal || ja.Significant {
			t.Errorf("%s: ja %+v; want a possible reversal", tc.name, ja)
		}
		if de.Reversal != tc.reversalDE || de.Reversal && (de.Verdict != Worse || de.PossibleReversal) {
			t.Errorf("%s: de %+v; want reversal %v", tc.name, de, tc.reversalDE)
		}
		n := 0
		for _, a := range rep.Alerts {
			if a.Kind == KindSlice {
				n++
				if !strings.Contains(a.Message, `"de"`) || !strings.Contains(a.Message, "Holm's weighted correction over b's 5 tests, its 4 slices sharing 20% of the weight") {
					t.Errorf("%s: slice alert %q", tc.name, a.Message)
				}
			}
		}
		if n != tc.wantSliceAlts {
			t.Errorf("%s: %d slice alerts; want %d", tc.name, n, tc.wantSliceAlts)
		}
	}
}

// TestOptionsFromLabels checks that OptionsFrom carries display names and
// units, keyed as alert subjects.
func TestOptionsFromLabels(t *testing.T) {
	cfg := config.Default()
	cfg.Metrics = map[string]config.MetricConfig{"lat": {Label: "Latency", Unit: "ms"}, "acc": {}}
	cfg.Dimensions = map[string]config.DimensionConfig{"help": {Label: "Helpfulness"}}
	o := OptionsFrom(cfg)
	wantL := map[string]string{"metric lat": "Latency", "metric acc": "acc", "dimension help": "Helpfulness"}
	if !reflect.DeepEqual(o.Labels, wantL) || !reflect.DeepEqual(o.Units, map[string]string{"metric lat": "ms"}) {
		t.Errorf("labels %v units %v", o.Labels, o.Units)
	}
}

// TestHugeEffectsSignificant is the case through Analyse: 60
// metrics that all rise far beyond noise must all be "better" after Holm,
// which the Monte Carlo floor 1/1,001 (times 60 > 0.05) made impossible.
func TestHugeEffectsSignificant(t *testing.T) {
	var ms []project.Metric
	for k := range 60 {
		base := func(i int) float64 { return 5 + jitter(i+k) }
		ms = append(ms, metric(fmt.Sprintf("m%02d", k), project.HigherIsBetter, 40, base,
			func(i int) float64 { return base(i) + 1 + jitter(i+k+1)/4 }))
	}
	rep := analyseChecked(t, twoIterations(ms...), Options{Resamples: 1000})
	for _, c := range rep.Comparisons {
		if !c.Significant || c.Verdict != Better || c.PMethod != compare.PPairedTFloor {
			t.Errorf("%s: significant %v verdict %s p %s adjusted %s (%s); want better", c.Subject,
				c.Significant, c.Verdict, fp(c.P), fp(c.PAdjusted), c.PMethod)
		}
	}
}
