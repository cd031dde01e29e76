package reliability

import (
	"cmp"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
)

// twoRaters is a numeric dimension: x rates items a..d 1, 2, 3, 4 and y
// rates them 1, 2, 3, 3. Worked by hand:
//
//	coincidences o11 = o22 = o33 = 2, o34 = o43 = 1; n1 = n2 = 2, n3 = 3,
//	n4 = 1, n = 8.
//	interval: D_o = 2, D_e = 2 * (4 + 24 + 18 + 6 + 8 + 3) = 126,
//	          alpha = 1 - 7 * 2 / 126 = 0.8889.
//	nominal:  D_o = 2, D_e = 64 - 18 = 46, alpha = 1 - 14/46 = 0.6957.
//	Cohen:    p_o = 3/4, p_e = 1/4 (1/4 + 1/4 + 2/4) = 1/4, kappa = 2/3;
//	          linear: p_o = 11/12, p_e = 5/8, kappa = 0.7778;
//	          quadratic: p_o = 35/36, p_e = 7/9, kappa = 0.875.
//	Fleiss:   mean P_i = 3/4, sum p_k^2 = 18/64, kappa = 0.6522.
//	percent agreement: 6 of 8 ordered pairs agree = 0.75.
//	x against y: Pearson r = 3.5 / sqrt(5 * 2.75) = 0.9439, offset +0.25.
func twoRaters(scale project.Scale) project.Dimension {
	return dim("quality", scale, nil,
		"a x 1 v1", "b x 2 v1", "c x 3 v1", "d x 4 v1",
		"a y 1 v1", "b y 2 v1", "c y 3 v1", "d y 3 v1")
}

func TestTwoRatersNumeric(t *testing.T) {
	d := analyseOne(t, twoRaters(project.Interval), iterations("v1"), defaults)
	for _, rec := range []Record{d.Pooled, d.Iterations[0]} {
		if rec.NItems != 4 || rec.NRaters != 2 || rec.NRatings != 8 {
			t.Errorf("%q: n_items, n_raters, n_ratings = %d, %d, %d; want 4, 2, 8", rec.Iteration, rec.NItems, rec.NRaters, rec.NRatings)
		}
		near(t, "alpha_interval", rec.AlphaInterval, 1-14.0/126)
		near(t, "alpha", rec.Alpha, 1-14.0/126)
		near(t, "alpha_nominal", rec.AlphaNominal, 1-14.0/46)
		near(t, "cohen_kappa", rec.CohenKappa, 2.0/3)
		near(t, "cohen_kappa_linear", rec.CohenKappaLinear, 0.7778)
		near(t, "cohen_kappa_quadratic", rec.CohenKappaQuadratic, 0.875)
		near(t, "fleiss_kappa", rec.FleissKappa, 0.46875/0.71875)
		near(t, "percent_agreement", rec.PercentAgreement, 0.75)
		if rec.AlphaOrdinal == nil || rec.AlphaRatio == nil {
			t.Error("a numeric dimension lacks its ordinal or ratio alpha")
		}
		if rec.Status != Reliable || rec.Reason != "" {
			t.Errorf("status %q (%q); want reliable", rec.Status, rec.Reason)
		}
		if rec.AlphaCILow == nil || rec.AlphaCIHigh == nil || *rec.AlphaCILow > *rec.AlphaCIHigh {
			t.Errorf("CI [%v, %v]; want an interval", rec.AlphaCILow, rec.AlphaCIHigh)
		}
	}
	x, y := raterNamed(t, d.Raters, "x", ""), raterNamed(t, d.Raters, "y", "")
	near(t, "agreement of x", x.Agreement, 3.5/3.708099)
	near(t, "agreement of y", y.Agreement, 3.5/3.708099)
	near(t, "offset of x", x.Offset, 0.25)
	near(t, "offset of y", y.Offset, -0.25)
	null(t, "alpha without x (one rater left)", x.AlphaWithout)
	null(t, "alpha delta of x", x.AlphaDelta)
	if x.NRatings != 4 || x.GoldN != 0 || x.GoldAccuracy != nil {
		t.Errorf("x: n %d, gold %d %v; want 4 ratings, no gold", x.NRatings, x.GoldN, x.GoldAccuracy)
	}
	if len(d.RaterTrend) != 2 || d.RaterTrend[0].Iteration != "v1" {
		t.Errorf("rater trend %+v; want x and y in v1", d.RaterTrend)
	}
	if len(d.Pairs) != 1 {
		t.Fatalf("%d pairs; want 1", len(d.Pairs))
	}
	p := d.Pairs[0]
	if p.RaterA != "x" || p.RaterB != "y" || p.NItems != 4 {
		t.Errorf("pair %+v; want x, y on 4 items", p)
	}
	near(t, "pair agreement", p.Agreement, 0.75)
	near(t, "pair alpha", p.Alpha, 1-14.0/126)
	want := []Disagreement{{Item: "d", Iteration: "v1", Values: []string{"3", "4"}, Raters: []string{"y", "x"}, Spread: 0.7071067811865476}}
	if !reflect.DeepEqual(d.Disagreements, want) {
		t.Errorf("disagreements %+v; want %+v", d.Disagreements, want)
	}
}

