package ingest

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

// checkLoad loads one file and checks what must hold for any input: no
// panic, an error that starts with the file's path, and on success only
// finite numbers with positions in that file.
func checkLoad(t *testing.T, name, data string) *project.Project {
	return checkLoadWith(t, config.Default(), name, data)
}

// checkLoadWith is checkLoad with the config cfg.
func checkLoadWith(t *testing.T, cfg *config.Config, name, data string) *project.Project {
	p, _, err := Load(cfg, files{name: data}.fs())
	if err != nil {
		if !strings.HasPrefix(err.Error(), name+":") {
			t.Fatalf("error does not start with %q: %v", name+":", err)
		}
		return nil
	}
	for _, m := range p.Metrics {
		for _, v := range m.Values.Rows() {
			if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) || v.Pos.File != name || v.Pos.Line < 1 || v.Iteration == "" {
				t.Fatalf("bad value %+v", v)
			}
		}
	}
	for _, d := range p.Dimensions {
		for item, v := range d.Gold {
			if item == "" || v == "" || d.Numeric && !isNumber(v) {
				t.Fatalf("bad gold answer %q -> %q on %+v", item, v, d)
			}
		}
		for _, r := range d.Ratings.Slice() {
			if math.IsNaN(r.Value) || r.Pos.File != name || r.Pos.Line < 1 || r.Item == "" || r.Rater == "" {
				t.Fatalf("bad rating %+v", r)
			}
		}
	}
	return p
}

func isNumber(s string) bool {
	_, ok := parseNumber(s)
	return ok
}

func FuzzMetricsCSV(f *testing.F) {
	for _, s := range []string{
		"iteration,metric,value,item,slice,timestamp\nv1,acc,0.5,q1,en,2026-01-12\nv2,acc,1,q1,en,2026-02-01T10:00:00Z\n",
		"iteration,item,acc,f1\nv1,q1,1,0.5\nv1,q2,,0.25\n",
		"\ufeffiteration,item,acc\r\nv1,q1,1\r\nv2,q1,0\r\n",
		"iteration,item,\"exact, match\"\n\"v1\",\"q \"\"1\"\"\",\"0.5\"\n",
		"iteration,metric,value\nv1,\"acc,1\nv2,acc,2\n",
		"iteration,metric,value\nv1,a\"cc,1\n",
		"iteration,metric,value\nv1,acc\n",
		"iteration,metric,value,extra\n",
		"iteration,item,acc\nv1,q1,NaN\n",
		"iteration,metric,value\nv1,acc,1\nv1,acc,2\n",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		checkLoad(t, "data/metrics/m.csv", data)
	})
}

func FuzzAnnotations(f *testing.F) {
	for _, s := range []struct {
		data  string
		jsonl bool
	}{
		{"item,rater,dimension,value,iteration,timestamp\nq1,r1,help,4,v1,2026-01-12\nq1,r2,help,3.5,v1,\n", false},
		{"item,rater,dimension,value\nq1,r1,tone,rude\nq1,r2,tone,\"polite, mostly\"\n", false},
		{"\ufeffitem,rater,dimension,value\r\nq1,r1,help,4\r\nq1,r1,help,5\r\n", false},
		{"item,rater,dimension,value\nq1,\"r1,help,4\n", false},
		{`{"item":"q1","rater":"r1","dimension":"help","value":4,"iteration":"v1"}` + "\n" +
			`{"item":17,"rater":"r2","dimension":"help","value":"2.5"}` + "\r\n", true},
		{`{"item":"q1","rater":"r1","dimension":"tone","value":null}` + "\n\n[1]\n", true},
		{`{"item":"q1",,}`, true},
		{"\ufeff{\"item\":\"q1\",\"rater\":\"r1\",\"dimension\":\"d\",\"value\":1e999}\n", true},
		{"item,rater,dimension,value,gold\nq1,r1,help,3,4\nq1,r2,help,4,4.0\nq1,r3,help,,5\nq2,r1,help,2,good\n", false},
		{"item,rater,dimension,value,gold\nq1,r1,help,3,\nq2,r1,help,4,\nq3,r1,help,n/a,\n", false},
		{"item,rater,dimension,value\nq1,r1,tone,a\nq1,r1,tone,b\n", false},
		{`{"item":"q1","rater":"r1","dimension":"tone","value":"rude","gold":"polite"}` + "\n" +
			`{"item":"q1","rater":"r2","dimension":"tone","value":"ok","gold":"rude"}` + "\n" +
			`{"item":"q2","rater":"r2","dimension":"help","value":3,"gold":1e999}` + "\n", true},
	} {
		f.Add(s.data, s.jsonl)
	}
	f.Fuzz(func(t *testing.T, data string, jsonl bool) {
		name := "data/annotations/a.csv"
		if jsonl {
			name = "data/annotations/a.jsonl"
		}
		checkLoad(t, name, data)
		if !jsonl {
			loadBothPaths(t, config.Default(), files{name: data})
		}
	})
}

