package pairwise

import (
	"math"
	"testing"

	"github.com/evalbook/evalbook/internal/compare"
)

func TestDesignOf(t *testing.T) {
	star := cat(judged(0, 0, 1, AWins, 1), judged(0, 2, 0, AWins, 1), judged(1, 0, 3, Tie, 2))
	if d := DesignOf(star); !d.Star || d.Hub != 0 || d.Pairs != 3 || d.Systems != 4 {
		t.Errorf("star: %+v", d)
	}
	full := cat(star, judged(2, 1, 2, AWins, 1))
	if d := DesignOf(full); d.Star || d.Hub != -1 || d.Pairs != 4 {
		t.Errorf("not a star: %+v", d)
	}
	if d := DesignOf(judged(0, 0, 1, AWins, 2)); d.Star {
		t.Errorf("one pair is not a star: %+v", d)
	}
}

// TestStarCompare checks the paired comparison of two candidates through
// a hub on a hand-worked case: x scores 1, 0.5, 1 against the hub on items
// 0 to 2 (item 0 judged twice, 1 and 1), y scores 0, 0.5, 1; item 3 only x
// had. d = (1, 0, 0), so Diff = 1/3 and the figures are PairedDiffs'.
func TestStarCompare(t *testing.T) {
	js := cat(judged(0, 0, 1, BWins, 2), judged(1, 1, 0, Tie, 1), judged(2, 0, 1, BWins, 1), judged(3, 0, 1, AWins, 1),
		judged(0, 0, 2, AWins, 1), judged(1, 0, 2, Tie, 1), judged(2, 2, 0, AWins, 1))
	opt := compare.Options{Level: 0.95, Resamples: 1000, Seed: 5}
	r, items := StarCompare(js, 0, 1, 2, opt)
	want := compare.PairedDiffs([]float64{1, 0, 0}, opt)
	if len(items) != 3 || r.N != 3 || !near(r.Diff, 1.0/3, 1e-15) || r.P != want.P || r.CI != want.CI {
		t.Errorf("StarCompare = %+v over %v; want %+v", r, items, want)
	}
}

// TestStarCompareAlpacaEval checks that on AlpacaEval, where every model
// was judged on the same 805 items, the paired difference of two models
// is the difference of their published win rates.
func TestStarCompareAlpacaEval(t *testing.T) {
	a := loadAlpaca(t)
	if d := DesignOf(a.js); !d.Star || d.Hub != 0 || d.Systems != 14 {
		t.Fatalf("design %+v; want a star around the baseline", d)
	}
	r, items := StarCompare(a.js, 0, a.index["alpaca-farm-ppo-human"], a.index["alpaca-7b"],
		compare.Options{Level: 0.95, Resamples: 1000, Seed: 1})
	want := (4.100426814981367 - 2.591450540223603) / 100
	if len(items) != 805 || !near(r.Diff, want, 1e-12) || !(r.CI.Low < r.Diff && r.Diff < r.CI.High) {
		t.Errorf("PPO-human minus alpaca-7b: %+v over %d items; want %v", r, len(items), want)
	}
}

// TestPositionBias: the first-shown answer scores 1, 0, 1 and 0.5 in the
// four judgements of known order; the one of unknown order is left out.
func TestPositionBias(t *testing.T) {
	js := []Judgement{
		{A: 0, B: 1, P: AWins, Order: AFirst}, {A: 0, B: 1, P: BWins, Order: AFirst},
		{A: 0, B: 1, P: BWins, Order: BFirst}, {A: 0, B: 1, P: Tie, Order: BFirst},
		{A: 0, B: 1, P: BWins},
	}
	r := PositionBias(js, 0.95)
	if r.N != 4 || r.Rate != 0.625 || r.Method != MethodWilson || r.CI != Wilson(0.625, 4, 0.95) {
		t.Errorf("PositionBias = %+v; want 0.625 of 4", r)
	}
	if r := PositionBias(judged(0, 0, 1, AWins, 3), 0.95); r.N != 0 || !math.IsNaN(r.Rate) {
		t.Errorf("no known order: %+v", r)
	}
}

// TestLengthBias works a fit by hand: x = (-1, 0, 1), P = (0, 1, 1) on
// three items. β = Σ x̃ỹ / Σ x̃² = 1/2; residuals (-1/6, 1/3, -1/6); the
// cluster scores x̃e = (1/6, 0, -1/6) give a meat of 1/18; with c = 3/2 ·
// 2/1 = 3, V = 3 (1/18) / 2² = 1/24.
func TestLengthBias(t *testing.T) {
	js := []Judgement{{Item: 0, A: 0, B: 1, P: 0}, {Item: 1, A: 0, B: 1, P: 1}, {Item: 2, A: 0, B: 1, P: 1}, {Item: 3, A: 0, B: 1, P: 1}}
	f := LengthBias(js, []float64{-1, 0, 1, math.NaN()}, false, 0.95)
	se := math.Sqrt(1.0 / 24)
	half := 4.302652729696144 * se
	if f.N != 3 || f.Items != 3 || !near(f.Slope, 0.5, 1e-15) || !near(f.StandardError, se, 1e-15) ||
		!near(f.CI.Low, 0.5-half, 1e-9) || !near(f.CI.High, 0.5+half, 1e-9) || !(f.P > 0.05 && f.P < 1) {
		t.Errorf("LengthBias = %+v; want slope 0.5, se %v", f, se)
	}
	// No variation in length: undefined.
	if f := LengthBias(js[:3], []float64{2, 2, 2}, false, 0.95); !math.IsNaN(f.Slope) {
		t.Errorf("constant lengths: %+v", f)
	}
}

