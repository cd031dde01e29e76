package ingest

import (
	"fmt"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unsafe"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

// files maps paths under the project root to their contents.
type files map[string]string

func (f files) fs() fstest.MapFS {
	m := fstest.MapFS{}
	for name, data := range f {
		m[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return m
}

// mustLoad loads f with the default config changed by mod.
func mustLoad(t *testing.T, f files, mod func(*config.Config)) (*project.Project, []string) {
	t.Helper()
	cfg := config.Default()
	if mod != nil {
		mod(cfg)
	}
	p, warnings, err := Load(cfg, f.fs())
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return p, warnings
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, err = time.Parse(time.DateOnly, s)
	}
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func TestLoadEmpty(t *testing.T) {
	for name, f := range map[string]files{
		"no folders":    {},
		"empty folders": {"data/metrics/.keep": "", "content/.keep": ""},
	} {
		t.Run(name, func(t *testing.T) {
			p, w := mustLoad(t, f, nil)
			if n := len(p.Iterations) + len(p.Metrics) + len(p.Dimensions) + len(p.Items) + len(p.CaseStudies) + len(p.Pages); n != 0 {
				t.Errorf("project = %+v; want an empty one", p)
			}
			if len(w) > 0 {
				t.Errorf("warnings = %q", w)
			}
		})
	}
}

// values flattens a metric's values for comparison, leaving out Pos.File.
type val struct {
	Iter, Item, Slice string
	V                 float64
	Line              int
	Time              time.Time
}

func metricValues(m project.Metric) []val {
	var out []val
	for _, v := range m.Values.Rows() {
		out = append(out, val{v.Iteration, v.Item, v.Slice, v.Value, v.Pos.Line, v.Time})
	}
	return out
}

func TestMetrics(t *testing.T) {
	tests := []struct {
		name  string
		files files
		cfg   func(*config.Config)
		want  map[string][]val // metric -> values
	}{
		{"long", files{"data/metrics/run.csv": "iteration,metric,value,item,slice,timestamp\n" +
			"v1,acc,1,q1,en,2026-01-12\n" +
			"v1,latency,120.5,q1,en,2026-01-12T10:00:00+02:00\n" +
			"v2,acc,0,q1,en,\n" +
			"v2,bleu,-1.5e-1,,,\n"}, nil,
			map[string][]val{
				"acc":     {{"v1", "q1", "en", 1, 2, date("2026-01-12")}, {"v2", "q1", "en", 0, 4, time.Time{}}},
				"bleu":    {{"v2", "", "", -0.15, 5, time.Time{}}},
				"latency": {{"v1", "q1", "en", 120.5, 3, date("2026-01-12T08:00:00Z")}},
			}},
		{"long, columns in any order and spaces", files{"data/metrics/run.csv": " value , metric ,iteration\n 0.5 , acc , v1 \n"}, nil,
			map[string][]val{"acc": {{"v1", "", "", 0.5, 2, time.Time{}}}}},
		{"wide with empty cells", files{"data/metrics/run.csv": "iteration,item,acc,f1\nv1,q1,1,0.5\nv1,q2,,0.25\nv1,q3,0,\n"}, nil,
			map[string][]val{
				"acc": {{"v1", "q1", "", 1, 2, time.Time{}}, {"v1", "q3", "", 0, 4, time.Time{}}},
				"f1":  {{"v1", "q1", "", 0.5, 2, time.Time{}}, {"v1", "q2", "", 0.25, 3, time.Time{}}},
			}},
		{"wide with slice, timestamp, BOM and CRLF", files{"data/metrics/run.csv": "\ufeffslice,iteration,item,timestamp,acc\r\nde,v1,q1,2026-02-01T00:00:00Z,1\r\n"}, nil,
			map[string][]val{"acc": {{"v1", "q1", "de", 1, 2, date("2026-02-01")}}}},
		{"wide with metric named value", files{"data/metrics/run.csv": "iteration,item,value\nv1,q1,3\n"}, nil,
			map[string][]val{"value": {{"v1", "q1", "", 3, 2, time.Time{}}}}},
		{"quoted fields", files{"data/metrics/run.csv": "iteration,item,\"exact, match\"\n\"v1\",\"q \"\"1\"\"\",\"0.5\"\n"}, nil,
			map[string][]val{"exact, match": {{"v1", `q "1"`, "", 0.5, 2, time.Time{}}}}},
		{"renamed columns", files{"data/metrics/run.csv": "model,score_name,score,example\nm1,acc,1,q1\n"},
			func(c *config.Config) {
				c.Columns.Iteration, c.Columns.Metric, c.Columns.Value, c.Columns.Item = "model", "score_name", "score", "example"
			},
			map[string][]val{"acc": {{"m1", "q1", "", 1, 2, time.Time{}}}}},
		{"files in name order, long and wide mixed", files{
			"data/metrics/b.csv":  "iteration,item,acc\nv2,q1,0.5\n",
			"data/metrics/a.csv":  "iteration,metric,value,item\nv1,acc,0.25,q1\n",
			"data/metrics/.d.csv": "hidden",
		}, nil,
			map[string][]val{"acc": {{"v1", "q1", "", 0.25, 2, time.Time{}}, {"v2", "q1", "", 0.5, 2, time.Time{}}}}},
		{"multi-line quoted cell keeps row line", files{"data/metrics/run.csv": "iteration,item,acc\nv1,\"q\n1\",1\nv1,q2,0\n"}, nil,
			map[string][]val{"acc": {{"v1", "q\n1", "", 1, 2, time.Time{}}, {"v1", "q2", "", 0, 4, time.Time{}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := mustLoad(t, tt.files, tt.cfg)
			got := map[string][]val{}
			var names []string
			for _, m := range p.Metrics {
				names = append(names, m.Name)
				got[m.Name] = metricValues(m)
			}
			if !slices.IsSorted(names) {
				t.Errorf("metrics not sorted: %q", names)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("values\n got: %+v\nwant: %+v", got, tt.want)
			}
		})
	}
}

func TestMetricSettings(t *testing.T) {
	p, w := mustLoad(t, files{"data/metrics/a.csv": "iteration,item,latency,acc\nv1,q1,100,1\n"}, func(c *config.Config) {
		c.Metrics = map[string]config.MetricConfig{
			"latency": {Label: "Latency", Unit: "ms", Direction: "lower", Description: "p50", Headline: true},
			"rouge":   {},
		}
	})
	want := []project.Metric{
		{Name: "acc", Label: "acc", Direction: project.HigherIsBetter},
		{Name: "latency", Label: "Latency", Description: "p50", Unit: "ms", Direction: project.LowerIsBetter, Headline: true},
	}
	for i := range p.Metrics {
		p.Metrics[i].Values = project.Values{}
	}
	if !reflect.DeepEqual(p.Metrics, want) {
		t.Errorf("metrics\n got: %+v\nwant: %+v", p.Metrics, want)
	}
	if wantW := []string{"config: [metrics.rouge] is configured but no metric file has it"}; !reflect.DeepEqual(w, wantW) {
		t.Errorf("warnings = %q; want %q", w, wantW)
	}
}

func TestIterationOrder(t *testing.T) {
	tests := []struct {
		name  string
		files files
		want  []project.Iteration
	}{
		{"first appearance, metrics before annotations", files{
			"data/metrics/b.csv":     "iteration,metric,value\nv3,acc,1\nv1,acc,1\n",
			"data/metrics/a.csv":     "iteration,metric,value\nv2,acc,1\n",
			"data/annotations/a.csv": "item,rater,dimension,value,iteration\nq1,r1,help,3,v0\nq1,r1,help,3,\nq1,r1,help,3,v3\n",
		}, []project.Iteration{{ID: "v2", Order: 0}, {ID: "v3", Order: 1}, {ID: "v1", Order: 2}, {ID: "v0", Order: 3}}},
		{"earliest timestamp when all have one", files{
			"data/metrics/a.csv":     "iteration,metric,value,timestamp\nv2,acc,1,2026-03-01\nv1,acc,1,2026-02-01\nv2,acc2,1,2026-01-15T12:00:00Z\n",
			"data/annotations/a.csv": "item,rater,dimension,value,iteration,timestamp\nq1,r1,help,3,v1,2026-01-10\n",
		}, []project.Iteration{
			{ID: "v1", Order: 0, Date: date("2026-01-10")},
			{ID: "v2", Order: 1, Date: date("2026-01-15T12:00:00Z")},
		}},
		{"first appearance when one has no timestamp", files{
			"data/metrics/a.csv": "iteration,metric,value,timestamp\nv2,acc,1,2026-03-01\nv1,acc,1,\n",
		}, []project.Iteration{{ID: "v2", Order: 0, Date: date("2026-03-01")}, {ID: "v1", Order: 1}}},
		{"ties keep first appearance", files{
			"data/metrics/a.csv": "iteration,metric,value,timestamp\nb,acc,1,2026-03-01\na,acc,1,2026-03-01\n",
		}, []project.Iteration{{ID: "b", Order: 0, Date: date("2026-03-01")}, {ID: "a", Order: 1, Date: date("2026-03-01")}}},
		{"iterations file", files{
			"data/metrics/a.csv": "iteration,metric,value,timestamp\nv2,acc,1,2026-03-01\nv1,acc,1,2026-01-01\n",
			"data/iterations.toml": `# the series
[[iteration]]
id = "v2"            # listed first on purpose
description = "Second"
[[iteration]]
id = "v1"
date = 2025-12-24
[[iteration]]
id = "v3"
baseline = "v1"
date = 2026-04-01T09:30:00Z
`,
		}, []project.Iteration{
			{ID: "v2", Order: 0, Date: date("2026-03-01"), Description: "Second"},
			{ID: "v1", Order: 1, Date: date("2025-12-24")},
			{ID: "v3", Order: 2, Date: date("2026-04-01T09:30:00Z"), Baseline: "v1"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := mustLoad(t, tt.files, nil)
			if !reflect.DeepEqual(p.Iterations, tt.want) {
				t.Errorf("iterations\n got: %+v\nwant: %+v", p.Iterations, tt.want)
			}
		})
	}
}

// TestLocalDateIsWallClock checks that a TOML date without a zone means the
// same day wherever the build runs.
func TestLocalDateIsWallClock(t *testing.T) {
	old := time.Local
	defer func() { time.Local = old }()
	time.Local = time.FixedZone("far east", 14*3600)
	p, _ := mustLoad(t, files{"data/iterations.toml": "[[iteration]]\nid = \"v1\"\ndate = 2026-01-12\n"}, nil)
	if got := p.Iterations[0].Date; !got.Equal(date("2026-01-12")) || got.Location() != time.UTC {
		t.Errorf("date = %v; want 2026-01-12 00:00 UTC", got)
	}
}

type rat struct {
	Item, Rater, Iter, Label string
	V                        float64
	Line                     int
}

func ratings(d project.Dimension) []rat {
	var out []rat
	for _, r := range d.Ratings.Slice() {
		out = append(out, rat{r.Item, r.Rater, r.Iteration, r.Label, r.Value, r.Pos.Line})
	}
	return out
}

func TestAnnotations(t *testing.T) {
	type dim struct {
		Scale   project.Scale
		Numeric bool
		Labels  []string
		Ratings []rat
	}
	tests := []struct {
		name  string
		files files
		cfg   map[string]config.DimensionConfig
		want  map[string]dim
	}{
		{"numeric csv", files{"data/annotations/a.csv": "item,rater,dimension,value\nq1,r1,help,4\nq1,r2,help, 3.5 \nq2,r1,help,\n"}, nil,
			map[string]dim{"help": {project.Interval, true, nil, []rat{{"q1", "r1", "", "4", 4, 2}, {"q1", "r2", "", "3.5", 3.5, 3}}}}},
		{"labels in order of first appearance", files{"data/annotations/a.csv": "item,rater,dimension,value\nq1,r1,tone,rude\nq1,r2,tone,polite\nq2,r1,tone,rude\nq2,r2,tone,3\n"}, nil,
			map[string]dim{"tone": {project.Nominal, false, []string{"rude", "polite", "3"}, []rat{
				{"q1", "r1", "", "rude", 0, 2}, {"q1", "r2", "", "polite", 0, 3}, {"q2", "r1", "", "rude", 0, 4}, {"q2", "r2", "", "3", 0, 5}}}}},
		{"ordinal with configured labels", files{"data/annotations/a.csv": "item,rater,dimension,value\nq1,r1,quality,good\nq1,r2,quality,bad\n"},
			map[string]config.DimensionConfig{"quality": {Scale: "ordinal", Labels: []string{"bad", "ok", "good"}}},
			map[string]dim{"quality": {project.Ordinal, false, []string{"bad", "ok", "good"}, []rat{{"q1", "r1", "", "good", 2, 2}, {"q1", "r2", "", "bad", 0, 3}}}}},
		{"ordinal from data", files{"data/annotations/a.csv": "item,rater,dimension,value\nq1,r1,quality,ok\nq1,r2,quality,bad\nq2,r1,quality,ok\n"},
			map[string]config.DimensionConfig{"quality": {Scale: "ordinal"}},
			map[string]dim{"quality": {project.Ordinal, false, []string{"ok", "bad"}, []rat{{"q1", "r1", "", "ok", 0, 2}, {"q1", "r2", "", "bad", 1, 3}, {"q2", "r1", "", "ok", 0, 4}}}}},
		{"numeric ordinal keeps numbers", files{"data/annotations/a.csv": "item,rater,dimension,value\nq1,r1,stars,5\n"},
			map[string]config.DimensionConfig{"stars": {Scale: "ordinal"}},
			map[string]dim{"stars": {project.Ordinal, true, nil, []rat{{"q1", "r1", "", "5", 5, 2}}}}},
		{"jsonl numbers and strings", files{"data/annotations/a.jsonl": "\ufeff" +
			`{"item":"q1","rater":"r1","dimension":"help","value":4,"iteration":"v1","timestamp":"2026-01-01"}` + "\r\n" +
			"\r\n" +
			`{"item":17,"rater":"r2","dimension":"help","value":"2.5","iteration":"v1"}` + "\n" +
			`{"item":"q1","rater":"r2","dimension":"tone","value":"polite"}` + "\n" +
			`{"item":"q1","rater":"r3","dimension":"tone","value":null}` + "\n"}, nil,
			map[string]dim{
				"help": {project.Interval, true, nil, []rat{{"q1", "r1", "v1", "4", 4, 1}, {"17", "r2", "v1", "2.5", 2.5, 3}}},
				"tone": {project.Nominal, false, []string{"polite"}, []rat{{"q1", "r2", "", "polite", 0, 4}}},
			}},
		{"csv and jsonl in name order", files{
			"data/annotations/b.csv":   "item,rater,dimension,value\nq2,r1,help,2\n",
			"data/annotations/a.jsonl": `{"item":"q1","rater":"r1","dimension":"help","value":1}` + "\n",
		}, nil,
			map[string]dim{"help": {project.Interval, true, nil, []rat{{"q1", "r1", "", "1", 1, 1}, {"q2", "r1", "", "2", 2, 2}}}}},
		{"as many labels as numbers is a label dimension", files{"data/annotations/a.csv": "item,rater,dimension,value\nq1,r1,tone,1\nq1,r2,tone,rude\nq2,r1,tone,2\nq2,r2,tone,ok\n"}, nil,
			map[string]dim{"tone": {project.Nominal, false, []string{"1", "rude", "2", "ok"}, []rat{
				{"q1", "r1", "", "1", 0, 2}, {"q1", "r2", "", "rude", 0, 3}, {"q2", "r1", "", "2", 0, 4}, {"q2", "r2", "", "ok", 0, 5}}}}},
		{"mostly numbers with a configured nominal scale", files{"data/annotations/a.csv": "item,rater,dimension,value\nq1,r1,code,200\nq1,r2,code,404\nq2,r1,code,timeout\n"},
			map[string]config.DimensionConfig{"code": {Scale: "nominal"}},
			map[string]dim{"code": {project.Nominal, false, []string{"200", "404", "timeout"}, []rat{
				{"q1", "r1", "", "200", 0, 2}, {"q1", "r2", "", "404", 0, 3}, {"q2", "r1", "", "timeout", 0, 4}}}}},
		{"mostly numbers with configured labels", files{"data/annotations/a.csv": "item,rater,dimension,value\nq1,r1,stars,1\nq1,r2,stars,2\nq2,r1,stars,none\n"},
			map[string]config.DimensionConfig{"stars": {Labels: []string{"none", "1", "2"}}},
			map[string]dim{"stars": {project.Nominal, false, []string{"none", "1", "2"}, []rat{
				{"q1", "r1", "", "1", 0, 2}, {"q1", "r2", "", "2", 0, 3}, {"q2", "r1", "", "none", 0, 4}}}}},
		{"gold column is not a rating", files{"data/annotations/a.csv": "gold,item,rater,dimension,value\n4,q1,r1,help,3\n,q2,r1,help,5\n"}, nil,
			map[string]dim{"help": {project.Interval, true, nil, []rat{{"q1", "r1", "", "3", 3, 2}, {"q2", "r1", "", "5", 5, 3}}}}},
		{"repeat keeps the last", files{
			"data/annotations/a.csv": "item,rater,dimension,value,iteration\nq1,r1,help,1,v1\nq1,r1,help,2,v2\nq2,r1,help,3,v1\n",
			"data/annotations/b.csv": "item,rater,dimension,value,iteration\nq1,r1,help,5,v1\n",
		}, nil,
			map[string]dim{"help": {project.Interval, true, nil, []rat{{"q1", "r1", "v2", "2", 2, 3}, {"q2", "r1", "v1", "3", 3, 4}, {"q1", "r1", "v1", "5", 5, 2}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := mustLoad(t, tt.files, func(c *config.Config) { c.Dimensions = tt.cfg })
			got := map[string]dim{}
			for _, d := range p.Dimensions {
				got[d.Name] = dim{d.Scale, d.Numeric, d.Labels, ratings(d)}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("dimensions\n got: %+v\nwant: %+v", got, tt.want)
			}
		})
	}
}

func TestRepeatedRatingWarning(t *testing.T) {
	_, w := mustLoad(t, files{
		"data/annotations/a.csv": "item,rater,dimension,value,iteration\nq1,r1,help,1,v1\n",
		"data/annotations/b.csv": "item,rater,dimension,value,iteration\nq1,r1,help,5,v1\nq1,r1,help,4,v1\n",
	}, nil)
	want := []string{
		`data/annotations/b.csv:2: rater "r1" rated item "q1" on "help" in iteration "v1" again; keeping this rating, not the one at data/annotations/a.csv:2`,
		`data/annotations/b.csv:3: rater "r1" rated item "q1" on "help" in iteration "v1" again; keeping this rating, not the one at data/annotations/b.csv:2`,
	}
	if !reflect.DeepEqual(w, want) {
		t.Errorf("warnings\n got: %q\nwant: %q", w, want)
	}
}

func TestStrictAllowsDistinctRatings(t *testing.T) {
	// The same rater, item and dimension in another iteration, or by another
	// rater, is no repeat.
	p, w := mustLoad(t, files{"data/annotations/a.csv": "item,rater,dimension,value,iteration\nq1,r1,help,1,v1\nq1,r1,help,2,v2\nq1,r2,help,2,v1\nq1,r1,tone,ok,v1\n"},
		func(c *config.Config) { c.Agreement.Strict = true })
	if len(w) != 0 || len(p.Dimensions) != 2 || p.Dimensions[0].Ratings.Len() != 3 {
		t.Errorf("warnings %q, dimensions %+v", w, p.Dimensions)
	}
}

func TestGold(t *testing.T) {
	const a = "data/annotations/a.csv"
	tests := []struct {
		name     string
		files    files
		cfg      func(*config.Config)
		want     map[string]map[string]string // dimension -> Gold
		warnings []string
	}{
		{"none", files{a: "item,rater,dimension,value\nq1,r1,help,3\n"}, nil,
			map[string]map[string]string{"help": nil}, nil},
		{"from items", files{
			"data/items.jsonl": `{"id":"q1","gold":{"help":4,"tone":" polite "},"language":"en"}` + "\n" +
				`{"id":"q2","gold":{"help":2.5,"tone":null}}` + "\n" + `{"id":"q3","gold":null}` + "\n" + `{"id":"q4","gold":{}}` + "\n" +
				`{"id":"q5","gold":{"tone":""}}` + "\n",
			a: "item,rater,dimension,value\nq1,r1,help,3\nq1,r1,tone,rude\n",
		}, nil, map[string]map[string]string{"help": {"q1": "4", "q2": "2.5"}, "tone": {"q1": "polite"}}, nil},
		{"from an annotation column, repeated and equal", files{
			a: "item,rater,dimension,value,gold,iteration\nq1,r1,help,3,4,v1\nq1,r2,help,4,4,v1\nq1,r1,help,5,4.0,v2\nq2,r1,help,2,,v1\nq3,r1,help,, 1 ,v1\n",
		}, nil, map[string]map[string]string{"help": {"q1": "4", "q3": "1"}}, nil},
		{"from JSONL annotations", files{
			"data/annotations/b.jsonl": `{"item":"q1","rater":"r1","dimension":"tone","value":"rude","gold":"polite"}` + "\n" +
				`{"item":"q1","rater":"r1","dimension":"help","value":3,"gold":5}` + "\n" +
				`{"item":"q2","rater":"r1","dimension":"help","value":3,"gold":null}` + "\n",
		}, nil, map[string]map[string]string{"help": {"q1": "5"}, "tone": {"q1": "polite"}}, nil},
		{"items first, then annotation files in name order", files{
			"data/items.jsonl":       `{"id":"q1","gold":{"help":3}}` + "\n",
			"data/annotations/b.csv": "item,rater,dimension,value,gold\nq2,r2,help,1,2\n",
			a:                        "item,rater,dimension,value,gold\nq1,r1,help,1,3.00\nq2,r1,help,1,2.0\n",
		}, nil, map[string]map[string]string{"help": {"q1": "3", "q2": "2.0"}}, nil},
		{"numbers as labels on a label dimension", files{
			"data/items.jsonl": `{"id":"q1","gold":{"tone":3}}` + "\n",
			a:                  "item,rater,dimension,value\nq1,r1,tone,3\nq1,r2,tone,rude\n",
		}, nil, map[string]map[string]string{"tone": {"q1": "3"}}, nil},
		{"dimension without ratings", files{
			"data/items.jsonl": `{"id":"q1","gold":{"help":3,"fluency":2}}` + "\n" + `{"id":"q2","gold":{"fluency":5,"coherence":1}}` + "\n",
			a:                  "item,rater,dimension,value,gold\nq1,r1,help,3,\nq1,r1,coherence,,2\n",
		}, nil, map[string]map[string]string{"help": {"q1": "3"}}, []string{
			`data/items.jsonl:1: 2 gold answers for dimension "fluency" ignored: no annotation file rates that dimension`,
			`data/items.jsonl:2: 2 gold answers for dimension "coherence" ignored: no annotation file rates that dimension`,
		}},
		{"a column renamed to gold is not the gold answer", files{a: "item,rater,dimension,gold\nq1,r1,help,3\n"},
			func(c *config.Config) { c.Columns.Value = "gold" },
			map[string]map[string]string{"help": nil}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, w := mustLoad(t, tt.files, tt.cfg)
			got := map[string]map[string]string{}
			for _, d := range p.Dimensions {
				got[d.Name] = d.Gold
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("gold\n got: %v\nwant: %v", got, tt.want)
			}
			if !reflect.DeepEqual(w, tt.warnings) {
				t.Errorf("warnings\n got: %q\nwant: %q", w, tt.warnings)
			}
		})
	}
}

func TestDimensionSettings(t *testing.T) {
	p, w := mustLoad(t, files{"data/annotations/a.csv": "item,rater,dimension,value\nq1,r1,help,4\n"}, func(c *config.Config) {
		c.File = "/proj/config.toml"
		c.Root = "/proj"
		c.Dimensions = map[string]config.DimensionConfig{
			"help":    {Label: "Helpfulness", Description: "Does it help?", Scale: "ratio"},
			"fluency": {},
		}
	})
	d := p.Dimensions[0]
	if d.Label != "Helpfulness" || d.Description != "Does it help?" || d.Scale != project.Ratio {
		t.Errorf("dimension = %+v", d)
	}
	// The config file is not in the test FS, so no line is known.
	want := []string{"config.toml: [dimensions.fluency] is configured but no annotation file has it"}
	if !reflect.DeepEqual(w, want) {
		t.Errorf("warnings = %q; want %q", w, want)
	}
}

func TestConfigWarningLine(t *testing.T) {
	cfg := config.Default()
	cfg.Root, cfg.File = "proj", "proj/config.toml"
	cfg.Metrics = map[string]config.MetricConfig{"bleu": {}}
	f := files{"config.toml": "title = \"x\"\n\n[metrics.bleu]\nlabel = \"BLEU\"\n"}
	_, w, err := Load(cfg, f.fs())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"config.toml:3: [metrics.bleu] is configured but no metric file has it"}
	if !reflect.DeepEqual(w, want) {
		t.Errorf("warnings = %q; want %q", w, want)
	}
}

func TestEmptyFileWarnings(t *testing.T) {
	_, w := mustLoad(t, files{
		"data/metrics/a.csv":     "",
		"data/metrics/b.csv":     "iteration,item\nv1,q1\n",
		"data/annotations/a.csv": "\ufeff",
	}, nil)
	want := []string{
		"data/metrics/a.csv:1: empty file, no header",
		`data/metrics/b.csv:1: no metric columns: a wide file has a column per metric, a long file has "metric" and "value" columns`,
		"data/annotations/a.csv:1: empty file, no header",
	}
	if !reflect.DeepEqual(w, want) {
		t.Errorf("warnings\n got: %q\nwant: %q", w, want)
	}
}

func TestItems(t *testing.T) {
	p, _ := mustLoad(t, files{"data/items.jsonl": `{"id":"q2","input":" Hi ","output":"Hello","reference":null,"language":"de","len":12,"hard":true,"note":null,"gold":{"help":4}}` + "\n" +
		"\n" +
		`{"id":1,"input":"x"}` + "\r\n"}, nil)
	want := []project.Item{
		{ID: "1", Input: "x", Pos: project.Pos{File: "data/items.jsonl", Line: 3}},
		{ID: "q2", Input: " Hi ", Output: "Hello", Slices: map[string]string{"language": "de", "len": "12", "hard": "true"},
			Pos: project.Pos{File: "data/items.jsonl", Line: 1}},
	}
	if !reflect.DeepEqual(p.Items, want) {
		t.Errorf("items\n got: %+v\nwant: %+v", p.Items, want)
	}
	if it, ok := p.Item("q2"); !ok || it.Output != "Hello" {
		t.Errorf("Item(q2) = %+v, %v", it, ok)
	}
}

func TestDocuments(t *testing.T) {
	p, _ := mustLoad(t, files{
		"data/metrics/a.csv":        "iteration,metric,value\nv1,acc,1\nv2,acc,1\n",
		"casestudies/old.md":        "+++\ntitle = \"Old\"\ndate = 2026-01-01\niterations = [\"v1\"]\n+++\nSee [home](/index.md).\n",
		"casestudies/new.md":        "+++\ndate = 2026-02-01\n+++\nNew\n",
		"casestudies/wip.md":        "+++\ndraft = true\niterations = [\"v9\"]\n+++\n",
		"casestudies/sub/nested.md": "not a case study: only the top folder counts",
		"content/about.md":          "+++\n+++\nAbout [us](/team.md) <b>bold</b>\n",
		"content/decisions/ship.md": "+++\ntitle = \"Ship v2\"\niterations = [\"v2\"]\n+++\n",
		"content/logs/2026/rb.md":   "+++\nkind = \"decision\"\n+++\n",
		"content/decisions/faq.md":  "+++\nkind = \"page\"\n+++\n",
		"content/.drafts/x.md":      "hidden",
		"content/notes.txt":         "not Markdown",
	}, nil)
	type doc struct {
		Kind          project.Kind
		Source, Slug  string
		Title         string
		HTMLSubstring string
	}
	got := func(docs []project.Document, subs []string) []doc {
		var out []doc
		for i, d := range docs {
			out = append(out, doc{d.Kind, d.Source, d.Slug, d.Meta.Title, ""})
			if !strings.Contains(string(d.HTML), subs[i]) {
				t.Errorf("%s: HTML %q lacks %q", d.Source, d.HTML, subs[i])
			}
		}
		return out
	}
	cases := got(p.CaseStudies, []string{"New", `href="../index.html"`})
	wantCases := []doc{
		{project.CaseStudy, "casestudies/new.md", "casestudies/new", "new", ""},
		{project.CaseStudy, "casestudies/old.md", "casestudies/old", "Old", ""},
	}
	if !reflect.DeepEqual(cases, wantCases) {
		t.Errorf("case studies\n got: %+v\nwant: %+v", cases, wantCases)
	}
	pages := got(p.Pages, []string{`href="team.html"`, "", "", "", ""})
	wantPages := []doc{
		{project.Page, "content/about.md", "about", "about", ""},
		{project.Page, "content/decisions/faq.md", "decisions/faq", "faq", ""},
		{project.Decision, "content/decisions/ship.md", "decisions/ship", "Ship v2", ""},
		{project.Decision, "content/logs/2026/rb.md", "logs/2026/rb", "rb", ""},
	}
	if !reflect.DeepEqual(pages, wantPages) {
		t.Errorf("pages\n got: %+v\nwant: %+v", pages, wantPages)
	}
	if html := string(p.Pages[0].HTML); strings.Contains(html, "<b>") {
		t.Errorf("raw HTML let through without unsafe: %s", html)
	}
	if len(p.Decisions()) != 2 {
		t.Errorf("Decisions() = %d; want 2", len(p.Decisions()))
	}
}

func TestDocumentsUnsafeAndRoot(t *testing.T) {
	p, _ := mustLoad(t, files{"content/a/b/c.md": "<b>x</b> [home](/index.md)\n"}, func(c *config.Config) { c.Unsafe, c.Content.PlainPages = true, true })
	html := string(p.Pages[0].HTML)
	for _, want := range []string{"<b>x</b>", `href="../../index.html"`} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML %q lacks %q", html, want)
		}
	}
}

// TestInterning checks that repeated identifiers share one copy and that
// interning changes no value, even where the CSV reader reuses its record.
func TestInterning(t *testing.T) {
	var b strings.Builder
	b.WriteString("iteration,item,slice,acc,f1\n")
	for i := range 50 {
		fmt.Fprintf(&b, "v1,\"q,%d\",de,%s,0\n", i, strings.Repeat("1", 1+i%3))
	}
	p, _ := mustLoad(t, files{"data/metrics/a.csv": b.String()}, nil)
	var iters, slicesSeen []string
	for _, m := range p.Metrics {
		for i, v := range m.Values.Rows() {
			if v.Iteration != "v1" || v.Item != fmt.Sprintf("q,%d", i) || v.Slice != "de" {
				t.Fatalf("value %+v changed by interning", v)
			}
			iters, slicesSeen = append(iters, v.Iteration), append(slicesSeen, v.Slice)
		}
	}
	if len(iters) != 100 {
		t.Fatalf("%d values; want 100", len(iters))
	}
	for i := range iters {
		if unsafe.StringData(iters[i]) != unsafe.StringData(iters[0]) || unsafe.StringData(slicesSeen[i]) != unsafe.StringData(slicesSeen[0]) {
			t.Fatalf("value %d holds its own copy of an identifier", i)
		}
	}
	// Row 50 (i = 49) has acc "11".
	if got := p.Metrics[0].Values.At(49).Value; got != 11 {
		t.Errorf("last acc = %v; want 11", got)
	}
}

// TestProject reads the small project in testdata/project from disk.
func TestProject(t *testing.T) {
	cfg, err := config.Load("testdata/project/config.toml", false)
	if err != nil {
		t.Fatal(err)
	}
	p, w, err := Load(cfg, os.DirFS(cfg.Root))
	if err != nil {
		t.Fatal(err)
	}
	if len(w) != 0 {
		t.Errorf("warnings: %q", w)
	}
	var ids []string
	for _, it := range p.Iterations {
		ids = append(ids, it.ID)
	}
	if want := []string{"v1", "v2", "v3"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("iterations = %q; want %q", ids, want)
	}
	if len(p.Metrics) != 3 || p.Metrics[1].Name != "latency" || p.Metrics[1].Direction != project.LowerIsBetter {
		t.Errorf("metrics = %+v", p.Metrics)
	}
	counts := map[string]int{}
	for _, m := range p.Metrics {
		counts[m.Name] = m.Values.Len()
	}
	// accuracy: 3 items x 3 iterations (wide) ; latency: same; rouge: 3 iteration-level (long).
	if want := map[string]int{"accuracy": 9, "latency": 9, "rouge": 3}; !reflect.DeepEqual(counts, want) {
		t.Errorf("value counts = %v; want %v", counts, want)
	}
	if len(p.Dimensions) != 2 || p.Dimensions[0].Ratings.Len() != 6 || p.Dimensions[1].Ratings.Len() != 3 {
		t.Errorf("dimensions = %+v", p.Dimensions)
	}
	if h, tone := p.Dimensions[0].Gold, p.Dimensions[1].Gold; !reflect.DeepEqual(h, map[string]string{"q1": "4"}) || !reflect.DeepEqual(tone, map[string]string{"q2": "neutral"}) {
		t.Errorf("gold: help %v, tone %v", h, tone)
	}
	if len(p.Items[0].Slices) != 1 {
		t.Errorf("item q1 slices = %v; want only language (gold is not a slice)", p.Items[0].Slices)
	}
	if len(p.Items) != 3 || len(p.CaseStudies) != 1 || len(p.Pages) != 1 || p.Pages[0].Kind != project.Decision {
		t.Errorf("items %d, case studies %d, pages %+v", len(p.Items), len(p.CaseStudies), p.Pages)
	}
}

// TestDeterministic checks that the result does not depend on how many
// files are read at once.
func TestDeterministic(t *testing.T) {
	f := files{"data/iterations.toml": "[[iteration]]\nid = \"v0\"\n"}
	for i := range 12 {
		var m, a strings.Builder
		m.WriteString("iteration,item,acc\n")
		a.WriteString("item,rater,dimension,value,iteration\n")
		for j := range 40 {
			fmt.Fprintf(&m, "v%d,q%d,%d\n", i, j, (i*j)%2)
			fmt.Fprintf(&a, "q%d,r%d,help,%d,v%d\n", j%7, j%3, j%5, i%4)
		}
		f[fmt.Sprintf("data/metrics/m%02d.csv", i)] = m.String()
		f[fmt.Sprintf("data/annotations/a%02d.csv", i)] = a.String()
	}
	f["data/iterations.toml"] = ""
	for i := range 12 {
		f["data/iterations.toml"] += fmt.Sprintf("[[iteration]]\nid = \"v%d\"\n", 11-i)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	p1, w1, err1 := Load(config.Default(), f.fs())
	runtime.GOMAXPROCS(8)
	p8, w8, err8 := Load(config.Default(), f.fs())
	if err1 != nil || err8 != nil {
		t.Fatal(err1, err8)
	}
	if !reflect.DeepEqual(p1, p8) || !reflect.DeepEqual(w1, w8) {
		t.Error("results differ between GOMAXPROCS 1 and 8")
	}
	if len(w1) == 0 || p1.Dimensions[0].Ratings.Len() >= 12*40 {
		t.Errorf("want repeated ratings dropped with warnings; got %d warnings, %d ratings", len(w1), p1.Dimensions[0].Ratings.Len())
	}
}

func TestInvestigation(t *testing.T) {
	p, _ := mustLoad(t, files{
		"data/metrics/m.csv":     "iteration,item,acc\nv1,q1,1\nv2,q1,0\n",
		"data/annotations/a.csv": "iteration,item,rater,dimension,value\nv1,q1,r1,help,4\n",
		"content/why.md": "+++\ntitle = \"Why\"\n[[discrepancies]]\nmetric = \"acc\"\ndimension = \"help\"\n" +
			"iterations = [\"v2\"]\nitems = [\"q1\"]\ncause = \"guideline-gap\"\n+++\nBody\n",
	}, nil)
	want := []project.DiscrepancyRef{{Metric: "acc", Dimension: "help", Iterations: []string{"v2"}, Items: []string{"q1"}, Cause: "guideline-gap"}}
	if len(p.Pages) != 1 || !reflect.DeepEqual(p.Pages[0].Meta.Discrepancies, want) {
		t.Errorf("pages %+v; want one investigation of %+v", p.Pages, want)
	}
}
