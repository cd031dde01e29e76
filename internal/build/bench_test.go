package build

import (
	"path/filepath"
	"testing"

	"github.com/evalbook/evalbook/internal/synth"
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
