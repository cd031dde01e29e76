package render

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/preference"
	"github.com/evalbook/evalbook/internal/project"
)

// TestPairwisePages renders a pairwise dimension in which v1 and v3 were
// never judged against each other: the matrix shows that pair as not
// judged (never as 50%), the system pages list their opponents, the item
// drill-down escapes a rater's comment and api/pairwise.json holds the
// records.
func TestPairwisePages(t *testing.T) {
	nan := math.NaN()
	j := func(item, rater, a, b string, p float64, comment string) project.Judgement {
		return project.Judgement{Item: item, Rater: rater, SystemA: a, SystemB: b, P: p, First: "a", LengthA: nan, LengthB: nan, Comment: comment}
	}
	in := testInput()
	p := *in.Project
	p.Pairwise = []project.PairwiseDimension{{Name: "pref", Label: "Preference", Judgements: []project.Judgement{
		j("q1", "r1", "v1", "v2", 1, "<script>alert(1)</script> v2 is right"),
		j("q2", "r1", "v1", "v2", 0.5, ""),
		j("q1", "r2", "v2", "v3", 0, ""),
		j("q2", "r2", "v3", "v2", 1, ""),
	}}}
	in.Project = &p
	in.Preference = preference.Analyse(&p, preference.Options{Level: 0.95, Resamples: 50, Seed: 3})
	files, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	page := string(files["pairwise/pref.html"])
	if page == "" {
		t.Fatal("no pairwise/pref.html")
	}
	for _, want := range []string{
		`<td class="pw unjudged" data-opponent="v3" title="v1 and v3 were never judged against each other">not judged</td>`,
		`<td class="pw unjudged" data-opponent="v1" title="v3 and v1 were never judged against each other">not judged</td>`,
		`data-opponent="v1" title="v2 over v1: 75.0% `,
		`href="../pairwise/pref/q1.html"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("pairwise/pref.html lacks %s", want)
		}
	}
	_, matrix, _ := strings.Cut(page, `<table class="pwmatrix">`)
	matrix, _, _ = strings.Cut(matrix, "</table>")
	if strings.Contains(matrix, "50.0%<") {
		t.Error("the matrix shows 50.0%, though no pair has that win rate")
	}
	if it := string(files["iterations/v2.html"]); !strings.Contains(it, `<tr data-opponent="v1">`) || !strings.Contains(it, `<tr data-opponent="v3">`) {
		t.Error("v2's page does not list its opponents v1 and v3")
	}
	item := string(files["pairwise/pref/q1.html"])
	if strings.Contains(item, "<script>alert") || !strings.Contains(item, "&lt;script&gt;alert(1)&lt;/script&gt; v2 is right") {
		t.Error("the item drill-down does not show the comment escaped")
	}
	if !strings.Contains(item, "v1 (A) against v2 (B)") || !strings.Contains(item, "v2 (A) against v3 (B)") {
		t.Error("the item drill-down does not read both pairs from one side each")
	}
	var doc struct {
		Records []struct {
			SystemA  string  `json:"system_a"`
			SystemB  string  `json:"system_b"`
			N        int     `json:"n"`
			WinRateB float64 `json:"win_rate_b"`
		} `json:"records"`
		BT []struct {
			System string `json:"system"`
		} `json:"bradley_terry"`
	}
	if err := json.Unmarshal(files["api/pairwise.json"], &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Records) != 2 || doc.Records[0].SystemA != "v1" || doc.Records[0].WinRateB != 0.75 || doc.Records[1].N != 2 || len(doc.BT) != 3 {
		t.Errorf("api/pairwise.json = %+v", doc)
	}
	if !strings.Contains(string(files["index.html"]), `pairwise.json</a>`) {
		t.Error("the footer does not link api/pairwise.json")
	}
}
