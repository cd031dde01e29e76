package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/evalbook/evalbook/internal/route"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/project"
)

func TestDiscrepancyPages(t *testing.T) {
	files := testSite(t)
	lat := Slug("latency p95")
	for _, want := range []string{
		"discrepancy/index.html", "discrepancy/system.html",
		"discrepancy/v1/index.html", "discrepancy/v2/index.html", "discrepancy/v3/index.html",
		"discrepancy/accuracy/helpfulness.html", "discrepancy/accuracy/tone.html",
		"discrepancy/" + lat + "/helpfulness.html", "discrepancy/" + lat + "/tone.html",
		"api/discrepancy.json",
		// Every item a disagreement list names has a page.
		"items/q4.html", "items/q5.html", "items/q8.html",
	} {
		if _, ok := files[want]; !ok {
			t.Errorf("no %s", want)
		}
	}
	// No page for a pair the analysis did not join, even when an
	// investigation names it.
	for _, bad := range []string{"discrepancy/bleu/helpfulness.html", "discrepancy/accuracy/factuality.html", "discrepancy/tone/accuracy.html"} {
		if _, ok := files[bad]; ok {
			t.Errorf("%s exists, but the analysis has no such pair", bad)
		}
	}
}

func TestDiscrepancyContent(t *testing.T) {
	files := testSite(t)
	lat := Slug("latency p95")
	for _, c := range []struct{ page, want string }{
		// The overview: the open finding first and prominent, the explained
		// one with its investigation, the heat map, the table, the verdicts.
		{"discrepancy/index.html", `<section class="panel findings open" aria-labelledby="open">`},
		{"discrepancy/index.html", `<span class="severity severity-warning">open</span> <a href="../discrepancy/` + lat + `/helpfulness.html">Latency &lt;p95&gt; vs Helpfulness</a> in <a href="../iterations/v3.html">v3</a>`},
		{"discrepancy/index.html", `Investigated in</span> <a href="../investigations/accuracy-v3.html">Why accuracy stopped tracking helpfulness in v3</a>.`},
		{"discrepancy/index.html", `id="chart_matrix_pooled_`},
		{"discrepancy/index.html", `<a href="../discrepancy/accuracy/helpfulness.html#verdicts">Accuracy vs Helpfulness</a>`},
		{"discrepancy/index.html", `<a href="../discrepancy/v2/index.html">v2</a>`},
		{"discrepancy/index.html", `<a href="../discrepancy/index.html" aria-current="page">All iterations</a>`},
		{"discrepancy/index.html", `is not correlated: `},
		{"discrepancy/index.html", `bleu vs Helpfulness <span class="muted small">(not joined)</span>`},
		{"discrepancy/v3/index.html", `<a href="../../discrepancy/v3/index.html" aria-current="page">v3</a>`},
		{"discrepancy/v3/index.html", `<h2 id="findings">Findings in this iteration</h2>`},
		{"discrepancy/system.html", `Iteration level: one point per iteration`},
		// The pair page: the coefficients, the trend with the floor and the
		// finding marked, the verdicts, the lists with escaped texts.
		{"discrepancy/accuracy/helpfulness.html", `<th scope="row">Items, controlling for iteration <span class="muted small">partial</span></th>`},
		{"discrepancy/accuracy/helpfulness.html", `"name":"floor: 0.3"`},
		{"discrepancy/accuracy/helpfulness.html", `finding, investigated`},
		{"discrepancy/" + lat + "/helpfulness.html", `"name":"floor: -0.3"`},
		{"discrepancy/" + lat + "/helpfulness.html", `open finding`},
		{"discrepancy/accuracy/helpfulness.html", `<td class="num agree">`},
		{"discrepancy/accuracy/helpfulness.html", `&lt;script&gt;alert(&#34;gap&#34;)&lt;/script&gt; Where is my parcel?`},
		{"discrepancy/accuracy/helpfulness.html", `It ships &lt;b&gt;today&lt;/b&gt;.`},
		{"discrepancy/accuracy/helpfulness.html", `<a href="../../items/q5.html">q5</a><br><span class="examined" title="Why accuracy stopped tracking helpfulness in v3">examined</span>`},
		{"discrepancy/accuracy/helpfulness.html", `<details><summary>`},
		{"discrepancy/accuracy/helpfulness.html", `<a href="../../investigations/accuracy-v3.html">Why accuracy stopped tracking helpfulness in v3</a> <span class="tag">metric-flaw</span>`},
		// A nominal dimension: its reason, no coefficients or lists.
		{"discrepancy/accuracy/tone.html", `Tone is not correlated with metrics: `},
		// Links in from the other pages.
		{"items/q5.html", `<a href="../discrepancy/accuracy/helpfulness.html">Accuracy vs Helpfulness</a></th><td>metric rates it better than the raters</td>`},
		{"metrics/accuracy.html", `<h2 id="discrepancy">Human judgement</h2>`},
		{"metrics/accuracy.html", `<a href="../discrepancy/accuracy/helpfulness.html">Accuracy vs Helpfulness</a>`},
		{"dimensions/helpfulness.html", `<h2 id="discrepancy">Metrics</h2>`},
		{"dimensions/tone.html", `not correlated`},
		{"investigations/accuracy-v3.html", `<li><a href="../discrepancy/accuracy/helpfulness.html">Accuracy vs Helpfulness</a> · <span class="tag">metric-flaw</span> · <a href="../iterations/v3.html">v3</a> · <span class="muted">2 items examined</span></li>`},
		{"index.html", `<a href="discrepancy/index.html"><strong>1 open finding</strong></a>`},
		{"index.html", `<li><a href="dimensions/index.html">Human ratings</a></li>
<li><a href="discrepancy/index.html">Discrepancy</a></li>`},
		{"alerts.html", `<span class="tag subject" title="metric latency p95 vs dimension helpfulness">Latency &lt;p95&gt; vs Helpfulness</span> <a href="discrepancy/` + lat + `/helpfulness.html">`},
	} {
		if !bytes.Contains(files[c.page], []byte(c.want)) {
			t.Errorf("%s lacks %q", c.page, c.want)
		}
	}
	tone := string(files["discrepancy/accuracy/tone.html"])
	for _, bad := range []string{`id="coefficients"`, `id="high"`, "chart_validity_"} {
		if strings.Contains(tone, bad) {
			t.Errorf("the nominal pair's page has %q", bad)
		}
	}
}

