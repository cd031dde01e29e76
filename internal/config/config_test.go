package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeConfig(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadMissingOptionalGivesDefaults(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(filepath.Join(dir, "config.toml"), true)
	if err != nil {
		t.Fatal(err)
	}
	if c.Root != dir || c.File != "" || c.Paths.Output != "site" || c.Analysis.Resamples != 1000 || c.Analysis.Confidence != 0.95 {
		t.Errorf("defaults = %+v", c)
	}
}

func TestLoadMissingExplicitIsError(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "nope.toml"), false); err == nil {
		t.Fatal("Load of a named, missing config succeeded")
	}
}

func TestLoadOverridesDefaults(t *testing.T) {
	path := writeConfig(t, `title = "Support bot"
baseURL = "https://org.github.io/repo/"
[paths]
output = "public"
[columns]
iteration = "model"
[metrics.latency_ms]
direction = "lower"
unit = "ms"
max = 2000.0
max_regression_rel = 0.1
[dimensions.tone]
scale = "nominal"
labels = ["ok", "rude"]
`)
	c, err := Load(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "Support bot" || c.Paths.Output != "public" || c.Paths.Metrics != "data/metrics" {
		t.Errorf("paths not merged with defaults: %+v", c.Paths)
	}
	if c.Columns.Iteration != "model" || c.Columns.Item != "item" {
		t.Errorf("columns not merged with defaults: %+v", c.Columns)
	}
	if m := c.Metric("latency_ms"); m.Direction != "lower" || m.Label != "latency_ms" || m.Unit != "ms" {
		t.Errorf("Metric(latency_ms) = %+v", m)
	}
	if m := c.Metric("latency_ms"); m.Max == nil || *m.Max != 2000 || m.MaxRegressionRel == nil || *m.MaxRegressionRel != 0.1 {
		t.Errorf("latency_ms thresholds = %+v", m.Thresholds)
	}
	if m := c.Metric("unconfigured"); m.Direction != "higher" || m.Label != "unconfigured" {
		t.Errorf("Metric(unconfigured) = %+v; want defaults", m)
	}
	if d := c.Dimension("tone"); d.Scale != "nominal" || len(d.Labels) != 2 {
		t.Errorf("Dimension(tone) = %+v", d)
	}
	if got := c.Agreement; got.Alert != 0.667 || got.Warn != 0.8 {
		t.Errorf("agreement thresholds = %+v; want Krippendorff's 0.667 and 0.8", got)
	}
	if got := c.Experiment; got.Correction != "holm" || got.Alpha != 0.05 {
		t.Errorf("experiment defaults = %+v", got)
	}
	if got := c.Discrepancy; got.Floor != 0.3 || got.Drop != 0.2 || got.MinItems != 20 || got.Top != 10 || !got.Partial {
		t.Errorf("discrepancy defaults = %+v", got)
	}
	if c.Project.Shape != ShapeTimeline || c.Project.Reference != "" {
		t.Errorf("project = %+v; want the timeline shape by default", c.Project)
	}
	if got := c.Path("data"); got != filepath.Join(filepath.Dir(path), "data") {
		t.Errorf("Path(data) = %s", got)
	}
}

func TestLoadSystemsShape(t *testing.T) {
	c, err := Load(writeConfig(t, "[project]\nshape = \"systems\"\nreference = \"Human-B\"\n"), false)
	if err != nil {
		t.Fatal(err)
	}
	if c.Project.Shape != ShapeSystems || c.Project.Reference != "Human-B" {
		t.Errorf("project = %+v", c.Project)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
		line            int // of the key named, in "config.toml:<line>:"
	}{
		{"unknown key", "title = \"x\"\n[paths]\nouptut = \"x\"\n", `config.toml:3: unknown key "paths.ouptut"`, 3},
		{"syntax", "title = \n", "config.toml:1:", 1},
		{"direction", "[metrics.acc]\ndirection = \"up\"\n", `metrics.acc.direction is "up"`, 2},
		{"scale", "[dimensions.h]\nscale = \"likert\"\n", `dimensions.h.scale is "likert"`, 2},
		{"min above max", "[dimensions.h]\nmin = 5.0\nmax = 1.0\n", "min 5 is not below max 1", 2},
		{"confidence", "[analysis]\nconfidence = 95.0\n", "analysis.confidence is 95", 2},
		{"resamples", "[analysis]\nresamples = 10\n", "analysis.resamples is 10", 2},
		{"empty output", "[paths]\noutput = \"\"\n", "paths.output is empty", 2},
		{"significant regression", "[metrics.acc]\nsignificant_regression = \"loud\"\n", `metrics.acc.significant_regression is "loud"`, 2},
		{"negative regression", "[metrics.acc]\nmax_regression = -0.1\n", "write them as positive numbers", 2},
		{"floor above ceiling", "[dimensions.h]\nfloor = 4.0\nceiling = 3.0\n", "dimensions.h: the lower threshold 4 is above the upper 3", 1},
		{"dimension direction", "[dimensions.h]\ndirection = \"down\"\n", `dimensions.h.direction is "down"`, 2},
		{"correction", "[experiments]\ncorrection = \"bonferroni\"\n", `config.toml:2: experiments.correction is "bonferroni"`, 2},
		{"on_bad_value", "[ingest]\non_bad_value = \"ignore\"\n", `config.toml:2: ingest.on_bad_value is "ignore"; want "error" or "skip"`, 2},
		{"slice weight 1", "title = \"x\"\n[experiments]\nalpha = 0.05\nslice_weight = 1.0\n", "config.toml:4: experiments.slice_weight is 1; want the slices' share", 4},
		{"slice weight negative", "[experiments]\nslice_weight = -0.2\n", "config.toml:2: experiments.slice_weight is -0.2;", 2},
		{"agreement thresholds", "[agreement]\nalert = 0.9\nwarn = 0.8\n", "must satisfy -1 <= alert <= warn <= 1", 2},
		{"discrepancy floor", "[discrepancy]\nfloor = 1.5\n", "discrepancy.floor is 1.5", 2},
		{"discrepancy drop", "[discrepancy]\ndrop = 0.0\n", "discrepancy.drop is 0", 2},
		{"discrepancy min items", "[discrepancy]\nmin_items = 2\n", "discrepancy.min_items must be at least 3", 2},
		{"discrepancy intervals", "[discrepancy]\nintervals = \"exact\"\n", `discrepancy.intervals is "exact"`, 2},
		{"consensus", "[dimensions.h]\nconsensus = \"mode\"\n", `dimensions.h.consensus is "mode"`, 2},
		{"pass and pass labels", "[dimensions.h]\npass = 4.0\npass_labels = [\"ok\"]\n", "not both", 2},
		{"shape", "[project]\nshape = \"leaderboard\"\n", `project.shape is "leaderboard"`, 2},
		{"reference of a timeline", "[project]\nreference = \"a\"\n", `project.reference is set for shape "timeline"`, 2},
		{"resamples negative", "title = \"x\"\n[analysis]\nresamples = -5\n", "analysis.resamples is -5", 3},
		{"resamples over the limit", "[analysis]\nresamples = 1000000000000\n", "analysis.resamples is 1000000000000, over limits.resamples (100000)", 2},
		{"resamples over a lowered limit", "[analysis]\nresamples = 2000\n[limits]\nresamples = 1000\n", "over limits.resamples (1000)", 2},
		{"zero limit", "[limits]\ncolumns = 0\n", "limits.columns is 0; want a positive number", 2},
		{"drift drop", "[agreement]\n\ndrift_drop = 0.0\n", "agreement.drift_drop and", 3},
		{"metric with a dot", "[metrics.\"acc.top1\"]\ndirection = \"up\"\n", `metrics."acc.top1".direction is "up"`, 2},
		{"unknown pass label", "[dimensions.t]\nlabels = [\"ok\", \"rude\"]\npass_labels = [\"fine\"]\n", `pass_labels names "fine"`, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(writeConfig(t, tt.src), false)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v; want one containing %q", err, tt.want)
			}
			if at := fmt.Sprintf("config.toml:%d:", tt.line); !strings.Contains(err.Error(), at) {
				t.Errorf("error = %v; want it at %s", err, at)
			}
		})
	}
}

