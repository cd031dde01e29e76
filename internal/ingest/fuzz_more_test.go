package ingest

import (
	"strings"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
)

// fuzzSeeds adds the samples named and a few cut and broken variants of
// each: the first half, the first line, and the text with a quote removed.
func fuzzSeeds(f *testing.F, names ...string) {
	for _, n := range names {
		s := sample(f, n)
		first, _, _ := strings.Cut(s, "\n")
		f.Add(s)
		f.Add(s[:len(s)/2])
		f.Add(first)
		f.Add(strings.Replace(s, `"`, "", 1))
	}
	f.Add("")
}

func FuzzArgilla(f *testing.F) {
	fuzzSeeds(f, "argilla_records.json")
	f.Fuzz(func(t *testing.T, data string) {
		checkLoad(t, "data/annotations/a.json", data)
		checkLoad(t, "data/metrics/a.json", data)
	})
}

func FuzzProdigy(f *testing.F) {
	fuzzSeeds(f, "prodigy_insult.jsonl")
	f.Fuzz(func(t *testing.T, data string) {
		checkLoad(t, "data/annotations/p.jsonl", data)
	})
}

func FuzzLMEval(f *testing.F) {
	fuzzSeeds(f, "pythia-160m/results_2024-05-02T10-11-12.345678.json",
		"pythia-160m/samples_arc_easy_2024-05-02T10-11-12.345678.jsonl",
		"pythia-160m/samples_gsm8k_2024-05-02T10-11-12.345678.jsonl", "metrics.jsonl")
	f.Fuzz(func(t *testing.T, data string) {
		checkLoad(t, "data/metrics/results.json", data)
		checkLoad(t, "data/metrics/samples_arc_2024-05-02T10-11-12.jsonl", data)
	})
}

func FuzzWide(f *testing.F) {
	fuzzSeeds(f, "wide_ratings.csv")
	on := true
	f.Fuzz(func(t *testing.T, data string) {
		for _, src := range []config.Source{
			{Path: "data/annotations/w.csv", Format: "wide", Iteration: "system", Columns: `Rater (?P<rater>\w) (?P<dimension>\w+)`},
			{Path: "data/annotations/w.csv", Format: "wide", RaterValue: "r", Lenient: &on},
			{Path: "data/annotations/w.csv", Kind: "metrics", Format: "wide", Iteration: "system", Columns: `Avg (?P<metric>\w+)`},
		} {
			cfg := config.Default()
			cfg.Sources = []config.Source{src}
			checkLoadWith(t, cfg, "data/annotations/w.csv", data)
		}
	})
}
