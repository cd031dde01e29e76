package render

import (
	"html/template"
	"io/fs"
	"testing"
	"testing/fstest"
	"time"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/trend"
	"github.com/evalbook/evalbook/templates"
)

// The test project: three iterations, two metrics with slices (one whose
// name needs a hashed slug), a numeric and a label dimension, a case study,
// a decision and a page whose front matter looks like HTML. The trend report
// is written by hand, so these tests do not depend on package trend's
// arithmetic, and covers the figures that cannot be computed (nil SD, nil
// CI, no previous point, ratings without an iteration).

func f(x float64) *float64 { return &x }
func b(x bool) *bool       { return &x }

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func testConfig() *config.Config {
	c := config.Default()
	c.Title = "Test <Site> & Co"
	c.Description = "A small project for the render tests."
	c.BaseURL = "https://example.org/proj/"
	c.Dimensions = map[string]config.DimensionConfig{
		"helpfulness": {Min: f(1), Max: f(5), Scale: "ordinal"},
	}
	return c
}

func testProject() *project.Project {
	return &project.Project{
		Iterations: []project.Iteration{
			{ID: "v1", Order: 0, Date: day("2026-01-10"), Description: "First prompt."},
			{ID: "v2", Order: 1, Date: day("2026-01-20"), Baseline: "v1", Description: "Rewrite the <b>prompt</b> & shorten it."},
			{ID: "v3", Order: 2, Baseline: "v1", Description: `Retrieval. <script>alert("x")</script>`},
		},
		Metrics: []project.Metric{
			{Name: "accuracy", Label: "Accuracy", Description: "Share of correct answers.", Direction: project.HigherIsBetter, Headline: true},
			{Name: "latency p95", Label: "Latency <p95>", Unit: "ms", Direction: project.LowerIsBetter},
		},
		Dimensions: []project.Dimension{
			{Name: "helpfulness", Label: "Helpfulness", Description: "1 to 5.", Scale: project.Ordinal, Numeric: true,
				Ratings: []project.Rating{{Rater: "ann"}, {Rater: "bob"}, {Rater: "ann"}, {Rater: "cy"}}},
			{Name: "tone", Label: "Tone", Scale: project.Nominal, Labels: []string{"appropriate", "too_formal"},
				Ratings: []project.Rating{{Rater: "bob"}, {Rater: "dee"}}},
		},
		CaseStudies: []project.Document{{
			Kind: project.CaseStudy, Source: "casestudies/retrieval.md", Slug: "casestudies/retrieval",
			Meta: project.FrontMatter{
				Title: "Retrieval", Date: day("2026-02-02"), Summary: "Retrieval helped.",
				Iterations: []string{"v2", "v3"}, Hypothesis: "Passages raise accuracy by 5 points.",
				Status: "done", Outcome: "Supported: +10 points.", Metrics: []string{"accuracy", "no_such_metric"},
				Dimensions: []string{"helpfulness"}, Tags: []string{"retrieval"},
			},
			HTML: template.HTML(`<h2 id="why">Why</h2>` + "\n" + `<p>See <a href="../iterations/v3.html">v3</a>.</p>` + "\n"),
		}},
		Pages: []project.Document{
			{
				Kind: project.Page, Source: "content/about.md", Slug: "about",
				Meta: project.FrontMatter{Title: "About <em>us</em>", Summary: `<script>alert("summary")</script>`, Weight: 1},
				HTML: template.HTML("<p>About this report.</p>\n"),
			},
			{
				Kind: project.Decision, Source: "content/decisions/ship-v3.md", Slug: "decisions/ship-v3",
				Meta: project.FrontMatter{
					Title: "Ship v3", Date: day("2026-02-03"), Iterations: []string{"v3"}, Decision: "ship",
					Deciders: []string{"Mara", "Tomás"},
					Evidence: []string{"/casestudies/retrieval.md", "/iterations/v3.html#metrics", "https://example.com/report", "/missing.md"},
				},
				HTML: template.HTML("<p>We ship v3.</p>\n"),
			},
		},
	}
}

func testTrends() trend.Report {
	return trend.Report{
		Metrics: []trend.MetricTrend{
			{Metric: "accuracy", Direction: "higher", Points: []trend.MetricPoint{
				{Iteration: "v1", N: 4, Mean: 0.6, SD: f(0.1), CI: &trend.Interval{Low: 0.5, High: 0.7},
					Slices: []trend.SliceStat{{Slice: "de", N: 2, Mean: 0.55}, {Slice: "en", N: 2, Mean: 0.65}}},
				{Iteration: "v2", N: 4, Mean: 0.55, SD: f(0.12), CI: &trend.Interval{Low: 0.44, High: 0.66},
					DeltaPrev: f(-0.05), DeltaBaseline: f(-0.05), Baseline: "v1", Improved: b(false),
					Slices: []trend.SliceStat{{Slice: "de", N: 2, Mean: 0.5}, {Slice: "en", N: 2, Mean: 0.6}}},
				{Iteration: "v3", N: 4, Mean: 0.7, SD: f(0.08), CI: &trend.Interval{Low: 0.62, High: 0.78},
					DeltaPrev: f(0.15), DeltaBaseline: f(0.1), Baseline: "v1", Improved: b(true),
					Slices: []trend.SliceStat{{Slice: "en", N: 4, Mean: 0.7}}},
			}},
			{Metric: "latency p95", Direction: "lower", Points: []trend.MetricPoint{
				{Iteration: "v1", N: 1, Mean: 1200},
				{Iteration: "v3", N: 1, Mean: 1264.4, DeltaPrev: f(64.4), DeltaBaseline: f(64.4), Baseline: "v1", Improved: b(false)},
			}},
		},
		Dimensions: []trend.DimensionTrend{
			{Dimension: "helpfulness", Scale: "ordinal", Numeric: true, Points: []trend.DimensionPoint{
				{Iteration: "v1", Ratings: 2, Raters: 2, Items: 1, Mean: f(3), Distribution: []trend.Count{
					{Value: "2", N: 1, Share: 0.5}, {Value: "4", N: 1, Share: 0.5}}},
				{Iteration: "v3", Ratings: 2, Raters: 2, Items: 2, Mean: f(4), SD: f(0.5), CI: &trend.Interval{Low: 3.5, High: 4.5},
					DeltaPrev: f(1), Distribution: []trend.Count{{Value: "2", N: 0, Share: 0}, {Value: "4", N: 2, Share: 1}}},
			}},
			{Dimension: "tone", Scale: "nominal", Points: []trend.DimensionPoint{
				{Iteration: "", Ratings: 1, Raters: 1, Items: 1, Distribution: []trend.Count{
					{Value: "appropriate", N: 0, Share: 0}, {Value: "too_formal", N: 1, Share: 1}}},
				{Iteration: "v2", Ratings: 3, Raters: 2, Items: 2, Distribution: []trend.Count{
					{Value: "appropriate", N: 2, Share: 2.0 / 3}, {Value: "too_formal", N: 1, Share: 1.0 / 3}}},
			}},
		},
	}
}

// testTemplates is the default templates with a small stand-in for the
// vendored echarts, so the golden files do not change when echarts is
// refreshed.
func testTemplates() fs.FS {
	return Overlay(fstest.MapFS{
		"assets/vendor/echarts.min.js": {Data: []byte("/* echarts stand-in for tests */\n")},
	}, templates.FS)
}

func testInput() Input {
	return Input{Config: testConfig(), Project: testProject(), Trends: testTrends(), Templates: testTemplates()}
}

func renderTest(t testing.TB, in Input) Files {
	t.Helper()
	files, err := Render(in)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return files
}
