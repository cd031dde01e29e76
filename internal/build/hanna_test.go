package build

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/discrepancy"
)

// hannaDir holds the HANNA story-evaluation data set (Chhun et al., COLING
// 2022): per story, three crowd ratings on six criteria. It lives beside the
// repository, not in it.
const hannaDir = "../../../shared/datasets/hanna"

// hannaCriteria maps HANNA's criterion codes to evalbook dimensions, with
// the pooled interval alpha over all 1,056 stories and the 3 positional
// raters that the data set's CHECKS.md gives.
var hannaCriteria = []struct {
	code, dimension string
	alpha           float64
}{
	{"RE", "relevance", 0.138},
	{"CH", "coherence", -0.055},
	{"EM", "empathy", 0.116},
	{"SU", "surprise", 0.051},
	{"EG", "engagement", 0.180},
	{"CX", "complexity", 0.278},
}

// TestHANNA imports HANNA the way docs/import-hanna.md describes (item =
// story_id, iteration = system, rater = h1..h3 by position, dimension = the
// criterion), checks the pooled interval alphas against the published
// figures to 3 decimals, and builds the site.
func TestHANNA(t *testing.T) {
	src := filepath.Join(hannaDir, "hanna_items_long.csv")
	if _, err := os.Stat(src); err != nil {
		t.Skipf("HANNA is not available at %s (%v); it is kept outside the repository", hannaDir, err)
	}
	dir := t.TempDir()
	writeHANNAProject(t, src, dir)

	a, err := Analyse(Options{Source: dir})
	if err != nil {
		t.Fatalf("analysing HANNA: %v", err)
	}
	if n := len(a.Project.Iterations); n != 11 {
		t.Errorf("%d iterations; want HANNA's 11 systems", n)
	}
	got := map[string]bool{}
	for _, d := range a.Reliability.Dimensions {
		got[d.Dimension] = true
		for _, c := range hannaCriteria {
			if c.dimension != d.Dimension {
				continue
			}
			rec := d.Pooled
			if rec.NItems != 1056 || rec.NRaters != 3 || rec.NRatings != 3*1056 {
				t.Errorf("%s: %d units, %d raters, %d ratings; want 1056, 3, 3168", c.dimension, rec.NItems, rec.NRaters, rec.NRatings)
			}
			if rec.AlphaInterval == nil || math.Abs(*rec.AlphaInterval-c.alpha) >= 0.0005 {
				t.Errorf("%s: pooled interval alpha %v; want %.3f", c.dimension, hannaFloat(rec.AlphaInterval), c.alpha)
			}
			if rec.Status != "unreliable" {
				t.Errorf("%s: status %q; crowd agreement this low is unreliable", c.dimension, rec.Status)
			}
		}
	}
	for _, c := range hannaCriteria {
		if !got[c.dimension] {
			t.Errorf("no reliability for %s", c.dimension)
		}
	}

	checkHANNACorrelation(t, a)
	checkHANNASystemLevel(t, a)

	out := filepath.Join(t.TempDir(), "site")
	if _, err := Build(Options{Source: dir, Output: out}); err != nil {
		t.Fatalf("building HANNA: %v", err)
	}
	for _, c := range hannaCriteria {
		page, err := os.ReadFile(filepath.Join(out, "dimensions", c.dimension+".html"))
		if err != nil {
			t.Errorf("no page for %s: %v", c.dimension, err)
			continue
		}
		if bytes.Contains(page, []byte("NaN")) {
			t.Errorf("dimensions/%s.html shows NaN", c.dimension)
		}
	}
}

