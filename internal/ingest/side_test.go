package ingest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

// outputList lists a project's outputs as "item|iteration=text".
func outputList(p *project.Project) []string {
	var out []string
	for _, it := range p.Items {
		for _, o := range it.Outputs {
			out = append(out, fmt.Sprintf("%s|%s=%s", it.ID, o.Iteration, o.Text))
		}
	}
	return out
}

// TestOutputs reads per-system outputs from data/outputs/ (CSV and JSONL,
// no config) and from a [[sources]] kind = "outputs" with renamed columns
// and a fixed iteration, and checks every output, its order (series order
// within an item) and the reports.
func TestOutputs(t *testing.T) {
	base := files{
		"data/metrics/m.csv":       "iteration,metric,value\nv1,acc,1\nv2,acc,1\nv3,acc,1\n",
		"data/items.jsonl":         `{"id": "q1", "input": "Capital of France?"}` + "\n",
		"data/outputs/a.csv":       sample(t, "outputs.csv"),
		"data/outputs/b.jsonl":     sample(t, "outputs.jsonl"),
		"elsewhere/sys.tsv":        "id\ttext\nq2\tDifferent.\n",
		"data/annotations/r.jsonl": `{"item":"q1","rater":"r1","dimension":"help","value":4}` + "\n",
	}
	p, warnings := mustLoad(t, base, func(c *config.Config) {
		c.Sources = []config.Source{{Path: "elsewhere/*.tsv", Kind: "outputs", Item: "id", Output: "text", IterationValue: "v3"}}
	})
	want := []string{
		"7|v3=A numbered item.",
		"q1|v1=Paris is the capital of France.",
		"q1|v2=Paris is the capital and largest city of France.",
		"q1|v3=  Paris.  ", // kept as written
		"q2|v1=Water boils at 100 °C\nat sea level.",
		"q2|v3=Different.",
		"q3|v2=<script>alert(1)</script>",
	}
	if got := outputList(p); !reflect.DeepEqual(got, want) {
		t.Errorf("outputs\n got %q\nwant %q", got, want)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings = %q", warnings)
	}
	if it, _ := p.Item("q1"); it.Input != "Capital of France?" {
		t.Errorf("q1 lost its text from items.jsonl: %+v", it)
	}
	var reports []string
	for _, r := range p.Sources {
		if r.Kind == "outputs" {
			reports = append(reports, fmt.Sprintf("%s %s %d/%d %v", r.Path, r.Format, r.Values, r.Records, skipList(r)))
		}
	}
	wantReports := []string{
		"data/outputs/a.csv csv 4/5 [no output (an empty cell): 1]",
		"data/outputs/b.jsonl jsonl 2/2 []",
		"elsewhere/sys.tsv csv 1/1 []",
	}
	if !reflect.DeepEqual(reports, wantReports) {
		t.Errorf("reports\n got %q\nwant %q", reports, wantReports)
	}
}

