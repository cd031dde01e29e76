package render

import (
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/evalbook/evalbook/internal/alert"
	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/experiment"
	"github.com/evalbook/evalbook/internal/project"
	"github.com/evalbook/evalbook/internal/reliability"
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
		"helpfulness": {Min: f(1), Max: f(5), Scale: "ordinal", Floor: f(3), MaxRegression: f(0.3)},
	}
	c.Metrics = map[string]config.MetricConfig{
		"accuracy":    {Thresholds: config.Thresholds{Min: f(0.6), MaxRegression: f(0.03)}},
		"latency p95": {Direction: "lower", Thresholds: config.Thresholds{Max: f(1250), MaxRegressionRel: f(0.1), SignificantRegression: "error", Sentinel: true}},
	}
	return c
}

func testProject() *project.Project {
	p := baseProject()
	addDiscrepancyData(p)
	slices.SortFunc(p.Pages, func(a, b project.Document) int { return strings.Compare(a.Slug, b.Slug) })
	return p
}

// baseProject is the test project without the data of the discrepancy
// analysis.
func baseProject() *project.Project {
	return &project.Project{
		Iterations: []project.Iteration{
			{ID: "v1", Order: 0, Date: day("2026-01-10"), Description: "First prompt."},
			{ID: "v2", Order: 1, Date: day("2026-01-20"), Baseline: "v1", Description: "Rewrite the <b>prompt</b> & shorten it."},
			{ID: "v3", Order: 2, Baseline: "v1", Description: `Retrieval. <script>alert("x")</script>`},
		},
		Metrics: []project.Metric{
			{Name: "accuracy", Label: "Accuracy", Description: "Share of correct answers.", Direction: project.HigherIsBetter, Headline: true,
				Values: project.ValuesOf([]project.MetricValue{
					{Iteration: "v3", Item: "q1", Slice: "en", Value: 1},
					{Iteration: "v1", Item: "q1", Slice: "en", Value: 0},
					{Iteration: "v1", Item: "q2", Value: 1},
					{Iteration: "v1", Value: 0.6},
				})},
			{Name: "latency p95", Label: "Latency <p95>", Unit: "ms", Direction: project.LowerIsBetter},
		},
		Dimensions: []project.Dimension{
			{Name: "helpfulness", Label: "Helpfulness", Description: "1 to 5.", Scale: project.Ordinal, Numeric: true,
				Ratings: project.RatingsOf([]project.Rating{
					{Item: "q1", Rater: "cy", Iteration: "v3", Value: 5, Label: "5"},
					{Item: "q1", Rater: "bob", Iteration: "v3", Value: 2, Label: "2"},
					{Item: "q1", Rater: "ann", Iteration: "v1", Value: 4, Label: "4"},
					{Item: "q3", Rater: "ann", Iteration: "v1", Value: 2, Label: "2"},
				}),
				Gold: map[string]string{"q1": "4"}},
			{Name: "tone", Label: "Tone", Scale: project.Nominal, Labels: []string{"appropriate", "too_formal"},
				Ratings: project.RatingsOf([]project.Rating{{Item: "q1", Rater: "bob", Label: "too_formal"}, {Item: "q2", Rater: "bob", Iteration: "v2", Label: "appropriate"}})},
		},
		Items: []project.Item{
			{ID: "q1", Input: "How do I reset my password?\n  I tried twice.", Output: "<script>alert(1)</script>", Reference: "Use the reset link.",
				Slices: map[string]string{"language": "en", "domain": "account"}},
			{ID: "q2", Input: "Wo ist meine Rechnung?"},
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
		}, {
			Kind: project.CaseStudy, Source: "casestudies/cache.md", Slug: "casestudies/cache",
			Meta: project.FrontMatter{
				Title: "A response cache", Date: day("2026-02-01"), Iterations: []string{"v1", "v3"},
				Hypothesis: "Caching cuts p95 latency by 100 ms.", Baseline: "v1", Candidate: "v3",
				Primary: "latency p95", MinEffect: f(100), PlannedN: 2, StoppingRule: "one week of traffic",
			},
			HTML: template.HTML("<p>The cache did not help.</p>\n"),
		}, {
			Kind: project.CaseStudy, Source: "casestudies/tone-guide.md", Slug: "casestudies/tone-guide",
			Meta: project.FrontMatter{
				Title: "Tone guide", Date: day("2026-01-25"), Iterations: []string{"v3"},
				Hypothesis: "A tone guide raises helpfulness.", Candidate: "v3", Primary: "helpfulness", PlannedN: 200,
			},
			HTML: template.HTML("<p>Too few ratings so far.</p>\n"),
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
					Deciders: []string{"Mara", "Tomás"}, DecidedBy: []string{"Mara", "Tomás"},
					ApprovedBy: []string{"Aiko <Legal>"}, Risk: "medium", Owner: "Mara", Tags: []string{"retrieval", "ship <it>"},
					Supersedes: "decisions/hold-v2",
					Escalation: &project.Escalation{To: "Legal <team>", Why: "Refund wording", Status: "open", Due: day("2026-01-30")},
					FollowUps: []project.FollowUp{
						{Text: "Re-rate <v3>", Owner: "Tomás"},
						{Text: "Watch latency", Owner: "Mara", Due: day("2026-02-10")},
						{Text: "Tell support", Owner: "Mara", Due: day("2026-01-20")},
						{Text: "Brief agents", Owner: "Tomás", Done: true},
					},
					Evidence: []string{"/casestudies/retrieval.md", "/iterations/v3.html#metrics", "https://example.com/report", "/missing.md",
						"/metrics/accuracy.md", "/dimensions/helpfulness.html"},
				},
				HTML: template.HTML("<p>We ship v3.</p>\n"),
			},
			{
				Kind: project.Decision, Source: "content/decisions/hold-v2.md", Slug: "decisions/hold-v2",
				Meta: project.FrontMatter{
					Title: "Hold v2", Date: day("2026-01-20"), Decision: "hold",
					DecidedBy: []string{"Mara"}, Escalation: &project.Escalation{To: "CTO", Status: "resolved"},
				},
				HTML: template.HTML("<p>We hold v2.</p>\n"),
			},
			{
				Kind: project.Page, Source: "content/guidelines/v1.md", Slug: "guidelines/v1",
				Meta: project.FrontMatter{Title: "Guidelines 1", Date: day("2026-01-01"), GuidelineVersion: "1", EffectiveFrom: "v1"},
				HTML: template.HTML("<p>Rate carefully.</p>\n"),
			},
			{
				Kind: project.Page, Source: "content/guidelines/v2.md", Slug: "guidelines/v2",
				Meta: project.FrontMatter{Title: "Guidelines 2", Date: day("2026-01-15"), GuidelineVersion: "2", EffectiveFrom: "v3",
					Dimensions: []string{"helpfulness"}},
				HTML: template.HTML("<p>Rate padding down.</p>\n"),
			},
			{
				Kind: project.Page, Source: "content/guidelines/next.md", Slug: "guidelines/next",
				Meta: project.FrontMatter{Title: "Guidelines 3", GuidelineVersion: "3"},
				HTML: template.HTML("<p>Next.</p>\n"),
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
				{Iteration: "v2", Ratings: 3, Raters: 1, Items: 2, Distribution: []trend.Count{
					{Value: "appropriate", N: 2, Share: 2.0 / 3}, {Value: "too_formal", N: 1, Share: 1.0 / 3}}},
			}},
		},
	}
}

