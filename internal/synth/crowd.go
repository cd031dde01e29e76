package synth

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Crowd returns a crowd-rated project spec: 300 raters, of whom each
// sampled item gets about five, rate 1,000 items in each of 10 iterations
// on a 1-5 helpfulness scale and a 0-25 error-penalty scale (lower is
// better), about 100,000 ratings, with the five per-item metrics (50,000
// rows) and a minimal config.toml. Raters differ in bias and noise by a
// fixed pattern; every twentieth drifts from the fifth iteration on. It is
// the shape of a real crowd evaluation, for checking that pages stay small
// when raters are many.
func Crowd() Spec {
	const n = 10
	its := make([]Iteration, n)
	start := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	for i := range its {
		t := float64(i) / n
		its[i] = Iteration{
			ID:           fmt.Sprintf("round%02d", i+1),
			Date:         start.AddDate(0, 0, 7*i),
			Description:  fmt.Sprintf("Crowd round %d.", i+1),
			Accuracy:     0.6 + 0.2*t,
			RougeL:       0.3 + 0.1*t,
			Groundedness: 0.65 + 0.2*t,
			Toxicity:     0.02 - 0.01*t,
			Tokens:       120 + 30*t,
			Human: map[string]Target{
				"helpfulness": {Mean: 3 + 0.8*t},
				"penalty":     {Mean: 9 - 4*t},
			},
		}
		if i > 0 {
			its[i].Baseline = its[i-1].ID
		}
	}
	raters := make([]Rater, 300)
	for i := range raters {
		x := float64(i)
		raters[i] = Rater{
			ID:        fmt.Sprintf("w%03d", i+1),
			Bias:      0.5 * math.Sin(x*1.7),
			Noise:     0.4 + 0.4*math.Abs(math.Cos(x*0.9)),
			DriftFrom: -1,
		}
		if i%20 == 7 {
			raters[i].DriftFrom, raters[i].DriftStep = 4, 0.15
		}
	}
	return Spec{
		Seed:       7,
		Items:      1000,
		Languages:  []Weighted{{"en", 2}, {"de", 1}, {"fr", 1}},
		Topics:     []Weighted{{"billing", 0}, {"technical", -0.05}, {"account", 0.02}},
		Iterations: its,
		Raters:     raters,
		Dimensions: []Dimension{
			{Name: "helpfulness", Min: 1, Max: 5, CorrectBonus: 1, ItemSD: 0.8},
			{Name: "penalty", Min: 0, Max: 25, CorrectBonus: -4, ItemSD: 4},
		},
		RatedItems: 1000,
		Coverage:   1.0 / 60,
		Config:     crowdConfig,
	}
}

var crowdConfig = strings.TrimLeft(`
title = "evalbook crowd corpus"
description = "Synthetic: 300 raters, 10 rounds, about 100,000 ratings."

[metrics.toxicity]
direction = "lower"

[metrics.response_tokens]
direction = "lower"

[dimensions.helpfulness]
scale = "interval"
min = 1
max = 5

[dimensions.penalty]
label = "Error penalty"
scale = "interval"
min = 0
max = 25
direction = "lower"
`, "\n")
