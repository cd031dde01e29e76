package render

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/evalbook/evalbook/internal/route"
	"html"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/reliability"

	"github.com/evalbook/evalbook/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const goldenDir = "testdata/golden"

// TestGolden compares every page and JSON document of the test project with
// its golden file. Run with -update after an intended change and review the
// diff.
func TestGolden(t *testing.T) {
	files := testSite(t)
	var want []string
	for name, body := range files {
		if !strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, ".json") {
			continue
		}
		want = append(want, name)
		goldenPath := filepath.Join(goldenDir, filepath.FromSlash(name))
		if *update {
			if err := os.MkdirAll(filepath.Dir(goldenPath), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(goldenPath, body, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		g, err := os.ReadFile(goldenPath)
		if err != nil {
			t.Errorf("%s: no golden file (run go test -update): %v", name, err)
			continue
		}
		if d := golden.Diff(g, body); d != "" {
			t.Errorf("%s differs from %s; run go test -update and review the diff. %s", name, goldenPath, d)
		}
	}
	var have []string
	filepath.WalkDir(goldenDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(goldenDir, p)
			have = append(have, filepath.ToSlash(rel))
		}
		return nil
	})
	for _, name := range have {
		if !slices.Contains(want, name) {
			if *update {
				os.Remove(filepath.Join(goldenDir, name))
			} else {
				t.Errorf("goldenPath file %s is no longer rendered", name)
			}
		}
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	a := testSite(t)
	for range 3 {
		b := renderTest(t, testInput())
		if len(a) != len(b) {
			t.Fatalf("two renders gave %d and %d files", len(a), len(b))
		}
		for name, body := range a {
			if !bytes.Equal(body, b[name]) {
				t.Errorf("%s differs between two renders of the same input", name)
			}
		}
	}
}

func TestPages(t *testing.T) {
	files := testSite(t)
	for _, want := range []string{
		"index.html", "404.html", "iterations/index.html", "iterations/v1.html", "iterations/v2.html",
		"iterations/v3.html", "metrics/index.html", "metrics/accuracy.html", "metrics/" + Slug("latency p95") + ".html",
		"dimensions/index.html", "dimensions/helpfulness.html", "dimensions/tone.html",
		"casestudies/index.html", "casestudies/retrieval.html", "decisions/index.html",
		"decisions/ship-v3.html", "about.html", "api/metrics.json", "api/annotations.json",
	} {
		if _, ok := files[want]; !ok {
			t.Errorf("no %s", want)
		}
	}
}

// hrefs finds the values of href and src attributes.
var hrefs = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)

// TestLinksResolve checks that every relative link of every page names a
// file of the site, resolved from the page's folder; 404.html links from
// the path of the base URL.
func TestLinksResolve(t *testing.T) {
	t.Parallel() // renders of its own inputs only
	noReport := testInput()
	noReport.Reliability, noReport.Alerts = reliability.Report{}, nil
	noDisc := testInput()
	noDisc.Discrepancy = discrepancy.Report{}
	for _, in := range []Input{testInput(), emptyInput(), noReport, noDisc} {
		files := renderTest(t, in)
		checked := 0
		for name, body := range files {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			for _, m := range hrefs.FindAllSubmatch(body, -1) {
				link := html.UnescapeString(string(m[1]))
				if link == "" || strings.HasPrefix(link, "#") || isURL(link) {
					continue
				}
				target, _, _ := strings.Cut(link, "#")
				target, _, _ = strings.Cut(target, "?")
				var resolved string
				if strings.HasPrefix(target, "/") {
					base := "/proj/"
					if in.Config.BaseURL == "" {
						base = "/"
					}
					if name != "404.html" || !strings.HasPrefix(target, base) {
						t.Errorf("%s: root-relative link %q", name, link)
						continue
					}
					resolved = strings.TrimPrefix(target, base)
				} else {
					resolved = path.Join(path.Dir(name), target)
				}
				if strings.HasSuffix(target, "/") {
					t.Errorf("%s: link %q names a folder", name, link)
				}
				if _, ok := files[resolved]; !ok {
					t.Errorf("%s: link %q resolves to %s, which the site does not have", name, link, resolved)
				}
				checked++
			}
		}
		if checked < 50 && len(in.Project.Iterations) > 0 {
			t.Errorf("checked only %d links; the link pattern misses links", checked)
		}
	}
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, "mailto:")
}