func TestScaleSelectsAlpha(t *testing.T) {
	d := analyseOne(t, twoRaters(project.Nominal), iterations("v1"), defaults)
	if d.Level != "nominal" || d.Pooled.Level != "nominal" {
		t.Errorf("level %q, %q; want nominal", d.Level, d.Pooled.Level)
	}
	near(t, "alpha", d.Pooled.Alpha, 1-14.0/46)
	if d.Pooled.Status != Tentative {
		t.Errorf("status %q; want tentative for alpha 0.70", d.Pooled.Status)
	}
	if len(d.Iterations) != 1 || d.Iterations[0].Status != Tentative {
		t.Errorf("iteration records %+v", d.Iterations)
	}
}

// threeRaters is an ordinal label dimension (bad < ok < good), worked by
// hand with codes bad 0, ok 1, good 2:
//
//	i1: x bad, y bad, z ok     i2: x ok, y ok, z ok    i3: x good, y ok, z good
//	i4: x good, y good         i5: x bad (alone, not pairable)
//
//	coincidences o00 = 1, o01 = o10 = 1, o11 = 3, o12 = o21 = 1, o22 = 3;
//	n0 = 2, n1 = 5, n2 = 4, n = 11.
//	nominal: D_o = 4, D_e = 121 - 45 = 76, alpha = 1 - 40/76 = 0.4737.
//	ordinal: d01 = 3.5^2, d12 = 4.5^2, d02 = 8^2; D_o = 65,
//	         D_e = 2 (10 * 12.25 + 20 * 20.25 + 8 * 64) = 2079,
//	         alpha = 1 - 650/2079 = 0.6874.
//	without z: units {0,0} {1,1} {2,1} {2,2}; n0 = 2, n1 = n2 = 3;
//	         ordinal D_o = 18, D_e = 600, alpha = 1 - 126/600 = 0.79.
//	majority credit: x 1/2 + 1 + 1/2 + 1 over 4; y 1/2 + 1 + 0 + 1 over 4;
//	         z 0 + 1 + 1/2 over 3.
//	percent agreement: 12 of 20 ordered pairs.
func threeRaters() project.Dimension {
	d := dim("tone", project.Ordinal, []string{"bad", "ok", "good"},
		"i1 x bad v1", "i1 y bad v1", "i1 z ok v1",
		"i2 x ok v1", "i2 y ok v1", "i2 z ok v1",
		"i3 x good v1", "i3 y ok v1", "i3 z good v1",
		"i4 x good v1", "i4 y good v1",
		"i5 x bad v1")
	d.Gold = map[string]string{"i2": "ok", "i3": "good"}
	return d
}

