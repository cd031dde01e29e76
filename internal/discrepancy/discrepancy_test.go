package discrepancy

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// metric builds a metric from lines "iteration item value".
func metric(name string, dir project.Direction, lines ...string) project.Metric {
	m := project.Metric{Name: name, Direction: dir}
	for _, l := range lines {
		f := strings.Fields(l)
		m.Values.Append(project.MetricValue{Iteration: f[0], Item: f[1], Value: num(f[2])})
	}
	return m
}

// dimension builds a numeric dimension from lines "iteration item rater
// value"; iteration "-" stands for none.
func dimension(name string, lines ...string) project.Dimension {
	d := project.Dimension{Name: name, Numeric: true, Scale: project.Interval}
	for _, l := range lines {
		f := strings.Fields(l)
		if f[0] == "-" {
			f[0] = ""
		}
		d.Ratings.Append(project.Rating{Iteration: f[0], Item: f[1], Rater: f[2], Value: num(f[3]), Label: f[3]})
	}
	return d
}

func num(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(err)
	}
	return v
}

func iterations(ids ...string) []project.Iteration {
	out := make([]project.Iteration, len(ids))
	for i, id := range ids {
		out[i] = project.Iteration{ID: id, Order: i}
	}
	return out
}

func near(p *float64, want float64) bool { return p != nil && math.Abs(*p-want) < 1e-9 }

// find returns the record of the given iteration and level.
func find(t *testing.T, recs []Record, iteration, level string) Record {
	t.Helper()
	for _, r := range recs {
		if r.Iteration == iteration && r.Level == level {
			return r
		}
	}
	t.Fatalf("no %s record for iteration %q", level, iteration)
	return Record{}
}