// TestLengthBiasAlpacaEval checks the within-item slope of AlpacaEval's
// win probability on the candidate's length (per 1,000 characters; the
// baseline's answer is the same on an item, so its length drops out)
// against scripts/bench/pairwise_reference.py alpaca (numpy).
func TestLengthBiasAlpacaEval(t *testing.T) {
	a := loadAlpaca(t)
	x := make([]float64, len(a.lengths))
	for i, l := range a.lengths {
		x[i] = l / 1000
	}
	f := LengthBias(a.js, x, true, 0.95)
	if !near(f.Slope, 0.17043746647822755, 1e-12) || !near(f.StandardError, 0.0068191136186010175, 1e-12) || f.Items != 805 {
		t.Errorf("LengthBias = %+v; want 0.17043746647822755, se 0.0068191136186010175", f)
	}
}

// TestSelfPreference works Welch's interval by hand: the judge (rater 1)
// gives system 2 the scores 1, 1, 0.5 (mean 5/6, se² 1/36), the others 0,
// 0.5, 1, 0.5 (mean 1/2, se² 1/24), so Diff = 1/3, se² = 5/72 and ν = 5.
func TestSelfPreference(t *testing.T) {
	js := []Judgement{
		{Rater: 1, A: 0, B: 2, P: 1}, {Rater: 1, A: 2, B: 0, P: 0}, {Rater: 1, A: 2, B: 3, P: 0.5},
		{Rater: 0, A: 0, B: 2, P: 0}, {Rater: 0, A: 2, B: 0, P: 0.5}, {Rater: 3, A: 3, B: 2, P: 1}, {Rater: 3, A: 0, B: 2, P: 0.5},
		{Rater: 1, A: 0, B: 3, P: 1},
	}
	p := SelfPreference(js, 1, 2, 0.95)
	half := 2.5705818366147395 * math.Sqrt(5.0/72)
	if p.Self.N != 3 || p.Others.N != 4 || !near(p.Diff, 1.0/3, 1e-15) ||
		!near(p.CI.Low, 1.0/3-half, 1e-9) || !near(p.CI.High, 1.0/3+half, 1e-9) {
		t.Errorf("SelfPreference = %+v; want 1/3 ± %v", p, half)
	}
}

// TestRaterAlpha works nominal alpha by hand. Units: both raters say the
// lower-indexed system won (rater 1 saw the pair the other way round),
// both say the higher won, one says lower and one tie. n = 6 with
// n_L = 3, n_tie = 1, n_H = 2; the only disagreeing unit gives
// Σ o d = 2, Σ n_c n_k d = 36 - 14 = 22, and alpha = 1 - 5 · 2/22 = 6/11.
func TestRaterAlpha(t *testing.T) {
	js := []Judgement{
		{Item: 0, Rater: 0, A: 0, B: 1, P: AWins}, {Item: 0, Rater: 1, A: 1, B: 0, P: BWins},
		{Item: 1, Rater: 0, A: 0, B: 1, P: BWins}, {Item: 1, Rater: 1, A: 0, B: 1, P: 0.9},
		{Item: 2, Rater: 0, A: 0, B: 1, P: AWins}, {Item: 2, Rater: 1, A: 1, B: 0, P: Tie},
		{Item: 3, Rater: 0, A: 0, B: 1, P: AWins}, // a single judgement: not pairable
	}
	a := RaterAlpha(js, 500, 0.95, 1)
	if !near(a.Alpha, 6.0/11, 1e-12) || a.Units != 3 || a.Pairable != 6 || !(a.CI.Low <= a.CI.High) {
		t.Errorf("RaterAlpha = %+v; want 6/11 over 3 units", a)
	}
}

// TestGroups works the agreement of people (raters 0, 1) and a judge
// (rater 2) by hand. Table rows people, columns judge (L, tie, H): item 0
// L/L, item 1 H (mean 0.75) / L (0.3), item 2 tie/tie, item 3 H/H; item 4
// only people. Agreement 3/4; row margins 1, 1, 2, column margins 2, 1,
// 1, p_e = 5/16, kappa = (12/16 - 5/16)/(11/16) = 7/11.
func TestGroups(t *testing.T) {
	js := []Judgement{
		{Item: 0, Rater: 0, A: 0, B: 1, P: 0}, {Item: 0, Rater: 1, A: 1, B: 0, P: 1}, {Item: 0, Rater: 2, A: 0, B: 1, P: 0.1},
		{Item: 1, Rater: 0, A: 0, B: 1, P: 1}, {Item: 1, Rater: 1, A: 0, B: 1, P: 0.5}, {Item: 1, Rater: 2, A: 0, B: 1, P: 0.3},
		{Item: 2, Rater: 0, A: 0, B: 1, P: 0.5}, {Item: 2, Rater: 2, A: 1, B: 0, P: 0.5},
		{Item: 3, Rater: 1, A: 0, B: 1, P: 1}, {Item: 3, Rater: 2, A: 0, B: 1, P: 0.9},
		{Item: 4, Rater: 0, A: 0, B: 1, P: 1},
	}
	people := func(r int32) bool { return r < 2 }
	judge := func(r int32) bool { return r == 2 }
	g := Groups(js, people, judge, 0.95)
	want := [3][3]int{{1, 0, 0}, {0, 1, 0}, {1, 0, 1}}
	if g.Units != 4 || g.Table != want || g.Agreement != 0.75 || !near(g.Kappa, 7.0/11, 1e-12) ||
		!(g.KappaSE > 0) || !near(g.KappaCI.High-g.Kappa, g.Kappa-g.KappaCI.Low, 1e-12) || g.CI != Wilson(0.75, 4, 0.95) {
		t.Errorf("Groups = %+v", g)
	}
}
