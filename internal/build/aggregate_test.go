package build

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAggregateProject builds a project given only as aggregates: the
// coincidence matrix Krippendorff (2011) prints for his worked example
// (values 1-5, published alphas nominal .743, ordinal .815, interval .849,
// ratio .797) and the moments of a metric whose values are 1..5 in v1 and
// 2..6 in v2 (mean 3, SD √2.5; t interval 3 ± 1.963243161). The pages say
// the figures come from aggregates and api/ marks them.
func TestAggregateProject(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"config.toml":     "title = \"t\"\n[dimensions.codes]\nscale = \"interval\"\n[[sources]]\npath = \"agg/*\"\nkind = \"aggregates\"\n",
		"agg/moments.csv": "metric,iteration,n,sum,sumsq\nacc,v1,5,15,55\nacc,v2,5,20,90\n",
		"agg/coincidences.csv": "dimension,iteration,value_a,value_b,count\n" +
			"codes,v1,1,1,7\ncodes,v1,1,2,1.3333333333333333\ncodes,v1,1,3,0.3333333333333333\ncodes,v1,1,4,0.3333333333333333\n" +
			"codes,v1,2,1,1.3333333333333333\ncodes,v1,2,2,10\ncodes,v1,2,3,1.3333333333333333\ncodes,v1,2,4,0.3333333333333333\n" +
			"codes,v1,3,1,0.3333333333333333\ncodes,v1,3,2,1.3333333333333333\ncodes,v1,3,3,8\ncodes,v1,3,4,0.3333333333333333\n" +
			"codes,v1,4,1,0.3333333333333333\ncodes,v1,4,2,0.3333333333333333\ncodes,v1,4,3,0.3333333333333333\ncodes,v1,4,4,4\n" +
			"codes,v1,5,5,3\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "site")
	if _, err := Build(Options{Source: dir, Output: out}); err != nil {
		t.Fatal(err)
	}
	var metrics struct {
		Metrics []struct {
			Points []struct {
				Iteration string
				N         int
				Mean      float64
				SD        *float64
				CI        *struct{ Low, High float64 }
				Method    string
			}
		}
	}
	var agreement struct {
		Records []struct {
			Iteration     string
			AlphaNominal  *float64 `json:"alpha_nominal"`
			AlphaOrdinal  *float64 `json:"alpha_ordinal"`
			AlphaInterval *float64 `json:"alpha_interval"`
			AlphaRatio    *float64 `json:"alpha_ratio"`
			Method        string
		}
	}
	readJSON(t, filepath.Join(out, "api", "metrics.json"), &metrics)
	readJSON(t, filepath.Join(out, "api", "agreement.json"), &agreement)
	pts := metrics.Metrics[0].Points
	if len(pts) != 2 || pts[0].N != 5 || pts[0].Mean != 3 || pts[1].Mean != 4 || pts[0].SD == nil || math.Abs(*pts[0].SD-math.Sqrt(2.5)) > 1e-12 ||
		pts[0].CI == nil || math.Abs(pts[0].CI.Low-(3-1.963243161)) > 1e-8 || pts[0].Method != "aggregate" {
		t.Errorf("metric points %+v", pts)
	}
	rec := agreement.Records[0] // pooled
	for _, a := range []struct {
		got  *float64
		want float64
	}{{rec.AlphaNominal, 0.743}, {rec.AlphaOrdinal, 0.815}, {rec.AlphaInterval, 0.849}, {rec.AlphaRatio, 0.797}} {
		if a.got == nil || math.Abs(*a.got-a.want) > 5e-4 {
			t.Errorf("alpha %v; want %.3f", a.got, a.want)
		}
	}
	if rec.Method != "aggregate" {
		t.Errorf("record method %q", rec.Method)
	}
	for page, want := range map[string]string{
		"metrics/acc.html":      "Computed from aggregates (count, sum and sum of squares per iteration)",
		"dimensions/codes.html": "Computed from aggregates (a coincidence matrix",
	} {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(page)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %q", page, want)
		}
	}
}

// TestAggregateSnapshot checks that the site snapshot of `evalbook build`
// sees an edit of an aggregate file, which lies in no configured data
// folder but in a [[sources]] glob.
func TestAggregateSnapshot(t *testing.T) {
	t.Parallel()
	dir, cacheDir := t.TempDir(), t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("config.toml", "title = \"t\"\n[[sources]]\npath = \"agg/*\"\nkind = \"aggregates\"\n")
	write("agg/moments.csv", "metric,iteration,n,sum,sumsq\nacc,v1,5,15,55\n")
	mean := func() (float64, bool) {
		t.Helper()
		s := NewSession(cacheDir)
		out := filepath.Join(t.TempDir(), "site")
		if _, err := s.Build(Options{Source: dir, Output: out}); err != nil {
			t.Fatal(err)
		}
		var m struct {
			Metrics []struct{ Points []struct{ Mean float64 } }
		}
		readJSON(t, filepath.Join(out, "api", "metrics.json"), &m)
		return m.Metrics[0].Points[0].Mean, s.Stats().Snapshot
	}
	if got, _ := mean(); got != 3 {
		t.Fatalf("mean %v; want 3", got)
	}
	if _, used := mean(); !used {
		t.Error("the second build with nothing changed did not use the snapshot")
	}
	write("agg/moments.csv", "metric,iteration,n,sum,sumsq\nacc,v1,5,20,90\n")
	if got, used := mean(); got != 4 || used {
		t.Errorf("after the edit: mean %v, snapshot used %v; want 4 from a new build", got, used)
	}
}
