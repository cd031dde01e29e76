package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/reliability"
)

func TestReliabilityPanel(t *testing.T) {
	files := testSite(t)
	for _, c := range []struct{ page, want string }{
		{"dimensions/helpfulness.html", `<span class="big">α 0.850</span> <span class="muted nowrap">95% CI [0.800, 0.900]</span> <span class="status status-reliable">reliable</span>`},
		{"dimensions/helpfulness.html", `<div><dt>Percent agreement</dt><dd>50.0%</dd></div>`},
		// The lenient rater: offset beyond max_offset (0.5) is marked bad.
		{"dimensions/helpfulness.html", `<tr id="rater-cy"><th scope="row">cy</th><td class="num">1</td><td class="num">0.300</td><td class="num"><span class="delta bad">+0.800</span> <span class="muted small">lenient</span></td>`},
		{"dimensions/helpfulness.html", `<td class="num">100.0% <span class="muted small">of 1</span></td>`},
		// v3 has no interval, and is tentative.
		{"dimensions/helpfulness.html", `<td class="num">0.700</td><td class="num nowrap">n/a</td><td class="num">0.0%</td><td><span class="status status-tentative">tentative</span>`},
		{"dimensions/helpfulness.html", `<tr><th scope="row"><a href="../items/q1.html">q1</a></th><td><a href="../iterations/v3.html">v3</a></td><td class="nowrap">2, 5</td><td>bob, cy</td><td class="num">2.12</td>`},
		{"dimensions/helpfulness.html", `<tr><th scope="row">bob × cy</th><td class="num">2</td><td class="num">0.0%</td><td class="num">-0.200</td></tr>`},
		{"dimensions/tone.html", `Agreement cannot be computed: fewer than two raters rated this dimension.`},
		// The dashboard shows the latest iteration's own alpha, not the pooled one.
		{"index.html", `data-iteration="v3">α 0.700 in v3 <span class="status status-tentative">tentative</span></p>`},
		{"index.html", `<span class="status status-none">not computable</span>`},
	} {
		if !bytes.Contains(files[c.page], []byte(c.want)) {
			t.Errorf("%s lacks %q", c.page, c.want)
		}
	}
	help := string(files["dimensions/helpfulness.html"])
	for _, id := range []string{"alpha_helpfulness", "agree_helpfulness", "offset_helpfulness", "pairs_helpfulness"} {
		if !strings.Contains(help, `id="chart_`+id+`"`) {
			t.Errorf("helpfulness page lacks chart %s", id)
		}
	}
	// The thresholds are the alpha chart's reference lines.
	for _, want := range []string{`"name":"tentative below: 0.8","yAxis":0.8`, `"name":"no conclusions below: 0.667","yAxis":0.667`} {
		if !strings.Contains(help, want) {
			t.Errorf("alpha chart lacks the line %s", want)
		}
	}
	// Nothing can be computed for tone: no reliability chart, no status
	// other than "not computable", no empty figures.
	tone := string(files["dimensions/tone.html"])
	for _, bad := range []string{"chart_alpha_", "chart_agree_", "chart_offset_", "chart_pairs_", "status-reliable", "<h2>Rater drift"} {
		if strings.Contains(tone, bad) {
			t.Errorf("tone page contains %q", bad)
		}
	}
}

func TestZeroReliabilityRenders(t *testing.T) {
	in := testInput()
	in.Reliability, in.Alerts = reliability.Report{}, nil
	files := renderTest(t, in)
	for name, body := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, bad := range []string{`class="panel reliability"`, `class="panel alerts"`, "Alerts ("} {
			if bytes.Contains(body, []byte(bad)) {
				t.Errorf("%s contains %q without a reliability report", name, bad)
			}
		}
	}
	if !bytes.Contains(files["alerts.html"], []byte("No open alerts.")) {
		t.Error("alerts.html does not say there are none")
	}
	if _, ok := files["items/q3.html"]; ok {
		t.Error("an item that only a disagreement named has a page without the report")
	}
	var ag map[string]any
	if err := json.Unmarshal(files["api/agreement.json"], &ag); err != nil || fmt.Sprint(ag["records"]) != "[]" {
		t.Errorf("agreement.json without a report: %v, records = %v", err, ag["records"])
	}
}

