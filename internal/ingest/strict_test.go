package ingest

import (
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/number"
)

// TestStrictInput checks the bad input issue 14 found accepted (findings
// 6 and 7): numbers outside the strict decimal syntax or a float64's range,
// duplicate JSON keys, JSON type errors without a column. Each error has
// its exact message, position and record number, and its kind.
func TestStrictInput(t *testing.T) {
	const m = "data/metrics/a.csv"
	const a = "data/annotations/a.csv"
	const j = "data/annotations/b.jsonl"
	tests := []struct {
		name  string
		files files
		want  string
		kinds []error
	}{
		{"hex float metric", files{m: "iteration,item,acc\nv1,q1,0x1p-2\n"},
			`data/metrics/a.csv:2:7: metric "acc": value "0x1p-2" is not a number`, []error{ErrBadValue}},
		{"underscore metric", files{m: "iteration,item,acc\nv1,q1,1_000\n"},
			`data/metrics/a.csv:2:7: metric "acc": value "1_000" is not a number`, []error{ErrBadValue}},
		{"underflow metric", files{m: "iteration,item,acc\nv1,q1,1e-400\n"},
			`data/metrics/a.csv:2:7: metric "acc": value 1e-400 is too close to 0 for a 64-bit float (it would read as 0)`, []error{ErrBadValue, number.ErrRange}},
		{"underflow rating", files{a: "iteration,item,rater,dimension,value\nv1,q1,r1,help,1e-400\n"},
			`data/annotations/a.csv:2:15: value 1e-400 is too close to 0 for a 64-bit float (it would read as 0)`, []error{ErrBadValue, number.ErrRange}},
		{"overflow gold", files{a: "iteration,item,rater,dimension,value,gold\nv1,q1,r1,help,3,-1e400\n"},
			`data/annotations/a.csv:2:17: value -1e400 is beyond the range of a 64-bit float`, []error{ErrBadValue, number.ErrRange}},
		{"underflow jsonl value", files{j: `{"item":"q1","rater":"r1","dimension":"help","value":1e-400}` + "\n"},
			`data/annotations/b.jsonl:1:54: record 1: "value": 1e-400 is too close to 0 for a 64-bit float (it would read as 0)`, []error{ErrBadValue, number.ErrRange}},
		{"duplicate jsonl key", files{j: "\n" + `{"item":"q1","rater":"r1","dimension":"help","value":3}` + "\n\n" + `  {"item":"q1","rater":"r1","value":2,"dimension":"help","value":3}` + "\n"},
			`data/annotations/b.jsonl:4:58: record 2: key "value" appears twice in one object (first at column 29)`, []error{ErrDuplicateKey}},
		{"duplicate nested key", files{"data/items.jsonl": `{"id":"q1","gold":{"help":2,"tone":"ok","help":3}}` + "\n"},
			`data/items.jsonl:1:41: record 1: key "help" appears twice in one object (first at column 20)`, []error{ErrDuplicateKey}},
		{"duplicate escaped key", files{"data/metrics/m.jsonl": `{"iteration":"v1","f1":1,"f\u0031":2}` + "\n"},
			`data/metrics/m.jsonl:1:26: record 1: key "f\u0031" appears twice in one object (first at column 19)`, []error{ErrDuplicateKey}},
		{"duplicate key in an lm-eval results file", files{"data/metrics/results.json": "{\"results\": {\"arc\": {\n  \"acc,none\": 0.5,\n  \"acc,none\": 0.6}}}\n"},
			`data/metrics/results.json:3:3: key "acc,none" appears twice in one object (first at 2:3)`, []error{ErrDuplicateKey}},
		{"jsonl type", files{j: `{"item":"q1","rater":"r1","dimension":"help","value":3,"timestamp":17}` + "\n"},
			`data/annotations/b.jsonl:1:68: record 1: "timestamp" must be a string, an RFC 3339 timestamp or a YYYY-MM-DD date`, []error{ErrType}},
		{"metric jsonl overflow", files{"data/metrics/m.jsonl": `{"iteration":"v1","f1":1e999}` + "\n"},
			`data/metrics/m.jsonl:1:24: record 1: key "f1": 1e999 is beyond the range of a 64-bit float`, []error{ErrBadValue}},
		{"jsonl syntax", files{j: `{"item":"q1",}` + "\n"},
			`data/annotations/b.jsonl:1:14: record 1: invalid character '}' looking for beginning of object key string`, []error{ErrSyntax}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Load(config.Default(), tt.files.fs())
			if err == nil {
				t.Fatalf("Load succeeded; want error %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tt.want)
			}
			for _, k := range tt.kinds {
				if !errors.Is(err, k) {
					t.Errorf("errors.Is(err, %v) is false", k)
				}
			}
		})
	}
}

// TestStrictNumbersAccepted checks that the strict syntax still reads what
// data files write: signs, a leading or trailing point, exponents.
func TestStrictNumbersAccepted(t *testing.T) {
	p, _, err := Load(config.Default(), files{"data/metrics/a.csv": "iteration,item,acc\nv1,q1,-.5\nv1,q2,+1.\nv1,q3,2.5E-3\n"}.fs())
	if err != nil {
		t.Fatal(err)
	}
	var got []float64
	for _, v := range p.Metrics[0].Values.Rows() {
		got = append(got, v.Value)
	}
	if len(got) != 3 || got[0] != -0.5 || got[1] != 1 || got[2] != 0.0025 {
		t.Errorf("values %v; want [-0.5 1 0.0025]", got)
	}
}

