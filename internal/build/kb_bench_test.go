package build

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"testing"

	"github.com/evalbook/evalbook/internal/output"
	"github.com/evalbook/evalbook/internal/render"
)

// BenchmarkBuildKB builds the knowledge-base corpus of issue 12 in process
// (scripts/bench/kb-hugo.sh writes it: the benchmark corpus and 5,000 case
// studies) from the folder EVALBOOK_KB names; it is skipped without it. With
// EVALBOOK_KB_HEAP set it also writes a heap profile there while the
// rendered site is held in memory, just before it is written, and reports
// the live heap at that point (heap-MB).
func BenchmarkBuildKB(b *testing.B) {
	proj := os.Getenv("EVALBOOK_KB")
	if proj == "" {
		b.Skip("EVALBOOK_KB names no corpus (scripts/bench/kb-hugo.sh writes one)")
	}
	out := filepath.Join(b.TempDir(), "site")
	for b.Loop() {
		files, a, err := Site(Options{Source: proj, Output: out})
		if err != nil {
			b.Fatal(err)
		}
		if heap := os.Getenv("EVALBOOK_KB_HEAP"); heap != "" {
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
			f, err := os.Create(heap)
			if err != nil {
				b.Fatal(err)
			}
			if err := pprof.WriteHeapProfile(f); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
		if err := output.Write(out, a.Config.Root, files); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderKB reads and analyses the corpus EVALBOOK_KB names once
// and times the render alone (every page, the API, the search index); it
// is skipped without it. The CPU profile carries a "kind" label per page
// type (render.run), so `go tool pprof -tags` splits the template time.
func BenchmarkRenderKB(b *testing.B) {
	proj := os.Getenv("EVALBOOK_KB")
	if proj == "" {
		b.Skip("EVALBOOK_KB names no corpus (scripts/bench/kb-hugo.sh writes one)")
	}
	a, err := Analyse(Options{Source: proj})
	if err != nil {
		b.Fatal(err)
	}
	in := renderInput(a)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := render.Render(in); err != nil {
			b.Fatal(err)
		}
	}
}