// TestOutputsMapped reads an AlpacaEval-shaped outputs file with config
// only: each line has an instruction (the item's input), a generator's
// output and the baseline's (repeated on every line of the item, kept
// once); other keys are ignored and counted in the report.
func TestOutputsMapped(t *testing.T) {
	line := func(id, gen, out, base string) string {
		return fmt.Sprintf(`{"instruction_id": %q, "instruction": "Say hi.", "dataset": "x", "generator": %q, "output": %q, "baseline": "base", "baseline_output": %q}`+"\n", id, gen, out, base)
	}
	src := config.Source{Path: "data/ae.jsonl", Kind: "outputs", Item: "instruction_id", Iteration: "generator", Input: "instruction",
		OtherIteration: "baseline", OtherOutput: "baseline_output", OtherColumns: "ignore"}
	fs := files{"data/ae.jsonl": line("i1", "m1", "Hi!", "Hello.") + line("i1", "m2", " Hey ", "Hello.") + line("i2", "m1", "", "Good day.")}
	p, _ := mustLoad(t, fs, func(c *config.Config) { c.Sources = []config.Source{src} })
	want := []string{"i1|base=Hello.", "i1|m1=Hi!", "i1|m2= Hey ", "i2|base=Good day."}
	if got := outputList(p); !reflect.DeepEqual(got, want) {
		t.Errorf("outputs\n got %q\nwant %q", got, want)
	}
	if it, ok := p.Item("i1"); !ok || it.Input != "Say hi." {
		t.Errorf("i1 = %+v; want the instruction as its input", it)
	}
	var r project.SourceReport
	for _, x := range p.Sources {
		if x.Path == "data/ae.jsonl" {
			r = x
		}
	}
	if got := fmt.Sprintf("%d/%d items %d %v", r.Values, r.Records, r.Items, skipList(r)); got != `4/3 items 2 [key "dataset" ignored (other_columns = "ignore"): 3 (part)]` {
		t.Errorf("report %s", got)
	}
	// A different baseline text for the same item is an error; without
	// other_columns the extra key is one.
	fs["data/ae.jsonl"] = line("i1", "m1", "Hi!", "Hello.") + line("i1", "m2", "Hey", "Hullo.")
	if _, _, err := Load(withSources(src), fs.fs()); err == nil || !strings.Contains(err.Error(), `item "i1" has a second output for iteration "base", a different text`) {
		t.Errorf("error %v", err)
	}
	src.OtherColumns = ""
	if _, _, err := Load(withSources(src), fs.fs()); err == nil || !strings.Contains(err.Error(), `data/ae.jsonl:1: unknown key "dataset"`) {
		t.Errorf("error %v", err)
	}
}

// withSources returns the default config with sources.
func withSources(s ...config.Source) *config.Config {
	c := config.Default()
	c.Sources = s
	return c
}

