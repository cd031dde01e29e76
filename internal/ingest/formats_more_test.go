package ingest

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

// ratingList lists a project's ratings as "dimension|iteration|item|rater=label",
// sorted, with the comment after " #" when there is one.
func ratingList(p *project.Project) []string {
	var out []string
	for _, d := range p.Dimensions {
		for _, r := range d.Ratings.Slice() {
			s := fmt.Sprintf("%s|%s|%s|%s=%s", d.Name, r.Iteration, r.Item, r.Rater, r.Label)
			if r.Comment != "" {
				s += " #" + r.Comment
			}
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// metricList lists a project's metric values as "metric|iteration|item=value", sorted.
func metricList(p *project.Project) []string {
	var out []string
	for _, m := range p.Metrics {
		for _, v := range m.Values.Rows() {
			out = append(out, fmt.Sprintf("%s|%s|%s=%g", m.Name, v.Iteration, v.Item, v.Value))
		}
	}
	slices.Sort(out)
	return out
}

// skipList lists a report's skips as "reason: n" (with " (part)" for parts).
func skipList(r project.SourceReport) []string {
	var out []string
	for _, s := range r.Skipped {
		p := ""
		if s.Part {
			p = " (part)"
		}
		out = append(out, fmt.Sprintf("%s: %d%s", s.Reason, s.N, p))
	}
	slices.Sort(out)
	return out
}

// TestMoreFormats reads each hand-written sample in the published shape
// with no config (the sniff picks the reader) or with the config the
// format documents, and checks every value, the report's counts and every
// skip reason.
func TestMoreFormats(t *testing.T) {
	const u1, u2 = "0b9d6f0a-1111-4c1e-9a43-6f0c2f1a0001", "0b9d6f0a-2222-4c1e-9a43-6f0c2f1a0002"
	tests := []struct {
		name    string
		files   files
		sources []config.Source
		format  string
		// records, read, values of the first report
		records, read, values   int
		ratings, metrics, skips []string
	}{
		{
			name:    "argilla responses, no config",
			files:   files{"data/annotations/argilla.json": sample(t, "argilla_records.json")},
			format:  "argilla",
			records: 3, read: 2, values: 6,
			ratings: []string{
				"correct||rec-1|" + u1 + "=yes", "correct||rec-1|" + u2 + "=no",
				"notes||rec-1|" + u2 + "=Misses the exceptions.",
				"quality||rec-1|" + u1 + "=4", "quality||rec-1|" + u2 + "=5",
				"quality||rec-2|" + u1 + "=5",
			},
			skips: []string{
				"discarded response (not submitted): 1 (part)",
				"record without responses (pending): 1",
				"response that is a list (multi-label, ranking or span): 1 (part)",
				`suggestion (the machine channel; a kind = "metrics" source reads it): 3 (part)`,
			},
		},
		{
			name:    "argilla responses with a comment question and the iteration from metadata",
			files:   files{"data/annotations/argilla.json": sample(t, "argilla_records.json")},
			sources: []config.Source{{Path: "data/annotations/argilla.json", Format: "argilla", Comment: "notes", Iteration: "model"}},
			format:  "argilla",
			records: 3, read: 2, values: 5,
			ratings: []string{
				"correct|v2|rec-1|" + u1 + "=yes", "correct|v2|rec-1|" + u2 + "=no #Misses the exceptions.",
				"quality|v2|rec-1|" + u1 + "=4", "quality|v2|rec-1|" + u2 + "=5 #Misses the exceptions.",
				"quality|v2|rec-2|" + u1 + "=5",
			},
			skips: []string{
				"discarded response (not submitted): 1 (part)",
				"record without responses (pending): 1",
				"response that is a list (multi-label, ranking or span): 1 (part)",
				`suggestion (the machine channel; a kind = "metrics" source reads it): 3 (part)`,
			},
		},
		{
			name:    "argilla suggestions as metrics, iteration from the agent",
			files:   files{"data/annotations/argilla.json": sample(t, "argilla_records.json")},
			sources: []config.Source{{Path: "data/annotations/argilla.json", Kind: "metrics"}},
			format:  "argilla",
			records: 3, read: 2, values: 3,
			metrics: []string{"correct.score|judge-llm|rec-1=0.82", "quality|judge-llm|rec-1=4", "quality|judge-llm|rec-2=5"},
			skips: []string{
				"record without a numeric suggestion: 1",
				"suggested label (not a number; its score is read): 1 (part)",
			},
		},
		{
			name:    "prodigy db-out, no config",
			files:   files{"data/annotations/insult.jsonl": sample(t, "prodigy_insult.jsonl")},
			format:  "prodigy",
			records: 6, read: 4, values: 4,
			ratings: []string{
				"INSULT||-1150393218|insult-alex=0", "INSULT||-1150393218|insult-sam=1",
				"INSULT||487211945|insult-alex=1",
				"insult||300300300|insult-alex=A",
			},
			skips: []string{
				"answer ignore: 1",
				"choice task with several options chosen (multiple choice): 1",
			},
		},
		{
			name:    "prodigy with a fixed dimension and the item from meta",
			files:   files{"data/annotations/insult.jsonl": strings.Join(strings.Split(sample(t, "prodigy_insult.jsonl"), "\n")[:3], "\n")},
			sources: []config.Source{{Path: "data/annotations/*.jsonl", DimensionValue: "offensive", Item: "meta.source", IterationValue: "round1"}},
			format:  "prodigy",
			records: 3, read: 3, values: 3,
			ratings: []string{"offensive|round1|chat|insult-alex=1", "offensive|round1|forum|insult-alex=0", "offensive|round1|forum|insult-sam=1"},
		},
		{
			name:    "lm-eval results, no config",
			files:   files{"data/metrics/results.json": sample(t, "pythia-160m/results_2024-05-02T10-11-12.345678.json")},
			format:  "lm-eval-results",
			records: 2, read: 2, values: 4,
			metrics: []string{
				"arc_easy/acc_norm|EleutherAI/pythia-160m|=0.399", "arc_easy/acc|EleutherAI/pythia-160m|=0.4373",
				"gsm8k/exact_match,flexible-extract|EleutherAI/pythia-160m|=0.0212", "gsm8k/exact_match,strict-match|EleutherAI/pythia-160m|=0.0144",
			},
			skips: []string{`standard error (skipped; stderr = "keep" keeps it): 4 (part)`},
		},
		{
			name:    "lm-eval results, stderr kept, iteration from config",
			files:   files{"data/metrics/r.json": sample(t, "pythia-160m/results_2024-05-02T10-11-12.345678.json")},
			sources: []config.Source{{Path: "data/metrics/r.json", Stderr: "keep", IterationValue: "p160"}},
			format:  "lm-eval-results",
			records: 2, read: 2, values: 7,
			metrics: []string{
				"arc_easy/acc_norm_stderr|p160|=0.01", "arc_easy/acc_norm|p160|=0.399", "arc_easy/acc_stderr|p160|=0.0102", "arc_easy/acc|p160|=0.4373",
				"gsm8k/exact_match,flexible-extract|p160|=0.0212", "gsm8k/exact_match,strict-match|p160|=0.0144", "gsm8k/exact_match_stderr,strict-match|p160|=0.0033",
			},
			skips: []string{"metric value that is text (N/A): 1 (part)"},
		},
		{
			name: "lm-eval samples, task from the name, iteration from the folder",
			files: files{
				"data/metrics/pythia-160m/samples_arc_easy_2024-05-02T10-11-12.345678.jsonl": sample(t, "pythia-160m/samples_arc_easy_2024-05-02T10-11-12.345678.jsonl"),
				"data/metrics/pythia-160m/samples_gsm8k_2024-05-02T10-11-12.345678.jsonl":    sample(t, "pythia-160m/samples_gsm8k_2024-05-02T10-11-12.345678.jsonl"),
			},
			sources: []config.Source{{Path: "data/metrics/*/samples_*.jsonl", Kind: "metrics"}},
			format:  "lm-eval-samples",
			records: 2, read: 2, values: 4,
			metrics: []string{
				"arc_easy/acc_norm|pythia-160m|0=0", "arc_easy/acc_norm|pythia-160m|1=1",
				"arc_easy/acc|pythia-160m|0=1", "arc_easy/acc|pythia-160m|1=0",
				"gsm8k/exact_match,flexible-extract|pythia-160m|0=1",
				"gsm8k/exact_match,strict-match|pythia-160m|0=1", "gsm8k/exact_match,strict-match|pythia-160m|1=0",
			},
		},
		{
			name:    "plain metric JSONL",
			files:   files{"data/metrics/m.jsonl": sample(t, "metrics.jsonl")},
			format:  "metrics-jsonl",
			records: 4, read: 3, values: 12,
			metrics: []string{
				"correct|v1|q1=1", "correct|v1|q2=0", "correct|v2|q1=1",
				"exact_match|v1|q1=1", "exact_match|v1|q2=0", "exact_match|v2|q1=1",
				"f1|v1|q1=0.8", "f1|v1|q2=0.25", "f1|v2|q1=1",
				"latency_ms|v1|q1=412", "latency_ms|v1|q2=388", "latency_ms|v2|q1=290",
			},
			skips: []string{
				`key "prediction": text, not a metric value: 4 (part)`,
				`key "tokens": a list, not a metric value: 1 (part)`,
				"no metric value (no key with a number): 1",
			},
		},
		{
			name:  "wide ratings: rater and dimension from the column name",
			files: files{"data/annotations/wide.csv": sample(t, "wide_ratings.csv")},
			sources: []config.Source{{
				Path: "data/annotations/wide.csv", Format: "wide", Iteration: "system", Input: "prompt",
				Columns: `Rater (?P<rater>\w) (?P<dimension>\w+)`,
				Rename:  map[string]map[string]string{"dimension": {"fluency": "fluent"}},
			}},
			format:  "wide",
			records: 3, read: 3, values: 11,
			ratings: []string{
				"adequacy|base|p1|A=3", "adequacy|base|p1|B=3", "adequacy|base|p2|A=2", "adequacy|base|p2|B=2",
				"adequacy|tuned|p1|A=5",
				"fluent|base|p1|A=4", "fluent|base|p1|B=5", "fluent|base|p2|A=2", "fluent|base|p2|B=3",
				"fluent|tuned|p1|A=5", "fluent|tuned|p1|B=4",
			},
			skips: []string{
				`column ignored: it is not a value, item or iteration column ("Avg fluency"): 1 (part)`,
				"empty cell (a missing rating): 1 (part)",
			},
		},
		{
			name:    "wide ratings: one column per dimension, fixed rater",
			files:   files{"data/annotations/wide.csv": "item,fluency,adequacy\np1,4,3\np2,,\n"},
			sources: []config.Source{{Path: "data/annotations/wide.csv", Format: "wide", RaterValue: "expert", IterationValue: "v1"}},
			format:  "wide",
			records: 2, read: 1, values: 2,
			ratings: []string{"adequacy|v1|p1|expert=3", "fluency|v1|p1|expert=4"},
			skips:   []string{"empty cell (a missing rating): 2 (part)", "no value (every value cell is empty): 1"},
		},
		{
			name:  "wide metrics with a select pattern",
			files: files{"data/metrics/wide.csv": sample(t, "wide_ratings.csv")},
			sources: []config.Source{{
				Path: "data/metrics/wide.csv", Format: "wide", Iteration: "system",
				Columns: `Avg (?P<metric>\w+)`, Rename: map[string]map[string]string{"metric": {"fluency": "mean fluency"}},
			}},
			format:  "wide",
			records: 3, read: 3, values: 3,
			metrics: []string{"mean fluency|base|p1=4.5", "mean fluency|base|p2=2.5", "mean fluency|tuned|p1=4.5"},
			skips:   []string{`column ignored: it is not a value, item or iteration column ("prompt", "Rater A fluency", "Rater A adequacy", "Rater B fluency", "Rater B adequacy"): 5 (part)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := mustLoad(t, tt.files, func(c *config.Config) { c.Sources = tt.sources })
			if got := ratingList(p); !reflect.DeepEqual(got, tt.ratings) && len(got)+len(tt.ratings) > 0 {
				t.Errorf("ratings\n got: %q\nwant: %q", got, tt.ratings)
			}
			if got := metricList(p); !reflect.DeepEqual(got, tt.metrics) && len(got)+len(tt.metrics) > 0 {
				t.Errorf("metrics\n got: %q\nwant: %q", got, tt.metrics)
			}
			r := p.Sources[0]
			if r.Format != tt.format || r.Records != tt.records || r.Read != tt.read || r.Values != tt.values {
				t.Errorf("report: format %s, %d records, %d read, %d values; want %s, %d, %d, %d",
					r.Format, r.Records, r.Read, r.Values, tt.format, tt.records, tt.read, tt.values)
			}
			if got := skipList(r); !reflect.DeepEqual(got, tt.skips) && len(got)+len(tt.skips) > 0 {
				t.Errorf("skips\n got: %q\nwant: %q", got, tt.skips)
			}
		})
	}
}

// TestMoreFormatsErrors checks that a record missing a required field
// names its file, line and field, and that lenient counts it instead.
func TestMoreFormatsErrors(t *testing.T) {
	tests := []struct {
		name, file, data string
		sources          []config.Source
		want             string
	}{
		{"prodigy without annotator", "data/annotations/p.jsonl",
			`{"text":"a","_input_hash":1,"_task_hash":2,"answer":"accept","_annotator_id":"x"}` + "\n" + `{"text":"b","_input_hash":3,"_task_hash":4,"answer":"accept"}` + "\n", nil,
			`data/annotations/p.jsonl:2: no "_annotator_id" or "_session_id" for the rater (or set rater_value)`},
		{"prodigy unknown answer", "data/annotations/p.jsonl",
			`{"text":"a","_input_hash":1,"answer":"maybe","_annotator_id":"x"}` + "\n", nil,
			`data/annotations/p.jsonl:1: "answer" is "maybe"; want accept, reject or ignore`},
		{"argilla response without user", "data/annotations/a.json",
			"[\n{\"id\": \"r1\", \"fields\": {\"text\": \"t\"},\n \"responses\": {\"q\": [{\"value\": 1}]}}\n]\n", nil,
			`data/annotations/a.json:3: record 1: a response to "q" has no user_id (the rater)`},
		{"samples without doc_id", "data/metrics/m1/samples_arc_2024-01-01T00-00-00.jsonl",
			`{"doc_id": 0, "resps": [], "filter": "none", "metrics": ["acc"], "acc": 1}` + "\n" + `{"resps": [], "metrics": ["acc"], "acc": 1}` + "\n",
			[]config.Source{{Path: "data/metrics/*/*.jsonl", Kind: "metrics"}},
			`data/metrics/m1/samples_arc_2024-01-01T00-00-00.jsonl:2: no "doc_id" for the item`},
		{"samples in the metrics folder", "data/metrics/samples_arc_2024-01-01T00-00-00.jsonl",
			`{"doc_id": 0, "resps": [], "filter": "none", "metrics": ["acc"], "acc": 1}` + "\n", nil,
			`data/metrics/samples_arc_2024-01-01T00-00-00.jsonl: no iteration: the harness keeps each model's samples in a folder named for it (data/metrics/<model>/samples_...); move the file there or set iteration_value in a [[sources]] table`},
		{"results without a model", "data/metrics/results.json",
			"{\n  \"results\": {\"arc\": {\"acc,none\": 0.5}}\n}\n", nil,
			`data/metrics/results.json:1: no "model_name" or config.model_args pretrained= for the iteration; set iteration_value in a [[sources]] table for this file`},
		{"metric jsonl without iteration", "data/metrics/m.jsonl",
			`{"id": "q1", "acc": 1}` + "\n", nil,
			`data/metrics/m.jsonl:1: no "iteration" for the iteration (or set iteration_value in a [[sources]] table)`},
		{"wide without item", "data/annotations/w.csv", "story,Human 1 RE\ns1,3\n",
			[]config.Source{{Path: "data/annotations/w.csv", Format: "wide", Columns: `Human (?P<rater>\d) (?P<dimension>\w+)`}},
			`data/annotations/w.csv:1: the header has no "item" column for the item; set item = "<column>" in the [[sources]] table for this file`},
		{"wide empty item", "data/annotations/w.csv", "story,Human 1 RE\ns1,3\n,4\n",
			[]config.Source{{Path: "data/annotations/w.csv", Format: "wide", Item: "story", Columns: `Human (?P<rater>\d) (?P<dimension>\w+)`}},
			`data/annotations/w.csv:3:1: empty story`},
		{"wide pattern matching nothing", "data/annotations/w.csv", "story,Human 1 RE\ns1,3\n",
			[]config.Source{{Path: "data/annotations/w.csv", Format: "wide", Item: "story", Columns: `Judge (?P<rater>\d)`}},
			`data/annotations/w.csv:1: no value column: the columns pattern "Judge (?P<rater>\\d)" matches none of the 2 columns`},
		{"wide metric value not a number", "data/metrics/w.csv", "iteration,BLEU X\nv1,high\n",
			[]config.Source{{Path: "data/metrics/w.csv", Format: "wide", Columns: `(?P<metric>\w+) X`}},
			`data/metrics/w.csv:2:4: metric "BLEU": value "high" is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config.Default()
			cfg.Sources = tt.sources
			_, _, err := Load(cfg, files{tt.file: tt.data}.fs())
			if err == nil || err.Error() != tt.want {
				t.Errorf("error\n got: %v\nwant: %s", err, tt.want)
			}
		})
	}
}

// TestMoreSniffs checks which reader a file dropped into a data folder
// without config gets.
func TestMoreSniffs(t *testing.T) {
	tests := []struct{ file, data, want string }{
		{"data/annotations/a.json", sample(t, "argilla_records.json"), "argilla"},
		{"data/annotations/insult.jsonl", sample(t, "prodigy_insult.jsonl"), "prodigy"},
		{"data/metrics/m/results_2024.json", sample(t, "pythia-160m/results_2024-05-02T10-11-12.345678.json"), "lm-eval-results"},
		{"data/metrics/m/samples_arc_easy_2024-05-02T10-11-12.jsonl", sample(t, "pythia-160m/samples_arc_easy_2024-05-02T10-11-12.345678.jsonl"), "lm-eval-samples"},
		{"data/metrics/m.jsonl", sample(t, "metrics.jsonl"), "metrics-jsonl"},
		{"data/annotations/r.jsonl", `{"item":"q1","rater":"a","dimension":"d","value":1}` + "\n", "jsonl"},
		{"data/annotations/w.csv", sample(t, "wide_ratings.csv"), "csv"},
	}
	for _, tt := range tests {
		kind := kindAnnotations
		if strings.HasPrefix(tt.file, "data/metrics/") {
			kind = kindMetrics
		}
		h := &head{name: tt.file, kind: kind, b: []byte(tt.data), all: true}
		f, err := pick(h, "")
		if err != nil || f.name != tt.want {
			t.Errorf("%s: got %v, %v; want %s", tt.file, f, err, tt.want)
		}
	}
}

// TestLenientMore checks that a lenient source counts the records that
// lack a required field instead of stopping.
func TestLenientMore(t *testing.T) {
	data := `{"text":"a","_input_hash":1,"answer":"accept","_annotator_id":"x"}` + "\n" + `{"text":"b","_input_hash":3,"answer":"accept"}` + "\n"
	on := true
	p, _ := mustLoad(t, files{"data/annotations/p.jsonl": data}, func(c *config.Config) {
		c.Sources = []config.Source{{Path: "data/annotations/p.jsonl", Lenient: &on}}
	})
	if got := skipList(p.Sources[0]); !reflect.DeepEqual(got, []string{"no annotator: 1"}) {
		t.Errorf("skips %q", got)
	}
	if got := ratingList(p); !reflect.DeepEqual(got, []string{"p||1|x=1"}) {
		t.Errorf("ratings %q", got)
	}
}
