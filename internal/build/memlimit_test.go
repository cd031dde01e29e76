package build

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestStageLimit checks that stageLimit sets a limit of at least
// stageLimitFloor, that its restore puts back the limit before, and that
// it leaves a GOMEMLIMIT set by the user alone.
func TestStageLimit(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetMemoryLimit(-1)
	restore := stageLimit()
	if got := debug.SetMemoryLimit(-1); got < stageLimitFloor || got == math.MaxInt64 {
		t.Errorf("limit during a stage = %d, want at least %d", got, stageLimitFloor)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after restore = %d, want %d", got, before)
	}

	t.Setenv("GOMEMLIMIT", "1GiB")
	restore = stageLimit()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("with GOMEMLIMIT set, limit = %d, want it unchanged (%d)", got, before)
	}
	restore()
}
