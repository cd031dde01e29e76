package build

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/evalbook/evalbook/internal/project"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/cputime"

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
			b.ReportAllocs()
			start := cputime.Process()
			for b.Loop() {
				bm.run()
			}
			cputime.ReportPerOp(b, cputime.Process()-start, b.N)
		})
	}
}

// BenchmarkAnalyseMemo reads the benchmark corpus once and times the
// analyse stage three ways: a full analysis (no memo, the cold path of
// `evalbook build`); a rebuild with a memo after one dimension's ratings
// changed (each loop alternates between the corpus and a copy with one
// rating of the first numeric dimension raised by one, so every loop
// redoes that dimension's units and reuses the rest); and a rebuild with
// nothing changed (fingerprints only).
func BenchmarkAnalyseMemo(b *testing.B) {
	proj := b.TempDir()
	if err := synth.Write(proj, synth.Bench()); err != nil {
		b.Fatal(err)
	}
	a, err := Analyse(Options{Source: proj})
	if err != nil {
		b.Fatal(err)
	}
	p, cfg := a.Project, a.Config
	edited := *p
	edited.Dimensions = slices.Clone(p.Dimensions)
	k := slices.IndexFunc(edited.Dimensions, func(d project.Dimension) bool { return d.Numeric })
	if k < 0 {
		b.Fatal("the corpus has no numeric dimension")
	}
	d := &edited.Dimensions[k]
	rs := d.Ratings.Slice()
	rs[0].Value++
	d.Ratings = project.RatingsOf(rs)
	b.Run("full", func(b *testing.B) {
		for b.Loop() {
			(*analysisMemo)(nil).analyse(cfg, p)
		}
	})
	b.Run("one-dimension", func(b *testing.B) {
		var m analysisMemo
		m.analyse(cfg, p)
		versions := []*project.Project{&edited, p}
		i := 0
		for b.Loop() {
			_, sum := m.analyse(cfg, versions[i%2])
			i++
			if i == 1 {
				b.Logf("redid %s", sum)
			}
			if r, n := sum.Counts(); r == 0 || r == n {
				b.Fatalf("redid %s", sum)
			}
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		var m analysisMemo
		m.analyse(cfg, p)
		for b.Loop() {
			m.analyse(cfg, p)
		}
	})
}

// BenchmarkProseEditLive times a rebuild through a Session after one
// sentence is appended to a case study, on the live corpus (go run
// ./cmd/examplegen -live -dir DIR) named by $EVALBOOK_LIVE; it is skipped
// without it. Its -v log has each stage's line.
func BenchmarkProseEditLive(b *testing.B) {
	dir := os.Getenv("EVALBOOK_LIVE")
	if dir == "" {
		b.Skip("EVALBOOK_LIVE names no live corpus")
	}
	var log bytes.Buffer
	opt := Options{Source: dir, Log: &log}
	s := NewSession("")
	if _, _, err := s.Site(opt); err != nil {
		b.Fatal(err)
	}
	heapProfile(b, "first")
	doc := filepath.Join(dir, "casestudies", "cs-0001.md")
	if f := os.Getenv("EVALBOOK_CPUPROFILE"); f != "" {
		stop := profile(b, f)
		defer stop()
	}
	for b.Loop() {
		b.StopTimer()
		f, err := os.OpenFile(doc, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintln(f, "\nOne more sentence.")
		f.Close()
		log.Reset()
		b.StartTimer()
		if _, _, err := s.Site(opt); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	heapProfile(b, "rebuild")
	b.Log(log.String())
	runtime.KeepAlive(s)
}

// heapProfile writes, when $EVALBOOK_MEMPROFILE is set, a heap profile
// after a collection to $EVALBOOK_MEMPROFILE.<when> and logs the live
// heap: the live benchmarks take one after the first build and one after
// the rebuilds, with the session (what serve keeps) alive.
func heapProfile(b *testing.B, when string) {
	f := os.Getenv("EVALBOOK_MEMPROFILE")
	if f == "" {
		return
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.Logf("heap after %s: %d MB live in use, %d MB from the OS", when, ms.HeapInuse>>20, ms.Sys>>20)
	out, err := os.Create(f + "." + when)
	if err != nil {
		b.Fatal(err)
	}
	defer out.Close()
	if err := pprof.Lookup("heap").WriteTo(out, 0); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkAnnotationLive times a rebuild through a Session after one
// annotation file of 10,000 ratings (1,000 items of dim03 x 10 new raters,
// iteration it10, as scripts/bench/live.sh writes it) is added to the live
// corpus named by $EVALBOOK_LIVE, and after it is removed again; it is
// skipped without it. It logs what each rebuild redid.
func BenchmarkAnnotationLive(b *testing.B) {
	dir := os.Getenv("EVALBOOK_LIVE")
	if dir == "" {
		b.Skip("EVALBOOK_LIVE names no live corpus")
	}
	src, err := os.ReadFile(filepath.Join(dir, "data", "annotations", "it10.csv"))
	if err != nil {
		b.Fatal(err)
	}
	var items []string
	seen := map[string]bool{}
	for _, l := range strings.Split(string(src), "\n")[1:] {
		c := strings.Split(l, ",")
		if len(c) > 2 && c[2] == "dim03" && !seen[c[0]] && len(items) < 1000 {
			seen[c[0]] = true
			items = append(items, c[0])
		}
	}
	var late bytes.Buffer
	late.WriteString("item,rater,dimension,value,iteration\n")
	for n, id := range items {
		for r := 1; r <= 10; r++ {
			fmt.Fprintf(&late, "%s,late%02d,dim03,%d,it10\n", id, r, 1+((n+1)*7+r*3)%5)
		}
	}
	path := filepath.Join(dir, "data", "annotations", "zz-late.csv")
	defer os.Remove(path)
	var log bytes.Buffer
	opt := Options{Source: dir, Log: &log}
	s := NewSession("")
	prev, _, err := s.Site(opt)
	if err != nil {
		b.Fatal(err)
	}
	heapProfile(b, "first")
	defer func() {
		heapProfile(b, "rebuilds")
		runtime.KeepAlive(s) // the session, as serve keeps it
	}()
	if f := os.Getenv("EVALBOOK_CPUPROFILE"); f != "" {
		stop := profile(b, f)
		defer stop()
	}
	i, cpuSum := 0, time.Duration(0)
	defer func() { cputime.ReportPerOp(b, cpuSum, i) }()
	for b.Loop() {
		b.StopTimer()
		if i%2 == 0 {
			err = os.WriteFile(path, late.Bytes(), 0o644)
		} else {
			err = os.Remove(path)
		}
		if err != nil {
			b.Fatal(err)
		}
		log.Reset()
		b.StartTimer()
		t0, c0 := time.Now(), cputime.Process()
		site, _, err := s.SiteParts(opt) // as serve asks for it
		if err != nil {
			b.Fatal(err)
		}
		wall, cpu := time.Since(t0), cputime.Process()-c0
		b.StopTimer()
		files := site.Whole()
		cpuSum += cpu
		// Pages rendered whose bytes did not change but for the site header
		// (which counts the alerts): what narrower Deps could have spared.
		var same []string
		for _, p := range s.Stats().Pages.Paths {
			if bytes.Equal(withoutNav(files[p]), withoutNav(prev[p])) {
				same = append(same, p)
			}
		}
		prev = files
		b.Logf("%s: wall %v, cpu %v: %s\n%s\nrendered by folder: %s\nrendered, bytes unchanged: %s", map[bool]string{true: "added", false: "removed"}[i%2 == 0], wall.Round(time.Millisecond), cpu.Round(time.Millisecond), s.Stats(), log.String(),
			byFolder(s.Stats().Pages.Paths), byFolder(same))
		i++
		b.StartTimer()
	}
}

// withoutNav returns page b without its site header (<header
// class="site">...</header>), which holds the nav.
func withoutNav(b []byte) []byte {
	i := bytes.Index(b, []byte(`<header class="site">`))
	j := bytes.Index(b, []byte("</header>"))
	if i < 0 || j < i {
		return b
	}
	return slices.Concat(b[:i], b[j:])
}

// byFolder counts site paths by their first folder ("." for the root's
// pages), sorted, naming the pages of folders with at most three.
func byFolder(paths []string) string {
	by := map[string][]string{}
	for _, p := range paths {
		f := "."
		if i := strings.IndexByte(p, '/'); i >= 0 {
			f = p[:i]
		}
		by[f] = append(by[f], p)
	}
	var out []string
	for _, f := range slices.Sorted(maps.Keys(by)) {
		if len(by[f]) <= 3 {
			out = append(out, fmt.Sprintf("%s %v", f, by[f]))
			continue
		}
		out = append(out, fmt.Sprintf("%s %d", f, len(by[f])))
	}
	return strings.Join(out, "; ")
}

// profile writes a CPU profile to the file f from now until the returned
// function is called: the live benchmarks set $EVALBOOK_CPUPROFILE to
// profile the rebuilds alone, not the first build.
func profile(b *testing.B, f string) func() {
	out, err := os.Create(f)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(out); err != nil {
		b.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		out.Close()
	}
}
