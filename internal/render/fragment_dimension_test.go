package render

import (
	"testing"
	"testing/fstest"

	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/reliability"
	"github.com/evalbook/evalbook/internal/trend"
)

// hostileDimensions is hostileIterations with a label dimension whose
// name, label, description, labels and raters are hostile, rated in the
// hostile iteration and in none.
func hostileDimensions(in Input) Input {
	in = hostileIterations(in)
	p := *in.Project
	p.Dimensions = append(p.Dimensions[:len(p.Dimensions):len(p.Dimensions)],
		project.Dimension{Name: `d<&"'+ é>`, Description: hostileText, Scale: project.Nominal, Labels: []string{hostileText, "b"},
			Ratings: project.RatingsOf([]project.Rating{
				{Item: "q1", Rater: hostileText, Iteration: "v1", Label: hostileText},
				{Item: "q1", Rater: "amy é", Iteration: "v1", Label: "b"},
				{Item: "q2", Rater: hostileText, Label: "b"},
			})})
	in.Project = &p
	dist := []trend.Count{{Value: hostileText, N: 1, Share: 0.5}, {Value: "b", N: 1, Share: 0.5}}
	in.Trends.Dimensions = append(in.Trends.Dimensions[:len(in.Trends.Dimensions):len(in.Trends.Dimensions)],
		trend.DimensionTrend{Dimension: p.Dimensions[len(p.Dimensions)-1].Name, Scale: "nominal", Points: []trend.DimensionPoint{
			{Iteration: "", Ratings: 1, Raters: 1, Items: 1, Distribution: dist},
			{Iteration: "v1", Ratings: 2, Raters: 2, Items: 1, Distribution: dist}}})
	return in
}

// relVariants returns pg and, when its dimension has a reliability panel,
// pages whose panel takes the other branches of the templates: computed
// from aggregates, not computable, many raters (the least agreeing, the
// most prolific, every rater folded; a summary of the pairs, with and
// without shared items and alphas), gold ratings, rater groups with
// hostile names and every chart.
func relVariants(pg *page) []*page {
	out := []*page{pg}
	d := pg.Data.(*dimensionData)
	if d.Rel == nil {
		return out
	}
	with := func(change func(r *relPanel, d *dimensionData)) {
		r, dd, pp := *d.Rel, *d, *pg
		change(&r, &dd)
		dd.Rel, pp.Data = &r, &dd
		out = append(out, &pp)
	}
	const chart = `<div class="chart" data-x="1"></div>`
	mean, lo := 0.4, -0.1
	groups := []groupTable{{Attribute: hostileText, Anchor: "groups-x",
		Groups: []reliability.Group{{Group: hostileText, NRaters: 2, NRatings: 9, NItems: 3, Mean: &mean}, {Group: "b", NRaters: 1}},
		Diffs:  []reliability.GroupDiff{{GroupA: hostileText, GroupB: "b", N: 3, Diff: &mean, CILow: &lo, CIHigh: &mean, Flagged: true}, {GroupA: "a", GroupB: "b"}}},
		{Attribute: "age", Anchor: "groups-age", Groups: []reliability.Group{{Group: "old"}}}}
	with(func(r *relPanel, dd *dimensionData) {
		m, rel := *dd.Dim, *dd.Dim.Rel
		rel.Pooled.Method = "aggregate"
		m.Rel, dd.Dim = &rel, &m
		r.Pooled.Method = "aggregate"
		r.Iterations = append([]recRow{{Rec: reliability.Record{Iteration: hostileText, Method: "aggregate", Reason: hostileText, AlphaCILow: &lo}}, {}}, r.Iterations...)
	})
	with(func(r *relPanel, _ *dimensionData) {
		r.Computable, r.Reason = false, hostileText
	})
	with(func(r *relPanel, _ *dimensionData) {
		rows := append(append([]raterRow{}, r.Raters...), raterRow{Rater: reliability.Rater{Rater: hostileText, GoldN: 2, GoldAccuracy: &mean, Offset: &lo},
			Anchor: "rater-x", Hint: "severe", HintClass: "bad"})
		r.Raters, r.Least, r.Prolific, r.All, r.NRaters, r.Gold, r.Lower, r.Relative, r.RelOffset = nil, rows, rows[:1], rows, 40, true, true, true, 0.125
		r.PairSummary = &pairSummary{Pairs: 780, Shared: 700, MinItems: 5, Alpha: true, Min: -0.2, Q10: 0.1, Median: 0.5, Q90: 0.8, Max: 1}
		r.WorstPairs = []reliability.Pair{{RaterA: hostileText, RaterB: "b", NItems: 4, Agreement: &mean, Alpha: &lo}}
		r.Groups, r.AlphaChart, r.AgreeChart, r.OffsetChart, r.PairChart = groups, chart, chart, chart, chart
		r.Pairs = r.WorstPairs
	})
	with(func(r *relPanel, _ *dimensionData) {
		r.Raters, r.Least, r.Prolific, r.All = nil, r.Raters, r.Raters, nil
		r.PairSummary = &pairSummary{Pairs: 780, MinItems: 5}
		r.Groups, r.AgreeChart, r.PairChart = groups, chart, chart
	})
	with(func(r *relPanel, _ *dimensionData) {
		r.PairSummary = &pairSummary{Pairs: 10, Shared: 3, MinItems: 5, Min: 0.2, Max: 0.9}
		r.Raters, r.Least = nil, nil
	})
	return out
}

// TestDimensionContent checks dimensionData.Content against the content
// of pages/dimension.html with the default partials on every dimension
// page of the fixture and of the fixture with hostile labels, raters,
// alerts and a hostile dimension, each also with the reliability panel
// variants of relVariants, with the site variants of iterationSites; and
// that the set of parseSets calls it. The build package compares the
// pages of the example projects and the benchmark corpus
// (TestGoPagesEqualTemplates).
func TestDimensionContent(t *testing.T) {
	n := compareGoContent(t, "dimension", map[string]Input{"fixture": testInput(), "hostile": hostileDimensions(testInput())}, relVariants)
	if n < 5*(2+3) {
		t.Fatalf("compared %d pages, want every dimension's", n)
	}
}

// TestDimensionApart checks when the templates let Go write a dimension
// page's content: the default templates; not a changed page or partial it
// calls, nor a partial it calls defined anew elsewhere; the templates its
// page file defines itself win over any other.
func TestDimensionApart(t *testing.T) {
	g := goContentFor(t, "dimension")
	page := defaultFiles(t)["pages/dimension.html"].Data
	checkApart(t, g, false, []apartCase{
		{"default", nil, true},
		{"page changed", fstest.MapFS{"pages/dimension.html": {Data: append(page, "\n"...)}}, false},
		{"discrepancy partial changed", fstest.MapFS{"partials/discrepancy.html": {Data: []byte(`{{define "pairlinks"}}x{{end}}`)}}, false},
		{"subjectcomps redefined", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{define "subjectcomps"}}x{{end}}`)}}, false},
		{"ratertable defined by a partial too", fstest.MapFS{"partials/mine.html": {Data: []byte(`{{define "ratertable"}}x{{end}}`)}}, true},
		{"another page's content", fstest.MapFS{"pages/x.html": {Data: []byte(`{{define "content"}}x{{end}}`)}}, true},
	})
}