func TestDiscrepancyJSON(t *testing.T) {
	files := testSite(t)
	body := files["api/discrepancy.json"]
	if !bytes.HasPrefix(body, []byte(`{"schema_version":1,`)) || bytes.Contains(body, []byte("NaN")) {
		t.Fatalf("discrepancy.json does not open with the schema version or holds NaN")
	}
	var doc struct {
		Iterations []struct{ ID string }
		Floor      float64
		Page       string
		Pairs      []struct {
			Metric, Dimension, Page string
			Correlated              bool
		}
		Records        []map[string]any
		Disagreements  []map[string]any
		Verdicts       []map[string]any
		Findings       []map[string]any
		Investigations []map[string]any
		Dimensions     []map[string]any
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Iterations) != 3 || doc.Floor != 0.3 || doc.Page != "discrepancy/index.html" {
		t.Errorf("header: %d iterations, floor %v, page %q", len(doc.Iterations), doc.Floor, doc.Page)
	}
	if len(doc.Pairs) != 4 || len(doc.Records) == 0 || len(doc.Disagreements) != 2 || len(doc.Verdicts) == 0 ||
		len(doc.Findings) != 2 || len(doc.Investigations) != 2 || len(doc.Dimensions) != 2 {
		t.Errorf("discrepancy.json: %d pairs, %d records, %d disagreement lists, %d verdicts, %d findings, %d investigations, %d dimensions",
			len(doc.Pairs), len(doc.Records), len(doc.Disagreements), len(doc.Verdicts), len(doc.Findings), len(doc.Investigations), len(doc.Dimensions))
	}
	for _, p := range doc.Pairs {
		if _, ok := files[p.Page]; !ok {
			t.Errorf("pair %s vs %s names page %s, which the site lacks", p.Metric, p.Dimension, p.Page)
		}
	}
	for _, key := range []string{"metric", "dimension", "iteration", "level", "n", "pearson", "pearson_low", "pearson_high",
		"spearman", "spearman_low", "spearman_high", "kendall_tau_b", "kendall_tau_b_low", "kendall_tau_b_high"} {
		if _, ok := doc.Records[0][key]; !ok {
			t.Errorf("a record lacks %q", key)
		}
	}
	if doc.Records[0]["iteration"] != "" || doc.Records[0]["partial"] == nil {
		t.Errorf("the first record is not the pooled one with its partial correlation: %v", doc.Records[0])
	}
	for _, key := range []string{"metric_high_humans_low", "metric_low_humans_high"} {
		if _, ok := doc.Disagreements[0][key]; !ok {
			t.Errorf("a disagreement list lacks %q", key)
		}
	}
}