// external finds scripts, style sheets and images loaded from elsewhere.
var external = regexp.MustCompile(`(?i)<(?:script[^>]*\ssrc|img[^>]*\ssrc|link[^>]*rel="stylesheet"[^>]*\shref)="(?:https?:)?//`)

func TestNoExternalResources(t *testing.T) {
	files := testSite(t)
	for name, body := range files {
		if strings.HasSuffix(name, ".html") && external.Match(body) {
			t.Errorf("%s loads a script, style sheet or image from another site: %s", name, external.Find(body))
		}
	}
	if !external.MatchString(`<script src="https://cdn.example/x.js">`) {
		t.Error("the pattern misses an external script")
	}
}

func TestPagesLoadEchartsOnlyWithCharts(t *testing.T) {
	files := testSite(t)
	for name, body := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		loads := bytes.Contains(body, []byte(`<script defer src="`)) && bytes.Contains(body, []byte("assets/vendor/echarts.min."))
		themed := bytes.Contains(body, []byte("assets/charts."))
		draws := bytes.Contains(body, []byte(`<script type="application/json" data-chart="`))
		if draws && !(loads && themed) {
			t.Errorf("%s draws a chart but does not load echarts and charts.js, deferred", name)
		}
		if (loads || themed) && !draws {
			t.Errorf("%s loads echarts or charts.js but draws no chart", name)
		}
	}
	for _, name := range []string{"metrics/accuracy.html", "dimensions/helpfulness.html", "dimensions/tone.html"} {
		if !bytes.Contains(files[name], []byte("assets/vendor/echarts.min.")) {
			t.Errorf("%s has no chart", name)
		}
	}
	// Sparklines are inline SVG: the dashboard and the metric index load
	// no script for them, only keys.js (the "/" key), as every page does.
	keys := regexp.MustCompile(`<script defer src="(?:\.\./)*assets/keys\.[0-9a-f]{8}\.js"></script>`)
	for _, name := range []string{"index.html", "metrics/index.html"} {
		rest := keys.ReplaceAll(files[name], nil)
		if bytes.Contains(rest, []byte("<script")) || !bytes.Contains(files[name], []byte(`<svg class="spark"`)) {
			t.Errorf("%s: want SVG sparklines and no script but keys.js", name)
		}
	}
}

// TestKeysOnEveryPage checks that every page loads keys.js, deferred, and
// that it stays a small script (the design keeps pages light: under 1 KB),
// and that every page but search.html has the navigation's search form.
func TestKeysOnEveryPage(t *testing.T) {
	files := testSite(t)
	keys := regexp.MustCompile(`<script defer src="(?:\.\./)*(assets/keys\.[0-9a-f]{8}\.js)"></script>`)
	for name, body := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		m := keys.FindSubmatch(body)
		if m == nil {
			t.Errorf("%s does not load keys.js", name)
			continue
		}
		if js, ok := files[string(m[1])]; !ok || len(js) == 0 || len(js) > 1024 {
			t.Errorf("%s: keys.js missing or %d bytes, want at most 1,024", name, len(js))
		}
		form := bytes.Contains(body, []byte(`<form class="nav-search" role="search"`)) && bytes.Contains(body, []byte(`id="nav-q" name="q"`))
		if form == (name == "search.html") {
			t.Errorf("%s: navigation search form present %v; want it on every page but search.html", name, form)
		}
	}
}

