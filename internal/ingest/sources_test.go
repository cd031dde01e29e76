package ingest

import (
	"reflect"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

// TestNoSilentSkip checks that a file in a data folder that no reader takes
// stops the build with the formats tried and why each did not fit, and that
// with lenient on it is a warning and a report, never silence.
func TestNoSilentSkip(t *testing.T) {
	tests := []struct {
		name, file, data, want string
	}{
		{"summary.json", "data/metrics/summary.json", "{\n  \"summary\": {\"acc\": 0.5}\n}\n",
			`data/metrics/summary.json: no reader takes this file as metrics; tried argilla: starts with '{', not '[': an Argilla export is a JSON array of records; lm-eval-results: no "results" object first or beside "versions" or "config"; ` +
				`lm-eval-samples: line 1 has no "doc_id" with "resps" or "filtered_resps"; ` +
				`metrics-jsonl: line 1 is not a whole JSON object (a pretty-printed JSON file?); csv: a .json file is not delimited text`},
		{"xlsx", "data/annotations/ratings.xlsx", "PK\x03\x04\x14\x00rest",
			`data/annotations/ratings.xlsx: no reader takes this file as annotations; tried label-studio: a zip archive (an .xlsx or .ods workbook? save the sheet as CSV); ` +
				`label-studio-min: a zip archive (an .xlsx or .ods workbook? save the sheet as CSV); ` +
				`argilla: a zip archive (an .xlsx or .ods workbook? save the sheet as CSV); ` +
				`batch-results: a zip archive (an .xlsx or .ods workbook? save the sheet as CSV); ` +
				`prodigy: a zip archive (an .xlsx or .ods workbook? save the sheet as CSV); ` +
				`pairwise: a zip archive (an .xlsx or .ods workbook? save the sheet as CSV); ` +
				`jsonl: a zip archive (an .xlsx or .ods workbook? save the sheet as CSV); ` +
				`csv: a zip archive (an .xlsx or .ods workbook? save the sheet as CSV)`},
		{"json object", "data/annotations/export.json", "{\n  \"tasks\": []\n}\n",
			`data/annotations/export.json: no reader takes this file as annotations; tried label-studio: starts with '{', not '[': a Label Studio export is a JSON array of tasks; ` +
				`label-studio-min: starts with '{', not '[': a JSON_MIN export is a JSON array of objects; ` +
				`argilla: starts with '{', not '[': an Argilla export is a JSON array of records; ` +
				`batch-results: starts with '{': JSON, not a batch-results CSV; ` +
				`prodigy: line 1 has no "answer" with "_input_hash" or "_task_hash"; ` +
				`pairwise: line 1 has no "system_a" key; ` +
				`jsonl: line 1 is not a whole JSON object (a pretty-printed JSON file?); ` +
				`csv: a .json file is not delimited text`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Load(config.Default(), files{tt.file: tt.data}.fs())
			if err == nil {
				t.Fatal("Load succeeded")
			}
			want := tt.want + " (set lenient = true in config.toml to skip it with a warning, or name its format in a [[sources]] table)"
			if err.Error() != want {
				t.Errorf("error\n got: %s\nwant: %s", err, want)
			}
			p, w, err := Load(lenient(config.Default()), files{tt.file: tt.data}.fs())
			if err != nil {
				t.Fatal(err)
			}
			if len(w) != 1 || w[0] != tt.want+" (skipped: lenient is on)" {
				t.Errorf("lenient warnings = %q", w)
			}
			r := p.Sources[0]
			if len(p.Sources) != 1 || r.Path != tt.file || r.Format != "" || r.NotRead != strings.TrimPrefix(tt.want, tt.file+": ") {
				t.Errorf("report = %+v", p.Sources)
			}
		})
	}
}

func lenient(c *config.Config) *config.Config {
	c.Lenient = true
	return c
}

// TestFormatChosen checks which reader takes which file with no config.
func TestFormatChosen(t *testing.T) {
	p, _ := mustLoad(t, files{
		"data/metrics/a.csv":               "iteration,item,acc\nv1,q1,1\n",
		"data/metrics/b.tsv":               "iteration\titem\tf1\nv1\tq1\t0.5\n",
		"data/annotations/a.jsonl":         `{"item":"q1","rater":"r1","dimension":"help","value":4}` + "\n",
		"data/annotations/b.txt":           "item;rater;dimension;value\nq1;r2;help;5\n",
		"data/annotations/c.json":          `[{"id": 1, "data": {"text": "hi"}, "annotations": []}]`,
		"data/annotations/d.json":          `[{"id": 1, "text": "hi", "annotator": "a@x.org", "annotation_id": 3, "help": 2}]`,
		"data/annotations/e.csv":           "HITId,WorkerId,AssignmentStatus,Answer.help\nH1,W1,Approved,3\n",
		"data/annotations/sub/ignored.csv": "folders below the data folders are not read",
	}, nil)
	var got []string
	for _, s := range p.Sources {
		got = append(got, s.Path+" "+s.Kind+" "+s.Format)
	}
	want := []string{
		"data/metrics/a.csv metrics csv",
		"data/metrics/b.tsv metrics csv",
		"data/annotations/a.jsonl annotations jsonl",
		"data/annotations/b.txt annotations csv",
		"data/annotations/c.json annotations label-studio",
		"data/annotations/d.json annotations label-studio-min",
		"data/annotations/e.csv annotations batch-results",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("formats\n got: %q\nwant: %q", got, want)
	}
}