func TestNoDiscrepancyReport(t *testing.T) {
	in := testInput()
	in.Discrepancy = discrepancy.Report{}
	files := renderTest(t, in)
	for name, body := range files {
		if strings.HasPrefix(name, "discrepancy/") {
			t.Errorf("%s rendered without a discrepancy report", name)
		}
		if strings.HasSuffix(name, ".html") && bytes.Contains(body, []byte(`discrepancy/index.html`)) {
			t.Errorf("%s links to the discrepancy overview without a report", name)
		}
	}
	var doc map[string]any
	if err := json.Unmarshal(files["api/discrepancy.json"], &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"pairs", "records", "disagreements", "verdicts", "findings", "investigations", "dimensions"} {
		if v, ok := doc[key].([]any); !ok || len(v) != 0 {
			t.Errorf("discrepancy.json without a report: %s = %v; want []", key, doc[key])
		}
	}
}

// TestDiscrepancyPathsDoNotCollide renders a project whose names imitate
// the fixed discrepancy pages: an iteration "system", a metric
// "iterations", a dimension and an iteration "index". Render fails if two
// pages want one path.
func TestDiscrepancyPathsDoNotCollide(t *testing.T) {
	p := &project.Project{
		Iterations: []project.Iteration{{ID: "system", Order: 0}, {ID: "index", Order: 1}},
		Metrics:    []project.Metric{{Name: "iterations", Direction: project.HigherIsBetter}, {Name: "system", Direction: project.HigherIsBetter}},
		Dimensions: []project.Dimension{{Name: "index", Numeric: true, Scale: project.Interval}},
	}
	for _, it := range []string{"system", "index"} {
		for i, id := range []string{"a", "b", "c", "d"} {
			x := float64(i)
			p.Metrics[0].Values.Append(project.MetricValue{Iteration: it, Item: id, Value: x})
			p.Metrics[1].Values.Append(project.MetricValue{Iteration: it, Item: id, Value: -x})
			p.Dimensions[0].Ratings = project.RatingsOf(append(p.Dimensions[0].Ratings.Slice(), project.Rating{Item: id, Rater: "r", Iteration: it, Value: x}))
		}
	}
	in := Input{Config: testConfig(), Project: p, Discrepancy: discrepancy.Analyse(p, discrepancy.Options{}), Templates: testTemplates()}
	files := renderTest(t, in)
	pages := 0
	for name := range files {
		if strings.HasPrefix(name, "discrepancy/") {
			pages++
		}
	}
	// The overview, the iteration level, two iterations and two pairs.
	if pages != 6 {
		t.Errorf("%d discrepancy pages; want 6", pages)
	}
	for _, want := range []string{"discrepancy/system/index.html", "discrepancy/system.html", "discrepancy/iterations/" + Slug("index") + ".html"} {
		if _, ok := files[want]; !ok {
			t.Errorf("no %s", want)
		}
	}
}

func TestContentPageCannotReplaceDiscrepancyPage(t *testing.T) {
	for _, slug := range []string{"discrepancy/index", "discrepancy/system", "discrepancy/accuracy/helpfulness", "discrepancy/v2/index"} {
		in := testInput()
		in.Project.Pages = append(in.Project.Pages, project.Document{Kind: project.Page, Source: "content/x.md", Slug: slug})
		if _, err := Render(in); err == nil || !strings.Contains(err.Error(), "content/x.md") {
			t.Errorf("page with slug %q: error %v; want one naming content/x.md", slug, err)
		}
	}
}

// TestScatterGroups: up to eight iterations each get a colour; beyond that
// runs of consecutive iterations share one, named first to last.
func TestScatterGroups(t *testing.T) {
	units := func(n int) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("v%d", i+1))
		}
		return out
	}
	group, names := scatterGroups(units(3))
	if !reflect.DeepEqual(names, []string{"v1", "v2", "v3"}) || group["v3"] != 2 {
		t.Errorf("3 iterations: %v %v", group, names)
	}
	group, names = scatterGroups(units(20))
	want := []string{"v1 to v3", "v4 to v5", "v6 to v8", "v9 to v10", "v11 to v13", "v14 to v15", "v16 to v18", "v19 to v20"}
	if !reflect.DeepEqual(names, want) || group["v1"] != 0 || group["v20"] != 7 || group["v4"] != 1 {
		t.Errorf("20 iterations: %v %v; want %v", group, names, want)
	}
}

