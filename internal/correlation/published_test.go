package correlation

import (
	"encoding/csv"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// datasets is the shared folder of published data sets, outside the
// repository; the tests that need it skip when it is absent.
const datasets = "../../../shared/datasets"

// readTable reads a CSV file with a header row into its header and rows,
// skipping the test when the file is absent.
func readTable(t *testing.T, name string) (col map[string]int, rows [][]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(datasets, name))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("published data absent: %v (the shared datasets folder sits beside the repository)", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	col = make(map[string]int)
	for i, h := range recs[0] {
		col[h] = i
	}
	return col, recs[1:]
}

// number parses a cell, with "" as missing (NaN).
func number(t *testing.T, s string) float64 {
	t.Helper()
	if s == "" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestHANNA reproduces the story-level correlation of BLEU with Relevance
// published with the HANNA benchmark (Chhun et al., COLING 2022; upstream
// notebook data_visualization.ipynb, cell 25), over the 960 stories of the
// ten systems other than Human: Pearson 0.11242776621184697, Spearman
// 0.10409436871365678 and Kendall's tau-b 0.07377866242119939.
func TestHANNA(t *testing.T) {
	col, rows := readTable(t, "hanna/hanna_items_long.csv")
	bleu, ok := col["BLEU Ξ§"]
	if !ok {
		t.Fatal(`hanna_items_long.csv has no "BLEU Ξ§" column`)
	}
	var x, y []float64
	for _, r := range rows {
		if r[col["system"]] == "Human" {
			continue
		}
		x = append(x, number(t, r[bleu]))
		y = append(y, number(t, r[col["Relevance"]]))
	}
	p := All(x, y, 0.95)
	for _, c := range []struct {
		name string
		e    Estimate
		want float64
	}{
		{"pearson", p.Pearson, 0.11242776621184697},
		{"spearman", p.Spearman, 0.10409436871365678},
		{"kendall", p.Kendall, 0.07377866242119939},
	} {
		if c.e.N != 960 || !near(c.e.Coef, c.want, 1e-12) {
			t.Errorf("%s = %.17g over %d stories, want %.17g over 960", c.name, c.e.Coef, c.e.N, c.want)
		}
		if !(c.e.CIOK && c.e.Low < c.e.Coef && c.e.Coef < c.e.High) {
			t.Errorf("%s: interval %+v does not surround the estimate", c.name, c.e)
		}
	}
}

// TestFRANK reproduces the partial correlations of metrics with human
// factuality judgements, controlling for the summarisation system, that
// the FRANK benchmark reports (Pagnoni, Balachandran and Tsvetkov, NAACL
// 2021, "All data"): all 2,246 summaries of frank_joined.csv, both splits
// and both data sets, rows with the metric missing left out.
func TestFRANK(t *testing.T) {
	col, rows := readTable(t, "frank/frank_joined.csv")
	systems := make(map[string]int)
	tests := []struct {
		metric            string
		n                 int
		pearson, spearman float64
	}{
		{"FactCC", 2246, .204, .304},
		{"BertScore P Art", 2246, .271, .243},
		{"Dep Entail", 2163, .162, .143},
		{"QAGS", 2246, .065, .081},
	}
	for _, tt := range tests {
		t.Run(tt.metric, func(t *testing.T) {
			var x, y []float64
			var g []int
			for _, r := range rows {
				s := r[col["model_name"]]
				if _, ok := systems[s]; !ok {
					systems[s] = len(systems)
				}
				x = append(x, number(t, r[col[tt.metric]]))
				y = append(y, number(t, r[col["Factuality"]]))
				g = append(g, systems[s])
			}
			p := Partial(x, y, g, 0.95)
			if p.Pearson.N != tt.n || !near(p.Pearson.Coef, tt.pearson, 0.0005) || !near(p.Spearman.Coef, tt.spearman, 0.0005) {
				t.Errorf("partial Pearson %.4f, Spearman %.4f over %d, want %.3f, %.3f over %d",
					p.Pearson.Coef, p.Spearman.Coef, p.Pearson.N, tt.pearson, tt.spearman, tt.n)
			}
		})
	}
}

// TestFRANKRankFirst records why Partial ranks the residuals rather than
// residualising the ranks: the latter gives FactCC .197, not FRANK's .304.
func TestFRANKRankFirst(t *testing.T) {
	col, rows := readTable(t, "frank/frank_joined.csv")
	systems := make(map[string]int)
	var x, y []float64
	var g []int
	for _, r := range rows {
		s := r[col["model_name"]]
		if _, ok := systems[s]; !ok {
			systems[s] = len(systems)
		}
		x = append(x, number(t, r[col["FactCC"]]))
		y = append(y, number(t, r[col["Factuality"]]))
		g = append(g, systems[s])
	}
	got := Pearson(Residuals(Ranks(x), g), Residuals(Ranks(y), g), 0.95).Coef
	if !near(got, .197, 0.0005) {
		t.Errorf("residualised ranks give %.4f, want .197", got)
	}
}
