package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/experiment"
)

func TestComparisonPages(t *testing.T) {
	files := testSite(t)
	lat := "metrics/" + Slug("latency p95") + ".html"
	for _, c := range []struct{ page, want string }{
		// The target is named, and the correction.
		{"iterations/v3.html", `<p>Compared with its baseline <a href="../iterations/v1.html">v1</a>, on every metric and numeric rating; p-values adjusted with Holm&#39;s correction over the iteration&#39;s comparisons and their slices, the slices sharing 20% of the weight.</p>`},
		// Better and significant: green and bold; the reversal is flagged.
		{"iterations/v3.html", `<td class="num nowrap">&lt; 0.001</td><td class="num nowrap">0.001</td><td class="num">0.900</td><td class="num nowrap">4</td><td><span class="method" title="paired bootstrap, sign-flip test">paired</span></td><td class="verdict-cell"><span class="verdict good sig">better<span class="sr"> (significant)</span></span> <a class="flag" href="#slices">slice regression</a></td>`},
		// Unpaired, no change, a NaN effect shown as n/a, and the alerts
		// about latency in v3 as flags, one per kind.
		{"iterations/v3.html", `<td class="num">n/a</td><td class="num nowrap">3 <span class="muted small">vs 4</span></td><td><span class="tag unpaired" title="unpaired bootstrap, permutation test">unpaired</span></td><td class="verdict-cell"><span class="verdict flat">no change</span> <a class="flag flag-error" href="#alerts" title="latency p95 is 1264 ms in v3, above its ceiling of 1250 ms">threshold</a> <a class="flag flag-warning" href="#alerts" title="latency p95 in v3 is far from its recent history (robust z 4.1)">anomaly</a></td>`},
		// A dimension without interval or p.
		{"iterations/v3.html", `<a href="../dimensions/helpfulness.html">Helpfulness</a> <span class="muted small">human</span></th><td class="num nowrap">3.50</td><td class="num nowrap">4.00</td><td class="num nowrap">-0.500</td><td class="num nowrap">n/a</td><td class="num nowrap">n/a</td><td class="num nowrap">n/a</td><td class="num">n/a</td>`},
		{"iterations/v3.html", `<tr class="reversal"><th scope="row">de</th><td class="num">2</td><td class="num nowrap">-0.0800</td><td class="num nowrap">[-0.150, -0.0100]</td><td class="num nowrap">0.030</td><td class="num nowrap">0.040</td><td><span class="verdict bad sig">worse<span class="sr"> (significant)</span></span> <span class="flag">slice regression hidden by the aggregate</span></td></tr>`},
		{"iterations/v3.html", `<strong>Slice regression hidden by the aggregate.</strong> Accuracy improves overall, but gets worse in <strong>de</strong> (-0.0800), significantly after Holm's correction.`},
		// The alerts about the iteration open its page.
		{"iterations/v3.html", `<h2 id="alerts">Alerts about v3</h2>`},
		{"iterations/v2.html", `<span class="verdict bad sig">worse<span class="sr"> (significant)</span></span> <a class="flag flag-warning" href="#alerts" title="accuracy fell by 0.05 against v1 (95% CI -0.09 to -0.01)">regression</a>`},
		// Metric pages: thresholds, alerts and the comparisons per iteration.
		{"metrics/accuracy.html", `<div><dt>Floor</dt><dd>0.600</dd></div>`},
		{"metrics/accuracy.html", `<tr><th scope="row"><a href="../iterations/v2.html#comparisons">v2</a></th><td>baseline <a href="../iterations/v1.html">v1</a></td>`},
		{lat, `<div><dt>Ceiling</dt><dd>1250 ms</dd></div>`},
		{lat, `<div><dt>Largest regression</dt><dd>10.0% of the target</dd></div>`},
		{lat, `<div><dt>Significant regression</dt><dd>error</dd></div>`},
		{lat, `the dashed lines are the ceiling; a red triangle marks an iteration with an alert about this metric.`},
		{"dimensions/helpfulness.html", `<div><dt>Floor</dt><dd>3.00</dd></div>`},
		{"dimensions/helpfulness.html", `<h2 id="comparisons">Against the target, iteration by iteration</h2>`},
	} {
		if !bytes.Contains(files[c.page], []byte(c.want)) {
			t.Errorf("%s lacks %q", c.page, c.want)
		}
	}
	// v1 has no target: no comparison section; tone is a label dimension.
	for page, bad := range map[string]string{
		"iterations/v1.html":   `id="comparisons"`,
		"dimensions/tone.html": `id="comparisons"`,
		"iterations/v2.html":   `class="panel reversal"`,
	} {
		if bytes.Contains(files[page], []byte(bad)) {
			t.Errorf("%s contains %q", page, bad)
		}
	}
}

