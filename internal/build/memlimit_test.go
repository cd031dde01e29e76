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

// TestReadGC checks that readGC raises the collector's percentage for a
// small project only, that its restore puts back the one before, and that
// it leaves a GOGC set by the user alone.
func TestReadGC(t *testing.T) {
	t.Setenv("GOGC", "")
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	for _, c := range []struct {
		data int64
		want int
	}{{0, readPercent}, {smallData - 1, readPercent}, {smallData, 100}, {10 * smallData, 100}} {
		restore := readGC(c.data)
		if got := debug.SetGCPercent(-1); got != c.want {
			t.Errorf("%d bytes of data: percentage %d during the read, want %d", c.data, got, c.want)
		}
		debug.SetGCPercent(c.want) // as readGC left it
		restore()
		if got := debug.SetGCPercent(100); got != 100 {
			t.Errorf("%d bytes of data: percentage %d after restore, want 100", c.data, got)
		}
	}
	t.Setenv("GOGC", "300")
	restore := readGC(0)
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, percentage %d, want it unchanged (100)", got)
	}
	restore()
}