func TestItemPages(t *testing.T) {
	files := testSite(t)
	for _, name := range []string{"items/index.html", "items/q1.html", "items/q2.html", "items/q3.html"} {
		if _, ok := files[name]; !ok {
			t.Errorf("no %s", name)
		}
	}
	const raw, escaped = "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"
	for _, name := range []string{"items/q1.html", "dimensions/helpfulness.html"} {
		body := files[name]
		if bytes.Contains(body, []byte(raw)) || !bytes.Contains(body, []byte(escaped)) {
			t.Errorf("%s does not show the model output escaped", name)
		}
	}
	for _, c := range []struct{ page, want string }{
		// White space of the texts is kept.
		{"items/q1.html", "<pre class=\"text\">How do I reset my password?\n  I tried twice.</pre>"},
		{"items/q1.html", `<div><dt>language</dt><dd>en</dd></div>`},
		{"items/q1.html", `<div><dt><a href="../dimensions/helpfulness.html">Helpfulness</a></dt><dd>4</dd></div>`},
		// Metric values: one row per iteration in series order.
		{"items/q1.html", `<tr><th scope="row"><a href="../iterations/v1.html">v1</a></th><td class="num">0</td><td class="num"></td></tr>
<tr><th scope="row"><a href="../iterations/v3.html">v3</a></th><td class="num">1.00</td><td class="num"></td></tr>`},
		{"items/q3.html", "data/items.jsonl has no texts for this item."},
		{"items/q3.html", `<tr><th scope="row"><a href="../dimensions/helpfulness.html#rater-ann">ann</a></th><td>2</td></tr>`},
		{"items/index.html", `<tr><th scope="row"><a href="../items/q1.html">q1</a></th><td class="num">4</td><td class="num">2</td><td>domain: account, language: en</td><td class="excerpt">How do I reset my password? I tried twice.</td></tr>`},
		{"index.html", `<a href="items/index.html">Items</a>`},
	} {
		if !bytes.Contains(files[c.page], []byte(c.want)) {
			t.Errorf("%s lacks %q", c.page, c.want)
		}
	}
	// An iteration-level metric value (no item) is on no item page.
	if bytes.Contains(files["items/q1.html"], []byte("0.600")) {
		t.Error("q1 shows the iteration-level accuracy value")
	}
}

