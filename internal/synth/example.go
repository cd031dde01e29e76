package synth

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// The example project's dimensions and their labels.
var (
	toneLabels = []string{"appropriate", "too_formal", "too_casual"}

	helpfulness = Dimension{Name: "helpfulness", Min: 1, Max: 5, CorrectBonus: 1.1, ItemSD: 0.8, Wording: 0.25}
	factuality  = Dimension{Name: "factuality", Min: 1, Max: 5, CorrectBonus: 1.3, ItemSD: 0.75}
	tone        = Dimension{Name: "tone", Labels: toneLabels}
)

// Example returns the spec of the example project in the repository root:
// a customer-support answer assistant over six fortnightly or weekly
// iterations in 2026, 240 items in four languages and four topics, and five
// raters who rate 60 items per iteration on helpfulness, factuality and
// tone.
//
// The story built into the numbers:
//   - v2 (prompt rewrite) is inconclusive: accuracy moves by about a point.
//   - v3 (retrieval) clearly works: accuracy, groundedness and both human
//     scores rise.
//   - v4 (fine-tune on tickets) raises overall accuracy while the ja slice
//     regresses, and answers get longer: from v4 on rouge_l keeps rising
//     while human helpfulness no longer follows it.
//   - Item by item, rouge_l tracks helpfulness in v1 to v3 (both reward a
//     correct answer in the reference's wording) and stops tracking it
//     from v4 on: the fine-tuned models pad their answers, rouge_l rewards
//     the longer answers' overlap with the reference, and raters find the
//     padded answers less helpful.
//   - v5 (guardrails) clearly fails: p95 latency jumps above 2,000 ms and
//     helpfulness falls; it is rolled back, so v6 is measured against v4.
//   - v6 (distillation) is cheap and fast, recovers most of ja, and is as
//     accurate as v4.
//   - Rater r4 drifts lenient from v3 on, by a growing offset, and agrees
//     less and less with the others on tone; the other raters stay close
//     to each other throughout.
//   - Eight gold items (calibration answers with known factuality and
//     tone, rated by everyone in every iteration) show r4's accuracy on
//     them falling from v3 on while the others' holds.
func Example() Spec {
	return Spec{
		// Seeds chosen so the sampled data tells the story: Seed for the
		// items and metrics (the case studies quote their figures), then
		// RatingSeed for the ratings; see TestExampleStory and
		// TestExampleReliability.
		Seed:       9,
		RatingSeed: 22,
		Items:      240,
		Languages: []Weighted{
			{"en", 2}, {"de", 1}, {"es", 1}, {"ja", 1},
		},
		Topics: []Weighted{
			{"billing", 0}, {"technical", -0.07}, {"account", 0.02}, {"shipping", 0.05},
		},
		Iterations: exampleIterations(),
		Raters: []Rater{
			{ID: "r1", Bias: 0.05, Noise: 0.45, DriftFrom: -1, Agreement: 0.94, Attrs: inHouse},
			{ID: "r2", Bias: 0, Noise: 0.5, DriftFrom: -1, Agreement: 0.92, Attrs: vendor},
			{ID: "r3", Bias: 0.1, Noise: 0.5, DriftFrom: -1, Agreement: 0.92, Attrs: inHouse},
			{ID: "r4", Bias: 0, Noise: 0.45, DriftFrom: 2, DriftStep: 0.3, Agreement: 0.93, AgreementDrop: 0.08, Attrs: vendor},
			{ID: "r5", Bias: 0.05, Noise: 0.55, DriftFrom: -1, Agreement: 0.9, Attrs: vendor},
		},
		// The answers of the first items in every iteration, for the item
		// pages' side-by-side outputs.
		OutputItems: 16,
		Dimensions:  []Dimension{helpfulness, factuality, tone},
		RatedItems:  60,
		Coverage:    0.95,
		Gold:        exampleGold(),
		// Three support agents and a judge model compare v4's answers with
		// v6's on the same 60 items: people prefer v6's shorter answers,
		// the judge model leans towards v4's longer ones and towards the
		// answer it sees first, and both follow correctness.
		Pairwise: &PairwiseSpec{Dimension: "preference", A: "v4", B: "v6", Items: 60,
			People: []string{"p1", "p2", "p3"}, Judge: "judge-llm"},
	}
}

