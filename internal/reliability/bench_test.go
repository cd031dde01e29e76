package reliability

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
)

// benchProject has items rated by raters on three dimensions: two ordinal
// 1-5 scales and one nominal label dimension, the items spread over five
// iterations. Each rater adds noise to the item's true score; one rater
// drifts lenient.
func benchProject(items, raters int) *project.Project {
	rng := rand.New(rand.NewPCG(7, 11))
	its := iterations("v1", "v2", "v3", "v4", "v5")
	labels := []string{"good", "neutral", "bad"}
	p := &project.Project{Iterations: its}
	for _, name := range []string{"factuality", "helpfulness", "tone"} {
		d := project.Dimension{Name: name, Scale: project.Ordinal, Numeric: name != "tone"}
		if !d.Numeric {
			d.Scale, d.Labels = project.Nominal, labels
		}
		d.Ratings.Grow(items * raters)
		for i := range items {
			truth := 1 + rng.IntN(5)
			it := its[i%len(its)]
			for r := range raters {
				v := truth + int(rng.NormFloat64()*0.8)
				if r == raters-1 && it.Order >= 2 {
					v++
				}
				v = min(5, max(1, v))
				rt := project.Rating{Item: "item" + strconv.Itoa(i), Rater: fmt.Sprintf("r%02d", r), Iteration: it.ID, Value: float64(v), Label: strconv.Itoa(v)}
				if !d.Numeric {
					rt.Value, rt.Label = 0, labels[(v-1)*len(labels)/5]
				}
				d.Ratings.Append(rt)
			}
		}
		p.Dimensions = append(p.Dimensions, d)
	}
	return p
}

// BenchmarkAnalyse analyses 10,000 items x 10 raters x 3 dimensions
// (300,000 ratings) with a 1,000-resample bootstrap per record.
func BenchmarkAnalyse(b *testing.B) {
	p := benchProject(10000, 10)
	opt := defaults
	opt.Resamples = 1000
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		Analyse(p, opt)
	}
}
