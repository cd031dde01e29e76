package build

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/browsertest"
)

// shownFigure is what the browser reads of one figure on the first screen.
type shownFigure struct {
	Where     string `json:"where"` // "panel", "card"
	Kind      string `json:"kind"`
	Subject   string `json:"subject"`
	Iteration string `json:"iteration"`
	Against   string `json:"against"`
	Delta     string `json:"delta"`
	CI        string `json:"ci"` // "[low, high]" in the panel, "" on cards
	// Forest is the text alternative of the panel's forest glyph, which
	// states the change as a share of the target's mean: "... (+1.64%) ...".
	Forest string `json:"forest"`
	Alpha  string `json:"alpha"`
}

// readFirstScreen collects the figures of the dashboard's verdict panel and
// cards as a reader sees them: the text of each delta and alpha, and what
// each delta says it is against.
const readFirstScreen = `(() => {
  const out = [];
  const panel = document.querySelector("section.iter-verdict");
  if (panel) {
    for (const tr of panel.querySelectorAll("tr[data-subject]")) {
      const d = tr.querySelector(".delta"), a = tr.querySelector("[data-alpha]");
      const ci = tr.querySelector("td.num .small"), g = tr.querySelector("svg.forest");
      out.push({where: "panel", kind: tr.dataset.kind, subject: tr.dataset.subject,
        iteration: panel.dataset.iteration, against: panel.dataset.against,
        delta: d ? d.firstChild.textContent : "", ci: ci ? ci.textContent : "", forest: g ? g.getAttribute("aria-label") : "", alpha: a ? a.textContent : ""});
    }
  }
  for (const card of document.querySelectorAll("article.card[data-subject]")) {
    const d = card.querySelector(".delta"), vs = card.querySelector("[data-against]"), a = card.querySelector("[data-alpha]");
    const it = card.querySelector(".value .muted");
    out.push({where: "card", kind: card.dataset.kind, subject: card.dataset.subject,
      iteration: a ? a.dataset.iteration : (it ? it.textContent.replace(/^in /, "") : ""),
      against: vs ? vs.dataset.against : "", delta: d ? d.firstChild.textContent : "",
      alpha: a ? a.textContent : ""});
  }
  const rollup = panel ? panel.querySelector(".rollup").textContent : "";
  return JSON.stringify({figures: out, rollup: rollup});
})()`

// apiComparison is the part of a comparison in site/api the test reads.
type apiComparison struct {
	Iteration string  `json:"iteration"`
	Against   string  `json:"against"`
	Subject   string  `json:"subject"`
	Kind      string  `json:"kind"`
	Delta     float64 `json:"delta"`
	CI        *struct {
		Low  float64 `json:"low"`
		High float64 `json:"high"`
	} `json:"ci"`
	Verdict  string   `json:"verdict"`
	Relative *float64 `json:"relative_change"`
}

// TestFirstScreenMatchesAPI opens the example's dashboard at phone width
// and checks every delta and alpha it shows against site/api: a delta
// labelled "vs v4" is the comparison with v4, and the alpha shown for an
// iteration is that iteration's agreement record, not the pooled one.
func TestFirstScreenMatchesAPI(t *testing.T) {
	b := browsertest.New(t, 390, 900, 60*time.Second)
	out := sharedBuild(t).dir // read only
	if err := b.Open("file://" + filepath.Join(out, "index.html")); err != nil {
		t.Fatal(err)
	}
	raw, err := browsertest.Eval[string](b, readFirstScreen)
	if err != nil {
		t.Fatal(err)
	}
	var screen struct {
		Figures []shownFigure `json:"figures"`
		Rollup  string        `json:"rollup"`
	}
	if err := json.Unmarshal([]byte(raw), &screen); err != nil {
		t.Fatal(err)
	}
	shown := screen.Figures
	comps := apiComparisons(t, out)
	alphas := apiAlphas(t, out)
	var panel, cards, withAlpha int
	for _, f := range shown {
		switch f.Where {
		case "panel":
			panel++
		case "card":
			cards++
		}
		if f.Delta != "" {
			c, ok := comps[f.Kind+" "+f.Subject+" "+f.Iteration]
			if !ok {
				t.Errorf("%s %s %s: a delta is shown but site/api has no comparison", f.Where, f.Kind, f.Subject)
				continue
			}
			if f.Against != c.Against {
				t.Errorf("%s %s: shown vs %q, the comparison is against %q", f.Where, f.Subject, f.Against, c.Against)
			}
			checkShown(t, f.Where+" "+f.Subject+" delta", f.Delta, c.Delta)
			if f.Where == "panel" && c.CI != nil {
				low, high, ok := strings.Cut(strings.Trim(f.CI, "[] "), ",")
				if !ok {
					t.Errorf("panel %s: interval %q is not [low, high]", f.Subject, f.CI)
				} else {
					checkShown(t, "panel "+f.Subject+" CI low", low, c.CI.Low)
					checkShown(t, "panel "+f.Subject+" CI high", high, c.CI.High)
				}
			}
			if f.Where == "panel" && f.Forest != "" {
				pct := relativeInLabel.FindStringSubmatch(f.Forest)
				if pct == nil || c.Relative == nil {
					t.Errorf("panel %s: glyph %q, relative_change %v", f.Subject, f.Forest, c.Relative)
				} else {
					checkShown(t, "panel "+f.Subject+" relative change", pct[1], 100**c.Relative)
				}
			}
		}
		if f.Alpha != "" {
			withAlpha++
			want, ok := alphas[f.Subject+" "+f.Iteration]
			if !ok {
				t.Errorf("%s %s: alpha shown for %q, which has no record", f.Where, f.Subject, f.Iteration)
				continue
			}
			checkShown(t, f.Where+" "+f.Subject+" alpha", f.Alpha, want)
		}
	}
	// The example's latest iteration v6 is compared with its baseline v4 on
	// 7 metrics and 2 numeric dimensions, and the label dimension tone has
	// a row too, and so has the pairwise dimension preference (v6's win
	// rate against v4); 3 metrics are headline cards; the 3 dimensions
	// have cards and panel rows with their v6 alpha.
	if panel != 11 || cards != 6 || withAlpha != 6 {
		t.Errorf("read %d panel rows, %d cards, %d alphas; want 11, 6, 6: %s", panel, cards, withAlpha, raw)
	}
	verdicts := map[string]map[string]int{}
	for _, f := range shown {
		if f.Where != "panel" {
			continue
		}
		if f.Iteration != "v6" || f.Against != "v4" {
			t.Errorf("panel row %s: %s vs %s, want v6 vs v4", f.Subject, f.Iteration, f.Against)
		}
		if c, ok := comps[f.Kind+" "+f.Subject+" "+f.Iteration]; ok {
			if verdicts[f.Kind] == nil {
				verdicts[f.Kind] = map[string]int{}
			}
			verdicts[f.Kind][c.Verdict]++
		}
	}
	// The roll-up counts the verdicts site/api gives.
	for kind, label := range map[string]string{"metric": "Metrics:", "dimension": "Humans:", "pairwise": "Side by side:"} {
		for v, n := range verdicts[kind] {
			want := strconv.Itoa(n) + " " + v
			_, part, _ := strings.Cut(screen.Rollup, label)
			if !strings.Contains(part, want) {
				t.Errorf("roll-up %q lacks %q after %q", screen.Rollup, want, label)
			}
		}
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("script errors: %s", strings.Join(errs, "; "))
	}
}

