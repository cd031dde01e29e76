package build

import (
	"os"
	"path/filepath"
	"runtime/metrics"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/render"
)

// BenchmarkBuildKB builds the knowledge-base corpus of issue 12 in process
// (scripts/bench/kb-hugo.sh writes it: the benchmark corpus and 5,000 case
// studies) from the folder EVALBOOK_KB names; it is skipped without it. It
// reports the peak of the heap's live and unswept objects, sampled every
// 10 ms (peak-heap-MB); with EVALBOOK_KB_HEAP set it writes there a heap
// profile taken when the sampled heap was near its peak (as of the
// collection before).
func BenchmarkBuildKB(b *testing.B) {
	proj := os.Getenv("EVALBOOK_KB")
	if proj == "" {
		b.Skip("EVALBOOK_KB names no corpus (scripts/bench/kb-hugo.sh writes one)")
	}
	out := filepath.Join(b.TempDir(), "site")
	peak, stop := samplePeak(os.Getenv("EVALBOOK_KB_HEAP"))
	for b.Loop() {
		if _, err := Build(Options{Source: proj, Output: out}); err != nil {
			b.Fatal(err)
		}
	}
	stop()
	b.ReportMetric(float64(*peak)/(1<<20), "peak-heap-MB")
}

// samplePeak samples the heap's object bytes every 10 ms until stop is
// called, keeping the peak; when profile is not "", it writes a heap
// profile there each time the peak grows by a twentieth.
func samplePeak(profile string) (peak *uint64, stop func()) {
	peak = new(uint64)
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(finished)
		written := uint64(0)
		for {
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
			}
			metrics.Read(sample)
			v := sample[0].Value.Uint64()
			if v > *peak {
				*peak = v
			}
			if profile != "" && v > written+written/20 {
				if f, err := os.Create(profile); err == nil {
					pprof.WriteHeapProfile(f)
					f.Close()
					written = v
				}
			}
		}
	}()
	return peak, func() { close(done); <-finished }
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
	in, err := renderInput(a)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := render.Render(in); err != nil {
			b.Fatal(err)
		}
	}
}