func TestOutputsErrors(t *testing.T) {
	tests := []struct{ name, file, data, want string }{
		{"second output", "data/outputs/a.csv", "item,iteration,output\nq1,v1,a\nq1,v1,b\n",
			`data/outputs/a.csv:3: item "q1" has a second output for iteration "v1", a different text; the first is at data/outputs/a.csv:2`},
		{"unknown column", "data/outputs/a.csv", "item,iteration,output,score\n",
			`data/outputs/a.csv:1:23: unknown column "score"; an outputs file has the columns item, iteration and output (other_columns = "ignore" leaves out any other)`},
		{"no iteration column", "data/outputs/a.csv", "item,output\n",
			`data/outputs/a.csv:1: the header has no "iteration" column; an outputs file has the columns item, iteration and output (other_columns = "ignore" leaves out any other)`},
		{"empty item", "data/outputs/a.jsonl", `{"item": "", "iteration": "v1", "output": "x"}` + "\n",
			`data/outputs/a.jsonl:1: missing or empty "item"; an outputs file has the columns item, iteration and output (other_columns = "ignore" leaves out any other)`},
		{"rater twice", "data/raters.csv", "rater,group\nr1,a\nr1,b\n",
			`data/raters.csv:3: rater "r1" appears again; the first is at data/raters.csv:2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Load(config.Default(), files{tt.file: tt.data}.fs())
			if err == nil || err.Error() != tt.want {
				t.Errorf("error\n got: %v\nwant: %s", err, tt.want)
			}
		})
	}
	// An output of an iteration nothing else names is kept, with a warning.
	p, w := mustLoad(t, files{"data/outputs/a.csv": "item,iteration,output\nq1,ghost,x\n"}, nil)
	if len(outputList(p)) != 1 || len(w) != 1 || !strings.Contains(w[0], `output of iteration "ghost"`) {
		t.Errorf("outputs %q, warnings %q", outputList(p), w)
	}
}

// TestRaters reads rater attributes from data/raters.csv and a raters
// JSONL named by a source; an empty cell is no value.
func TestRaters(t *testing.T) {
	p, _ := mustLoad(t, files{
		"data/raters.csv":    sample(t, "raters.csv"),
		"people/more.jsonl":  `{"rater": "r4", "group": "experts", "years": 12, "native": true}` + "\n",
		"data/annotations/a": "item,rater,dimension,value\nq1,r1,help,4\n",
	}, func(c *config.Config) {
		c.Sources = []config.Source{{Path: "people/*.jsonl", Kind: "raters"}}
	})
	want := []project.Rater{
		{ID: "r1", Attrs: map[string]string{"group": "crowd", "expertise": "novice", "locale": "en-GB"}, Pos: project.Pos{File: "data/raters.csv", Line: 2}},
		{ID: "r2", Attrs: map[string]string{"group": "crowd", "expertise": "novice"}, Pos: project.Pos{File: "data/raters.csv", Line: 3}},
		{ID: "r3", Attrs: map[string]string{"group": "experts", "expertise": "linguist", "locale": "de-DE"}, Pos: project.Pos{File: "data/raters.csv", Line: 4}},
		{ID: "r4", Attrs: map[string]string{"group": "experts", "years": "12", "native": "true"}, Pos: project.Pos{File: "people/more.jsonl", Line: 1}},
	}
	if !reflect.DeepEqual(p.Raters, want) {
		t.Errorf("raters\n got %+v\nwant %+v", p.Raters, want)
	}
	if got := p.RaterAttributes(); !reflect.DeepEqual(got, []string{"expertise", "group", "locale", "native", "years"}) {
		t.Errorf("RaterAttributes = %q", got)
	}
}

// TestComments reads rater comments from the comment column of a generic
// CSV and JSONL file (also renamed by a source's comment key) and from a
// Label Studio export's textarea result, which every rating of the
// annotation carries.
func TestComments(t *testing.T) {
	ls := `[{"id": 11, "data": {"text": "Q?"}, "annotations": [{"completed_by": 5, "result": [
  {"from_name": "help", "type": "rating", "value": {"rating": 4}},
  {"from_name": "fact", "type": "choices", "value": {"choices": ["yes"]}},
  {"from_name": "why", "type": "textarea", "value": {"text": ["Cites <b>no</b> source."]}}]}]}]`
	p, _ := mustLoad(t, files{
		"data/annotations/a.csv":   "item,rater,dimension,value,comment\nq1,r1,help,4,Too long.\nq1,r2,help,5,\n",
		"data/annotations/b.jsonl": `{"item":"q2","rater":"r1","dimension":"help","value":3,"comment":"Off topic"}` + "\n",
		"data/annotations/c.tsv":   "item\trater\tdimension\tvalue\tnote\nq3\tr1\thelp\t2\tRude\n",
		"data/annotations/ls.json": ls,
	}, func(c *config.Config) {
		c.Sources = []config.Source{{Path: "data/annotations/c.tsv", Comment: "note"}}
	})
	want := []string{
		"fact||11|5=yes #Cites <b>no</b> source.",
		"help||11|5=4 #Cites <b>no</b> source.",
		"help||q1|r1=4 #Too long.", "help||q1|r2=5",
		"help||q2|r1=3 #Off topic",
		"help||q3|r1=2 #Rude",
	}
	if got := ratingList(p); !reflect.DeepEqual(got, want) {
		t.Errorf("ratings\n got %q\nwant %q", got, want)
	}
	comments := map[string]int{}
	for _, r := range p.Sources {
		comments[r.Path] = r.Comments
	}
	wantC := map[string]int{"data/annotations/a.csv": 1, "data/annotations/b.jsonl": 1, "data/annotations/c.tsv": 1, "data/annotations/ls.json": 1}
	if !reflect.DeepEqual(comments, wantC) {
		t.Errorf("comments per source = %v; want %v", comments, wantC)
	}
}
