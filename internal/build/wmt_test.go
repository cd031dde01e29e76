package build

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// wmtDir holds the WMT MQM re-annotation of Freitag et al. ("Experts,
// errors, and context", TACL 2021). It lives beside the repository.
const wmtDir = "../../../shared/datasets/wmt_mqm"

// wmt2020 are the published system-level MQM scores of newstest2020 en-de
// (the data set's README and CHECKS.md; lower is better), in their order.
var wmt2020 = []struct {
	system string
	mqm    float64
}{
	{"Human-B", 0.75}, {"Human-A", 0.91}, {"Human-P", 1.41}, {"Tohoku-AIP-NTT", 2.02},
	{"OPPO", 2.25}, {"eTranslation", 2.33}, {"Tencent_Translation", 2.35},
	{"Huoshan_Translate", 2.45}, {"Online-B", 2.48}, {"Online-A", 2.99},
}

// TestWMTMQMLeaderboard converts newstest2020 en-de's per-segment MQM
// scores (a space-delimited file: system, mqm_avg_score, seg_id) to the
// long annotation CSV, a dimension "mqm" of the penalty -mqm_avg_score with
// lower better, builds it as a project of systems, and checks the
// leaderboard's means against the published ones to 2 decimals and their
// order. Until the TSV reader lands this is an in-test conversion; the
// lead will switch it to config-only import.
func TestWMTMQMLeaderboard(t *testing.T) {
	src := filepath.Join(wmtDir, "newstest2020_ende", "mqm_newstest2020_ende.avg_seg_scores.tsv")
	f, err := os.Open(src)
	if err != nil {
		t.Skipf("WMT MQM is not available at %s (%v); it is kept outside the repository", wmtDir, err)
	}
	defer f.Close()
	dir := t.TempDir()
	var csv strings.Builder
	csv.WriteString("item,rater,dimension,value,iteration\n")
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for line := 2; sc.Scan(); line++ {
		fs := strings.Fields(sc.Text())
		if len(fs) != 3 {
			t.Fatalf("%s:%d: %d fields", src, line, len(fs))
		}
		score, err := strconv.ParseFloat(fs[1], 64)
		if err != nil {
			t.Fatalf("%s:%d: %v", src, line, err)
		}
		system := fs[0][:strings.LastIndex(fs[0], ".")] // "Human-B.0" -> "Human-B"
		fmt.Fprintf(&csv, "seg%s,mqm,mqm,%s,%s\n", fs[2], strconv.FormatFloat(-score, 'g', -1, 64), system)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	config := "title = \"WMT20 en-de MQM\"\n[project]\nshape = \"systems\"\nreference = \"Human-B\"\n[dimensions.mqm]\ndirection = \"lower\"\nscale = \"ratio\"\n"
	for name, body := range map[string]string{"config.toml": config, "data/annotations/mqm.csv": csv.String()} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "site")
	if _, err := Build(Options{Source: dir, Output: out}); err != nil {
		t.Fatal(err)
	}
	var api struct {
		Records []struct {
			Subject, System string
			N               int
			Mean            float64
			Rank            int
			RankLow         int `json:"rank_low"`
			RankHigh        int `json:"rank_high"`
			Group           int
		} `json:"records"`
	}
	readJSON(t, filepath.Join(out, "api", "leaderboard.json"), &api)
	if len(api.Records) != len(wmt2020) {
		t.Fatalf("%d records; want %d systems", len(api.Records), len(wmt2020))
	}
	for i, w := range wmt2020 {
		r := api.Records[i]
		if r.System != w.system || r.N != 1418 || math.Abs(r.Mean-w.mqm) > 0.005 || r.Rank != i+1 {
			t.Errorf("rank %d: %s mean %.4f n %d rank %d; want %s %.2f n 1418", i+1, r.System, r.Mean, r.N, r.Rank, w.system, w.mqm)
		}
		t.Logf("%-20s %.3f rank %d (%d-%d) group %d", r.System, r.Mean, r.Rank, r.RankLow, r.RankHigh, r.Group)
	}
	// The human translations lead: Human-B is alone at rank 1 in every
	// resample, and the two best human references share no group with
	// Online-A.
	if r := api.Records[0]; r.RankLow != 1 || r.Group != 1 {
		t.Errorf("Human-B: range %d-%d, group %d; want rank 1 in the top group", r.RankLow, r.RankHigh, r.Group)
	}
	if last := api.Records[len(api.Records)-1]; last.Group == api.Records[1].Group {
		t.Errorf("Online-A shares group %d with Human-A", last.Group)
	}
	b, err := os.ReadFile(filepath.Join(out, "leaderboard", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range wmt2020 {
		if !strings.Contains(string(b), ">"+w.system+"</a>") {
			t.Errorf("the leaderboard page does not link %s", w.system)
		}
	}
}
