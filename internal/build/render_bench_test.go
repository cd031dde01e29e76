package build

import (
	"os"
	"runtime"
	"testing"

	"github.com/evalbook/evalbook/internal/cputime"
	"github.com/evalbook/evalbook/internal/render"
)

// BenchmarkRenderToKB reads and analyses the corpus EVALBOOK_KB names once
// and times the render stage as a one-off build runs it (render.RenderTo,
// each file handed on as it is made and dropped, as output.Stream does
// once it is written); it is skipped without it. Besides the wall time it
// reports the process's CPU time (cpu-ms/op, the figure a loaded machine
// distorts least) and the collector's cycles (gc/op).
func BenchmarkRenderToKB(b *testing.B) {
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
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ReportAllocs()
	start := cputime.Process()
	for b.Loop() {
		if err := render.RenderTo(in, func(string, []byte) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	if cpu := cputime.Process() - start; cpu > 0 {
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.NumGC-before.NumGC)/float64(b.N), "gc/op")
}
