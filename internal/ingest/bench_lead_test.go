package ingest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/evalbook/evalbook/internal/config"
	"github.com/evalbook/evalbook/internal/cputime"
)

// benchLeadDir names a project written by scripts/bench/scale.sh (its
// "ratings" or "values" folder) for the benchmarks below; they are skipped
// without it.
func benchLeadDir(b *testing.B) string {
	dir := os.Getenv("EVALBOOK_BENCH_PROJECT")
	if dir == "" {
		b.Skip("EVALBOOK_BENCH_PROJECT names no scale.sh project")
	}
	return dir
}

// BenchmarkReadScaleFile reads one file of a scale.sh project
// (EVALBOOK_BENCH_FILE, relative to the project, default
// data/annotations/it01.csv) as the loader does, and reports MB per CPU
// second and per wall second.
func BenchmarkReadScaleFile(b *testing.B) {
	dir := benchLeadDir(b)
	name := os.Getenv("EVALBOOK_BENCH_FILE")
	if name == "" {
		name = "data/annotations/it01.csv"
	}
	kind := kindAnnotations
	if filepath.Base(filepath.Dir(name)) == "metrics" {
		kind = kindMetrics
	}
	st, err := os.Stat(filepath.Join(dir, name))
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Load(filepath.Join(dir, "config.toml"), false)
	if err != nil {
		b.Fatal(err)
	}
	cfg.Root = dir
	fsys := os.DirFS(dir)
	b.SetBytes(st.Size())
	b.ReportAllocs()
	runtime.GC()
	cpu0, n := cputime.Process(), 0
	for b.Loop() {
		n++
		l := &loader{cfg: cfg, fsys: fsys, cols: columnsOf(cfg), lim: limitsOf(cfg)}
		sf := l.newSourceFile(name, kind, config.Source{})
		l.readSource(sf, l.fsys)
		if err := sf.err(); err != nil {
			b.Fatal(err)
		}
	}
	if cpu := cputime.Process() - cpu0; cpu > 0 {
		b.ReportMetric(float64(st.Size())*float64(n)/cpu.Seconds()/1e6, "MB/cpu-s")
	}
}

// BenchmarkLoadScale loads a whole scale.sh project (Load: every file
// read, then merged), the read stage of a build.
func BenchmarkLoadScale(b *testing.B) {
	dir := benchLeadDir(b)
	cfg, err := config.Load(filepath.Join(dir, "config.toml"), false)
	if err != nil {
		b.Fatal(err)
	}
	cfg.Root = dir
	b.ReportAllocs()
	runtime.GC()
	cpu0, n := cputime.Process(), 0
	for b.Loop() {
		n++
		if _, _, err := Load(cfg, os.DirFS(dir)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cputime.Process()-cpu0).Seconds()/float64(n), "cpu-s/op")
}
