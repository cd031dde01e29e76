package preference

import (
	"math"
	"testing"

	"github.com/evalbook/evalbook/internal/leaderboard"
	"github.com/evalbook/evalbook/internal/project"
)

// judgements returns n judgements of b against a, one item each, with
// the outcomes ps cycled (p the probability that b is better).
func judgements(a, b, rater string, from, n int, ps ...float64) []project.Judgement {
	var out []project.Judgement
	for i := range n {
		out = append(out, project.Judgement{Item: string(rune('A'+(from+i)/26)) + string(rune('a'+(from+i)%26)), Rater: rater,
			SystemA: a, SystemB: b, P: ps[i%len(ps)], LengthA: math.NaN(), LengthB: math.NaN()})
	}
	return out
}

func TestAnalyse(t *testing.T) {
	var js []project.Judgement
	js = append(js, judgements("v1", "v2", "ann", 0, 8, 1, 1, 1, 0.5)...) // v2 wins 6, ties 2
	js = append(js, judgements("v1", "v2", "v2", 0, 8, 1)...)             // v2 judging itself: always wins
	js = append(js, judgements("v2", "v3", "ann", 8, 4, 0, 1)...)
	p := &project.Project{
		Iterations: []project.Iteration{{ID: "v1"}, {ID: "v2", Order: 1}, {ID: "v3", Order: 2}},
		Pairwise:   []project.PairwiseDimension{{Name: "pref", Label: "Preference", Judgements: js}},
		Raters:     []project.Rater{{ID: "ann", Attrs: map[string]string{KindAttr: KindPerson}}, {ID: "v2", Attrs: map[string]string{KindAttr: KindJudge}}},
	}
	rep := Analyse(p, Options{Level: 0.95, Resamples: 200, Seed: 1})
	if len(rep.Units) != 1 {
		t.Fatalf("%d units; want 1", len(rep.Units))
	}
	u := rep.Units[0]
	// Every judgement involves v2: a star around it.
	if u.Judgements != 20 || u.Items != 12 || len(u.Pairs) != 2 || !u.Star || u.Reference != "v2" {
		t.Fatalf("unit = %+v", u)
	}
	w, ok := u.Pair("v1", "v2")
	if !ok || w.N != 16 || w.WinsB != 14 || w.Ties != 2 || w.WinRateB != 15.0/16 {
		t.Errorf("v2 over v1 = %+v, %v; want 14 wins and 2 ties of 16: 15/16", w, ok)
	}
	if _, ok := u.Pair("v1", "v3"); ok {
		t.Error("v1 and v3 were never judged against each other, yet have a record")
	}
	q := u.Quality
	if len(q.Self) != 1 || q.Self[0].Judge != "v2" || q.Self[0].Self.Rate != 1 || q.Self[0].Others.Rate != 0.75 {
		t.Errorf("self-preference = %+v; want v2 giving itself 1 against ann's 9/12", q.Self)
	}
	if q.Groups == nil || q.Groups.Units != 8 || q.Groups.Agreement != 0.75 {
		t.Errorf("people vs judges = %+v; want 8 shared units, agreeing on 6", q.Groups)
	}
	if q.Length != nil || len(q.Position) != 0 {
		t.Errorf("length %v, position %v; want none without lengths and orders", q.Length, q.Position)
	}

	lb := leaderboard.Report{Rounds: []leaderboard.RoundBoard{{Systems: []string{"v1", "v2", "v3"}, Reference: "v1"}}}
	Feed(&lb, rep, false)
	sub := lb.Rounds[0].Pairwise
	if len(sub) != 1 || sub[0].Kind != KindPairwise || sub[0].Name != "pref" {
		t.Fatalf("pairwise subjects = %+v", sub)
	}
	for _, e := range sub[0].Entries {
		switch e.System {
		case "v2":
			if e.WinRateVsReference == nil || *e.WinRateVsReference != 15.0/16 {
				t.Errorf("v2's win rate vs the reference = %v; want 15/16", e.WinRateVsReference)
			}
		default:
			if e.WinRateVsReference != nil {
				t.Errorf("%s has a win rate vs v1 (%v), but was never judged against it", e.System, *e.WinRateVsReference)
			}
		}
	}
}

// TestStar checks a star design: the hub is the reference and the
// candidates are compared through it, paired on shared items.
func TestStar(t *testing.T) {
	var js []project.Judgement
	js = append(js, judgements("base", "x", "j", 0, 10, 1, 1, 0, 1)...)
	js = append(js, judgements("base", "y", "j", 0, 10, 0, 0, 1, 0)...)
	js[0].Slice, js[10].Slice = "s1", "s1"
	p := &project.Project{Shape: project.ShapeSystems,
		Iterations: []project.Iteration{{ID: "base", Reference: true}, {ID: "x", Order: 1}, {ID: "y", Order: 2}},
		Pairwise:   []project.PairwiseDimension{{Name: "pref", Judgements: js}}}
	u := Analyse(p, Options{Level: 0.95, Resamples: 200, Seed: 1}).Units[0]
	if !u.Star || u.Reference != "base" || len(u.Through) != 1 {
		t.Fatalf("unit = %+v; want a star around base with one comparison through it", u)
	}
	th := u.Through[0]
	if th.X != "x" || th.Y != "y" || th.N != 10 || math.Abs(th.Diff-0.6) > 1e-12 {
		t.Errorf("x vs y through base = %+v; want 0.8 - 0.2 = 0.6 on 10 items", th)
	}
	if len(u.Slices) != 1 || u.Slices[0].Slice != "s1" || len(u.Slices[0].Pairs) != 2 {
		t.Errorf("slices = %+v", u.Slices)
	}
}
