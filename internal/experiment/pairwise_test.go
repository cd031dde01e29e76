package experiment

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
)

// judged returns judgements of b against a on ten items, q0 to q9: b wins
// q0-q7, loses q8 and on q9 wins one judgement and loses the other (an
// item score of 0.5). Every other judgement shows b first (as system_a),
// and the items fall into slices "x" (q0-q4) and "y" (q5-q9). win flips
// every outcome: b then loses what it won.
func judged(win bool) []project.Judgement {
	var out []project.Judgement
	add := func(i int, bWins bool) {
		if !win {
			bWins = !bWins
		}
		j := project.Judgement{Item: fmt.Sprintf("q%d", i), Rater: "r", SystemA: "a", SystemB: "b", P: 0, Slice: "x"}
		if i >= 5 {
			j.Slice = "y"
		}
		if bWins {
			j.P = 1
		}
		if len(out)%2 == 1 { // b shown as A: the outcome is P(A loses)
			j.SystemA, j.SystemB, j.P = "b", "a", 1-j.P
		}
		out = append(out, j)
	}
	for i := range 8 {
		add(i, true)
	}
	add(8, false)
	add(9, true)
	add(9, false)
	return out
}

// TestPairwiseComparison is the worked example of an iteration's win rate
// against its baseline as a comparison: b's per-item scores are eight 1s,
// a 0 and a 0.5, so its win rate is 8.5/10 = 0.85 and Delta 0.35. The
// sign-flip test of the scores minus 0.5 (exchanging the two systems on an
// item turns its score s into 1 - s) is exact at n = 10: eight of the nine
// non-zero differences are positive, and |sum| >= 3.5 in 2 (1 + 9) of the
// 2^9 sign patterns, p = 20/512 = 0.0390625, the two-sided sign test.
func TestPairwiseComparison(t *testing.T) {
	p := twoIterations()
	p.Pairwise = []project.PairwiseDimension{{Name: "pref", Judgements: judged(true)}}
	rep := analyseChecked(t, p, Options{})
	if len(rep.Comparisons) != 1 {
		t.Fatalf("%d comparisons; want 1", len(rep.Comparisons))
	}
	c := rep.Comparisons[0]
	if c.Kind != KindPairwise || c.Subject != "pref" || c.Iteration != "b" || c.Against != "a" || !c.Paired || c.N != 10 {
		t.Fatalf("comparison %+v", c)
	}
	if !near(c.Mean, 0.85, 1e-12) || c.MeanAgainst != 0.5 || !near(c.Delta, 0.35, 1e-12) {
		t.Errorf("mean %v against %v delta %v; want 0.85, 0.5, 0.35", c.Mean, c.MeanAgainst, c.Delta)
	}
	if c.P == nil || !near(*c.P, 20.0/512, 1e-12) || c.PMethod != "exact sign-flip" {
		t.Errorf("p %s (%s); want 0.0390625 (exact sign-flip)", fp(c.P), c.PMethod)
	}
	if c.Tests != 3 || c.PAdjusted == nil || c.CI == nil || c.CI.Low <= 0 || c.CI.High > 0.5+1e-9 {
		t.Errorf("tests %d, p adj. %s, CI %s", c.Tests, fp(c.PAdjusted), fmtCI(c.CI))
	}
	if len(c.Slices) != 2 || c.Slices[0].Slice != "x" || c.Slices[0].N != 5 || !near(c.Slices[0].Delta, 0.5, 1e-12) ||
		c.Slices[1].Slice != "y" || !near(c.Slices[1].Delta, 0.2, 1e-12) {
		t.Errorf("slices %+v", c.Slices)
	}
	// Holm over the comparison (weight 0.8) and two slices: 0.039 / 0.8 is
	// below 0.05, so b is better.
	if !near(*c.PAdjusted, 20.0/512/0.8, 1e-12) || c.Verdict != Better {
		t.Errorf("p adj. %s, verdict %s; want %v, better", fp(c.PAdjusted), c.Verdict, 20.0/512/0.8)
	}
	if len(rep.Alerts) != 0 {
		t.Errorf("alerts %+v; want none for a win", rep.Alerts)
	}
}

