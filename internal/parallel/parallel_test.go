package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// TestFor checks that every index is called exactly once, for no units,
// one, fewer than the workers and many, on one worker and on several.
func TestFor(t *testing.T) {
	for _, procs := range []int{1, 4} {
		old := runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 3, 1000} {
			calls := make([]atomic.Int32, n)
			For(n, func(i int) { calls[i].Add(1) })
			for i := range calls {
				if c := calls[i].Load(); c != 1 {
					t.Errorf("GOMAXPROCS %d, n %d: index %d called %d times, want 1", procs, n, i, c)
				}
			}
		}
		runtime.GOMAXPROCS(old)
	}
}

// TestForBounded checks that no more than GOMAXPROCS calls run at once.
func TestForBounded(t *testing.T) {
	old := runtime.GOMAXPROCS(3)
	defer runtime.GOMAXPROCS(old)
	var running, most atomic.Int32
	For(200, func(int) {
		r := running.Add(1)
		for {
			m := most.Load()
			if r <= m || most.CompareAndSwap(m, r) {
				break
			}
		}
		runtime.Gosched()
		running.Add(-1)
	})
	if m := most.Load(); m > 3 || m < 1 {
		t.Errorf("at most %d calls at once, want 1 to 3", m)
	}
}
