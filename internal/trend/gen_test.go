package trend

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/evalbook/evalbook/internal/project"
)

// genProject builds a deterministic synthetic project: iters iterations,
// metrics metrics with one value per item per iteration (items items, in
// three slices), and about ratings ratings from five raters on two numeric
// dimensions and one label dimension.
func genProject(iters, metrics, items, ratings int) *project.Project {
	rng := rand.New(rand.NewPCG(11, 13))
	p := &project.Project{}
	for i := range iters {
		it := project.Iteration{ID: fmt.Sprintf("v%03d", i), Order: i}
		if i > 0 {
			it.Baseline = "v000"
		}
		p.Iterations = append(p.Iterations, it)
	}
	slices := []string{"de", "en", "fr"}
	for m := range metrics {
		mt := project.Metric{Name: fmt.Sprintf("metric%d", m), Direction: project.Direction(m % 2)}
		for i, it := range p.Iterations {
			for k := range items {
				v := 0.5 + 0.001*float64(i) + 0.1*rng.NormFloat64()
				mt.Values.Append(project.MetricValue{
					Iteration: it.ID, Item: fmt.Sprintf("item%04d", k), Slice: slices[k%3], Value: v,
				})
			}
		}
		p.Metrics = append(p.Metrics, mt)
	}
	labels := []string{"bad", "ok", "good"}
	dims := []project.Dimension{
		{Name: "factuality", Scale: project.Ordinal, Numeric: true},
		{Name: "helpfulness", Scale: project.Interval, Numeric: true},
		{Name: "tone", Scale: project.Nominal, Labels: labels},
	}
	for n := range ratings {
		d := &dims[n%3]
		it := p.Iterations[(n/3)%iters].ID
		r := project.Rating{
			Iteration: it,
			Item:      fmt.Sprintf("item%04d", rng.IntN(items)),
			Rater:     fmt.Sprintf("rater%d", rng.IntN(5)),
		}
		if d.Numeric {
			r.Value = math.Round(max(1, min(5, 3+1.2*rng.NormFloat64())))
			r.Label = fmt.Sprint(r.Value)
		} else {
			r.Label = labels[rng.IntN(3)]
		}
		d.Ratings.Append(r)
	}
	p.Dimensions = dims
	return p
}