// TestThresholdsAndMarksDrawn checks the chart snippets: the floor and
// ceiling are reference lines, and the iterations with an alert about the
// subject carry a mark with the alert's text.
func TestThresholdsAndMarksDrawn(t *testing.T) {
	files := testSite(t)
	lat := string(files["metrics/"+Slug("latency p95")+".html"])
	acc := string(files["metrics/accuracy.html"])
	help := string(files["dimensions/helpfulness.html"])
	for _, c := range []struct{ name, page, want string }{
		{"accuracy floor", acc, `"name":"floor: 0.6","yAxis":0.6`},
		{"latency ceiling", lat, `"name":"ceiling: 1250","yAxis":1250`},
		{"helpfulness floor", help, `"name":"floor: 3","yAxis":3`},
		{"accuracy marks", acc, `"data":["-",{"value":0.55,"mark":"regression (warning): accuracy fell by 0.05 against v1 (95% CI -0.09 to -0.01)"`},
		{"accuracy slice mark", acc, `{"value":0.7,"mark":"slice (warning): accuracy improves overall in v3 but falls by 0.08 in slice de"`},
		{"latency marks joined", lat, `"mark":"threshold (error): latency p95 is 1264 ms in v3, above its ceiling of 1250 ms; anomaly (warning): latency p95 in v3 is far from its recent history (robust z 4.1)"`},
		{"helpfulness mark", help, `{"value":3,"mark":"threshold (error): helpfulness is 3 in v1, at its floor"`},
	} {
		if !strings.Contains(c.page, c.want) {
			t.Errorf("%s: chart lacks %s", c.name, c.want)
		}
	}
	// The reliability alert about helpfulness in v3 does not mark the mean.
	if strings.Contains(help, `"mark":"reliability`) {
		t.Error("a reliability alert marks the mean rating chart")
	}
	if strings.Contains(lat, `"name":"floor`) {
		t.Error("latency has no floor but one is drawn")
	}
	// The alert of testAlerts about "metric <accuracy>" names no metric of
	// the project and marks nothing.
	if strings.Contains(acc, "is below its minimum") {
		t.Error("an alert about another subject marks accuracy")
	}
}

func TestVerdictPanels(t *testing.T) {
	files := testSite(t)
	lat := "../metrics/" + Slug("latency p95") + ".html"
	for _, c := range []struct{ page, want string }{
		{"casestudies/retrieval.html", `<p class="value"><span class="outcome outcome-supported">supported</span></p>`},
		{"casestudies/retrieval.html", `<div><dt>Compared</dt><dd><a href="../iterations/v1.html">v1</a> → <a href="../iterations/v3.html">v3</a></dd></div>`},
		{"casestudies/retrieval.html", `<div><dt>Δ</dt><dd><span class="delta good">+0.100<span class="sr"> (better)</span></span></dd></div>`},
		{"casestudies/retrieval.html", `<div><dt>95% CI</dt><dd class="nowrap">[0.0600, 0.140]</dd></div>`},
		{"casestudies/retrieval.html", `<div><dt>n</dt><dd>4 <span class="muted">of 4 planned</span></dd></div>`},
		{"casestudies/retrieval.html", `<p class="reason">The interval [0.06, 0.14] lies above the minimum effect 0.05.</p>`},
		// Refuted, in the primary's unit, the primary behind a hashed slug.
		{"casestudies/cache.html", `<span class="outcome outcome-refuted">refuted</span>`},
		{"casestudies/cache.html", `<div><dt>Primary</dt><dd><a href="` + lat + `">Latency &lt;p95&gt;</a></dd></div>`},
		{"casestudies/cache.html", `<div><dt>Δ</dt><dd><span class="delta bad">-64.4 ms<span class="sr"> (worse)</span></span></dd></div>`},
		{"casestudies/cache.html", `<div><dt>Min effect</dt><dd>100 ms</dd></div>`},
		{"casestudies/cache.html", `<div><dt>Stopping rule</dt><dd>one week of traffic</dd></div>`},
		// Inconclusive: below plan, no interval, an infinite MDE shown as n/a.
		{"casestudies/tone-guide.html", `<span class="outcome outcome-inconclusive">inconclusive</span>`},
		{"casestudies/tone-guide.html", `<div><dt>n</dt><dd>1 <span class="delta bad">of 200 planned</span></dd></div>`},
		{"casestudies/tone-guide.html", `<div><dt>MDE at this n</dt><dd>n/a</dd></div>`},
		{"casestudies/tone-guide.html", `<div><dt>Min effect</dt><dd>none set: any improvement</dd></div>`},
		// The index and the dashboard show the outcome.
		{"casestudies/index.html", `<td><a href="../casestudies/cache.html#verdict"><span class="outcome outcome-refuted">refuted</span></a></td>`},
		{"index.html", `<a href="casestudies/tone-guide.html">Tone guide</a> <span class="muted nowrap">2026-01-25</span> <span class="outcome outcome-inconclusive">inconclusive</span>`},
	} {
		if !bytes.Contains(files[c.page], []byte(c.want)) {
			t.Errorf("%s lacks %q", c.page, c.want)
		}
	}
}

