package render

import (
	"testing"
	"testing/fstest"

	"github.com/evalbook/evalbook/internal/project"
)

// hostileMetrics is hostileIterations with a metric whose name,
// description and unit are hostile.
func hostileMetrics(in Input) Input {
	in = hostileIterations(in)
	p := *in.Project
	p.Metrics = append(p.Metrics[:len(p.Metrics):len(p.Metrics)],
		project.Metric{Name: `m<&"'+ é>`, Description: hostileText, Unit: `<u>&"`, Direction: project.LowerIsBetter})
	in.Project = &p
	return in
}

// aggregateVariants returns pg and, when its metric has a last point,
// pages whose metric's last point comes from aggregates, with and without
// replicates.
func aggregateVariants(pg *page) []*page {
	out := []*page{pg}
	d := pg.Data.(*metricData)
	if d.Metric.Latest == nil {
		return out
	}
	for _, reps := range []int{0, 200} {
		m, l := *d.Metric, *d.Metric.Latest
		l.Method, l.Replicates = "aggregate", reps
		m.Latest = &l
		dd, pp := *d, *pg
		dd.Metric, pp.Data = &m, &dd
		out = append(out, &pp)
	}
	return out
}

// TestMetricContent checks metricData.Content against the content of
// pages/metric.html with the default partials on every metric page of the
// fixture and of the fixture with hostile labels, slices, alerts and a
// hostile metric, each also as computed from aggregates, with the site
// variants of iterationSites; and that the set of parseSets calls it.
// The build package compares the pages of the example projects and the
// benchmark corpus (TestGoPagesEqualTemplates).
func TestMetricContent(t *testing.T) {
	n := compareGoContent(t, "metric", map[string]Input{"fixture": testInput(), "hostile": hostileMetrics(testInput())}, aggregateVariants)
	if n < 5*(2+3) {
		t.Fatalf("compared %d pages, want every metric's", n)
	}
}

// TestMetricApart checks when the templates let Go write a metric page's
// content: the default templates; not a changed page or partial it calls,
// nor a partial it calls defined anew elsewhere.
func TestMetricApart(t *testing.T) {
	g := goContentFor(t, "metric")
	page := defaultFiles(t)["pages/metric.html"].Data
	checkApart(t, g, false, []apartCase{
		{"default", nil, true},
		{"page changed", fstest.MapFS{"pages/metric.html": {Data: append(page, "\n"...)}}, false},
		{"discrepancy partial changed", fstest.MapFS{"partials/discrepancy.html": {Data: []byte(`{{define "pairlinks"}}x{{end}}`)}}, false},
		{"alerts partial changed", fstest.MapFS{"partials/alerts.html": {Data: []byte(`{{define "alertlist"}}x{{end}}`)}}, false},
		{"thresholds redefined", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{define "thresholds"}}x{{end}}`)}}, false},
		{"agreement as a block", fstest.MapFS{"layout/base.html": {Data: []byte(`{{define "base"}}{{block "agreement" .}}x{{end}}{{end}}`)}}, false},
		{"verdict partial changed", fstest.MapFS{"partials/verdict.html": {Data: []byte(`{{define "verdictpanel"}}x{{end}}`)}}, true},
		{"another page's content", fstest.MapFS{"pages/x.html": {Data: []byte(`{{define "content"}}x{{end}}`)}}, true},
	})
}