// TestItemLevelKnownValues: x = 1..5 and consensus 2, 1, 4, 3, 5 (means of
// two raters) have r = rho = 8/10 and tau-b = (8 - 2)/10 by hand.
func TestItemLevelKnownValues(t *testing.T) {
	p := &project.Project{
		Iterations: iterations("v1"),
		Metrics: []project.Metric{metric("m", project.HigherIsBetter,
			"v1 a 1", "v1 b 2", "v1 c 3", "v1 d 4", "v1 e 5",
			"v1 _ 9", // an iteration-level value in disguise below
		)},
		Dimensions: []project.Dimension{dimension("d",
			"v1 a r1 1", "v1 a r2 3", "v1 b r1 1", "v1 b r2 1", "v1 c r1 3", "v1 c r2 5",
			"v1 d r1 3", "v1 d r2 3", "v1 e r1 5", "v1 e r2 5",
			"v1 f r1 4", // no metric value: not joined
			" _ a r3 1", // unknown iteration: left out
		)},
	}
	vs := p.Metrics[0].Values.Rows()
	vs[5].Item = "" // describes the whole iteration
	p.Metrics[0].Values = project.ValuesOf(vs)
	rs := p.Dimensions[0].Ratings.Slice()
	rs[11].Iteration = ""
	p.Dimensions[0].Ratings = project.RatingsOf(rs)
	rep := Analyse(p, Options{})
	r := find(t, rep.Records, "", ItemLevel)
	if r.Metric != "m" || r.Dimension != "d" || r.N != 5 {
		t.Fatalf("pooled record %+v; want m vs d over 5 units", r)
	}
	if !near(r.Pearson, 0.8) || !near(r.Spearman, 0.8) || !near(r.KendallTauB, 0.6) {
		t.Errorf("r, rho, tau = %v, %v, %v; want 0.8, 0.8, 0.6", deref(r.Pearson), deref(r.Spearman), deref(r.KendallTauB))
	}
	// Fisher's interval, tanh(atanh(0.8) ± 1.959964/sqrt(5-3)).
	se := 1.959963984540054 / math.Sqrt(2)
	if !near(r.PearsonLow, math.Tanh(math.Atanh(0.8)-se)) || !near(r.PearsonHigh, math.Tanh(math.Atanh(0.8)+se)) {
		t.Errorf("Pearson CI [%v, %v]", deref(r.PearsonLow), deref(r.PearsonHigh))
	}
	if v1 := find(t, rep.Records, "v1", ItemLevel); !reflect.DeepEqual(v1.Coefficients, r.Coefficients) {
		t.Errorf("v1 record %+v differs from the pooled one over the same units", v1)
	}
	if r.Partial != nil {
		t.Error("partial correlation given without Options.Partial")
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// twoPerIteration builds four iterations of two items each: the iteration
// means of the metric rise 1, 2, 3, 4 while those of the consensus fall
// 4, 3, 2, 1, and within each iteration item b is above item a on both.
func twoPerIteration() *project.Project {
	var ml, dl []string
	for i, it := range []string{"v1", "v2", "v3", "v4"} {
		mx, cy := float64(i+1), float64(4-i)
		f := strconv.FormatFloat
		ml = append(ml, it+" a "+f(mx-0.5, 'f', -1, 64), it+" b "+f(mx+0.5, 'f', -1, 64))
		dl = append(dl, it+" a r1 "+f(cy-0.25, 'f', -1, 64), it+" b r1 "+f(cy+0.25, 'f', -1, 64))
	}
	return &project.Project{
		Iterations: iterations("v1", "v2", "v3", "v4"),
		Metrics:    []project.Metric{metric("m", project.HigherIsBetter, ml...)},
		Dimensions: []project.Dimension{dimension("d", dl...)},
	}
}

func TestIterationLevelAndPartial(t *testing.T) {
	rep := Analyse(twoPerIteration(), Options{Partial: true})
	want := []string{"/item", "v1/item", "v2/item", "v3/item", "v4/item", "/iteration"}
	if len(rep.Records) != len(want) {
		t.Fatalf("%d records; want %d", len(rep.Records), len(want))
	}
	for i, r := range rep.Records {
		if got := r.Iteration + "/" + r.Level; got != want[i] {
			t.Errorf("record %d is %s; want %s", i, got, want[i])
		}
		if (r.Partial != nil) != (i == 0) {
			t.Errorf("record %s/%s: partial given = %v", r.Iteration, r.Level, r.Partial != nil)
		}
	}
	sys := find(t, rep.Records, "", IterationLevel)
	if sys.N != 4 || !near(sys.Pearson, -1) || !near(sys.Spearman, -1) || !near(sys.KendallTauB, -1) {
		t.Errorf("iteration level %+v; want n 4 and -1 throughout", sys)
	}
	pooled := rep.Records[0]
	if pooled.Pearson == nil || *pooled.Pearson >= 0 {
		t.Errorf("pooled r = %v; want negative (the iteration means dominate)", deref(pooled.Pearson))
	}
	if pooled.Partial.N != 8 || !near(pooled.Partial.Pearson, 1) || !near(pooled.Partial.Spearman, 1) {
		t.Errorf("partial %+v; want r = rho = 1 over 8 units once iteration means are removed", *pooled.Partial)
	}
	v2 := find(t, rep.Records, "v2", ItemLevel)
	if v2.N != 2 || v2.Pearson != nil || v2.SpearmanLow != nil || v2.KendallTauB != nil {
		t.Errorf("two-unit record %+v; want n 2 and no coefficients", v2)
	}
}

// TestDegenerateIsNil: a constant consensus has no correlation; the JSON
// carries null, never NaN.
func TestDegenerateIsNil(t *testing.T) {
	p := &project.Project{
		Iterations: iterations("v1"),
		Metrics:    []project.Metric{metric("m", project.HigherIsBetter, "v1 a 1", "v1 b 2", "v1 c 3", "v1 d 4")},
		Dimensions: []project.Dimension{dimension("d", "v1 a r1 3", "v1 b r1 3", "v1 c r1 3", "v1 d r1 3")},
	}
	rep := Analyse(p, Options{Partial: true})
	for _, r := range rep.Records {
		c := []*float64{r.Pearson, r.PearsonLow, r.PearsonHigh, r.Spearman, r.SpearmanLow, r.SpearmanHigh,
			r.KendallTauB, r.KendallTauBLow, r.KendallTauBHigh}
		for i, v := range c {
			if v != nil {
				t.Errorf("%s/%s figure %d = %v; want nil", r.Iteration, r.Level, i, *v)
			}
		}
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"pearson":null`) || strings.Contains(string(b), "NaN") {
		t.Errorf("JSON %s", b)
	}
}

// TestOrderIndependent: the input order of values and ratings does not
// change the report.
func TestOrderIndependent(t *testing.T) {
	p := twoPerIteration()
	want, _ := json.Marshal(Analyse(p, Options{Partial: true}))
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		m, d := p.Metrics[0].Values.Rows(), p.Dimensions[0].Ratings.Slice()
		rng.Shuffle(len(m), func(i, j int) { m[i], m[j] = m[j], m[i] })
		p.Metrics[0].Values = project.ValuesOf(m)
		rng.Shuffle(len(d), func(i, j int) { d[i], d[j] = d[j], d[i] })
		p.Dimensions[0].Ratings = project.RatingsOf(d)
		got, _ := json.Marshal(Analyse(p, Options{Partial: true}))
		if string(got) != string(want) {
			t.Fatalf("shuffled input gives\n%s\nwant\n%s", got, want)
		}
	}
}

func TestDisagreements(t *testing.T) {
	cons := dimension("d", "v1 a r1 5", "v1 b r1 2", "v1 c r1 3", "v1 d r1 4", "v1 e r1 1")
	vals := []string{"v1 a 1", "v1 b 2", "v1 c 3", "v1 d 4", "v1 e 5"}
	tests := []struct {
		name      string
		dir       project.Direction
		high, low []Disagreement
	}{
		// metric ranks 0, .25, .5, .75, 1; consensus ranks 1, .25, .5, .75, 0
		{"higher is better", project.HigherIsBetter,
			[]Disagreement{{Item: "e", Iteration: "v1", Metric: 5, Consensus: 1, MetricRank: 1, HumanRank: 0, Gap: 1, Investigations: []string{}}},
			[]Disagreement{{Item: "a", Iteration: "v1", Metric: 1, Consensus: 5, MetricRank: 0, HumanRank: 1, Gap: -1, Investigations: []string{}}}},
		// oriented metric ranks 1, .75, .5, .25, 0
		{"lower is better", project.LowerIsBetter,
			[]Disagreement{{Item: "b", Iteration: "v1", Metric: 2, Consensus: 2, MetricRank: 0.75, HumanRank: 0.25, Gap: 0.5, Investigations: []string{}}},
			[]Disagreement{{Item: "d", Iteration: "v1", Metric: 4, Consensus: 4, MetricRank: 0.25, HumanRank: 0.75, Gap: -0.5, Investigations: []string{}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &project.Project{Iterations: iterations("v1"), Metrics: []project.Metric{metric("m", tt.dir, vals...)},
				Dimensions: []project.Dimension{cons}}
			got := Analyse(p, Options{Top: 3}).Disagreements
			want := []Disagreements{{Metric: "m", Dimension: "d", MetricHighHumansLow: tt.high, MetricLowHumansHigh: tt.low}}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

// TestDisagreementTop: ties in the gap keep unit order, and Top cuts.
func TestDisagreementTop(t *testing.T) {
	// metric 1..4 against consensus 2, 1, 4, 3: gaps -1/3, +1/3, -1/3, +1/3
	p := &project.Project{
		Iterations: iterations("v1", "v2"),
		Metrics:    []project.Metric{metric("m", project.HigherIsBetter, "v2 a 3", "v2 b 4", "v1 z 1", "v1 y 2")},
		Dimensions: []project.Dimension{dimension("d", "v2 a r 4", "v2 b r 3", "v1 z r 2", "v1 y r 1")},
	}
	got := Analyse(p, Options{Top: 1}).Disagreements[0]
	if len(got.MetricHighHumansLow) != 1 || got.MetricHighHumansLow[0].Item != "y" ||
		len(got.MetricLowHumansHigh) != 1 || got.MetricLowHumansHigh[0].Item != "z" {
		t.Errorf("top 1 = %+v; want y (v1) and z (v1), the earlier iteration first", got)
	}
}

func TestValidityFindings(t *testing.T) {
	// Intervals of rho +- 0.1.
	rec := func(it string, rho float64) Record {
		return Record{Iteration: it, Level: ItemLevel, Coefficients: Coefficients{N: 50,
			Spearman: stats.Finite(rho), SpearmanLow: stats.Finite(rho - 0.1), SpearmanHigh: stats.Finite(rho + 0.1)}}
	}
	small := func(it string, rho float64) Record { r := rec(it, rho); r.N = 19; return r }
	opt := Options{}.withDefaults()
	tests := []struct {
		name string
		dir  project.Direction
		recs []Record
		want []string // iterations found
	}{
		{"steady", project.HigherIsBetter, []Record{rec("v1", 0.6), rec("v2", 0.5), rec("v3", 0.55)}, nil},
		// The reference is v1's lower bound 0.7: 0.7 - (0.35 + 0.1) > 0.2,
		// but not 0.7 - (0.55 + 0.1).
		{"sharp fall above the floor", project.HigherIsBetter, []Record{rec("v1", 0.8), rec("v2", 0.55), rec("v3", 0.35)}, []string{"v3"}},
		{"below the floor", project.HigherIsBetter, []Record{rec("v1", 0.45), rec("v2", 0.15), rec("v3", 0.4)}, []string{"v2"}},
		{"below the floor within noise", project.HigherIsBetter, []Record{rec("v1", 0.45), rec("v2", 0.25)}, nil},
		{"never tracked", project.HigherIsBetter, []Record{rec("v1", 0.2), rec("v2", -0.3)}, nil},
		// 0.35 is above the floor, but its interval reaches below it.
		{"never shown to track", project.HigherIsBetter, []Record{rec("v1", 0.35), rec("v2", -0.3)}, nil},
		{"first iteration has no history", project.HigherIsBetter, []Record{rec("v1", 0.1)}, nil},
		// Oriented: rho 0.6 then 0.1 with the upper bound 0.2 (from low -0.2).
		{"lower is better is negated", project.LowerIsBetter, []Record{rec("v1", -0.6), rec("v2", -0.1)}, []string{"v2"}},
		{"undefined rho is skipped", project.HigherIsBetter,
			[]Record{rec("v1", 0.6), {Iteration: "v2", Level: ItemLevel}, rec("v3", 0.1)}, []string{"v3"}},
		{"too few units neither judged nor a reference", project.HigherIsBetter,
			[]Record{small("v1", 0.9), rec("v2", 0.5), small("v3", -0.5), rec("v4", 0.45)}, nil},
		{"pooled and iteration level ignored", project.HigherIsBetter,
			[]Record{rec("", 0.9), rec("v1", 0.5), {Level: IterationLevel, Coefficients: Coefficients{Spearman: stats.Finite(-1)}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range validityFindings(&project.Metric{Name: "m", Label: "Metric M", Direction: tt.dir}, &project.Dimension{Name: "d"}, tt.recs, opt) {
				if f.Metric != "m" || f.Dimension != "d" || f.N != 50 || !strings.HasPrefix(f.Message, "Metric M tracks d with Spearman ") || math.Abs(f.High-f.Spearman-0.1) > 1e-9 {
					t.Errorf("finding %+v", f)
				}
				got = append(got, f.Iteration)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("found %v; want %v", got, tt.want)
			}
		})
	}
}

// labelDimension builds a label dimension from lines "iteration item rater label".
func labelDimension(name string, scale project.Scale, labels []string, lines ...string) project.Dimension {
	d := project.Dimension{Name: name, Scale: scale, Labels: labels}
	for _, l := range lines {
		f := strings.Fields(l)
		d.Ratings.Append(project.Rating{Iteration: f[0], Item: f[1], Rater: f[2], Label: f[3]})
	}
	return d
}

func TestConsensusRules(t *testing.T) {
	d := dimension("d",
		"v1 a r1 1", "v1 a r2 2", "v1 a r3 2", "v1 a r4 5", // mean 2.5, median 2, majority 2
		"v1 b r1 1", "v1 b r2 1", "v1 b r3 4", "v1 b r4 4", // a tie: no majority
		"v1 c r1 3", // one rating: every rule gives 3
		"- d r1 4")  // no iteration: left out and counted
	for _, tt := range []struct {
		rule string
		want map[string]float64
		ties int
	}{
		{"", map[string]float64{"a": 2.5, "b": 2.5, "c": 3}, 0},
		{Mean, map[string]float64{"a": 2.5, "b": 2.5, "c": 3}, 0},
		{Median, map[string]float64{"a": 2, "b": 2.5, "c": 3}, 0},
		{Majority, map[string]float64{"a": 2, "c": 3}, 1},
	} {
		c, info := consensus(&d, tt.rule, map[string]int{"v1": 0})
		got := map[string]float64{}
		for i := range c.Len() {
			got[c.items.Name(c.item[i])] = c.values[i]
		}
		if !reflect.DeepEqual(got, tt.want) || info.Ties != tt.ties || info.Units != len(tt.want) || !info.Correlated || info.Unplaced != 1 {
			t.Errorf("rule %q: consensus %v, %+v; want %v with %d ties", tt.rule, got, info, tt.want, tt.ties)
		}
	}
}

func TestLabelDimensions(t *testing.T) {
	ratings := []string{
		"v1 a r1 low", "v1 a r2 low", "v1 a r3 high",
		"v1 b r1 mid", "v1 b r2 mid", "v1 b r3 mid",
		"v1 c r1 high", "v1 c r2 high", "v1 c r3 mid",
		"v1 d r1 low", "v1 d r2 high", // a tie, left out
	}
	levels := []string{"low", "mid", "high"}
	p := &project.Project{
		Iterations: iterations("v1"),
		Metrics:    []project.Metric{metric("m", project.HigherIsBetter, "v1 a 0.1", "v1 b 0.5", "v1 c 0.9", "v1 d 0.3")},
		Dimensions: []project.Dimension{
			labelDimension("level", project.Ordinal, levels, ratings...),
			labelDimension("kind", project.Nominal, levels, ratings...),
		},
	}
	rep := Analyse(p, Options{})
	wantDims := []Dimension{
		{Dimension: "level", Consensus: Majority, Correlated: true, Units: 3, Ties: 1},
		{Dimension: "kind", Consensus: Majority, Reason: rep.Dimensions[1].Reason, Units: 3, Ties: 1},
	}
	if !reflect.DeepEqual(rep.Dimensions, wantDims) || wantDims[1].Reason == "" {
		t.Errorf("dimensions %+v; want %+v with a reason for kind", rep.Dimensions, wantDims)
	}
	// Ordered labels correlate by position: low 0, mid 1, high 2 rise with
	// the metric, a perfect rank correlation; the nominal twin has none.
	for _, r := range rep.Records {
		if r.Dimension != "level" {
			t.Errorf("record for %s; only the ordered dimension is correlated", r.Dimension)
		}
	}
	if pooled := find(t, rep.Records, "", ItemLevel); !near(pooled.Spearman, 1) || pooled.N != 3 {
		t.Errorf("pooled record %+v; want rho 1 over 3 units", pooled.Coefficients)
	}
	high := rep.Disagreements[0].MetricHighHumansLow
	if len(rep.Disagreements) != 1 || len(high) != 0 && high[0].Label == "" {
		t.Errorf("disagreements %+v; want one list whose units carry their labels", rep.Disagreements)
	}
}

func TestVerdicts(t *testing.T) {
	// Metric passes at 0.5 and above; humans pass at a mean of 4 and above.
	// Units: a both, b both, c metric only, d humans only, e neither, f
	// neither (v2), g both (v2).
	p := &project.Project{
		Iterations: iterations("v1", "v2"),
		Metrics: []project.Metric{metric("m", project.HigherIsBetter,
			"v1 a 0.9", "v1 b 0.6", "v1 c 0.7", "v1 d 0.2", "v1 e 0.1", "v2 f 0.3", "v2 g 0.5")},
		Dimensions: []project.Dimension{
			dimension("d", "v1 a r 5", "v1 b r 4", "v1 c r 2", "v1 d r 4", "v1 e r 1", "v2 f r 3", "v2 g r 4"),
			labelDimension("tone", project.Nominal, []string{"ok", "rude"},
				"v1 a r ok", "v1 b r rude", "v1 c r ok", "v1 d r ok", "v1 e r rude", "v2 f r rude", "v2 g r ok"),
		},
	}
	opt := Options{
		MetricPass:    map[string]Pass{"m": {Value: 0.5}},
		DimensionPass: map[string]Pass{"d": {Value: 4}, "tone": {Labels: []string{"ok"}}},
	}
	rep := Analyse(p, opt)
	if len(rep.Verdicts) != 6 {
		t.Fatalf("%d verdicts; want pooled, v1 and v2 for each of two dimensions", len(rep.Verdicts))
	}
	pooled := rep.Verdicts[0]
	if pooled.Dimension != "d" || pooled.Iteration != "" || pooled.N != 7 ||
		pooled.BothPass != 3 || pooled.MetricOnly != 1 || pooled.HumansOnly != 1 || pooled.NeitherPass != 2 {
		t.Fatalf("pooled verdict %+v", pooled)
	}
	// p_o = 5/7; p_e = (4*4 + 3*3)/49 = 25/49; kappa = (35/49 - 25/49)/(24/49) = 10/24.
	if !near(pooled.Agreement, 5.0/7) || !near(pooled.Kappa, 10.0/24) {
		t.Errorf("agreement %v kappa %v; want 5/7 and 10/24", *pooled.Agreement, *pooled.Kappa)
	}
	if *pooled.KappaLow >= *pooled.Kappa || *pooled.KappaHigh <= *pooled.Kappa || *pooled.KappaHigh > 1 {
		t.Errorf("kappa interval %v to %v around %v", *pooled.KappaLow, *pooled.KappaHigh, *pooled.Kappa)
	}
	if v2 := rep.Verdicts[2]; v2.Iteration != "v2" || v2.N != 2 || v2.BothPass != 1 || v2.NeitherPass != 1 || !near(v2.Kappa, 1) {
		t.Errorf("v2 verdict %+v", v2)
	}
	// tone: ok on a, c, d, g; metric passes on a, b, c, g.
	if tone := rep.Verdicts[3]; tone.Dimension != "tone" || tone.BothPass != 3 || tone.MetricOnly != 1 || tone.HumansOnly != 1 || tone.NeitherPass != 2 {
		t.Errorf("tone verdict %+v", tone)
	}
	// Lower is better: a metric passes at or below its threshold.
	p.Metrics[0].Direction = project.LowerIsBetter
	if lower := Analyse(p, opt).Verdicts[0]; lower.BothPass != 2 || lower.MetricOnly != 2 || lower.HumansOnly != 2 || lower.NeitherPass != 1 {
		t.Errorf("lower-is-better verdict %+v", lower)
	}
	// One side constant: no agreement beyond chance, kappa 0; both sides
	// constant: chance agreement is 1 and kappa is undefined.
	opt.MetricPass["m"] = Pass{Value: 100}
	p.Metrics[0].Direction = project.HigherIsBetter
	if v := Analyse(p, opt).Verdicts[0]; !near(v.Kappa, 0) || v.MetricOnly+v.BothPass != 0 || !near(v.Agreement, 3.0/7) {
		t.Errorf("metric never passes: verdict %+v; want kappa 0", v)
	}
	opt.DimensionPass["d"] = Pass{Value: 100}
	if v := Analyse(p, opt).Verdicts[0]; v.Kappa != nil || v.NeitherPass != 7 || !near(v.Agreement, 1) {
		t.Errorf("nothing passes: verdict %+v; want no kappa", v)
	}
	// No threshold on one side: no verdicts.
	if vs := Analyse(p, Options{MetricPass: opt.MetricPass}).Verdicts; len(vs) != 0 {
		t.Errorf("verdicts without a dimension threshold: %+v", vs)
	}
}

// TestAggregatedVerdicts checks that verdict counts from an aggregate file
// give the same verdicts as the rows they count: TestVerdicts's units,
// counted per iteration and given in the wrong order.
func TestAggregatedVerdicts(t *testing.T) {
	raw := &project.Project{
		Iterations: iterations("v1", "v2"),
		Metrics: []project.Metric{metric("m", project.HigherIsBetter,
			"v1 a 0.9", "v1 b 0.6", "v1 c 0.7", "v1 d 0.2", "v1 e 0.1", "v2 f 0.3", "v2 g 0.5")},
		Dimensions: []project.Dimension{dimension("d", "v1 a r 5", "v1 b r 4", "v1 c r 2", "v1 d r 4", "v1 e r 1", "v2 f r 3", "v2 g r 4")},
	}
	opt := Options{MetricPass: map[string]Pass{"m": {Value: 0.5}}, DimensionPass: map[string]Pass{"d": {Value: 4}}}
	want := Analyse(raw, opt).Verdicts
	agg := *raw
	agg.Metrics = []project.Metric{{Name: "m",
		Moments: []project.MetricMoments{{Iteration: "v1", N: 5, Sum: 2.5, SumSq: 1.71}, {Iteration: "v2", N: 2, Sum: 0.8, SumSq: 0.34}},
		Verdicts: []project.VerdictCounts{
			{Dimension: "d", Iteration: "v2", BothPass: 1, NeitherPass: 1},
			{Dimension: "d", Iteration: "v1", BothPass: 2, MetricOnly: 1, HumansOnly: 1, NeitherPass: 1},
			{Dimension: "other", Iteration: "v1", BothPass: 9},
		}}}
	got := Analyse(&agg, opt).Verdicts
	if !reflect.DeepEqual(got, want) {
		t.Errorf("verdicts from counts\n%s\nwant (from rows)\n%s", jsonOf(got), jsonOf(want))
	}
	if len(got) != 3 || !near(got[0].Kappa, 10.0/24) {
		t.Errorf("got %d verdicts, pooled kappa %v; want 3 and 10/24", len(got), got[0].Kappa)
	}
	// Without a threshold on one side, counts give no verdicts either.
	if vs := Analyse(&agg, Options{MetricPass: opt.MetricPass}).Verdicts; len(vs) != 0 {
		t.Errorf("verdicts without a dimension threshold: %+v", vs)
	}
}

func jsonOf(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

func TestInvestigations(t *testing.T) {
	// m tracks d perfectly in v1 and v2 (20 items), then inversely in v3 and v4.
	var vals, rats []string
	for i := range 20 {
		for k, it := range []string{"v1", "v2", "v3", "v4"} {
			rating := i
			if k >= 2 {
				rating = 19 - i
			}
			vals = append(vals, it+" i"+strconv.Itoa(i)+" "+strconv.Itoa(i))
			rats = append(rats, it+" i"+strconv.Itoa(i)+" r "+strconv.Itoa(rating))
		}
	}
	doc := func(slug string, refs ...project.DiscrepancyRef) project.Document {
		return project.Document{Slug: slug, Source: slug + ".md", Meta: project.FrontMatter{Title: "T " + slug, Discrepancies: refs}}
	}
	p := &project.Project{
		Iterations: iterations("v1", "v2", "v3", "v4"),
		Metrics:    []project.Metric{metric("m", project.HigherIsBetter, vals...)},
		Dimensions: []project.Dimension{dimension("d", rats...)},
		Pages: []project.Document{
			doc("content/why", project.DiscrepancyRef{Metric: "m", Dimension: "d", Iterations: []string{"v3"}, Items: []string{"i19", "i0"}, Cause: "metric-flaw"}),
			doc("content/other", project.DiscrepancyRef{Metric: "m", Dimension: "other", Cause: "other"}),
		},
	}
	rep := Analyse(p, Options{})
	if len(rep.Investigations) != 2 || rep.Investigations[0].Document != "content/why" || rep.Investigations[0].Title != "T content/why" {
		t.Fatalf("investigations %+v", rep.Investigations)
	}
	if len(rep.Findings) != 2 {
		t.Fatalf("findings %+v; want v3 and v4", rep.Findings)
	}
	v3, v4 := rep.Findings[0], rep.Findings[1]
	if v3.Iteration != "v3" || v3.Open() || !reflect.DeepEqual(v3.Investigations, []string{"content/why"}) {
		t.Errorf("v3 finding %+v; want explained by content/why", v3)
	}
	if v4.Iteration != "v4" || !v4.Open() {
		t.Errorf("v4 finding %+v; want open", v4)
	}
	sev := map[string]alert.Severity{}
	for _, a := range rep.Alerts {
		sev[a.Iteration] = a.Severity
		if explained := strings.Contains(a.Message, `Investigated in "T content/why": metric-flaw.`); explained != (a.Iteration == "v3") {
			t.Errorf("alert message %q", a.Message)
		}
		if a.Link != "discrepancy/m/d.html" {
			t.Errorf("alert link %q", a.Link)
		}
	}
	if sev["v3"] != alert.Info || sev["v4"] != alert.Warning {
		t.Errorf("severities %v; want the explained v3 as info, the open v4 as a warning", sev)
	}
	// The widest disagreements are v3's and v4's ends; only v3's i0 and
	// i19 were examined.
	for _, list := range [][]Disagreement{rep.Disagreements[0].MetricHighHumansLow, rep.Disagreements[0].MetricLowHumansHigh} {
		for _, d := range list {
			examined := d.Iteration == "v3" && (d.Item == "i0" || d.Item == "i19")
			if examined != (len(d.Investigations) == 1) {
				t.Errorf("disagreement %s %s: investigations %v", d.Iteration, d.Item, d.Investigations)
			}
		}
	}
}

// TestBootstrapIntervals: with Resamples set, item-level intervals come
// from the bootstrap: deterministic for a seed, different for another seed,
// around the coefficient, and the iteration-level record keeps Fisher's.
func TestBootstrapIntervals(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var vals, rats []string
	for i := range 80 {
		it := []string{"v1", "v2"}[i%2]
		x := rng.NormFloat64()
		vals = append(vals, fmt.Sprintf("%s i%d %g", it, i, x))
		rats = append(rats, fmt.Sprintf("%s i%d r %g", it, i, x+rng.NormFloat64()))
	}
	p := &project.Project{Iterations: iterations("v1", "v2"),
		Metrics: []project.Metric{metric("m", project.HigherIsBetter, vals...)}, Dimensions: []project.Dimension{dimension("d", rats...)}}
	analytic := Analyse(p, Options{})
	boot := Analyse(p, Options{Resamples: 2000, Seed: 7})
	again := Analyse(p, Options{Resamples: 2000, Seed: 7})
	other := Analyse(p, Options{Resamples: 2000, Seed: 8})
	if !reflect.DeepEqual(boot, again) {
		t.Fatal("two bootstrap analyses with one seed differ")
	}
	for i, r := range boot.Records {
		a := analytic.Records[i]
		if r.Level == IterationLevel {
			if !reflect.DeepEqual(r, a) {
				t.Errorf("iteration-level record changed: %+v", r)
			}
			continue
		}
		if *r.Pearson != *a.Pearson || *r.PearsonLow == *a.PearsonLow || *r.KendallTauBHigh == *a.KendallTauBHigh {
			t.Errorf("%s record: coefficients must stay, intervals change: %+v vs %+v", r.Iteration, r.Coefficients, a.Coefficients)
		}
		for _, b := range [][3]*float64{{r.PearsonLow, r.Pearson, r.PearsonHigh}, {r.SpearmanLow, r.Spearman, r.SpearmanHigh}, {r.KendallTauBLow, r.KendallTauB, r.KendallTauBHigh}} {
			if !(*b[0] < *b[1] && *b[1] < *b[2]) {
				t.Errorf("%s record: bootstrap interval %v to %v misses %v", r.Iteration, *b[0], *b[2], *b[1])
			}
		}
		// Analytic and bootstrap intervals of r agree roughly on normal data.
		if math.Abs(*r.PearsonLow-*a.PearsonLow) > 0.1 || math.Abs(*r.PearsonHigh-*a.PearsonHigh) > 0.1 {
			t.Errorf("%s record: bootstrap [%v, %v], Fisher [%v, %v]", r.Iteration, *r.PearsonLow, *r.PearsonHigh, *a.PearsonLow, *a.PearsonHigh)
		}
		if *other.Records[i].PearsonLow == *r.PearsonLow {
			t.Errorf("%s record: another seed gives the same interval", r.Iteration)
		}
	}
}

func TestCombine(t *testing.T) {
	num := dimension("d", "v1 a r1 5", "v1 a r2 1", "v1 a r3 4", "v1 a r4 4") // unsorted: median 4, mean 3.5, majority 4
	lab := labelDimension("t", project.Nominal, []string{"low", "high"}, "v1 a r1 high", "v1 a r2 low", "v1 a r3 high")
	tie := labelDimension("t", project.Nominal, []string{"low", "high"}, "v1 a r1 high", "v1 a r2 low")
	for _, tt := range []struct {
		name  string
		d     project.Dimension
		rule  string
		v     float64
		label string
		ok    bool
	}{
		{"default mean", num, "", 3.5, "", true},
		{"median of unsorted ratings", num, Median, 4, "", true},
		{"majority", num, Majority, 4, "", true},
		{"label majority whatever the rule", lab, Mean, 1, "high", true},
		{"label tie", tie, "", 0, "", false},
	} {
		v, label, ok := Combine(&tt.d, tt.d.Ratings.Slice(), tt.rule)
		if ok != tt.ok || (ok && (v != tt.v || label != tt.label)) {
			t.Errorf("%s: Combine = %v, %q, %v; want %v, %q, %v", tt.name, v, label, ok, tt.v, tt.label, tt.ok)
		}
	}
}

// TestIterationLevelExactTies: s1's and s2's consensus values (means of
// three ratings, 15/3, 11/3, ... and 11/3, 3/3, ...) sum to 62/3 each, so
// their means are equal in exact arithmetic although the float sums differ
// in the last bit. The iteration-level Kendall tau-b must see the tie: with
// metric means 1 < 2 < 3 and consensus means t = t < h, one pair is tied in
// y and two are concordant, so tau-b = 2 / sqrt(3 * 2).
func TestIterationLevelExactTies(t *testing.T) {
	sums := map[string][]string{
		"s1": {"5 5 5", "4 4 3", "1 1 2", "5 5 5", "5 4 4", "1 1 2"}, // 15 11 4 15 13 4
		"s2": {"4 4 3", "1 1 1", "4 4 4", "5 4 4", "4 4 3", "4 4 4"}, // 11 3 12 13 11 12
		"s3": {"5 5 5", "5 5 5", "5 5 5", "5 5 5", "5 5 5", "5 5 5"},
	}
	var ml, dl []string
	for i, it := range []string{"s1", "s2", "s3"} {
		for k, rs := range sums[it] {
			item := fmt.Sprintf("i%d", k)
			ml = append(ml, fmt.Sprintf("%s %s %d", it, item, i+1))
			for r, v := range strings.Fields(rs) {
				dl = append(dl, fmt.Sprintf("%s %s h%d %s", it, item, r+1, v))
			}
		}
	}
	p := &project.Project{
		Iterations: iterations("s1", "s2", "s3"),
		Metrics:    []project.Metric{metric("m", project.HigherIsBetter, ml...)},
		Dimensions: []project.Dimension{dimension("d", dl...)},
	}
	sys := find(t, Analyse(p, Options{}).Records, "", IterationLevel)
	if want := 2 / math.Sqrt(6); sys.N != 3 || !near(sys.KendallTauB, want) {
		t.Errorf("iteration-level tau-b %v over %d systems; want %.6f (s1 and s2 tie)", deref(sys.KendallTauB), sys.N, want)
	}
}

// TestSlices: in slice "cnn" the consensus rises with the metric (r = 1),
// in "xsum" it falls (r = -1); the pooled record hides both. Items without
// a slice are in no slice record, and a pair whose units are all in one
// slice gets none.
func TestSlices(t *testing.T) {
	m := project.Metric{Name: "m", Direction: project.HigherIsBetter}
	var dl []string
	for i := 1; i <= 4; i++ {
		for _, it := range []string{"v1", "v2"} {
			shift := 0.0
			if it == "v2" {
				shift = 10
			}
			for _, s := range []struct {
				slice string
				y     int
			}{{"cnn", i}, {"xsum", 5 - i}, {"", i % 2}} {
				item := fmt.Sprintf("%s%d", s.slice, i)
				m.Values.Append(project.MetricValue{Iteration: it, Item: item, Slice: s.slice, Value: float64(i) + shift})
				dl = append(dl, fmt.Sprintf("%s %s r1 %d", it, item, s.y))
			}
		}
	}
	p := &project.Project{Iterations: iterations("v1", "v2"), Metrics: []project.Metric{m}, Dimensions: []project.Dimension{dimension("d", dl...)}}
	rep := Analyse(p, Options{Partial: true})
	if len(rep.Slices) != 2 {
		t.Fatalf("%d slice records; want cnn and xsum", len(rep.Slices))
	}
	for _, tc := range []struct {
		slice string
		want  float64
	}{{"cnn", 1}, {"xsum", -1}} {
		var got *SliceRecord
		for i := range rep.Slices {
			if rep.Slices[i].Slice == tc.slice {
				got = &rep.Slices[i]
			}
		}
		if got == nil || got.Metric != "m" || got.Dimension != "d" {
			t.Errorf("slice %s: record %+v", tc.slice, got)
			continue
		}
		// Within each iteration the slice's units are perfectly (anti-)
		// correlated, so the partial correlation is ±1 too; the plain one
		// is not, since v2's metric values are 10 higher.
		if got.N != 8 || !near(got.Partial.Pearson, tc.want) || !near(got.Partial.Spearman, tc.want) || got.Partial.N != 8 {
			t.Errorf("slice %s: n %d, partial %+v; want n 8 and r = rho = %v", tc.slice, got.N, *got.Partial, tc.want)
		}
		if got.Pearson == nil || near(got.Pearson, tc.want) {
			t.Errorf("slice %s: plain r %v; want the iterations' shift to weaken it", tc.slice, deref(got.Pearson))
		}
	}
	// One slice only: no breakdown.
	p.Metrics[0].Values = project.ValuesOf(slicesOnly(p.Metrics[0].Values.Rows(), "cnn"))
	if rep := Analyse(p, Options{}); len(rep.Slices) != 0 {
		t.Errorf("%d slice records for one slice; want none", len(rep.Slices))
	}
}

// slicesOnly returns the values of one slice.
func slicesOnly(vs []project.MetricValue, slice string) []project.MetricValue {
	var out []project.MetricValue
	for _, v := range vs {
		if v.Slice == slice {
			out = append(out, v)
		}
	}
	return out
}

// TestWidest checks the top-k selection of disagreements against a stable
// sort by |gap|, on gaps with many ties (halves, as rank gaps are).
func TestWidest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tt := range []struct{ n, top int }{{0, 5}, {1, 5}, {7, 3}, {50, 10}, {200, 20}, {20, 50}, {30, 0}} {
		gap := make([]float64, tt.n)
		var idx []int
		for i := range gap {
			gap[i] = float64(rng.IntN(9)-4) / 2
			if rng.IntN(3) > 0 {
				idx = append(idx, i)
			}
		}
		want := slices.Clone(idx)
		slices.SortStableFunc(want, func(a, b int) int { return cmp.Compare(abs(gap[b]), abs(gap[a])) })
		want = want[:min(tt.top, len(want))]
		if got := widest(idx, gap, tt.top); len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) {
			t.Errorf("n %d top %d: got %v, want %v", tt.n, tt.top, got, want)
		}
	}
}

// TestUnitsColumns: a pair's units read back in unit order (the series'
// iterations first, then unknown ones by ID; items by ID), with the
// metric's mean, the consensus and the label, whether the metric has a
// value on every unit of the dimension (the pair reads the consensus in
// place) or misses some (the pair keeps the places of its units); the
// pairs of one dimension share its consensus, and Same tells a pair's
// columns from another's.
func TestUnitsColumns(t *testing.T) {
	ratings := []string{
		"v2 b r1 low", "v2 b r2 low", "v1 c r1 high", "v1 a r1 mid", "zz a r1 high", "v2 a r1 high",
	}
	p := &project.Project{
		Iterations: iterations("v1", "v2"),
		Metrics: []project.Metric{
			metric("all", project.HigherIsBetter, "v1 a 1", "v1 a 3", "v1 c 4", "v2 a 5", "v2 b 6", "zz a 7"),
			metric("some", project.HigherIsBetter, "v2 b 0.5", "v1 c 0.25", "v9 c 9"),
		},
		Dimensions: []project.Dimension{labelDimension("level", project.Ordinal, []string{"low", "mid", "high"}, ratings...)},
	}
	type point struct {
		item, iteration string
		metric, cons    float64
		label           string
	}
	read := func(u Units) []point {
		var out []point
		for i := range u.Len() {
			out = append(out, point{u.Item(i), u.Iteration(i), u.Metric(i), u.Consensus(i), u.Label(i)})
		}
		return out
	}
	rep := Analyse(p, Options{})
	if len(rep.Pairs) != 2 {
		t.Fatalf("%d pairs; want 2", len(rep.Pairs))
	}
	all, some := rep.Pairs[0].Units, rep.Pairs[1].Units
	wantAll := []point{
		{"a", "v1", 2, 1, "mid"}, {"c", "v1", 4, 2, "high"},
		{"a", "v2", 5, 2, "high"}, {"b", "v2", 6, 0, "low"},
		{"a", "zz", 7, 2, "high"},
	}
	wantSome := []point{{"c", "v1", 0.25, 2, "high"}, {"b", "v2", 0.5, 0, "low"}}
	if got := read(all); !reflect.DeepEqual(got, wantAll) {
		t.Errorf("every unit: %v; want %v", got, wantAll)
	}
	if got := read(some); !reflect.DeepEqual(got, wantSome) {
		t.Errorf("some units: %v; want %v", got, wantSome)
	}
	if all.at != nil || some.at == nil || all.cons != some.cons {
		t.Errorf("at %v and %v, consensus shared %v; want nil and places, shared", all.at, some.at, all.cons == some.cons)
	}
	if got := all.Iterations(); !reflect.DeepEqual(got, []string{"v1", "v2", "zz"}) {
		t.Errorf("iterations %v", got)
	}
	again := Analyse(p, Options{}).Pairs[0].Units
	if !all.Same(all) || all.Same(some) || all.Same(again) || !reflect.DeepEqual(read(again), wantAll) {
		t.Errorf("Same: itself %v, another pair %v, a new analysis %v; want true, false, false", all.Same(all), all.Same(some), all.Same(again))
	}
	if (Units{}).Len() != 0 || !(Units{}).Same(Units{}) {
		t.Error("the zero Units is not empty")
	}
}
