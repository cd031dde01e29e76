package build

import (
	"path/filepath"
	"testing"

	"github.com/evalbook/evalbook/internal/discrepancy"
	"github.com/evalbook/evalbook/internal/experiment"
	"github.com/evalbook/evalbook/internal/reliability"
	"github.com/evalbook/evalbook/internal/synth"
	"github.com/evalbook/evalbook/internal/trend"
)

// BenchmarkBuild builds the benchmark corpus (synth.Bench: 200 iterations,
// 100,000 metric rows, 100,000 ratings) from reading the files to writing
// the site.
func BenchmarkBuild(b *testing.B) {
	proj := b.TempDir()
	if err := synth.Write(proj, synth.Bench()); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(proj, "site")
	for b.Loop() {
		if _, err := Build(Options{Source: proj, Output: out}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildExample builds the example project in the repository.
func BenchmarkBuildExample(b *testing.B) {
	out := filepath.Join(b.TempDir(), "site")
	for b.Loop() {
		buildExample(b, out)
	}
}

// BenchmarkAnalyse reads the benchmark corpus once and times the analyses
// alone, each on its own, so a regression shows which one it is.
func BenchmarkAnalyse(b *testing.B) {
	proj := b.TempDir()
	if err := synth.Write(proj, synth.Bench()); err != nil {
		b.Fatal(err)
	}
	a, err := Analyse(Options{Source: proj})
	if err != nil {
		b.Fatal(err)
	}
	p, cfg := a.Project, a.Config
	for _, bm := range []struct {
		name string
		run  func()
	}{
		{"trend", func() { trend.Analyse(p, trend.Options{Confidence: 0.95, Resamples: cfg.Analysis.Resamples, Seed: 1}) }},
		{"reliability", func() { reliability.Analyse(p, reliability.OptionsFrom(cfg)) }},
		{"experiment", func() { experiment.Analyse(p, experiment.OptionsFrom(cfg)) }},
		{"discrepancy", func() { discrepancy.Analyse(p, discrepancy.OptionsFrom(cfg)) }},
	} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				bm.run()
			}
		})
	}
}