// testReliability is a hand-made reliability report: helpfulness is
// reliable over all iterations, tentative in v3 (without an interval), with
// a lenient rater cy who drifts in v3; tone has a single rater, so nothing
// can be computed. Item q3 has no texts and appears only as a disagreement.
func testReliability() reliability.Report {
	notComputable := "fewer than two raters rated this dimension"
	return reliability.Report{
		Dimensions: []reliability.Dimension{
			{
				Dimension: "helpfulness", Level: "ordinal", MaxOffset: 0.5,
				Pooled: reliability.Record{
					Dimension: "helpfulness", NItems: 2, NRaters: 3, NRatings: 4,
					AlphaNominal: f(0.61), AlphaOrdinal: f(0.85), AlphaInterval: f(0.83), AlphaRatio: f(0.8),
					Level: "ordinal", Alpha: f(0.85), AlphaCILow: f(0.8), AlphaCIHigh: f(0.9),
					PercentAgreement: f(0.5), Status: "reliable",
				},
				Iterations: []reliability.Record{
					{Dimension: "helpfulness", Iteration: "v1", NItems: 1, NRaters: 2, NRatings: 2, AlphaNominal: f(0.7),
						AlphaOrdinal: f(0.9), Level: "ordinal", Alpha: f(0.9), AlphaCILow: f(0.85), AlphaCIHigh: f(0.95),
						CohenKappa: f(0.4), CohenKappaLinear: f(0.5), CohenKappaQuadratic: f(0.6), FleissKappa: f(0.41),
						PercentAgreement: f(0.75), Status: "reliable"},
					{Dimension: "helpfulness", Iteration: "v3", NItems: 1, NRaters: 2, NRatings: 2,
						AlphaOrdinal: f(0.7), Level: "ordinal", Alpha: f(0.7), PercentAgreement: f(0), Status: "tentative"},
				},
				Raters: []reliability.Rater{
					{Rater: "ann", Dimension: "helpfulness", NRatings: 2, AlphaWithout: f(0.8), AlphaDelta: f(0.05),
						Agreement: f(0.9), Offset: f(-0.1), GoldN: 1, GoldAccuracy: f(1)},
					{Rater: "bob", Dimension: "helpfulness", NRatings: 1, AlphaWithout: f(0.84), AlphaDelta: f(0.01),
						Agreement: f(0.8), Offset: f(-0.3)},
					{Rater: "cy", Dimension: "helpfulness", NRatings: 1, AlphaWithout: f(0.95), AlphaDelta: f(-0.1),
						Agreement: f(0.3), Offset: f(0.8)},
				},
				RaterTrend: []reliability.Rater{
					{Rater: "ann", Dimension: "helpfulness", Iteration: "v1", NRatings: 2, Agreement: f(0.9), Offset: f(-0.1)},
					{Rater: "bob", Dimension: "helpfulness", Iteration: "v3", NRatings: 1, Agreement: f(0.85), Offset: f(-0.2)},
					{Rater: "cy", Dimension: "helpfulness", Iteration: "v1", NRatings: 1, Agreement: f(0.8), Offset: f(0.2)},
					{Rater: "cy", Dimension: "helpfulness", Iteration: "v3", NRatings: 1, Agreement: f(0.3), Offset: f(1.2)},
				},
				Pairs: []reliability.Pair{
					{RaterA: "ann", RaterB: "bob", NItems: 1, Agreement: f(0.5), Alpha: f(0.6)},
					{RaterA: "ann", RaterB: "cy", NItems: 0},
					{RaterA: "bob", RaterB: "cy", NItems: 2, Agreement: f(0), Alpha: f(-0.2)},
				},
				Disagreements: []reliability.Disagreement{
					{Item: "q1", Iteration: "v3", Values: []string{"2", "5"}, Raters: []string{"bob", "cy"}, Spread: 2.12},
					{Item: "q3", Iteration: "v1", Values: []string{"2", "4"}, Raters: []string{"ann", "cy"}, Spread: 1.41},
				},
			},
			{
				Dimension: "tone", Level: "nominal",
				Pooled: reliability.Record{Dimension: "tone", NRaters: 1, NRatings: 2, Level: "nominal",
					Status: "not computable", Reason: notComputable},
				Iterations: []reliability.Record{{Dimension: "tone", Iteration: "v2", NRaters: 1, NRatings: 1, Level: "nominal",
					Status: "not computable", Reason: notComputable}},
				Raters:     []reliability.Rater{{Rater: "bob", Dimension: "tone", NRatings: 2}},
				RaterTrend: []reliability.Rater{{Rater: "bob", Dimension: "tone", Iteration: "v2", NRatings: 1}},
			},
		},
		Alerts: []alert.Alert{
			{Kind: "calibration", Severity: alert.Warning, Subject: alert.Rater("cy", "helpfulness"), Iteration: "v3",
				Message: "rater cy rates 1.2 points above the others on helpfulness in v3",
				Numbers: map[string]float64{"offset": 1.2, "threshold": 0.5}, Link: "dimensions/helpfulness.html#raters"},
			{Kind: "reliability", Severity: alert.Warning, Subject: alert.Dimension("helpfulness"), Iteration: "v3",
				Message: "alpha 0.7 on helpfulness in v3 is below 0.8: tentative",
				Numbers: map[string]float64{"alpha": 0.7, "threshold": 0.8}, Link: "dimensions/helpfulness.html"},
		},
	}
}

