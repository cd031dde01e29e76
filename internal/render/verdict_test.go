package render

import (
	"strconv"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
)

// TestVerdictPanel checks the verdict panel of the fixture's latest
// iteration, v3 against its baseline v1, on the dashboard and on v3's page.
func TestVerdictPanel(t *testing.T) {
	r, err := newRenderer(testInput())
	if err != nil {
		t.Fatal(err)
	}
	v, err := newVerdictPanel(r.iterBy["v3"], verdictInputsOf(r))
	if err != nil {
		t.Fatal(err)
	}
	if v == nil || v.Against != "v1" || v.Target != "baseline" || v.AgainstIt == nil {
		t.Fatalf("panel = %+v, want v3 against its baseline v1", v)
	}
	if got := len(v.Metrics); got != 2 {
		t.Errorf("%d metric rows, want 2 (accuracy, latency p95)", got)
	}
	// Helpfulness is compared; tone has no ratings in v3 and no row.
	if len(v.Humans) != 1 || v.Humans[0].Comp == nil || v.Humans[0].Rel == nil {
		t.Errorf("human rows = %+v, want helpfulness compared, with its record", v.Humans)
	}
	want := rollup{Metrics: "1 better, 1 no change", Humans: "1 no change",
		Raters: "ratings tentative (lowest α 0.700 < 0.800)", RatersClass: "status-tentative"}
	if v.Rollup != want {
		t.Errorf("rollup = %+v, want %+v", v.Rollup, want)
	}
	if v.Decision == nil || v.Decision.Meta.Title != "Ship v3" {
		t.Errorf("decision = %v, want Ship v3", v.Decision)
	}
	// Accuracy rose by 0.1 on a mean of 0.6 (+16.7%, better, right of
	// zero); latency, lower is better, rose by 64.4 ms on 1200 (worse, so
	// left of zero though the delta is positive).
	acc, lat := v.Metrics[0], v.Metrics[1]
	if acc.Relative == nil || !near(*acc.Relative, 0.1/0.6) {
		t.Errorf("accuracy relative = %v, want %v", acc.Relative, 0.1/0.6)
	}
	if lat.Relative == nil || !near(*lat.Relative, -64.4/1200) {
		t.Errorf("latency relative = %v, want %v (oriented: worse is negative)", lat.Relative, -64.4/1200)
	}
	if cx := attrNum(t, string(acc.Forest), "circle", "cx"); cx <= 80 || !strings.Contains(string(acc.Forest), `class="forest good"`) {
		t.Errorf("accuracy glyph not right of zero in good colour: %s", acc.Forest)
	}
	if cx := attrNum(t, string(lat.Forest), "circle", "cx"); cx >= 80 {
		t.Errorf("latency glyph cx = %v, want left of zero (80): %s", cx, lat.Forest)
	}
	if !v.Targets || !v.Limits {
		t.Errorf("legend flags = %v, %v; the fixture has minimum effects and a regression limit", v.Targets, v.Limits)
	}

	files := testSite(t)
	for _, page := range []string{"index.html", "iterations/v3.html"} {
		html := string(files[page])
		for _, s := range []string{
			`<h2 id="verdict">`,
			`<strong>Metrics:</strong> 1 better, 1 no change`,
			`<th scope="col" class="num">Δ vs v1</th>`,
			`aria-label="Latency &lt;p95&gt;: +64.4 ms vs v1 (+5.37%), 95% CI [-10.0, 140] ms, no change"`,
			`Ship v3</a>`,
		} {
			if !strings.Contains(html, s) {
				t.Errorf("%s lacks %q", page, s)
			}
		}
	}
	// Cards name what their delta is against, and so do the iteration's
	// rating rows.
	for page, s := range map[string]string{
		"index.html":         `<span class="delta good">+0.100<span class="sr"> (better)</span></span> <span class="muted" data-against="v1">vs v1</span>`,
		"iterations/v3.html": `<th scope="col" class="num">Δ vs v1</th><th scope="col" class="num">α in v3</th>`,
	} {
		if !strings.Contains(string(files[page]), s) {
			t.Errorf("%s lacks %q", page, s)
		}
	}
	// The first iteration has nothing to be compared with: no panel.
	if strings.Contains(string(files["iterations/v1.html"]), `id="verdict"`) {
		t.Error("v1, with no target, has a verdict panel")
	}
}

func TestSignedPct(t *testing.T) {
	for x, want := range map[float64]string{0.0125: "+1.25%", -0.2: "-20%", 0: "0%", 1e-9: "0%", 0.16666: "+16.7%", -1.5: "-150%", 2.5e-5: "+0.0025%"} {
		if got := signedPct(x); got != want {
			t.Errorf("signedPct(%v) = %q, want %q", x, got, want)
		}
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

// attrNum returns the number in attribute name of the first tag element
// in s.
func attrNum(t *testing.T, s, tag, name string) float64 {
	t.Helper()
	i := strings.Index(s, "<"+tag+" ")
	j := strings.Index(s[max(i, 0):], " "+name+`="`)
	if i < 0 || j < 0 {
		t.Fatalf("no %s in <%s> of %s", name, tag, s)
	}
	s = s[i+j+len(name)+3:]
	x, err := strconv.ParseFloat(s[:strings.IndexByte(s, '"')], 64)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestDecisionOf(t *testing.T) {
	doc := func(title, decision string, iters ...string) *docView {
		return &docView{Document: &project.Document{Kind: project.Decision,
			Meta: project.FrontMatter{Title: title, Decision: decision, Iterations: iters}}}
	}
	guidelines := doc("Guidelines", "change-guidelines", "v3", "v4", "v5")
	rollback := doc("Roll back v5", "rollback", "v5", "v4")
	ship3 := doc("Ship v3", "ship", "v3")
	ship4 := doc("Ship v4", "ship", "v4")
	page := &docView{Document: &project.Document{Kind: project.Page, Meta: project.FrontMatter{Title: "Retro", Iterations: []string{"v6"}}}}
	byIter := map[string][]*docView{ // newest first
		"v3": {guidelines, ship3},
		"v4": {guidelines, rollback, ship4},
		"v5": {guidelines, rollback},
		"v6": {page},
	}
	for id, want := range map[string]*docView{"v3": ship3, "v4": ship4, "v5": rollback, "v6": nil, "v7": nil} {
		if got := decisionOf(byIter, id); got != want {
			t.Errorf("decisionOf(%s) = %v, want %v", id, got, want)
		}
	}
}
