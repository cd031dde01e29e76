package pairwise

import (
	"math"

	"github.com/evalbook/evalbook/internal/stats"
	"gonum.org/v1/gonum/stat/distuv"
)

// PositionBias returns the win rate of the answer shown first, over the
// judgements whose Order is known: the first-shown answer's score is
// 1 - P when A was shown first and P when B was, ties counting half, and
// the Rate is Summarise of those scores. 0.5 means no position bias;
// an interval that excludes 0.5 is evidence of one. The order must have
// been randomised for the figure to measure the judge rather than the
// systems. N is 0 and the figures NaN when no judgement has a known order.
func PositionBias(js []Judgement, level float64) Rate {
	var x []float64
	for _, j := range js {
		switch j.Order {
		case AFirst:
			x = append(x, 1-j.P)
		case BFirst:
			x = append(x, j.P)
		}
	}
	return Summarise(x, level)
}

// LengthFit is the fit of LengthBias.
type LengthFit struct {
	N     int `json:"n"`     // judgements used
	Items int `json:"items"` // clusters (items) behind the standard error
	// Slope is the change in B's win probability per unit of the length
	// difference, with its cluster-robust standard error, interval and
	// two-sided p-value (t with Items - 1 degrees of freedom).
	Slope         float64  `json:"slope"`
	StandardError float64  `json:"standard_error"`
	CI            Interval `json:"ci"`
	P             float64  `json:"p"`
	// Within is true when the fit compares answers on the same item only
	// (item fixed effects).
	Within bool `json:"within"`
}

// LengthBias measures how B's win probability moves with the length of
// its answer: diff[i] is judgement i's length difference (length of B's
// answer minus A's, in whatever unit the caller chooses, such as
// thousands of characters; NaN to leave the judgement out). It fits the
// linear probability model
//
//	P_i = α + β diff_i + ε_i            (within false)
//	P_i = α_item(i) + β diff_i + ε_i    (within true)
//
// by least squares: β = Σ x̃_i ỹ_i / Σ x̃_i², where x̃ and ỹ are diff and
// P centred on their overall means, or on their item means when within
// (the within estimator of the fixed-effects model; Wooldridge,
// "Econometric Analysis of Cross Section and Panel Data", 2nd ed., 2010,
// §10.5). With item effects the baseline's length, constant on an item,
// drops out: AlpacaEval's candidate lengths (output_chars) can stand for
// the difference when every item has one baseline answer.
//
// Judgements of one item are not independent, so the standard error is
// cluster-robust by item (Cameron and Miller, "A practitioner's guide to
// cluster-robust inference", Journal of Human Resources 50(2), 2015, §2.3,
// CR1 with their small-sample factor):
//
//	V = c Σ_g (Σ_{i∈g} x̃_i e_i)² / (Σ x̃_i²)²,   c = G/(G-1) · (N-1)/(N-K),
//
// e_i = ỹ_i - β x̃_i, G items, N judgements, K = 2 (1 within), and the
// interval β ± t_{(1+level)/2, G-1} √V. A linear model is used rather
// than a logistic one so that the slope reads directly as a change in
// win rate; for win rates far from 0 and 1 the two agree.
//
// Every figure is NaN when fewer than two items or no variation in diff
// remain. It panics when diff and js differ in length.
func LengthBias(js []Judgement, diff []float64, within bool, level float64) LengthFit {
	if len(diff) != len(js) {
		panic("pairwise: length differences and judgements differ in number")
	}
	f := LengthFit{Within: within, Slope: math.NaN(), StandardError: math.NaN(), CI: nanInterval(), P: math.NaN()}
	// Dense items and the centring means.
	dense := map[int32]int{}
	var use []int
	for i, j := range js {
		if !stats.IsFinite(diff[i]) {
			continue
		}
		if _, ok := dense[j.Item]; !ok {
			dense[j.Item] = len(dense)
		}
		use = append(use, i)
	}
	g := len(dense)
	f.N, f.Items = len(use), g
	if g < 2 {
		return f
	}
	groups := 1
	group := func(i int) int { return 0 }
	if within {
		groups = g
		group = func(i int) int { return dense[js[i].Item] }
	}
	mx, my, cnt := make([]float64, groups), make([]float64, groups), make([]float64, groups)
	for _, i := range use {
		k := group(i)
		mx[k] += diff[i]
		my[k] += js[i].P
		cnt[k]++
	}
	for k := range groups {
		mx[k] /= cnt[k]
		my[k] /= cnt[k]
	}
	var sxy, sxx float64
	for _, i := range use {
		k := group(i)
		x, y := diff[i]-mx[k], js[i].P-my[k]
		sxy += x * y
		sxx += x * x
	}
	if !(sxx > 0) {
		return f
	}
	beta := sxy / sxx
	score := make([]float64, g)
	for _, i := range use {
		k := group(i)
		x, y := diff[i]-mx[k], js[i].P-my[k]
		score[dense[js[i].Item]] += x * (y - beta*x)
	}
	var meat float64
	for _, s := range score {
		meat += s * s
	}
	kParams := 2.0
	if within {
		kParams = 1
	}
	n, gf := float64(f.N), float64(g)
	c := gf / (gf - 1) * (n - 1) / (n - kParams)
	se := math.Sqrt(c * meat / (sxx * sxx))
	f.Slope, f.StandardError = beta, se
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: gf - 1}
	q := t.Quantile((1 + level) / 2)
	f.CI = Interval{Low: beta - q*se, High: beta + q*se}
	switch {
	case se > 0:
		f.P = 2 * t.Survival(math.Abs(beta/se))
	case beta != 0:
		f.P = 0
	}
	return f
}

