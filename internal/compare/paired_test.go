package compare

import (
	"math"
	"testing"

	"github.com/evalbook/evalbook/internal/stats"
	"gonum.org/v1/gonum/stat/distuv"
)

var opt95 = Options{Level: 0.95, Resamples: 2000, Seed: 42}

// TestExactSignFlipByHand checks the exact test on samples whose 2^n sign
// patterns were counted by hand.
func TestExactSignFlipByHand(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    []float64
		p    float64
		why  string
	}{
		// Σ|d| = 7, observed 5. Patterns with |S| ≥ 5: S = 7 (no change of
		// sign against |d|) and S = 5 (one of the two 1s against its
		// sign), 3 patterns, and their mirror images: 6 of 16.
		{"1 2 3 -1", []float64{1, 2, 3, -1}, 6.0 / 16, "6 of 16"},
		// Only all-equal signs reach |S| = 3: 2 of 8.
		{"1 1 1", []float64{1, 1, 1}, 2.0 / 8, "2 of 8"},
		// Σ|d| = 31, observed 29: S = ±31 and ±29 (only the 1 can change
		// sign and stay at 29 or more): 4 of 64.
		{"2 4 6 8 10 -1", []float64{2, 4, 6, 8, 10, -1}, 4.0 / 64, "4 of 64"},
		// Every pattern sums to 0: p = 1.
		{"zeros", []float64{0, 0}, 1, "16 of 16"},
		// One pair: both patterns have |S| = |d|.
		{"one", []float64{-3}, 1, "2 of 2"},
		// The sum is 0 in exact arithmetic but 2^-54 in float64; within
		// the rounding tolerance every pattern is at least as extreme, so
		// p = 1, as for a sum of exactly 0.
		{"rounding", []float64{0.1, 0.2, -0.3}, 1, "8 of 8"},
	} {
		r := PairedDiffs(tc.d, opt95)
		if r.P != tc.p || !r.Exact {
			t.Errorf("%s: p = %v (exact %v), want %v (%s)", tc.name, r.P, r.Exact, tc.p, tc.why)
		}
	}
}

// TestSignFlipMonteCarlo checks that the Monte Carlo test approximates the
// exact one: with B draws its p-value has standard error √(p(1-p)/B).
func TestSignFlipMonteCarlo(t *testing.T) {
	const B = 20000
	for seed := uint64(1); seed <= 4; seed++ {
		d := normal(10, 0.4, 1, seed)
		exact := exactSignFlip(d)
		mc := mcP(signFlip(d, Options{Level: 0.95, Resamples: B, Seed: seed}), B)
		se := math.Sqrt(exact * (1 - exact) / B)
		if math.Abs(mc-exact) > 4*se+1.0/B {
			t.Errorf("seed %d: Monte Carlo p %.4f, exact %.4f (se %.4f)", seed, mc, exact, se)
		}
	}
}

// TestPairedMonteCarloFloor checks that a sample so extreme that fewer
// than MinExceedances random patterns reach it gets the paired t test's
// p-value, far below the Monte Carlo floor 1/(B+1), and that a moderate
// one keeps the Monte Carlo p-value (c+1)/(B+1).
func TestPairedMonteCarloFloor(t *testing.T) {
	d := make([]float64, 40)
	for i := range d {
		d[i] = 1 + float64(i)
	}
	o := Options{Level: 0.95, Resamples: 999, Seed: 1}
	r := PairedDiffs(d, o)
	// d = 1..40: mean 20.5, s = √(40·41/12) = 11.690, t = 11.09 on 39 df.
	_, want := PairedT(d)
	if r.Exact || r.P != want || !(r.P < 1e-12) || r.PMethod != PPairedTFloor {
		t.Errorf("p = %v (%s, exact %v); want the paired t p %v < 1e-12", r.P, r.PMethod, r.Exact, want)
	}
	mod := normal(40, 0.1, 1, 3)
	r = PairedDiffs(mod, o)
	c := signFlip(mod, o)
	if c < MinExceedances || r.P != mcP(c, 999) || r.PMethod != "sign-flip, 999 random signs" {
		t.Errorf("moderate: p = %v (%s), count %d; want the Monte Carlo p %v", r.P, r.PMethod, c, mcP(c, 999))
	}
}

// TestPairedBootstrapNormal compares the paired bootstrap interval with
// Student's t interval d̄ ± t(0.975, n-1) s/√n on normal differences. The
// expanded percentile interval corrects the plug-in spread and the normal
// tails, so it matches the t interval up to the bootstrap distribution's
// departure from normality and Monte Carlo error of about 1.4% of the
// half-width with 10,000 resamples: 10% is several standard errors.
func TestPairedBootstrapNormal(t *testing.T) {
	const n = 200
	for seed := uint64(1); seed <= 5; seed++ {
		b := normal(n, 0.6, 0.1, 100+seed)
		a := make([]float64, n)
		noise := normal(n, 0.02, 0.05, 200+seed)
		for i := range a {
			a[i] = b[i] + noise[i]
		}
		d := make([]float64, n)
		for i := range d {
			d[i] = a[i] - b[i]
		}
		m, s := stats.Mean(d), stats.StdDev(d)
		half := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(0.975) * s / math.Sqrt(n)
		r := Paired(a, b, Options{Level: 0.95, Resamples: 10000, Seed: seed})
		if math.Abs(r.CI.Low-(m-half)) > 0.1*half || math.Abs(r.CI.High-(m+half)) > 0.1*half {
			t.Errorf("seed %d: bootstrap [%.5f, %.5f], t interval [%.5f, %.5f]", seed, r.CI.Low, r.CI.High, m-half, m+half)
		}
		if !near(r.Diff, m, 1e-15) || !near(r.Effect, m/s, 1e-12) || r.N != n || r.NB != n || !r.Paired {
			t.Errorf("seed %d: %+v, want diff %v, dz %v, n %d", seed, r, m, m/s, n)
		}
	}
}