// The example's raters come from two teams: support agents in house and a
// labelling vendor (data/raters.csv), whose ratings the dimension pages
// compare.
var (
	inHouse = map[string]string{"team": "in-house"}
	vendor  = map[string]string{"team": "vendor"}
)

// exampleGold returns the example's calibration items: English answers
// whose factuality and tone the annotation lead has settled, most of them
// flawed, so that a lenient rater misses them.
func exampleGold() []GoldItem {
	gold := func(topic string, intent int, correct bool, style string, fact, tone string) GoldItem {
		return GoldItem{
			Lang: "en", Topic: topic, Intent: intent, Correct: correct,
			Verbose: style == "verbose", Casual: style == "casual",
			Answers: map[string]string{"factuality": fact, "tone": tone},
		}
	}
	return []GoldItem{
		gold("billing", 0, false, "", "2", "appropriate"),
		gold("technical", 1, true, "verbose", "4", "too_formal"),
		gold("account", 0, false, "casual", "2", "too_casual"),
		gold("shipping", 2, true, "", "4", "appropriate"),
		gold("billing", 1, false, "verbose", "1", "too_formal"),
		gold("technical", 2, false, "", "3", "appropriate"),
		gold("account", 1, true, "casual", "4", "too_casual"),
		gold("shipping", 0, false, "", "2", "appropriate"),
	}
}

func exampleIterations() []Iteration {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	serving := func(latency, cost float64) []Value {
		return []Value{{"latency_p95_ms", latency}, {"cost_per_1k_usd", cost}}
	}
	human := func(help, fact float64, tone ...float64) map[string]Target {
		return map[string]Target{
			"helpfulness": {Mean: help},
			"factuality":  {Mean: fact},
			"tone":        {Shares: tone},
		}
	}
	// From v4 on, the fine-tuned models pad their answers, more so as they
	// grow longer: a longer answer than usual gains rouge_l (RougeLength)
	// and loses helpfulness (Target.Length, the correlation of an item's
	// true helpfulness with its answer's length).
	padded := func(h map[string]Target, length float64) map[string]Target {
		t := h["helpfulness"]
		t.Length = length
		h["helpfulness"] = t
		return h
	}
	return []Iteration{
		{
			ID: "v1", Date: day(1, 12),
			Description: "Starting point: a general-purpose 8B instruction-tuned model behind a short " +
				"system prompt, no access to the help centre.",
			Accuracy: 0.60, RougeL: 0.30, Groundedness: 0.55, Toxicity: 0.021, Tokens: 104,
			Serving: serving(812, 0.38),
			Human:   human(3.05, 2.85, 0.62, 0.16, 0.22),
		},
		{
			ID: "v2", Date: day(1, 26), Baseline: "v1",
			Description: "Rewrote the system prompt: a support persona, ask for the order number when " +
				"it is missing, never guess a policy.",
			Accuracy: 0.61, RougeL: 0.31, Groundedness: 0.57, Toxicity: 0.017, Tokens: 117,
			Serving: serving(846, 0.41),
			Human:   human(3.12, 2.9, 0.71, 0.15, 0.14),
		},
		{
			ID: "v3", Date: day(2, 9), Baseline: "v2",
			Description: "Retrieval: the three most relevant help-centre passages are put in the " +
				"prompt before the model answers.",
			Accuracy: 0.71, LanguageShift: map[string]float64{"ja": 0.02},
			RougeL: 0.37, Groundedness: 0.79, Toxicity: 0.015, Tokens: 126,
			Serving: serving(1264, 0.57),
			Human:   human(3.72, 3.85, 0.74, 0.15, 0.11),
		},
		{
			ID: "v4", Date: day(2, 23), Baseline: "v3",
			Description: "Fine-tuned on 12,000 resolved support tickets (mostly English, German and " +
				"Spanish) with the agents' full replies as targets.",
			Accuracy: 0.80, LanguageShift: map[string]float64{"ja": -0.24},
			RougeL: 0.43, RougeLength: 0.07, Groundedness: 0.80, Toxicity: 0.014, Tokens: 183,
			Serving: serving(1291, 0.59),
			Human:   padded(human(3.55, 3.88, 0.69, 0.23, 0.08), -0.45),
		},
		{
			ID: "v5", Date: day(3, 2), Baseline: "v4",
			Description: "Guardrails: a toxicity filter on every answer and a second model pass that " +
				"checks the answer against the policy pages before it is sent.",
			Accuracy: 0.795, LanguageShift: map[string]float64{"ja": -0.24},
			RougeL: 0.45, RougeLength: 0.09, Groundedness: 0.82, Toxicity: 0.006, Tokens: 197,
			Serving: serving(2637, 1.06),
			Human:   padded(human(3.25, 3.9, 0.56, 0.38, 0.06), -0.5),
		},
		{
			ID: "v6", Date: day(3, 16), Baseline: "v4",
			Description: "Distilled v4 into a 3B student, adding 2,000 translated Japanese tickets to " +
				"the training mix; v5's guardrails are not included.",
			Accuracy: 0.78, LanguageShift: map[string]float64{"ja": -0.08},
			RougeL: 0.47, RougeLength: 0.11, Groundedness: 0.79, Toxicity: 0.013, Tokens: 209,
			Serving: serving(734, 0.22),
			Human:   padded(human(3.45, 3.8, 0.67, 0.25, 0.08), -0.65),
		},
	}
}

