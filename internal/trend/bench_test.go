package trend

import (
	"fmt"
	"testing"

	"github.com/evalbook/evalbook/internal/cputime"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/stats"
)

// BenchmarkMetricsScale measures the metric trends of a project shaped as
// scripts/bench/scale.sh's values project, at half its 10M size: 5
// metrics, 10 iterations, 100,000 items (5,000,000 values, three decimals
// like the synthetic scores), 1,000 resamples.
func BenchmarkMetricsScale(b *testing.B) {
	const metrics, iterations, items = 5, 10, 100_000
	rng := stats.NewRand(1)
	p := &project.Project{}
	for k := range iterations {
		p.Iterations = append(p.Iterations, project.Iteration{ID: fmt.Sprintf("it%02d", k), Order: k})
	}
	vals := make([]project.MetricValue, iterations*items)
	for j := range metrics {
		for k, it := range p.Iterations {
			for i := range items {
				v := float64(int(1000*(0.5+0.2*rng.NormFloat64()))) / 1000
				vals[k*items+i] = project.MetricValue{Iteration: it.ID, Item: fmt.Sprint(i), Value: v}
			}
		}
		p.Metrics = append(p.Metrics, project.Metric{Name: fmt.Sprintf("m%d", j), Values: project.ValuesOf(vals)})
	}
	opt := Options{Resamples: 1000, Seed: 1}
	b.ReportAllocs()
	start := cputime.Process()
	for b.Loop() {
		Analyse(p, opt)
	}
	cputime.ReportPerOp(b, cputime.Process()-start, b.N)
}
