package build

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/leaderboard"
)

// The example projects under examples/ read public data sets as they were
// published, with a config.toml and nothing else: their data/ folders link
// to ../shared/datasets, which lies beside the repository, not in it. Each
// test builds one and checks the figures the data set's CHECKS.md gives,
// and skips with a message when the data is absent.

// sharedData is the folder of the public data sets, beside the repository.
const sharedData = "../../../shared/datasets"

// example analyses examples/name, or skips when the data set is absent.
// With the example's own config (cfg ""), the analyses are those its site
// was rendered from, in memory and shared by the tests (sharedSite); with
// another config file cfg, the project is only analysed.
func example(t *testing.T, name, dataset, cfg string) *Analysed {
	t.Helper()
	if _, err := os.Stat(filepath.Join(sharedData, dataset)); err != nil {
		t.Skipf("the %s data set is not at %s (%v); it is kept outside the repository", dataset, sharedData, err)
	}
	src := filepath.Join(repoRoot, "examples", name)
	if cfg == "" {
		_, a := sharedSite(t, src)
		return a
	}
	a, err := Analyse(Options{Source: src, Config: cfg})
	if err != nil {
		t.Fatalf("analysing examples/%s: %v", name, err)
	}
	return a
}

// near reports whether got equals want to the given number of decimals.
func near(got, want float64, decimals int) bool {
	return math.Abs(got-want) <= 0.5*math.Pow(10, -float64(decimals))+1e-12
}

// record finds the discrepancy record of a metric and dimension pooled over
// iterations at a level ("item" or "iteration").
func record(t *testing.T, rep discrepancy.Report, metric, dim, level string) discrepancy.Record {
	t.Helper()
	for _, r := range rep.Records {
		if r.Metric == metric && r.Dimension == dim && r.Iteration == "" && r.Level == level {
			return r
		}
	}
	t.Fatalf("no %s-level record of %s and %s", level, metric, dim)
	return discrepancy.Record{}
}

func value(t *testing.T, what string, p *float64) float64 {
	t.Helper()
	if p == nil {
		t.Fatalf("%s is undefined", what)
	}
	return *p
}

// TestExampleHANNA checks the figures of HANNA's upstream notebook and
// rankings, which leave the human stories out (960 stories, 10 systems).
func TestExampleHANNA(t *testing.T) {
	t.Parallel()
	a := example(t, "hanna", "hanna", "")
	if n := len(a.Project.Iterations); n != 10 {
		t.Errorf("%d systems; want 10 (the human stories left out)", n)
	}
	story := record(t, a.Discrepancy, "BLEU", "relevance", "item")
	if story.N != 960 {
		t.Errorf("BLEU vs relevance on %d stories; want 960", story.N)
	}
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"story-level BLEU vs relevance Pearson", value(t, "Pearson", story.Pearson), 0.11242776621184697},
		{"story-level BLEU vs relevance Spearman", value(t, "Spearman", story.Spearman), 0.10409436871365678},
		{"story-level BLEU vs relevance tau-b", value(t, "tau-b", story.KendallTauB), 0.07377866242119939},
		{"system-level BLEU vs relevance tau-b", value(t, "tau-b", record(t, a.Discrepancy, "BLEU", "relevance", "iteration").KendallTauB), 0.5555556},
		// Two pairs of systems have equal complexity means (347/144 and
		// 359/144): the ties must survive summation order.
		{"system-level BLEU vs complexity tau-b", value(t, "tau-b", record(t, a.Discrepancy, "BLEU", "complexity", "iteration").KendallTauB), 0.5228623},
	} {
		if !near(c.got, c.want, 7) {
			t.Errorf("%s = %.9f; published %.9f", c.what, c.got, c.want)
		}
	}
}

// TestExampleHANNAAlphas checks the pooled interval alphas over all 1,056
// stories (the human ones included) and the 3 positional raters, from the
// example's own config without its exclude line.
func TestExampleHANNAAlphas(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join(repoRoot, "examples", "hanna", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Replace(string(src), `exclude = ["Human"]`, "", 1)
	if all == string(src) {
		t.Fatal("examples/hanna/config.toml no longer leaves the human stories out")
	}
	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, []byte(all), 0o644); err != nil {
		t.Fatal(err)
	}
	a := example(t, "hanna", "hanna", cfg)
	want := map[string]float64{"relevance": 0.138, "coherence": -0.055, "empathy": 0.116, "surprise": 0.051, "engagement": 0.180, "complexity": 0.278}
	for _, d := range a.Reliability.Dimensions {
		w, ok := want[d.Dimension]
		if !ok {
			continue
		}
		delete(want, d.Dimension)
		if d.Pooled.NItems != 1056 || d.Pooled.NRaters != 3 {
			t.Errorf("%s: %d units, %d raters; want 1056 and 3", d.Dimension, d.Pooled.NItems, d.Pooled.NRaters)
		}
		if got := value(t, d.Dimension+" alpha", d.Pooled.AlphaInterval); !near(got, w, 3) {
			t.Errorf("%s: interval alpha %.4f; want %.3f", d.Dimension, got, w)
		}
	}
	if len(want) > 0 {
		t.Errorf("dimensions not read: %v", want)
	}
}

