package experiment

import (
	"fmt"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// benchProject returns the benchmark project: iterations x
// metrics x items per-item values (200 x 20 x 1,000 = 4,000,000), every
// iteration's baseline the one before it, no slices.
func benchProject(iterations, metrics, items int) *project.Project {
	rng := stats.NewRand(1)
	p := &project.Project{}
	ids := make([]string, items)
	for i := range ids {
		ids[i] = fmt.Sprintf("q%05d", i)
	}
	for k := range iterations {
		it := project.Iteration{ID: fmt.Sprintf("v%03d", k), Order: k}
		if k > 0 {
			it.Baseline = p.Iterations[k-1].ID
		}
		p.Iterations = append(p.Iterations, it)
	}
	for j := range metrics {
		m := project.Metric{Name: fmt.Sprintf("m%02d", j)}
		for _, it := range p.Iterations {
			for _, id := range ids {
				m.Values.Append(project.MetricValue{Iteration: it.ID, Item: id, Value: 0.5 + 0.2*rng.NormFloat64()})
			}
		}
		p.Metrics = append(p.Metrics, m)
	}
	return p
}

// BenchmarkAnalyse measures the target: 200 iterations x 20
// metrics x 1,000 items, each iteration against its baseline on every
// metric with 1,000 resamples (paired bootstrap and sign-flip test).
func BenchmarkAnalyse(b *testing.B) {
	p := benchProject(200, 20, 1000)
	opt := Options{Resamples: 1000, Seed: 1}
	b.ResetTimer()
	for b.Loop() {
		Analyse(p, opt)
	}
}