func TestUntrustedTextIsEscaped(t *testing.T) {
	files := testSite(t)
	for name, body := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, raw := range []string{`<script>alert(`, "<em>us</em>", "<b>prompt</b>", "<Site>", "<p95>"} {
			if bytes.Contains(body, []byte(raw)) {
				t.Errorf("%s contains %q unescaped", name, raw)
			}
		}
		if bytes.Contains(body, []byte("NaN")) {
			t.Errorf("%s shows NaN", name)
		}
	}
	for name, want := range map[string]string{
		"about.html":         "About &lt;em&gt;us&lt;/em&gt;",
		"iterations/v2.html": "Rewrite the &lt;b&gt;prompt&lt;/b&gt; &amp; shorten it.",
		"iterations/v3.html": "Retrieval. &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;",
		"index.html":         "Test &lt;Site&gt; &amp; Co",
	} {
		if !bytes.Contains(files[name], []byte(want)) {
			t.Errorf("%s lacks the escaped text %q", name, want)
		}
	}
	// The Markdown body is trusted HTML and is written as it is.
	if !bytes.Contains(files["casestudies/retrieval.html"], []byte(`<h2 id="why">Why</h2>`)) {
		t.Error("the case study's Markdown body was not written as HTML")
	}
}

func TestFigures(t *testing.T) {
	files := testSite(t)
	slug := Slug("latency p95")
	for _, c := range []struct{ page, want string }{
		// accuracy in v3: +0.15 against v2, good, as higher is better.
		{"iterations/v3.html", `<span class="delta good">+0.150<span class="sr"> (better)</span></span>`},
		// latency rose by 64.4 ms: bad, as lower is better.
		{"iterations/v3.html", `<span class="delta bad">+64.4 ms<span class="sr"> (worse)</span></span>`},
		{"metrics/" + slug + ".html", "1264 ms"},
		{"metrics/accuracy.html", "[0.620, 0.780]"},
		// One value: no SD, no CI.
		{"metrics/" + slug + ".html", `<td class="num">n/a</td>`},
		{"dimensions/tone.html", "(no iteration)"},
		{"dimensions/tone.html", "66.7%"},
		{"index.html", `<span class="big">appropriate</span> <span class="muted">66.7% of ratings</span>`},
		{"decisions/ship-v3.html", `<a href="../casestudies/retrieval.html">Retrieval</a>`},
		{"decisions/ship-v3.html", `<a href="../iterations/v3.html#metrics">Iteration v3</a>`},
		{"decisions/ship-v3.html", `<li>missing.md</li>`},
		{"casestudies/retrieval.html", `<a href="../metrics/accuracy.html">Accuracy</a>, no_such_metric`},
		{"iterations/v3.html", `<a href="../decisions/ship-v3.html">Ship v3</a>`},
		{"iterations/v2.html", `rel="prev" href="../iterations/v1.html"`},
		{"iterations/v2.html", `rel="next" href="../iterations/v3.html"`},
		{"index.html", `<a href="about.html">About &lt;em&gt;us&lt;/em&gt;</a>`},
		// 404.html links from the site root and finds it by script, the
		// path of baseURL first.
		{"404.html", `<a href="index.html">Go to the dashboard</a>`},
		{"404.html", `data-base="/proj/"`},
		{"metrics/accuracy.html", `<link rel="canonical" href="https://example.org/proj/metrics/accuracy.html">`},
	} {
		if !bytes.Contains(files[c.page], []byte(c.want)) {
			t.Errorf("%s lacks %q", c.page, c.want)
		}
	}
}

func TestNavMarksCurrentPage(t *testing.T) {
	files := testSite(t)
	for page, want := range map[string]string{
		"index.html":             `href="index.html" aria-current="page">Dashboard`,
		"iterations/v1.html":     `href="../iterations/index.html" aria-current="page">Iterations`,
		"decisions/ship-v3.html": `href="../decisions/index.html" aria-current="page">Decisions`,
		"about.html":             `href="about.html" aria-current="page">About`,
		"dimensions/tone.html":   `href="../dimensions/index.html" aria-current="page">Human ratings`,
		"casestudies/index.html": `href="../casestudies/index.html" aria-current="page">Case studies`,
	} {
		body := files[page]
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("%s: nav lacks %q", page, want)
		}
		// Once in the nav bar and once in the small screens' menu.
		if n := bytes.Count(body, []byte(`aria-current="page"`)); n != 2 {
			t.Errorf("%s: %d nav entries marked current; want 2", page, n)
		}
		_, title, _ := strings.Cut(want, `aria-current="page">`)
		if !bytes.Contains(body, []byte(`<span class="menu-current">`+title)) {
			t.Errorf("%s: the menu's summary does not name the current section %q", page, title)
		}
	}
}

