package ingest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/cputime"
)

// BenchmarkLoadKB loads the knowledge-base corpus of issue 12 (the folder
// EVALBOOK_KB names; scripts/bench/kb-hugo.sh writes it: the benchmark
// corpus and 5,000 case studies) as a build without a cache does: every
// file read through ProjectFS, then merged. It is skipped without
// EVALBOOK_KB. cpu-s/op is the process's CPU per load, the figure to
// compare under load (with -cpu 1, the one-core cost).
func BenchmarkLoadKB(b *testing.B) {
	dir := os.Getenv("EVALBOOK_KB")
	if dir == "" {
		b.Skip("EVALBOOK_KB names no corpus (scripts/bench/kb-hugo.sh writes one)")
	}
	cfg, err := config.Load(filepath.Join(dir, "config.toml"), false)
	if err != nil {
		b.Fatal(err)
	}
	cfg.Root = dir
	fsys, err := ProjectFS(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	runtime.GC()
	cpu0, n := cputime.Process(), 0
	for b.Loop() {
		n++
		p, _, err := Load(cfg, fsys)
		if err != nil {
			b.Fatal(err)
		}
		if len(p.CaseStudies) != 5000 {
			b.Fatalf("loaded %d case studies; want 5,000", len(p.CaseStudies))
		}
	}
	b.ReportMetric((cputime.Process()-cpu0).Seconds()/float64(n), "cpu-s/op")
}
