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
//
// When the floor is the limit (factor times the live heap is less), the
// stage also turns the collector's percentage off (floorPacing), so that
// it collects only as the heap nears the floor, not at each doubling
// below it: the knowledge base's render starts with 45 MB live and
// collected at 90, 120 and 153 MB (five times in all), under the floor
// three times. A GOGC set by the user is kept. The collection that
// measures the live heap is left out when factor times the heap's objects,
// garbage included, is within the floor: the limit is the floor whatever
// is live (the knowledge base's build collected so at the start of the
// analyses and of the render, 25 and 53 MB of objects).
func stageLimit(factor float64) (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	if factor*float64(heapObjects()) <= stageLimitFloor {
		// Even were all of the heap live, the floor would be the limit:
		// no need to collect to measure it.
		return floorPacing()
	}
	limit := max(stageLimitFloor, int64(factor*float64(liveHeap())))
	if limit == stageLimitFloor {
		return floorPacing()
	}
	prev := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(prev) }
}

// floorPacing sets the soft memory limit to stageLimitFloor and, unless
// the user set GOGC, turns the collector's percentage off, so that the
// heap is collected only as it nears the floor; it returns what restores
// the limit and percentage before. The floor bounds the heap as before
// (peak resident memory of the knowledge base's build: 200 MB, against
// 190 MB at the default percentage); the collector runs fewer times, each
// marking no more than it did (what is live), which saves the marking of
// the collections left out: 7 collections instead of 18 for the
// knowledge base, about 6 % of the build's CPU time (BENCHMARKS.md,
// branch kbrend).
func floorPacing() (restore func()) {
	prevLimit := debug.SetMemoryLimit(stageLimitFloor)
	if os.Getenv("GOGC") != "" {
		return func() { debug.SetMemoryLimit(prevLimit) }
	}
	prevPercent := debug.SetGCPercent(-1)
	return func() {
		debug.SetGCPercent(prevPercent)
		debug.SetMemoryLimit(prevLimit)
	}
}

// heapObjects returns the bytes of the heap's objects, live or not yet
// swept: at least what is live.
func heapObjects() uint64 {
	objects := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(objects)
	return objects[0].Value.Uint64()
}

// liveHeap collects and returns the heap live after the collection.
func liveHeap() uint64 {
	runtime.GC()
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	return live[0].Value.Uint64()
}

// A one-off build reads a small project (data files of fewer than
// smallData bytes) under floorPacing: its heap grows from nothing to the
// project's size during the read (44 MB live at the end for issue 12's
// knowledge base: 8 MB of data, 5,000 case studies), and at the default
// percentage the collector runs at each doubling, 16 times, marking about
// 250 MB in all; under the floor it runs not at all or a few times. When
// the user set GOMEMLIMIT (so the floor is not the limit), the read runs
// at readPercent instead of the default 100, which halves the collections.
// A project of more data is read at the default, so that its read (411 MB
// live at the end of 10,000,000 ratings) does not peak higher.
const (
	readPercent = 200
	smallData   = 64 << 20
)

// readGC sets the collector's pacing for the read of a project whose data
// files hold dataBytes, and returns what restores the one before. A GOGC
// set by the user is kept, as is the default for a project of smallData
// bytes or more.
func readGC(dataBytes int64) (restore func()) {
	if os.Getenv("GOGC") != "" || dataBytes >= smallData {
		return func() {}
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		return floorPacing()
	}
	prev := debug.SetGCPercent(readPercent)
	return func() { debug.SetGCPercent(prev) }
}