// TestExperimentAlertsLink checks that the alerts of the experiment
// analysis are listed with their kinds and link to the pages they name.
func TestExperimentAlertsLink(t *testing.T) {
	files := testSite(t)
	page := string(files["alerts.html"])
	for _, want := range []string{
		`data-kind="slice" data-severity="warning"><span class="severity severity-warning">warning</span> <span class="tag subject" title="metric accuracy">Accuracy</span> <a href="iterations/v3.html#slices">`,
		`data-kind="threshold" data-severity="error"><span class="severity severity-error">error</span> <span class="tag subject" title="metric latency p95">Latency &lt;p95&gt;</span> <a href="iterations/v3.html">`,
		`data-kind="regression" data-severity="warning"><span class="severity severity-warning">warning</span> <span class="tag subject" title="metric accuracy">Accuracy</span> <a href="metrics/accuracy.html">`,
		`data-kind="anomaly" data-severity="warning"><span class="severity severity-warning">warning</span> <span class="tag subject" title="metric latency p95">Latency &lt;p95&gt;</span> <a href="iterations/v3.html">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("alerts.html lacks %q", want)
		}
	}
	if !strings.Contains(string(files["index.html"]), `<a href="iterations/v3.html#slices">accuracy improves overall in v3 but falls by 0.08 in slice de</a>`) {
		t.Error("the dashboard does not list the slice alert with its link")
	}
}

func TestExperimentJSON(t *testing.T) {
	files := testSite(t)
	for _, name := range []string{"api/metrics.json", "api/annotations.json", "api/experiments.json"} {
		if !json.Valid(files[name]) || bytes.Contains(files[name], []byte("NaN")) || bytes.Contains(files[name], []byte("Inf")) {
			t.Errorf("%s is not valid JSON without NaN and infinities", name)
		}
	}
	type comparison struct {
		Iteration, Against, Target, Kind, Verdict, Page string
		Paired, Significant                             bool
		N                                               int
		NAgainst                                        int `json:"n_against"`
		Effect, P                                       *float64
		CI                                              *struct{ Low, High float64 }
		Slices                                          []struct {
			Slice    string
			Reversal bool
		}
	}
	var m struct {
		Metrics []struct {
			Metric     string
			Thresholds struct {
				Min, Max              *float64
				SignificantRegression string `json:"significant_regression"`
				Sentinel              bool
			}
			Comparisons []comparison
		}
	}
	if err := json.Unmarshal(files["api/metrics.json"], &m); err != nil {
		t.Fatal(err)
	}
	acc, lat := m.Metrics[0], m.Metrics[1]
	if len(acc.Comparisons) != 2 || acc.Comparisons[1].Iteration != "v3" || !acc.Comparisons[1].Slices[0].Reversal ||
		acc.Comparisons[0].Page != "iterations/v2.html" || !acc.Comparisons[0].Significant || acc.Comparisons[0].CI.Low != -0.09 {
		t.Errorf("accuracy comparisons: %+v", acc.Comparisons)
	}
	if *acc.Thresholds.Min != 0.6 || acc.Thresholds.Max != nil || acc.Thresholds.SignificantRegression != "warning" {
		t.Errorf("accuracy thresholds: %+v", acc.Thresholds)
	}
	if len(lat.Comparisons) != 1 || lat.Comparisons[0].Paired || lat.Comparisons[0].NAgainst != 4 || lat.Comparisons[0].Effect != nil ||
		lat.Comparisons[0].Slices == nil || !lat.Thresholds.Sentinel || lat.Thresholds.SignificantRegression != "error" {
		t.Errorf("latency: %+v", lat)
	}
	var a struct {
		Dimensions []struct {
			Dimension, Direction string
			Comparisons          []comparison
		}
	}
	if err := json.Unmarshal(files["api/annotations.json"], &a); err != nil {
		t.Fatal(err)
	}
	if h := a.Dimensions[0]; h.Direction != "higher" || len(h.Comparisons) != 1 || h.Comparisons[0].CI != nil || h.Comparisons[0].P != nil || h.Comparisons[0].Kind != "dimension" {
		t.Errorf("helpfulness: %+v", h)
	}
	if tone := a.Dimensions[1]; tone.Comparisons == nil || len(tone.Comparisons) != 0 || tone.Direction != "" {
		t.Errorf("tone: %+v; want no direction and an empty list", tone)
	}
	var e struct {
		SchemaVersion int `json:"schema_version"`
		Correction    string
		Alpha         float64
		Verdicts      []struct {
			CaseStudy, Outcome, Page string
			MDE                      *float64
			CI                       *struct{ Low, High float64 }
		}
	}
	if err := json.Unmarshal(files["api/experiments.json"], &e); err != nil {
		t.Fatal(err)
	}
	if e.SchemaVersion != 1 || e.Correction != "holm" || e.Alpha != 0.05 || len(e.Verdicts) != 4 {
		t.Fatalf("experiments.json: %+v", e)
	}
	var outcomes []string
	for _, v := range e.Verdicts {
		outcomes = append(outcomes, v.Outcome)
		if v.Page != "" {
			if _, ok := files[v.Page]; !ok {
				t.Errorf("verdict %s names page %s, which the site lacks", v.CaseStudy, v.Page)
			}
		}
	}
	if got := strings.Join(outcomes, ","); got != "supported,refuted,inconclusive,invalid" {
		t.Errorf("outcomes %s", got)
	}
	if e.Verdicts[0].Page != "casestudies/retrieval.html" || e.Verdicts[2].MDE != nil || e.Verdicts[3].Page != "" {
		t.Errorf("verdicts: %+v", e.Verdicts)
	}
}

func TestZeroExperimentsRender(t *testing.T) {
	in := testInput()
	in.Experiments, in.Alerts = experiment.Report{}, nil
	files := renderTest(t, in)
	for name, body := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, bad := range []string{`id="comparisons"`, `id="slices"`, `class="outcome`, `id="verdict"`, `"id":"marks"`} {
			if bad == `"id":"marks"` && strings.HasPrefix(name, "discrepancy/") {
				continue // the validity charts mark the discrepancy findings
			}
			if bytes.Contains(body, []byte(bad)) {
				t.Errorf("%s contains %q without an experiment report", name, bad)
			}
		}
	}
	// Thresholds come from config, so they are drawn all the same.
	if !bytes.Contains(files["metrics/accuracy.html"], []byte(`"name":"floor: 0.6"`)) {
		t.Error("the floor is not drawn without an experiment report")
	}
	var e map[string]any
	if err := json.Unmarshal(files["api/experiments.json"], &e); err != nil || len(e["verdicts"].([]any)) != 0 {
		t.Errorf("experiments.json without a report: %v, %v", err, e)
	}
}

