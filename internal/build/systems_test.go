package build

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/evalbook/evalbook/internal/browsertest"
	"github.com/evalbook/evalbook/internal/experiment"
)

// systemsFixture writes a project of four systems judged on the same 60
// items, listed in an order unrelated to their quality (charlie, alpha,
// delta, bravo), with a metric (score), a lower-is-better metric (errors)
// and a human dimension (quality, two raters). Score means: alpha 0.8,
// bravo 0.6, charlie 0.59, delta 0.4, around a shared item difficulty with
// a little system noise; so alpha leads alone, bravo and charlie cannot
// be told apart, and delta trails alone.
func systemsFixture(t *testing.T, config string) string {
	t.Helper()
	dir := t.TempDir()
	systems := []struct {
		id   string
		mean float64
	}{{"charlie", 0.59}, {"alpha", 0.8}, {"delta", 0.4}, {"bravo", 0.6}}
	var metrics, ratings strings.Builder
	metrics.WriteString("iteration,metric,item,value\n")
	ratings.WriteString("item,rater,dimension,value,iteration\n")
	for k, s := range systems {
		for i := range 60 {
			difficulty := float64(i%10-5) / 50
			noise := float64((i*7+k*31)%11-5) / 100
			score := s.mean + difficulty + noise
			item := fmt.Sprintf("q%02d", i)
			fmt.Fprintf(&metrics, "%s,score,%s,%.4f\n", s.id, item, score)
			fmt.Fprintf(&metrics, "%s,errors,%s,%d\n", s.id, item, int(10*(1-score)))
			for r, off := range []float64{0, 0.5} {
				q := min(5, max(1, float64(int(1+4*score+off))))
				fmt.Fprintf(&ratings, "%s,r%d,quality,%g,%s\n", item, r+1, q, s.id)
			}
		}
	}
	for name, body := range map[string]string{
		"config.toml":                config,
		"data/metrics/scores.csv":    metrics.String(),
		"data/annotations/human.csv": ratings.String(),
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const systemsConfig = `title = "Four systems"
[project]
shape = "systems"
reference = "bravo"
[metrics.errors]
direction = "lower"
[metrics.score]
min = 0.5
`

// timelineWords are the words that would misdescribe unordered systems.
var timelineWords = regexp.MustCompile(`(?i)\b(previous|latest|regressions?|older iterations?|what changed|all iterations|each iteration)\b`)

// TestSystemsProject builds the fixture as unordered systems and checks
// that no page about the systems speaks of a timeline, that the
// leaderboard ranks and groups them as designed, and that
// api/leaderboard.json says what the page shows.
func TestSystemsProject(t *testing.T) {
	t.Parallel()
	dir := systemsFixture(t, systemsConfig)
	out := filepath.Join(dir, "site")
	if _, err := Build(Options{Source: dir, Output: out}); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	pages := []string{"index.html", "iterations/index.html", "leaderboard/index.html", "alerts.html"}
	for _, s := range []string{"alpha", "bravo", "charlie", "delta"} {
		pages = append(pages, "iterations/"+s+".html")
	}
	for _, dir := range []string{"metrics", "dimensions"} {
		found, _ := filepath.Glob(filepath.Join(out, dir, "*.html"))
		if len(found) < 2 {
			t.Fatalf("the fixture has no %s pages", dir)
		}
		for _, f := range found {
			pages = append(pages, dir+"/"+filepath.Base(f))
		}
	}
	for _, p := range pages {
		if w := timelineWords.FindAllString(read(p), -1); len(w) > 0 {
			t.Errorf("%s speaks of a timeline: %q", p, w)
		}
	}
	if !strings.Contains(read("index.html"), `href="leaderboard/index.html"`) {
		t.Error("the dashboard does not link to the leaderboard")
	}

	var api struct {
		Shape   string `json:"shape"`
		Records []struct {
			Round, Kind, Subject, System string
			N                            int
			Mean                         float64
			Rank                         int `json:"rank"`
			RankLow                      int `json:"rank_low"`
			RankHigh                     int `json:"rank_high"`
			Group                        int
		} `json:"records"`
	}
	if err := json.Unmarshal([]byte(read("api/leaderboard.json")), &api); err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, r := range api.Records {
		if r.Round != "" || r.N != 60 {
			t.Errorf("record %+v: want round \"\" and n 60", r)
		}
		got[r.Subject] = append(got[r.Subject], fmt.Sprintf("%s %d g%d", r.System, r.Rank, r.Group))
	}
	want := []string{"alpha 1 g1", "bravo 2 g2", "charlie 3 g2", "delta 4 g3"}
	for _, subject := range []string{"score", "errors"} {
		if !slices.Equal(got[subject], want) {
			t.Errorf("%s: leaderboard %v; want %v", subject, got[subject], want)
		}
	}
	if api.Shape != "systems" || len(got["quality"]) != 4 {
		t.Errorf("shape %q, quality board %v", api.Shape, got["quality"])
	}

	// Every record is a row of the page, with the same rank, range and group.
	page := read("leaderboard/index.html")
	for _, r := range api.Records {
		sec := page[strings.Index(page, `id="rank-`+r.Kind+`-`+r.Subject+`"`):]
		row := regexp.MustCompile(`<tr[^>]*data-system="` + r.System + `" data-group="(\d+)"><td class="num">(\d+)</td>.*?<td class="num nowrap">([0-9–]+)</td>`).FindStringSubmatch(sec)
		rng := fmt.Sprint(r.RankLow)
		if r.RankHigh != r.RankLow {
			rng += "–" + fmt.Sprint(r.RankHigh)
		}
		if row == nil || row[1] != fmt.Sprint(r.Group) || row[2] != fmt.Sprint(r.Rank) || row[3] != rng {
			t.Errorf("%s %s: page row %q; want group %d, rank %d, range %s", r.Subject, r.System, row, r.Group, r.Rank, rng)
		}
	}
	// The reference is compared with every other system, and only it.
	for _, s := range []string{"alpha", "charlie", "delta"} {
		if !strings.Contains(read("iterations/"+s+".html"), "against the reference system") {
			t.Errorf("%s's page does not compare it with the reference", s)
		}
	}
}

// TestSystemsCheckGatesReference checks what `evalbook check` gates by
// default in a project of systems: the reference system's alerts. The
// fixture's min of 0.5 on score fails delta (0.4), a candidate, not the
// reference bravo.
func TestSystemsCheckGatesReference(t *testing.T) {
	a, err := Analyse(Options{Source: systemsFixture(t, systemsConfig)})
	if err != nil {
		t.Fatal(err)
	}
	if g := a.Gate(); g != "bravo" {
		t.Errorf("default gate %q; want the reference bravo", g)
	}
	var about []string
	for _, al := range a.Experiments.Alerts {
		about = append(about, al.Kind+" "+al.Iteration)
	}
	if !slices.Equal(about, []string{"threshold delta"}) {
		t.Errorf("experiment alerts %v; want one threshold alert about delta", about)
	}
}

// TestSystemsShapeErrors checks the errors of a shape that does not fit
// the data.
func TestSystemsShapeErrors(t *testing.T) {
	for _, c := range []struct{ config, want string }{
		{"[project]\nshape = \"systems\"\nreference = \"echo\"\n", `project.reference "echo" is not a system`},
		{"[project]\nshape = \"rounds\"\n", `iteration "charlie" has no round`},
	} {
		_, err := Analyse(Options{Source: systemsFixture(t, c.config)})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v; want %q", err, c.want)
		}
	}
}

// TestLeaderboardFitsPhone opens the fixture's leaderboard at 390 px: the
// page is no wider than the phone, and its tables scroll in their boxes.
func TestLeaderboardFitsPhone(t *testing.T) {
	const width = 390
	b := browsertest.New(t, width, 900, 60*time.Second)
	dir := systemsFixture(t, systemsConfig)
	out := filepath.Join(dir, "site")
	if _, err := Build(Options{Source: dir, Output: out}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b.Ctx, chromedp.EmulateViewport(width, 900)); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"leaderboard/index.html", "index.html", "iterations/alpha.html"} {
		if err := b.Open("file://" + filepath.Join(out, page)); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		for _, c := range []struct {
			what, expr string
		}{
			{"the page's scroll width", `document.documentElement.scrollWidth`},
			{"the right edge of the widest box", `Math.ceil(Math.max(...Array.from(document.querySelectorAll(".scroll")).map(d => d.getBoundingClientRect().right)))`},
		} {
			got, err := browsertest.Eval[int](b, c.expr)
			if err != nil {
				t.Fatalf("%s: %s: %v", page, c.what, err)
			}
			if got > width {
				t.Errorf("%s at %d px: %s is %d", page, width, c.what, got)
			}
		}
		if errs := b.Errors(); len(errs) > 0 {
			t.Errorf("%s: script errors: %s", page, strings.Join(errs, "; "))
		}
	}
}