func FuzzItemsJSONL(f *testing.F) {
	for _, s := range []string{
		`{"id":"q1","input":"Hi","output":"Hello","reference":null,"language":"de","len":12,"hard":true}` + "\n",
		"\ufeff{\"id\":1}\r\n\r\n{\"id\":\"2\",\"input\":\"a \\\"quoted\\\" text\"}\n",
		`{"id":"q1"}` + "\n" + `{"id":"q1"}` + "\n",
		`{"id":"q1" "input":"x"}`,
		`{"id":"q1","tags":["a"]}`,
		`{"id":"q1","gold":{"help":4,"tone":"polite","x":null}}` + "\n" + `{"id":"q2","gold":{"help":true}}`,
		`{"id":"q1","gold":[1]}` + "\n" + `{"id":"q2","gold":{"":1e999}}`,
		"null\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		const name = "data/items.jsonl"
		p, _, err := Load(config.Default(), files{name: data}.fs())
		if err != nil {
			if !strings.HasPrefix(err.Error(), name+":") {
				t.Fatalf("error does not start with %q: %v", name+":", err)
			}
			return
		}
		for i, it := range p.Items {
			if it.ID == "" || it.Pos.File != name || i > 0 && p.Items[i-1].ID >= it.ID {
				t.Fatalf("bad or unsorted item %+v", it)
			}
		}
	})
}

// FuzzInvestigation loads a fixed project with one fuzzed content page and
// checks that an investigation either fails with the page's position or
// names only what the project has.
func FuzzInvestigation(f *testing.F) {
	f.Add("+++\ntitle = \"Why\"\n[[discrepancies]]\nmetric = \"acc\"\ndimension = \"help\"\niterations = [\"v1\"]\nitems = [\"q1\"]\ncause = \"metric-flaw\"\n+++\nBody\n")
	f.Add("+++\n[[discrepancies]]\nmetric = \"acc\"\ndimension = \"help\"\ncause = \"other\"\n[[discrepancies]]\nmetric = \"acc\"\n+++\n")
	f.Add("+++\ndiscrepancies = [{metric = \"acc\", dimension = \"help\", cause = \"data-gap\"}]\n+++\n")
	f.Add("+++\n[[discrepancies]]\n[[discrepancies]]\n+++\n[[discrepancies]]\n")
	f.Fuzz(func(t *testing.T, page string) {
		const name = "content/why.md"
		p, _, err := Load(config.Default(), files{
			"data/metrics/m.csv":     "iteration,item,acc\nv1,q1,1\n",
			"data/annotations/a.csv": "iteration,item,rater,dimension,value\nv1,q1,r1,help,4\n",
			name:                     page,
		}.fs())
		if err != nil {
			if !strings.HasPrefix(err.Error(), name+":") {
				t.Fatalf("error does not start with %q: %v", name+":", err)
			}
			return
		}
		for _, d := range p.Pages {
			for _, ref := range d.Meta.Discrepancies {
				if ref.Metric != "acc" || ref.Dimension != "help" || !slices.Contains(project.Causes, ref.Cause) {
					t.Fatalf("accepted %+v", ref)
				}
				for _, it := range ref.Iterations {
					if it != "v1" {
						t.Fatalf("accepted iteration %q", it)
					}
				}
			}
		}
	})
}
