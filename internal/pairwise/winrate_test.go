package pairwise

import (
	"errors"
	"math"
	"testing"

	"github.com/evalbook/evalbook/internal/compare"
)

// TestWinRatesReference checks the win rates of the small mixed data set
// against scripts/bench/pairwise_reference.py (numpy): n, wins, ties, the
// mean score of the higher-indexed system, its standard error and the
// discrete win rate, per pair.
func TestWinRatesReference(t *testing.T) {
	type row struct {
		a, b, n, winsA, winsB, ties int
		rate, se, disc              float64
	}
	want := []row{
		{0, 1, 4, 2, 1, 1, 0.425, 0.21746647251166482, 0.375},
		{0, 2, 4, 2, 1, 1, 0.35, 0.2179449471770337, 0.375},
		{0, 3, 4, 2, 2, 0, 0.425, 0.25289984842489194, 0.5},
		{1, 2, 4, 1, 2, 1, 0.6, 0.22730302828309762, 0.625},
		{1, 3, 4, 1, 3, 0, 0.6625, 0.23573908599692725, 0.75},
		{2, 3, 4, 2, 2, 0, 0.45, 0.26299556396765833, 0.5},
	}
	m := WinRates(referenceJudgements(), 0.95)
	if len(m.Rates) != len(want) {
		t.Fatalf("%d pairs; want %d", len(m.Rates), len(want))
	}
	for i, w := range want {
		g := m.Rates[i]
		if g.A != w.a || g.B != w.b || g.N != w.n || g.WinsA != w.winsA || g.WinsB != w.winsB || g.Ties != w.ties ||
			!near(g.WinRateB, w.rate, 1e-15) || !near(g.StandardError, w.se, 1e-15) || !near(g.Discrete, w.disc, 1e-15) {
			t.Errorf("pair %d = %+v; want %+v", i, g, w)
		}
	}
}

// TestMatrixGet checks orientation and absence: a pair never judged is
// absent, never 50%.
func TestMatrixGet(t *testing.T) {
	js := cat(judged(0, 0, 1, AWins, 3), judged(1, 1, 0, AWins, 1), judged(2, 2, 3, Tie, 2))
	m := WinRates(js, 0.95)
	w, ok := m.Get(0, 1)
	if !ok || w.A != 0 || w.B != 1 || w.WinsA != 3 || w.WinsB != 1 || w.WinRateB != 0.25 {
		t.Errorf("Get(0, 1) = %+v, %v; want 1 of 4 for system 1", w, ok)
	}
	f, _ := m.Get(1, 0)
	if f.A != 1 || f.B != 0 || f.WinRateB != 0.75 || f.WinsB != 3 || !near(f.CI.Low, 1-w.CI.High, 1e-15) {
		t.Errorf("Get(1, 0) = %+v; want the mirror of %+v", f, w)
	}
	for _, p := range [][2]int{{0, 2}, {1, 3}, {0, 0}, {0, 9}} {
		if _, ok := m.Get(p[0], p[1]); ok {
			t.Errorf("Get%v present; never judged", p)
		}
	}
}