// board returns the leaderboard of one dimension of an unordered
// project, in rank order.
func board(t *testing.T, rep leaderboard.Report, dimension string) []leaderboard.Entry {
	t.Helper()
	for _, rb := range rep.Rounds {
		for _, s := range rb.Dimensions {
			if s.Name == dimension {
				return s.Entries
			}
		}
	}
	t.Fatalf("no leaderboard of %s", dimension)
	return nil
}

// checkBoard compares a leaderboard's systems, in rank order, with the
// published system means (sign flips a score into a penalty) to 2
// decimals, over n items each.
func checkBoard(t *testing.T, recs []leaderboard.Entry, sign float64, n int, want []string, means []float64) {
	t.Helper()
	byName := map[string]leaderboard.Entry{}
	var order []string
	for _, r := range recs {
		byName[r.System] = r
		order = append(order, r.System)
	}
	last := 0
	for i, sys := range want {
		r, ok := byName[sys]
		if !ok {
			t.Errorf("no system %s in %v", sys, order)
			continue
		}
		if r.N != n || !near(sign*r.Mean, means[i], 2) {
			t.Errorf("%s: mean %.4f over %d items; published %.2f over %d", sys, sign*r.Mean, r.N, means[i], n)
		}
		if r.Rank < last {
			t.Errorf("%s ranks %d, above a system published before it", sys, r.Rank)
		}
		last = r.Rank
	}
}

// TestExampleWMT20 checks the system-level MQM of WMT20 en-de that the
// data set's README publishes (the mean of -mqm_avg_score, lower is better).
func TestExampleWMT20(t *testing.T) {
	t.Parallel()
	a := example(t, "wmt-newstest2020", "wmt_mqm/newstest2020_ende", "")
	checkBoard(t, board(t, a.Leaderboard, "mqm"), -1, 1418,
		[]string{"Human-B.0", "Human-A.0", "Human-P.0", "Tohoku-AIP-NTT.890", "OPPO.1535", "eTranslation.737",
			"Tencent_Translation.1520", "Huoshan_Translate.832", "Online-B.1590", "Online-A.1574"},
		[]float64{0.75, 0.91, 1.41, 2.02, 2.25, 2.33, 2.35, 2.45, 2.48, 2.99})
}

// TestExampleWMT21 does the same for WMT21 en-de, whose file writes a
// missing score as None.
func TestExampleWMT21(t *testing.T) {
	t.Parallel()
	a := example(t, "wmt-newstest2021", "wmt_mqm/newstest2021_ende", "")
	checkBoard(t, board(t, a.Leaderboard, "mqm"), -1, 527,
		[]string{"ref-C", "VolcTrans-GLAT", "Facebook-AI", "ref-A", "Nemo", "HuaweiTSC", "Online-W", "UEdin", "eTranslation", "VolcTrans-AT"},
		[]float64{0.51, 1.04, 1.05, 1.22, 1.34, 1.38, 1.46, 1.51, 1.70, 1.74})
}

// TestExampleWMT23 checks the per-rater side-by-side MQM of WMT23 en-de:
// the system means of CHECKS.md and the interval alpha of the raters'
// penalties over 1,040 units (0.533).
func TestExampleWMT23(t *testing.T) {
	t.Parallel()
	a := example(t, "wmt-generalmt2023", "wmt_mqm/generalMT2023_ende_sxs", "")
	checkBoard(t, board(t, a.Leaderboard, "mqm_penalty"), 1, 104,
		[]string{"ONLINE-W", "GPT4-5shot_with_refA", "GPT4-5shot_with_ONLINE-W", "refA", "ONLINE-A", "ONLINE-Y",
			"ONLINE-M", "ONLINE-G", "Lan-BridgeMT", "NLLB_MBR_BLEU"},
		[]float64{2.83, 3.02, 3.19, 3.24, 4.06, 4.55, 5.61, 6.11, 8.00, 10.58})
	d := a.Reliability.Dimensions[0]
	if d.Pooled.NItems != 1040 || !near(value(t, "alpha", d.Pooled.AlphaInterval), 0.533, 3) {
		t.Errorf("pooled alpha %v over %d units; want 0.533 over 1040", d.Pooled.AlphaInterval, d.Pooled.NItems)
	}
}

