package pairwise

import (
	"math"
	"runtime"
	"testing"
)

// TestBradleyTerryWorked checks the fit on cases whose maximum-likelihood
// strengths are known in closed form. With two systems the MLE satisfies
// θ_0 - θ_1 = ln(s_0 / s_1), the log of the ratio of their scores (ties
// half); on a tree of comparisons (no cycles) each edge fits on its own.
func TestBradleyTerryWorked(t *testing.T) {
	ln3, ln2, ln6 := math.Log(3), math.Log(2), math.Log(6)
	tests := []struct {
		name string
		js   []Judgement
		want []float64 // θ by system
	}{
		{"3 wins of 4", cat(judged(0, 0, 1, AWins, 3), judged(1, 0, 1, BWins, 1)), []float64{ln3 / 2, -ln3 / 2}},
		{"sides swapped", cat(judged(0, 1, 0, BWins, 3), judged(1, 0, 1, BWins, 1)), []float64{ln3 / 2, -ln3 / 2}},
		// 1 win and 1 tie: 1.5 against 0.5.
		{"a tie is half a win", cat(judged(0, 0, 1, AWins, 1), judged(1, 0, 1, Tie, 1)), []float64{ln3 / 2, -ln3 / 2}},
		// Weighted: 0.75 and 0.75 for system 1 over two judgements: 1.5 of 2.
		{"weighted", judged(0, 0, 1, 0.75, 2), []float64{-ln3 / 2, ln3 / 2}},
		// Chain 0-1-2: 0 beat 1 in 3 of 4, 1 beat 2 in 1 of 3, so
		// θ0 - θ1 = ln 3, θ2 - θ1 = ln 2, and θ1 = -ln 6 / 3 for sum zero.
		{"chain", cat(judged(0, 0, 1, AWins, 3), judged(1, 0, 1, BWins, 1),
			judged(2, 1, 2, AWins, 1), judged(3, 1, 2, BWins, 2)),
			[]float64{ln3 - ln6/3, -ln6 / 3, ln2 - ln6/3}},
		// A balanced cycle: every system equally strong.
		{"cycle", cat(judged(0, 0, 1, AWins, 2), judged(0, 0, 1, BWins, 1), judged(1, 1, 2, AWins, 2),
			judged(1, 1, 2, BWins, 1), judged(2, 2, 0, AWins, 2), judged(2, 2, 0, BWins, 1)), []float64{0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bt := BradleyTerry(tt.js, BTOptions{Resamples: -1})
			if len(bt.Components) != 1 || !bt.Components[0].Finite {
				t.Fatalf("components %+v; want one finite", bt.Components)
			}
			for s, want := range tt.want {
				got, ok := bt.Get(s)
				if !ok || !near(got.Strength, want, 1e-12) {
					t.Errorf("θ_%d = %v (%v); want %v", s, got.Strength, ok, want)
				}
			}
		})
	}
}

// TestBradleyTerryScoreEquations checks the defining property of the MLE
// on a dense weighted case: each system's total score equals its expected
// score, W_i = Σ_j n_ij σ(θ_i - θ_j), and the strengths sum to zero.
func TestBradleyTerryScoreEquations(t *testing.T) {
	js := referenceJudgements()
	bt := BradleyTerry(js, BTOptions{Resamples: -1})
	k := systems(js)
	theta := make([]float64, k)
	for _, s := range bt.Strengths {
		theta[s.System] = s.Strength
	}
	w, e := make([]float64, k), make([]float64, k)
	for _, j := range js {
		w[j.B] += j.P
		w[j.A] += 1 - j.P
		pb := sigmoid(theta[j.B] - theta[j.A])
		e[j.B] += pb
		e[j.A] += 1 - pb
	}
	var sum float64
	for s := range k {
		sum += theta[s]
		if !near(w[s], e[s], 1e-9) {
			t.Errorf("system %d: score %v, expected %v", s, w[s], e[s])
		}
	}
	if !near(sum, 0, 1e-12) {
		t.Errorf("Σθ = %v; want 0", sum)
	}
}