// roundsIterations makes the systems fixture two rounds (charlie and
// alpha, then delta and bravo), each with its reference.
const roundsIterations = `[[iteration]]
id = "charlie"
round = "r1"
reference = true
[[iteration]]
id = "alpha"
round = "r1"
[[iteration]]
id = "delta"
round = "r2"
[[iteration]]
id = "bravo"
round = "r2"
reference = true
`

// TestRoundsProject builds the fixture as two rounds (charlie and alpha,
// then delta and bravo), each with its reference, and checks the round
// pages, the list of rounds, the comparisons (each candidate against its
// round's reference, the second reference against the first) and the
// default gate (the last round's reference).
func TestRoundsProject(t *testing.T) {
	t.Parallel()
	dir := systemsFixture(t, "[project]\nshape = \"rounds\"\n")
	if err := os.WriteFile(filepath.Join(dir, "data", "iterations.toml"), []byte(roundsIterations), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "site")
	if _, err := Build(Options{Source: dir, Output: out}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"leaderboard/index.html", "leaderboard/r1.html", "leaderboard/r2.html"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("no %s: %v", p, err)
		}
	}
	a, err := Analyse(Options{Source: dir})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range a.Experiments.Comparisons {
		seen[c.Iteration+"/"+c.Against+"/"+c.Target] = true
	}
	for _, want := range []string{"alpha/charlie/reference", "delta/bravo/reference", "bravo/charlie/previous"} {
		if !seen[want] {
			t.Errorf("no comparison %s among %v", want, seen)
		}
	}
	if len(seen) != 3 {
		t.Errorf("comparisons %v; want 3", seen)
	}
	if g := a.Gate(); g != "bravo" {
		t.Errorf("gate %q; want the last round's reference bravo", g)
	}
	if n := len(a.Leaderboard.Rounds); n != 2 || a.Leaderboard.Rounds[1].Reference != "bravo" {
		t.Errorf("leaderboard rounds %+v", a.Leaderboard.Rounds)
	}
}