func TestFooterHasNoTimeOrVersion(t *testing.T) {
	files := testSite(t)
	body := string(files["index.html"])
	i := strings.Index(body, `<footer class="site">`)
	if i < 0 {
		t.Fatal("no footer")
	}
	footer := body[i:]
	if !strings.Contains(footer, "built with evalbook") {
		t.Errorf("footer %q lacks \"built with evalbook\"", footer)
	}
	if regexp.MustCompile(`\d{4}-\d\d-\d\d|\d+\.\d+\.\d+`).MatchString(footer) {
		t.Errorf("footer %q holds a date or version", footer)
	}
}

func TestJSON(t *testing.T) {
	files := testSite(t)
	var m struct {
		SchemaVersion int `json:"schema_version"`
		Iterations    []struct {
			ID   string  `json:"id"`
			Date *string `json:"date"`
			Page string  `json:"page"`
		} `json:"iterations"`
		Metrics []struct {
			Metric, Label, Unit, Direction, Page string
			Points                               []map[string]any
		} `json:"metrics"`
	}
	body := files["api/metrics.json"]
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("metrics.json: %v", err)
	}
	if m.SchemaVersion != 1 || len(m.Iterations) != 3 || len(m.Metrics) != 2 {
		t.Fatalf("metrics.json: schema %d, %d iterations, %d metrics; want 1, 3, 2", m.SchemaVersion, len(m.Iterations), len(m.Metrics))
	}
	if m.Iterations[2].Date != nil || *m.Iterations[0].Date != "2026-01-10" {
		t.Errorf("iteration dates: %v, %v", *m.Iterations[0].Date, m.Iterations[2].Date)
	}
	lat := m.Metrics[1]
	if lat.Label != "Latency <p95>" || lat.Unit != "ms" || lat.Direction != "lower" || lat.Page != "metrics/"+Slug("latency p95")+".html" {
		t.Errorf("latency metric: %+v", lat)
	}
	if len(lat.Points) != 2 || lat.Points[0]["sd"] != nil || lat.Points[1]["delta_prev"] != 64.4 {
		t.Errorf("latency points: %v", lat.Points)
	}
	for _, page := range []string{lat.Page, m.Iterations[0].Page} {
		if _, ok := files[page]; !ok {
			t.Errorf("JSON names page %s, which the site lacks", page)
		}
	}
	var a struct {
		Dimensions []struct {
			Dimension string
			Raters    []string
			Min       *float64
			Points    []struct {
				Iteration    string `json:"iteration"`
				Distribution []struct{ Value string }
			}
		}
	}
	if err := json.Unmarshal(files["api/annotations.json"], &a); err != nil {
		t.Fatalf("annotations.json: %v", err)
	}
	if len(a.Dimensions) != 2 || strings.Join(a.Dimensions[0].Raters, ",") != "ann,bob,cy" || *a.Dimensions[0].Min != 1 {
		t.Errorf("annotations.json dimensions: %+v", a.Dimensions)
	}
	if p := a.Dimensions[1].Points[0]; p.Iteration != "" || len(p.Distribution) != 2 {
		t.Errorf("tone's first point: %+v", p)
	}
	for _, name := range []string{"api/metrics.json", "api/annotations.json"} {
		if bytes.Contains(files[name], []byte("NaN")) || !json.Valid(files[name]) {
			t.Errorf("%s is not valid JSON without NaN", name)
		}
		if !bytes.HasPrefix(files[name], []byte(`{"schema_version":1,`)) {
			t.Errorf("%s does not open with the schema version", name)
		}
	}
	for name, body := range files {
		if !strings.HasPrefix(name, "api/") || !strings.HasSuffix(name, ".json") {
			continue
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, body); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if compact.WriteByte('\n'); !bytes.Equal(compact.Bytes(), body) {
			t.Errorf("%s is not compact JSON with one final newline", name)
		}
	}
}

func emptyInput() Input {
	return Input{Config: testConfig(), Project: &project.Project{}, Templates: testTemplates()}
}