// referenceJudgements is a small fixed data set with discrete, tied and
// weighted outcomes over 4 systems and 6 items, whose fit
// scripts/bench/pairwise_reference.py computes with scipy (see
// TestBradleyTerryReference).
func referenceJudgements() []Judgement {
	raw := [][4]float64{ // item, a, b, p
		{0, 0, 1, 1}, {0, 0, 2, 0.5}, {0, 1, 3, 0}, {0, 2, 3, 0.8},
		{1, 0, 1, 0}, {1, 1, 2, 1}, {1, 3, 0, 0.3}, {1, 2, 3, 0},
		{2, 0, 3, 1}, {2, 1, 0, 0.5}, {2, 2, 1, 0.1}, {2, 3, 2, 1},
		{3, 0, 2, 0}, {3, 1, 3, 0.65}, {3, 2, 0, 1}, {3, 3, 1, 0},
		{4, 0, 1, 0.2}, {4, 2, 3, 1}, {4, 1, 2, 0.5}, {4, 0, 3, 0},
		{5, 3, 0, 1}, {5, 1, 2, 0}, {5, 0, 2, 0.9}, {5, 1, 3, 1},
	}
	js := make([]Judgement, len(raw))
	for i, r := range raw {
		js[i] = Judgement{Item: int32(r[0]), Rater: int32(i % 3), A: int32(r[1]), B: int32(r[2]), P: r[3]}
	}
	return js
}

// TestBradleyTerryComponents checks that systems never linked by
// judgements fall into separate components, each centred on its own.
func TestBradleyTerryComponents(t *testing.T) {
	ln3 := math.Log(3)
	js := cat(judged(0, 0, 1, AWins, 3), judged(1, 0, 1, BWins, 1),
		judged(2, 3, 2, AWins, 1), judged(3, 3, 2, BWins, 1))
	bt := BradleyTerry(js, BTOptions{Resamples: -1})
	if len(bt.Components) != 2 {
		t.Fatalf("%d components; want 2", len(bt.Components))
	}
	want := map[int][2]float64{0: {0, ln3 / 2}, 1: {0, -ln3 / 2}, 2: {1, 0}, 3: {1, 0}}
	for s, w := range want {
		got, _ := bt.Get(s)
		if got.Component != int(w[0]) || !near(got.Strength, w[1], 1e-12) || got.Rank == 0 {
			t.Errorf("system %d: component %d, θ %v, rank %d; want %v", s, got.Component, got.Strength, got.Rank, w)
		}
	}
}

// TestBradleyTerryUnbeaten checks a system that never lost: the MLE does
// not exist (its strength would be infinite), so the component is not
// finite and its strengths are NaN; with a ridge penalty the fit is
// finite and solves the penalised score equation, for two systems
// s - (n - s) - n tanh(t) - 2λt = 0 with θ = (-t, t).
func TestBradleyTerryUnbeaten(t *testing.T) {
	js := cat(judged(0, 0, 1, BWins, 3), judged(1, 1, 2, AWins, 1), judged(2, 1, 2, BWins, 1))
	bt := BradleyTerry(js, BTOptions{Resamples: -1})
	if bt.Components[0].Finite {
		t.Fatal("finite fit for a system that never lost")
	}
	for _, s := range bt.Strengths {
		if !math.IsNaN(s.Strength) || s.Rank != 0 {
			t.Errorf("system %d: θ %v, rank %d; want NaN, 0", s.System, s.Strength, s.Rank)
		}
	}
	const lambda = 0.5
	two := judged(0, 0, 1, BWins, 3)
	r := BradleyTerry(two, BTOptions{Resamples: -1, Ridge: lambda})
	s1, _ := r.Get(1)
	tt := s1.Strength
	if g := 3 - 0 - 3*math.Tanh(tt) - 2*lambda*tt; !r.Components[0].Finite || !near(g, 0, 1e-12) || !(tt > 0) {
		t.Errorf("ridge fit θ_1 = %v leaves score equation %v", tt, g)
	}
}