func TestThreeRatersLabels(t *testing.T) {
	d := analyseOne(t, threeRaters(), iterations("v1"), defaults)
	rec := d.Pooled
	if rec.NItems != 4 || rec.NRaters != 3 || rec.NRatings != 12 {
		t.Errorf("n_items, n_raters, n_ratings = %d, %d, %d; want 4, 3, 12", rec.NItems, rec.NRaters, rec.NRatings)
	}
	near(t, "alpha_nominal", rec.AlphaNominal, 1-40.0/76)
	near(t, "alpha_ordinal", rec.AlphaOrdinal, 1-650.0/2079)
	near(t, "alpha", rec.Alpha, 1-650.0/2079)
	null(t, "alpha_interval of labels", rec.AlphaInterval)
	null(t, "alpha_ratio of labels", rec.AlphaRatio)
	null(t, "fleiss_kappa with 3 and 2 ratings per item", rec.FleissKappa)
	null(t, "cohen_kappa with 3 raters", rec.CohenKappa)
	null(t, "cohen_kappa_linear with 3 raters", rec.CohenKappaLinear)
	null(t, "cohen_kappa_quadratic with 3 raters", rec.CohenKappaQuadratic)
	near(t, "percent_agreement", rec.PercentAgreement, 0.6)
	if rec.Status != Tentative {
		t.Errorf("status %q; want tentative", rec.Status)
	}

	for _, c := range []struct {
		rater      string
		n          int
		agreement  float64
		goldN      int
		goldRight  float64
		without    *float64
		hasWithout bool
	}{
		{"x", 5, 3.0 / 4, 2, 1, nil, false},
		{"y", 4, 2.5 / 4, 2, 0.5, nil, false},
		{"z", 3, 1.5 / 3, 2, 1, ptr(0.79), true},
	} {
		r := raterNamed(t, d.Raters, c.rater, "")
		if r.NRatings != c.n || r.GoldN != c.goldN {
			t.Errorf("%s: %d ratings, %d gold; want %d, %d", c.rater, r.NRatings, r.GoldN, c.n, c.goldN)
		}
		near(t, c.rater+" agreement", r.Agreement, c.agreement)
		near(t, c.rater+" gold accuracy", r.GoldAccuracy, c.goldRight)
		null(t, c.rater+" offset on labels", r.Offset)
		if c.hasWithout {
			near(t, c.rater+" alpha without", r.AlphaWithout, *c.without)
			near(t, c.rater+" alpha delta", r.AlphaDelta, 1-650.0/2079-0.79)
		}
	}

	wantPairs := []struct {
		a, b  string
		n     int
		agree float64
	}{{"x", "y", 4, 0.75}, {"x", "z", 3, 2.0 / 3}, {"y", "z", 3, 1.0 / 3}}
	if len(d.Pairs) != len(wantPairs) {
		t.Fatalf("%d pairs; want 3", len(d.Pairs))
	}
	for i, w := range wantPairs {
		p := d.Pairs[i]
		if p.RaterA != w.a || p.RaterB != w.b || p.NItems != w.n {
			t.Errorf("pair %d = %s-%s on %d; want %s-%s on %d", i, p.RaterA, p.RaterB, p.NItems, w.a, w.b, w.n)
		}
		near(t, p.RaterA+"-"+p.RaterB+" agreement", p.Agreement, w.agree)
	}
	// x and y alone: the "without z" data, ordinal alpha 0.79.
	near(t, "x-y alpha", d.Pairs[0].Alpha, 0.79)

	want := []Disagreement{
		{Item: "i1", Iteration: "v1", Values: []string{"bad", "bad", "ok"}, Raters: []string{"x", "y", "z"}},
		{Item: "i3", Iteration: "v1", Values: []string{"ok", "good", "good"}, Raters: []string{"y", "x", "z"}},
	}
	got := slices.Clone(d.Disagreements)
	for i := range got {
		near(t, "spread of "+got[i].Item, &got[i].Spread, 1.0/3)
		got[i].Spread = 0
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("disagreements\n%+v\nwant\n%+v", d.Disagreements, want)
	}
}

func TestNominalLabelsHaveOnlyNominalAlpha(t *testing.T) {
	d := threeRaters()
	d.Scale = project.Nominal
	got := analyseOne(t, d, iterations("v1"), defaults).Pooled
	near(t, "alpha", got.Alpha, 1-40.0/76)
	null(t, "alpha_ordinal of unordered labels", got.AlphaOrdinal)
}

func TestDisagreementLimit(t *testing.T) {
	opt := defaults
	opt.Disagreements = 1
	if got := analyseOne(t, threeRaters(), iterations("v1"), opt).Disagreements; len(got) != 1 || got[0].Item != "i1" {
		t.Errorf("disagreements %+v; want only i1", got)
	}
	opt.Disagreements = 0
	if got := analyseOne(t, threeRaters(), iterations("v1"), opt).Disagreements; len(got) != 0 {
		t.Errorf("disagreements %+v; want none", got)
	}
}

func TestGoldNumeric(t *testing.T) {
	d := twoRaters(project.Interval)
	d.Gold = map[string]string{"c": "3", "d": " 4.0 "}
	got := analyseOne(t, d, iterations("v1"), defaults)
	x, y := raterNamed(t, got.Raters, "x", ""), raterNamed(t, got.Raters, "y", "")
	near(t, "x gold accuracy", x.GoldAccuracy, 1)
	near(t, "y gold accuracy", y.GoldAccuracy, 0.5)
	if x.GoldN != 2 || y.GoldN != 2 {
		t.Errorf("gold_n %d, %d; want 2, 2", x.GoldN, y.GoldN)
	}
}

