package render

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/project"
)

// triageInput is the test project with alerts made for the triage: in the
// latest iteration v3 a reliability error, a regression raised twice (an
// error and a warning: one finding) and an info; a pooled reliability
// warning; in v2 eight calibration warnings (one group, folded after five)
// and a decision to roll v2 back; in v1 a threshold error.
func triageInput() Input {
	in := testInput()
	in.Reliability.Alerts = nil
	in.Alerts = []alert.Alert{
		{Kind: "reliability", Severity: alert.Error, Subject: alert.Dimension("helpfulness"), Iteration: "v3", Message: "help v3 unreliable"},
		{Kind: "regression", Severity: alert.Warning, Subject: alert.Metric("accuracy"), Iteration: "v3", Message: "accuracy fell significantly"},
		{Kind: "regression", Severity: alert.Error, Subject: alert.Metric("accuracy"), Iteration: "v3", Message: "accuracy fell beyond its limit"},
		{Kind: "validity", Severity: alert.Info, Subject: alert.Pair("accuracy", "helpfulness"), Iteration: "v3", Message: "explained"},
		{Kind: "reliability", Severity: alert.Warning, Subject: alert.Dimension("helpfulness"), Message: "help pooled tentative"},
		{Kind: "threshold", Severity: alert.Error, Subject: alert.Metric("accuracy"), Iteration: "v1", Message: "accuracy below its floor"},
	}
	for i := range 8 {
		in.Alerts = append(in.Alerts, alert.Alert{Kind: "calibration", Severity: alert.Warning,
			Subject: alert.Rater(fmt.Sprintf("r%d", i), "helpfulness"), Iteration: "v2", Message: fmt.Sprintf("rater r%d drifts", i)})
	}
	in.Project.Pages = append(in.Project.Pages, project.Document{
		Kind: project.Decision, Source: "content/decisions/rollback-v2.md", Slug: "decisions/rollback-v2",
		Meta: project.FrontMatter{Title: "Roll back v2", Date: day("2026-01-22"), Iterations: []string{"v2"}, Decision: "rollback"},
	})
	return in
}

// alertOrder finds the messages of the alerts of a page in document order.
var alertOrder = regexp.MustCompile(`data-severity="(\w+)">.*?(?:<a href="[^"]*">)?([^<>]+)(?:</a>)?</(?:div|li)>`)

// messages returns the severity and message of every alert in html, in order.
func messages(html string) []string {
	var out []string
	for _, m := range alertOrder.FindAllStringSubmatch(html, -1) {
		out = append(out, m[1]+" "+strings.TrimSpace(m[2]))
	}
	return out
}

