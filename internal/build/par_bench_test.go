package build

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/evalbook/evalbook/internal/synth"
)

// BenchmarkBuildParallelism builds the corpus EVALBOOK_KB names (or the
// benchmark corpus, synth.Bench, without it) and reports, per stage of the
// build (the stage ends with its log line: read, analysed, rendered), how
// long it took and the share of that time in which the build had fewer
// goroutines running, runnable or in a system call than GOMAXPROCS, sampled every 2 ms: the
// time a core had no work from the build, whatever else the machine runs
// (a goroutine waiting for a busy core still counts as runnable).
func BenchmarkBuildParallelism(b *testing.B) {
	proj := os.Getenv("EVALBOOK_KB")
	if proj == "" {
		proj = b.TempDir()
		if err := synth.Write(proj, synth.Bench()); err != nil {
			b.Fatal(err)
		}
	}
	out := filepath.Join(b.TempDir(), "site")
	for b.Loop() {
		log := &stageLog{start: time.Now()}
		stop := log.sample()
		if _, err := Build(Options{Source: proj, Output: out, Log: log}); err != nil {
			b.Fatal(err)
		}
		stop()
		b.Log(log.String())
	}
}

// stageLog takes a build's log lines as stage ends and samples the
// goroutines' demand for cores in between.
type stageLog struct {
	mu      sync.Mutex
	start   time.Time
	ends    []time.Time
	names   []string
	samples []demand
}

type demand struct {
	at     time.Time
	n, max uint64 // running + runnable, GOMAXPROCS
}

func (l *stageLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ends = append(l.ends, time.Now())
	name, _, _ := strings.Cut(strings.TrimSpace(string(p)), " ")
	l.names = append(l.names, name)
	return len(p), nil
}

func (l *stageLog) sample() (stop func()) {
	done, finished := make(chan struct{}), make(chan struct{})
	s := []metrics.Sample{{Name: "/sched/goroutines/running:goroutines"}, {Name: "/sched/goroutines/runnable:goroutines"}, {Name: "/sched/gomaxprocs:threads"}, {Name: "/sched/goroutines/not-in-go:goroutines"}}
	go func() {
		defer close(finished)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				metrics.Read(s)
				// This goroutine is one of the running ones.
				n := s[0].Value.Uint64() + s[1].Value.Uint64() + s[3].Value.Uint64() - 1
				l.mu.Lock()
				l.samples = append(l.samples, demand{at: now, n: n, max: s[2].Value.Uint64()})
				l.mu.Unlock()
			}
		}
	}()
	return func() { close(done); <-finished }
}

func (l *stageLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	from := l.start
	for i, end := range l.ends {
		total, short, idle := 0, 0, 0
		for _, s := range l.samples {
			if s.at.Before(from) || !s.at.Before(end) {
				continue
			}
			total++
			if s.n < s.max {
				short++
			}
			if s.n == 0 {
				idle++
			}
		}
		if total == 0 {
			total = 1
		}
		fmt.Fprintf(&b, "\n%-10s %7.0f ms, fewer than GOMAXPROCS runnable %3.0f%%, none %3.0f%%", l.names[i], float64(end.Sub(from).Microseconds())/1000, 100*float64(short)/float64(total), 100*float64(idle)/float64(total))
		from = end
	}
	return b.String()
}
