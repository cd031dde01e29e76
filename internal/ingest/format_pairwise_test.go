package ingest

import (
	"math"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

// TestPairwise reads side-by-side judgements in evalbook's columns (CSV
// and JSONL, recognised by their columns) and an AlpacaEval-shaped export
// through a source's mapping alone.
func TestPairwise(t *testing.T) {
	csv := "item,rater,dimension,system_a,system_b,winner,first,length_a,length_b,comment\n" +
		"q1,ann,pref,v4,v6,b,a,120,80,shorter and right\n" +
		"q1,judge,pref,v6,v4,tie,,,,\n" +
		"q2,judge,pref,v4,v6,0.25,b,,,\n" +
		"q3,ann,pref,v4,v6,,,,,\n"
	jsonl := `{"item":"q4","rater":"ann","dimension":"pref","system_a":"v6","system_b":"v4","winner":"A"}` + "\n"
	alpaca := "instruction_id,dataset,baseline,generator,preference,output_chars\n" +
		"ae000,helpful_base,gpt4,alpaca-7b,1.0000001827,147\n" +
		"ae001,koala,gpt4,alpaca-7b,1.5,344\n" +
		"ae002,koala,gpt4,alpaca-7b,,10\n"
	cfg := config.Default()
	cfg.Sources = []config.Source{{Path: "data/alpaca/preferences.csv", Kind: "annotations", Item: "instruction_id",
		SystemA: "baseline", SystemB: "generator", Winner: "preference", WinnerScale: "1-2", LengthB: "output_chars",
		Slice: "dataset", RaterValue: "gpt4_turbo", DimensionValue: "alpaca"}}
	p, _, err := Load(cfg, files{
		"data/annotations/pairs.csv":   csv,
		"data/annotations/pairs.jsonl": jsonl,
		"data/alpaca/preferences.csv":  alpaca,
	}.fs())
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Pairwise) != 2 || p.Pairwise[0].Name != "alpaca" || p.Pairwise[1].Name != "pref" {
		t.Fatalf("pairwise dimensions = %+v", p.Pairwise)
	}
	nan := math.NaN()
	want := []project.Judgement{
		{Item: "q1", Rater: "ann", SystemA: "v4", SystemB: "v6", P: 1, First: "a", LengthA: 120, LengthB: 80, Comment: "shorter and right", Pos: project.Pos{File: "data/annotations/pairs.csv", Line: 2}},
		{Item: "q1", Rater: "judge", SystemA: "v6", SystemB: "v4", P: 0.5, LengthA: nan, LengthB: nan, Pos: project.Pos{File: "data/annotations/pairs.csv", Line: 3}},
		{Item: "q2", Rater: "judge", SystemA: "v4", SystemB: "v6", P: 0.25, Weighted: true, First: "b", LengthA: nan, LengthB: nan, Pos: project.Pos{File: "data/annotations/pairs.csv", Line: 4}},
		{Item: "q4", Rater: "ann", SystemA: "v6", SystemB: "v4", P: 0, LengthA: nan, LengthB: nan, Pos: project.Pos{File: "data/annotations/pairs.jsonl", Line: 1}},
	}
	same := func(a, b project.Judgement) bool {
		eq := func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) }
		la, lb, ma, mb := a.LengthA, a.LengthB, b.LengthA, b.LengthB
		a.LengthA, a.LengthB, b.LengthA, b.LengthB = 0, 0, 0, 0
		return a == b && eq(la, ma) && eq(lb, mb)
	}
	got := p.Pairwise[1].Judgements
	if len(got) != len(want) {
		t.Fatalf("%d judgements; want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if !same(got[i], want[i]) {
			t.Errorf("judgement %d\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	a := p.Pairwise[0].Judgements
	if len(a) != 2 || a[0].SystemA != "gpt4" || a[0].SystemB != "alpaca-7b" || a[0].Rater != "gpt4_turbo" ||
		math.Abs(a[0].P-0.0000001827) > 1e-15 || !a[0].Weighted || a[1].P != 0.5 || a[1].Weighted || a[1].Slice != "koala" || a[1].LengthB != 344 {
		t.Errorf("alpaca judgements = %+v", a)
	}
	var ids []string
	for _, it := range p.Iterations {
		ids = append(ids, it.ID)
	}
	if strings.Join(ids, " ") != "gpt4 alpaca-7b v4 v6" {
		t.Errorf("iterations = %v", ids)
	}
	for _, r := range p.Sources {
		switch r.Path {
		case "data/alpaca/preferences.csv":
			if r.Format != "pairwise" || r.Records != 3 || r.Read != 2 || r.Values != 2 || len(r.Skipped) != 1 || r.Skipped[0].Reason != "no outcome (a missing judgement)" || r.Skipped[0].Example.Line != 4 {
				t.Errorf("report = %+v", r)
			}
		case "data/annotations/pairs.csv":
			if r.Format != "pairwise" || r.Records != 4 || r.Values != 3 || r.Comments != 1 {
				t.Errorf("report = %+v", r)
			}
		}
	}
}

// TestPairwiseErrors checks that bad judgements stop the build at
// file:line:col.
func TestPairwiseErrors(t *testing.T) {
	head := "item,rater,dimension,system_a,system_b,winner,first,length_a\n"
	for _, tt := range []struct{ name, row, want string }{
		{"same system", "q1,r,pref,v4,v4,a,,", `data/annotations/p.csv:2:14: system_a and system_b are both "v4": a system cannot be judged against itself`},
		{"bad outcome", "q1,r,pref,v4,v6,left,,", `data/annotations/p.csv:2:17: winner "left": want a, b, tie or a number in [0, 1] (the probability that b is better)`},
		{"weighted outside", "q1,r,pref,v4,v6,1.2,,", `data/annotations/p.csv:2:17: winner "1.2": want a, b, tie or a number in [0, 1]`},
		{"bad first", "q1,r,pref,v4,v6,a,left,", `data/annotations/p.csv:2:19: first "left": want a or b`},
		{"bad length", "q1,r,pref,v4,v6,a,,-3", `data/annotations/p.csv:2:20: length_a "-3": want a length`},
		{"empty system", "q1,r,pref,,v6,a,,", `data/annotations/p.csv:2:11: empty system_a; a pairwise file has the columns item, rater, dimension, system_a, system_b and winner`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Load(config.Default(), files{"data/annotations/p.csv": head + tt.row + "\n"}.fs())
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error\n got: %v\nwant: %s...", err, tt.want)
			}
		})
	}
	cfg := config.Default()
	cfg.Sources = []config.Source{{Path: "data/annotations/a.csv", SystemA: "generator_1", SystemB: "generator_2", Winner: "preference", WinnerScale: "1-2"}}
	_, _, err := Load(cfg, files{"data/annotations/a.csv": "item,rater,dimension,generator_1,generator_2,preference\nq,r,d,x,y,2.5\n"}.fs())
	if want := `data/annotations/a.csv:2:11: preference 2.5 outside [1, 2]`; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error\n got: %v\nwant: %s...", err, want)
	}
}
