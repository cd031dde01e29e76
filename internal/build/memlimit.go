package build

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// stageLimitFloor is the least soft memory limit stageLimit sets: issue
// 12's knowledge base (5,000 case studies and the benchmark corpus) peaks
// near 170 MiB of heap under the collector's default pacing and stays
// well within this limit with it.
const stageLimitFloor = 180 << 20

// Stage limits, as multiples of the heap live when the stage starts (the
// collector's own goal is twice it). The analyses form working sets (units,
// consensus sides, sorted columns) near the size of the columns they read,
// side by side: at 10,000,000 ratings 411 MB live after the read, 700 MB
// at times, under a limit of 1.23 GB. The render's grow the live heap by a
// fifth (431 to 520-530 MB): under 1.5 times it collected 28 times, about
// 0.2 s of CPU each, where twice it leaves room for a few; the benchmark
// corpus's render, whose heap is below stageLimitFloor, is the same under
// both.
const (
	analysesLimit = 3.0
	renderLimit   = 2.0
)

// stageLimit sets a soft memory limit for one stage of a one-off build (the
// analyses, the render) and returns what restores the one before. The limit
// is factor times the heap live when the stage starts, and at least
// stageLimitFloor. The live heap is measured afresh: stageLimit collects
// first (runtime.GC), for the runtime's figure is that of the last
// collection, which may have run long before the stage (in the middle of
// the read, with its garbage counted live, or before the project was
// built). Without a limit the peak swings from run to run: the collector
// lets the heap grow to twice what is live, whatever is allocated while it
// marks comes on top, and freed memory is returned to the system slowly. A
// stage that keeps much more than that live collects more often, as it
// would under the default pacing with a smaller heap, not without pause. A
// GOMEMLIMIT set by the user is kept.
func stageLimit(factor float64) (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	limit := max(stageLimitFloor, int64(factor*float64(liveHeap())))
	prev := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(prev) }
}

// liveHeap collects and returns the heap live after the collection.
func liveHeap() uint64 {
	runtime.GC()
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	return live[0].Value.Uint64()
}

// A one-off build reads a small project (data files of fewer than
// smallData bytes) with the collector's percentage at readPercent instead
// of the default 100: its heap grows from nothing to the project's size
// during the read, and at 100 the collector runs at each doubling, 16
// times for issue 12's knowledge base (8 MB of data, 5,000 case studies,
// 44 MB live at the end), marking about 250 MB in all; at 200 it runs 8
// times, marking about half that, and the build's peak (in the analyses
// or the render, each under stageLimit) is the same, 200 MB resident. A
// project of more data is read at the default, so that its read (411 MB
// live at the end of 10,000,000 ratings) does not peak higher.
const (
	readPercent = 200
	smallData   = 64 << 20
)

// readGC sets the collector's percentage for the read of a project whose
// data files hold dataBytes, and returns what restores the one before. A
// GOGC set by the user is kept, as is the default for a project of
// smallData bytes or more.
func readGC(dataBytes int64) (restore func()) {
	if os.Getenv("GOGC") != "" || dataBytes >= smallData {
		return func() {}
	}
	prev := debug.SetGCPercent(readPercent)
	return func() { debug.SetGCPercent(prev) }
}
