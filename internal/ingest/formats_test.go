package ingest

import (
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

// sample returns a hand-written sample of a real export in testdata/formats.
func sample(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/formats/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// ratingLines lists every rating as "dimension iteration item rater label
// file:line", with " # comment" when it has one.
func ratingLines(p *project.Project) []string {
	var out []string
	for _, d := range p.Dimensions {
		for _, r := range d.Ratings.Slice() {
			s := strings.Join([]string{d.Name, r.Iteration, r.Item, r.Rater, r.Label, r.Pos.String()}, " ")
			if r.Comment != "" {
				s += " # " + r.Comment
			}
			out = append(out, s)
		}
	}
	return out
}

func TestFormatSamples(t *testing.T) {
	const a = "data/annotations/"
	tests := []struct {
		name    string
		file    string
		sources []config.Source
		ratings []string
		report  project.SourceReport
		items   []project.Item
	}{
		{"label studio, no config", "labelstudio.json", nil,
			[]string{
				"fluency  101 7 4 data/annotations/labelstudio.json:17 # Cites the refund policy but not the deadline.",
				"fluency  101 ana@example.org 3 data/annotations/labelstudio.json:58",
				"helpfulness  101 7 Helpful data/annotations/labelstudio.json:9 # Cites the refund policy but not the deadline.",
				"helpfulness  101 ana@example.org Partly helpful data/annotations/labelstudio.json:50",
				"helpfulness  102 7 Not helpful data/annotations/labelstudio.json:113",
				"topic  102 7 Policy / Refunds data/annotations/labelstudio.json:121",
			},
			project.SourceReport{Format: "label-studio", Records: 4, Read: 3, Values: 6, Comments: 1, Items: 2, Skipped: []project.Skip{
				{Reason: "cancelled annotation (was_cancelled)", N: 1, Example: project.Pos{Line: 138}},
				{Reason: "labels result (span labels are not item ratings)", N: 1, Part: true, Example: project.Pos{Line: 66}},
			}},
			[]project.Item{
				{ID: "101", Input: "How do I return a damaged kettle?", Output: "Thank you for reaching out. You can return it within 30 days.", Pos: project.Pos{Line: 2}},
				{ID: "102", Input: "Can I change my delivery address?", Output: "Yes, until the parcel ships.", Pos: project.Pos{Line: 106}},
			}},
		{"label studio, iteration from data", "labelstudio.json",
			[]config.Source{{Path: a + "*.json", Iteration: "model"}},
			[]string{
				"fluency v2 101 7 4 data/annotations/labelstudio.json:17 # Cites the refund policy but not the deadline.",
				"fluency v2 101 ana@example.org 3 data/annotations/labelstudio.json:58",
				"helpfulness v2 101 7 Helpful data/annotations/labelstudio.json:9 # Cites the refund policy but not the deadline.",
				"helpfulness v2 101 ana@example.org Partly helpful data/annotations/labelstudio.json:50",
				"helpfulness v2 102 7 Not helpful data/annotations/labelstudio.json:113",
				"topic v2 102 7 Policy / Refunds data/annotations/labelstudio.json:121",
			},
			project.SourceReport{Format: "label-studio", Records: 4, Read: 3, Values: 6, Comments: 1, Items: 2, Skipped: []project.Skip{
				{Reason: "cancelled annotation (was_cancelled)", N: 1, Example: project.Pos{Line: 138}},
				{Reason: "labels result (span labels are not item ratings)", N: 1, Part: true, Example: project.Pos{Line: 66}},
			}}, nil},
		{"label studio JSON_MIN, no config", "labelstudio_min.json", nil,
			[]string{
				"fluency  101 lee@example.org 4 data/annotations/labelstudio_min.json:8",
				"fluency  101 ana@example.org 3 data/annotations/labelstudio_min.json:22",
				"helpfulness  101 lee@example.org Helpful data/annotations/labelstudio_min.json:7",
				"helpfulness  101 ana@example.org Partly helpful data/annotations/labelstudio_min.json:21",
				// "model" and the comment "notes" are short strings too: without config they read as dimensions.
				"model  101 lee@example.org v2 data/annotations/labelstudio_min.json:5",
				"model  101 ana@example.org v2 data/annotations/labelstudio_min.json:19",
				"notes  101 lee@example.org Cites the refund policy but not the deadline. data/annotations/labelstudio_min.json:9",
			},
			project.SourceReport{Format: "label-studio-min", Records: 2, Read: 2, Values: 7, Items: 1, Skipped: []project.Skip{
				{Reason: "choices result with several choices (multi-select)", N: 1, Part: true, Example: project.Pos{Line: 23}},
			}}, nil},
		{"label studio JSON_MIN, configured", "labelstudio_min.json",
			[]config.Source{{Path: a + "labelstudio_min.json", Iteration: "model", Comment: "notes", Dimensions: []string{"helpfulness", "fluency"}}},
			[]string{
				"fluency v2 101 lee@example.org 4 data/annotations/labelstudio_min.json:8 # Cites the refund policy but not the deadline.",
				"fluency v2 101 ana@example.org 3 data/annotations/labelstudio_min.json:22",
				"helpfulness v2 101 lee@example.org Helpful data/annotations/labelstudio_min.json:7 # Cites the refund policy but not the deadline.",
				"helpfulness v2 101 ana@example.org Partly helpful data/annotations/labelstudio_min.json:21",
			},
			project.SourceReport{Format: "label-studio-min", Records: 2, Read: 2, Values: 4, Comments: 1, Items: 1}, nil},
		{"batch results, no config", "batch_results.csv", nil,
			[]string{
				"fluency  3XJOUITW8URHJMMBLBVT0T7GSLHQT0 A1B2C3D4E5F6G7 4 data/annotations/batch_results.csv:2",
				"fluency  3YGYP13642S6ZAPL4ZSFQ5MLKTWRN2 A1B2C3D4E5F6G7 5 data/annotations/batch_results.csv:6",
				"helpful.label  3XJOUITW8URHJMMBLBVT0T7GSLHQT0 A1B2C3D4E5F6G7 yes data/annotations/batch_results.csv:2",
			},
			project.SourceReport{Format: "batch-results", Records: 4, Read: 2, Values: 3, Items: 2, Skipped: []project.Skip{
				{Reason: "no answer (every Answer.* cell is empty)", N: 1, Example: project.Pos{Line: 7}},
				{Reason: "rejected assignment", N: 1, Example: project.Pos{Line: 4}},
			}},
			[]project.Item{
				{ID: "3XJOUITW8URHJMMBLBVT0T7GSLHQT0", Input: "How do I return a damaged kettle?", Output: "Thank you for reaching out.\nYou can return it within 30 days.", Pos: project.Pos{Line: 2}},
				{ID: "3YGYP13642S6ZAPL4ZSFQ5MLKTWRN2", Input: "Can I change my delivery address?", Output: "Yes, until the parcel ships.", Pos: project.Pos{Line: 6}},
			}},
		{"batch results, item from an input", "batch_results.csv",
			[]config.Source{{Path: a + "batch_results.csv", Item: "item_id", IterationValue: "v3", Dimensions: []string{"fluency"}}},
			[]string{
				"fluency v3 q1 A1B2C3D4E5F6G7 4 data/annotations/batch_results.csv:2",
				"fluency v3 q2 A1B2C3D4E5F6G7 5 data/annotations/batch_results.csv:6",
			},
			project.SourceReport{Format: "batch-results", Records: 4, Read: 2, Values: 2, Items: 2, Skipped: []project.Skip{
				{Reason: "no answer (every Answer.* cell is empty)", N: 1, Example: project.Pos{Line: 7}},
				{Reason: "rejected assignment", N: 1, Example: project.Pos{Line: 4}},
			}}, nil},
		{"semicolons, BOM, CRLF, quoted newline", "semicolon.csv", nil,
			[]string{
				"tone v1 q1 r1 polite;\nmostly data/annotations/semicolon.csv:2",
				"tone v1 q1 r2 rude data/annotations/semicolon.csv:4",
			},
			project.SourceReport{Format: "csv", Records: 2, Read: 2, Values: 2}, nil},
		{"WMT 2020: spaces", "wmt2020_avg_seg_scores.tsv",
			[]config.Source{{Path: a + "*.tsv", Item: "seg_id", Iteration: "system", Value: "mqm_avg_score", RaterValue: "avg", DimensionValue: "mqm"}},
			[]string{
				"mqm eTranslation.737 1 avg -2.333333 data/annotations/wmt2020_avg_seg_scores.tsv:2",
				"mqm eTranslation.737 2 avg -3.333333 data/annotations/wmt2020_avg_seg_scores.tsv:3",
				"mqm Human-B.0 1 avg -0.000000 data/annotations/wmt2020_avg_seg_scores.tsv:4",
				"mqm Human-B.0 2 avg -1.000000 data/annotations/wmt2020_avg_seg_scores.tsv:5",
			},
			project.SourceReport{Format: "csv", Records: 4, Read: 4, Values: 4}, nil},
		{"WMT 2021: space header, tab rows", "wmt2021_avg_seg_scores.tsv",
			[]config.Source{{Path: a + "*.tsv", Item: "seg_id", Iteration: "system", Value: "mqm_avg_score", RaterValue: "avg", DimensionValue: "mqm"}},
			[]string{
				"mqm Facebook-AI 1 avg -5.000000 data/annotations/wmt2021_avg_seg_scores.tsv:2",
				"mqm Facebook-AI 2 avg -0.500000 data/annotations/wmt2021_avg_seg_scores.tsv:3",
				"mqm Online W 1 avg -1.000000 data/annotations/wmt2021_avg_seg_scores.tsv:4",
				"mqm Online W 2 avg -2.000000 data/annotations/wmt2021_avg_seg_scores.tsv:5",
			},
			project.SourceReport{Format: "csv", Records: 4, Read: 4, Values: 4}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := a + tt.file
			p, w := mustLoad(t, files{name: sample(t, tt.file)}, func(c *config.Config) { c.Sources = tt.sources })
			if len(w) != 0 {
				t.Errorf("warnings = %q", w)
			}
			if got := ratingLines(p); !reflect.DeepEqual(got, tt.ratings) {
				t.Errorf("ratings\n got: %q\nwant: %q", got, tt.ratings)
			}
			want := tt.report
			want.Path, want.Kind = name, "annotations"
			for i := range want.Skipped {
				want.Skipped[i].Example.File = name
			}
			if len(p.Sources) != 1 || !reflect.DeepEqual(p.Sources[0], want) {
				t.Errorf("report\n got: %+v\nwant: %+v", p.Sources, want)
			}
			if tt.items != nil {
				for i := range tt.items {
					tt.items[i].Pos.File = name
				}
				if !reflect.DeepEqual(p.Items, tt.items) {
					t.Errorf("items\n got: %+v\nwant: %+v", p.Items, tt.items)
				}
			}
		})
	}
}

func TestPipeMetrics(t *testing.T) {
	p, _ := mustLoad(t, files{"data/metrics/run.txt": sample(t, "pipe.txt")}, nil)
	var got []string
	for _, m := range p.Metrics {
		for _, v := range m.Values.Rows() {
			got = append(got, m.Name+" "+v.Iteration+" "+v.Item+" "+formatNum(v.Value)+" "+v.Pos.String())
		}
	}
	want := []string{
		"accuracy v1 q1 1 data/metrics/run.txt:2", "accuracy v1 q2 0 data/metrics/run.txt:3", "accuracy v2 q1 1 data/metrics/run.txt:4",
		"latency_ms v1 q1 812 data/metrics/run.txt:2", "latency_ms v2 q1 640 data/metrics/run.txt:4",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("values\n got: %q\nwant: %q", got, want)
	}
}

func formatNum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func TestSubmitTime(t *testing.T) {
	for in, want := range map[string]string{
		"Wed Mar 02 10:11:12 PST 2022": "2022-03-02T18:11:12Z",
		"Sun Mar 13 10:01:30 PDT 2022": "2022-03-13T17:01:30Z",
		"Sun Mar 13 11:31:05 CET 2022": "2022-03-13T00:00:00Z",
		"Tue Jan 4 08:00:00 EST 2022":  "2022-01-04T13:00:00Z",
		"2022-03-02T10:11:12Z":         "2022-03-02T10:11:12Z",
		"yesterday":                    "0001-01-01T00:00:00Z",
	} {
		if got := parseSubmitTime(in).Format(time.RFC3339); got != want {
			t.Errorf("parseSubmitTime(%q) = %s; want %s", in, got, want)
		}
	}
}

// TestFormatErrors checks records that lack a required field: the file,
// the record's line (or number) and the field.
func TestFormatErrors(t *testing.T) {
	const ls = "data/annotations/ls.json"
	const mt = "data/annotations/batch.csv"
	tests := []struct {
		name    string
		files   files
		sources []config.Source
		want    string
	}{
		{"label studio without completed_by", files{ls: "[\n {\"id\": 1, \"data\": {}, \"annotations\": [\n  {\"result\": [{\"type\": \"rating\", \"from_name\": \"q\", \"value\": {\"rating\": 2}}]}\n ]}\n]\n"}, nil,
			`data/annotations/ls.json:3: task 1: an annotation has no completed_by (the rater)`},
		{"label studio without id", files{ls: "[\n {\"data\": {\"text\": \"x\"}, \"annotations\": [{\"completed_by\": 1, \"result\": []}]}\n]\n"}, nil,
			`data/annotations/ls.json:2: task 1 has no "id" for the item`},
		{"label studio item key missing", files{ls: "[{\"id\": 4, \"data\": {\"text\": \"x\"}, \"annotations\": [{\"completed_by\": 1, \"result\": []}]}]"},
			[]config.Source{{Path: ls, Item: "uid"}},
			`data/annotations/ls.json:1: task 1 has no data key "uid" for the item`},
		{"label studio cut off", files{ls: "[\n {\"id\": 1, \"data\": {}, \"annotations\": []},\n {\"id\": 2, \"data\": {"}, nil,
			`data/annotations/ls.json: element 2: the JSON ends early (a cut-off file?)`},
		{"label studio not an object", files{ls: "[\n {\"id\": 1, \"annotations\": []},\n 7\n]"}, []config.Source{{Path: ls, Format: "label-studio"}},
			`data/annotations/ls.json:3: element 2 is not a JSON object`},
		{"JSON_MIN without annotator", files{ls: "[\n {\"id\": 1, \"annotation_id\": 3, \"q\": 2}\n]"}, nil,
			`data/annotations/ls.json:2: record 1 has no "annotator" (the rater)`},
		{"batch results without WorkerId", files{mt: "HITId,Input.story_id,Answer.coherence\nH1,8,3\n"}, nil,
			`data/annotations/batch.csv:1: a batch-results file needs a WorkerId column for the rater, and this one has none; set rater = "<column>" or rater_value = "..." in a [[sources]] table for this file`},
		{"batch results without HITId", files{mt: "Input.story_id,WorkerId,Answer.coherence\n8,W1,3\n"}, nil,
			`data/annotations/batch.csv:1: a batch-results file needs a HITId column for the item, and this one has none; set item = "<column>" (such as an Input.* column) in a [[sources]] table for this file`},
		{"batch results empty WorkerId", files{mt: "HITId,WorkerId,Answer.q\nH1,W1,3\nH1,,4\n"}, nil,
			`data/annotations/batch.csv:3:4: empty WorkerId`},
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

// TestHANNAShape reads a file shaped like HANNA's user_study.csv (Input.*
// and Answer.* columns, no HITId or WorkerId) with the config it needs.
func TestHANNAShape(t *testing.T) {
	const f = "data/annotations/user_study.csv"
	data := "Input.story_id,Input.explanation,Answer.a-1-guidelines.1,Answer.a-2-syntax.1\n8,\"2 - weak\n\nrelationship\",1,0\n9,fine,0,\n"
	p, _ := mustLoad(t, files{f: data}, func(c *config.Config) {
		c.Sources = []config.Source{{Path: f, Item: "story_id", RaterValue: "study"}}
	})
	want := []string{
		"a-1-guidelines.1  8 study 1 data/annotations/user_study.csv:2",
		"a-1-guidelines.1  9 study 0 data/annotations/user_study.csv:5",
		"a-2-syntax.1  8 study 0 data/annotations/user_study.csv:2",
	}
	if got := ratingLines(p); !reflect.DeepEqual(got, want) {
		t.Errorf("ratings\n got: %q\nwant: %q", got, want)
	}
}