func TestCorrectionNamed(t *testing.T) {
	for _, c := range []struct{ correction, want string }{
		{"bh", "p-values adjusted with Benjamini-Hochberg&#39;s correction over the iteration&#39;s comparisons and their slices, the slices sharing 20% of the weight."},
		{"none", "on every metric and numeric rating; p-values not adjusted."},
	} {
		in := testInput()
		in.Config.Experiment.Correction = c.correction
		files := renderTest(t, in)
		if !bytes.Contains(files["iterations/v3.html"], []byte(c.want)) {
			t.Errorf("correction %s: v3 lacks %q", c.correction, c.want)
		}
	}
}

// TestPossibleReversal checks that a slice that only may reverse the
// overall direction is shown as a hint, not as an alarm.
func TestPossibleReversal(t *testing.T) {
	in := testInput()
	for i := range in.Experiments.Comparisons {
		c := &in.Experiments.Comparisons[i]
		for j := range c.Slices {
			if c.Slices[j].Reversal {
				s := &c.Slices[j]
				s.Reversal, s.PossibleReversal, s.Significant, s.Verdict = false, true, false, "possibly worse"
				s.PAdjusted = f(0.3)
			}
		}
	}
	page := string(renderTest(t, in)["iterations/v3.html"])
	for _, want := range []string{
		`<a class="hint" href="#slices">possible slice regression</a>`,
		`<strong>Possible slice regressions</strong>, not significant after the correction, to check rather than act on: Accuracy in de (-0.0800, p adj. 0.300).`,
		`<span class="verdict hint-bad">possibly worse</span> <span class="hint">possible slice regression</span>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("v3 lacks %q", want)
		}
	}
	for _, bad := range []string{`class="reversal"`, `Slice regression hidden by the aggregate.`, `<a class="flag" href="#slices">`} {
		if strings.Contains(page, bad) {
			t.Errorf("v3 shows a possible reversal as an alarm: %q", bad)
		}
	}
}
