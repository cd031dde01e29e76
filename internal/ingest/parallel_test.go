package ingest

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestParallel checks that parallel runs every job once, on as many
// goroutines as asked and no more: the first n jobs of each case wait
// until n jobs run at once, which a pool of fewer never reaches (the
// wait gives up after a minute so that such a pool fails, not hangs).
func TestParallel(t *testing.T) {
	tests := []struct {
		name     string
		n, jobs  int
		together int // the jobs that must run at once
	}{
		{"three of ten", 3, 10, 3},
		{"one", 1, 5, 1},
		{"none asked is one", 0, 4, 1},
		{"more workers than jobs", 8, 2, 2},
		{"no jobs", 4, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var running, most atomic.Int64
			var started sync.WaitGroup
			started.Add(tt.together)
			all := make(chan struct{})
			go func() { started.Wait(); close(all) }()
			runs := make([]atomic.Int64, tt.jobs)
			var stuck atomic.Bool
			jobs := make([]func(), tt.jobs)
			for i := range jobs {
				jobs[i] = func() {
					now := running.Add(1)
					defer running.Add(-1)
					for m := most.Load(); now > m && !most.CompareAndSwap(m, now); m = most.Load() {
					}
					runs[i].Add(1)
					if i < tt.together {
						started.Done()
						select {
						case <-all:
						case <-time.After(time.Minute):
							stuck.Store(true)
						}
					}
				}
			}
			parallel(tt.n, jobs)
			if stuck.Load() {
				t.Fatalf("%d jobs never ran at once", tt.together)
			}
			if want := int64(max(tt.n, 1)); most.Load() > want {
				t.Errorf("%d jobs ran at once; want at most %d", most.Load(), want)
			}
			for i := range runs {
				if n := runs[i].Load(); n != 1 {
					t.Errorf("job %d ran %d times", i, n)
				}
			}
		})
	}
}