// testAlerts are alerts of other analyses: an error whose link names no
// page of the site and whose figures include a NaN.
func testAlerts() []alert.Alert {
	return []alert.Alert{
		{Kind: "threshold", Severity: alert.Error, Subject: alert.Metric("<accuracy>"), Iteration: "v2",
			Message: "accuracy <b>0.55</b> is below its minimum 0.6",
			Numbers: map[string]float64{"mean": 0.55, "min": 0.6, "z": math.NaN()}, Link: "metrics/missing.html"},
		{Kind: "sentinel", Severity: alert.Info, Subject: alert.Metric("latency p95"), Message: "latency is steady"},
	}
}

// testAlertsExperiment are alerts of the experiment analysis, one of each
// kind, spelt as it spells them.
func testAlertsExperiment() []alert.Alert {
	return []alert.Alert{
		{Kind: "threshold", Severity: alert.Error, Subject: alert.Metric("latency p95"), Iteration: "v3",
			Message: "latency p95 is 1264 ms in v3, above its ceiling of 1250 ms",
			Numbers: map[string]float64{"mean": 1264.4, "max": 1250}, Link: "iterations/v3.html"},
		{Kind: "regression", Severity: alert.Warning, Subject: alert.Metric("accuracy"), Iteration: "v2",
			Message: "accuracy fell by 0.05 against v1 (95% CI -0.09 to -0.01)",
			Numbers: map[string]float64{"delta": -0.05, "ci_low": -0.09, "ci_high": -0.01}, Link: "metrics/accuracy.html"},
		{Kind: "slice", Severity: alert.Warning, Subject: alert.Metric("accuracy"), Iteration: "v3",
			Message: "accuracy improves overall in v3 but falls by 0.08 in slice de",
			Numbers: map[string]float64{"delta": -0.08}, Link: "iterations/v3.html#slices"},
		{Kind: "anomaly", Severity: alert.Warning, Subject: alert.Metric("latency p95"), Iteration: "v3",
			Message: "latency p95 in v3 is far from its recent history (robust z 4.1)",
			Numbers: map[string]float64{"z": 4.1}, Link: "iterations/v3.html"},
		{Kind: "threshold", Severity: alert.Error, Subject: alert.Dimension("helpfulness"), Iteration: "v1",
			Message: "helpfulness is 3 in v1, at its floor", Numbers: map[string]float64{"mean": 3, "min": 3},
			Link: "dimensions/helpfulness.html"},
	}
}