// TestExamplePairwise checks the example project's pairwise dimension:
// three people and a judge model compare v4 with v6 on the same 60 items,
// so their agreement is a figure; people show no position bias, the judge
// model favours the answer it sees first, and v6 against v4 is a
// comparison with no clear difference (v6 is as accurate as v4).
func TestExamplePairwise(t *testing.T) {
	t.Parallel()
	_, a := sharedSite(t, repoRoot)
	if len(a.Preference.Units) != 1 {
		t.Fatalf("%d pairwise units; want 1", len(a.Preference.Units))
	}
	u := a.Preference.Units[0]
	if u.Dimension != "preference" || u.Judgements != 240 || u.Items != 60 || len(u.Pairs) != 1 {
		t.Fatalf("unit %s: %d judgements, %d items, %d pairs; want preference, 240, 60, 1", u.Dimension, u.Judgements, u.Items, len(u.Pairs))
	}
	g := u.Quality.Groups
	if g == nil || g.Units != 60 {
		t.Fatalf("people vs judges = %+v; want 60 shared pairs", g)
	}
	if !(g.Agreement > 0.5 && g.Agreement < 0.7 && g.Kappa > 0.1 && g.KappaCI.Low > 0) {
		t.Errorf("people vs judge: agreement %.3f, kappa %.3f %v; want moderate agreement, kappa above 0", g.Agreement, g.Kappa, g.KappaCI)
	}
	for _, pb := range u.Quality.Position {
		biased := pb.CI.Low > 0.5 || pb.CI.High < 0.5
		if biased != (pb.Rater == "judge-llm") {
			t.Errorf("%s: the first-shown answer wins %.3f %v; want a bias for the judge model only", pb.Rater, pb.Rate.Rate, pb.CI)
		}
	}
	var pw []experiment.Comparison
	for _, c := range a.Experiments.Comparisons {
		if c.Kind == experiment.KindPairwise {
			pw = append(pw, c)
		}
	}
	if len(pw) != 1 || pw[0].Iteration != "v6" || pw[0].Against != "v4" || pw[0].Subject != "preference" || pw[0].N != 60 ||
		pw[0].Verdict != experiment.NoChange || pw[0].Tests < 2 {
		t.Errorf("pairwise comparisons = %+v; want v6 vs v4 on 60 items, no change, in v6's family", pw)
	}
}

// TestExamplePairwisePanel checks that v6's verdict panel has the
// preference comparison against v4 as a row of its own.
func TestExamplePairwisePanel(t *testing.T) {
	t.Parallel()
	files, _ := sharedSite(t, repoRoot)
	page := string(files["iterations/v6.html"])
	for _, want := range []string{`<tbody class="prefs">`, `data-kind="pairwise" data-subject="preference"`, "<strong>Side by side:</strong> 1 no change"} {
		if !strings.Contains(page, want) {
			t.Errorf("v6.html lacks %s", want)
		}
	}
}