// TestUnits checks that a unit is an (item, iteration) pair, that ratings
// without an iteration count only in the pooled record, and that records
// follow the series order.
func TestUnits(t *testing.T) {
	d := dim("q", project.Interval, nil,
		"a x 1 v2", "a y 2 v2", // a in v2: one unit
		"a x 5 v1", "b y 3 v1", // a in v1 is rated by x only: not pairable with a in v2
		"c x 4", "c y 4") // no iteration: pooled only
	got := analyseOne(t, d, iterations("v1", "v2"), defaults)
	if got.Pooled.NItems != 2 || got.Pooled.NRatings != 6 {
		t.Errorf("pooled: %d items, %d ratings; want 2 (a in v2 and c), 6", got.Pooled.NItems, got.Pooled.NRatings)
	}
	var ids []string
	for _, r := range got.Iterations {
		ids = append(ids, r.Iteration)
	}
	if !slices.Equal(ids, []string{"v1", "v2"}) {
		t.Fatalf("iteration records %v; want v1, v2", ids)
	}
	if r := got.Iterations[0]; r.NItems != 0 || r.NRatings != 2 || r.Status != NotComputable || r.Reason != ReasonNoPairs {
		t.Errorf("v1: %+v; want no pairable unit", r)
	}
	if r := got.Iterations[1]; r.NItems != 1 || r.NRatings != 2 {
		t.Errorf("v2: %d items, %d ratings; want 1, 2", r.NItems, r.NRatings)
	}
	var trend []string
	for _, r := range got.RaterTrend {
		trend = append(trend, r.Rater+"/"+r.Iteration)
	}
	if want := []string{"x/v1", "x/v2", "y/v1", "y/v2"}; !slices.Equal(trend, want) {
		t.Errorf("rater trend %v; want %v", trend, want)
	}
}

func TestRepeatedRatingKeepsTheLast(t *testing.T) {
	d := dim("q", project.Interval, nil, "a x 1 v1", "a y 2 v1", "a x 2 v1")
	got := analyseOne(t, d, iterations("v1"), defaults).Pooled
	if got.NRatings != 2 {
		t.Errorf("%d ratings; want 2 (one per rater)", got.NRatings)
	}
	near(t, "percent agreement", got.PercentAgreement, 1)
}

// TestNotComputable covers the records without alpha: every figure that
// cannot be computed is nil and the report marshals to JSON (which rejects
// NaN and infinities).
func TestNotComputable(t *testing.T) {
	for _, c := range []struct {
		name   string
		d      project.Dimension
		reason string
	}{
		{"one rater", dim("q", project.Interval, nil, "a x 1 v1", "b x 2 v1"), ReasonFewRaters},
		{"no shared item", dim("q", project.Interval, nil, "a x 1 v1", "b y 2 v1"), ReasonNoPairs},
		{"constant", dim("q", project.Interval, nil, "a x 3 v1", "a y 3 v1", "b x 3 v1", "b y 3 v1"), ReasonNoVariation},
		{"constant labels", dim("t", project.Nominal, []string{"p", "q"}, "a x p v1", "a y p v1", "a z p v1"), ReasonNoVariation},
		{"empty", dim("q", project.Interval, nil), ReasonFewRaters},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := analyseOne(t, c.d, iterations("v1"), defaults)
			rec := got.Pooled
			if rec.Status != NotComputable || rec.Reason != c.reason {
				t.Errorf("status %q, reason %q; want not computable, %q", rec.Status, rec.Reason, c.reason)
			}
			for name, p := range map[string]*float64{
				"alpha": rec.Alpha, "nominal": rec.AlphaNominal, "ordinal": rec.AlphaOrdinal, "interval": rec.AlphaInterval,
				"ratio": rec.AlphaRatio, "ci low": rec.AlphaCILow, "ci high": rec.AlphaCIHigh, "fleiss": rec.FleissKappa,
				"cohen": rec.CohenKappa, "cohen linear": rec.CohenKappaLinear, "cohen quadratic": rec.CohenKappaQuadratic,
			} {
				null(t, name, p)
			}
			for _, r := range got.Raters {
				if c.d.Numeric { // labels that all agree do match the majority
					null(t, r.Rater+" agreement", r.Agreement)
				}
				null(t, r.Rater+" alpha without", r.AlphaWithout)
			}
			b, err := json.Marshal(got)
			if err != nil {
				t.Fatalf("marshalling: %v", err)
			}
			if strings.Contains(string(b), "NaN") || strings.Contains(string(b), "Inf") {
				t.Errorf("JSON holds NaN or Inf: %s", b)
			}
		})
	}
}

