package synth

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/evalbook/evalbook/internal/correlation"
)

// rougeHelpfulness returns, per iteration, the Spearman correlation of
// rouge_l with the helpfulness consensus (the mean of an item's ratings in
// that iteration) over the rated items, gold items left out.
func rougeHelpfulness(d *dataset) []correlation.Estimate {
	type acc struct{ sum, n float64 }
	consensus := make([]map[int]*acc, len(d.spec.Iterations))
	for i := range consensus {
		consensus[i] = map[int]*acc{}
	}
	for _, r := range d.ratings {
		if r.item < 0 || r.dimension != "helpfulness" {
			continue
		}
		v, err := strconv.ParseFloat(r.value, 64)
		if err != nil {
			panic(err)
		}
		a := consensus[r.iteration][r.item]
		if a == nil {
			a = &acc{}
			consensus[r.iteration][r.item] = a
		}
		a.sum += v
		a.n++
	}
	x := make([][]float64, len(consensus))
	y := make([][]float64, len(consensus))
	for _, row := range d.metrics {
		if a := consensus[row.iteration][row.item]; a != nil {
			x[row.iteration] = append(x[row.iteration], row.values[1])
			y[row.iteration] = append(y[row.iteration], a.sum/a.n)
		}
	}
	out := make([]correlation.Estimate, len(consensus))
	for i := range out {
		out[i] = correlation.All(x[i], y[i], 0.95).Spearman
	}
	return out
}

// driftProblems lists the ways the example fails its metric-validity
// story: item by item, rouge_l should track helpfulness (rho >= 0.4) in v1
// to v3 and stop tracking it (rho <= 0.1) once the fine-tuned models pad
// their answers, from v4 on.
func driftProblems(d *dataset) []string {
	var problems []string
	for i, e := range rougeHelpfulness(d) {
		id := d.spec.Iterations[i].ID
		switch tracks := i < 3; {
		case !e.OK || e.N != d.spec.RatedItems:
			problems = append(problems, fmt.Sprintf("%s: rouge_l vs helpfulness rho undefined or on %d items, not %d", id, e.N, d.spec.RatedItems))
		case tracks && e.Coef < 0.4:
			problems = append(problems, fmt.Sprintf("%s: rouge_l vs helpfulness rho %.3f < 0.4 before the fine-tune", id, e.Coef))
		case !tracks && e.Coef > 0.1:
			problems = append(problems, fmt.Sprintf("%s: rouge_l vs helpfulness rho %.3f > 0.1 from the fine-tune on", id, e.Coef))
		}
	}
	return problems
}

func TestExampleRougeDrift(t *testing.T) {
	d, err := generate(Example())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range driftProblems(d) {
		t.Error(p)
	}
	if testing.Verbose() {
		for i, e := range rougeHelpfulness(d) {
			t.Logf("%s rouge_l vs helpfulness rho %.3f [%.3f, %.3f] n=%d", d.spec.Iterations[i].ID, e.Coef, e.Low, e.High, e.N)
		}
	}
}

// TestRougeDriftNeedsPadding checks that the drift comes from the padding
// terms: without them, rouge_l keeps tracking helpfulness in v4 to v6 too.
func TestRougeDriftNeedsPadding(t *testing.T) {
	s := Example()
	for i := range s.Iterations {
		it := &s.Iterations[i]
		it.RougeLength = 0
		h := it.Human["helpfulness"]
		h.Length = 0
		it.Human["helpfulness"] = h
	}
	d, err := generate(s)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range rougeHelpfulness(d)[3:] {
		if e.Coef < 0.3 {
			t.Errorf("%s without padding: rho %.3f; want rouge_l to keep tracking helpfulness (>= 0.3)", s.Iterations[i+3].ID, e.Coef)
		}
	}
}

func TestItemTerm(t *testing.T) {
	tests := []struct {
		name  string
		noise float64
		parts [][2]float64
		want  float64
	}{
		{"noise only", 1.5, nil, 1.5},
		{"zero weights", -0.7, [][2]float64{{0, 3}, {0, -2}}, -0.7},
		{"one part", 1, [][2]float64{{0.6, 2}}, 0.8*1 + 0.6*2},
		{"negative weight", 0, [][2]float64{{-0.6, 2}}, -1.2},
		{"two parts", 2, [][2]float64{{0.6, 1}, {0.8, -1}}, 0.6 - 0.8},
		{"weights scaled down", 5, [][2]float64{{3, 1}, {4, 1}}, 0.6 + 0.8},
	}
	for _, tt := range tests {
		got := itemTerm(tt.noise, tt.parts...)
		if d := got - tt.want; d > 1e-12 || d < -1e-12 {
			t.Errorf("%s: itemTerm = %v, want %v", tt.name, got, tt.want)
		}
	}
}
