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
// run. The limit makes it collect sooner near that peak. It is twice the
// heap live after the analyses, the collector's own goal for that heap
// (at least renderLimitFloor): the render's memos and the pages, the search
// index and the API made side by side grow what is live, and a looser
// limit (three times, until the search index and the API were made beside
// the pages) let the knowledge base's peak drift back to 250 MB. A site
// whose render keeps much more than that live collects more often, as it
// would under the default pacing with a smaller heap, not without pause.
// A GOMEMLIMIT set by the user is kept.
func renderLimit() (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	limit := max(renderLimitFloor, 2*live[0].Value.Uint64())
	prev := debug.SetMemoryLimit(int64(limit))
	return func() { debug.SetMemoryLimit(prev) }
}
