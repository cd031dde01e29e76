package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/evalbook/evalbook/internal/browsertest"
)

// TestContentSecurityPolicyInBrowser opens pages of the built example from
// the file system, under the Content-Security-Policy every page carries,
// and checks that none reports a policy violation, a console message or a
// script error, that every chart drew (a canvas with a size), and that
// search answers. A page given an inline script must report a violation
// and not run it: the policy is in force, and the listener hears it.
func TestContentSecurityPolicyInBrowser(t *testing.T) {
	b := browsertest.New(t, 1280, 1000, 120*time.Second)
	if err := b.WatchViolations(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	buildExample(t, out)

	pages := []struct {
		page   string
		charts int // at least this many drawn charts
	}{
		{"index.html", 0},
		{"iterations/v2.html", 0},
		{"metrics/answer_accuracy.html", 1},
		{"dimensions/helpfulness.html", 1},
		{"discrepancy/rouge_l/helpfulness.html", 2},
		{"timeline.html", 1},
		{"alerts.html", 0},
		{"items/g01.html", 0},
		{"pairwise/preference.html", 0},
		{"search.html?q=grounding", 0},
		{"404.html", 0},
	}
	for _, p := range pages {
		if err := b.Open("file://" + filepath.Join(out, filepath.FromSlash(p.page))); err != nil {
			t.Fatalf("%s: %v", p.page, err)
		}
		if strings.HasPrefix(p.page, "search.html") {
			if err := chromedp.Do(b.Ctx, chromedp.WaitVisible("#search-results li")); err != nil {
				t.Errorf("%s: no search results: %v", p.page, err)
			}
		}
		charts, err := browsertest.Eval[int](b, `document.querySelectorAll('script[type="application/json"][data-chart]').length`)
		if err != nil {
			t.Fatalf("%s: %v", p.page, err)
		}
		drawn, err := browsertest.Eval[int](b, `Array.from(document.querySelectorAll("[_echarts_instance_] canvas")).filter(c => c.width > 0 && c.height > 0 && c.getBoundingClientRect().width > 100).length`)
		if err != nil {
			t.Fatalf("%s: %v", p.page, err)
		}
		policy, err := browsertest.Eval[string](b, `(document.querySelector('meta[http-equiv="Content-Security-Policy"]') || {}).content || ""`)
		if err != nil {
			t.Fatalf("%s: %v", p.page, err)
		}
		violations, err := b.Violations()
		if err != nil {
			t.Fatalf("%s: %v", p.page, err)
		}
		if !strings.Contains(policy, "script-src 'self'") {
			t.Errorf("%s: policy %q does not limit scripts to the site's own", p.page, policy)
		}
		for _, v := range violations {
			t.Errorf("%s: policy violation: %s", p.page, v)
		}
		for _, m := range b.Console() {
			t.Errorf("%s: console: %s", p.page, m)
		}
		for _, e := range b.Errors() {
			t.Errorf("%s: script error: %s", p.page, e)
		}
		if charts < p.charts || drawn < charts {
			t.Errorf("%s: %d charts, %d drew a canvas; want at least %d, all drawn", p.page, charts, drawn, p.charts)
		}
	}

	// The control: the same metric page with an inline script.
	metric, err := os.ReadFile(filepath.Join(out, "metrics", "answer_accuracy.html"))
	if err != nil {
		t.Fatal(err)
	}
	evil := strings.Replace(string(metric), "</main>", `<script>document.title = "ran";</script></main>`, 1)
	file := filepath.Join(out, "metrics", "inline.html")
	if err := os.WriteFile(file, []byte(evil), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := b.Open("file://" + file); err != nil {
		t.Fatal(err)
	}
	title, err := browsertest.Eval[string](b, `document.title`)
	if err != nil {
		t.Fatal(err)
	}
	violations, err := b.Violations()
	if err != nil {
		t.Fatal(err)
	}
	if title == "ran" || len(violations) != 1 || !strings.HasPrefix(violations[0], "script-src") {
		t.Errorf("an inline script ran (title %q) or was not reported once: %q", title, violations)
	}
	b.Console()
	b.Errors()
}
