// Package parallel runs independent units of work on a bounded pool of
// goroutines. Callers store each unit's result by its index, never in the
// order units finish, and seed any random stream per unit, so a result does
// not depend on how the units were scheduled.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(0) ... f(n-1) on up to GOMAXPROCS goroutines: ForN with
// GOMAXPROCS workers.
func For(n int, f func(i int)) { ForN(n, runtime.GOMAXPROCS(0), f) }

// ForN calls f(0) ... f(n-1) on up to workers goroutines, handing out the
// indexes in ascending order (so put the longest units first), and returns
// when every call has returned. With one worker or one unit it calls them
// in order on the calling goroutine.
func ForN(n, workers int, f func(i int)) {
	workers = min(n, workers)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(i)
			}
		})
	}
	wg.Wait()
}