// TestPairedClosedForm checks the figures that need no resampling.
func TestPairedClosedForm(t *testing.T) {
	// d = 1, 2, 3, 4: mean 2.5, s² = (2.25+0.25+0.25+2.25)/3 = 5/3.
	r := Paired([]float64{11, 12, 13, 14}, []float64{10, 10, 10, 10}, opt95)
	if !near(r.Diff, 2.5, 1e-15) || !near(r.Effect, 2.5/math.Sqrt(5.0/3), 1e-15) {
		t.Errorf("diff %v, dz %v; want 2.5 and %v", r.Diff, r.Effect, 2.5/math.Sqrt(5.0/3))
	}
	// Only all-positive and all-negative patterns reach |S| = 10.
	if r.P != 2.0/16 || !r.Exact {
		t.Errorf("p %v, want 2/16 exact", r.P)
	}
	if !(r.CI.Low >= 1 && r.CI.Low < 2.5 && r.CI.High > 2.5 && r.CI.High <= 4) {
		t.Errorf("CI [%v, %v] not inside [1, 4] around 2.5", r.CI.Low, r.CI.High)
	}
	if r.Method != MethodPaired {
		t.Errorf("method %q", r.Method)
	}
}

func TestPairedDegenerate(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		d    []float64
		want Result
	}{
		{"empty", nil, nanResult(MethodPaired, true, 0, 0)},
		{"NaN", []float64{1, nan, 2}, nanResult(MethodPaired, true, 3, 3)},
		{"one pair", []float64{0.5}, Result{Method: MethodPaired, Paired: true, N: 1, NB: 1,
			Diff: 0.5, CI: Interval{nan, nan}, P: 1, Exact: true, PMethod: PExactSignFlip, Effect: nan}},
		{"constant", []float64{0.25, 0.25, 0.25}, Result{Method: MethodPaired, Paired: true, N: 3, NB: 3,
			Diff: 0.25, CI: Interval{0.25, 0.25}, P: 2.0 / 8, Exact: true, PMethod: PExactSignFlip, Effect: nan}},
		{"all zero", []float64{0, 0, 0, 0}, Result{Method: MethodPaired, Paired: true, N: 4, NB: 4,
			Diff: 0, CI: Interval{0, 0}, P: 1, Exact: true, PMethod: PExactSignFlip, Effect: nan}},
	} {
		if got := PairedDiffs(tc.d, opt95); !identical(got, tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// TestPairedDeterministic checks that a result depends on the seed only:
// the same seed gives the same result bit for bit, another seed another
// interval.
func TestPairedDeterministic(t *testing.T) {
	a, b := normal(50, 1, 1, 1), normal(50, 1.2, 1, 2)
	r1, r2 := Paired(a, b, opt95), Paired(a, b, opt95)
	if !identical(r1, r2) {
		t.Errorf("same seed: %+v and %+v", r1, r2)
	}
	o := opt95
	o.Seed++
	r3 := Paired(a, b, o)
	if r3.CI == r1.CI || r3.P == r1.P {
		t.Errorf("seeds %d and %d gave CI %v p %v and CI %v p %v", opt95.Seed, o.Seed, r1.CI, r1.P, r3.CI, r3.P)
	}
}

func TestPairedPanics(t *testing.T) {
	mustPanic(t, "lengths", func() { Paired([]float64{1}, []float64{1, 2}, opt95) })
	mustPanic(t, "no resamples", func() { PairedDiffs([]float64{1, 2}, Options{Level: 0.95}) })
	mustPanic(t, "level 1", func() { PairedDiffs([]float64{1, 2}, Options{Level: 1, Resamples: 10}) })
	mustPanic(t, "level NaN", func() { PairedDiffs([]float64{1, 2}, Options{Level: math.NaN(), Resamples: 10}) })
}

// TestExtremeSignsMatchesEnumeration checks extremeSigns against the
// definition: every sign pattern summed on its own, left to right, and
// counted when its absolute sum reaches the data's less the tolerance.
// Small integers make many patterns tie with the data exactly. 300 random
// samples, 96 under -short.
func TestExtremeSignsMatchesEnumeration(t *testing.T) {
	t.Parallel()
	enumerate := func(d []float64, obs float64) int {
		count := 0
		for mask := range 1 << len(d) {
			var s float64
			for i, v := range d {
				if mask>>i&1 == 1 {
					s -= v
				} else {
					s += v
				}
			}
			if math.Abs(s) >= obs {
				count++
			}
		}
		return count
	}
	rng := stats.NewRand(7)
	trials := 300
	if testing.Short() {
		trials = 96 // each size 1 to 16 with each kind of value twice
	}
	for trial := range trials {
		n := trial%MaxExact + 1
		d := make([]float64, n)
		for i := range d {
			switch trial % 3 {
			case 0:
				d[i] = float64(rng.IntN(5) - 2) // ties and zeros
			case 1:
				d[i] = rng.NormFloat64()
			default:
				d[i] = 0.1 * float64(rng.IntN(7)-3) // sums rounded differently in each order
			}
		}
		obs := math.Abs(sum(d)) - sumTolerance(d, 1)
		want := enumerate(d, obs)
		if got := extremeSigns(d, 0, obs); got != want {
			t.Fatalf("trial %d, d = %v: extremeSigns counts %d patterns, enumeration %d", trial, d, got, want)
		}
		if p := exactSignFlip(d); p != float64(want)/float64(int(1)<<n) {
			t.Fatalf("trial %d: exactSignFlip = %v", trial, p)
		}
	}
}