// testExperiments is a hand-made experiment report: in v2 accuracy is
// significantly worse than v1; in v3 it is better, but slice de gets worse
// (a reversal); latency p95 is compared unpaired and shows no change (with a
// NaN effect that must reach no page); helpfulness has one item, so no
// interval or p. The three case studies are supported, refuted and
// inconclusive (below plan), and a fourth verdict names no case study.
func testExperiments() experiment.Report {
	return experiment.Report{
		Comparisons: []experiment.Comparison{
			{Iteration: "v2", Against: "v1", Target: "baseline", Subject: "accuracy", Kind: "metric", Direction: "higher",
				Paired: true, Method: "paired bootstrap, sign-flip test", N: 4, NAgainst: 4, Mean: 0.55, MeanAgainst: 0.6,
				Delta: -0.05, CI: &experiment.Interval{Low: -0.09, High: -0.01}, P: f(0.01), PAdjusted: f(0.02), Effect: f(-0.6),
				Verdict: "worse", Significant: true,
				Slices: []experiment.SliceComparison{
					{Slice: "de", N: 2, Delta: -0.05, CI: &experiment.Interval{Low: -0.1, High: -0.001}, P: f(0.04), Verdict: "worse"},
					{Slice: "en", N: 2, Delta: -0.05, CI: &experiment.Interval{Low: -0.12, High: 0.02}, P: f(0.3), Verdict: "no change"},
				}},
			{Iteration: "v3", Against: "v1", Target: "baseline", Subject: "accuracy", Kind: "metric", Direction: "higher",
				Paired: true, Method: "paired bootstrap, sign-flip test", N: 4, NAgainst: 4, Mean: 0.7, MeanAgainst: 0.6,
				Delta: 0.1, CI: &experiment.Interval{Low: 0.02, High: 0.18}, P: f(0.0004), PAdjusted: f(0.0012), Effect: f(0.9),
				Verdict: "better", Significant: true,
				Slices: []experiment.SliceComparison{
					{Slice: "de", N: 2, Delta: -0.08, CI: &experiment.Interval{Low: -0.15, High: -0.01}, P: f(0.03), PAdjusted: f(0.04), Significant: true, Verdict: "worse", Reversal: true},
					{Slice: "en", N: 2, Delta: 0.15, CI: &experiment.Interval{Low: 0.05, High: 0.25}, P: f(0.01), Verdict: "better"},
				}},
			{Iteration: "v3", Against: "v1", Target: "baseline", Subject: "latency p95", Kind: "metric", Direction: "lower",
				Paired: false, Method: "unpaired bootstrap, permutation test", N: 3, NAgainst: 4, Mean: 1264.4, MeanAgainst: 1200,
				Delta: 64.4, CI: &experiment.Interval{Low: -10, High: 140}, P: f(0.21), PAdjusted: f(0.21), Effect: f(math.NaN()),
				Verdict: "no change"},
			{Iteration: "v3", Against: "v1", Target: "baseline", Subject: "helpfulness", Kind: "dimension", Direction: "higher",
				Paired: true, Method: "paired bootstrap, sign-flip test", N: 1, NAgainst: 1, Mean: 3.5, MeanAgainst: 4,
				Delta: -0.5, Verdict: "no change"},
		},
		Verdicts: []experiment.Verdict{
			{CaseStudy: "casestudies/retrieval", Title: "Retrieval", Baseline: "v1", Candidate: "v3", Primary: "accuracy",
				MinEffect: f(0.05), PlannedN: 4, N: 4, Delta: 0.1, CI: &experiment.Interval{Low: 0.06, High: 0.14}, P: f(0.0004),
				MDE: f(0.04), Outcome: "supported", Reason: "The interval [0.06, 0.14] lies above the minimum effect 0.05."},
			{CaseStudy: "casestudies/cache", Title: "A response cache", Baseline: "v1", Candidate: "v3", Primary: "latency p95",
				MinEffect: f(100), PlannedN: 2, N: 3, Delta: -64.4, CI: &experiment.Interval{Low: -140, High: 10}, P: f(0.21),
				MDE: f(150), Outcome: "refuted", Reason: "The interval [-140, 10] ms lies below the minimum effect 100 ms."},
			{CaseStudy: "casestudies/tone-guide", Title: "Tone guide", Baseline: "v1", Candidate: "v3", Primary: "helpfulness",
				PlannedN: 200, N: 1, Delta: -0.5, MDE: f(math.Inf(1)), Outcome: "inconclusive",
				Reason: "Only 1 of the 200 planned items were rated in both iterations."},
			{CaseStudy: "casestudies/gone", Title: "Gone", Candidate: "v9", Primary: "nothing", Outcome: "invalid",
				Reason: "The candidate v9 is not an iteration."},
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
	p := testProject()
	disc := discrepancy.Analyse(p, testDiscOptions())
	return Input{Config: testConfig(), Project: p, Trends: testTrends(),
		Reliability: testReliability(), Alerts: slices.Concat(testAlerts(), testAlertsExperiment(), disc.Alerts),
		Experiments: testExperiments(), Discrepancy: disc, Templates: testTemplates()}
}

// testDiscOptions are the options of the test project's discrepancy
// analysis: small enough a sample to check validity on five items, three
// items per disagreement list, and pass thresholds for accuracy,
// helpfulness and tone.
func testDiscOptions() discrepancy.Options {
	return discrepancy.Options{
		// Five or six items an iteration give wide intervals; a small drop
		// lets accuracy's turn in v3 count as a finding.
		Partial: true, MinN: 5, Top: 3, Drop: 0.05,
		MetricPass:    map[string]discrepancy.Pass{"accuracy": {Value: 0.5}},
		DimensionPass: map[string]discrepancy.Pass{"helpfulness": {Value: 3}, "tone": {Labels: []string{"appropriate"}}},
	}
}

// addDiscrepancyData gives the test project the per-item values and ratings
// of the discrepancy analysis. Items q4 to q8 are rated and scored in every
// iteration: accuracy tracks helpfulness in v1 and v2 and runs against it
// in v3 (a finding that an investigation explains); latency p95, lower is
// better, tracks it likewise and turns in v3 (an open finding). Tone is
// nominal: its pairs have verdicts and scatter plots only. q4 has a long
// input, q5 a hostile one.
func addDiscrepancyData(p *project.Project) {
	items := []string{"q4", "q5", "q6", "q7", "q8"}
	acc := map[string][]float64{"v1": {0.2, 0.4, 0.6, 0.8, 0.9}, "v2": {0.1, 0.3, 0.5, 0.7, 0.95}, "v3": {0.9, 0.8, 0.5, 0.3, 0.2}}
	lat := map[string][]float64{"v1": {900, 800, 700, 600, 500}, "v2": {950, 850, 750, 650, 550}, "v3": {500, 600, 700, 800, 900}}
	help := []float64{1, 2, 3, 4, 5}
	for _, it := range []string{"v1", "v2", "v3"} {
		for i, id := range items {
			p.Metrics[0].Values.Append(project.MetricValue{Iteration: it, Item: id, Value: acc[it][i]})
			p.Metrics[1].Values.Append(project.MetricValue{Iteration: it, Item: id, Value: lat[it][i]})
			p.Dimensions[0].Ratings = project.RatingsOf(append(p.Dimensions[0].Ratings.Slice(), project.Rating{
				Item: id, Rater: "ann", Iteration: it, Value: help[i], Label: fmt.Sprint(help[i])}))
		}
	}
	p.Metrics[0].Values.Append(project.MetricValue{Iteration: "v1", Item: "q2", Value: 1},
		project.MetricValue{Iteration: "v2", Item: "q2", Value: 0.5})
	p.Dimensions[0].Ratings = project.RatingsOf(append(p.Dimensions[0].Ratings.Slice(),
		project.Rating{Item: "q2", Rater: "ann", Iteration: "v1", Value: 5, Label: "5"},
		project.Rating{Item: "q2", Rater: "ann", Iteration: "v2", Value: 4, Label: "4"}))
	p.Dimensions[1].Ratings = project.RatingsOf(append(p.Dimensions[1].Ratings.Slice(),
		project.Rating{Item: "q4", Rater: "bob", Iteration: "v2", Label: "too_formal"},
		project.Rating{Item: "q5", Rater: "bob", Iteration: "v2", Label: "appropriate"}))
	p.Items = append(p.Items,
		project.Item{ID: "q4", Input: strings.Repeat("My invoice shows a charge I do not recognise. ", 6), Output: "Please contact billing."},
		project.Item{ID: "q5", Input: `<script>alert("gap")</script> Where is my parcel?`, Output: "It ships <b>today</b>."})
	p.Pages = append(p.Pages, project.Document{
		Kind: project.Page, Source: "content/investigations/accuracy-v3.md", Slug: "investigations/accuracy-v3",
		Meta: project.FrontMatter{
			Title: "Why accuracy stopped tracking helpfulness in v3",
			Discrepancies: []project.DiscrepancyRef{
				{Metric: "accuracy", Dimension: "helpfulness", Iterations: []string{"v3"}, Items: []string{"q4", "q5"}, Cause: "metric-flaw"},
				{Metric: "bleu", Dimension: "helpfulness", Cause: "other"},
			},
		},
		HTML: template.HTML("<p>The grader rewarded long answers.</p>\n"),
	})
}

// testSite returns the site of testInput, rendered once per test binary
// and shared by the tests that only read it (each used to render it
// anew: three dozen renders). They must not change its files; a test of
// the render itself (TestRenderIsDeterministic) renders with renderTest.
func testSite(t testing.TB) Files {
	t.Helper()
	files, err := testSiteOnce()
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return files
}

var testSiteOnce = sync.OnceValues(func() (Files, error) { return Render(testInput()) })

// plainSets returns parseTemplates of src: the page types' sets without
// the Go writers' stubs, which the tests comparing a Go writer with its
// template execute. The sets of the built-in templates (builtIn) are made
// once per test binary and shared, as parseSets shares its own.
func plainSets(t testing.TB, src templateSource) map[string]*template.Template {
	t.Helper()
	get := builtInPlain
	if !builtIn(src.fsys) {
		get = func() (map[string]*template.Template, error) { return parseTemplates(src) }
	}
	sets, err := get()
	if err != nil {
		t.Fatal(err)
	}
	return sets
}

var builtInPlain = sync.OnceValues(func() (map[string]*template.Template, error) {
	return parseTemplates(templateSource{fsys: templates.FS})
})

func renderTest(t testing.TB, in Input) Files {
	t.Helper()
	files, err := Render(in)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return files
}