func TestEmptyProject(t *testing.T) {
	files := renderTest(t, emptyInput())
	pages, err := route.Site{}.Pages()
	if err != nil {
		t.Fatal(err)
	}
	for _, pg := range pages {
		if _, ok := files[pg.Path]; !ok {
			t.Errorf("empty project lacks %s", pg.Path)
		}
	}
	if !bytes.Contains(files["index.html"], []byte("No iterations yet")) {
		t.Error("empty dashboard does not say there is no data")
	}
	var m map[string]any
	if err := json.Unmarshal(files["api/metrics.json"], &m); err != nil || fmt.Sprint(m["metrics"]) != "[]" {
		t.Errorf("empty metrics.json: %v, metrics = %v", err, m["metrics"])
	}
	if _, err := Render(Input{Templates: testTemplates()}); err != nil {
		t.Errorf("Render with nil config and project: %v", err)
	}
}

func TestContentPageCannotReplaceGeneratedPage(t *testing.T) {
	for _, slug := range []string{"index", "metrics/index", "iterations/v1", "decisions/index"} {
		in := testInput()
		in.Project.Pages = append(in.Project.Pages, project.Document{Kind: project.Page, Source: "content/x.md", Slug: slug})
		_, err := Render(in)
		if err == nil || !strings.Contains(err.Error(), "content/x.md") {
			t.Errorf("page with slug %q: error %v; want one naming content/x.md", slug, err)
		}
	}
}

func TestProjectTemplateOverridesPartial(t *testing.T) {
	in := testInput()
	in.Templates = Overlay(fstest.MapFS{
		"partials/footer.html":         {Data: []byte(`{{define "footer"}}<footer>Our own footer for {{.Site.Title}}</footer>{{end}}`)},
		"assets/vendor/echarts.min.js": {Data: []byte("/* stand-in */")},
		"assets/extra.css":             {Data: []byte("body{}")},
	}, testTemplates())
	files := renderTest(t, in)
	for name, body := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		if !bytes.Contains(body, []byte("<footer>Our own footer for Test &lt;Site&gt; &amp; Co</footer>")) {
			t.Errorf("%s does not use the project's footer", name)
		}
		if bytes.Contains(body, []byte("built with evalbook")) {
			t.Errorf("%s still has the default footer", name)
		}
	}
	if _, ok := files[hashedName("assets/extra.css", []byte("body{}"))]; !ok {
		t.Error("an asset the project adds is not copied")
	}
}

func TestTemplateErrors(t *testing.T) {
	for _, c := range []struct {
		name, file, src, want string
	}{
		{"syntax", "pages/metric.html", `{{define "content"}}{{if}}{{end}}`, "metric.html:1"},
		{"unknown asset", "partials/footer.html", `{{define "footer"}}{{.Asset "nope.css"}}{{end}}`, `no asset "nope.css"`},
		{"no base", "layout/base.html", `{{define "other"}}{{end}}`, `defines no "base"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := testInput()
			in.Templates = Overlay(fstest.MapFS{c.file: {Data: []byte(c.src)}}, testTemplates())
			_, err := Render(in)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Render error = %v; want one containing %q", err, c.want)
			}
		})
	}
}

// chartCanvasRE finds the element of every ECharts chart and every SVG
// chart with its label.
var chartLabelRE = regexp.MustCompile(`<(?:div class="chart-canvas"|svg class="spark")[^>]*>`)

// TestChartsHaveSummaries checks that every chart of every page is an
// image to assistive technology with a text summary, and some of the
// summaries' figures.
func TestChartsHaveSummaries(t *testing.T) {
	files := testSite(t)
	n := 0
	for name, body := range files {
		for _, tag := range chartLabelRE.FindAll(body, -1) {
			n++
			if !bytes.Contains(tag, []byte(`role="img"`)) || !regexp.MustCompile(`aria-label="[^"]{20,}"`).Match(tag) {
				t.Errorf("%s: chart without role img and a summary: %s", name, tag)
			}
		}
	}
	if n == 0 {
		t.Fatal("no charts found")
	}
	for page, want := range map[string]string{
		"metrics/accuracy.html": `aria-label="Accuracy, mean by iteration, v1 to v3: from 0.600 to 0.700, lowest 0.550 in v2, highest 0.700 in v3`,
		"index.html":            `<title>Accuracy, mean by iteration, v1 to v3: from 0.600 to 0.700, lowest 0.550 in v2, highest 0.700 in v3`,
	} {
		if !bytes.Contains(files[page], []byte(want)) {
			t.Errorf("%s lacks %q", page, want)
		}
	}
}

