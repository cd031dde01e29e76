package build

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

// TestStageLimit checks that stageLimit sets a limit of at least
// stageLimitFloor, that its restore puts back the limit before, and that
// it leaves a GOMEMLIMIT set by the user alone.
func TestStageLimit(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetMemoryLimit(-1)
	restore := stageLimit(renderLimit)
	if got := debug.SetMemoryLimit(-1); got < stageLimitFloor || got == math.MaxInt64 {
		t.Errorf("limit during a stage = %d, want at least %d", got, stageLimitFloor)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after restore = %d, want %d", got, before)
	}

	t.Setenv("GOMEMLIMIT", "1GiB")
	restore = stageLimit(analysesLimit)
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("with GOMEMLIMIT set, limit = %d, want it unchanged (%d)", got, before)
	}
	restore()
}

// sink keeps an allocation reachable from where the compiler cannot see.
var sink [][]byte

// TestStageLimitMeasuresAfresh checks that the limit follows the heap
// live when the stage starts, not the runtime's figure from the last
// collection: a collection while 512 MiB are live, then dropping them,
// leaves that figure at 512 MiB or more until the next collection.
func TestStageLimitMeasuresAfresh(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates 512 MiB")
	}
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)
	const big = 512 << 20
	sink = make([][]byte, 64)
	for i := range sink {
		sink[i] = make([]byte, big/len(sink))
		for j := 0; j < len(sink[i]); j += 4096 {
			sink[i][j] = 1 // touch the pages
		}
	}
	runtime.GC() // the runtime now counts the 512 MiB live
	sink = nil   // and they are garbage

	const factor = 2.0
	restore := stageLimit(factor)
	got := debug.SetMemoryLimit(-1)
	restore()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	// The live heap is now the test binary's own, a few MiB: far below
	// what was dropped.
	if got >= big {
		t.Fatalf("limit = %d MiB, want it to reflect the live heap, not the %d MiB dropped", got>>20, big>>20)
	}
	if got != stageLimitFloor && float64(got) > factor*float64(ms.HeapAlloc)+(64<<20) {
		t.Errorf("limit = %d MiB, want %v times the live heap (%d MiB in use)", got>>20, factor, ms.HeapAlloc>>20)
	}
	// With more live than the floor, the limit is factor times that.
	keep := make([]byte, 256<<20)
	for j := 0; j < len(keep); j += 4096 {
		keep[j] = 1
	}
	restore = stageLimit(factor)
	got = debug.SetMemoryLimit(-1)
	restore()
	runtime.KeepAlive(keep)
	if lo, hi := int64(factor*float64(len(keep))), int64(factor*float64(len(keep)+(64<<20))); got < lo || got > hi {
		t.Errorf("with 256 MiB live, limit = %d MiB, want %d to %d MiB", got>>20, lo>>20, hi>>20)
	}
}

// TestReadGC checks that readGC paces a small project's read by the floor
// (limit stageLimitFloor, percentage off), or at readPercent when the user
// set GOMEMLIMIT, and a project of smallData bytes or more at the default;
// that its restore puts back the limit and percentage before; and that it
// leaves a GOGC set by the user alone.
func TestReadGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	beforeLimit := debug.SetMemoryLimit(-1)
	for _, c := range []struct {
		memLimit string // GOMEMLIMIT
		data     int64
		percent  int
		limit    int64
	}{
		{"", 0, -1, stageLimitFloor},
		{"", smallData - 1, -1, stageLimitFloor},
		{"", smallData, 100, beforeLimit},
		{"", 10 * smallData, 100, beforeLimit},
		{"1GiB", 0, readPercent, beforeLimit},
		{"1GiB", smallData, 100, beforeLimit},
	} {
		t.Setenv("GOMEMLIMIT", c.memLimit)
		restore := readGC(c.data)
		got := debug.SetGCPercent(-1)
		debug.SetGCPercent(got)
		if got != c.percent {
			t.Errorf("GOMEMLIMIT=%q, %d bytes of data: percentage %d during the read, want %d", c.memLimit, c.data, got, c.percent)
		}
		if got := debug.SetMemoryLimit(-1); got != c.limit {
			t.Errorf("GOMEMLIMIT=%q, %d bytes of data: limit %d during the read, want %d", c.memLimit, c.data, got, c.limit)
		}
		restore()
		if got := debug.SetGCPercent(100); got != 100 {
			t.Errorf("GOMEMLIMIT=%q, %d bytes of data: percentage %d after restore, want 100", c.memLimit, c.data, got)
		}
		if got := debug.SetMemoryLimit(-1); got != beforeLimit {
			t.Errorf("GOMEMLIMIT=%q, %d bytes of data: limit %d after restore, want %d", c.memLimit, c.data, got, beforeLimit)
		}
	}
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "300")
	restore := readGC(0)
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, percentage %d, want it unchanged (100)", got)
	}
	if got := debug.SetMemoryLimit(-1); got != beforeLimit {
		t.Errorf("with GOGC set, limit %d, want it unchanged (%d)", got, beforeLimit)
	}
	restore()
}

// TestStageLimitFloorPacing checks that a stage whose limit is the floor
// (the test binary's heap is far below it) turns the collector's
// percentage off until restored, without collecting to measure the live
// heap, and leaves a GOGC set by the user alone.
func TestStageLimitFloorPacing(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	collections := ms.NumGC
	restore := stageLimit(renderLimit)
	got := debug.SetGCPercent(-1)
	debug.SetGCPercent(got)
	limit := debug.SetMemoryLimit(-1)
	runtime.ReadMemStats(&ms)
	restore()
	if ms.NumGC != collections {
		t.Errorf("stageLimit collected %d times with a heap far below the floor, want none", ms.NumGC-collections)
	}
	if got != -1 || limit != stageLimitFloor {
		t.Errorf("during a stage under the floor: percentage %d, limit %d; want -1 and %d", got, limit, stageLimitFloor)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("percentage %d after restore, want 100", got)
	}

	t.Setenv("GOGC", "300")
	restore = stageLimit(renderLimit)
	got = debug.SetGCPercent(100)
	restore()
	if got != 100 {
		t.Errorf("with GOGC set, percentage %d during a stage, want it unchanged (100)", got)
	}
}