// writeHANNAProject converts HANNA's hanna_items_long.csv at src into an
// evalbook project in dir: a config naming the six 1-5 dimensions and one
// annotation file.
func writeHANNAProject(t *testing.T, src, dir string) {
	t.Helper()
	var cfg strings.Builder
	cfg.WriteString("title = \"HANNA\"\n")
	for _, c := range hannaCriteria {
		fmt.Fprintf(&cfg, "\n[dimensions.%s]\nscale = \"interval\"\nmin = 1\nmax = 5\n", c.dimension)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ann := filepath.Join(dir, "data", "annotations")
	if err := os.MkdirAll(ann, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var buf bytes.Buffer
	if err := convertHANNA(f, &buf); err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	if err := os.WriteFile(filepath.Join(ann, "hanna.csv"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	writeHANNABLEU(t, src, filepath.Join(dir, "data", "metrics"))
}

// writeHANNABLEU writes the story-level BLEU of every story not written by
// a human (the published correlations leave the Human system out) as the
// metric bleu into dir/bleu.csv.
func writeHANNABLEU(t *testing.T, src, dir string) {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in := csv.NewReader(f)
	header, err := in.Read()
	if err != nil {
		t.Fatal(err)
	}
	bleu, story, system := -1, -1, -1
	for i, h := range header {
		switch {
		case strings.HasPrefix(h, "BLEU"):
			bleu = i
		case h == "story_id":
			story = i
		case h == "system":
			system = i
		}
	}
	if bleu < 0 || story < 0 || system < 0 {
		t.Fatalf("%s: no BLEU, story_id or system column in %q", src, header)
	}
	var buf bytes.Buffer
	out := csv.NewWriter(&buf)
	out.Write([]string{"iteration", "item", "bleu"})
	for {
		row, err := in.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if row[system] != "Human" {
			out.Write([]string{row[system], row[story], row[bleu]})
		}
	}
	out.Flush()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bleu.csv"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// convertHANNA writes one annotation row per story, rater position and
// criterion: item = story_id, rater = h1..h3, dimension = the criterion,
// iteration = system. Empty cells are skipped.
func convertHANNA(r io.Reader, w io.Writer) error {
	in := csv.NewReader(r)
	header, err := in.Read()
	if err != nil {
		return err
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	need := []string{"story_id", "system"}
	for pos := 1; pos <= 3; pos++ {
		for _, c := range hannaCriteria {
			need = append(need, fmt.Sprintf("Human %d %s", pos, c.code))
		}
	}
	for _, h := range need {
		if _, ok := col[h]; !ok {
			return fmt.Errorf("no column %q", h)
		}
	}
	out := csv.NewWriter(w)
	out.Write([]string{"item", "rater", "dimension", "value", "iteration"})
	for {
		row, err := in.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		for pos := 1; pos <= 3; pos++ {
			for _, c := range hannaCriteria {
				v := strings.TrimSpace(row[col[fmt.Sprintf("Human %d %s", pos, c.code)]])
				if v != "" {
					out.Write([]string{row[col["story_id"]], fmt.Sprintf("h%d", pos), c.dimension, v, row[col["system"]]})
				}
			}
		}
	}
	out.Flush()
	return out.Error()
}

// checkHANNACorrelation checks the whole pipeline's pooled story-level
// correlation of BLEU with the relevance consensus (the mean of the three
// ratings) against the figures the HANNA authors' notebook prints for the
// 960 machine-written stories: Pearson 0.11243, Kendall's tau-b 0.07378.
func checkHANNACorrelation(t *testing.T, a *Analysed) {
	t.Helper()
	for _, r := range a.Discrepancy.Records {
		if r.Metric != "bleu" || r.Dimension != "relevance" || r.Iteration != "" || r.Level != discrepancy.ItemLevel {
			continue
		}
		if r.N != 960 {
			t.Errorf("BLEU vs relevance over %d stories; want 960", r.N)
		}
		if r.Pearson == nil || math.Abs(*r.Pearson-0.11242776621184697) > 1e-9 {
			t.Errorf("BLEU vs relevance Pearson %s; want 0.1124278", hannaFloat(r.Pearson))
		}
		if r.KendallTauB == nil || math.Abs(*r.KendallTauB-0.07377866242119939) > 1e-9 {
			t.Errorf("BLEU vs relevance Kendall tau-b %s; want 0.0737787", hannaFloat(r.KendallTauB))
		}
		return
	}
	t.Error("no pooled item-level record of bleu vs relevance")
}

// checkHANNASystemLevel checks the system-level Kendall tau-b of BLEU with
// the complexity consensus over HANNA's 10 machine systems against the
// published 0.5228623. Two pairs of systems have equal complexity means in
// exact arithmetic (347/144 each, 359/144 each); summed naively in float,
// they differ in the last bit and the tau-b comes out as 0.4667.
func checkHANNASystemLevel(t *testing.T, a *Analysed) {
	t.Helper()
	for _, r := range a.Discrepancy.Records {
		if r.Metric != "bleu" || r.Dimension != "complexity" || r.Level != discrepancy.IterationLevel {
			continue
		}
		if r.N != 10 || r.KendallTauB == nil || math.Abs(*r.KendallTauB-0.5228623) > 5e-8 {
			t.Errorf("BLEU vs complexity at system level: tau-b %s over %d systems; want 0.5228623 over 10", hannaFloat(r.KendallTauB), r.N)
		}
		return
	}
	t.Error("no system-level record of bleu vs complexity")
}

func hannaFloat(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprintf("%.4f", *p)
}