// TestExampleFRANK checks FRANK's partial correlations of the factuality
// metrics with the human Factuality, controlling for the system, on all
// 2,246 summaries and within each data set.
func TestExampleFRANK(t *testing.T) {
	t.Parallel()
	a := example(t, "frank", "frank", "")
	for _, c := range []struct {
		metric, slice     string
		pearson, spearman float64
	}{
		{"FactCC", "", .204, .304},
		{"BertScore P Art", "", .271, .243},
		{"Dep Entail", "", .162, .143},
		{"QAGS", "", .065, .081},
		{"FEQA", "", .005, .011},
		{"FactCC", "cnndm", .363, .333},
		{"BertScore P Art", "cnndm", .346, .290},
		{"FactCC", "bbc", .073, .249},
	} {
		var partial *discrepancy.Coefficients
		if c.slice == "" {
			partial = record(t, a.Discrepancy, c.metric, "Factuality", "item").Partial
		} else {
			for _, s := range a.Discrepancy.Slices {
				if s.Metric == c.metric && s.Dimension == "Factuality" && s.Slice == c.slice {
					partial = s.Partial
				}
			}
		}
		if partial == nil {
			t.Errorf("%s %s: no partial correlation", c.metric, c.slice)
			continue
		}
		p, s := value(t, "Pearson", partial.Pearson), value(t, "Spearman", partial.Spearman)
		if !near(p, c.pearson, 3) || !near(s, c.spearman, 3) {
			t.Errorf("%s %s: partial %.4f / %.4f; published %.3f / %.3f", c.metric, c.slice, p, s, c.pearson, c.spearman)
		}
	}
}

// TestExampleAlpacaEval builds examples/alpaca_eval from its config alone
// (in memory, sharedSite) and checks every model's published win rate,
// standard error and counts (leaderboard.csv, as CHECKS.md states them) on
// the site's api/pairwise.json, to 1e-9, and the star design with the
// baseline as hub on the leaderboard.
func TestExampleAlpacaEval(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(sharedData, "alpaca_eval")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("the alpaca_eval data set is not at %s (%v); it is kept outside the repository", sharedData, err)
	}
	files, _ := sharedSite(t, filepath.Join(repoRoot, "examples", "alpaca_eval"))
	b, ok := files["api/pairwise.json"]
	if !ok {
		t.Fatal("the site has no api/pairwise.json")
	}
	var doc struct {
		Units []struct {
			Reference string `json:"reference"`
			Star      bool   `json:"star"`
		} `json:"units"`
		Raw         []map[string]any `json:"records"`
		Comparisons []struct {
			Against, Target, Kind string
			Slices                []struct{ Slice string }
		} `json:"comparisons"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	// Every model against the reference, an experiment comparison with
	// the slices of the dataset column.
	if len(doc.Comparisons) != 13 {
		t.Errorf("%d comparisons; want 13, every model against the reference", len(doc.Comparisons))
	}
	for _, c := range doc.Comparisons {
		if c.Against != "gpt4_1106_preview" || c.Target != "reference" || c.Kind != "pairwise" || len(c.Slices) < 2 {
			t.Errorf("comparison %+v", c)
		}
	}
	// The outputs file gives the drill-down both answers and the input.
	page, ok := files["pairwise/alpaca_eval/ae000.html"]
	if !ok {
		t.Fatal("the site has no pairwise/alpaca_eval/ae000.html")
	}
	for _, want := range []string{
		"What are the names of some famous actors that started their careers on Broadway?",
		`aria-label="Answer of gpt4_1106_preview">Several famous actors started their careers on Broadway`,
		`aria-label="Answer of alpaca-7b">Some famous actors that started their careers on Broadway include`,
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("ae000.html lacks %q", want)
		}
	}
	if len(doc.Units) != 1 || !doc.Units[0].Star || doc.Units[0].Reference != "gpt4_1106_preview" {
		t.Errorf("units = %+v; want one star around gpt4_1106_preview", doc.Units)
	}
	got := map[string]map[string]any{}
	for _, r := range doc.Raw {
		if r["slice"] == "" && r["system_a"] == "gpt4_1106_preview" {
			got[r["system_b"].(string)] = r
		}
	}
	f, err := os.Open(filepath.Join(dir, "leaderboard.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	num := func(row []string, name string) float64 {
		v, err := strconv.ParseFloat(row[col[name]], 64)
		if err != nil {
			t.Fatalf("leaderboard.csv %s: %v", name, err)
		}
		return v
	}
	if len(rows)-1 != 13 || len(got) != 13 {
		t.Fatalf("%d published models, %d on the site; want 13", len(rows)-1, len(got))
	}
	for _, row := range rows[1:] {
		model := row[col["generator"]]
		r, ok := got[model]
		if !ok {
			t.Errorf("%s: no record against the baseline", model)
			continue
		}
		for _, c := range []struct {
			field     string
			got, want float64
		}{
			{"win_rate_b", r["win_rate_b"].(float64), num(row, "win_rate") / 100},
			{"standard_error", r["standard_error"].(float64), num(row, "standard_error") / 100},
			{"discrete_win_rate_b", r["discrete_win_rate_b"].(float64), num(row, "discrete_win_rate") / 100},
			{"n", r["n"].(float64), num(row, "n_total")},
			{"wins_b", r["wins_b"].(float64), num(row, "n_wins")},
			{"wins_a", r["wins_a"].(float64), num(row, "n_wins_base")},
			{"ties", r["ties"].(float64), num(row, "n_draws")},
		} {
			if math.Abs(c.got-c.want) > 1e-9 {
				t.Errorf("%s %s = %.12g; published %.12g", model, c.field, c.got, c.want)
			}
		}
	}
}