// TestSliceWeight checks the default share of the slices and that 0, which
// means slices never flag, is kept rather than taken for "unset".
func TestSliceWeight(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want float64
	}{
		{"", 0.2},
		{"[experiments]\nslice_weight = 0.0\n", 0},
		{"[experiments]\nslice_weight = 0.5\n", 0.5},
	} {
		c, err := Load(writeConfig(t, tc.src), false)
		if err != nil {
			t.Fatal(err)
		}
		if w := c.Experiment.SliceWeight; w == nil || *w != tc.want {
			t.Errorf("%q: slice_weight %v, want %v", tc.src, w, tc.want)
		}
	}
	if *Default().Experiment.SliceWeight != 0.2 {
		t.Error("a Load changed the default")
	}
}

func TestSources(t *testing.T) {
	path := writeConfig(t, "lenient = true\n\n[[sources]]\npath = \"data/annotations/*.json\"\nformat = \"label-studio\"\niteration = \"model\"\n\n[[sources]]\npath = \"wmt/*.tsv\"\nkind = \"annotations\"\ndimension_value = \"mqm\"\nlenient = false\n")
	c, err := Load(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Lenient || len(c.Sources) != 2 || c.Sources[0].Line != 3 || c.Sources[1].Line != 8 ||
		c.Sources[0].Iteration != "model" || c.Sources[1].DimensionValue != "mqm" || c.Sources[1].Lenient == nil || *c.Sources[1].Lenient {
		t.Errorf("sources = %+v", c.Sources)
	}
}

func TestSourceErrors(t *testing.T) {
	for src, want := range map[string]string{
		"[[sources]]\npath = \"a/*.csv\"\ncolumn = \"x\"\n":                          `:3: unknown key "sources.column"`,
		"title = \"x\"\n[[sources]]\nkind = \"metrics\"\n":                           `:2: [[sources]] 1: path is empty`,
		"[[sources]]\npath = \"a\"\n[[sources]]\npath = \"b\"\nkind = \"ratings\"\n": `:3: [[sources]] 2: kind is "ratings"; want "metrics", "annotations", "outputs", "raters" or "aggregates"`,
		"[[sources]]\npath = \"a[\"\n":                                               `:1: [[sources]] 1: path "a[" is not a valid glob: syntax error in pattern`,
		"[[sources]]\npath = \"a\"\ndelimiter = \"::\"\n":                            `:1: [[sources]] 1: delimiter is "::"`,
		"[[sources]]\npath = \"a\"\nrater = \"who\"\nrater_value = \"x\"\n":          `:1: [[sources]] 1: sets both rater (a column) and rater_value (a fixed value); keep one`,
	} {
		path := writeConfig(t, src)
		_, err := Load(path, false)
		if err == nil || !strings.Contains(err.Error(), path+want) {
			t.Errorf("Load(%q) = %v; want an error containing %q", src, err, path+want)
		}
	}
}
