package build

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestRenderLimit checks that renderLimit sets a limit of at least
// renderLimitFloor, that its restore puts back the limit before, and that
// it leaves a GOMEMLIMIT set by the user alone.
func TestRenderLimit(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetMemoryLimit(-1)
	restore := renderLimit()
	if got := debug.SetMemoryLimit(-1); got < renderLimitFloor || got == math.MaxInt64 {
		t.Errorf("limit during the render = %d, want at least %d", got, renderLimitFloor)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after restore = %d, want %d", got, before)
	}

	t.Setenv("GOMEMLIMIT", "1GiB")
	restore = renderLimit()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("with GOMEMLIMIT set, limit = %d, want it unchanged (%d)", got, before)
	}
	restore()
}
