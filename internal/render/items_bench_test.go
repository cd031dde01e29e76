package render

import (
	"fmt"
	"slices"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/route"
)

// itemsInput is the render tests' project with n more items, each with
// a value of accuracy and ratings of helpfulness by 10 raters in every
// iteration (v1 to v3), as the live corpus's item pages are.
func itemsInput(n int) Input {
	in := testInput()
	p := *in.Project
	p.Items = slices.Clone(p.Items)
	p.Metrics = slices.Clone(p.Metrics)
	p.Dimensions = slices.Clone(p.Dimensions)
	vals := project.ValuesOf(nil) // not the fixture's columns: they are never changed in place
	vals.AppendValues(&p.Metrics[0].Values)
	rs := p.Dimensions[0].Ratings.Slice()
	for i := range n {
		id := fmt.Sprintf("b%05d", i)
		p.Items = append(p.Items, project.Item{ID: id, Input: "A question of some length, as items have.", Slices: map[string]string{"language": "en"}})
		for j, it := range []string{"v1", "v2", "v3"} {
			vals.Append(project.MetricValue{Iteration: it, Item: id, Value: float64((i+j)%10) / 10})
			for r := range 10 {
				v := float64(1 + (i+j+r)%5)
				rs = append(rs, project.Rating{Item: id, Rater: fmt.Sprintf("r%02d", r), Iteration: it, Value: v, Label: fmt.Sprint(v)})
			}
		}
	}
	p.Metrics[0].Values = vals
	p.Dimensions[0].Ratings = project.RatingsOf(rs)
	in.Project = &p
	return in
}

// BenchmarkItemPages renders the pages of 1,000 items, each with a grid of
// 10 raters by 3 iterations and a row of metric values per iteration.
func BenchmarkItemPages(b *testing.B) {
	benchPages(b, itemsInput(1000), func(pg route.Page) bool { return pg.Kind == route.KindItem })
}

// valuesInput is benchInput's project of 10 iterations and 5 metrics with
// n items, each with a value of every metric in every iteration and no
// ratings, as the item pages of issue 13's 10M-value project are.
func valuesInput(n int) Input {
	in := benchInput(10, 5)
	p := in.Project
	for m := range p.Metrics {
		vals := project.ValuesOf(nil)
		for i := range n {
			id := fmt.Sprintf("b%05d", i)
			for j, it := range p.Iterations {
				vals.Append(project.MetricValue{Iteration: it.ID, Item: id, Value: float64((i*7+j*3+m)%1000) / 997 * float64(1+m*10)})
			}
		}
		p.Metrics[m].Values = vals
	}
	for i := range n {
		p.Items = append(p.Items, project.Item{ID: fmt.Sprintf("b%05d", i), Input: "A question of some length, as items have.", Slices: map[string]string{"language": "en"}})
	}
	return in
}

// BenchmarkItemValuePages renders the pages of 1,000 items, each with a
// row of 5 metric values in each of 10 iterations and no ratings.
func BenchmarkItemValuePages(b *testing.B) {
	benchPages(b, valuesInput(1000), func(pg route.Page) bool { return pg.Kind == route.KindItem })
}
