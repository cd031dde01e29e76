package discrepancy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/exampletest"
	"github.com/evalbook/evalbook/internal/project"
)

// loadExample reads the example project (the repository root).
func loadExample(t testing.TB) *project.Project {
	_, p := exampletest.Load(t)
	return p
}

// TestExampleFlagsRougeDrift checks the example's story: from v4 on rouge_l
// no longer tracks helpfulness, and an investigation explains it; while
// answer_accuracy keeps tracking factuality.
func TestExampleFlagsRougeDrift(t *testing.T) {
	rep := Analyse(loadExample(t), Options{})
	found := map[string]Finding{}
	for _, f := range rep.Findings {
		found[f.Metric+" "+f.Dimension+" "+f.Iteration] = f
	}
	for _, it := range []string{"v4", "v5", "v6"} {
		f, ok := found["rouge_l helpfulness "+it]
		if !ok {
			t.Errorf("rouge_l vs helpfulness not flagged in %s; findings %v", it, found)
			continue
		}
		if f.Open() {
			t.Errorf("rouge_l vs helpfulness in %s is open; want it explained by the example's investigation", it)
		}
	}
	for _, it := range []string{"v1", "v2", "v3"} {
		if _, ok := found["rouge_l helpfulness "+it]; ok {
			t.Errorf("rouge_l vs helpfulness flagged in %s, before the drift", it)
		}
	}
	for _, it := range []string{"v2", "v3", "v4", "v5", "v6"} {
		if _, ok := found["answer_accuracy factuality "+it]; ok {
			t.Errorf("steady answer_accuracy vs factuality flagged in %s", it)
		}
	}
	for _, a := range rep.Alerts {
		if a.Kind != "validity" || a.Iteration == "" || !strings.HasPrefix(a.Link, "discrepancy/") {
			t.Errorf("malformed alert %+v", a)
		}
	}
	for _, d := range rep.Dimensions {
		if d.Correlated != (d.Dimension != "tone") {
			t.Errorf("dimension %+v; want only the nominal tone left out of the correlations", d)
		}
	}
}

// TestExampleDeterministic analyses the example twice and compares the JSON.
func TestExampleDeterministic(t *testing.T) {
	p := loadExample(t)
	a, err := json.Marshal(Analyse(p, Options{Partial: true}))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		b, err := json.Marshal(Analyse(p, Options{Partial: true}))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatal("two analyses of the example differ")
		}
	}
}

func BenchmarkExample(b *testing.B) {
	p := loadExample(b)
	b.ResetTimer()
	for b.Loop() {
		Analyse(p, Options{Partial: true})
	}
}

// TestComputeOnePairPerMetric checks that a Compute of pairs that use each
// metric once (a rebuild after new ratings of one dimension) gives every
// pair the result of a Compute of all pairs, for each dimension of the
// example.
func TestComputeOnePairPerMetric(t *testing.T) {
	p := loadExample(t)
	pl := NewPlan(p, Options{Partial: true})
	all := make([]int, pl.Pairs())
	for n := range all {
		all[n] = n
	}
	_, want := pl.Compute(nil, all)
	nm, joined := len(p.Metrics), 0
	for _, r := range want {
		if r.Joined && len(r.Records) > 0 {
			joined++
		}
	}
	if joined == 0 {
		t.Fatal("no pair of the example joins")
	}
	for k := range p.Dimensions {
		var pairs []int
		for i := range nm {
			pairs = append(pairs, k*nm+i)
		}
		_, got := pl.Compute(nil, pairs)
		for n, at := range pairs {
			a, err := json.Marshal(got[n])
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(want[at])
			if !bytes.Equal(a, b) || !reflect.DeepEqual(unitRows(got[n].Pair.Units), unitRows(want[at].Pair.Units)) {
				t.Errorf("pair %d (%s): alone differs from all pairs at once", at, p.Dimensions[k].Name)
			}
		}
	}
}

// unitRows reads every field of every unit of u, which the JSON of a
// PairResult leaves out.
func unitRows(u Units) []string {
	var out []string
	for i := range u.Len() {
		out = append(out, fmt.Sprint(u.Item(i), u.Iteration(i), u.Metric(i), u.Consensus(i), u.Label(i)))
	}
	return out
}

// TestComputeSharesMetricHalf checks that the pairs of a metric with
// dimensions on the same units read one metric half (the same column of
// values), and that every pair's result is that of a Compute of the pair
// alone: on the example with two more dimensions, the first numeric one's
// ratings with other values (the same units) and without their first unit
// (other units).
func TestComputeSharesMetricHalf(t *testing.T) {
	ex := loadExample(t)
	p := *ex
	k0 := -1
	for k, d := range p.Dimensions {
		if d.Numeric {
			k0 = k
			break
		}
	}
	if k0 < 0 {
		t.Fatal("the example has no numeric dimension")
	}
	d0 := &p.Dimensions[k0]
	same := *d0
	same.Name = d0.Name + "_reversed"
	same.Ratings = d0.Ratings.Filter(func(int) bool { return true })
	for i, v := range same.Ratings.Value {
		same.Ratings.Value[i] = 10 - v*v
	}
	first := d0.Ratings.At(0)
	other := *d0
	other.Name = d0.Name + "_fewer"
	other.Ratings = d0.Ratings.Filter(func(i int) bool {
		r := d0.Ratings.At(i)
		return r.Item != first.Item || r.Iteration != first.Iteration
	})
	p.Dimensions = append(append([]project.Dimension{}, ex.Dimensions...), same, other)
	ks, kf := len(p.Dimensions)-2, len(p.Dimensions)-1

	pl := NewPlan(&p, Options{Partial: true})
	all := make([]int, pl.Pairs())
	for n := range all {
		all[n] = n
	}
	_, got := pl.Compute(nil, all)
	nm := len(p.Metrics)
	shared := 0
	for i := range nm {
		a, b, c := got[k0*nm+i].Pair.Units, got[ks*nm+i].Pair.Units, got[kf*nm+i].Pair.Units
		if a.Len() == 0 {
			continue
		}
		if !sameArray(a.metric, b.metric) {
			t.Errorf("metric %s: the pairs with %s and %s (the same units) have two metric columns", p.Metrics[i].Name, d0.Name, same.Name)
		}
		if c.Len() > 0 && sameArray(a.metric, c.metric) {
			t.Errorf("metric %s: the pairs with %s and %s (other units) share a metric column", p.Metrics[i].Name, d0.Name, other.Name)
		}
		shared++
	}
	if shared == 0 {
		t.Fatalf("no metric joins %s", d0.Name)
	}
	for n := range all {
		_, alone := pl.Compute(nil, []int{n})
		a, err := json.Marshal(alone[0])
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(got[n])
		if !bytes.Equal(a, b) || !reflect.DeepEqual(unitRows(alone[0].Pair.Units), unitRows(got[n].Pair.Units)) {
			t.Errorf("pair %d (%s x %s): alone differs from all pairs at once", n, p.Metrics[n%nm].Name, p.Dimensions[n/nm].Name)
		}
	}
}