// TestItemTableColumns: a metric measured only per iteration has no column
// in the item tables; one with per-item values has.
func TestItemTableColumns(t *testing.T) {
	p := &project.Project{
		Iterations: []project.Iteration{{ID: "v1"}},
		Metrics: []project.Metric{
			{Name: "cost", Values: project.ValuesOf([]project.MetricValue{{Iteration: "v1", Value: 0.4}})},
			{Name: "score", Values: project.ValuesOf([]project.MetricValue{{Iteration: "v1", Item: "q1", Value: 0.75}})},
		},
		Items: []project.Item{{ID: "q1", Input: "hello"}},
	}
	files, err := Render(Input{Project: p, Templates: testTemplates()})
	if err != nil {
		t.Fatal(err)
	}
	page := string(files["items/q1.html"])
	if !strings.Contains(page, ">score</a></th>") || strings.Contains(page, ">cost</a></th>") {
		t.Errorf("item table columns wrong; want score and not cost:\n%s", page)
	}
}

// TestDiscSelector: a short series lists every iteration; a long one lists
// them all on the overview only, and elsewhere the first, the last and the
// two on either side of the page's own, with gaps marked.
func TestDiscSelector(t *testing.T) {
	labels := func(links []selectorLink) string {
		var out []string
		for _, l := range links {
			s := l.Label
			if l.Current {
				s = "[" + s + "]"
			}
			out = append(out, s)
		}
		return strings.Join(out, " ")
	}
	var its []string
	for i := range 30 {
		its = append(its, fmt.Sprintf("v%d", i+1))
	}
	s := &discSite{iterations: its[:4]}
	if got := labels(s.selector(route.DiscrepancyIteration("v2"))); got != "All iterations v1 [v2] v3 v4 Iteration level" {
		t.Errorf("short series: %s", got)
	}
	s.iterations = its
	if got := labels(s.selector(route.DiscrepancyIteration("v10"))); got != "All iterations v1 … v8 v9 [v10] v11 v12 … v30 Iteration level" {
		t.Errorf("long series, v10: %s", got)
	}
	if got := labels(s.selector(route.DiscrepancySystem)); got != "All iterations v1 … v28 v29 v30 [Iteration level]" {
		t.Errorf("long series, system: %s", got)
	}
	if got := s.selector(route.DiscrepancyIndex); len(got) != 32 || !got[0].Current {
		t.Errorf("long series, overview: %d links; want all 30 iterations", len(got))
	}
}

// TestItemRowCellsEscape: a metric value and a rating label from the data
// are text in the pre-written cells of an item's tables.
func TestItemRowCellsEscape(t *testing.T) {
	units := unitsHTML([]*metricView{{Unit: "<b>"}, {}, {Unit: "%"}, {Unit: "ms"}})
	got := itemRow{values: []float64{0.5, 0, 12.34, math.NaN()}, set: []bool{true, false, true, true}, units: units}.Cells()
	want := `<td class="num">0.500 &lt;b&gt;</td><td class="num"></td><td class="num">12.3%</td><td class="num">n/a</td>`
	if string(got) != want {
		t.Errorf("Cells() = %s\nwant %s", got, want)
	}
	got = gridRater{Cells: []string{`<script>alert("x")</script>, 4`, ""}}.Row()
	want = `<td>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;, 4</td><td class="empty"></td>`
	if string(got) != want {
		t.Errorf("Row() = %s\nwant %s", got, want)
	}
}

