package ingest

import (
	"os"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/safetext"
)

// datasets is the shared folder of real evaluation data, when present.
const datasets = "../../../shared/datasets/"

// addSeed adds the first max bytes of file (relative to the package), up
// to the last whole line, as a seed; nothing when the file is absent.
func addSeed(f *testing.F, file string, max int) {
	b, err := os.ReadFile(file)
	if err != nil {
		return
	}
	if len(b) > max {
		b = b[:max]
		if i := strings.LastIndexByte(string(b), '\n'); i > 0 {
			b = b[:i+1]
		}
	}
	f.Add(string(b))
}

// checkText fails when any text of p holds invalid UTF-8 or a raw bidi
// control: ingest neutralises text where it enters.
func checkText(t *testing.T, p *project.Project) {
	bad := func(s string) bool { _, _, found := safetext.Contains([]byte(s)); return found }
	for _, d := range p.Dimensions {
		for _, r := range d.Ratings.Slice() {
			if bad(r.Item) || bad(r.Rater) || bad(r.Label) || bad(r.Comment) || bad(r.Iteration) {
				t.Fatalf("rating with raw text %+v", r)
			}
		}
	}
	for _, m := range p.Metrics {
		if bad(m.Name) {
			t.Fatalf("metric name %q", m.Name)
		}
	}
	for _, it := range p.Items {
		if bad(it.ID) || bad(it.Input) || bad(it.Output) || bad(it.Reference) {
			t.Fatalf("item with raw text %+v", it)
		}
		for _, o := range it.Outputs {
			if bad(o.Text) {
				t.Fatalf("output with raw text %+v", o)
			}
		}
	}
	for _, it := range p.Iterations {
		if bad(it.ID) || bad(it.Description) {
			t.Fatalf("iteration with raw text %+v", it)
		}
	}
}

// fuzzOne loads the project of files with data as file name and checks the
// invariants of any load: an error names one of the files (the fuzzed one
// may make another wrong, as an iterations file that lacks an iteration a
// metric file names); a project holds only neutralised text and its
// reports add up.
func fuzzOne(t *testing.T, cfg *config.Config, name, data string, others files) {
	fs := files{name: data}
	for k, v := range others {
		fs[k] = v
	}
	p, _, err := Load(cfg, fs.fs())
	if err != nil {
		for file := range fs { // the fuzzed file may make another one wrong
			if strings.HasPrefix(err.Error(), file+":") {
				return
			}
		}
		t.Fatalf("error does not start with the name of a project file: %v", err)
	}
	checkText(t, p)
	for _, r := range p.Sources {
		if r.Read < 0 || r.Records != r.Read+r.SkippedRecords() || r.Values < 0 {
			t.Fatalf("report does not add up: %+v", r)
		}
	}
}

func FuzzMetricsJSONL(f *testing.F) {
	addSeed(f, "testdata/formats/metrics.jsonl", 4096)
	for _, s := range []string{
		`{"id":"q1","iteration":"v1","exact_match":1,"f1":0.5,"ok":true}` + "\n",
		`{"iteration":"v1","f1":1e-400}` + "\n",
		`{"iteration":"v1","f1":1,"f1":2}` + "\n",
		`{"iteration":"v1","item":"a","slice":"en","f1":1}` + "\n" + `{"iteration":"v1","item":"b","slice":"en","f1":0.5}` + "\n" +
			`{"iteration":"v1","item":"c","slice":"en","f1":2,"f1":3}` + "\n" + ` {"iteration" : "v2", "item":"c", "f1":-0}` + "\n",
		`{"iteration":"v\u202e1","f1":"x","g":[1],"h":{"a":1,"a":2}}` + "\n",
		"\n\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		fuzzOne(t, config.Default(), "data/metrics/m.jsonl", data, nil)
	})
}

func FuzzOutputs(f *testing.F) {
	addSeed(f, "testdata/formats/outputs.csv", 4096)
	addSeed(f, "testdata/formats/outputs.jsonl", 4096)
	addSeed(f, datasets+"alpaca_eval/outputs_sample.jsonl", 4096)
	f.Add("item,iteration,output\nq1,v1,\"a \xff b\"\n")
	f.Fuzz(func(t *testing.T, data string) {
		name := "data/outputs/o.csv"
		if strings.HasPrefix(strings.TrimSpace(data), "{") {
			name = "data/outputs/o.jsonl"
		}
		fuzzOne(t, config.Default(), name, data, files{"data/metrics/m.csv": "iteration,item,acc\nv1,q1,1\n"})
	})
}