// TestSources checks [[sources]]: globs, kinds outside the data folders,
// forced formats, column mapping and fixed values, and the report.
func TestSources(t *testing.T) {
	f := files{
		// WMT's newstest2021 shape: a space-separated header, tab and space in the rows.
		"wmt/avg_seg_scores.tsv": "system mqm_avg_score seg_id\nFacebook-AI\t-5.000000 1\nFacebook-AI\t-0.500000 2\nOnline W\t-1.000000 1\n",
		"data/annotations/r.csv": "seg,who,score\n1,alice,4\n2,alice,\n2,,3\n",
	}
	p, w := mustLoad(t, f, func(c *config.Config) {
		c.Sources = []config.Source{
			{Path: "wmt/*.tsv", Kind: "annotations", Item: "seg_id", Iteration: "system", Value: "mqm_avg_score", RaterValue: "avg", DimensionValue: "mqm"},
			{Path: "data/annotations/r.csv", Item: "seg", Rater: "who", Value: "score", DimensionValue: "help", IterationValue: "v2", Lenient: new(true)},
		}
	})
	if len(w) != 0 {
		t.Errorf("warnings = %q", w)
	}
	var got []string
	for _, d := range p.Dimensions {
		for _, r := range d.Ratings.Slice() {
			got = append(got, strings.Join([]string{d.Name, r.Iteration, r.Item, r.Rater, r.Label, r.Pos.String()}, " "))
		}
	}
	want := []string{
		"help v2 1 alice 4 data/annotations/r.csv:2",
		"mqm Facebook-AI 1 avg -5.000000 wmt/avg_seg_scores.tsv:2",
		"mqm Facebook-AI 2 avg -0.500000 wmt/avg_seg_scores.tsv:3",
		"mqm Online W 1 avg -1.000000 wmt/avg_seg_scores.tsv:4",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ratings\n got: %q\nwant: %q", got, want)
	}
	wantReports := []project.SourceReport{
		{Path: "data/annotations/r.csv", Kind: "annotations", Format: "csv", Records: 3, Read: 1, Values: 1, Skipped: []project.Skip{
			{Reason: "missing who", N: 1, Example: project.Pos{File: "data/annotations/r.csv", Line: 4}},
			{Reason: "no value (a missing rating)", N: 1, Example: project.Pos{File: "data/annotations/r.csv", Line: 3}},
		}},
		{Path: "wmt/avg_seg_scores.tsv", Kind: "annotations", Format: "csv", Records: 3, Read: 3, Values: 3},
	}
	if !reflect.DeepEqual(p.Sources, wantReports) {
		t.Errorf("reports\n got: %+v\nwant: %+v", p.Sources, wantReports)
	}
}

// TestSourceErrors checks the errors of [[sources]] and of records that
// lack a required field.
func TestSourceErrors(t *testing.T) {
	tests := []struct {
		name    string
		files   files
		sources []config.Source
		want    string
	}{
		{"unknown format", files{"data/annotations/a.csv": "x\n"}, []config.Source{{Path: "data/annotations/*", Format: "excel"}},
			`data/annotations/a.csv: format "excel" is not one evalbook reads; want one of auto, argilla, batch-results, csv, jsonl, label-studio, label-studio-min, lm-eval-results, lm-eval-samples, metrics-jsonl, pairwise, parquet, prodigy, tsv, wide`},
		{"wrong kind", files{"data/metrics/a.json": "[]"}, []config.Source{{Path: "data/metrics/a.json", Format: "label-studio"}},
			`data/metrics/a.json: format "label-studio" reads annotations, not metrics`},
		{"no kind outside the folders", files{"x/a.csv": "x\n"}, []config.Source{{Path: "x/*.csv", Line: 7}},
			`config:7: [[sources]] 1: x/a.csv is in no data folder; set kind = "metrics", "annotations", "outputs", "raters" or "aggregates"`},
		{"outside the project", files{}, []config.Source{{Path: "../shared/*.csv"}},
			`config: [[sources]] 1: path "../shared/*.csv" must be a glob inside the project folder, relative to it`},
		{"missing field, not lenient", files{"data/annotations/r.csv": "item,rater,value\nq1,,3\n"}, []config.Source{{Path: "data/annotations/r.csv", DimensionValue: "help"}},
			`data/annotations/r.csv:2:4: empty rater`},
		{"fixed iteration for metrics", files{"data/metrics/m.csv": "item,acc\nq1,x\n"}, []config.Source{{Path: "data/metrics/m.csv", IterationValue: "v1"}},
			`data/metrics/m.csv:2:4: metric "acc": value "x" is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config.Default()
			cfg.Sources = tt.sources
			_, _, err := Load(cfg, tt.files.fs())
			if err == nil || err.Error() != tt.want {
				t.Errorf("error\n got: %v\nwant: %s", err, tt.want)
			}
		})
	}
}
