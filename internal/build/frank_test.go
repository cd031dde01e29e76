package build

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/evalbook/evalbook/internal/discrepancy"
)

// frankFile holds FRANK's joined table (Pagnoni, Balachandran and Tsvetkov,
// NAACL 2021): per summary, the human factuality score and the metrics. It
// lives beside the repository, not in it.
const frankFile = "../../../shared/datasets/frank/frank_joined.csv"

// TestFRANK imports FRANK as a project (iteration = the summarisation
// system, item = the article hash, the factuality score as the one rating
// of a dimension, FactCC and BERTScore-P against the article as metrics) and
// checks that the pooled records' partial correlations controlling for
// iteration reproduce the benchmark's "All data" figures: FactCC Pearson
// .204 and Spearman .304, BERTScore-P (article) .271 and .243, and that the
// slice records (slice = the data set, CNN/DM or XSum) reproduce its
// per-data-set figures.
func TestFRANK(t *testing.T) {
	if _, err := os.Stat(frankFile); err != nil {
		t.Skipf("FRANK is not available at %s (%v); it is kept outside the repository", frankFile, err)
	}
	dir := t.TempDir()
	writeFRANKProject(t, dir)
	a, err := Analyse(Options{Source: dir})
	if err != nil {
		t.Fatalf("analysing FRANK: %v", err)
	}
	want := map[string][2]float64{"factcc": {.204, .304}, "bertscore_p_art": {.271, .243}}
	for _, r := range a.Discrepancy.Records {
		w, ok := want[r.Metric]
		if !ok || r.Iteration != "" || r.Level != discrepancy.ItemLevel {
			continue
		}
		delete(want, r.Metric)
		p := r.Partial
		if r.N != 2246 || p == nil || p.Pearson == nil || p.Spearman == nil {
			t.Errorf("%s: %d summaries, partial %+v; want 2246 and a partial correlation", r.Metric, r.N, p)
			continue
		}
		if math.Abs(*p.Pearson-w[0]) > 0.0005 || math.Abs(*p.Spearman-w[1]) > 0.0005 {
			t.Errorf("%s: partial Pearson %.4f, Spearman %.4f; want %.3f, %.3f", r.Metric, *p.Pearson, *p.Spearman, w[0], w[1])
		}
	}
	for m := range want {
		t.Errorf("no pooled item-level record of %s vs factuality", m)
	}
	checkFRANKSlices(t, a)
}

// checkFRANKSlices checks the per-slice partial correlations (controlling
// for the system) against CHECKS.md: CNN/DM only, FactCC .363/.333 and
// BERTScore-P (article) .346/.290; XSum only, FactCC .073/.249.
func checkFRANKSlices(t *testing.T, a *Analysed) {
	t.Helper()
	want := map[[2]string][2]float64{
		{"factcc", "CNN/DM"}:          {.363, .333},
		{"bertscore_p_art", "CNN/DM"}: {.346, .290},
		{"factcc", "XSum"}:            {.073, .249},
	}
	for _, r := range a.Discrepancy.Slices {
		w, ok := want[[2]string{r.Metric, r.Slice}]
		if !ok {
			continue
		}
		delete(want, [2]string{r.Metric, r.Slice})
		p := r.Partial
		if p == nil || p.Pearson == nil || p.Spearman == nil {
			t.Errorf("%s on %s: no partial correlation", r.Metric, r.Slice)
			continue
		}
		if math.Abs(*p.Pearson-w[0]) > 0.0005 || math.Abs(*p.Spearman-w[1]) > 0.0005 {
			t.Errorf("%s on %s: partial Pearson %.4f, Spearman %.4f; want %.3f, %.3f", r.Metric, r.Slice, *p.Pearson, *p.Spearman, w[0], w[1])
		}
	}
	for k := range want {
		t.Errorf("no slice record of %s on %s", k[0], k[1])
	}
}

// frankSlice names FRANK's data sets as the paper does: its "bbc"
// summaries are XSum's.
var frankSlice = map[string]string{"cnndm": "CNN/DM", "bbc": "XSum"}

// writeFRANKProject writes the project TestFRANK reads into dir.
func writeFRANKProject(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Open(frankFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", frankFile, err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, h := range []string{"hash", "model_name", "dataset", "Factuality", "FactCC", "BertScore P Art"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("%s: no column %q", frankFile, h)
		}
	}
	var metrics, ratings bytes.Buffer
	mw, rw := csv.NewWriter(&metrics), csv.NewWriter(&ratings)
	mw.Write([]string{"iteration", "item", "slice", "factcc", "bertscore_p_art"})
	rw.Write([]string{"iteration", "item", "rater", "dimension", "value"})
	for _, r := range rows[1:] {
		it, item := r[col["model_name"]], r[col["hash"]]
		mw.Write([]string{it, item, frankSlice[r[col["dataset"]]], r[col["FactCC"]], r[col["BertScore P Art"]]})
		rw.Write([]string{it, item, "frank", "factuality", r[col["Factuality"]]})
	}
	mw.Flush()
	rw.Flush()
	for path, b := range map[string][]byte{
		"config.toml":                []byte("title = \"FRANK\"\n[discrepancy]\npartial = true\n[dimensions.factuality]\nscale = \"interval\"\n"),
		"data/metrics/frank.csv":     metrics.Bytes(),
		"data/annotations/frank.csv": ratings.Bytes(),
	} {
		full := filepath.Join(dir, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