func TestAlertsPageTriage(t *testing.T) {
	files := renderTest(t, triageInput())
	page := string(files["alerts.html"])

	// Latest first (groups by their most severe alert, then kind; the
	// pooled alert in its kind's group), then v2, then v1; the regression's
	// two alerts are one finding, the error shown and the warning folded
	// under it.
	want := []string{
		"error accuracy fell beyond its limit", "warning accuracy fell significantly",
		"error help v3 unreliable", "warning help pooled tentative",
		"info explained",
		"warning rater r0 drifts", "warning rater r1 drifts", "warning rater r2 drifts", "warning rater r3 drifts",
		"warning rater r4 drifts", "warning rater r5 drifts", "warning rater r6 drifts", "warning rater r7 drifts",
		"error accuracy below its floor",
	}
	if got := messages(page); !slices.Equal(got, want) {
		t.Errorf("alerts in order\n%q\nwant\n%q", got, want)
	}
	for _, c := range []struct{ name, want string }{
		{"the latest iteration heads the page", `<h2 id="alerts-v3-h">About <a href="iterations/v3.html">v3</a>, the latest iteration <span class="muted small" data-counts>2 errors, 2 warnings, 1 info</span></h2>`},
		{"its decision is shown", `Decided: <a href="decisions/ship-v3.html">Ship v3</a> <span class="tag">ship</span>`},
		{"a pooled alert is marked", `<span class="tag subject" title="dimension helpfulness">Helpfulness</span> <span class="tag">all iterations</span> help pooled tentative`},
		{"duplicates are folded under the finding", `<details class="also" data-alerts><summary>1 more alert about this finding</summary>`},
		{"a group counts its alerts", `<span class="kind">reliability</span> <span class="muted small" data-counts="total">2 alerts: 1 error, 1 warning</span>`},
		{"an older iteration is folded with its counts and decision", `<details class="alert-section" id="alerts-v2" data-alerts>
<summary><strong>v2</strong> — <span data-counts>8 warnings</span> <span class="decided">· decided: rollback — Roll back v2</span></summary>`},
		{"the decision links from the fold", `Decided: <a href="decisions/rollback-v2.html">Roll back v2</a> <span class="tag">rollback</span>`},
		{"a large group shows five and folds the rest", `<details class="more" data-alerts><summary>and 3 more</summary>`},
		{"v1 has no decision", `<summary><strong>v1</strong> — <span data-counts>1 error</span></summary>`},
		{"the subject's label is a tag", `<span class="tag subject" title="rater r7 on helpfulness">rater r7 on Helpfulness</span>`},
		{"the filters list iterations newest first, pooled last", `<option value="*">all</option>
<option value="v3">v3</option>
<option value="v2">v2</option>
<option value="v1">v1</option>
<option value="">all iterations pooled</option>`},
		{"the script is deferred", `.js" defer></script>`},
	} {
		if !strings.Contains(page, c.want) {
			t.Errorf("%s: alerts.html lacks %q", c.name, c.want)
		}
	}
	// The fifth calibration finding is the last shown; the sixth is folded.
	shown, more := strings.Index(page, "rater r4 drifts"), strings.Index(page, "and 3 more")
	if folded := strings.Index(page, "rater r5 drifts"); !(shown < more && more < folded) {
		t.Errorf("r4 at %d, the fold at %d, r5 at %d: want r5 folded after r4", shown, more, folded)
	}
	// Every alert carries the attributes the filters read.
	if n := strings.Count(page, `data-severity="`); n != 14 {
		t.Errorf("alerts.html has %d alerts with data attributes, want 14", n)
	}
}

func TestDashboardAlerts(t *testing.T) {
	files := renderTest(t, triageInput())
	dash := string(files["index.html"])
	panel := dash[strings.Index(dash, `<section class="panel alerts`):strings.Index(dash, `id="discrepancy"`)]
	// Only the latest iteration's and the pooled warnings and errors.
	want := []string{
		"error accuracy fell beyond its limit", "warning accuracy fell significantly",
		"error help v3 unreliable", "warning help pooled tentative",
	}
	if got := messages(panel); !slices.Equal(got, want) {
		t.Errorf("dashboard alerts\n%q\nwant\n%q", got, want)
	}
	for _, want := range []string{
		`<section class="panel alerts alerts-error" aria-labelledby="alerts">`,
		`<h2 id="alerts">Alerts about <a href="iterations/v3.html">v3</a></h2>`,
		`<p>9 more about older iterations and 1 for information: <a href="alerts.html">all 14 alerts</a></p>`,
	} {
		if !strings.Contains(panel, want) {
			t.Errorf("dashboard lacks %s", want)
		}
	}
	if !strings.Contains(dash, `<a href="alerts.html">Alerts (14)</a>`) {
		t.Error("the nav does not count the alerts")
	}
	// The verdict on the latest iteration opens the page; its alerts follow.
	verdict, alerts := strings.Index(dash, `id="verdict"`), strings.Index(dash, `id="alerts"`)
	if alerts < 0 || verdict < 0 || verdict > alerts {
		t.Errorf("the verdict panel (at %d) does not come before the alerts (at %d)", verdict, alerts)
	}

	// Nothing about the latest iteration: the panel says so.
	in := triageInput()
	in.Alerts = slices.DeleteFunc(in.Alerts, func(a alert.Alert) bool {
		return (a.Iteration == "v3" || a.Iteration == "") && a.Severity > alert.Info
	})
	dash = string(renderTest(t, in)["index.html"])
	for _, want := range []string{
		`<section class="panel alerts alerts-none" aria-labelledby="alerts">`,
		`<p>No warnings or errors about v3, the latest iteration.</p>`,
		`<p>9 more about older iterations and 1 for information: <a href="alerts.html">all 10 alerts</a></p>`,
	} {
		if !strings.Contains(dash, want) {
			t.Errorf("dashboard without alerts about v3 lacks %s", want)
		}
	}
}