// TestPairwiseRegression checks that a significant loss raises the
// regression alert, an error beyond the dimension's max_regression, about
// the pairwise dimension; and that a case study can name it as primary.
func TestPairwiseRegression(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		name string
		th   config.Thresholds
		sev  string
	}{
		{"within", config.Thresholds{}, "warning"},
		{"beyond", config.Thresholds{MaxRegression: f(0.2)}, "error"},
		{"off", config.Thresholds{SignificantRegression: "off"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := twoIterations()
			p.Pairwise = []project.PairwiseDimension{{Name: "pref", Judgements: judged(false)}}
			p.CaseStudies = []project.Document{{Kind: project.CaseStudy, Slug: "cs", Meta: project.FrontMatter{
				Candidate: "b", Primary: "pref", MinEffect: f(0.05)}}}
			rep := analyseChecked(t, p, Options{DimensionThresholds: map[string]config.Thresholds{"pref": tc.th},
				Labels: map[string]string{"dimension pref": "Preference"}})
			c := rep.Comparisons[0]
			if !near(c.Delta, -0.35, 1e-12) || c.Verdict != Worse {
				t.Fatalf("delta %v verdict %s; want -0.35, worse", c.Delta, c.Verdict)
			}
			var got []string
			for _, a := range rep.Alerts {
				got = append(got, a.Severity.String())
				if a.Kind != KindRegression || a.Subject.String() != "pairwise pref" || a.Subject.Page() != "pairwise/pref.html" ||
					!strings.Contains(a.Message, "On Preference, b's win rate against a is 0.15, 0.35 below an even 0.5") {
					t.Errorf("alert %+v", a)
				}
			}
			if want := strings.Fields(tc.sev); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("alert severities %v; want %v", got, want)
			}
			v := rep.Verdicts[0]
			if v.Outcome != Refuted || v.Baseline != "a" || v.N != 10 || !near(v.Delta, -0.35, 1e-12) || v.P == nil || *v.P != *c.P {
				t.Errorf("verdict %+v; want refuted, the comparison's figures", v)
			}
		})
	}
}

// TestPairwiseNotJudged checks that a pair of iterations never judged
// against each other has no pairwise comparison, and that a case study
// naming the dimension then says so.
func TestPairwiseNotJudged(t *testing.T) {
	p := &project.Project{Iterations: []project.Iteration{{ID: "a"}, {ID: "b", Order: 1}, {ID: "c", Order: 2}}}
	js := judged(true) // b against a
	for i := range js {
		js[i].SystemA = strings.NewReplacer("a", "c", "b", "a").Replace(js[i].SystemA)
		js[i].SystemB = strings.NewReplacer("a", "c", "b", "a").Replace(js[i].SystemB)
	}
	// Now a against c: no iteration's target (b's is a, c's is b).
	p.Pairwise = []project.PairwiseDimension{{Name: "pref", Judgements: js}}
	p.CaseStudies = []project.Document{{Kind: project.CaseStudy, Slug: "cs", Meta: project.FrontMatter{Candidate: "c", Primary: "pref"}}}
	rep := analyseChecked(t, p, Options{})
	if len(rep.Comparisons) != 0 {
		t.Errorf("comparisons %+v; want none", rep.Comparisons)
	}
	if v := rep.Verdicts[0]; v.Outcome != Invalid || !strings.Contains(v.Reason, "never judged against each other") {
		t.Errorf("verdict %+v", v)
	}
	// With a named baseline the pair is compared: c against a, a's score
	// flipped (c lost 8.5 of 10).
	p.CaseStudies[0].Meta.Baseline = "a"
	rep = analyseChecked(t, p, Options{})
	if v := rep.Verdicts[0]; v.Outcome != Refuted || !near(v.Delta, -0.35, 1e-12) || math.IsNaN(v.Delta) {
		t.Errorf("verdict %+v", v)
	}
}

// TestPairwiseFingerprint checks that the judgements of a pair change the
// fingerprint of the family comparing that pair and of no other.
func TestPairwiseFingerprint(t *testing.T) {
	build := func(flip bool) *Plan {
		p := &project.Project{Iterations: []project.Iteration{{ID: "a"}, {ID: "b", Order: 1}, {ID: "c", Order: 2}}}
		js := judged(true) // b against a
		cb := judged(true)
		for i := range cb { // c against b
			cb[i].SystemA = strings.NewReplacer("b", "c", "a", "b").Replace(cb[i].SystemA)
			cb[i].SystemB = strings.NewReplacer("b", "c", "a", "b").Replace(cb[i].SystemB)
		}
		if flip {
			js[3].P = 1 - js[3].P
		}
		p.Pairwise = []project.PairwiseDimension{{Name: "pref", Judgements: append(js, cb...)}}
		return NewPlan(p, Options{})
	}
	x, y := build(false), build(true)
	if x.Families() != 2 {
		t.Fatalf("%d families; want 2", x.Families())
	}
	if x.Fingerprint(0) == y.Fingerprint(0) {
		t.Error("b's family: a changed judgement of b against a left its fingerprint")
	}
	if x.Fingerprint(1) != y.Fingerprint(1) {
		t.Error("c's family: a judgement of b against a changed its fingerprint")
	}
}