// TestScrollRegions checks that table scroll boxes become focusable
// regions named by the table's caption, else the heading above, else
// "Table".
func TestScrollRegions(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<h2 id="x">Rater <em>drift</em> &amp; more</h2><p>t</p><div class="scroll"><table><tr></tr></table></div>`,
			`<h2 id="x">Rater <em>drift</em> &amp; more</h2><p>t</p><div class="scroll" tabindex="0" role="region" aria-label="Table: Rater drift &amp; more"><table><tr></tr></table></div>`},
		{`<h2>A</h2><div class="scroll"><table class="c">
<caption>Pairs  of
raters</caption></table></div><h3>B</h3><div class="scroll"><table></table></div>`,
			`<h2>A</h2><div class="scroll" tabindex="0" role="region" aria-label="Table: Pairs of raters"><table class="c">
<caption>Pairs  of
raters</caption></table></div><h3>B</h3><div class="scroll" tabindex="0" role="region" aria-label="Table: B"><table></table></div>`},
		{`<div class="scroll"><table></table></div>`, `<div class="scroll" tabindex="0" role="region" aria-label="Table"><table></table></div>`},
		{`<p>no tables</p>`, `<p>no tables</p>`},
	}
	for _, tt := range tests {
		if got := string(scrollRegions([]byte(tt.in))); got != tt.want {
			t.Errorf("scrollRegions(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
	files := testSite(t)
	for name, body := range files {
		if bytes.Contains(body, []byte(`<div class="scroll">`)) {
			t.Errorf("%s has a scroll box that is not a focusable region", name)
		}
	}
}

// TestScrollRegionsGolden takes the scroll boxes' attributes off every
// golden page and checks that scrollRegions puts back exactly those
// (the goldens were written by the whole-page heading search that
// lastHeading replaced).
func TestScrollRegionsGolden(t *testing.T) {
	attrs := regexp.MustCompile(`<div class="scroll" tabindex="0" role="region" aria-label="[^"]*">`)
	var pages []string
	err := filepath.WalkDir(goldenDir, func(f string, _ fs.DirEntry, err error) error {
		if strings.HasSuffix(f, ".html") {
			pages = append(pages, f)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	boxes := 0
	for _, f := range pages {
		want, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		boxes += len(attrs.FindAll(want, -1))
		bare := attrs.ReplaceAll(want, scrollOpen)
		if got := scrollRegions(bare); !bytes.Equal(got, want) {
			t.Errorf("%s: scrollRegions does not give back the golden page. %s", f, golden.Diff(want, got))
		}
	}
	t.Logf("%d scroll boxes in %d golden pages", boxes, len(pages))
	if boxes < 20 {
		t.Fatalf("only %d scroll boxes in %d golden pages", boxes, len(pages))
	}
}

// TestCaptionOf checks captionOf against captionRE run over the whole
// rest of the page, on tables with and without captions.
func TestCaptionOf(t *testing.T) {
	for _, in := range []string{
		"\n<table>\n<caption>Rates</caption><tr></tr></table><caption>no</caption>",
		" \t<table class=\"x\"><caption class=\"c\">A <em>b</em>\nc</caption></table>",
		"<table><thead><tr><th>x</th></tr></thead></table><caption>later</caption>",
		"<p>no table</p><table><caption>x</caption></table>",
		"<table><caption>open",
		"<table",
		"",
		"<tablex><caption></caption>",
		"\v<table><caption>vertical tab</caption>",
	} {
		var want []byte
		if m := captionRE.FindSubmatch([]byte(in)); m != nil {
			want = m[1]
		}
		if got := captionOf([]byte(in)); !bytes.Equal(got, want) || (got == nil) != (want == nil) {
			t.Errorf("captionOf(%q) = %q, want %q", in, got, want)
		}
	}
}
