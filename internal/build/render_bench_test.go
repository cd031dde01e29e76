package build

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/cputime"
	"github.com/evalbook/evalbook/internal/output"
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
	cputime.ReportPerOp(b, cputime.Process()-start, b.N)
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.NumGC-before.NumGC)/float64(b.N), "gc/op")
}

// BenchmarkRenderWriteKB is BenchmarkRenderToKB with the files written as
// a one-off build writes them (render.RenderToLending into an
// output.Stream, under the build's soft
// memory limit for the render, stageLimit), each run into a new folder
// below EVALBOOK_OUT (default: the benchmark's temporary folder; /dev/shm
// keeps the file system's cost out), removed after the run with the timer
// stopped. cpu-ms/op counts the render and the writes, not the removal;
// peak-heap-MB and EVALBOOK_KB_HEAP are BenchmarkBuildKB's, over the
// renders alone.
func BenchmarkRenderWriteKB(b *testing.B) {
	proj := os.Getenv("EVALBOOK_KB")
	if proj == "" {
		b.Skip("EVALBOOK_KB names no corpus (scripts/bench/kb-hugo.sh writes one)")
	}
	parent := os.Getenv("EVALBOOK_OUT")
	if parent == "" {
		parent = b.TempDir()
	}
	a, err := Analyse(Options{Source: proj})
	if err != nil {
		b.Fatal(err)
	}
	in, err := renderInput(a)
	if err != nil {
		b.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ReportAllocs()
	var cpu time.Duration
	n := 0
	peak, stop := samplePeak(os.Getenv("EVALBOOK_KB_HEAP"))
	for b.Loop() {
		out := filepath.Join(parent, fmt.Sprintf("renderwrite-%d-%d", os.Getpid(), n))
		n++
		start := cputime.Process()
		restore := stageLimit(renderLimit)
		st, err := output.Begin(out, proj)
		if err != nil {
			b.Fatal(err)
		}
		if err := render.RenderToLending(in, st.PutLent); err != nil {
			st.Abort()
			b.Fatal(err)
		}
		if err := st.Commit(); err != nil {
			b.Fatal(err)
		}
		restore()
		cpu += cputime.Process() - start
		b.StopTimer()
		if err := os.RemoveAll(out); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	stop()
	b.ReportMetric(float64(*peak)/(1<<20), "peak-heap-MB")
	cputime.ReportPerOp(b, cpu, b.N)
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.NumGC-before.NumGC)/float64(b.N), "gc/op")
}