// Preference is a judge's self-preference: how a judge model that is also
// a system rates that system, against how the other raters rate it.
type Preference struct {
	Self   Rate `json:"self"`   // the system's win rate in the judge's own judgements
	Others Rate `json:"others"` // its win rate in the other raters' judgements
	// Diff is Self.Rate - Others.Rate with Welch's interval (see
	// SelfPreference); positive when the judge favours itself.
	Diff float64  `json:"diff"`
	CI   Interval `json:"ci"`
}

// SelfPreference compares how rater judge rates system s with how every
// other rater does: s's score in a judgement is P when s is B and 1 - P
// when s is A; Self summarises the judge's judgements involving s, Others
// the other raters' (Summarise). Diff = Self - Others, with the interval
//
//	Diff ± t_{(1+level)/2, ν} √(se_self² + se_others²),
//
// ν the Welch-Satterthwaite degrees of freedom (Welch, Biometrika 34,
// 1947). The comparison is fair only when both judged s against the same
// opponents on the same items; callers restrict js to those first. Diff
// and CI are NaN when either side has fewer than two judgements.
func SelfPreference(js []Judgement, judge int32, s int, level float64) Preference {
	var self, others []float64
	for _, j := range js {
		var x float64
		switch s {
		case int(j.B):
			x = j.P
		case int(j.A):
			x = 1 - j.P
		default:
			continue
		}
		if j.Rater == judge {
			self = append(self, x)
		} else {
			others = append(others, x)
		}
	}
	p := Preference{Self: Summarise(self, level), Others: Summarise(others, level), Diff: math.NaN(), CI: nanInterval()}
	if len(self) < 2 || len(others) < 2 {
		return p
	}
	p.Diff = p.Self.Rate - p.Others.Rate
	va, vb := p.Self.StandardError*p.Self.StandardError, p.Others.StandardError*p.Others.StandardError
	se := math.Sqrt(va + vb)
	if !(se > 0) {
		p.CI = Interval{Low: p.Diff, High: p.Diff}
		return p
	}
	nu := (va + vb) * (va + vb) / (va*va/float64(len(self)-1) + vb*vb/float64(len(others)-1))
	q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: nu}.Quantile((1 + level) / 2)
	p.CI = Interval{Low: p.Diff - q*se, High: p.Diff + q*se}
	return p
}
