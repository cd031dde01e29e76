package build

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
)

// renderLimitFloor is the least soft memory limit renderLimit sets: issue
// 12's knowledge base (5,000 case studies and the benchmark corpus) peaks
// near 170 MiB of heap under the collector's default pacing and stays
// well within this limit with it.
const renderLimitFloor = 180 << 20

// renderLimit sets a soft memory limit for a build's render and returns
// what restores the one before. The render's heap is largest at its start,
// when its memos are built (search entries, page views): the collector lets
// the heap grow to twice what is live, and whatever is allocated while it
// marks comes on top, so the peak swings by tens of megabytes from run to
// run. The limit makes it collect sooner near that peak. It is three times
// the heap live after the analyses (at least renderLimitFloor), so a site
// whose render needs more than that still gets at least half again its
// live heap before each collection rather than collecting without pause.
// A GOMEMLIMIT set by the user is kept.
func renderLimit() (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	limit := max(renderLimitFloor, 3*live[0].Value.Uint64())
	prev := debug.SetMemoryLimit(int64(limit))
	return func() { debug.SetMemoryLimit(prev) }
}