// TestSummarise checks the intervals: discrete scores use Wilson (81 of
// 263 gives 0.2553 to 0.3662, as compare.Wilson), weighted scores the t
// interval rate ± t se, and weighted scores without spread fall back to
// Wilson.
func TestSummarise(t *testing.T) {
	x := make([]float64, 263)
	for i := range 81 {
		x[i] = 1
	}
	r := Summarise(x, 0.95)
	cw := compare.Wilson(81, 263, 0.95)
	if r.Method != MethodWilson || !near(r.CI.Low, cw.Low, 1e-12) || !near(r.CI.High, cw.High, 1e-12) ||
		!near(r.CI.Low, 0.2553, 5e-5) || !near(r.CI.High, 0.3662, 5e-5) {
		t.Errorf("81 of 263: %+v; want Wilson %v", r, cw)
	}
	// Weighted: 0.2, 0.4, 0.6: mean 0.4, sd 0.2, se 0.2/√3, t(0.975, 2) = 4.302653.
	r = Summarise([]float64{0.2, 0.4, 0.6}, 0.95)
	half := 4.302652729696144 * 0.2 / math.Sqrt(3)
	if r.Method != MethodT || !near(r.CI.Low, 0, 0) || !near(r.CI.High, 0.4+half, 1e-9) || !near(r.StandardError, 0.2/math.Sqrt(3), 1e-15) {
		t.Errorf("weighted: %+v; want [0 (clipped), %v]", r, 0.4+half)
	}
	r = Summarise([]float64{0.3, 0.3}, 0.95)
	if w := Wilson(0.3, 2, 0.95); r.Method != MethodWilson || r.CI != w {
		t.Errorf("no spread: %+v; want Wilson %v", r, w)
	}
	// A tie counts half: 1 win and 2 ties of 4 is 0.5; all wins keep the
	// upper end at 1.
	if r := Summarise([]float64{1, 0.5, 0.5, 0}, 0.95); r.Rate != 0.5 || r.Method != MethodWilson {
		t.Errorf("ties: %+v", r)
	}
	if r := Summarise([]float64{1, 1, 1}, 0.95); r.CI.High != 1 || !(r.CI.Low < 1) {
		t.Errorf("all wins: %+v", r)
	}
	if r := Summarise(nil, 0.95); r.N != 0 || !math.IsNaN(r.Rate) || !math.IsNaN(r.CI.Low) {
		t.Errorf("empty: %+v", r)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		j    Judgement
		want error
	}{
		{Judgement{A: 0, B: 1, P: 0.3}, nil},
		{Judgement{A: 2, B: 2, P: 1}, ErrSameSystem},
		{Judgement{A: 0, B: 1, P: 1.5}, ErrOutcome},
		{Judgement{A: 0, B: 1, P: -0.1}, ErrOutcome},
		{Judgement{A: 0, B: 1, P: math.NaN()}, ErrOutcome},
		{Judgement{Item: -1, A: 0, B: 1}, ErrIndex},
	}
	for _, tt := range tests {
		if err := tt.j.Validate(); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("%+v: %v; want %v", tt.j, err, tt.want)
		}
	}
	if err := Validate([]Judgement{{A: 0, B: 1}, {A: 1, B: 1}}); err == nil || err.Error() != "judgement 1: system 1 against itself: the same system on both sides" {
		t.Errorf("Validate: %v", err)
	}
	mustPanic(t, "WinRates of an invalid judgement", func() { WinRates([]Judgement{{A: 0, B: 1, P: 2}}, 0.95) })
}

func TestParseWinner(t *testing.T) {
	tests := []struct {
		in       string
		p        float64
		weighted bool
		ok       bool
	}{
		{"a", 0, false, true}, {" B ", 1, false, true}, {"TIE", 0.5, false, true},
		{"0.25", 0.25, true, true}, {"1", 1, true, true}, {"0", 0, true, true},
		{"1.2", 0, false, false}, {"-0", 0, true, true}, {"c", 0, false, false}, {"", 0, false, false}, {"NaN", 0, false, false},
	}
	for _, tt := range tests {
		p, w, err := ParseWinner(tt.in)
		if (err == nil) != tt.ok || tt.ok && (p != tt.p || w != tt.weighted) {
			t.Errorf("ParseWinner(%q) = %v, %v, %v", tt.in, p, w, err)
		}
		if err != nil && !errors.Is(err, ErrOutcome) {
			t.Errorf("ParseWinner(%q): %v does not wrap ErrOutcome", tt.in, err)
		}
	}
	for _, pref := range []float64{1, 1.5, 2, 1.0000001827} {
		if p, err := FromPreference(pref); err != nil || p != pref-1 {
			t.Errorf("FromPreference(%v) = %v, %v", pref, p, err)
		}
	}
	if p, _ := FromPreference(1.5); p != Tie {
		t.Error("a preference of 1.5 is not exactly a tie")
	}
	if _, err := FromPreference(2.01); !errors.Is(err, ErrOutcome) {
		t.Errorf("FromPreference(2.01): %v", err)
	}
}
