package build

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
)

// stageLimitFloor is the least soft memory limit stageLimit sets: issue
// 12's knowledge base (5,000 case studies and the benchmark corpus) peaks
// near 170 MiB of heap under the collector's default pacing and stays
// well within this limit with it.
const stageLimitFloor = 180 << 20

// stageLimit sets a soft memory limit for one stage of a one-off build (the
// analyses, the render) and returns what restores the one before. The limit
// is twice the heap live when the stage starts, the collector's own goal
// for that heap, and at least stageLimitFloor. Without it the peak swings
// from run to run: the collector lets the heap grow to twice what is live,
// whatever is allocated while it marks comes on top, and freed memory is
// returned to the system slowly. At 10,000,000 ratings the analyses'
// resident memory went to 1.6-1.8 GB in some runs with a heap of 1.1-1.4
// GB (units of six analyses side by side), and stays near 1.15 GB under
// the limit; the knowledge base's render (memos, pages, the search index
// and the API side by side) stays near 200 MB, against 245-265 MB under
// a limit of three times the live heap. A stage that keeps much more than
// that live collects more often, as it would under the default pacing
// with a smaller heap, not without pause. A GOMEMLIMIT set by the user is
// kept.
func stageLimit() (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	limit := max(stageLimitFloor, 2*live[0].Value.Uint64())
	prev := debug.SetMemoryLimit(int64(limit))
	return func() { debug.SetMemoryLimit(prev) }
}
