package build

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hannaWideConfig reads hanna_items_long.csv as published, with config
// only: the human ratings through a columns pattern (rater position and
// criterion code, renamed), the automatic metrics from the same file by a
// second source of kind metrics. Item is the prompt and iteration the
// system, so systems are compared paired on the prompt; agreement units are
// (item, iteration) pairs, the same 1,056 stories as with story_id.
const hannaWideConfig = `title = "HANNA"

[[sources]]
path = "data/hanna_items_long.csv"
kind = "annotations"
format = "wide"
item = "prompt_idx"
iteration = "system"
columns = 'Human (?P<rater>\d) (?P<dimension>[A-Z]{2})'

[sources.rename.rater]
1 = "h1"
2 = "h2"
3 = "h3"

[sources.rename.dimension]
RE = "relevance"
CH = "coherence"
EM = "empathy"
SU = "surprise"
EG = "engagement"
CX = "complexity"

[[sources]]
path = "data/hanna_items_long.csv"
kind = "metrics"
format = "wide"
item = "prompt_idx"
iteration = "system"
columns = '(?P<metric>BLEU|METEOR|chrF|BERTScore F1) \S+'
`

// TestHANNAWide imports HANNA from config alone (no conversion) and checks
// the published pooled interval alphas, the counts (1,056 stories x 3
// raters x 6 dimensions), the metrics read from the same file and the
// report of the columns the patterns left out.
func TestHANNAWide(t *testing.T) {
	src := filepath.Join(hannaDir, "hanna_items_long.csv")
	abs, err := filepath.Abs(src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(abs); err != nil {
		t.Skipf("HANNA is not available at %s (%v); it is kept outside the repository", hannaDir, err)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(abs, filepath.Join(dir, "data", "hanna_items_long.csv")); err != nil {
		t.Fatal(err)
	}
	var cfg strings.Builder
	cfg.WriteString(hannaWideConfig)
	for _, c := range hannaCriteria {
		cfg.WriteString("\n[dimensions." + c.dimension + "]\nscale = \"interval\"\nmin = 1\nmax = 5\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := Analyse(Options{Source: dir})
	if err != nil {
		t.Fatalf("analysing HANNA: %v", err)
	}
	p := a.Project
	if n := len(p.Iterations); n != 11 {
		t.Errorf("%d iterations; want HANNA's 11 systems", n)
	}
	if len(p.Dimensions) != 6 {
		t.Errorf("%d dimensions; want 6", len(p.Dimensions))
	}
	for _, d := range p.Dimensions {
		if len(d.Ratings) != 1056*3 {
			t.Errorf("%s: %d ratings; want 1056 stories x 3 raters", d.Name, len(d.Ratings))
		}
	}
	checked := 0
	for _, d := range a.Reliability.Dimensions {
		for _, c := range hannaCriteria {
			if c.dimension != d.Dimension {
				continue
			}
			checked++
			rec := d.Pooled
			if rec.NItems != 1056 || rec.NRaters != 3 || rec.NRatings != 3*1056 {
				t.Errorf("%s: %d units, %d raters, %d ratings; want 1056, 3, 3168", c.dimension, rec.NItems, rec.NRaters, rec.NRatings)
			}
			if rec.AlphaInterval == nil || math.Abs(*rec.AlphaInterval-c.alpha) >= 0.0005 {
				t.Errorf("%s: pooled interval alpha %v; want %.3f", c.dimension, hannaFloat(rec.AlphaInterval), c.alpha)
			}
		}
	}
	if checked != 6 {
		t.Errorf("reliability for %d of the 6 criteria", checked)
	}
	metrics := map[string]int{}
	for _, m := range p.Metrics {
		metrics[m.Name] = len(m.Values)
	}
	for _, name := range []string{"BLEU", "METEOR", "chrF", "BERTScore F1"} {
		if metrics[name] != 1056 {
			t.Errorf("metric %q: %d values; want one per story, 1056 (metrics %v)", name, metrics[name], metrics)
		}
	}
	if len(metrics) != 4 {
		t.Errorf("metrics %v; want the 4 the pattern names", metrics)
	}
	var ann, met bool
	for _, r := range p.Sources {
		if r.Path != "data/hanna_items_long.csv" || r.Format != "wide" {
			t.Errorf("source report %+v", r)
			continue
		}
		ignored := 0
		for _, s := range r.Skipped {
			if strings.HasPrefix(s.Reason, "column ignored") {
				ignored = s.N
			}
		}
		switch r.Kind {
		case "annotations":
			ann = true
			// 257 columns less item, iteration and the 18 rater columns.
			if r.Records != 1056 || r.Read != 1056 || r.Values != 1056*18 || ignored != 257-2-18 {
				t.Errorf("annotations report: %d records, %d read, %d values, %d columns ignored; want 1056, 1056, %d, %d", r.Records, r.Read, r.Values, ignored, 1056*18, 257-20)
			}
		case "metrics":
			met = true
			if r.Records != 1056 || r.Values != 4*1056 || ignored != 257-2-4 {
				t.Errorf("metrics report: %d records, %d values, %d columns ignored; want 1056, %d, %d", r.Records, r.Values, ignored, 4*1056, 257-6)
			}
		}
	}
	if !ann || !met {
		t.Errorf("reports %+v; want the file read once as annotations and once as metrics", p.Sources)
	}
}