// TestBadValueSkip checks ingest.on_bad_value: by default a rating that
// breaks its dimension's configured scale (finding 3: an "n/a" on an
// ordinal dimension with min and max) stops the load at its position; with
// "skip" it is left out and counted by reason, the dimension stays numeric.
func TestBadValueSkip(t *testing.T) {
	fs := files{
		"data/annotations/a.csv": "iteration,item,rater,dimension,value\n" +
			"v1,q1,r1,help,4\nv1,q1,r2,help,n/a\nv1,q2,r1,help,6\nv1,q2,r2,help,2\nv1,q3,r1,help,n/a\n",
	}
	lo, hi := 1.0, 5.0
	cfg := config.Default()
	cfg.Dimensions = map[string]config.DimensionConfig{"help": {Scale: "ordinal", Min: &lo, Max: &hi}}
	_, _, err := Load(cfg, fs.fs())
	want := `data/annotations/a.csv:3:15: dimension "help" has a range 1 to 5 in the config, but value "n/a" is not a number`
	if err == nil || err.Error() != want || !errors.Is(err, ErrBadValue) {
		t.Fatalf("on_bad_value = \"error\": error %v; want %s (an ErrBadValue)", err, want)
	}

	cfg.Ingest.OnBadValue = config.OnBadValueSkip
	p, _, err := Load(cfg, fs.fs())
	if err != nil {
		t.Fatal(err)
	}
	d := p.Dimensions[0]
	if !d.Numeric || d.Ratings.Len() != 2 || d.Ratings.At(0).Value != 4 || d.Ratings.At(1).Value != 2 {
		t.Errorf("dimension: numeric %v, ratings %+v; want numeric with 4 and 2", d.Numeric, d.Ratings)
	}
	r := p.Sources[0]
	if r.Records != 5 || r.Values != 2 {
		t.Errorf("report: %d records, %d values; want 5 and 2", r.Records, r.Values)
	}
	got := map[string]string{}
	for _, s := range r.Skipped {
		got[s.Reason] = fmt.Sprintf("%d at %s", s.N, s.Example)
	}
	wantSkips := map[string]string{
		`a label on dimension "help", which has a range 1 to 5`: "2 at data/annotations/a.csv:3",
		`a value outside the range 1 to 5 of "help"`:            "1 at data/annotations/a.csv:4",
	}
	if !maps.Equal(got, wantSkips) {
		t.Errorf("skips %v; want %v", got, wantSkips)
	}
}

// TestEmptyFilesReported checks finding 7's empty and header-only files:
// each is named in its report (Empty) and by a warning, never skipped
// without a word.
func TestEmptyFilesReported(t *testing.T) {
	p, warnings, err := Load(config.Default(), files{
		"data/metrics/a.csv":          "iteration,item,acc\nv1,q1,1\n",
		"data/metrics/header.csv":     "iteration,item,acc\n",
		"data/annotations/b.jsonl":    "\n\n",
		"data/annotations/none.csv":   "",
		"data/annotations/zero.jsonl": "",
	}.fs())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range p.Sources {
		got[r.Path] = r.Empty
	}
	want := map[string]string{
		"data/metrics/a.csv": "", "data/metrics/header.csv": "no records",
		"data/annotations/b.jsonl": "no records", "data/annotations/none.csv": "empty file", "data/annotations/zero.jsonl": "empty file",
	}
	if !maps.Equal(got, want) {
		t.Errorf("Empty by file %v; want %v", got, want)
	}
	for path, why := range want {
		if why == "" {
			continue
		}
		found := false
		for _, w := range warnings {
			found = found || strings.HasPrefix(w, path+":")
		}
		if !found {
			t.Errorf("no warning names %s; warnings %q", path, warnings)
		}
	}
}

// TestDuplicateKeyInArray checks a JSON array export (Label Studio) for
// duplicate keys too, naming the element and the key's line.
func TestDuplicateKeyInArray(t *testing.T) {
	export := "[\n {\"id\": 1,\n  \"data\": {\"text\": \"a\"},\n  \"annotations\": [],\n  \"data\": {\"text\": \"b\"}}\n]\n"
	_, _, err := Load(config.Default(), files{"data/annotations/export.json": export}.fs())
	want := `data/annotations/export.json:5:3: element 1: key "data" appears twice in one object (first at 3:3)`
	if err == nil || err.Error() != want || !errors.Is(err, ErrDuplicateKey) {
		t.Errorf("error %v; want %s", err, want)
	}
}

// TestMissingTokenIsNoBadValue checks the other side of finding 3's
// contract: "n/a" that the source's missing lists is a missing rating,
// skipped and counted, not a label on the numeric scale.
func TestMissingTokenIsNoBadValue(t *testing.T) {
	lo, hi := 1.0, 5.0
	cfg := config.Default()
	cfg.Dimensions = map[string]config.DimensionConfig{"help": {Scale: "ordinal", Min: &lo, Max: &hi}}
	cfg.Sources = []config.Source{{Path: "data/annotations/a.csv", Kind: "annotations", Missing: []string{"n/a"}}}
	p, _, err := Load(cfg, files{"data/annotations/a.csv": "item,rater,dimension,value\nq1,r1,help,4\nq1,r2,help,n/a\n"}.fs())
	if err != nil {
		t.Fatal(err)
	}
	if d := p.Dimensions[0]; !d.Numeric || d.Ratings.Len() != 1 {
		t.Errorf("dimension numeric %v with %d ratings; want numeric with 1", d.Numeric, d.Ratings.Len())
	}
	if r := p.Sources[0]; r.SkippedRecords() != 1 {
		t.Errorf("skipped %d records; want the n/a one: %+v", r.SkippedRecords(), r.Skipped)
	}
}
