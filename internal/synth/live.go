package synth

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Live returns the spec of issue 11's live-preview corpus: 10 iterations,
// 20,000 items with 5 per-item metrics (1,000,000 metric values), 10
// raters who rate the same 1,000 items in every iteration on 10 numeric
// dimensions (1,000,000 ratings: 10,000 rated items x 10 raters x 10
// dimensions over the 10 iterations) and 5,000 case studies.
func Live() Spec {
	const n, dims = 10, 10
	its := make([]Iteration, n)
	start := time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)
	for i := range its {
		t := float64(i) / n
		human := map[string]Target{}
		for d := range dims {
			human[liveDim(d)] = Target{Mean: 2.8 + t + 0.05*float64(d%3)}
		}
		its[i] = Iteration{
			ID:           fmt.Sprintf("it%02d", i+1),
			Date:         start.AddDate(0, 0, 7*i),
			Description:  fmt.Sprintf("Weekly build %d.", i+1),
			Accuracy:     0.6 + 0.2*t,
			RougeL:       0.3 + 0.1*t,
			Groundedness: 0.65 + 0.2*t,
			Toxicity:     0.02 - 0.01*t,
			Tokens:       120 + 30*t,
			Human:        human,
		}
		if i > 0 {
			its[i].Baseline = its[i-1].ID
		}
	}
	raters := make([]Rater, 10)
	for i := range raters {
		x := float64(i)
		raters[i] = Rater{ID: fmt.Sprintf("r%02d", i+1), Bias: 0.3 * math.Sin(x*1.7), Noise: 0.5 + 0.2*math.Abs(math.Cos(x)), DriftFrom: -1}
	}
	dimensions := make([]Dimension, dims)
	var cfg strings.Builder
	cfg.WriteString(liveConfig)
	for d := range dims {
		dimensions[d] = Dimension{Name: liveDim(d), Min: 1, Max: 5, CorrectBonus: 0.6 + 0.1*float64(d%4), ItemSD: 0.7}
		fmt.Fprintf(&cfg, "\n[dimensions.%s]\nscale = \"ordinal\"\nmin = 1\nmax = 5\n", liveDim(d))
	}
	return Spec{
		Seed:        11,
		Items:       20000,
		Languages:   []Weighted{{"en", 2}, {"de", 1}, {"es", 1}, {"ja", 1}},
		Topics:      []Weighted{{"billing", 0}, {"technical", -0.05}, {"account", 0.02}, {"shipping", 0.04}},
		Iterations:  its,
		Raters:      raters,
		Dimensions:  dimensions,
		RatedItems:  1000,
		Coverage:    1,
		CaseStudies: 5000,
		Config:      cfg.String(),
	}
}

// liveDim names the live corpus's dimension d.
func liveDim(d int) string { return fmt.Sprintf("dim%02d", d+1) }

var liveConfig = strings.TrimLeft(`
title = "evalbook live-preview corpus"
description = "Synthetic: 10 iterations, 1,000,000 metric values, 1,000,000 ratings, 5,000 case studies."
`, "\n") + syntheticMetrics

// syntheticMetrics are the settings of the metrics the live and scale
// corpora share.
const syntheticMetrics = `
[metrics.toxicity]
direction = "lower"

[metrics.response_tokens]
direction = "lower"

[metrics.answer_accuracy]
headline = true
`

// caseStudy writes the Markdown of the generated case study k (0-based)
// of the iterations its: front matter naming two neighbouring iterations
// and a metric, and three paragraphs of prose.
func caseStudy(k int, its []Iteration) []byte {
	i := k % max(1, len(its)-1)
	var b strings.Builder
	fmt.Fprintf(&b, "+++\ntitle = \"Case study %d\"\ndate = %s\nsummary = \"Generated case study %d.\"\n", k+1, its[i].Date.AddDate(0, 0, 1).Format("2006-01-02"), k+1)
	if len(its) > 1 {
		fmt.Fprintf(&b, "iterations = [%q, %q]\n", its[i].ID, its[i+1].ID)
	}
	fmt.Fprintf(&b, "metrics = [%q]\n+++\n\n", ItemMetrics[k%len(ItemMetrics)])
	for p := range 3 {
		fmt.Fprintf(&b, "Paragraph %d of case study %d: what changed between the two iterations, what the *metrics* said and what the raters saw.\n\n", p+1, k+1)
	}
	return []byte(b.String())
}

// Scale returns the spec of issue 13's scale corpora: Live's 10 iterations,
// 10 raters and 5 per-item metrics, with its 10 dimensions at the interval
// level, sized to about ratings ratings (ratings/1,000 items rated in every
// iteration: 10 raters x 10 dimensions x 10 iterations each) and values
// metric values (values/50 items: 5 metrics x 10 iterations each), and no
// case studies. The items are at least the rated ones, so a small values
// gives ratings/20 metric values; at least one item is rated.
func Scale(ratings, values int) Spec {
	s := Live()
	s.RatedItems = max(1, ratings/1000)
	s.Items = max(s.RatedItems, values/50)
	s.CaseStudies = 0
	var cfg strings.Builder
	cfg.WriteString(scaleConfig)
	for d := range s.Dimensions {
		fmt.Fprintf(&cfg, "\n[dimensions.%s]\nscale = \"interval\"\nmin = 1\nmax = 5\n", liveDim(d))
	}
	s.Config = cfg.String()
	return s
}

var scaleConfig = strings.TrimLeft(`
title = "evalbook scale corpus"
description = "Synthetic, issue 13: 10 iterations, 10 raters, 10 interval dimensions, 5 per-item metrics."
`, "\n") + syntheticMetrics