func TestReliabilityJSON(t *testing.T) {
	in := testInput()
	in.Alerts = testAlerts() // the reliability alerts and those of testAlerts only
	files := renderTest(t, in)
	for _, name := range []string{"api/agreement.json", "api/raters.json", "api/alerts.json"} {
		if !json.Valid(files[name]) || bytes.Contains(files[name], []byte("NaN")) {
			t.Errorf("%s is not valid JSON without NaN", name)
		}
		if !bytes.HasPrefix(files[name], []byte(`{"schema_version":1,`)) {
			t.Errorf("%s does not open with the schema version", name)
		}
	}
	var ag struct {
		Thresholds    struct{ Alert, Warn float64 }
		Records       []map[string]any
		Disagreements []struct {
			Dimension, Item, Page string
			Spread                *float64
		}
	}
	if err := json.Unmarshal(files["api/agreement.json"], &ag); err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, r := range ag.Records {
		order = append(order, fmt.Sprint(r["dimension"], "/", r["iteration"]))
	}
	if got := strings.Join(order, " "); got != "helpfulness/ helpfulness/v1 helpfulness/v3 tone/ tone/v2" {
		t.Errorf("record order %s", got)
	}
	for _, key := range []string{"dimension", "iteration", "n_items", "n_raters", "n_ratings", "alpha_nominal", "alpha_ordinal",
		"alpha_interval", "alpha_ratio", "alpha_ci_low", "alpha_ci_high", "fleiss_kappa", "cohen_kappa",
		"cohen_kappa_linear", "cohen_kappa_quadratic", "percent_agreement"} {
		if _, ok := ag.Records[3][key]; !ok {
			t.Errorf("record lacks the key %s", key)
		}
	}
	if ag.Records[0]["fleiss_kappa"] != nil || ag.Records[1]["fleiss_kappa"] != 0.41 || ag.Records[3]["alpha"] != nil {
		t.Errorf("records: fleiss %v, %v; tone alpha %v", ag.Records[0]["fleiss_kappa"], ag.Records[1]["fleiss_kappa"], ag.Records[3]["alpha"])
	}
	if ag.Thresholds.Alert != 0.667 || ag.Thresholds.Warn != 0.8 {
		t.Errorf("thresholds %+v", ag.Thresholds)
	}
	if len(ag.Disagreements) != 2 || ag.Disagreements[1].Page != "items/q3.html" || *ag.Disagreements[0].Spread != 2.12 {
		t.Errorf("disagreements %+v", ag.Disagreements)
	}
	var rt struct {
		Raters []struct{ Rater, Dimension, Iteration string }
		Pairs  []struct {
			Dimension string   `json:"dimension"`
			RaterA    string   `json:"rater_a"`
			Agreement *float64 `json:"agreement"`
		}
	}
	if err := json.Unmarshal(files["api/raters.json"], &rt); err != nil {
		t.Fatal(err)
	}
	if len(rt.Raters) != 9 || rt.Raters[0].Iteration != "" || rt.Raters[3].Iteration != "v1" || rt.Raters[8].Dimension != "tone" {
		t.Errorf("raters %+v", rt.Raters)
	}
	if len(rt.Pairs) != 3 || rt.Pairs[1].Dimension != "helpfulness" || rt.Pairs[1].Agreement != nil {
		t.Errorf("pairs %+v", rt.Pairs)
	}
	var al struct {
		Alerts []struct {
			Severity, Link string
			Numbers        map[string]*float64
		}
	}
	if err := json.Unmarshal(files["api/alerts.json"], &al); err != nil {
		t.Fatal(err)
	}
	if len(al.Alerts) != 4 || al.Alerts[0].Severity != "error" || al.Alerts[0].Link != "" || al.Alerts[0].Numbers["z"] != nil || *al.Alerts[0].Numbers["mean"] != 0.55 {
		t.Errorf("alerts %+v", al.Alerts)
	}
}

func TestNoNaNFromReport(t *testing.T) {
	in := testInput()
	nan := func() *float64 { x := 0.0; x /= x; return &x }
	d := &in.Reliability.Dimensions[0]
	d.Pooled.Alpha, d.Pooled.FleissKappa = nan(), nan()
	d.Raters[0].Offset = nan()
	d.Pairs[0].Agreement = nan()
	d.Disagreements[0].Spread = *nan()
	files := renderTest(t, in)
	for name, body := range files {
		if bytes.Contains(body, []byte("NaN")) {
			t.Errorf("%s contains NaN", name)
		}
	}
	if !bytes.Contains(files["dimensions/helpfulness.html"], []byte("Agreement cannot be computed")) {
		t.Error("a NaN alpha is shown as if computed")
	}
}