// TestBradleyTerryBootstrapDegenerate checks the bootstrap where every
// item holds the same judgements: every resample is the data, so each
// interval is the point and each rank range the rank.
func TestBradleyTerryBootstrapDegenerate(t *testing.T) {
	var js []Judgement
	for item := range int32(5) {
		js = cat(js, judged(item, 0, 1, AWins, 2), judged(item, 0, 1, BWins, 1),
			judged(item, 1, 2, AWins, 3), judged(item, 1, 2, BWins, 1), judged(item, 0, 2, Tie, 1))
	}
	bt := BradleyTerry(js, BTOptions{Resamples: 200, Seed: 1})
	for i, s := range bt.Strengths {
		if s.Rank != i+1 || s.RankLow != s.Rank || s.RankHigh != s.Rank ||
			!near(s.CILow, s.Strength, 1e-9) || !near(s.CIHigh, s.Strength, 1e-9) {
			t.Errorf("%+v: want a point interval and rank range %d", s, i+1)
		}
	}
	if c := bt.Components[0]; c.Resamples != 200 || c.Skipped != 0 {
		t.Errorf("component %+v; want 200 resamples, none skipped", c)
	}
}

// TestBradleyTerryBootstrapSkips checks that resamples without a finite
// fit are counted and left out: with item 0 (0 beats 1) and item 1 (1
// beats 0), a resample that draws one item twice (probability 1/2) has
// an unbeaten system.
func TestBradleyTerryBootstrapSkips(t *testing.T) {
	js := cat(judged(0, 0, 1, AWins, 1), judged(1, 0, 1, BWins, 1))
	const B = 4000
	bt := BradleyTerry(js, BTOptions{Resamples: B, Seed: 3})
	c := bt.Components[0]
	// standard error of the share: sqrt(1/4/4000) = 0.008
	if share := float64(c.Skipped) / B; math.Abs(share-0.5) > 0.03 || c.Resamples+c.Skipped != B {
		t.Errorf("skipped %d, used %d of %d; want about half skipped", c.Skipped, c.Resamples, B)
	}
}

// TestBradleyTerryDeterministic checks that the bootstrap depends on the
// seed only, not on the number of workers.
func TestBradleyTerryDeterministic(t *testing.T) {
	js := referenceJudgements()
	opt := BTOptions{Resamples: 300, Seed: 42}
	prev := runtime.GOMAXPROCS(1)
	one := BradleyTerry(js, opt)
	runtime.GOMAXPROCS(4)
	four := BradleyTerry(js, opt)
	runtime.GOMAXPROCS(prev)
	for i := range one.Strengths {
		a, b := one.Strengths[i], four.Strengths[i]
		if a != b && !(math.IsNaN(a.CILow) && math.IsNaN(b.CILow)) {
			t.Errorf("1 worker %+v; 4 workers %+v", a, b)
		}
	}
	other := BradleyTerry(js, BTOptions{Resamples: 300, Seed: 43})
	if other.Strengths[0].CILow == one.Strengths[0].CILow {
		t.Error("another seed gave the same interval")
	}
}

func TestBradleyTerryPanics(t *testing.T) {
	mustPanic(t, "same system", func() { BradleyTerry(judged(0, 1, 1, AWins, 1), BTOptions{}) })
	mustPanic(t, "level", func() { BradleyTerry(judged(0, 0, 1, AWins, 1), BTOptions{Level: 2}) })
	mustPanic(t, "ridge", func() { BradleyTerry(judged(0, 0, 1, AWins, 1), BTOptions{Ridge: -1}) })
}

// TestBradleyTerryReference checks the strengths of the small mixed data
// set against scipy's maximum-likelihood fit
// (scripts/bench/pairwise_reference.py small; L-BFGS-B to a gradient of
// 1e-10, so agreement to about 1e-8).
func TestBradleyTerryReference(t *testing.T) {
	want := []float64{0.30652012657082905, -0.34503151504740515, 0.0002534369996201602, 0.03825795147695582}
	bt := BradleyTerry(referenceJudgements(), BTOptions{Resamples: -1})
	for s, w := range want {
		if got, _ := bt.Get(s); !near(got.Strength, w, 1e-7) {
			t.Errorf("θ_%d = %.12f; scipy %.12f", s, got.Strength, w)
		}
	}
	if got, _ := bt.Get(0); got.Rank != 1 || !near(Elo(got.Strength), 1000+400/math.Ln10*0.30652012657082905, 1e-4) {
		t.Errorf("system 0: rank %d, Elo %v", got.Rank, Elo(got.Strength))
	}
}