// TestDiscrepancyOriented: the matrix colours, labels and reads ρ oriented
// by the directions of the metric and the dimension, while the table and
// the tooltips keep ρ as computed. In v1 accuracy has ρ 0.709 and latency
// (lower is better) ρ -1 with helpfulness.
func TestDiscrepancyOriented(t *testing.T) {
	lat := Slug("latency p95")
	for _, tt := range []struct {
		name     string
		dimDir   string // helpfulness's direction
		want     []string
		wantPair []string // on latency's pair page
	}{
		{"higher is better", "", []string{
			// Heat map cells [column, row, value]: latency's -1 reads +1.
			`"value":[0,0,0.7092081432669752]`, `"tip":"ρ 0.709: agrees"`,
			`"value":[0,1,1]`, `"tip":"ρ -1.00, oriented +1.00: agrees"`,
			`"text":["agrees","disagrees"]`,
			`ρ 0.709</a><br><span class="muted small nowrap">[-0.208, 0.963] n=7</span><br><span class="agreement good">agrees</span></td>`,
			`ρ -1.00</a><br><span class="muted small nowrap">[-1.00, -1.00] n=5</span><br><span class="agreement good">agrees</span> <span class="muted small nowrap">oriented +1.00</span></td>`,
		}, []string{`"name":"floor: -0.3"`, `One of the two is lower-is-better`}},
		{"lower is better", "lower", []string{
			`"value":[0,0,-0.7092081432669752]`, `"tip":"ρ 0.709, oriented -0.709: disagrees"`,
			`"value":[0,1,-1]`, `"tip":"ρ -1.00: disagrees"`,
			`ρ 0.709</a><br><span class="muted small nowrap">[-0.208, 0.963] n=7</span><br><span class="agreement bad">disagrees</span> <span class="muted small nowrap">oriented -0.709</span></td>`,
			`ρ -1.00</a><br><span class="muted small nowrap">[-1.00, -1.00] n=5</span><br><span class="agreement bad">disagrees</span></td>`,
		}, []string{`"name":"floor: 0.3"`, `Both run the same way`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := testInput()
			hc := in.Config.Dimensions["helpfulness"]
			hc.Direction = tt.dimDir
			in.Config.Dimensions["helpfulness"] = hc
			files := renderTest(t, in)
			for _, want := range tt.want {
				if !bytes.Contains(files["discrepancy/v1/index.html"], []byte(want)) {
					t.Errorf("v1's matrix lacks %s", want)
				}
			}
			for _, want := range tt.wantPair {
				if !bytes.Contains(files["discrepancy/"+lat+"/helpfulness.html"], []byte(want)) {
					t.Errorf("latency's pair page lacks %s", want)
				}
			}
		})
	}
}

// TestDiscrepancySlices: slice records reach the pair page (pooled and
// partial per slice), the overview's table and discrepancy.json.
func TestDiscrepancySlices(t *testing.T) {
	in := testInput()
	f := func(v float64) *float64 { return &v }
	in.Discrepancy.Slices = []discrepancy.SliceRecord{
		{Metric: "accuracy", Dimension: "helpfulness", Slice: "CNN/DM",
			Coefficients: discrepancy.Coefficients{N: 12, Pearson: f(0.41), Spearman: f(0.38), KendallTauB: f(0.29)},
			Partial:      &discrepancy.Coefficients{N: 12, Pearson: f(0.363), Spearman: f(0.333), KendallTauB: f(0.25)}},
		{Metric: "accuracy", Dimension: "helpfulness", Slice: "<XSum>",
			Coefficients: discrepancy.Coefficients{N: 7, Pearson: f(0.1), Spearman: f(0.2), KendallTauB: f(0.15)},
			Partial:      &discrepancy.Coefficients{N: 7, Pearson: f(0.073), Spearman: f(0.249), KendallTauB: f(0.2)}},
	}
	files := renderTest(t, in)
	pair := "discrepancy/accuracy/helpfulness.html"
	for _, c := range []struct{ page, want string }{
		{pair, `<h2 id="slices">By slice</h2>`},
		{pair, `<th scope="row">CNN/DM <span class="muted small">all iterations pooled</span></th><td class="num">12</td><td class="num">0.410`},
		{pair, `<th scope="row">CNN/DM <span class="muted small">controlling for iteration, partial</span></th><td class="num">12</td><td class="num">0.363`},
		{pair, `<th scope="row">&lt;XSum&gt; <span class="muted small">controlling for iteration, partial</span></th><td class="num">7</td><td class="num">0.0730`},
		{"discrepancy/index.html", `<h2 id="within">Within iterations</h2>`},
		{"discrepancy/index.html", `<a href="../discrepancy/accuracy/helpfulness.html#slices">Accuracy vs Helpfulness</a></th><td>CNN/DM</td><td class="num">12</td><td class="num">0.363`},
		{"discrepancy/index.html", `<td>&lt;XSum&gt;</td><td class="num">7</td><td class="num">0.0730`},
		{"api/discrepancy.json", `"slice":"CNN/DM"`},
	} {
		if !bytes.Contains(files[c.page], []byte(c.want)) {
			t.Errorf("%s lacks %q", c.page, c.want)
		}
	}
}