func TestReliabilityUnits(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "Agreement cannot be computed: no item was rated by two raters."},
		{"fewer than two raters", "Agreement cannot be computed: fewer than two raters."},
		{"the ratings do not vary.", "Agreement cannot be computed: the ratings do not vary."},
	} {
		if got := reasonSentence(c.in); got != c.want {
			t.Errorf("reasonSentence(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"  a\n\tb  ", 10, "a b"},
		{"héllo wörld", 7, "héllo…"},
		{"abcdefgh", 4, "abc…"},
	} {
		if got := excerpt(c.in, c.n); got != c.want {
			t.Errorf("excerpt(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
	for _, c := range []struct {
		offset     *float64
		lower      bool // lower is better on the dimension
		hint, tone string
	}{
		{nil, false, "", "flat"},
		{f(0.1), false, "", "flat"},
		{f(0.25), false, "lenient", "flat"},
		{f(-0.3), false, "severe", "flat"},
		{f(0.51), false, "lenient", "bad"},
		{f(-2), false, "severe", "bad"},
		// Where lower is better, rating above the others gives a worse
		// mark: severe.
		{f(0.1), true, "", "flat"},
		{f(0.25), true, "severe", "flat"},
		{f(-0.3), true, "lenient", "flat"},
		{f(0.51), true, "severe", "bad"},
		{f(-2), true, "lenient", "bad"},
	} {
		row := newRaterRow(reliability.Rater{Offset: c.offset}, 0.5, c.lower)
		if row.Hint != c.hint || row.HintClass != c.tone {
			t.Errorf("offset %v, lower %v: hint %q class %q, want %q %q", c.offset, c.lower, row.Hint, row.HintClass, c.hint, c.tone)
		}
	}
	counts := countSeverities([]alertView{{Alert: alert.Alert{Severity: alert.Error}}, {Alert: alert.Alert{Severity: alert.Error}}, {Alert: alert.Alert{Severity: alert.Info}}})
	if len(counts) != 2 || counts[0].Label() != "2 errors" || counts[1].Label() != "1 info" {
		t.Errorf("countSeverities = %+v", counts)
	}
}

// TestManyRaters: beyond manyRaters a dimension page lists the least
// agreeing and most prolific raters, folds the full table (with the anchors
// item pages link to) and summarises the pairs instead of drawing them.
func TestManyRaters(t *testing.T) {
	in := testInput()
	d := &in.Reliability.Dimensions[0]
	d.Raters, d.Pairs, d.RaterTrend = nil, nil, nil
	n := 40
	for i := range n {
		ag, off := 0.9-float64(i)/100, 0.0
		d.Raters = append(d.Raters, reliability.Rater{Rater: fmt.Sprintf("r%02d", i), NRatings: 10 + i, Agreement: &ag, Offset: &off})
		for j := i + 1; j < n; j++ {
			share, alpha := 0.5+float64(i+j)/200, 0.1+float64(i+j)/200
			d.Pairs = append(d.Pairs, reliability.Pair{RaterA: fmt.Sprintf("r%02d", i), RaterB: fmt.Sprintf("r%02d", j), NItems: 6, Agreement: &share, Alpha: &alpha})
		}
	}
	page := string(renderTest(t, in)["dimensions/helpfulness.html"])
	for _, want := range []string{
		`40 raters: too many to list here, so this page shows the 20 least in agreement with the others and the 10 most prolific, with every rater folded below.`,
		`<summary>All 40 raters, by name</summary>`,
		`<tr id="rater-r00">`, `<tr id="rater-r39">`,
		// Helpfulness is numeric: pairs are judged by their alpha.
		`<p>780 pairs of raters; 780 share at least 5 items and have an alpha.`,
		`<div><dt>Lowest</dt><dd>0.105</dd></div>`, `<div><dt>Highest</dt><dd>0.485</dd></div>`,
		`<tr><th scope="row">r00 × r01</th><td class="num">6</td><td class="num">50.5%</td><td class="num">0.105</td></tr>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The least agreeing come first, lowest agreement first: r39.
	least := page[strings.Index(page, `id="raters-least"`):strings.Index(page, `id="raters-prolific"`)]
	if strings.Index(least, ">r39<") < 0 || strings.Index(least, ">r39<") > strings.Index(least, ">r38<") || strings.Contains(least, ">r19<") {
		t.Errorf("least-agreeing table is not r39 down to r20")
	}
	if strings.Count(page, `id="rater-r05"`) != 1 {
		t.Errorf("rater anchor not unique")
	}
	for _, bad := range []string{"chart_pairs_", "Pairs as a table"} {
		if strings.Contains(page, bad) {
			t.Errorf("page with 40 raters has %q", bad)
		}
	}
}