// Bench returns the benchmark corpus spec: 200 iterations, 100 items, the
// five per-item metrics in long form (100,000 metric rows), and 5 raters
// rating 25 items on 4 dimensions (100,000 ratings), with a minimal
// config.toml. Iterations improve slowly with noise, so trends are not flat.
func Bench() Spec {
	const n = 200
	its := make([]Iteration, n)
	start := time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)
	for i := range its {
		t := float64(i) / n
		wave := math.Sin(float64(i) / 7)
		its[i] = Iteration{
			ID:           fmt.Sprintf("it%03d", i+1),
			Date:         start.AddDate(0, 0, i),
			Description:  fmt.Sprintf("Nightly build %d.", i+1),
			Accuracy:     0.55 + 0.3*t + 0.02*wave,
			RougeL:       0.30 + 0.15*t,
			Groundedness: 0.6 + 0.25*t + 0.02*wave,
			Toxicity:     0.02 - 0.01*t,
			Tokens:       110 + 60*t,
			Human: map[string]Target{
				"helpfulness": {Mean: 3 + t + 0.1*wave},
				"factuality":  {Mean: 2.9 + 1.1*t},
				"conciseness": {Mean: 3.8 - 0.6*t},
				"tone":        {Shares: []float64{0.6 + 0.2*t, 0.2, 0.2 - 0.2*t}},
			},
		}
		if i > 0 {
			its[i].Baseline = its[i-1].ID
		}
	}
	return Spec{
		Seed:       1,
		Items:      100,
		Languages:  []Weighted{{"en", 2}, {"de", 1}, {"es", 1}, {"ja", 1}},
		Topics:     []Weighted{{"billing", 0}, {"technical", -0.07}, {"account", 0.02}, {"shipping", 0.05}},
		Iterations: its,
		Raters: []Rater{
			{ID: "r1", Noise: 0.45, DriftFrom: -1, Agreement: 0.85},
			{ID: "r2", Bias: -0.45, Noise: 0.55, DriftFrom: -1, Agreement: 0.8},
			{ID: "r3", Bias: 0.35, Noise: 0.6, DriftFrom: -1, Agreement: 0.75},
			{ID: "r4", Noise: 0.5, DriftFrom: 100, DriftStep: 0.005, Agreement: 0.8},
			{ID: "r5", Bias: 0.1, Noise: 0.85, DriftFrom: -1, Agreement: 0.65},
		},
		Dimensions: []Dimension{
			helpfulness, factuality, tone,
			{Name: "conciseness", Min: 1, Max: 5, CorrectBonus: 0.2, ItemSD: 0.5},
		},
		RatedItems: 25,
		Coverage:   1,
		Long:       true,
		Config:     benchConfig,
	}
}

var benchConfig = strings.TrimLeft(`
title = "evalbook benchmark corpus"
description = "Synthetic: 200 iterations, 100,000 metric rows, 100,000 ratings."

[metrics.toxicity]
direction = "lower"

[metrics.response_tokens]
direction = "lower"

[metrics.answer_accuracy]
headline = true

[dimensions.helpfulness]
scale = "ordinal"
min = 1
max = 5

[dimensions.factuality]
scale = "ordinal"
min = 1
max = 5

[dimensions.conciseness]
scale = "ordinal"
min = 1
max = 5

[dimensions.tone]
scale = "nominal"
labels = ["appropriate", "too_formal", "too_casual"]
`, "\n")