func TestGroupAlerts(t *testing.T) {
	v := func(sev alert.Severity, kind string, subject alert.Subject, iter string) alertView {
		return alertView{Alert: alert.Alert{Severity: sev, Kind: kind, Subject: subject, Iteration: iter}}
	}
	alerts := []alertView{
		v(alert.Error, "regression", alert.Metric("a"), "v2"),
		v(alert.Error, "threshold", alert.Metric("a"), "v2"),
		v(alert.Warning, "anomaly", alert.Metric("b"), "v2"),
		v(alert.Warning, "regression", alert.Metric("a"), "v2"), // a duplicate of the first
		v(alert.Warning, "regression", alert.Metric("a"), ""),   // the same subject pooled: another finding
		v(alert.Warning, "regression", alert.Metric("b"), "v2"),
		v(alert.Info, "regression", alert.Metric("a"), "v2"), // a duplicate too
	}
	groups := groupAlerts(alerts, 2)
	type finding struct {
		subject, iter string
		also          int
	}
	want := []struct {
		kind   string
		n      int
		counts string
		shown  []finding
		more   []finding
	}{
		{"regression", 5, "1 error, 3 warnings, 1 info", []finding{{"metric a", "v2", 2}, {"metric a", "", 0}}, []finding{{"metric b", "v2", 0}}},
		{"threshold", 1, "1 error", []finding{{"metric a", "v2", 0}}, nil},
		{"anomaly", 1, "1 warning", []finding{{"metric b", "v2", 0}}, nil},
	}
	if len(groups) != len(want) {
		t.Fatalf("%d groups, want %d", len(groups), len(want))
	}
	read := func(fs []alertFinding) []finding {
		var out []finding
		for _, f := range fs {
			out = append(out, finding{f.Subject.String(), f.Iteration, len(f.Also)})
		}
		return out
	}
	for i, w := range want {
		g := groups[i]
		var counts []string
		for _, c := range g.Counts {
			counts = append(counts, c.Label())
		}
		if g.Kind != w.kind || g.N != w.n || strings.Join(counts, ", ") != w.counts ||
			!slices.Equal(read(g.Shown), w.shown) || !slices.Equal(read(g.More), w.more) {
			t.Errorf("group %d = %s, %d alerts (%v), shown %v, more %v; want %+v",
				i, g.Kind, g.N, counts, read(g.Shown), read(g.More), w)
		}
	}
	if g := groups[0].Shown[0]; g.Severity != alert.Error || g.Also[0].Severity != alert.Warning || g.Also[1].Severity != alert.Info {
		t.Errorf("finding %+v; want the error shown, the warning and the info folded in that order", g)
	}
}

func TestSubjectLabel(t *testing.T) {
	r, err := newRenderer(testInput())
	if err != nil {
		t.Fatal(err)
	}
	for subject, want := range map[alert.Subject]string{
		alert.Metric("accuracy"):                   "Accuracy",
		alert.Metric("latency p95"):                "Latency <p95>",
		alert.Dimension("helpfulness"):             "Helpfulness",
		alert.Rater("cy", "helpfulness"):           "rater cy on Helpfulness",
		alert.Pair("latency p95", "tone"):          "Latency <p95> vs Tone",
		alert.Metric("nothing"):                    "nothing",
		alert.Rater("cy", "nothing"):               "rater cy on nothing",
		alert.Raters("locale", "helpfulness"):      "raters by locale on helpfulness",
		alert.Pair("accuracy", "no_such_dim"):      "Accuracy vs no_such_dim",
		alert.Metric("accuracy vs dimension tone"): "accuracy vs dimension tone",
		{}: "",
	} {
		if got := subjectLabel(subject, r.metric, r.dim); got != want {
			t.Errorf("subjectLabel(%q) = %q; want %q", subject, got, want)
		}
	}
}