// figure finds the number in a figure's text: "+0.0125", "-557 ms",
// "α 0.508".
var figure = regexp.MustCompile(`[-+]?[0-9]+(\.[0-9]+)?`)

// relativeInLabel finds the relative change a forest glyph's label states
// in brackets after the delta: "(+1.64%)".
var relativeInLabel = regexp.MustCompile(`\(([-+]?[0-9.]+)%\)`)

// checkShown checks that text shows want to the three significant digits
// the site rounds to (never fewer integer digits).
func checkShown(t *testing.T, what, text string, want float64) {
	t.Helper()
	m := figure.FindString(strings.ReplaceAll(text, "−", "-"))
	got, err := strconv.ParseFloat(m, 64)
	if err != nil {
		t.Errorf("%s: no figure in %q", what, text)
		return
	}
	tol := 0.5
	if want != 0 {
		tol = 0.5 * math.Pow(10, math.Floor(math.Log10(math.Abs(want)))-2)
	}
	if math.Abs(got-want) > max(tol, 0.5*math.Pow(10, -6))*1.0001 {
		t.Errorf("%s: shows %q, site/api has %v", what, text, want)
	}
}

// apiComparisons reads every comparison of api/metrics.json and
// api/annotations.json, keyed "kind subject iteration".
func apiComparisons(t *testing.T, site string) map[string]apiComparison {
	t.Helper()
	out := map[string]apiComparison{}
	for _, f := range []struct{ file, list string }{{"metrics.json", "metrics"}, {"annotations.json", "dimensions"}} {
		var doc map[string]json.RawMessage
		readJSON(t, filepath.Join(site, "api", f.file), &doc)
		var subjects []struct {
			Comparisons []apiComparison `json:"comparisons"`
		}
		if err := json.Unmarshal(doc[f.list], &subjects); err != nil {
			t.Fatalf("%s: %v", f.file, err)
		}
		for _, s := range subjects {
			for _, c := range s.Comparisons {
				out[c.Kind+" "+c.Subject+" "+c.Iteration] = c
			}
		}
	}
	var pw struct {
		Comparisons []apiComparison `json:"comparisons"`
	}
	readJSON(t, filepath.Join(site, "api", "pairwise.json"), &pw)
	for _, c := range pw.Comparisons {
		out[c.Kind+" "+c.Subject+" "+c.Iteration] = c
	}
	return out
}

// apiAlphas reads the alpha of every per-iteration record of
// api/agreement.json, keyed "dimension iteration".
func apiAlphas(t *testing.T, site string) map[string]float64 {
	t.Helper()
	var doc struct {
		Records []struct {
			Dimension string   `json:"dimension"`
			Iteration string   `json:"iteration"`
			Alpha     *float64 `json:"alpha"`
		} `json:"records"`
	}
	readJSON(t, filepath.Join(site, "api", "agreement.json"), &doc)
	out := map[string]float64{}
	for _, r := range doc.Records {
		if r.Iteration != "" && r.Alpha != nil {
			out[r.Dimension+" "+r.Iteration] = *r.Alpha
		}
	}
	return out
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