func TestConstantData(t *testing.T) {
	got := analyseOne(t, dim("q", project.Interval, nil, "a x 3 v1", "a y 3 v1", "b x 3 v1", "b y 3 v1"), iterations("v1"), defaults)
	near(t, "percent agreement of identical ratings", got.Pooled.PercentAgreement, 1)
	near(t, "pair agreement", got.Pairs[0].Agreement, 1)
	null(t, "pair alpha", got.Pairs[0].Alpha)
	near(t, "offset", got.Raters[0].Offset, 0)
	if len(got.Disagreements) != 0 {
		t.Errorf("disagreements %+v; want none", got.Disagreements)
	}
	if got.Pairs[0].NItems != 2 {
		t.Errorf("pair n_items %d; want 2", got.Pairs[0].NItems)
	}
}

// TestOrderIndependent checks that neither the input order of the ratings
// nor the number of threads changes the report.
func TestOrderIndependent(t *testing.T) {
	p := &project.Project{Iterations: iterations("v1"), Dimensions: []project.Dimension{twoRaters(project.Interval), threeRaters()}}
	want := Analyse(p, defaults)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		q := &project.Project{Iterations: p.Iterations}
		for _, d := range p.Dimensions {
			rs := d.Ratings.Slice()
			rng.Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
			d.Ratings = project.RatingsOf(rs)
			q.Dimensions = append(q.Dimensions, d)
		}
		if got := Analyse(q, defaults); !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffled ratings changed the report:\n%+v\nwant\n%+v", got, want)
		}
	}
}

func ptr(x float64) *float64 { return &x }

func TestMajorityCredit(t *testing.T) {
	for _, c := range []struct {
		values []float64 // the rater's value first
		want   float64
	}{
		{[]float64{1, 1, 1}, 1},
		{[]float64{1, 2, 2}, 0},
		{[]float64{1, 1, 2}, 0.5},        // others split 1-1: half
		{[]float64{2, 1, 2, 3}, 1.0 / 3}, // three-way tie
		{[]float64{3, 1, 1, 2, 3}, 0},    // 1 leads the others 2 to 1
		{[]float64{1, 2}, 0},
	} {
		us := make([]obs, len(c.values))
		for i, v := range c.values {
			us[i] = obs{rater: int32(i), value: v}
		}
		// The rater's position among the unit's ratings must not matter.
		for i := range us {
			rot := append(slices.Clone(us[i:]), us[:i]...) // the rater moves to (n-i) mod n
			if got := majorityCredit(rot, (len(us)-i)%len(us)); got != c.want {
				t.Errorf("majorityCredit(%v) at %d = %v; want %v", c.values, i, got, c.want)
			}
		}
	}
}

// TestLastPerRater checks the counting sort against a stable sort by unit
// and rater, with repeated ratings (the later one kept) and a unit of more
// than 32 ratings.
func TestLastPerRater(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	var in []obs
	for i := range 2000 {
		u := int32(rng.IntN(40))
		if i%3 == 0 {
			u = 7 // a unit of many ratings
		}
		in = append(in, obs{unit: u, rater: int32(rng.IntN(50)), label: int32(i), value: float64(i)})
	}
	want := slices.Clone(in)
	slices.SortStableFunc(want, func(a, b obs) int {
		return cmp.Or(cmp.Compare(a.unit, b.unit), cmp.Compare(a.rater, b.rater))
	})
	kept := want[:0]
	for i, o := range want {
		if i+1 < len(want) && want[i+1].unit == o.unit && want[i+1].rater == o.rater {
			continue
		}
		kept = append(kept, o)
	}
	if got := lastPerRater(slices.Clone(in), 40); !slices.Equal(got, kept) {
		t.Errorf("lastPerRater differs from the stable sort: %d ratings, want %d", len(got), len(kept))
	}
}

// TestMajorityCredits checks the per-unit credits against majorityCredit
// of each rating, bit for bit, on random units of 2 to 24 ratings (past
// the 16 values kept on the stack) drawn from a few labels, with zeros of
// both signs (equal values) and NaN (equal to none).
func TestMajorityCredits(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	labels := []float64{0, math.Copysign(0, -1), 1, 2, 3, math.NaN()}
	var buf []float64
	for trial := range 5000 {
		us := make([]obs, 2+rng.IntN(23))
		kinds := 1 + rng.IntN(len(labels))
		for i := range us {
			v := labels[rng.IntN(kinds)]
			if trial%3 == 0 {
				v = float64(rng.IntN(30)) // many distinct values
			}
			us[i] = obs{rater: int32(i), value: v}
		}
		buf = majorityCredits(us, buf)
		for i := range us {
			if want := majorityCredit(us, i); math.Float64bits(buf[i]) != math.Float64bits(want) {
				t.Fatalf("values %v: credit %d = %v; majorityCredit %v", us, i, buf[i], want)
			}
		}
	}
}
