package render

import (
	"fmt"
	"html/template"
	"testing"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/trend"
	"github.com/evalbook/evalbook/templates"
)

// benchInput builds a project of iters iterations and metrics metrics, each
// with four slices, and two dimensions, with a hand-made trend report.
func benchInput(iters, metrics int) Input {
	p := &project.Project{}
	var rep trend.Report
	for i := range iters {
		id := fmt.Sprintf("it%03d", i)
		base := ""
		if i > 0 {
			base = "it000"
		}
		p.Iterations = append(p.Iterations, project.Iteration{ID: id, Order: i, Baseline: base, Description: "Iteration " + id})
	}
	for m := range metrics {
		name := fmt.Sprintf("metric_%02d", m)
		p.Metrics = append(p.Metrics, project.Metric{Name: name, Headline: m < 3, Unit: "ms"})
		mt := trend.MetricTrend{Metric: name, Direction: "higher"}
		for i, it := range p.Iterations {
			x := float64(i%17) / 17
			pt := trend.MetricPoint{Iteration: it.ID, N: 100, Mean: x, SD: f(0.1), CI: &trend.Interval{Low: x - 0.05, High: x + 0.05}}
			if i > 0 {
				pt.DeltaPrev, pt.DeltaBaseline, pt.Baseline = f(0.01), f(0.02), "it000"
			}
			for _, s := range []string{"de", "en", "es", "ja"} {
				pt.Slices = append(pt.Slices, trend.SliceStat{Slice: s, N: 25, Mean: x})
			}
			mt.Points = append(mt.Points, pt)
		}
		rep.Metrics = append(rep.Metrics, mt)
	}
	for _, name := range []string{"helpfulness", "tone"} {
		numeric := name == "helpfulness"
		p.Dimensions = append(p.Dimensions, project.Dimension{Name: name, Numeric: numeric, Scale: project.Ordinal})
		dt := trend.DimensionTrend{Dimension: name, Numeric: numeric}
		for _, it := range p.Iterations {
			pt := trend.DimensionPoint{Iteration: it.ID, Ratings: 60, Raters: 5, Items: 12}
			if numeric {
				pt.Mean, pt.SD, pt.CI = f(3.5), f(0.8), &trend.Interval{Low: 3.2, High: 3.8}
			}
			for _, v := range []string{"1", "2", "3", "4", "5"} {
				pt.Distribution = append(pt.Distribution, trend.Count{Value: v, N: 12, Share: 0.2})
			}
			dt.Points = append(dt.Points, pt)
		}
		rep.Dimensions = append(rep.Dimensions, dt)
	}
	return Input{Config: testConfig(), Project: p, Trends: rep, Templates: testTemplates()}
}

func TestBenchInputRenders(t *testing.T) {
	files := renderTest(t, benchInput(20, 3))
	if _, ok := files["iterations/it019.html"]; !ok {
		t.Error("no page for the last iteration")
	}
}

// BenchmarkRender renders 200 iterations x 10 metrics.
func BenchmarkRender(b *testing.B) {
	in := benchInput(200, 10)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseSets times a render's template setup: "render" is
// parseSets of a project that overrides no template (an asset only), which
// shares the sets made once per process; "anew" makes every page type's
// set from the built-in templates (newSets), as a render of a project that
// overrides a template does, less the override's parse.
func BenchmarkParseSets(b *testing.B) {
	for _, c := range []struct {
		name string
		sets func() (map[string]*template.Template, error)
	}{
		{"render", func() (map[string]*template.Template, error) { return parseSets(templateSource{fsys: testTemplates()}) }},
		{"anew", func() (map[string]*template.Template, error) { return newSets(templateSource{fsys: templates.FS}) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.sets(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
