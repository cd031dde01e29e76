package discrepancy

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
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
		m.Values = append(m.Values, project.MetricValue{Iteration: f[0], Item: f[1], Value: num(f[2])})
	}
	return m
}

// dimension builds a numeric dimension from lines "iteration item rater value".
func dimension(name string, lines ...string) project.Dimension {
	d := project.Dimension{Name: name, Numeric: true, Scale: project.Interval}
	for _, l := range lines {
		f := strings.Fields(l)
		d.Ratings = append(d.Ratings, project.Rating{Iteration: f[0], Item: f[1], Rater: f[2], Value: num(f[3]), Label: f[3]})
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
	p.Metrics[0].Values[5].Item = "" // describes the whole iteration
	p.Dimensions[0].Ratings[11].Iteration = ""
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
		m, d := p.Metrics[0].Values, p.Dimensions[0].Ratings
		rng.Shuffle(len(m), func(i, j int) { m[i], m[j] = m[j], m[i] })
		rng.Shuffle(len(d), func(i, j int) { d[i], d[j] = d[j], d[i] })
		got, _ := json.Marshal(Analyse(p, Options{Partial: true}))
		if string(got) != string(want) {
			t.Fatalf("shuffled input gives\n%s\nwant\n%s", got, want)
		}
	}
}

func TestLabelDimensionSkipped(t *testing.T) {
	p := &project.Project{
		Iterations: iterations("v1"),
		Metrics:    []project.Metric{metric("m", project.HigherIsBetter, "v1 a 1")},
		Dimensions: []project.Dimension{{Name: "tone", Labels: []string{"ok", "rude"}}},
	}
	rep := Analyse(p, Options{})
	if len(rep.Records) != 0 || !reflect.DeepEqual(rep.Skipped, []string{"tone"}) {
		t.Errorf("report %+v; want tone skipped and no records", rep)
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
			[]Disagreement{{Item: "e", Iteration: "v1", Metric: 5, Consensus: 1, MetricRank: 1, HumanRank: 0, Gap: 1}},
			[]Disagreement{{Item: "a", Iteration: "v1", Metric: 1, Consensus: 5, MetricRank: 0, HumanRank: 1, Gap: -1}}},
		// oriented metric ranks 1, .75, .5, .25, 0
		{"lower is better", project.LowerIsBetter,
			[]Disagreement{{Item: "b", Iteration: "v1", Metric: 2, Consensus: 2, MetricRank: 0.75, HumanRank: 0.25, Gap: 0.5}},
			[]Disagreement{{Item: "d", Iteration: "v1", Metric: 4, Consensus: 4, MetricRank: 0.25, HumanRank: 0.75, Gap: -0.5}}},
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

func TestValidityAlerts(t *testing.T) {
	rec := func(it string, rho float64) Record {
		return Record{Iteration: it, Level: ItemLevel, Coefficients: Coefficients{N: 50, Spearman: stats.Finite(rho)}}
	}
	opt := Options{}.withDefaults()
	tests := []struct {
		name string
		dir  project.Direction
		recs []Record
		want []string // iterations alerted
	}{
		{"steady", project.HigherIsBetter, []Record{rec("v1", 0.6), rec("v2", 0.5), rec("v3", 0.55)}, nil},
		{"sharp fall above the floor", project.HigherIsBetter, []Record{rec("v1", 0.8), rec("v2", 0.7), rec("v3", 0.55)}, []string{"v3"}},
		{"below the floor", project.HigherIsBetter, []Record{rec("v1", 0.35), rec("v2", 0.25), rec("v3", 0.4)}, []string{"v2"}},
		{"never tracked", project.HigherIsBetter, []Record{rec("v1", 0.2), rec("v2", -0.3)}, nil},
		{"first iteration has no history", project.HigherIsBetter, []Record{rec("v1", 0.1)}, nil},
		{"lower is better is negated", project.LowerIsBetter, []Record{rec("v1", -0.6), rec("v2", -0.1)}, []string{"v2"}},
		{"undefined rho is skipped", project.HigherIsBetter,
			[]Record{rec("v1", 0.6), {Iteration: "v2", Level: ItemLevel}, rec("v3", 0.2)}, []string{"v3"}},
		{"pooled and iteration level ignored", project.HigherIsBetter,
			[]Record{rec("", 0.9), rec("v1", 0.5), {Level: IterationLevel, Coefficients: Coefficients{Spearman: stats.Finite(-1)}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, a := range validityAlerts(&project.Metric{Name: "m", Direction: tt.dir}, "d", tt.recs, opt) {
				if a.Kind != "validity" || a.Severity != alert.Warning || a.Subject != "metric m vs dimension d" || a.Numbers["n"] != 50 {
					t.Errorf("alert %+v", a)
				}
				got = append(got, a.Iteration)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("alerted %v; want %v", got, tt.want)
			}
		})
	}
}