func FuzzRaters(f *testing.F) {
	addSeed(f, "testdata/formats/raters.csv", 4096)
	f.Add("rater,group,locale\nr1,expert,de\nr1,novice,en\n")
	f.Add(`{"rater":"r1","group":"expert"}` + "\n" + `{"rater":"r2","group":1}` + "\n")
	f.Fuzz(func(t *testing.T, data string) {
		name := "data/raters.csv"
		if strings.HasPrefix(strings.TrimSpace(data), "{") {
			name = "data/raters.jsonl"
		}
		fuzzOne(t, config.Default(), name, data, files{"data/annotations/a.csv": "item,rater,dimension,value\nq1,r1,help,4\n"})
	})
}

func FuzzPairwise(f *testing.F) {
	f.Add("item,rater,dimension,system_a,system_b,winner,first,length_a,length_b,comment\nq1,ann,pref,v4,v6,b,a,120,80,ok\nq2,ann,pref,v4,v6,tie,,,,\n")
	f.Add(`{"item":"q4","rater":"ann","dimension":"pref","system_a":"v6","system_b":"v4","winner":"A"}` + "\n")
	f.Add("item,rater,dimension,system_a,system_b,winner\nq1,r,pref,v1,v1,0.7\nq1,r,pref,v1,v2,1e-400\n")
	addSeed(f, datasets+"alpaca_eval/preferences.csv", 2048)
	f.Fuzz(func(t *testing.T, data string) {
		name := "data/annotations/p.csv"
		if strings.HasPrefix(strings.TrimSpace(data), "{") {
			name = "data/annotations/p.jsonl"
		}
		fuzzOne(t, config.Default(), name, data, nil)
		cfg := config.Default()
		cfg.Sources = []config.Source{{Path: "data/alpaca/*.csv", Kind: "annotations", Item: "instruction_id",
			SystemA: "baseline", SystemB: "generator", Winner: "preference", WinnerScale: "1-2", LengthB: "output_chars",
			Slice: "dataset", RaterValue: "gpt4_turbo", DimensionValue: "alpaca"}}
		fuzzOne(t, cfg, "data/alpaca/preferences.csv", data, nil)
	})
}

func FuzzIterations(f *testing.F) {
	addSeed(f, "../../data/iterations.toml", 4096)
	f.Add("[[iteration]]\nid = \"v1\"\ndate = 2026-01-05\ndescription = \"\\U0000202E\"\n[[iteration]]\nid = \"v2\"\nbaseline = \"v1\"\n")
	f.Add("[[iteration]]\nid = \"v1\"\nbaseline = \"v1\"\n")
	f.Fuzz(func(t *testing.T, data string) {
		fuzzOne(t, config.Default(), "data/iterations.toml", data, files{"data/metrics/m.csv": "iteration,item,acc\nv1,q1,1\nv2,q1,0\n"})
	})
}

// FuzzFrontMatter loads a fixed project with one fuzzed case study: any
// front matter either loads or fails naming the file.
func FuzzFrontMatter(f *testing.F) {
	addSeed(f, "../../casestudies/answer-length.md", 4096)
	addSeed(f, "../../content/decisions/index.md", 4096)
	f.Add("+++\ntitle = \"x\"\ndate = 2026-01-01\niterations = [\"v1\"]\nmetrics = [\"acc\"]\nstatus = \"done\"\n+++\n{{< metric acc v1 >}}\n")
	f.Add("+++\nkind = \"decision\"\ndecision = \"ship\"\ndecided_by = [\"a\"]\n+++\n")
	f.Add("+++\ntitle = 0x10\n+++\n")
	f.Fuzz(func(t *testing.T, data string) {
		fuzzOne(t, config.Default(), "casestudies/c.md", data, files{
			"data/metrics/m.csv":     "iteration,item,acc\nv1,q1,1\n",
			"data/annotations/a.csv": "iteration,item,rater,dimension,value\nv1,q1,r1,help,4\n",
		})
	})
}
